"""Compare a plan with the Göppingen golden case at display precision (shared by several tests).

The display rule of PLANNING_MODEL.md: counts 0 decimals, hours 1, monthly VZA 1, annual VZA 2,
percentages 1 (0 in monthly tables), rounded half up; ``o7core.fmt`` is that rule, so a figure
agrees when its German display text agrees with the golden figure's.
"""

from __future__ import annotations

from typing import Any

from o7core import Baustein2Setting, MonthData, PlanningParameters, fmt
from o7core.month import Month

# golden month key → (getter on a plan month as dict, decimals, shown as percent)
MONTH_FIGURES: dict[str, tuple[str, int, bool]] = {
    "working_days": ("working_days", 0, False),
    "planned_calls": ("planned_calls", 0, False),
    "required_conversations": ("required_conversations", 0, False),
    "hours_call": ("hours_call", 1, False),
    "hours_callback": ("hours_callback", 1, False),
    "hours_mail": ("hours_mail", 1, False),
    "fte_required": ("fte_required", 1, False),
    "possible_conversations": ("possible_conversations", 0, False),
    "possible_reachability_pct": ("possible_reachability", 0, True),
    "jc_conversations_per_day_for_joint_70pct": ("jc_conversations_per_day", 1, False),
}

#: golden totals that the plan JSON of APP.md does not carry: checked on ``Plan.totals``
PLAN_ONLY_TOTALS: dict[str, tuple[str, int, bool]] = {
    "calls": ("calls", 0, False),
    "repeat_calls": ("repeat_calls", 0, False),
    "possible_conversations_per_working_day": ("possible_conversations_per_day", 1, False),
}

TOTAL_FIGURES: dict[str, tuple[str, int, bool]] = {
    "planned_calls": ("planned_calls", 0, False),
    "required_conversations": ("required_conversations", 1, False),
    "hours_call": ("hours_call", 1, False),
    "hours_callback": ("hours_callback", 1, False),
    "hours_mail": ("hours_mail", 1, False),
    "hours_total": ("hours_total", 1, False),
    "fte_required": ("fte_required", 2, False),
    "working_days": ("working_days", 0, False),
    "possible_reachability_pct": ("possible_reachability", 1, True),
    "fulfilment_vs_prior_year_pct": ("fulfilment_vs_prior_year", 1, True),
    "jc_conversations_per_working_day_for_joint_70pct": ("jc_conversations_per_day", 1, False),
    # from the Baustein table
    "baustein1_hours": ("b1.hours", 1, False),
    "baustein4_hours": ("b4.hours", 1, False),
    "baustein4_fulfilment_pct": ("b4.fulfilment", 1, True),
}


def shown(value: float | None, decimals: int, percent: bool) -> str:
    return fmt.percent(value, decimals) if percent else fmt.number(value, decimals)


def expected_shown(value: float, decimals: int, percent: bool) -> str:
    text = fmt.number(value, decimals)
    return text + fmt.NBSP + "%" if percent else text


def golden_inputs(golden: dict[str, Any]) -> tuple[list[MonthData], PlanningParameters, Baustein2Setting, str]:
    p = golden["parameters"]
    months = [
        MonthData(
            Month.parse(m["month"]),
            m["calls"],
            repeat_calls=m["repeat_calls"],
            forwarded_calls=m["forwarded_calls"],
            conversations=m["conversations"],
        )
        for m in golden["months_input"]
    ]
    params = PlanningParameters(
        target_reachability=p["target_reachability"],
        share_calls=p["share_calls"],
        share_forwarded=p["share_forwarded"],
        share_repeat_deduction=p["share_repeat_deduction"],
        aht_seconds=p["aht_seconds"],
        callback_seconds_per_conversation=p["callback_seconds_per_conversation"],
        mail_seconds_per_conversation=p["mail_seconds_per_conversation"],
        productive_hours_per_fte=p["productive_hours_per_fte"],
    )
    b2 = Baustein2Setting(chosen=True, joint_target_reachability=p["joint_target_reachability"])
    return months, params, b2, p["state"]


def golden_mismatches(plan_dict: dict[str, Any], golden: dict[str, Any]) -> list[str]:
    """Every golden figure whose display text differs, as ``where: got … expected …`` lines.

    ``plan_dict`` is the JSON form of a plan (``o7core.plan_json.plan_to_dict`` or the CLI's output).
    """
    out: list[str] = []
    months = plan_dict["months"]
    if [m["month"] for m in months] != [m["month"] for m in golden["expected_months"]]:
        return [f"months {[m['month'] for m in months]} differ from the golden period"]
    for got, exp in zip(months, golden["expected_months"], strict=True):
        for key, (name, decimals, percent) in MONTH_FIGURES.items():
            a, b = shown(got[name], decimals, percent), expected_shown(exp[key], decimals, percent)
            if a != b:
                out.append(f"{exp['month']} {key}: got {a}, expected {b}")
    bausteine = {b["number"]: b for b in plan_dict["bausteine"]}
    for key, (name, decimals, percent) in TOTAL_FIGURES.items():
        if name.startswith("b"):
            number, attr = name[1:].split(".")
            value = bausteine[int(number)][attr]
        else:
            value = plan_dict["totals"][name]
        a, b = shown(value, decimals, percent), expected_shown(golden["expected_totals"][key], decimals, percent)
        if a != b:
            out.append(f"total {key}: got {a}, expected {b}")
    return out
