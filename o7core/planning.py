"""The O.7 planning model, exactly as ``PLANNING_MODEL.md`` states it.

``compute_plan`` takes the monthly history (Bezugszeitraum) and the planning parameters and
returns a :class:`~o7core.model.Plan`: per month planned calls, required conversations, hours,
VZA, capacity-limited possible conversations and reachability, Baustein 2; the totals; the
Baustein table (B1/B4 split, volume Bausteine); the rounded hours and the costs of the first year.
All figures are unrounded floats except the rounded hours and money (``Decimal``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

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
        bound = f"größer als {low:g}" if low_open else f"mindestens {low:g}"
        problems.append(
            Problem(
                f"{label} muss {bound} und höchstens {high:g} sein.",
                column=field,
                value=f"{value:g}",
                expected=f"Wert {'>' if low_open else '≥'} {low:g} und ≤ {high:g}",
            )
        )


def validate_parameters(
    p: PlanningParameters,
    *,
    bausteine: Mapping[int, BausteinSetting] | None = None,
    baustein2: Baustein2Setting | None = None,
    prefix: str = "parameters.",
) -> list[Problem]:
    """Every parameter against its range; German messages naming the scenario field."""
    problems: list[Problem] = []
    _between(
        problems,
        p.target_reachability,
        prefix + "target_reachability",
        "Die Ziel-Erreichbarkeit",
        low=0,
        high=1,
        low_open=True,
    )
    _between(problems, p.share_calls, prefix + "share_calls", "Die Berücksichtigung der Anrufe", low=0, high=1)
    _between(
        problems,
        p.share_forwarded,
        prefix + "share_forwarded",
        "Die Berücksichtigung der Weiterleitungen",
        low=0,
        high=1,
    )
    _between(
        problems,
        p.share_repeat_deduction,
        prefix + "share_repeat_deduction",
        "Der Abzug der Anrufwiederholungen",
        low=0,
        high=1,
    )
    _between(
        problems,
        p.aht_seconds,
        prefix + "aht_seconds",
        "Die Bearbeitungszeit je Gespräch (Sekunden)",
        low=0,
        high=36000,
        low_open=True,
    )
    _between(
        problems,
        p.callback_seconds_per_conversation,
        prefix + "callback_seconds_per_conversation",
        "Die Rückrufzeit je Gespräch (Sekunden)",
        low=0,
        high=36000,
    )
    _between(
        problems,
        p.mail_seconds_per_conversation,
        prefix + "mail_seconds_per_conversation",
        "Die Versandzeit je Gespräch (Sekunden)",
        low=0,
        high=36000,
    )
    _between(
        problems,
        p.productive_hours_per_fte,
        prefix + "productive_hours_per_fte",
        "Die Produktivstunden je VZA und Jahr",
        low=RANGES["productive_hours"].low,
        high=RANGES["productive_hours"].high,
    )
    _between(
        problems,
        p.capacity_fte,
        prefix + "capacity_fte",
        "Die verfügbare Kapazität (VZA)",
        low=0,
        high=RANGES["capacity_fte"].high,
        low_open=True,
    )
    for number, setting in (bausteine or {}).items():
        field = f"bausteine.{number}."
        _between(
            problems,
            setting.volume_per_year,
            field + "volume_per_year",
            f"Das Jahresvolumen von Baustein {number}",
            low=0,
            high=RANGES["volume"].high,
        )
        _between(
            problems,
            setting.minutes_per_item,
            field + "minutes_per_item",
            f"Die Minuten je Vorgang von Baustein {number}",
            low=0,
            high=600,
        )
        _between(problems, setting.share, field + "share", f"Der Anteil von Baustein {number}", low=0, high=1)
    if baustein2 is not None:
        _between(
            problems,
            baustein2.joint_target_reachability,
            "baustein2.joint_target_reachability",
            "Die gemeinsame Ziel-Erreichbarkeit",
            low=0,
            high=1,
            low_open=True,
        )
        _between(
            problems,
            baustein2.jc_capacity_per_day,
            "baustein2.jc_capacity_per_day",
            "Die Kapazität des JC je Arbeitstag",
            low=0,
            high=RANGES["per_day"].high,
        )
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
        problems = validate_months(months) + validate_parameters(parameters, bausteine=bausteine, baustein2=baustein2)
        bg_problem = out_of_range("bg", bg_count, "Die Zahl der Bedarfsgemeinschaften (BG)")
        if bg_problem is not None:
            problems.append(replace(bg_problem, column="bg_count_contract_year"))
        if problems:
            raise O7InputError(problems)

    months = sorted(months, key=lambda m: m.month)
    p = parameters
    t = p.target_reachability
    a, b, c = p.share_calls, p.share_forwarded, p.share_repeat_deduction
    aht, cb, ml = p.aht_seconds, p.callback_seconds_per_conversation, p.mail_seconds_per_conversation
    s = aht + cb + ml
    phpf = p.productive_hours_per_fte

    wds = [working_days(m.month, state) for m in months]
    sum_wd = sum(wds)
    w12 = working_days_12(months[0].month, state)
    hpd = phpf / w12
    k = w12 / sum_wd

    planned = [max(0.0, m.calls * a + m.forwarded_calls * b - m.repeat_calls * c) for m in months]
    required = [x * t for x in planned]
    sum_planned = sum(planned)
    sum_required = sum(required)
    hours_total_sum = sum_required * s / 3600.0
    fte_total = hours_total_sum * k / phpf

    capacity = p.capacity_fte if p.capacity_fte is not None else fte_total
    conv_per_fte_day = hpd * 3600.0 / s  # conversations one VZA holds on one working day
    rates = [conv_per_fte_day * wd for wd in wds]
    possible = [min(pl, capacity * r) for pl, r in zip(planned, rates, strict=True)]
    sum_possible = sum(possible)

    j = baustein2.joint_target_reachability
    q = baustein2.jc_capacity_per_day
    if j is not None:
        jc = [max(0.0, j * pl - po) for pl, po in zip(planned, possible, strict=True)]
    else:
        jc = [0.0] * len(months)

    month_results = []
    for m, wd, pl, req, po, jcm in zip(months, wds, planned, required, possible, jc, strict=True):
        h_call = req * aht / 3600.0
        h_cb = req * cb / 3600.0
        h_ml = req * ml / 3600.0
        h_tot = h_call + h_cb + h_ml
        month_results.append(
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

    sum_jc = sum(jc)
    joint = None
    if q is not None:
        jc_done = sum(min(jcm, q * wd) for jcm, wd in zip(jc, wds, strict=True))
        joint = (sum_possible + jc_done) / sum_planned if sum_planned > 0 else None

    have_prior = all(m.conversations is not None for m in months)
    prior = sum(m.conversations or 0.0 for m in months) if have_prior else None
    warnings: list[str] = []
    if not have_prior and any(m.conversations is not None for m in months):
        warnings.append(
            "Gespräche des Vorjahres fehlen für einige Monate: Baustein 1 und 4 werden ohne Vorjahresvergleich geplant."
        )

    totals = PlanTotals(
        working_days=sum_wd,
        working_days_12=w12,
        annualization_factor=k,
        hours_per_fte_day=hpd,
        calls=float(sum(m.calls for m in months)),
        repeat_calls=float(sum(m.repeat_calls for m in months)),
        forwarded_calls=float(sum(m.forwarded_calls for m in months)),
        planned_calls=sum_planned,
        required_conversations=sum_required,
        hours_call=sum(r.hours_call for r in month_results),
        hours_callback=sum(r.hours_callback for r in month_results),
        hours_mail=sum(r.hours_mail for r in month_results),
        hours_total=sum(r.hours_total for r in month_results),
        fte_required=fte_total,
        capacity_fte=capacity,
        capacity_fte_for_target=capacity_for_target(planned, rates, t),
        possible_conversations=sum_possible,
        possible_conversations_per_day=capacity * conv_per_fte_day,
        possible_reachability=(sum_possible / sum_planned) if sum_planned > 0 else None,
        prior_year_conversations=prior,
        fulfilment_vs_prior_year=(sum_required / prior) if prior else None,
        jc_conversations=sum_jc,
        jc_conversations_per_day=sum_jc / sum_wd,
        joint_reachability=joint,
    )

    baustein_rows = _bausteine(months, sum_required, prior, s, k, phpf, bausteine, baustein2)
    hours_rounded = round_hours(sum(r.hours_annualized or 0.0 for r in baustein_rows if r.chosen))
    costs = first_year_costs(hours_rounded, bg_count, prices) if prices is not None and bg_count else ()
    return Plan(
        months=tuple(month_results),
        totals=totals,
        bausteine=baustein_rows,
        hours_total_rounded=hours_rounded,
        costs=costs,
        bg_count=bg_count,
        target_reachability=t,
        warnings=tuple(warnings),
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
