"""Kennzahlen: the Service Center's monthly report measured against the contract and the plan.

The SC reports every month what it delivered (Monatsbericht: Anrufe, Gespräche, Gesprächsdauer,
Nachbearbeitung, abschließend geklärt, Weiterleitungen). :func:`compute_kpis` turns those months,
the active :class:`~o7core.model.Plan` and the contract targets into a :class:`KpiReport`:

- per month and cumulated for the contract year: reachability (Erreichbarkeit = Gespräche / Anrufe),
  closure rate (Fallabschlussquote = abschließend geklärt / Gespräche), tickets to the Jobcenter,
  average talk time, after-call work and handling time (seconds per conversation), hours used
  (``conversations · (talk + ACW) / 3600``);
- hours used against the contracted hours: the plan's ``hours_total_rounded`` per year, pro rata by
  the working days of each month in the Jobcenter's Bundesland (``o7core.workdays``);
- plan against actual per month, matched by month-of-year with the plan's Bezugszeitraum
  (planned calls, possible conversations, possible reachability);
- a year-end forecast of the annual reachability: the reported months plus the plan for every month
  of the contract year that has no report yet;
- signals against the targets (annual reachability 75 %, closure rate ≥ 70 % unless
  :class:`ContractTargets` says otherwise), each with its margin and a status word.

Everything here is pure: frozen dataclasses in and out, no I/O. Rates are fractions (0.75), margins of
rates are percentage points (``+1.2``), times are seconds, hours are productive hours. The definitions
are written down for users in ``docs/kennzahlen.md``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from . import fmt
from .errors import O7InputError, Problem
from .model import Plan
from .month import Month
from .workdays import STATES, normalize_state, working_days

#: The service description's promises (seed ``000_*``): 75 % annual reachability, closure rate ≥ 70 %.
DEFAULT_REACHABILITY_TARGET = 0.75
DEFAULT_CLOSURE_TARGET = 0.70

LEVEL_OK = "ok"
LEVEL_WARN = "warn"
LEVEL_BAD = "bad"
LEVEL_NONE = "none"

#: Status symbols: readable without colour (✓ met, ! close to the line, ✗ missed, – no data).
SYMBOLS = {LEVEL_OK: "✓", LEVEL_WARN: "!", LEVEL_BAD: "✗", LEVEL_NONE: "–"}


# --------------------------------------------------------------------------- inputs


@dataclass(frozen=True, slots=True)
class ReportMonth:
    """One month of the Service Center's monthly report (Monatsbericht).

    ``calls``: Anrufe offered to the SC; ``conversations``: Gespräche held;
    ``talk_seconds`` / ``acw_seconds``: average Gesprächsdauer / Nachbearbeitung per conversation in
    seconds (``None``: not reported); ``closed``: conversations abschließend geklärt;
    ``tickets``: Weiterleitungen (tickets) to the Jobcenter.
    """

    month: Month
    calls: float
    conversations: float
    talk_seconds: float | None = None
    acw_seconds: float | None = None
    closed: float | None = None
    tickets: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ContractTargets:
    """The contract's targets and how close counts as "knapp".

    ``reachability``: annual reachability promised (fraction, 0.75); ``closure_rate``: minimum
    closure rate (0.70); ``band_points``: a rate that meets its target by less than this many
    percentage points is "knapp"; ``hours_band_percent``: hours used up to this many percent above
    the contracted hours are "knapp", more is "überschritten".
    """

    reachability: float = DEFAULT_REACHABILITY_TARGET
    closure_rate: float = DEFAULT_CLOSURE_TARGET
    band_points: float = 2.0
    hours_band_percent: float = 5.0


def validate_targets(targets: ContractTargets) -> list[Problem]:
    """Targets must be fractions in (0, 1]; the bands must not be negative."""
    problems: list[Problem] = []
    for name, label in (("reachability", "Ziel-Erreichbarkeit"), ("closure_rate", "Ziel-Fallabschlussquote")):
        value = getattr(targets, name)
        if not 0 < value <= 1:
            problems.append(
                Problem(
                    f"Die {label} muss größer als 0 % und höchstens 100 % sein.",
                    column=name,
                    value=fmt.figure(value),
                    expected="Anteil zwischen 0 und 1, z. B. 0.75",
                )
            )
    for name in ("band_points", "hours_band_percent"):
        value = getattr(targets, name)
        if not 0 <= value <= 100:
            problems.append(
                Problem(
                    "Die Toleranz muss zwischen 0 und 100 liegen.",
                    column=name,
                    value=fmt.figure(value),
                    expected="Zahl von 0 bis 100",
                )
            )
    return problems


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Signal:
    """A figure against its target: margin, a level (ok/warn/bad/none), a symbol and German words.

    ``margin`` is in percentage points for rates (``value − target``, ×100) and in percent of the
    contracted hours for hours (``used / contracted − 1``, ×100). ``unit`` says which ("Punkte" or "%").
    """

    key: str
    label: str
    value: float | None
    target: float | None
    margin: float | None
    unit: str
    level: str
    word: str
    text: str

    @property
    def symbol(self) -> str:
        return SYMBOLS[self.level]


@dataclass(frozen=True, slots=True)
class PlanMonth:
    """The plan's figures for one month-of-year (averaged where the Bezugszeitraum holds it twice)."""

    calls: float  # planned_calls
    conversations: float  # possible_conversations (what the contracted capacity delivers)
    hours: float  # hours_total of the required conversations

    @property
    def reachability(self) -> float | None:
        return self.conversations / self.calls if self.calls > 0 else None


