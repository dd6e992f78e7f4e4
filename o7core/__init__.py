"""o7core: the pure-Python core of O.7 Planer (no Streamlit anywhere below this package).

The planning model of the BA service "O.7 Service Center SGB II" (``PLANNING_MODEL.md``),
its costs, the scenario file, readers and writers. Import cost is kept small: file formats,
formatting and exports live in modules that are imported on use.
"""

from .costs import default_price_sheet, first_year_costs, round_cent, round_hours
from .errors import O7InputError, Problem
from .model import (
    BAUSTEIN_NAMES,
    Baustein2Setting,
    BausteinResult,
    BausteinSetting,
    CostLine,
    MonthData,
    MonthResult,
    Plan,
    PlanningParameters,
    PlanTotals,
    PriceSheet,
    TermPrice,
)
from .month import Month
from .planning import capacity_for_target, compute_plan
from .scenario import (
    AgreementTexts,
    Jobcenter,
    Scenario,
    load_scenario,
    plan_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from .workdays import STATES, normalize_state, working_days, working_days_12

__all__ = [
    "BAUSTEIN_NAMES",
    "STATES",
    "AgreementTexts",
    "Baustein2Setting",
    "BausteinResult",
    "BausteinSetting",
    "CostLine",
    "Jobcenter",
    "Month",
    "MonthData",
    "MonthResult",
    "O7InputError",
    "Plan",
    "PlanTotals",
    "PlanningParameters",
    "PriceSheet",
    "Problem",
    "Scenario",
    "TermPrice",
    "capacity_for_target",
    "compute_plan",
    "default_price_sheet",
    "first_year_costs",
    "load_scenario",
    "normalize_state",
    "plan_scenario",
    "round_cent",
    "round_hours",
    "scenario_from_dict",
    "scenario_to_dict",
    "working_days",
    "working_days_12",
]
