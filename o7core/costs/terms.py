"""Terms (Laufzeiten): the first contract year per term by the BA rule, and the whole term with a yearly
price escalation and a BG forecast (``docs/kosten.md``); unit costs (€ per conversation, € per BG)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..errors import O7InputError, Problem
from ..model import CostLine, Plan, PriceSheet
from ..scenario import Scenario, plan_scenario
from .inputs import HUNDRED, ZERO, require_bg, require_prices, to_decimal
from .rule import first_year_costs, round_cent


@dataclass(frozen=True, slots=True)
class YearCost:
    """Costs of one contract year of a term (``year`` 1 = first contract year)."""

    year: int
    contract_year: int  # calendar year of the contract year, e.g. 2024 for year 2 of a 2023 contract
    bg_count: int
    base_per_bg: Decimal  # € per BG and year in this year (escalated, to the cent)
    per_hour: Decimal  # € per productive hour in this year (escalated, to the cent)
    base_price: Decimal
    volume_price: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class TermCost:
    """One contract term: the first year (BA rule), every year and the whole term, in €."""

    term_years: int
    first_year: CostLine
    years: tuple[YearCost, ...]
    whole_term: Decimal
    per_conversation: Decimal | None  # first-year total / annualised required conversations
    per_bg: Decimal  # first-year total / BG of the contract year

    @property
    def average_per_year(self) -> Decimal:
        """Whole term / years, to the cent."""
        return round_cent(self.whole_term / self.term_years)


def escalated_prices(
    base_per_bg: Decimal, per_hour: Decimal, years: int, escalation_percent: Decimal
) -> list[tuple[Decimal, Decimal]]:
    """Rates of contract years 1…``years``: year 1 as the price sheet, each later year the rates of the
    year before times ``1 + e/100``, rounded half-up to the cent (Preisgleitung, compounding)."""
    factor = 1 + escalation_percent / HUNDRED
    out = [(base_per_bg, per_hour)]
    for _ in range(1, years):
        prev_base, prev_hour = out[-1]
        out.append((round_cent(prev_base * factor), round_cent(prev_hour * factor)))
    return out


def _bg_by_year(bg_count: int, bg_forecast: Sequence[int | None], years: int) -> list[int]:
    """BG of contract years 1…``years``: year 1 the contract year's BG, later years the forecast
    (``bg_forecast[0]`` is year 2); a missing entry keeps the BG of the year before."""
    out = [bg_count]
    for index in range(1, years):
        value = bg_forecast[index - 1] if index - 1 < len(bg_forecast) else None
        out.append(out[-1] if value is None else value)
    return out


def validate_term_options(escalation_percent: Decimal, bg_forecast: Sequence[int | None]) -> list[Problem]:
    """Escalation between 0 and 50 % a year; forecast BG whole numbers > 0."""
    problems: list[Problem] = []
    if not ZERO <= escalation_percent <= 50:
        problems.append(
            Problem(
                "Die jährliche Preissteigerung muss zwischen 0 und 50 % liegen.",
                column="Preissteigerung je Jahr (%)",
                value=str(escalation_percent),
                expected="Prozentwert von 0 bis 50, z. B. 2,5",
            )
        )
    for index, bg in enumerate(bg_forecast):
        if bg is not None and (bg <= 0 or bg != int(bg)):
            problems.append(
                Problem(
                    f"Die BG-Prognose für das {index + 2}. Vertragsjahr muss eine ganze Zahl größer als 0 sein.",
                    column=f"BG im {index + 2}. Vertragsjahr",
                    value=str(bg),
                    expected="ganze Zahl > 0, oder leer für „wie im Vorjahr“",
                )
            )
    return problems


def term_costs(
    hours_rounded: Decimal,
    bg_count: int | None,
    prices: PriceSheet,
    *,
    conversations_per_year: float | None = None,
    escalation_percent: Decimal | float | str = ZERO,
    bg_forecast: Sequence[int | None] = (),
) -> tuple[TermCost, ...]:
    """Costs of every term of the price sheet, shortest term first.

    ``hours_rounded``: productive hours per year, already rounded to 0.1 h (the Anlage's total).
    ``bg_count``: BG of the contract year. ``conversations_per_year``: annualised required
    conversations for € per conversation. ``escalation_percent``: yearly price escalation in %
    from the second contract year. ``bg_forecast``: BG of contract years 2, 3 (``None`` = as the
    year before). The first year always equals :func:`o7core.costs.first_year_costs`.
    """
    bg = require_bg(bg_count)
    require_prices(prices)
    escalation = to_decimal(escalation_percent, "Preissteigerung je Jahr (%)", "Die Preissteigerung")
    problems = validate_term_options(escalation, bg_forecast)
    if problems:
        raise O7InputError(problems)
    first = {line.term_years: line for line in first_year_costs(hours_rounded, bg, prices)}
    out = []
    for term in sorted(prices.terms):
        price = prices.terms[term]
        rates = escalated_prices(price.base_per_bg, price.per_hour, term, escalation)
        bgs = _bg_by_year(bg, bg_forecast, term)
        years = []
        for index, ((base_rate, hour_rate), bg_year) in enumerate(zip(rates, bgs, strict=True)):
            base = round_cent(Decimal(bg_year) * base_rate)
            volume = round_cent(hours_rounded * hour_rate)
            years.append(
                YearCost(
                    year=index + 1,
                    contract_year=prices.contract_year + index,
                    bg_count=bg_year,
                    base_per_bg=base_rate,
                    per_hour=hour_rate,
                    base_price=base,
                    volume_price=volume,
                    total=base + volume,
                )
            )
        line = first[term]
        per_conv = (
            round_cent(line.total / Decimal(repr(float(conversations_per_year))))
            if conversations_per_year is not None and conversations_per_year > 0
            else None
        )
        out.append(
            TermCost(
                term_years=term,
                first_year=line,
                years=tuple(years),
                whole_term=sum((y.total for y in years), ZERO),
                per_conversation=per_conv,
                per_bg=round_cent(line.total / bg),
            )
        )
    return tuple(out)


def annual_conversations(plan: Plan) -> float:
    """Required conversations per year: ``Σrequired · k`` (annualised like the Baustein hours)."""
    return plan.totals.required_conversations * plan.totals.annualization_factor


def fte_total(plan: Plan, productive_hours_per_fte: float) -> float:
    """VZA of all chosen Bausteine: Σ annualised hours / productive hours per VZA."""
    hours = sum(b.hours_annualized or 0.0 for b in plan.bausteine if b.chosen)
    return hours / productive_hours_per_fte


def scenario_term_costs(
    scenario: Scenario,
    plan: Plan | None = None,
    *,
    escalation_percent: Decimal | float | str = ZERO,
    bg_forecast: Sequence[int | None] = (),
) -> tuple[TermCost, ...]:
    """:func:`term_costs` for a scenario (its plan's rounded hours, BG and price sheet)."""
    plan = plan if plan is not None else plan_scenario(scenario)
    return term_costs(
        plan.hours_total_rounded,
        scenario.bg_for_costs,
        scenario.prices,
        conversations_per_year=annual_conversations(plan),
        escalation_percent=escalation_percent,
        bg_forecast=bg_forecast,
    )
