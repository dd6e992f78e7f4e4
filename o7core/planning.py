"""The O.7 planning model, exactly as ``PLANNING_MODEL.md`` states it.

``compute_plan`` takes the monthly history (Bezugszeitraum) and the planning parameters and
returns a :class:`~o7core.model.Plan`: per month planned calls, required conversations, hours,
VZA, capacity-limited possible conversations and reachability, Baustein 2; the totals; the
Baustein table (B1/B4 split, volume Bausteine); the rounded hours and the costs of the first year.
All figures are unrounded floats except the rounded hours and money (``Decimal``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import NamedTuple

from .costs import first_year_costs, round_hours
from .errors import O7InputError, Problem
from .formats.checks import validate_months
from .model import (
    BAUSTEIN_NAMES,
    VOLUME_COLUMNS,
    Baustein2Setting,
    BausteinResult,
    BausteinSetting,
    MonthData,
    MonthResult,
    Plan,
    PlanningParameters,
    PlanTotals,
    PriceSheet,
)
from .ranges import RANGES, out_of_range
from .workdays import STATES, normalize_state, working_days, working_days_12


def _between(
    problems: list[Problem],
    value: float | None,
    field: str,
    label: str,
    *,
    low: float,
    high: float,
    low_open: bool = False,
) -> None:
    if value is None:
        return
    ok = (value > low if low_open else value >= low) and value <= high
    if not ok:
        from . import fmt

        lo, hi = fmt.figure(low), fmt.figure(high)
        bound = f"größer als {lo}" if low_open else f"mindestens {lo}"
        problems.append(
            Problem(
                f"{label} muss {bound} und höchstens {hi} sein.",
                column=field,
                value=fmt.json_number(value),  # as in the scenario file that names the field
                expected=f"Wert {'>' if low_open else '≥'} {lo} und ≤ {hi}",
            )
        )


class _Range(NamedTuple):
    """One planning parameter's allowed range and the German name it goes by in messages."""

    field: str
    label: str
    low: float
    high: float
    low_open: bool = False


# The planning parameters of the planning aid, in its order.
_PARAMETER_RANGES = (
    _Range("target_reachability", "Die Ziel-Erreichbarkeit", 0, 1, low_open=True),
    _Range("share_calls", "Die Berücksichtigung der Anrufe", 0, 1),
    _Range("share_forwarded", "Die Berücksichtigung der Weiterleitungen", 0, 1),
    _Range("share_repeat_deduction", "Der Abzug der Anrufwiederholungen", 0, 1),
    _Range("aht_seconds", "Die Bearbeitungszeit je Gespräch (Sekunden)", 0, 36000, low_open=True),
    _Range("callback_seconds_per_conversation", "Die Rückrufzeit je Gespräch (Sekunden)", 0, 36000),
    _Range("mail_seconds_per_conversation", "Die Versandzeit je Gespräch (Sekunden)", 0, 36000),
    _Range(
        "productive_hours_per_fte",
        "Die Produktivstunden je VZA und Jahr",
        RANGES["productive_hours"].low,
        RANGES["productive_hours"].high,
    ),
    _Range("capacity_fte", "Die verfügbare Kapazität (VZA)", 0, RANGES["capacity_fte"].high, low_open=True),
)


def _check(problems: list[Problem], value: float | None, range_: _Range, field: str) -> None:
    _between(problems, value, field, range_.label, low=range_.low, high=range_.high, low_open=range_.low_open)


def validate_parameters(
    p: PlanningParameters,
    *,
    bausteine: Mapping[int, BausteinSetting] | None = None,
    baustein2: Baustein2Setting | None = None,
    prefix: str = "parameters.",
) -> list[Problem]:
    """Every parameter against its range; German messages naming the scenario field."""
    problems: list[Problem] = []
    for range_ in _PARAMETER_RANGES:
        _check(problems, getattr(p, range_.field), range_, prefix + range_.field)
    for number, setting in (bausteine or {}).items():
        problems += _volume_baustein_problems(number, setting)
    if baustein2 is not None:
        problems += _baustein2_problems(baustein2)
    return problems


def _volume_baustein_problems(number: int, setting: BausteinSetting) -> list[Problem]:
    """A volume Baustein (3, 5, 6, 7): its yearly volume, minutes per item and share."""
    problems: list[Problem] = []
    ranges = (
        _Range("volume_per_year", f"Das Jahresvolumen von Baustein {number}", 0, RANGES["volume"].high),
        _Range("minutes_per_item", f"Die Minuten je Vorgang von Baustein {number}", 0, 600),
        _Range("share", f"Der Anteil von Baustein {number}", 0, 1),
    )
    for range_ in ranges:
        _check(problems, getattr(setting, range_.field), range_, f"bausteine.{number}.{range_.field}")
    return problems