@dataclass(frozen=True, slots=True)
class MonthKpi:
    """Figures of one reported month, unrounded; ``cum_*`` are cumulated from January of the year.

    Months outside the evaluated contract year (``in_year`` False) carry no plan, no contracted hours
    and no cumulative figures.
    """

    month: Month
    in_year: bool
    working_days: int
    calls: float
    conversations: float
    closed: float | None
    tickets: float | None
    reachability: float | None  # None where there were no calls
    closure_rate: float | None  # None without conversations or without "abschließend geklärt"
    ticket_rate: float | None  # tickets / conversations
    talk_seconds: float | None
    acw_seconds: float | None
    handling_seconds: float | None  # talk + ACW
    hours_talk: float | None
    hours_acw: float | None
    hours_used: float | None
    contracted_hours: float | None  # the plan's annual hours · wd(m) / wd(year)
    plan_calls: float | None
    plan_conversations: float | None
    plan_reachability: float | None
    conversations_vs_plan: float | None  # actual − plan
    reachability_vs_plan: float | None  # percentage points
    reachability_change: float | None  # points against the previous calendar month's report
    closure_change: float | None
    cum_calls: float | None
    cum_conversations: float | None
    cum_reachability: float | None
    cum_closed: float | None
    cum_closure_rate: float | None
    cum_tickets: float | None
    cum_hours_used: float | None
    cum_contracted_hours: float | None
    reachability_signal: Signal
    closure_signal: Signal


@dataclass(frozen=True, slots=True)
class Forecast:
    """Year-end forecast: the reported months plus the plan for the months still to come."""

    reachability: float | None
    calls: float | None
    conversations: float | None
    months_reported: int
    months_planned: int
    complete: bool  # every month of the year is reported: the forecast is the actual annual value
    hours_used: float | None  # hours used so far + contracted hours of the months to come
    reason: str = ""  # why there is no forecast


@dataclass(frozen=True, slots=True)
class YearKpi:
    """Totals of the reported months of the contract year (year to date)."""

    year: int
    months_reported: int
    working_days: int
    working_days_year: int
    calls: float
    conversations: float
    closed: float | None
    tickets: float | None
    reachability: float | None
    closure_rate: float | None
    ticket_rate: float | None
    talk_seconds: float | None  # weighted by conversations
    acw_seconds: float | None
    handling_seconds: float | None
    hours_talk: float | None
    hours_acw: float | None
    hours_used: float | None
    contracted_hours_year: float | None  # the plan's hours_total_rounded
    contracted_hours_to_date: float | None  # pro rata for the reported months
    hours_used_ratio: float | None  # used / contracted to date
    hours_used_of_year: float | None  # used / contracted for the year
    plan_calls: float | None
    plan_conversations: float | None
    plan_reachability: float | None
    forecast: Forecast


@dataclass(frozen=True, slots=True)
class KpiReport:
    """Everything the Kennzahlen page shows, computed once."""

    year: int
    state: str
    targets: ContractTargets
    as_of: Month | None
    months: tuple[MonthKpi, ...]  # every reported month up to ``as_of``, sorted
    year_totals: YearKpi
    signals: tuple[Signal, ...]
    warnings: tuple[Problem, ...] = field(default=())

    def signal(self, key: str) -> Signal:
        return next(s for s in self.signals if s.key == key)

    @property
    def in_year(self) -> tuple[MonthKpi, ...]:
        return tuple(m for m in self.months if m.in_year)

    @property
    def latest(self) -> MonthKpi | None:
        months = self.in_year
        return months[-1] if months else None


# --------------------------------------------------------------------------- signals


def _pct(value: float) -> str:
    return fmt.percent(value)


def _points(value: float) -> str:
    """``+1,2 Punkte`` / ``−0,8 Punkte`` (percentage points, signed)."""
    return fmt.points(value)


