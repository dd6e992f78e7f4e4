"""Machbarkeit: does the capacity bought reach the target once calls queue and callers hang up?

The planning aid is linear: ``possible = min(calls, capacity)`` per month — the fluid limit of a
queue whose staffing follows the load exactly. Here every month of the plan is spread over its
working days and the half-hours of the service time (Mon–Fri 8–18) by an intraday
:class:`~o7core.intraday.Profile`, the month's capacity (``C·hpd·wd`` productive hours) over the
same half-hours by a staffing rule, and every half-hour is an Erlang A queue
(:func:`o7core.queueing.abandon_probability`): answered = offered · (1 − P(abandon)).

- Handling time per call: the plan's seconds per conversation ``s`` (talk, after-call work, callbacks
  and mailing: an agent is busy ``s`` per answered call, exactly as the linear capacity counts it).
- ``rule="proportional"``: agents in a half-hour ∝ its expected calls (the Service Center plans its
  shifts on the profile); ``"gleichmaessig"``: the same number of agents all day, every day.
- Fractional agents (4,3 agents in a half-hour) are a mix: 70 % of the half-hour with 4, 30 % with 5;
  P(abandon) is interpolated linearly between the two whole teams.
- ``pool``: the Service Center serves ``pool`` Jobcenters of the same profile and size from one team
  (calls and agents × pool); every Jobcenter then has the pooled answered share.
- Patience: from the interval report (``Abbrüche``/``Wartezeit``), else ``DEFAULT_PATIENCE_SECONDS``.

The Warteschlangen-Zuschlag is the smallest factor ``f ≥ 1`` on the capacity with a realistic
annual reachability ≥ the plan's target; extra VZA = ``(f − 1)·C``, extra hours per year
= extra VZA · productive hours per VZA, € per year by the scenario's price sheet (cost functions of
:mod:`o7core.costs`). Not modelled: redials (a caller who hung up and calls again counts as a new
call, as in the contract's figures), breaks and meetings inside the productive hours, skills.
"""

from __future__ import annotations

import calendar
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from .costs import cost_line, round_hours
from .errors import O7InputError, Problem
from .intraday import SLOTS, Profile, default_profile
from .month import Month
from .queueing import abandon_probability

if TYPE_CHECKING:
    from .model import Plan
    from .scenario import Scenario

DEFAULT_PATIENCE_SECONDS = 120.0
RULES = {"proportional": "proportional zur Last", "gleichmaessig": "gleichmäßig über den Tag"}
SLOT_HOURS = 0.5
MAX_SURCHARGE_FACTOR = 20.0
#: The sensitivity grid: patience in seconds, staffing rules, pool sizes.
SENSITIVITY_PATIENCE = (60.0, 120.0, 240.0)
SENSITIVITY_POOLS = (1, 5, 10)


@dataclass(frozen=True, slots=True)
class MonthFeasibility:
    """One month: planned calls, capacity hours (on the phone), answered calls linear and realistic."""

    month: Month
    working_days: int
    intervals: int  # half-hours of service time
    planned_calls: float
    capacity_hours: float
    linear_conversations: float
    realistic_conversations: float
    peak_calls_per_interval: float
    peak_agents: float

    @property
    def linear_reachability(self) -> float | None:
        return self.linear_conversations / self.planned_calls if self.planned_calls > 0 else None

    @property
    def realistic_reachability(self) -> float | None:
        return self.realistic_conversations / self.planned_calls if self.planned_calls > 0 else None


@dataclass(frozen=True, slots=True)
class Surcharge:
    """Warteschlangen-Zuschlag: what must be bought on top to reach the target realistically.

    ``factor``: capacity factor (1,09 = 9 % more); ``fte`` extra VZA; ``hours_per_year`` extra productive
    hours per year; ``cost_per_year`` € in the first contract year at the scenario's term (``None`` without
    BG or prices); ``reachable``: ``False`` where even ``MAX_SURCHARGE_FACTOR`` times the capacity misses
    the target.
    """

    factor: float
    fte: float
    hours_per_year: float
    cost_per_year: Decimal | None
    term_years: int
    reachable: bool = True


@dataclass(frozen=True, slots=True)
class SensitivityRow:
    patience_seconds: float
    rule: str
    pool: int
    realistic_reachability: float
    surcharge_factor: float | None  # None: not computed or not reachable


