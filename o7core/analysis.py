"""Cost analysis on top of the planning model and the BA cost rule (Kostenbetrachtung).

Everything here builds on :mod:`o7core.costs` (the first-year rule of ``PLANNING_MODEL.md``) and
:mod:`o7core.planning`; it never changes those rules. Money is ``Decimal``, rounded half-up to the
cent; all results are frozen dataclasses. The rules are written down in ``docs/kosten.md``:

* **Terms** (:func:`term_costs`): the first contract year per term ``T`` by the BA rule, and the
  whole term. Without escalation and BG forecast the whole term is ``total · T``. With a yearly
  price escalation ``e`` (percent) both rates of year ``y ≥ 2`` are the previous year's rates
  times ``1 + e/100``, rounded half-up to the cent before use; with a BG forecast, year ``y``
  uses its own BG (a missing year keeps the BG of the year before). Each year's costs follow
  the first-year rule (base and volume price each rounded to the cent); the term is their sum.
  The hours are the same every year: the agreement fixes them for the whole term.
* **Unit costs**: € per conversation = first-year cost / annualised required conversations
  (``Σrequired · k``); € per BG = first-year cost / BG of the contract year.
* **Cost curve** (:func:`cost_curve`): the first-year cost of every term over the target
  reachability (default 30–100 % in 0.5-point steps), with the marginal € per point.
* **Budget** (:func:`reachability_for_budget`): the highest target reachability (to 0.01
  points) whose first-year cost for a term stays within an annual budget.
* **Scenarios** (:func:`compare_scenarios`): named scenarios side by side with deltas to a baseline.
* **In-house** (:func:`in_house_comparison`): the same productive hours done by the Jobcenter's
  own staff at a user-entered personnel cost rate.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal, InvalidOperation
from types import MappingProxyType

from .costs import CENT, first_year_costs, round_cent, round_hours
from .errors import O7InputError, Problem
from .model import CostLine, Plan, PriceSheet
from .scenario import Scenario, plan_scenario

#: Resolution of the target reachability: the curve and the budget answer use basis points
#: (1/10 000), so that every target is the exact float of its decimal form (0.555 == 5550/10000).
BASIS = 10_000
ZERO = Decimal(0)
HUNDRED = Decimal(100)

#: Service Center staff and the staffing ratio (seed 000: Leistungsbeschreibung O.7).
STAFFING_RATIO_NOTE = (
    "Beschäftigte des Service Centers sind kein Personal des Jobcenters: Sie zählen nicht bei der "
    "Berechnung der Betreuungsschlüssel nach § 44c SGB II und stehen weder im Stellenplan noch im "
    "Personalhaushalt des Jobcenters. Eigene Beschäftigte für die Telefonie zählen dagegen mit und "
    "brauchen Stellen im Stellenplan."
)


# --------------------------------------------------------------------------- helpers


def _to_decimal(value: Decimal | float | int | str, field: str, label: str) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            result = Decimal(repr(value) if isinstance(value, float) else str(value).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            raise O7InputError(
                Problem(f"{label} ist keine Zahl.", column=field, value=str(value), expected="Zahl wie 2,5")
            ) from None
    if not result.is_finite():
        raise O7InputError(Problem(f"{label} ist keine Zahl.", column=field, value=str(value), expected="Zahl"))
    return result


def _require_bg(bg_count: int | None, field: str = "bg_count_contract_year") -> int:
    if bg_count is None or bg_count <= 0:
        raise O7InputError(
            Problem(
                "Für die Kosten fehlt die Zahl der Bedarfsgemeinschaften (BG) im Vertragsjahr.",
                column=field,
                value=None if bg_count is None else str(bg_count),
                expected="ganze Zahl > 0",
            )
        )
    return bg_count


def _require_prices(prices: PriceSheet) -> None:
    if not prices.terms:
        raise O7InputError(
            Problem("Das Preisblatt enthält keine Laufzeit.", column="prices.terms", expected="Laufzeiten 1, 2, 3")
        )


def _percent_points(step: int) -> Decimal:
    """A step in basis points as percentage points (50 → 0.5)."""
    return Decimal(step) / Decimal(BASIS // 100)


# --------------------------------------------------------------------------- terms


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
    bg = _require_bg(bg_count)
    _require_prices(prices)
    escalation = _to_decimal(escalation_percent, "Preissteigerung je Jahr (%)", "Die Preissteigerung")
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


# --------------------------------------------------------------------------- hours as a function of the target


@dataclass(frozen=True, slots=True)
class HoursModel:
    """The plan's annual hours as a function of the target reachability alone.

    For a fixed scenario only ``Σrequired = Σ planned_m · t`` depends on the target: B1 + B4 are
    ``Σrequired · s/3600 · k`` split at the prior-year level ``P``, the volume Bausteine are fixed,
    and the capacity never enters the hours. This model repeats exactly the float operations of
    :func:`o7core.planning.compute_plan` (same products, same order of the sum), so that its rounded
    hours equal a full plan's to the last digit; tests check that at every point of the curve.
    """

    planned: tuple[float, ...]
    seconds_per_conversation: float  # s
    annualization_factor: float  # k
    productive_hours_per_fte: float
    prior: float | None  # P
    volume_hours: tuple[tuple[int, float], ...]  # chosen B3/B5/B6/B7: (number, annualised hours)

    @classmethod
    def from_plan(cls, scenario: Scenario, plan: Plan) -> HoursModel:
        p = scenario.parameters
        return cls(
            planned=tuple(m.planned_calls for m in plan.months),
            seconds_per_conversation=p.aht_seconds
            + p.callback_seconds_per_conversation
            + p.mail_seconds_per_conversation,
            annualization_factor=plan.totals.annualization_factor,
            productive_hours_per_fte=p.productive_hours_per_fte,
            prior=plan.totals.prior_year_conversations,
            volume_hours=tuple(
                (b.number, b.hours_annualized or 0.0) for b in plan.bausteine if b.number in (3, 5, 6, 7) and b.chosen
            ),
        )

    @property
    def hours_per_unit_target(self) -> float:
        """d hours / d t: annual hours per 1.0 of target reachability (``Σplanned · s/3600 · k``)."""
        return sum(self.planned) * self.seconds_per_conversation / 3600.0 * self.annualization_factor

    @property
    def fixed_hours(self) -> float:
        """Annual hours that do not depend on the target (volume Bausteine)."""
        return sum(h for _, h in self.volume_hours)

    def required(self, target: float) -> float:
        """``Σrequired`` at ``target``, summed as the plan sums it."""
        return sum([x * target for x in self.planned])

    def hours(self, target: float) -> float:
        """Σ annualised hours of the chosen Bausteine at ``target`` (unrounded)."""
        s, k = self.seconds_per_conversation, self.annualization_factor
        sum_required = self.required(target)
        prior = self.prior
        if prior is None or prior <= 0:
            b1_conv, b4_conv = sum_required, 0.0
        else:
            b1_conv, b4_conv = min(sum_required, prior), max(0.0, sum_required - prior)
        rows: dict[int, float] = {1: (b1_conv * s / 3600.0) * k}
        b4_hours = b4_conv * s / 3600.0
        if b4_hours > 0:
            rows[4] = b4_hours * k
        rows.update(self.volume_hours)
        # the built-in sum in Baustein order, as the plan sums them (Python ≥ 3.12 compensates float sums)
        return sum(rows[number] for number in sorted(rows))

    def hours_rounded(self, target: float) -> Decimal:
        return round_hours(self.hours(target))


# --------------------------------------------------------------------------- cost curve


@dataclass(frozen=True, slots=True)
class CurvePoint:
    """First-year costs at one target reachability; ``marginal`` € per further percentage point,
    per term, against the point one step below (aligned with ``costs``)."""

    target: float
    hours_rounded: Decimal
    fte: float  # VZA of all chosen Bausteine (unrounded hours / productive hours per VZA)
    costs: tuple[CostLine, ...]
    marginal: tuple[Decimal, ...]

    def total(self, term_years: int) -> Decimal:
        return next(c.total for c in self.costs if c.term_years == term_years)

    def marginal_for(self, term_years: int) -> Decimal:
        return next(m for c, m in zip(self.costs, self.marginal, strict=True) if c.term_years == term_years)


@dataclass(frozen=True, slots=True)
class CostCurve:
    """The curve "Kosten pro Jahr über der Ziel-Erreichbarkeit" and the scenario's own point."""

    points: tuple[CurvePoint, ...]
    current: CurvePoint  # at the scenario's target
    step_points: Decimal  # step of the curve in percentage points (0.5)
    hours_per_point: float  # smooth slope: annual hours per percentage point of target
    cost_per_point: Mapping[
        int, Decimal
    ]  # smooth slope in € per percentage point, per term (hours_per_point · € per hour)