def assess_rate(key: str, label: str, value: float | None, target: float, *, band_points: float = 2.0) -> Signal:
    """A rate against its minimum target.

    ``margin = (value − target) · 100`` points. At least ``band_points`` above: "erfüllt" (✓);
    met by less: "knapp" (!); below the target: "verfehlt" (✗); no value: "keine Daten" (–).
    """
    if value is None:
        return Signal(key, label, None, target, None, "Punkte", LEVEL_NONE, "keine Daten", f"{label}: keine Daten.")
    margin = (value - target) * 100
    # compare at display precision (0.1 point) so that the word agrees with the figure shown
    shown = round(margin, 6)
    if shown >= band_points:
        level, word, how = LEVEL_OK, "erfüllt", "über dem Ziel"
    elif shown >= 0:
        level, word, how = LEVEL_WARN, "knapp", "knapp erfüllt"
    else:
        level, word, how = LEVEL_BAD, "verfehlt", "unter dem Ziel"
    text = f"{label} {_pct(value)}: {how} ({_points(margin)} zum Ziel {_pct(target)})."
    return Signal(key, label, value, target, margin, "Punkte", level, word, text)


def assess_hours(
    key: str, label: str, used: float | None, contracted: float | None, *, band_percent: float = 5.0
) -> Signal:
    """Hours used against contracted hours: at most contracted "im Rahmen" (✓), up to
    ``band_percent`` % above "knapp" (!), more "überschritten" (✗)."""
    if used is None or contracted is None or contracted <= 0:
        return Signal(
            key, label, used, contracted, None, "%", LEVEL_NONE, "keine Daten", f"{label}: kein Vergleich möglich."
        )
    margin = (used / contracted - 1) * 100
    shown = round(margin, 6)
    if shown <= 0:
        level, word = LEVEL_OK, "im Rahmen"
    elif shown <= band_percent:
        level, word = LEVEL_WARN, "knapp"
    else:
        level, word = LEVEL_BAD, "überschritten"
    rel = fmt.delta(margin)
    text = f"{label}: {fmt.hours(used)} h von anteilig {fmt.hours(contracted)} h vereinbart ({rel} %), {word}."
    return Signal(key, label, used, contracted, margin, "%", level, word, text)


# --------------------------------------------------------------------------- validation


def validate_report(months: Sequence[ReportMonth], *, rows: Sequence[int] | None = None) -> list[Problem]:
    """Counts ≥ 0, conversations ≤ calls, closed and tickets ≤ conversations, no duplicate month.

    ``rows``: the source row of each month (a reader's file rows); default the position from 1.
    """
    problems: list[Problem] = []
    seen: dict[Month, int] = {}
    for position, m in enumerate(months, start=1):
        index = rows[position - 1] if rows is not None else position
        where = f"im Monat {m.month.label_numeric}"
        if m.month in seen:
            problems.append(
                Problem(
                    f"Der Monat {m.month.label_numeric} kommt doppelt vor (auch Zeile {seen[m.month]}).",
                    row=index,
                    column="Monat",
                    value=str(m.month),
                    expected="jeden Monat nur einmal",
                )
            )
        seen.setdefault(m.month, index)
        for name, label in (
            ("calls", "Anrufe"),
            ("conversations", "Gespräche"),
            ("closed", "abschließend geklärt"),
            ("tickets", "Weiterleitungen"),
            ("talk_seconds", "Gesprächsdauer"),
            ("acw_seconds", "Nachbearbeitung"),
        ):
            value = getattr(m, name)
            if value is not None and not (0 <= value < float("inf")):
                problems.append(
                    Problem(
                        f"{label} {where} ist negativ oder keine Zahl.",
                        row=index,
                        column=label,
                        value=str(value),
                        expected="Zahl ≥ 0",
                    )
                )
        if m.conversations > m.calls:
            problems.append(
                Problem(
                    f"Mehr Gespräche als Anrufe {where}.",
                    row=index,
                    column="Gespräche",
                    value=fmt.figure(m.conversations),
                    expected=f"höchstens so viele wie Anrufe ({fmt.figure(m.calls)})",
                )
            )
        for name, label in (("closed", "abschließend geklärt"), ("tickets", "Weiterleitungen")):
            value = getattr(m, name)
            if value is not None and value > m.conversations:
                problems.append(
                    Problem(
                        f"{label} {where} ist größer als die Zahl der Gespräche.",
                        row=index,
                        column=label,
                        value=fmt.figure(value),
                        expected=f"höchstens so viele wie Gespräche ({fmt.figure(m.conversations)})",
                    )
                )
    return problems


# --------------------------------------------------------------------------- plan


