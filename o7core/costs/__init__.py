"""Costs of the O.7 purchase: the BA cost rule and its rounding (:mod:`.rule`), the price sheet
(:mod:`.prices`), and the cost questions on top of the planning model (Kostenbetrachtung), one module
each: :mod:`.terms`, :mod:`.curve`, :mod:`.budget`, :mod:`.comparison`, :mod:`.in_house`. The questions
never change the rule. Money is ``Decimal``, rounded half-up to the
cent; all results are frozen dataclasses. The rules are written down in ``docs/kosten.md``:

* **Terms** (:func:`term_costs`): the first contract year per term ``T`` by the BA rule, and the
  whole term. Without escalation and BG forecast the whole term is ``total · T``. With a yearly
  price escalation ``e`` (percent) both rates of year ``y ≥ 2`` are the previous year's rates
  times ``1 + e/100``, rounded half-up to the cent before use; with a BG forecast, year ``y``
  uses its own BG (a missing year keeps the BG of the year before). Each year's costs follow
  the first-year rule (base and volume price each rounded to the cent); the term is their sum.
  The hours are the same every year: the agreement fixes them for the whole term.
* **Unit costs**: € per conversation = first-year cost / annualised required conversations
  (``Σrequired · k``); € per BG = first-year cost / BG of the contract year.
* **Cost curve** (:func:`cost_curve`): the first-year cost of every term over the target
  reachability (default 30–100 % in 0.5-point steps), with the marginal € per point.
* **Budget** (:func:`reachability_for_budget`): the highest target reachability (to 0.01
  points) whose first-year cost for a term stays within an annual budget.
* **Scenarios** (:func:`compare_scenarios`): named scenarios side by side with deltas to a baseline.
* **In-house** (:func:`in_house_comparison`): the same productive hours done by the Jobcenter's
  own staff at a user-entered personnel cost rate.

This package exports the rule and the price sheet (what :mod:`o7core.planning` and the readers need);
the questions are imported from their modules (``from o7core.costs.curve import cost_curve``), since
they build on :mod:`o7core.scenario`, which itself uses the rule: exporting them here would make
``costs → scenario → planning → costs`` a circle.
"""

from .prices import default_price_sheet, price_sheet_from_dict, price_sheet_to_dict
from .rule import CENT, TENTH, cost_line, first_year_costs, round_cent, round_hours

__all__ = [
    "CENT",
    "TENTH",
    "cost_line",
    "default_price_sheet",
    "first_year_costs",
    "price_sheet_from_dict",
    "price_sheet_to_dict",
    "round_cent",
    "round_hours",
]