def _baustein2_problems(baustein2: Baustein2Setting) -> list[Problem]:
    """Baustein 2 (Lastverteilung): the joint target, the Jobcenter's capacity per day and the mode."""
    problems: list[Problem] = []
    ranges = (
        _Range("joint_target_reachability", "Die gemeinsame Ziel-Erreichbarkeit", 0, 1, low_open=True),
        _Range("jc_capacity_per_day", "Die Kapazität des JC je Arbeitstag", 0, RANGES["per_day"].high),
    )
    for range_ in ranges:
        _check(problems, getattr(baustein2, range_.field), range_, "baustein2." + range_.field)
    if baustein2.mode not in ("Anrufe", "Voiceboxen"):
        problems.append(
            Problem(
                "Unbekannte Art der Lastverteilung.",
                column="baustein2.mode",
                value=baustein2.mode,
                expected="„Anrufe“ oder „Voiceboxen“",
            )
        )
    return problems


def capacity_for_target(planned: Sequence[float], rate_per_fte: Sequence[float], target: float) -> float:
    """Smallest capacity ``C`` (VZA) with ``Σ min(planned_m, C·rate_m) ≥ target · Σ planned``.

    ``rate_m`` is the number of conversations one VZA can hold in month ``m`` (``hpd·wd·3600/s``).
    ``f(C) = Σ min(planned_m, C·rate_m)`` is piecewise linear and increasing, so the answer is
    found exactly between the sorted breakpoints ``planned_m / rate_m``.
    """
    need = target * sum(planned)
    if need <= 0:
        return 0.0
    pairs = sorted(((p / r, p, r) for p, r in zip(planned, rate_per_fte, strict=True) if p > 0), key=lambda x: x[0])
    capped = 0.0  # Σ planned of months already capped at their volume
    rate_left = sum(r for _, _, r in pairs)
    for breakpoint, p, r in pairs:
        # on [previous breakpoint, this breakpoint], f(C) = capped + C·rate_left
        c = (need - capped) / rate_left
        if c <= breakpoint:
            return c
        capped += p
        rate_left -= r
    return pairs[-1][0] if pairs else 0.0


def compute_plan(
    months: Sequence[MonthData],
    parameters: PlanningParameters,
    *,
    state: str,
    bausteine: Mapping[int, BausteinSetting] | None = None,
    baustein2: Baustein2Setting | None = None,
    prices: PriceSheet | None = None,
    bg_count: int | None = None,
    validate: bool = True,
) -> Plan:
    """Compute the plan. Raises :class:`O7InputError` with all problems on bad input."""
    bausteine = bausteine or {}
    baustein2 = baustein2 or Baustein2Setting()
    if state not in STATES:
        state = normalize_state(state, field="jobcenter.state")
    if validate:
        _refuse_bad_input(months, parameters, bausteine, baustein2, bg_count)

    months = sorted(months, key=lambda m: m.month)
    p = parameters
    seconds = p.aht_seconds + p.callback_seconds_per_conversation + p.mail_seconds_per_conversation
    period = _period(months, state, p.productive_hours_per_fte)

    # Planung Baustein 1+4: planned calls → required conversations → hours → VZA
    planned = _planned_calls(months, p)
    required = [x * p.target_reachability for x in planned]
    fte_required = sum(required) * seconds / 3600.0 * period.annualization / p.productive_hours_per_fte

    # Begrenzung auf Volumen und Mitarbeiterkapazität: per month at most the calls planned
    capacity = p.capacity_fte if p.capacity_fte is not None else fte_required
    conversations_per_fte_day = period.hours_per_fte_day * 3600.0 / seconds
    rates = [conversations_per_fte_day * wd for wd in period.working_days]
    possible = [min(pl, capacity * r) for pl, r in zip(planned, rates, strict=True)]
    jc = _jc_conversations(planned, possible, baustein2.joint_target_reachability)

    month_results = _month_results(months, period, p, planned, required, possible, jc)
    prior, warnings = _prior_year_conversations(months)
    totals = _totals(
        months,
        month_results,
        period,
        capacity=capacity,
        fte_required=fte_required,
        capacity_for_target=capacity_for_target(planned, rates, p.target_reachability),
        conversations_per_fte_day=conversations_per_fte_day,
        prior=prior,
        jc_capacity_per_day=baustein2.jc_capacity_per_day,
    )
    baustein_rows = _bausteine(
        months,
        totals.required_conversations,
        prior,
        seconds,
        period.annualization,
        p.productive_hours_per_fte,
        bausteine,
        baustein2,
    )
    hours_rounded = round_hours(sum(r.hours_annualized or 0.0 for r in baustein_rows if r.chosen))
    costs = first_year_costs(hours_rounded, bg_count, prices) if prices is not None and bg_count else ()
    return Plan(
        months=tuple(month_results),
        totals=totals,
        bausteine=baustein_rows,
        hours_total_rounded=hours_rounded,
        costs=costs,
        bg_count=bg_count,
        target_reachability=p.target_reachability,
        warnings=tuple(warnings),
    )


