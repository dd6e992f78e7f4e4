"""The plan as plain JSON data (the command line's ``plan --format json``, ``APP.md``).

Numbers are unrounded floats except money (decimal strings such as ``"174676.32"``);
reachability and shares are fractions.
"""

from __future__ import annotations

from typing import Any

from .model import Plan

MONTH_KEYS = (
    "working_days",
    "planned_calls",
    "required_conversations",
    "hours_call",
    "hours_callback",
    "hours_mail",
    "hours_total",
    "fte_required",
    "possible_conversations",
    "possible_reachability",
    "jc_conversations",
    "jc_conversations_per_day",
)
TOTAL_KEYS = (
    *MONTH_KEYS,
    "calls",
    "repeat_calls",
    "forwarded_calls",
    "fulfilment_vs_prior_year",
    "joint_reachability",
    "prior_year_conversations",
    "working_days_12",
    "annualization_factor",
    "hours_per_fte_day",
    "capacity_fte",
    "capacity_fte_for_target",
    "possible_conversations_per_day",
)


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    return {
        "months": [{"month": str(m.month), **{k: getattr(m, k) for k in MONTH_KEYS}} for m in plan.months],
        "totals": {k: getattr(plan.totals, k) for k in TOTAL_KEYS},
        "bausteine": [
            {
                "number": b.number,
                "name": b.name,
                "chosen": b.chosen,
                "hours": b.hours,
                "hours_annualized": b.hours_annualized,
                "fte": b.fte,
                "fulfilment": b.fulfilment,
            }
            for b in plan.bausteine
        ],
        "hours_total_rounded": float(plan.hours_total_rounded),
        "bg_count": plan.bg_count,
        "target_reachability": plan.target_reachability,
        "costs": [
            {
                "term_years": c.term_years,
                "base_price": str(c.base_price),
                "volume_price": str(c.volume_price),
                "total": str(c.total),
            }
            for c in plan.costs
        ],
        "warnings": list(plan.warnings),
    }
