"""The cost curve: the first-year cost of every term over the target reachability, with the marginal €
per percentage point; :class:`HoursModel` gives the plan's hours at any target without a full plan."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from .. import fmt
from ..errors import O7InputError, Problem
from ..model import CostLine, Plan, PriceSheet
from ..scenario import Scenario, plan_scenario
from .inputs import BASIS, HUNDRED, percent_points, require_bg, require_prices
from .rule import first_year_costs, round_cent, round_hours


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
                value=fmt.figure(value),
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
    bg = require_bg(scenario.bg_for_costs)
    require_prices(scenario.prices)
    lo, hi = _basis_points(start, "Kurve von"), _basis_points(stop, "Kurve bis")
    st = round(step * BASIS)
    if st <= 0 or lo > hi:
        raise O7InputError(
            Problem(
                "Ungültiger Bereich der Kostenkurve.",
                column="Schrittweite",
                value=fmt.figure(step),
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
        step_points=percent_points(st),
        hours_per_point=hours_per_point,
        cost_per_point=MappingProxyType({t: round_cent(hpp * p.per_hour) for t, p in sorted(prices.terms.items())}),
    )