def _refuse_bad_input(
    months: Sequence[MonthData],
    parameters: PlanningParameters,
    bausteine: Mapping[int, BausteinSetting],
    baustein2: Baustein2Setting,
    bg_count: int | None,
) -> None:
    """Raise :class:`O7InputError` with every problem of the history, the parameters and the BG."""
    problems = validate_months(months) + validate_parameters(parameters, bausteine=bausteine, baustein2=baustein2)
    bg_problem = out_of_range("bg", bg_count, "Die Zahl der Bedarfsgemeinschaften (BG)")
    if bg_problem is not None:
        problems.append(replace(bg_problem, column="bg_count_contract_year"))
    if problems:
        raise O7InputError(problems)


@dataclass(frozen=True, slots=True)
class _Period:
    """The calendar of the Bezugszeitraum: working days per month and over 12 months (W12), the productive
    hours of one VZA per working day (hpd) and the annualisation factor k = W12 / Σ working days."""

    working_days: tuple[int, ...]
    working_days_12: int
    hours_per_fte_day: float
    annualization: float


def _period(months: Sequence[MonthData], state: str, productive_hours_per_fte: float) -> _Period:
    wds = tuple(working_days(m.month, state) for m in months)
    w12 = working_days_12(months[0].month, state)
    return _Period(wds, w12, productive_hours_per_fte / w12, w12 / sum(wds))


def _planned_calls(months: Sequence[MonthData], p: PlanningParameters) -> list[float]:
    """Anrufe gesamt in der Planung: calls, plus forwarded calls, minus repeat calls, each by its share; never < 0."""
    a, b, c = p.share_calls, p.share_forwarded, p.share_repeat_deduction
    return [max(0.0, m.calls * a + m.forwarded_calls * b - m.repeat_calls * c) for m in months]


def _jc_conversations(planned: Sequence[float], possible: Sequence[float], joint_target: float | None) -> list[float]:
    """Baustein 2: the conversations the Jobcenter holds itself to reach the joint target, per month."""
    if joint_target is None:
        return [0.0] * len(planned)
    return [max(0.0, joint_target * pl - po) for pl, po in zip(planned, possible, strict=True)]


def _month_results(
    months: Sequence[MonthData],
    period: _Period,
    p: PlanningParameters,
    planned: Sequence[float],
    required: Sequence[float],
    possible: Sequence[float],
    jc: Sequence[float],
) -> list[MonthResult]:
    """One row per month: hours for calls, callbacks and mailing, VZA, possible conversations, Baustein 2."""
    aht, cb, ml = p.aht_seconds, p.callback_seconds_per_conversation, p.mail_seconds_per_conversation
    hpd = period.hours_per_fte_day
    results = []
    for m, wd, pl, req, po, jcm in zip(months, period.working_days, planned, required, possible, jc, strict=True):
        h_call = req * aht / 3600.0
        h_cb = req * cb / 3600.0
        h_ml = req * ml / 3600.0
        h_tot = h_call + h_cb + h_ml
        results.append(
            MonthResult(
                month=m.month,
                working_days=wd,
                planned_calls=pl,
                required_conversations=req,
                hours_call=h_call,
                hours_callback=h_cb,
                hours_mail=h_ml,
                hours_total=h_tot,
                fte_required=h_tot / (hpd * wd),
                possible_conversations=po,
                possible_reachability=(po / pl) if pl > 0 else None,
                jc_conversations=jcm,
                jc_conversations_per_day=jcm / wd,
            )
        )
    return results