@dataclass(frozen=True, slots=True)
class Feasibility:
    """Linear vs. realistic reachability of a plan, the surcharge and the assumptions used."""

    months: tuple[MonthFeasibility, ...]
    target_reachability: float
    linear_reachability: float | None
    realistic_reachability: float | None
    capacity_fte: float
    aht_seconds: float
    patience_seconds: float
    patience_source: str  # "Intervallbericht" | "Annahme" | "Eingabe"
    rule: str
    pool: int
    profile_name: str
    profile_is_assumption: bool
    surcharge: Surcharge
    intervals: int
    warnings: tuple[str, ...] = ()

    @property
    def target_holds(self) -> bool:
        return (
            self.realistic_reachability is not None and self.realistic_reachability >= self.target_reachability - 1e-9
        )

    def sentence(self) -> str:
        """One German sentence: does the target hold?"""
        from . import fmt

        if self.realistic_reachability is None or self.linear_reachability is None:
            return "Ohne geplante Anrufe lässt sich die Machbarkeit nicht beurteilen."
        target = fmt.percent(self.target_reachability)
        real = fmt.percent(self.realistic_reachability)
        lin = fmt.percent(self.linear_reachability)
        if self.target_holds:
            return (
                f"Das Ziel von {target} hält: mit Warteschlange und Abbrüchen werden realistisch {real} erreicht "
                f"(linear {lin})."
            )
        if not self.surcharge.reachable:
            return (
                f"Das Ziel von {target} hält nicht: realistisch werden nur {real} erreicht (linear {lin}), "
                "und auch ein Vielfaches der Stunden erreicht es nicht."
            )
        return (
            f"Das Ziel von {target} hält nicht: realistisch werden nur {real} erreicht (linear {lin}); "
            f"dafür fehlen etwa {fmt.number(self.surcharge.hours_per_year, 0)} Stunden im Jahr "
            f"(+{fmt.percent(self.surcharge.factor - 1)}, {fmt.fte(self.surcharge.fte)} VZA)."
        )


def working_dates(month: Month, state: str) -> list[date]:
    """The working days of ``month`` as dates (same rule as :func:`o7core.workdays.working_days`)."""
    from .workdays import _holidays

    free = _holidays(state, month.year)
    out = []
    for day in range(1, calendar.monthrange(month.year, month.month)[1] + 1):
        d = date(month.year, month.month, day)
        if d.weekday() >= 5 or d in free or (month.month == 12 and day in (24, 31)):
            continue
        out.append(d)
    return out


@dataclass(frozen=True, slots=True)
class _Cell:
    """A (weekday, half-hour) of one month: how often it occurs, calls per hour, agents at factor 1."""

    month_index: int
    occurrences: int
    calls_per_hour: float
    agents: float


def _cells(
    months: Sequence[tuple[Month, int, float, float]],
    state: str,
    profile: Profile,
    rule: str,
) -> tuple[list[_Cell], list[int]]:
    """Cells of every month and the half-hours per month. ``months``: (month, wd, planned, hours)."""
    cells: list[_Cell] = []
    intervals: list[int] = []
    for index, (month, _wd, planned, hours) in enumerate(months):
        counts = [0] * 5
        for day in working_dates(month, state):
            counts[day.weekday()] += 1
        days = sum(counts)
        intervals.append(days * SLOTS)
        denominator = sum(counts[d] * profile.day_weight(d) for d in range(5))
        if days == 0 or denominator <= 0:
            continue
        flat_agents = hours / (days * SLOTS * SLOT_HOURS)
        for d in range(5):
            if counts[d] == 0:
                continue
            for s in range(SLOTS):
                share = profile.weights[d][s] / denominator  # of the month's calls, per occurrence
                calls = planned * share
                if rule == "proportional":
                    agents = hours * share / SLOT_HOURS
                else:
                    agents = flat_agents
                if calls <= 0 and agents <= 0:
                    continue
                cells.append(_Cell(index, counts[d], calls / SLOT_HOURS, agents))
    return cells, intervals


