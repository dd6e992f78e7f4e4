"""The Göppingen golden case (planning aid 09/2021–08/2022) and the appendix 2023, figure by figure."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from typing import Any

import pytest

from o7core import Plan, compute_plan, default_price_sheet, first_year_costs, fmt, round_hours
from o7core.plan_json import plan_to_dict
from tests.conftest import ROOT

from .golden_check import (
    MONTH_FIGURES,
    PLAN_ONLY_TOTALS,
    TOTAL_FIGURES,
    expected_shown,
    golden_inputs,
    golden_mismatches,
    shown,
)


@pytest.fixture(scope="module")
def golden_plan(golden_goeppingen: dict[str, Any]) -> Plan:
    months, params, b2, state = golden_inputs(golden_goeppingen)
    return compute_plan(
        months,
        params,
        state=state,
        baustein2=b2,
        prices=default_price_sheet(),
        bg_count=golden_goeppingen["parameters"]["bg_count"],
    )


def test_golden_file_has_every_figure_the_check_knows(golden_goeppingen: dict[str, Any]) -> None:
    # a renamed golden key must fail here, not silently drop out of the comparison
    for month in golden_goeppingen["expected_months"]:
        assert set(MONTH_FIGURES) <= set(month), month["month"]
    assert set(TOTAL_FIGURES) | set(PLAN_ONLY_TOTALS) == set(golden_goeppingen["expected_totals"])
    assert len(golden_goeppingen["expected_months"]) == 12


@pytest.mark.parametrize("index", range(12))
def test_every_monthly_figure(golden_plan: Plan, golden_goeppingen: dict[str, Any], index: int) -> None:
    got = plan_to_dict(golden_plan)["months"][index]
    exp = golden_goeppingen["expected_months"][index]
    assert got["month"] == exp["month"]
    for key, (name, decimals, percent) in MONTH_FIGURES.items():
        assert shown(got[name], decimals, percent) == expected_shown(exp[key], decimals, percent), key


@pytest.mark.parametrize("key", sorted(TOTAL_FIGURES))
def test_every_total(golden_plan: Plan, golden_goeppingen: dict[str, Any], key: str) -> None:
    assert not [
        line
        for line in golden_mismatches(plan_to_dict(golden_plan), golden_goeppingen)
        if line.startswith(f"total {key}:")
    ]


@pytest.mark.parametrize("key", sorted(PLAN_ONLY_TOTALS))
def test_totals_outside_the_json(golden_plan: Plan, golden_goeppingen: dict[str, Any], key: str) -> None:
    name, decimals, percent = PLAN_ONLY_TOTALS[key]
    expected = golden_goeppingen["expected_totals"][key]
    assert shown(getattr(golden_plan.totals, name), decimals, percent) == expected_shown(expected, decimals, percent)


def test_the_printed_totals(golden_plan: Plan) -> None:
    """The figures PLANNING_MODEL.md quotes, in the German display form."""
    t = golden_plan.totals
    b = {x.number: x for x in golden_plan.bausteine}
    assert fmt.number(t.required_conversations, 1) == "46.722,5"
    assert fmt.hours(t.hours_total) == "7.602,7"
    assert fmt.fte(t.fte_required) == "6,34"
    assert fmt.number(t.possible_conversations_per_day, 1) == "185,4"
    assert fmt.percent(t.possible_reachability) == "55,0\u00a0%"
    assert fmt.percent(t.fulfilment_vs_prior_year) == "108,4\u00a0%"
    assert fmt.hours(b[1].hours) == "7.013,6"
    assert fmt.hours(b[4].hours) == "589,1"
    assert fmt.percent(b[4].fulfilment) == "8,4\u00a0%"
    assert fmt.number(t.jc_conversations_per_day, 1) == "50,7"
    assert b[4].chosen and b[2].chosen
    # a 12-month period: Stunden * equal Stunden, VZA from 1 200 h
    assert b[1].hours_annualized == pytest.approx(b[1].hours)
    assert fmt.fte(b[1].fte) == "5,84" and fmt.fte(b[4].fte) == "0,49"
    assert golden_plan.hours_total_rounded == Decimal("7602.7")


def test_unrounded_sums_agree(golden_plan: Plan) -> None:
    t = golden_plan.totals
    assert t.planned_calls == 84950
    assert t.required_conversations == pytest.approx(46722.5)
    assert t.hours_total == pytest.approx(t.hours_call + t.hours_callback + t.hours_mail)
    assert t.hours_total == pytest.approx(sum(m.hours_total for m in golden_plan.months))
    assert t.possible_conversations == pytest.approx(t.required_conversations)  # no month capped at its volume
    assert t.capacity_fte_for_target == pytest.approx(t.fte_required)


# --------------------------------------------------------------------------- appendix 2023


def test_appendix_prices_are_the_shipped_price_sheet(golden_anlage: dict[str, Any]) -> None:
    prices = default_price_sheet()
    assert prices.contract_year == golden_anlage["contract_year"]
    assert {
        str(term): {"base_per_bg": str(p.base_per_bg), "per_hour": str(p.per_hour)} for term, p in prices.terms.items()
    } == golden_anlage["prices_2023"]


def test_appendix_costs_to_the_cent(golden_anlage: dict[str, Any]) -> None:
    hours = Decimal(str(golden_anlage["total_hours_printed"]))
    assert hours == Decimal("7643.4")
    costs = first_year_costs(hours, golden_anlage["bg_count"], default_price_sheet())
    expected = golden_anlage["expected"]["costs"]
    assert [c.term_years for c in costs] == [1, 2, 3]
    for line in costs:
        exp = expected[str(line.term_years)]
        assert (str(line.base_price), str(line.volume_price), str(line.total)) == (
            exp["base_price"],
            exp["volume_price"],
            exp["total"],
        )
    assert [fmt.money(c.total) for c in costs] == ["550.731,60\u00a0€", "536.143,20\u00a0€", "528.849,00\u00a0€"]


def test_appendix_fte_of_bausteine_1_and_4(golden_anlage: dict[str, Any]) -> None:
    hours = {b["number"]: b["hours"] for b in golden_anlage["bausteine"]}
    expected = golden_anlage["expected"]["fte"]
    for number in (1, 4):
        assert fmt.fte(hours[number] / 1200) == fmt.fte(expected[str(number)])
    assert fmt.fte(hours[1] / 1200) == "5,87" and fmt.fte(hours[4] / 1200) == "0,50"


def test_appendix_total_hours_come_from_unrounded_hours(golden_anlage: dict[str, Any]) -> None:
    # the printed 7 043,1 and 600,2 add up to 7 643,3; the print shows 7 643,4 because the BA adds the
    # unrounded hours, e.g. 7 043,14 + 600,24 = 7 643,38
    assert round_hours(7043.14 + 600.24) == Decimal(str(golden_anlage["total_hours_printed"]))
    assert round_hours(7043.1 + 600.2) != Decimal(str(golden_anlage["total_hours_printed"]))


# --------------------------------------------------------------------------- through the command line


@pytest.fixture(scope="module")
def cli_plan() -> dict[str, Any]:
    run = subprocess.run(
        [sys.executable, "-m", "o7core", "plan", "sample_data/goeppingen_scenario.json", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return json.loads(run.stdout)


def test_cli_reproduces_the_golden_case(cli_plan: dict[str, Any], golden_goeppingen: dict[str, Any]) -> None:
    assert golden_mismatches(cli_plan, golden_goeppingen) == []


def test_cli_agrees_with_the_library(cli_plan: dict[str, Any], golden_plan: Plan) -> None:
    lib = plan_to_dict(golden_plan)
    # JSON keeps floats exactly (shortest repr), so the figures must be identical
    assert cli_plan["months"] == lib["months"]
    assert cli_plan["totals"] == lib["totals"]
    assert cli_plan["bausteine"] == lib["bausteine"]
    assert cli_plan["hours_total_rounded"] == 7602.7


def test_cli_costs_of_the_sample(cli_plan: dict[str, Any]) -> None:
    # the sample plans the 2023 contract with BG 5 642 on the 09/2021–08/2022 hours (7 602,7 h):
    # 1 year 5 642·30.96 = 174 676.32 and 7 602.7·49.20 = 374 052.84
    assert cli_plan["costs"] == [
        {"term_years": 1, "base_price": "174676.32", "volume_price": "374052.84", "total": "548729.16"},
        {"term_years": 2, "base_price": "169260.00", "volume_price": "364929.60", "total": "534189.60"},
        {"term_years": 3, "base_price": "166551.84", "volume_price": "360367.98", "total": "526919.82"},
    ]
