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
#: The totals: the sums of the monthly figures plus ``fulfilment_vs_prior_year`` and
#: ``joint_reachability`` (``possible_reachability`` and ``jc_conversations_per_day`` are the
#: annual values: Σpossible/Σplanned and Σjc/Σwd).
TOTAL_KEYS = (*MONTH_KEYS, "fulfilment_vs_prior_year", "joint_reachability")
BAUSTEIN_KEYS = ("number", "name", "chosen", "hours", "hours_annualized", "fte", "fulfilment")
COST_KEYS = ("term_years", "base_price", "volume_price", "total")


def plan_to_dict(plan: Plan) -> dict[str, Any]:
    """The plan with exactly the keys of ``APP.md``; warnings go to the caller (stderr in the CLI)."""
    return {
        "months": [{"month": str(m.month), **{k: getattr(m, k) for k in MONTH_KEYS}} for m in plan.months],
        "totals": {k: getattr(plan.totals, k) for k in TOTAL_KEYS},
        "bausteine": [{k: getattr(b, k) for k in BAUSTEIN_KEYS} for b in plan.bausteine],
        "hours_total_rounded": float(plan.hours_total_rounded),
        "costs": [
            {
                "term_years": c.term_years,
                "base_price": str(c.base_price),
                "volume_price": str(c.volume_price),
                "total": str(c.total),
            }
            for c in plan.costs
        ],
    }