def plan_by_month_of_year(plan: Plan) -> dict[int, PlanMonth]:
    """The plan's monthly figures keyed by month-of-year (1–12), averaged over repeated months."""
    groups: dict[int, list[Any]] = {}
    for r in plan.months:
        groups.setdefault(r.month.month, []).append(r)
    out: dict[int, PlanMonth] = {}
    for moy, rows in groups.items():
        n = len(rows)
        out[moy] = PlanMonth(
            calls=sum(r.planned_calls for r in rows) / n,
            conversations=sum(r.possible_conversations for r in rows) / n,
            hours=sum(r.hours_total for r in rows) / n,
        )
    return out


# --------------------------------------------------------------------------- computation


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den <= 0:
        return None
    return num / den


def _weighted(pairs: Iterable[tuple[float, float | None]]) -> float | None:
    """Average of values weighted by conversations, over months that report the value."""
    total_w = 0.0
    total = 0.0
    for weight, value in pairs:
        if value is None or weight <= 0:
            continue
        total_w += weight
        total += weight * value
    return total / total_w if total_w > 0 else None


def _sum_known(values: Iterable[float | None]) -> float | None:
    items = [v for v in values if v is not None]
    return sum(items) if items else None


def compute_kpis(
    report: Sequence[ReportMonth],
    *,
    plan: Plan | None = None,
    state: str = "BW",
    year: int | None = None,
    targets: ContractTargets | None = None,
    as_of: Month | None = None,
) -> KpiReport:
    """Compute every Kennzahl of the reported months.

    ``plan``: the active plan (contracted hours, plan per month-of-year, forecast); ``None`` leaves
    those figures empty. ``state``: Bundesland for the working days. ``year``: the contract year
    evaluated (default: the year of the latest reported month). ``as_of``: ignore reports after this
    month ("Stand"). Raises :class:`O7InputError` with all problems for an inconsistent report.

    The steps: check and cut the report (:func:`_checked_months`), warn about months outside the
    year or the plan (:func:`_coverage_warnings`), each month with the running sums of the year
    (:func:`_month_kpis`), gaps (:func:`_gap_warnings`), the year's totals and the four signals.
    """
    targets = targets or ContractTargets()
    if state not in STATES:
        state = normalize_state(state, field="Bundesland")
    months = _checked_months(report, targets, as_of)
    if year is None:
        year = months[-1].month.year
    year_months = [Month(year, m) for m in range(1, 13)]
    wd_year = sum(working_days(m, state) for m in year_months)
    plan_moy = plan_by_month_of_year(plan) if plan is not None else {}
    contracted_year = float(plan.hours_total_rounded) if plan is not None else None

    warnings = _coverage_warnings(months, year, plan_moy if plan is not None else None)
    year_context = _YearContext(year, state, wd_year, plan_moy, contracted_year, targets)
    results, hour_warnings = _month_kpis(months, year_context)
    warnings += hour_warnings

    in_year_results = [r for r in results if r.in_year]
    reported = {r.month for r in in_year_results}
    warnings += _gap_warnings(in_year_results, year_months, reported)
    totals = _year_totals(year, in_year_results, year_months, reported, plan_moy, contracted_year, wd_year, state)
    if not in_year_results:
        warnings.append(
            Problem(
                f"Kein Berichtsmonat liegt im Vertragsjahr {year}: es gibt keinen Jahreswert.",
                column="Monat",
                expected=f"Monate 01/{year} bis 12/{year}",
                severity="warning",
            )
        )
    return KpiReport(
        year=year,
        state=state,
        targets=targets,
        as_of=as_of,
        months=tuple(results),
        year_totals=totals,
        signals=_year_signals(totals, targets),
        warnings=tuple(warnings),
    )


def _checked_months(report: Sequence[ReportMonth], targets: ContractTargets, as_of: Month | None) -> list[ReportMonth]:
    """The reported months up to ``as_of``, sorted; all problems of the report and the targets at once."""
    problems = validate_report(report) + validate_targets(targets)
    if problems:
        raise O7InputError(problems)
    months = sorted((m for m in report if as_of is None or m.month <= as_of), key=lambda m: m.month)
    if not months:
        raise O7InputError(
            Problem(
                "Der Bericht enthält keinen Monat" + (f" bis {as_of.label_numeric}." if as_of else "."),
                column="Monat",
                expected="mindestens einen Berichtsmonat",
            )
        )
    return months