def _point(model: HoursModel, bg: int, prices: PriceSheet, target: float, below: float) -> CurvePoint:
    """The point at ``target``; its marginal cost against ``below`` (< target), per percentage point."""
    hours = model.hours(target)
    rounded = round_hours(hours)
    costs = first_year_costs(rounded, bg, prices)
    previous = _costs_at(model, bg, prices, below)
    per_point = Decimal(repr(target)) * HUNDRED - Decimal(repr(below)) * HUNDRED
    marginal = tuple(round_cent((c.total - p.total) / per_point) for c, p in zip(costs, previous, strict=True))
    return CurvePoint(target, rounded, hours / model.productive_hours_per_fte, costs, marginal)


def _costs_at(model: HoursModel, bg: int, prices: PriceSheet, target: float) -> tuple[CostLine, ...]:
    return first_year_costs(model.hours_rounded(target), bg, prices)


def _basis_points(value: float, field: str) -> int:
    if not 0 < value <= 1:
        raise O7InputError(
            Problem(
                "Die Ziel-Erreichbarkeit muss größer als 0 % und höchstens 100 % sein.",
                column=field,
                value=f"{value:g}",
                expected="Anteil > 0 und ≤ 1",
            )
        )
    return round(value * BASIS)


def cost_curve(
    scenario: Scenario,
    plan: Plan | None = None,
    *,
    start: float = 0.30,
    stop: float = 1.00,
    step: float = 0.005,
) -> CostCurve:
    """First-year costs of every term for targets ``start``…``stop`` (fractions, both included).

    Targets are taken on a basis-point grid (``n / 10 000``), so 0.55 on the curve is the same
    float as 0.55 typed on the planning page. The marginal cost of a point is the cost difference
    to the target one step below, per percentage point (for 0.5-point steps: difference · 2).
    Costs equal a full :func:`o7core.scenario.plan_scenario` at each target to the cent.
    """
    plan = plan if plan is not None else plan_scenario(scenario)
    bg = _require_bg(scenario.bg_for_costs)
    _require_prices(scenario.prices)
    lo, hi = _basis_points(start, "Kurve von"), _basis_points(stop, "Kurve bis")
    st = round(step * BASIS)
    if st <= 0 or lo > hi:
        raise O7InputError(
            Problem(
                "Ungültiger Bereich der Kostenkurve.",
                column="Schrittweite",
                value=f"{step:g}",
                expected="Schritt > 0, von ≤ bis",
            )
        )
    model = HoursModel.from_plan(scenario, plan)
    prices = scenario.prices
    # the target one step below the first point may be 0 %: the hours model extends there
    points = tuple(_point(model, bg, prices, n / BASIS, max(n - st, 0) / BASIS) for n in range(lo, hi + 1, st))
    t_now = scenario.parameters.target_reachability
    current = _point(model, bg, prices, t_now, max(t_now - st / BASIS, 0.0))
    hours_per_point = model.hours_per_unit_target / 100.0
    hpp = Decimal(repr(hours_per_point))
    return CostCurve(
        points=points,
        current=current,
        step_points=_percent_points(st),
        hours_per_point=hours_per_point,
        cost_per_point=MappingProxyType({t: round_cent(hpp * p.per_hour) for t, p in sorted(prices.terms.items())}),
    )