class _Evaluator:
    """Answered calls per month for a capacity factor, with P(abandon) cached per (cell, team)."""

    def __init__(self, cells: list[_Cell], n_months: int, aht: float, patience: float, pool: int) -> None:
        self.cells = cells
        self.n_months = n_months
        self.aht = aht
        self.patience = patience
        self.pool = pool
        self.cache: dict[tuple[int, int], float] = {}

    def p_abandon(self, index: int, cell: _Cell, team: int) -> float:
        key = (index, team)
        value = self.cache.get(key)
        if value is None:
            value = abandon_probability(cell.calls_per_hour * self.pool, self.aht, team, self.patience)
            self.cache[key] = value
        return value

    def answered(self, factor: float) -> list[float]:
        out = [0.0] * self.n_months
        for index, cell in enumerate(self.cells):
            if cell.calls_per_hour <= 0:
                continue
            x = cell.agents * factor * self.pool
            n = math.floor(x)
            frac = x - n
            p = self.p_abandon(index, cell, n)
            if frac > 1e-12:
                p = (1.0 - frac) * p + frac * self.p_abandon(index, cell, n + 1)
            out[cell.month_index] += cell.occurrences * cell.calls_per_hour * SLOT_HOURS * (1.0 - p)
        return out


def _solve_factor(
    evaluate: Callable[[float], Iterable[float]], target: float, planned_total: float
) -> tuple[float, bool]:
    """Smallest f ≥ 1 with Σanswered(f)/planned ≥ target: bracket by doubling, then Illinois regula falsi."""

    def gap(f: float) -> float:
        return float(sum(evaluate(f))) / planned_total - target

    lo, g_lo = 1.0, gap(1.0)
    if g_lo >= 0:
        return 1.0, True
    hi = 1.25
    g_hi = gap(hi)
    while g_hi < 0:
        lo, g_lo = hi, g_hi
        hi *= 2.0
        if hi > MAX_SURCHARGE_FACTOR:
            g_max = gap(MAX_SURCHARGE_FACTOR)
            if g_max < 0:
                return MAX_SURCHARGE_FACTOR, False
            hi, g_hi = MAX_SURCHARGE_FACTOR, g_max
            break
        g_hi = gap(hi)
    side = 0
    for _ in range(60):
        f = hi - g_hi * (hi - lo) / (g_hi - g_lo) if g_hi != g_lo else 0.5 * (lo + hi)
        if not lo < f < hi:
            f = 0.5 * (lo + hi)
        g = gap(f)
        if g >= 0:
            hi, g_hi = f, g
            if side == 1:
                g_lo /= 2.0
            side = 1
        else:
            lo, g_lo = f, g
            if side == -1:
                g_hi /= 2.0
            side = -1
        if hi - lo <= 1e-7 * hi or abs(g) < 1e-9:
            break
    return hi, True


def _check_options(patience_seconds: float, rule: str, pool: int) -> None:
    problems = []
    if not (patience_seconds > 0 and math.isfinite(patience_seconds)):
        problems.append(
            Problem(
                "Die Geduld der Anrufer muss eine Zahl größer als 0 Sekunden sein.",
                column="geduld",
                value=str(patience_seconds),
                expected="Sekunden, z. B. 120",
            )
        )
    if rule not in RULES:
        problems.append(
            Problem(
                "Unbekannte Personalregel.", column="regel", value=str(rule), expected="proportional oder gleichmaessig"
            )
        )
    if isinstance(pool, bool) or not isinstance(pool, int) or not 1 <= pool <= 1000:
        problems.append(
            Problem(
                "Die Poolgröße muss eine ganze Zahl von 1 bis 1000 sein.",
                column="pool",
                value=str(pool),
                expected="Anzahl Jobcenter, z. B. 1 oder 10",
            )
        )
    if problems:
        raise O7InputError(problems)