def _prior_year_conversations(months: Sequence[MonthData]) -> tuple[float | None, list[str]]:
    """Gespräche Vorjahr: their sum where every month has them, and a warning where only some have."""
    have_prior = all(m.conversations is not None for m in months)
    prior = sum(m.conversations or 0.0 for m in months) if have_prior else None
    warnings: list[str] = []
    if not have_prior and any(m.conversations is not None for m in months):
        warnings.append(
            "Gespräche des Vorjahres fehlen für einige Monate: Baustein 1 und 4 werden ohne Vorjahresvergleich geplant."
        )
    return prior, warnings


def _totals(
    months: Sequence[MonthData],
    rows: Sequence[MonthResult],
    period: _Period,
    *,
    capacity: float,
    fte_required: float,
    capacity_for_target: float,
    conversations_per_fte_day: float,
    prior: float | None,
    jc_capacity_per_day: float | None,
) -> PlanTotals:
    """The column ``Gesamt``: sums over the months, the reachabilities and the fulfilment against the prior year."""
    sum_wd = sum(period.working_days)
    sum_planned = sum(r.planned_calls for r in rows)
    sum_required = sum(r.required_conversations for r in rows)
    sum_possible = sum(r.possible_conversations for r in rows)
    sum_jc = sum(r.jc_conversations for r in rows)
    joint = None
    if jc_capacity_per_day is not None:
        jc_done = sum(min(r.jc_conversations, jc_capacity_per_day * r.working_days) for r in rows)
        joint = (sum_possible + jc_done) / sum_planned if sum_planned > 0 else None
    return PlanTotals(
        working_days=sum_wd,
        working_days_12=period.working_days_12,
        annualization_factor=period.annualization,
        hours_per_fte_day=period.hours_per_fte_day,
        calls=float(sum(m.calls for m in months)),
        repeat_calls=float(sum(m.repeat_calls for m in months)),
        forwarded_calls=float(sum(m.forwarded_calls for m in months)),
        planned_calls=sum_planned,
        required_conversations=sum_required,
        hours_call=sum(r.hours_call for r in rows),
        hours_callback=sum(r.hours_callback for r in rows),
        hours_mail=sum(r.hours_mail for r in rows),
        hours_total=sum(r.hours_total for r in rows),
        fte_required=fte_required,
        capacity_fte=capacity,
        capacity_fte_for_target=capacity_for_target,
        possible_conversations=sum_possible,
        possible_conversations_per_day=capacity * conversations_per_fte_day,
        possible_reachability=(sum_possible / sum_planned) if sum_planned > 0 else None,
        prior_year_conversations=prior,
        fulfilment_vs_prior_year=(sum_required / prior) if prior else None,
        jc_conversations=sum_jc,
        jc_conversations_per_day=sum_jc / sum_wd,
        joint_reachability=joint,
    )


def _bausteine(
    months: Sequence[MonthData],
    sum_required: float,
    prior: float | None,
    s: float,
    k: float,
    phpf: float,
    settings: Mapping[int, BausteinSetting],
    baustein2: Baustein2Setting,
) -> tuple[BausteinResult, ...]:
    def row(number: int, chosen: bool, hours: float, fulfilment: float | None) -> BausteinResult:
        annual = hours * k
        return BausteinResult(number, BAUSTEIN_NAMES[number], chosen, hours, annual, annual / phpf, fulfilment)

    if prior is None or prior <= 0:
        b1_conv, b4_conv = sum_required, 0.0
        b1_fulfil: float | None = 1.0
        b4_fulfil: float | None = None
    else:
        b1_conv = min(sum_required, prior)
        b4_conv = max(0.0, sum_required - prior)
        b1_fulfil = b1_conv / prior
        b4_fulfil = (sum_required - prior) / prior
    b4_hours = b4_conv * s / 3600.0

    rows = {
        1: row(1, True, b1_conv * s / 3600.0, b1_fulfil),
        2: BausteinResult(2, BAUSTEIN_NAMES[2], baustein2.chosen, None, None, None, None),
        4: row(4, b4_hours > 0, b4_hours, b4_fulfil),
    }
    for number, column in VOLUME_COLUMNS.items():
        setting = settings.get(number, BausteinSetting())
        if setting.volume_per_year is not None:
            per_year = setting.volume_per_year
        else:
            per_year = sum(getattr(m, column) or 0.0 for m in months) * k
        annual = per_year * setting.minutes_per_item / 60.0 * setting.share if setting.chosen else 0.0
        rows[number] = BausteinResult(
            number, BAUSTEIN_NAMES[number], setting.chosen, annual / k, annual, annual / phpf, None
        )
    return tuple(rows[n] for n in sorted(rows))