# --------------------------------------------------------------------------- budget → reachability


@dataclass(frozen=True, slots=True)
class BudgetAnswer:
    """What an annual budget buys for one term.

    ``target``: the highest target reachability (to 0.01 points) whose first-year cost stays
    within the budget, ``None`` where the budget does not even cover the BG base price and the
    fixed Bausteine. ``capped`` is true where the budget buys 100 % and more.
    """

    budget: Decimal
    term_years: int
    target: float | None
    capped: bool
    cost: CostLine | None  # first-year cost at ``target``
    hours_rounded: Decimal | None
    fte: float | None  # VZA of all chosen Bausteine at ``target``
    possible_reachability: float | None  # the plan's reachability at ``target`` (capped months)
    remaining: Decimal | None  # budget − cost
    next_cost: Decimal | None  # first-year cost 0.01 points above ``target`` (> budget), None when capped
    minimum_cost: Decimal  # cost of the smallest target (0.01 %): below that nothing is bought


def reachability_for_budget(
    scenario: Scenario,
    budget: Decimal | float | int | str,
    term_years: int,
    plan: Plan | None = None,
) -> BudgetAnswer:
    """The highest target reachability an annual budget (first contract year, € incl. the BG
    base price) buys for ``term_years``.

    Solved on the piecewise structure of the cost: the BG base price is fixed; the volume price
    is ``round_cent(h · € per hour)`` with ``h`` on the 0.1-hour grid, so the largest affordable
    ``h`` is found first; hours are linear in the target (``t · Σplanned · s/3600 · k`` plus the
    fixed Bausteine), and ``round_hours`` stays at ``h`` while the unrounded hours are below
    ``h + 0.05``, which gives the target. The answer is then checked with the exact cost rule on
    the basis-point grid (and moved by a point where float rounding requires), so its cost is
    within the budget and the next basis point is not.
    """
    plan = plan if plan is not None else plan_scenario(scenario)
    bg = _require_bg(scenario.bg_for_costs)
    if term_years not in scenario.prices.terms:
        raise O7InputError(
            Problem(
                f"Für {term_years} Jahre Laufzeit enthält das Preisblatt keinen Preis.",
                column="Laufzeit",
                value=str(term_years),
                expected=", ".join(str(t) for t in sorted(scenario.prices.terms)) + " Jahre",
            )
        )
    money = _to_decimal(budget, "Budget je Jahr (€)", "Das Budget")
    if money < 0:
        raise O7InputError(
            Problem(
                "Das Budget darf nicht negativ sein.",
                column="Budget je Jahr (€)",
                value=str(budget),
                expected="Betrag ≥ 0 €",
            )
        )
    money = round_cent(money)
    price = scenario.prices.terms[term_years]
    model = HoursModel.from_plan(scenario, plan)
    prices = scenario.prices

    def cost(n: int) -> CostLine:
        return next(c for c in _costs_at(model, bg, prices, n / BASIS) if c.term_years == term_years)

    minimum = cost(1).total
    if minimum > money:
        return BudgetAnswer(money, term_years, None, False, None, None, None, None, None, None, minimum)
    if cost(BASIS).total <= money:
        n = BASIS
    else:
        n = _solve_budget(model, money - round_cent(Decimal(bg) * price.base_per_bg), price.per_hour)
        n = max(1, min(BASIS, n))
        while n > 1 and cost(n).total > money:
            n -= 1
        while n < BASIS and cost(n + 1).total <= money:
            n += 1
    # confirm with full plans: the answer's cost is a real plan's cost, and one basis point more is not affordable
    full = _plan_at(scenario, n)
    line = full.cost_for(term_years)
    while n > 1 and (line is None or line.total > money):
        n -= 1
        full = _plan_at(scenario, n)
        line = full.cost_for(term_years)
    assert line is not None
    nxt = None
    if n < BASIS:
        nxt_line = _plan_at(scenario, n + 1).cost_for(term_years)
        nxt = nxt_line.total if nxt_line is not None else None
    return BudgetAnswer(
        budget=money,
        term_years=term_years,
        target=n / BASIS,
        capped=n == BASIS,
        cost=line,
        hours_rounded=full.hours_total_rounded,
        fte=fte_total(full, scenario.parameters.productive_hours_per_fte),
        possible_reachability=full.totals.possible_reachability,
        remaining=money - line.total,
        next_cost=nxt,
        minimum_cost=minimum,
    )