def assess(
    scenario: Scenario,
    *,
    profile: Profile | None = None,
    patience_seconds: float | None = None,
    rule: str = "proportional",
    pool: int = 1,
    plan: Plan | None = None,
    solve_surcharge: bool = True,
) -> Feasibility:
    """Feasibility of the scenario's plan (see the module docstring). ``plan``: the computed plan, if at hand.

    ``patience_seconds``: ``None`` takes the interval report's estimate, else 120 s.
    ``solve_surcharge=False`` skips the search for the surcharge (then factor 1, ``reachable`` as at 1).
    Raises :class:`O7InputError` (German) for bad options.
    """
    from .scenario import plan_scenario

    profile = profile or default_profile()
    patience, source = _patience(profile, patience_seconds)
    _check_options(patience, rule, pool)
    plan = plan if plan is not None else plan_scenario(scenario)
    aht = scenario.parameters.seconds_per_conversation
    totals = plan.totals
    capacity = totals.capacity_fte
    hpd = totals.hours_per_fte_day
    rows = [(m.month, m.working_days, m.planned_calls, capacity * hpd * m.working_days) for m in plan.months]
    cells, intervals = _cells(rows, scenario.jobcenter.state, profile, rule)
    evaluator = _Evaluator(cells, len(rows), aht, patience, pool)
    months = _months(plan, rows, cells, intervals, evaluator.answered(1.0))
    planned_total = sum(r[2] for r in rows)
    realistic = sum(m.realistic_conversations for m in months) / planned_total if planned_total > 0 else None
    target = plan.target_reachability
    if not solve_surcharge:
        factor, reachable = 1.0, realistic is None or realistic >= target - 1e-9
    elif planned_total > 0 and capacity > 0:
        factor, reachable = _solve_factor(evaluator.answered, target, planned_total)
    else:
        factor, reachable = 1.0, capacity > 0 or planned_total == 0
    return Feasibility(
        months=tuple(months),
        target_reachability=target,
        linear_reachability=totals.possible_reachability,
        realistic_reachability=realistic,
        capacity_fte=capacity,
        aht_seconds=aht,
        patience_seconds=patience,
        patience_source=source,
        rule=rule,
        pool=pool,
        profile_name=profile.name,
        profile_is_assumption=profile.is_assumption,
        surcharge=_surcharge(scenario, plan, factor, reachable),
        intervals=sum(intervals),
        warnings=_assumption_warnings(profile, source),
    )


def _patience(profile: Profile, patience_seconds: float | None) -> tuple[float, str]:
    """The callers' patience and where it comes from: the input, the interval report, or the assumption."""
    if patience_seconds is not None:
        return float(patience_seconds), "Eingabe"
    if profile.patience_seconds is not None:
        return profile.patience_seconds, "Intervallbericht"
    return DEFAULT_PATIENCE_SECONDS, "Annahme"


def _months(
    plan: Plan,
    rows: Sequence[tuple[Month, int, float, float]],
    cells: Sequence[_Cell],
    intervals: Sequence[int],
    answered: Sequence[float],
) -> list[MonthFeasibility]:
    """One row per month: linear (the plan's) and realistic (queued) conversations, the peak half-hour."""
    months = []
    for index, (m, (month, wd, planned, hours)) in enumerate(zip(plan.months, rows, strict=True)):
        own = [c for c in cells if c.month_index == index]
        months.append(
            MonthFeasibility(
                month=month,
                working_days=wd,
                intervals=intervals[index],
                planned_calls=planned,
                capacity_hours=hours,
                linear_conversations=m.possible_conversations,
                realistic_conversations=min(answered[index], planned),
                peak_calls_per_interval=max((c.calls_per_hour * SLOT_HOURS for c in own), default=0.0),
                peak_agents=max((c.agents for c in own), default=0.0),
            )
        )
    return months


def _assumption_warnings(profile: Profile, patience_source: str) -> tuple[str, ...]:
    """What rests on an assumption rather than on the Service Center's interval report."""
    from . import fmt

    warnings = []
    if profile.is_assumption:
        warnings.append(
            "Das Tagesprofil der Anrufe ist eine Annahme (Montag höher, Vormittagsspitze); "
            "mit dem Intervallbericht des Service Centers wird die Rechnung belastbar."
        )
    if patience_source == "Annahme":
        warnings.append(
            f"Die Geduld der Anrufer ist angenommen ({fmt.number(DEFAULT_PATIENCE_SECONDS, 0)} s im Mittel); "
            "der Intervallbericht mit Abbrüchen und Wartezeit liefert sie."
        )
    return tuple(warnings)