def _coverage_warnings(months: list[ReportMonth], year: int, plan_moy: dict[int, PlanMonth] | None) -> list[Problem]:
    """Months outside the contract year; months of the year the plan has no value for (with a plan only)."""
    warnings: list[Problem] = []
    outside = [m.month for m in months if m.month.year != year]
    if outside:
        warnings.append(
            Problem(
                f"{len(outside)} Berichtsmonat(e) liegen außerhalb des Vertragsjahres {year} "
                f"({', '.join(m.label_numeric for m in outside)}); sie werden angezeigt, zählen aber nicht "
                "zum Jahreswert, zur Prognose und zu den vereinbarten Stunden.",
                column="Monat",
                value=", ".join(str(m) for m in outside),
                expected=f"Monate 01/{year} bis 12/{year}",
                severity="warning",
            )
        )
    if plan_moy is not None:
        no_plan = sorted({m.month.month for m in months if m.month.year == year and m.month.month not in plan_moy})
        if no_plan:
            warnings.append(
                Problem(
                    "Der Bezugszeitraum des Plans enthält keinen Wert für "
                    + ", ".join(Month(year, n).label for n in no_plan)
                    + ": Plan-Ist-Vergleich und Prognose fehlen für diese Monate.",
                    column="Monat",
                    severity="warning",
                )
            )
    return warnings


@dataclass(frozen=True)
class _YearContext:
    """What every month of one evaluation shares: the year, its working days, the plan and the targets."""

    year: int
    state: str
    working_days_year: int
    plan_moy: dict[int, PlanMonth]
    contracted_year: float | None
    targets: ContractTargets


@dataclass(frozen=True)
class _MonthHours:
    """Handling time per conversation (s) and the hours a month used (talk, after-call work, both)."""

    handling: float | None
    talk: float | None
    acw: float | None
    used: float | None


def _month_hours(m: ReportMonth) -> _MonthHours:
    handling = m.talk_seconds + m.acw_seconds if m.talk_seconds is not None and m.acw_seconds is not None else None
    conv = m.conversations
    if conv == 0:
        return _MonthHours(handling, 0.0, 0.0, 0.0)
    return _MonthHours(
        handling,
        conv * m.talk_seconds / 3600 if m.talk_seconds is not None else None,
        conv * m.acw_seconds / 3600 if m.acw_seconds is not None else None,
        conv * handling / 3600 if handling is not None else None,
    )


class _RunningSums:
    """The sums of the contract year so far ("kumuliert seit Januar"); a sum no month has reported stays ``None``."""

    def __init__(self, contracted_year: float | None) -> None:
        self.contracted_year = contracted_year
        self.sums = {"calls": 0.0, "conv": 0.0, "closed": 0.0, "closed_conv": 0.0, "tickets": 0.0, "hours": 0.0}
        self.sums["contracted"] = 0.0
        self.seen = {"closed": False, "tickets": False, "hours": False}

    def add(self, m: ReportMonth, hours_used: float | None, contracted: float | None) -> dict[str, float | None]:
        """Add one month of the year; the sums after it."""
        cum, seen = self.sums, self.seen
        cum["calls"] += m.calls
        cum["conv"] += m.conversations
        if m.closed is not None:
            cum["closed"] += m.closed
            cum["closed_conv"] += m.conversations
            seen["closed"] = True
        if m.tickets is not None:
            cum["tickets"] += m.tickets
            seen["tickets"] = True
        if hours_used is not None:
            cum["hours"] += hours_used
            seen["hours"] = True
        if contracted is not None:
            cum["contracted"] += contracted
        return {
            "calls": cum["calls"],
            "conv": cum["conv"],
            "reach": _ratio(cum["conv"], cum["calls"]),
            "closed": cum["closed"] if seen["closed"] else None,
            "closure": _ratio(cum["closed"], cum["closed_conv"]) if seen["closed"] else None,
            "tickets": cum["tickets"] if seen["tickets"] else None,
            "hours": cum["hours"] if seen["hours"] else None,
            "contracted": cum["contracted"] if self.contracted_year is not None else None,
        }


_NO_SUMS: dict[str, float | None] = dict.fromkeys(
    ("calls", "conv", "reach", "closed", "closure", "tickets", "hours", "contracted")
)


def _points_change(now: float | None, before: float | None) -> float | None:
    """The change of a rate in percentage points (``None`` where one side is missing)."""
    return (now - before) * 100 if now is not None and before is not None else None