def _plan_at(scenario: Scenario, n: int) -> Plan:
    return plan_scenario(scenario.with_parameters(target_reachability=n / BASIS))


def _solve_budget(model: HoursModel, volume_budget: Decimal, per_hour: Decimal) -> int:
    """Basis points of the supremum target whose volume price fits ``volume_budget``."""
    if per_hour <= 0:
        return BASIS
    # largest h on the 0.1 grid with round_cent(h · per_hour) ≤ volume_budget
    h = (volume_budget / per_hour).quantize(Decimal("0.1"), rounding=ROUND_FLOOR)
    while round_cent((h + Decimal("0.1")) * per_hour) <= volume_budget:
        h += Decimal("0.1")
    while h >= 0 and round_cent(h * per_hour) > volume_budget:
        h -= Decimal("0.1")
    slope = model.hours_per_unit_target
    if slope <= 0:
        return BASIS
    t_sup = (float(h) + 0.05 - model.fixed_hours) / slope
    return math.floor(t_sup * BASIS)


# --------------------------------------------------------------------------- scenarios side by side


@dataclass(frozen=True, slots=True)
class ScenarioFigures:
    """Key figures of one named scenario (Szenario A, B, C …)."""

    name: str
    term_years: int  # the scenario's chosen term
    target_reachability: float
    possible_reachability: float | None
    conversations: float  # required conversations per year (annualised)
    hours_rounded: Decimal
    fte: float  # VZA of all chosen Bausteine
    bg_count: int | None
    first_year: Mapping[int, Decimal]  # term → first-year total
    whole_term: Mapping[int, Decimal]  # term → whole-term total

    @property
    def chosen_first_year(self) -> Decimal | None:
        return self.first_year.get(self.term_years)

    @property
    def chosen_whole_term(self) -> Decimal | None:
        return self.whole_term.get(self.term_years)