def _surcharge(scenario: Scenario, plan: Plan, factor: float, reachable: bool) -> Surcharge:
    p = scenario.parameters
    totals = plan.totals
    extra_fte = (factor - 1.0) * totals.capacity_fte
    hours_per_year = extra_fte * p.productive_hours_per_fte
    term = scenario.term_years
    cost = None
    bg = plan.bg_count
    price = scenario.prices.terms.get(term) if scenario.prices is not None else None
    if price is not None and bg is not None:
        base = cost_line(term, plan.hours_total_rounded, bg, price)
        more = cost_line(term, plan.hours_total_rounded + round_hours(hours_per_year), bg, price)
        cost = more.total - base.total
    return Surcharge(
        factor=factor,
        fte=extra_fte,
        hours_per_year=hours_per_year,
        cost_per_year=cost,
        term_years=term,
        reachable=reachable,
    )


def sensitivity(
    scenario: Scenario,
    *,
    profile: Profile | None = None,
    patiences: Iterable[float] = SENSITIVITY_PATIENCE,
    rules: Iterable[str] = tuple(RULES),
    pools: Iterable[int] = SENSITIVITY_POOLS,
    plan: Plan | None = None,
    surcharge: bool = False,
) -> tuple[SensitivityRow, ...]:
    """Realistic reachability (and with ``surcharge=True`` the surcharge factor) over patience × staffing
    rule × pool size."""
    from .scenario import plan_scenario

    plan = plan if plan is not None else plan_scenario(scenario)
    out = []
    for patience in patiences:
        for rule in rules:
            for pool in pools:
                f = assess(
                    scenario,
                    profile=profile,
                    patience_seconds=patience,
                    rule=rule,
                    pool=pool,
                    plan=plan,
                    solve_surcharge=surcharge,
                )
                out.append(
                    SensitivityRow(
                        patience_seconds=patience,
                        rule=rule,
                        pool=pool,
                        realistic_reachability=f.realistic_reachability or 0.0,
                        surcharge_factor=f.surcharge.factor if surcharge and f.surcharge.reachable else None,
                    )
                )
    return tuple(out)


def with_surcharge(scenario: Scenario, feasibility: Feasibility) -> Scenario:
    """The scenario with the surcharge bought as extra capacity (for the Planung page, opt-in)."""
    p = scenario.parameters
    capacity = feasibility.capacity_fte + feasibility.surcharge.fte
    return replace(scenario, parameters=replace(p, capacity_fte=capacity))


def to_dict(f: Feasibility) -> dict[str, Any]:
    """The JSON form of the CLI (``python -m o7core machbarkeit``)."""
    s = f.surcharge
    return {
        "target_reachability": f.target_reachability,
        "linear_reachability": f.linear_reachability,
        "realistic_reachability": f.realistic_reachability,
        "target_holds": f.target_holds,
        "sentence": f.sentence(),
        "surcharge_factor": s.factor,
        "surcharge_hours": s.hours_per_year,
        "surcharge_fte": s.fte,
        "surcharge_cost_per_year": str(s.cost_per_year) if s.cost_per_year is not None else None,
        "surcharge_term_years": s.term_years,
        "surcharge_reachable": s.reachable,
        "intervals": f.intervals,
        "months": [
            {
                "month": str(m.month),
                "working_days": m.working_days,
                "intervals": m.intervals,
                "planned_calls": m.planned_calls,
                "capacity_hours": m.capacity_hours,
                "linear_reachability": m.linear_reachability,
                "realistic_reachability": m.realistic_reachability,
                "linear_conversations": m.linear_conversations,
                "realistic_conversations": m.realistic_conversations,
            }
            for m in f.months
        ],
        "assumptions": {
            "model": "Erlang A (M/M/n+M) je halbe Stunde der Servicezeit Mo–Fr 8–18 Uhr",
            "aht_seconds": f.aht_seconds,
            "patience_seconds": f.patience_seconds,
            "patience_source": f.patience_source,
            "staffing_rule": f.rule,
            "staffing_rule_text": RULES[f.rule],
            "pool": f.pool,
            "profile": f.profile_name,
            "profile_is_assumption": f.profile_is_assumption,
            "capacity_fte": f.capacity_fte,
            "not_modelled": "Wahlwiederholungen (Anrufer, die nach einem Abbruch erneut anrufen), Pausen, Skills",
        },
        "warnings": list(f.warnings),
    }