def _month_kpis(months: list[ReportMonth], ctx: _YearContext) -> tuple[list[MonthKpi], list[Problem]]:
    """Every reported month with its rates, hours, plan, change to the month before and the running sums;
    a warning for each month of the year whose hours are unknown."""
    by_month = {m.month: m for m in months}
    sums = _RunningSums(ctx.contracted_year)
    results: list[MonthKpi] = []
    warnings: list[Problem] = []
    for m in months:
        in_year = m.month.year == ctx.year
        wd = working_days(m.month, ctx.state)
        hours = _month_hours(m)
        contracted = (
            ctx.contracted_year * wd / ctx.working_days_year if in_year and ctx.contracted_year is not None else None
        )
        cum = sums.add(m, hours.used, contracted) if in_year else _NO_SUMS
        pm = ctx.plan_moy.get(m.month.month) if in_year else None
        results.append(_month_kpi(m, in_year, wd, hours, contracted, pm, by_month.get(m.month.shift(-1)), cum, ctx))
        if in_year and m.conversations > 0 and hours.used is None:
            warnings.append(
                Problem(
                    f"Für {m.month.label_numeric} fehlen Gesprächsdauer oder Nachbearbeitung: "
                    "die verbrauchten Stunden dieses Monats sind nicht bekannt.",
                    column="Gesprächsdauer",
                    severity="warning",
                )
            )
    return results, warnings


def _month_kpi(
    m: ReportMonth,
    in_year: bool,
    wd: int,
    hours: _MonthHours,
    contracted: float | None,
    pm: PlanMonth | None,
    prev: ReportMonth | None,
    cum: dict[str, float | None],
    ctx: _YearContext,
) -> MonthKpi:
    """One month's Kennzahlen (``prev``: the month before, for the change in points)."""
    conv = m.conversations
    reach = _ratio(conv, m.calls)
    closure = _ratio(m.closed, conv)
    prev_reach = _ratio(prev.conversations, prev.calls) if prev else None
    prev_closure = _ratio(prev.closed, prev.conversations) if prev else None
    targets = ctx.targets
    return MonthKpi(
        month=m.month,
        in_year=in_year,
        working_days=wd,
        calls=m.calls,
        conversations=conv,
        closed=m.closed,
        tickets=m.tickets,
        reachability=reach,
        closure_rate=closure,
        ticket_rate=_ratio(m.tickets, conv),
        talk_seconds=m.talk_seconds,
        acw_seconds=m.acw_seconds,
        handling_seconds=hours.handling,
        hours_talk=hours.talk,
        hours_acw=hours.acw,
        hours_used=hours.used,
        contracted_hours=contracted,
        plan_calls=pm.calls if pm else None,
        plan_conversations=pm.conversations if pm else None,
        plan_reachability=pm.reachability if pm else None,
        conversations_vs_plan=conv - pm.conversations if pm else None,
        reachability_vs_plan=_points_change(reach, pm.reachability) if pm else None,
        reachability_change=_points_change(reach, prev_reach),
        closure_change=_points_change(closure, prev_closure),
        cum_calls=cum["calls"],
        cum_conversations=cum["conv"],
        cum_reachability=cum["reach"],
        cum_closed=cum["closed"],
        cum_closure_rate=cum["closure"],
        cum_tickets=cum["tickets"],
        cum_hours_used=cum["hours"],
        cum_contracted_hours=cum["contracted"],
        reachability_signal=assess_rate(
            "reachability_month",
            f"Erreichbarkeit {m.month.label}",
            reach,
            targets.reachability,
            band_points=targets.band_points,
        ),
        closure_signal=assess_rate(
            "closure_month",
            f"Fallabschlussquote {m.month.label}",
            closure,
            targets.closure_rate,
            band_points=targets.band_points,
        ),
    )


def _gap_warnings(in_year_results: list[MonthKpi], year_months: list[Month], reported: set[Month]) -> list[Problem]:
    """Months of the year before the latest report that have no report (the forecast sets the plan there)."""
    if not in_year_results:
        return []
    last = in_year_results[-1].month
    gaps = [m for m in year_months if m < last and m not in reported]
    if not gaps:
        return []
    return [
        Problem(
            "Für " + ", ".join(m.label_numeric for m in gaps) + " liegt kein Bericht vor; "
            "die Prognose setzt für diese Monate den Plan an.",
            column="Monat",
            severity="warning",
        )
    ]


def _year_signals(totals: YearKpi, targets: ContractTargets) -> tuple[Signal, ...]:
    """The four signals of the year: forecast reachability, reachability, closure rate and hours so far."""
    band = targets.band_points
    forecast_label = "Erreichbarkeit Jahr" if totals.forecast.complete else "Erreichbarkeit Jahr (Prognose)"
    return (
        assess_rate(
            "reachability_forecast",
            forecast_label,
            totals.forecast.reachability,
            targets.reachability,
            band_points=band,
        ),
        assess_rate(
            "reachability_ytd", "Erreichbarkeit bisher", totals.reachability, targets.reachability, band_points=band
        ),
        assess_rate(
            "closure_ytd", "Fallabschlussquote bisher", totals.closure_rate, targets.closure_rate, band_points=band
        ),
        assess_hours(
            "hours_ytd",
            "Stunden bisher",
            totals.hours_used,
            totals.contracted_hours_to_date,
            band_percent=targets.hours_band_percent,
        ),
    )