@dataclass(frozen=True, slots=True)
class ScenarioDelta:
    """Figures of a scenario minus those of the baseline (``None`` where either is unknown)."""

    name: str
    target_reachability: float
    possible_reachability: float | None
    conversations: float
    hours_rounded: Decimal
    fte: float
    first_year: Mapping[int, Decimal]
    whole_term: Mapping[int, Decimal]
    chosen_first_year: Decimal | None
    chosen_whole_term: Decimal | None


@dataclass(frozen=True, slots=True)
class ScenarioComparison:
    baseline: str
    rows: tuple[ScenarioFigures, ...]
    deltas: tuple[ScenarioDelta, ...]  # aligned with ``rows``; the baseline's own delta is zero


def scenario_figures(
    name: str,
    scenario: Scenario,
    plan: Plan | None = None,
    *,
    escalation_percent: Decimal | float | str = ZERO,
    bg_forecast: Sequence[int | None] = (),
) -> ScenarioFigures:
    plan = plan if plan is not None else plan_scenario(scenario)
    terms = scenario_term_costs(scenario, plan, escalation_percent=escalation_percent, bg_forecast=bg_forecast)
    return ScenarioFigures(
        name=name,
        term_years=scenario.term_years,
        target_reachability=scenario.parameters.target_reachability,
        possible_reachability=plan.totals.possible_reachability,
        conversations=annual_conversations(plan),
        hours_rounded=plan.hours_total_rounded,
        fte=fte_total(plan, scenario.parameters.productive_hours_per_fte),
        bg_count=scenario.bg_for_costs,
        first_year=MappingProxyType({t.term_years: t.first_year.total for t in terms}),
        whole_term=MappingProxyType({t.term_years: t.whole_term for t in terms}),
    )


def _delta_map(a: Mapping[int, Decimal], b: Mapping[int, Decimal]) -> Mapping[int, Decimal]:
    return MappingProxyType({t: a[t] - b[t] for t in sorted(a) if t in b})


