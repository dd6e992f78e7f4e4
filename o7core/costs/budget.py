"""Budget → reachability: the highest target reachability (to 0.01 points) whose first-year cost for a
term stays within an annual budget, confirmed by full plans."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal

from .. import fmt
from ..errors import O7InputError, Problem
from ..model import CostLine, Plan
from ..scenario import Scenario, plan_scenario
from .curve import HoursModel
from .inputs import BASIS, require_bg, to_decimal
from .rule import first_year_costs, round_cent
from .terms import fte_total


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
    bg = require_bg(scenario.bg_for_costs)
    money = _checked_budget(scenario, budget, term_years)
    model = HoursModel.from_plan(scenario, plan)

    def cost(n: int) -> CostLine:
        return next(
            c
            for c in first_year_costs(model.hours_rounded(n / BASIS), bg, scenario.prices)
            if c.term_years == term_years
        )

    minimum = cost(1).total
    if minimum > money:
        return BudgetAnswer(money, term_years, None, False, None, None, None, None, None, None, minimum)
    if cost(BASIS).total <= money:
        n = BASIS
    else:
        price = scenario.prices.terms[term_years]
        n = _solve_budget(model, money - round_cent(Decimal(bg) * price.base_per_bg), price.per_hour)
        n = max(1, min(BASIS, n))
        while n > 1 and cost(n).total > money:
            n -= 1
        while n < BASIS and cost(n + 1).total <= money:
            n += 1
    n, full, line = _confirm_with_plans(scenario, n, term_years, money)
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


def _checked_budget(scenario: Scenario, budget: Decimal | float | int | str, term_years: int) -> Decimal:
    """The budget to the cent; refused (German) where negative or where the price sheet has no price for the term."""
    if term_years not in scenario.prices.terms:
        raise O7InputError(
            Problem(
                f"Für {fmt.term(term_years)} Laufzeit enthält das Preisblatt keinen Preis.",
                column="Laufzeit",
                value=str(term_years),
                expected=", ".join(str(t) for t in sorted(scenario.prices.terms)) + " Jahre",
            )
        )
    money = to_decimal(budget, "Budget je Jahr (€)", "Das Budget")
    if money < 0:
        raise O7InputError(
            Problem(
                "Das Budget darf nicht negativ sein.",
                column="Budget je Jahr (€)",
                value=str(budget),
                expected="Betrag ≥ 0 €",
            )
        )
    return round_cent(money)


def _confirm_with_plans(scenario: Scenario, n: int, term_years: int, money: Decimal) -> tuple[int, Plan, CostLine]:
    """The answer's cost is a real plan's cost: step down a basis point while the full plan costs more."""
    full = _plan_at(scenario, n)
    line = full.cost_for(term_years)
    while n > 1 and (line is None or line.total > money):
        n -= 1
        full = _plan_at(scenario, n)
        line = full.cost_for(term_years)
    assert line is not None
    return n, full, line


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
