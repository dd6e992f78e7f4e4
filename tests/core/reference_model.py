"""An independent, deliberately plain implementation of PLANNING_MODEL.md, written from the text only.

It shares no code with ``o7core`` (not even the calendar): working days come straight from the
``holidays`` package and a day-by-day loop, the capacity solver is a bisection instead of the
exact piecewise solution, and money is computed with ``Decimal`` from scratch. The tests compare
``o7core`` against it on random scenarios, figure by figure.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import holidays


@dataclass
class RefInput:
    months: list[dict[str, Any]]  # {"month": "2021-09", "calls": …, "repeat_calls": …, …}
    state: str
    t: float
    a: float = 1.0
    b: float = 0.0
    c: float = 1.0
    aht: float = 562.285
    callback: float = 1.7645
    mail: float = 21.744
    hours_per_fte: float = 1200.0
    capacity: float | None = None
    joint_target: float | None = None
    jc_per_day: float | None = None
    volume: dict[int, dict[str, Any]] = field(default_factory=dict)  # 3/5/6/7: chosen, volume_per_year, minutes, share
    bg: int | None = None
    prices: dict[int, tuple[str, str]] = field(default_factory=dict)  # term → (€ per BG, € per hour)


def ref_working_days(year: int, month: int, state: str) -> int:
    free = holidays.Germany(subdiv=state, years=year)
    n = 0
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        d = date(year, month, day)
        if d.weekday() < 5 and d not in free and not (month == 12 and day in (24, 31)):
            n += 1
    return n


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    i = year * 12 + (month - 1) + n
    return i // 12, i % 12 + 1


COLUMNS = {3: "voicebox_messages", 5: "outbound_calls", 6: "emails", 7: "overlap_notices"}


def reference_plan(x: RefInput) -> dict[str, Any]:
    ym = [tuple(int(p) for p in m["month"].split("-")) for m in x.months]
    wd = [ref_working_days(y, mo, x.state) for y, mo in ym]
    w12 = sum(ref_working_days(*_add_months(*ym[0], i), x.state) for i in range(12))
    hpd = x.hours_per_fte / w12
    s = x.aht + x.callback + x.mail
    k = w12 / sum(wd)

    planned = [
        max(0.0, m["calls"] * x.a + m.get("forwarded_calls", 0) * x.b - m.get("repeat_calls", 0) * x.c)
        for m in x.months
    ]
    required = [p * x.t for p in planned]
    h_call = [r * x.aht / 3600 for r in required]
    h_cb = [r * x.callback / 3600 for r in required]
    h_mail = [r * x.mail / 3600 for r in required]
    h_tot = [a + b + c for a, b, c in zip(h_call, h_cb, h_mail, strict=True)]
    fte_m = [h / (hpd * d) for h, d in zip(h_tot, wd, strict=True)]
    fte_total = sum(h_tot) * k / x.hours_per_fte

    cap = x.capacity if x.capacity is not None else fte_total
    possible = [min(p, cap * hpd * d * 3600 / s) for p, d in zip(planned, wd, strict=True)]

    def annual_possible(capacity: float) -> float:
        return sum(min(p, capacity * hpd * d * 3600 / s) for p, d in zip(planned, wd, strict=True))

    need = x.t * sum(planned)
    lo, hi = 0.0, 1.0
    while annual_possible(hi) < need:
        hi *= 2
    for _ in range(200):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if annual_possible(mid) < need else (lo, mid)
    cap_for_target = hi if need > 0 else 0.0

    if x.joint_target is not None:
        jc = [max(0.0, x.joint_target * p - q) for p, q in zip(planned, possible, strict=True)]
    else:
        jc = [0.0] * len(planned)
    joint = None
    if x.jc_per_day is not None and sum(planned) > 0:
        joint = (sum(possible) + sum(min(j, x.jc_per_day * d) for j, d in zip(jc, wd, strict=True))) / sum(planned)

    convs = [m.get("conversations") for m in x.months]
    prior = sum(convs) if all(v is not None for v in convs) else None  # type: ignore[arg-type]
    sum_req = sum(required)
    rows: dict[int, dict[str, Any]] = {}
    if prior:
        b1, b4 = min(sum_req, prior), max(0.0, sum_req - prior)
        f1, f4 = min(sum_req, prior) / prior, (sum_req - prior) / prior
    else:
        b1, b4, f1, f4 = sum_req, 0.0, 1.0, None
    for number, conv, ful in ((1, b1, f1), (4, b4, f4)):
        hours = conv * s / 3600
        rows[number] = {
            "chosen": True if number == 1 else hours > 0,
            "hours": hours,
            "hours_annualized": hours * k,
            "fte": hours * k / x.hours_per_fte,
            "fulfilment": ful,
        }
    for number, column in COLUMNS.items():
        v = x.volume.get(number, {})
        chosen = bool(v.get("chosen"))
        per_year = v.get("volume_per_year")
        if per_year is None:
            per_year = sum(m.get(column) or 0 for m in x.months) * k
        annual = per_year * v.get("minutes", 0.0) / 60 * v.get("share", 1.0) if chosen else 0.0
        rows[number] = {
            "chosen": chosen,
            "hours": annual / k,
            "hours_annualized": annual,
            "fte": annual / x.hours_per_fte,
            "fulfilment": None,
        }
    unrounded = sum(r["hours_annualized"] for r in rows.values() if r["chosen"])
    hours_rounded = Decimal(repr(unrounded)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    costs = []
    if x.bg:
        for term, (per_bg, per_hour) in sorted(x.prices.items()):
            base = (x.bg * Decimal(per_bg)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            volume = (hours_rounded * Decimal(per_hour)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            costs.append({"term_years": term, "base_price": base, "volume_price": volume, "total": base + volume})

    months_out = []
    for i, m in enumerate(x.months):
        months_out.append(
            {
                "month": m["month"],
                "working_days": wd[i],
                "planned_calls": planned[i],
                "required_conversations": required[i],
                "hours_call": h_call[i],
                "hours_callback": h_cb[i],
                "hours_mail": h_mail[i],
                "hours_total": h_tot[i],
                "fte_required": fte_m[i],
                "possible_conversations": possible[i],
                "possible_reachability": possible[i] / planned[i] if planned[i] > 0 else None,
                "jc_conversations": jc[i],
                "jc_conversations_per_day": jc[i] / wd[i],
            }
        )
    sp = sum(planned)
    totals = {
        "working_days": sum(wd),
        "planned_calls": sp,
        "required_conversations": sum_req,
        "hours_call": sum(h_call),
        "hours_callback": sum(h_cb),
        "hours_mail": sum(h_mail),
        "hours_total": sum(h_tot),
        "fte_required": fte_total,
        "possible_conversations": sum(possible),
        "possible_reachability": sum(possible) / sp if sp > 0 else None,
        "jc_conversations": sum(jc),
        "jc_conversations_per_day": sum(jc) / sum(wd),
        "fulfilment_vs_prior_year": sum_req / prior if prior else None,
        "joint_reachability": joint,
        # not in the JSON, on Plan.totals
        "capacity_fte_for_target": cap_for_target,
        "working_days_12": w12,
    }
    return {
        "months": months_out,
        "totals": totals,
        "bausteine": rows,
        "hours_total_rounded": hours_rounded,
        "hours_total_unrounded": unrounded,
        "costs": costs,
    }