def _opt_diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _opt_dec(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def compare_scenarios(
    scenarios: Mapping[str, Scenario] | Sequence[tuple[str, Scenario]],
    *,
    baseline: str | None = None,
    escalation_percent: Decimal | float | str = ZERO,
    bg_forecast: Sequence[int | None] = (),
) -> ScenarioComparison:
    """Named scenarios side by side, each with its deltas to ``baseline`` (default: the first).

    Every scenario is planned in full; problems name the scenario they come from.
    """
    items = list(scenarios.items()) if isinstance(scenarios, Mapping) else list(scenarios)
    if not items:
        raise O7InputError(Problem("Es ist kein Szenario zum Vergleichen vorhanden.", column="Szenarien"))
    names = [n for n, _ in items]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise O7InputError(
            Problem(
                "Jedes Szenario braucht einen eigenen Namen.",
                column="Szenarien",
                value=", ".join(duplicates),
                expected="verschiedene Namen",
            )
        )
    base_name = names[0] if baseline is None else baseline
    if base_name not in names:
        raise O7InputError(
            Problem(
                "Das Vergleichsszenario (Basis) gibt es nicht.",
                column="Basis",
                value=base_name,
                expected="einer der Namen " + ", ".join(names),
            )
        )
    rows: list[ScenarioFigures] = []
    problems: list[Problem] = []
    for name, scenario in items:
        try:
            rows.append(
                scenario_figures(name, scenario, escalation_percent=escalation_percent, bg_forecast=bg_forecast)
            )
        except O7InputError as exc:
            problems.extend(
                Problem(
                    f"Szenario „{name}“: {p.message}",
                    file=p.file,
                    sheet=p.sheet,
                    row=p.row,
                    column=p.column,
                    value=p.value,
                    expected=p.expected,
                    severity=p.severity,
                )
                for p in exc.problems
            )
    if problems:
        raise O7InputError(problems)
    base = rows[names.index(base_name)]
    deltas = tuple(
        ScenarioDelta(
            name=r.name,
            target_reachability=r.target_reachability - base.target_reachability,
            possible_reachability=_opt_diff(r.possible_reachability, base.possible_reachability),
            conversations=r.conversations - base.conversations,
            hours_rounded=r.hours_rounded - base.hours_rounded,
            fte=r.fte - base.fte,
            first_year=_delta_map(r.first_year, base.first_year),
            whole_term=_delta_map(r.whole_term, base.whole_term),
            chosen_first_year=_opt_dec(r.chosen_first_year, base.chosen_first_year),
            chosen_whole_term=_opt_dec(r.chosen_whole_term, base.chosen_whole_term),
        )
        for r in rows
    )
    return ScenarioComparison(base_name, tuple(rows), deltas)


# --------------------------------------------------------------------------- in-house comparison


@dataclass(frozen=True, slots=True, kw_only=True)
class InHouseRate:
    """Personnel cost rate of one VZA per year, as the user entered it (with its year and source,
    e.g. the BMF Personalkostensätze or the Jobcenter's own budget figures)."""

    cost_per_fte_year: Decimal  # € per VZA and year (employer's gross)
    year: int | None = None  # year the rate refers to
    source: str = ""  # where the rate comes from


@dataclass(frozen=True, slots=True)
class InHouseComparison:
    """The same productive hours done by the Jobcenter's own staff (Eigenbetrieb)."""

    rate: InHouseRate
    productive_hours_per_fte: Decimal  # the Jobcenter's own productive hours per VZA and year
    overhead_percent: Decimal  # Arbeitsplatz- und Sachkosten as % of the personnel costs
    hours_per_year: Decimal  # the plan's productive hours (rounded to 0.1 h, as the SC bills them)
    conversations_per_year: float
    fte_needed: Decimal  # hours / own productive hours per VZA (unrounded Decimal)
    personnel_cost: Decimal
    overhead_cost: Decimal
    total: Decimal
    service_center_term_years: int
    service_center_cost: Decimal  # first-year cost of the SC purchase for that term
    difference: Decimal  # total − service_center_cost (> 0: own staff cost more)
    staffing_note: str = STAFFING_RATIO_NOTE


def validate_in_house(rate: InHouseRate, productive_hours_per_fte: Decimal, overhead_percent: Decimal) -> list[Problem]:
    problems: list[Problem] = []
    if not ZERO < rate.cost_per_fte_year <= Decimal(10_000_000):
        problems.append(
            Problem(
                "Die Personalkosten je VZA und Jahr müssen größer als 0 € sein.",
                column="Personalkosten je VZA und Jahr (€)",
                value=str(rate.cost_per_fte_year),
                expected="Betrag > 0 €, z. B. aus den Personalkostensätzen des eigenen Haushalts",
            )
        )
    if rate.year is not None and not 2000 <= rate.year <= 2100:
        problems.append(
            Problem(
                "Ungültiges Bezugsjahr des Kostensatzes.",
                column="Jahr des Kostensatzes",
                value=str(rate.year),
                expected="Jahr wie 2023",
            )
        )
    if not ZERO < productive_hours_per_fte <= 8760:
        problems.append(
            Problem(
                "Die eigenen Produktivstunden je VZA und Jahr müssen größer als 0 und höchstens 8.760 sein.",
                column="Produktivstunden je VZA und Jahr (Jobcenter)",
                value=str(productive_hours_per_fte),
                expected="Stunden > 0 und ≤ 8.760",
            )
        )
    if not ZERO <= overhead_percent <= 300:
        problems.append(
            Problem(
                "Der Zuschlag für Arbeitsplatz- und Sachkosten muss zwischen 0 und 300 % liegen.",
                column="Zuschlag Arbeitsplatz/Sachkosten (%)",
                value=str(overhead_percent),
                expected="Prozentwert von 0 bis 300",
            )
        )
    return problems


def in_house_comparison(
    plan: Plan,
    rate: InHouseRate,
    productive_hours_per_fte: Decimal | float | int | str,
    *,
    term_years: int,
    overhead_percent: Decimal | float | int | str = ZERO,
) -> InHouseComparison:
    """The plan's productive hours done by the Jobcenter's own staff, against the SC purchase.

    ``hours`` = the plan's rounded annual hours (the hours the SC is paid for: the same
    conversations, callbacks, mailing and chosen Bausteine); ``VZA = hours / own productive hours
    per VZA``; personnel cost ``= round_cent(hours · rate / own hours)``; overhead ``=
    round_cent(personnel · overhead % / 100)``; difference = own total − SC first-year cost for
    ``term_years`` (the BG base price included: it pays the SC's infrastructure).
    """
    own_hours = _to_decimal(
        productive_hours_per_fte, "Produktivstunden je VZA und Jahr (Jobcenter)", "Die Produktivstunden"
    )
    overhead = _to_decimal(overhead_percent, "Zuschlag Arbeitsplatz/Sachkosten (%)", "Der Zuschlag")
    problems = validate_in_house(rate, own_hours, overhead)
    sc = plan.cost_for(term_years)
    if sc is None:
        problems.append(
            Problem(
                "Für den Vergleich fehlen die Kosten des Service Centers (BG oder Preisblatt fehlen).",
                column="Laufzeit",
                value=str(term_years),
                expected="BG des Vertragsjahres und ein Preis für diese Laufzeit",
            )
        )
    if problems:
        raise O7InputError(problems)
    assert sc is not None
    hours = plan.hours_total_rounded
    personnel = round_cent(hours * rate.cost_per_fte_year / own_hours)
    overhead_cost = round_cent(personnel * overhead / HUNDRED)
    total = personnel + overhead_cost
    return InHouseComparison(
        rate=rate,
        productive_hours_per_fte=own_hours,
        overhead_percent=overhead,
        hours_per_year=hours,
        conversations_per_year=annual_conversations(plan),
        fte_needed=hours / own_hours,
        personnel_cost=personnel,
        overhead_cost=overhead_cost,
        total=total,
        service_center_term_years=term_years,
        service_center_cost=sc.total,
        difference=total - sc.total,
    )


__all__ = [
    "BASIS",
    "CENT",
    "STAFFING_RATIO_NOTE",
    "BudgetAnswer",
    "CostCurve",
    "CurvePoint",
    "HoursModel",
    "InHouseComparison",
    "InHouseRate",
    "ScenarioComparison",
    "ScenarioDelta",
    "ScenarioFigures",
    "TermCost",
    "YearCost",
    "annual_conversations",
    "compare_scenarios",
    "cost_curve",
    "escalated_prices",
    "fte_total",
    "in_house_comparison",
    "reachability_for_budget",
    "scenario_figures",
    "scenario_term_costs",
    "term_costs",
]