def _year_totals(
    year: int,
    months: list[MonthKpi],
    year_months: list[Month],
    reported: set[Month],
    plan_moy: dict[int, PlanMonth],
    contracted_year: float | None,
    wd_year: int,
    state: str,
) -> YearKpi:
    calls = sum(m.calls for m in months)
    conv = sum(m.conversations for m in months)
    closed_months = [m for m in months if m.closed is not None]
    closed = sum(m.closed or 0.0 for m in closed_months) if closed_months else None
    closed_conv = sum(m.conversations for m in closed_months)
    tickets = _sum_known(m.tickets for m in months)
    hours_used = _sum_known(m.hours_used for m in months)
    wd = sum(m.working_days for m in months)
    contracted_to_date = contracted_year * wd / wd_year if contracted_year is not None else None
    with_plan = [m for m in months if m.plan_calls is not None]
    plan_calls = sum(m.plan_calls or 0.0 for m in with_plan) if with_plan else None
    plan_conv = sum(m.plan_conversations or 0.0 for m in with_plan) if with_plan else None

    # forecast: reported months + the plan for every month of the year without a report
    to_come = [m for m in year_months if m not in reported]
    if not months:
        forecast = Forecast(None, None, None, 0, len(to_come), False, None, "Kein Berichtsmonat im Vertragsjahr.")
    elif not to_come:
        forecast = Forecast(_ratio(conv, calls), calls, conv, len(months), 0, True, hours_used)
    else:
        missing = [m for m in to_come if m.month not in plan_moy]
        if missing:
            reason = (
                "Kein aktiver Plan."
                if not plan_moy
                else "Der Plan deckt " + ", ".join(m.label for m in missing) + " nicht ab."
            )
            forecast = Forecast(None, None, None, len(months), len(to_come), False, None, reason)
        else:
            f_calls = calls + sum(plan_moy[m.month].calls for m in to_come)
            f_conv = conv + sum(plan_moy[m.month].conversations for m in to_come)
            f_hours = None
            if hours_used is not None and contracted_year is not None:
                f_hours = hours_used + sum(contracted_year * working_days(m, state) / wd_year for m in to_come)
            forecast = Forecast(_ratio(f_conv, f_calls), f_calls, f_conv, len(months), len(to_come), False, f_hours)

    talk = _weighted((m.conversations, m.talk_seconds) for m in months)
    acw = _weighted((m.conversations, m.acw_seconds) for m in months)
    return YearKpi(
        year=year,
        months_reported=len(months),
        working_days=wd,
        working_days_year=wd_year,
        calls=calls,
        conversations=conv,
        closed=closed,
        tickets=tickets,
        reachability=_ratio(conv, calls),
        closure_rate=_ratio(closed, closed_conv),
        ticket_rate=_ratio(tickets, sum(m.conversations for m in months if m.tickets is not None)),
        talk_seconds=talk,
        acw_seconds=acw,
        handling_seconds=_weighted((m.conversations, m.handling_seconds) for m in months),
        hours_talk=_sum_known(m.hours_talk for m in months),
        hours_acw=_sum_known(m.hours_acw for m in months),
        hours_used=hours_used,
        contracted_hours_year=contracted_year,
        contracted_hours_to_date=contracted_to_date,
        hours_used_ratio=_ratio(hours_used, contracted_to_date),
        hours_used_of_year=_ratio(hours_used, contracted_year),
        plan_calls=plan_calls,
        plan_conversations=plan_conv,
        plan_reachability=_ratio(plan_conv, plan_calls),
        forecast=forecast,
    )


# --------------------------------------------------------------------------- JSON form


def _signal_dict(s: Signal) -> dict[str, Any]:
    return {
        "key": s.key,
        "label": s.label,
        "value": s.value,
        "target": s.target,
        "margin": s.margin,
        "unit": s.unit,
        "level": s.level,
        "word": s.word,
        "symbol": s.symbol,
        "text": s.text,
    }


def kpi_to_dict(report: KpiReport) -> dict[str, Any]:
    """The report as plain JSON-ready data (rates as fractions, months as ``YYYY-MM``)."""
    t = report.year_totals

    def month_dict(m: MonthKpi) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name in MonthKpi.__dataclass_fields__:
            value = getattr(m, name)
            if isinstance(value, Month):
                value = str(value)
            elif isinstance(value, Signal):
                value = _signal_dict(value)
            out[name] = value
        return out

    totals = {name: getattr(t, name) for name in YearKpi.__dataclass_fields__ if name != "forecast"}
    totals["forecast"] = {name: getattr(t.forecast, name) for name in Forecast.__dataclass_fields__}
    return {
        "year": report.year,
        "state": report.state,
        "as_of": str(report.as_of) if report.as_of else None,
        "targets": {
            "reachability": report.targets.reachability,
            "closure_rate": report.targets.closure_rate,
            "band_points": report.targets.band_points,
            "hours_band_percent": report.targets.hours_band_percent,
        },
        "months": [month_dict(m) for m in report.months],
        "totals": totals,
        "signals": [_signal_dict(s) for s in report.signals],
        "warnings": [str(p) for p in report.warnings],
    }


# --------------------------------------------------------------------------- year over year


@dataclass(frozen=True, slots=True)
class YearFigures:
    """Sums of some months of one contract year (the months reported in both years being compared)."""

    year: int
    months: int
    calls: float
    conversations: float
    closed: float | None
    hours_used: float | None
    reachability: float | None
    closure_rate: float | None
    calls_per_month: float | None


@dataclass(frozen=True, slots=True)
class MonthComparison:
    """One month of the year against the same month of the previous year (``None`` where not reported)."""

    month_of_year: int
    current: MonthKpi | None
    previous: MonthKpi | None

    def _change(self, name: str, scale: float = 1.0) -> float | None:
        if self.current is None or self.previous is None:
            return None
        a, b = getattr(self.current, name), getattr(self.previous, name)
        return None if a is None or b is None else (a - b) * scale

    @property
    def calls_change(self) -> float | None:
        return self._change("calls")

    @property
    def reachability_change(self) -> float | None:
        """Percentage points."""
        return self._change("reachability", 100)

    @property
    def closure_change(self) -> float | None:
        """Percentage points."""
        return self._change("closure_rate", 100)

    @property
    def hours_change(self) -> float | None:
        return self._change("hours_used")


@dataclass(frozen=True, slots=True)
class YearComparison:
    """The selected contract year against the previous one, month by month and over the common months.

    ``current`` and ``previous`` sum only the months reported in *both* years (so that January–June is
    not compared with a whole year); ``months`` lists every month reported in either year.
    """

    year: int
    previous_year: int
    months: tuple[MonthComparison, ...]
    current: YearFigures
    previous: YearFigures

    @property
    def reachability_change(self) -> float | None:
        a, b = self.current.reachability, self.previous.reachability
        return None if a is None or b is None else (a - b) * 100

    @property
    def closure_change(self) -> float | None:
        a, b = self.current.closure_rate, self.previous.closure_rate
        return None if a is None or b is None else (a - b) * 100

    @property
    def hours_change(self) -> float | None:
        a, b = self.current.hours_used, self.previous.hours_used
        return None if a is None or b is None else a - b

    @property
    def calls_per_month_change(self) -> float | None:
        a, b = self.current.calls_per_month, self.previous.calls_per_month
        return None if a is None or b is None else a - b


def _figures(year: int, months: Sequence[MonthKpi]) -> YearFigures:
    calls = sum(m.calls for m in months)
    conversations = sum(m.conversations for m in months)
    closed = _sum_known(m.closed for m in months) if all(m.closed is not None for m in months) else None
    hours = _sum_known(m.hours_used for m in months) if all(m.hours_used is not None for m in months) else None
    return YearFigures(
        year=year,
        months=len(months),
        calls=calls,
        conversations=conversations,
        closed=closed,
        hours_used=hours,
        reachability=_ratio(conversations, calls),
        closure_rate=_ratio(closed, conversations),
        calls_per_month=calls / len(months) if months else None,
    )


def compare_years(
    report: Sequence[ReportMonth],
    year: int,
    *,
    state: str = "BW",
    targets: ContractTargets | None = None,
    as_of: Month | None = None,
) -> YearComparison | None:
    """The contract year ``year`` against ``year - 1`` (reachability, closure rate, hours used, calls per
    month, with the differences); ``None`` when the report holds no month of either year, or the two years
    have no month in common. ``as_of`` limits the selected year (the previous year is taken whole).
    """
    previous = [m for m in report if m.month.year == year - 1]
    current = [m for m in report if m.month.year == year and (as_of is None or m.month <= as_of)]
    if not previous or not current:
        return None
    now = {m.month.month: m for m in compute_kpis(current, state=state, year=year, targets=targets).in_year}
    before = {m.month.month: m for m in compute_kpis(previous, state=state, year=year - 1, targets=targets).in_year}
    common = sorted(set(now) & set(before))
    if not common:
        return None
    rows = tuple(MonthComparison(n, now.get(n), before.get(n)) for n in sorted(set(now) | set(before)))
    return YearComparison(
        year=year,
        previous_year=year - 1,
        months=rows,
        current=_figures(year, [now[n] for n in common]),
        previous=_figures(year - 1, [before[n] for n in common]),
    )
