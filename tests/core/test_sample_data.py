"""The embedded sample (``sample_data/``) is the golden case: the sample and the model cannot drift apart."""

from __future__ import annotations

import csv
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from o7core import Scenario, load_scenario, plan_scenario
from o7core.importing import read_data_file
from o7core.plan_json import plan_to_dict

from .golden_check import golden_mismatches

MONTH_FIELDS = ("calls", "repeat_calls", "forwarded_calls", "conversations")


@pytest.fixture(scope="module")
def sample(sample_dir: Path) -> Scenario:
    return load_scenario(sample_dir / "goeppingen_scenario.json", require_months=True)


def _months(months: Any) -> list[dict[str, Any]]:
    return [{"month": str(m.month), **{f: getattr(m, f) for f in MONTH_FIELDS}} for m in months]


def test_sample_scenario_months_are_the_golden_inputs(sample: Scenario, golden_goeppingen: dict[str, Any]) -> None:
    assert _months(sample.months) == golden_goeppingen["months_input"]
    for m in sample.months:  # the golden case has no volume Bausteine
        assert not any((m.voicebox_messages, m.outbound_calls, m.emails, m.overlap_notices))


def test_sample_scenario_parameters_are_the_golden_ones(sample: Scenario, golden_goeppingen: dict[str, Any]) -> None:
    g = golden_goeppingen["parameters"]
    p = sample.parameters
    for name in (
        "target_reachability",
        "share_calls",
        "share_forwarded",
        "share_repeat_deduction",
        "aht_seconds",
        "callback_seconds_per_conversation",
        "mail_seconds_per_conversation",
        "productive_hours_per_fte",
    ):
        assert getattr(p, name) == g[name], name
    assert p.capacity_fte is None
    assert sample.jobcenter.state == g["state"]
    assert sample.baustein2.chosen
    assert sample.baustein2.joint_target_reachability == g["joint_target_reachability"]
    assert not any(b.chosen for b in sample.bausteine.values())


def test_sample_master_data(sample: Scenario, golden_goeppingen: dict[str, Any], golden_anlage: dict[str, Any]) -> None:
    jc = golden_goeppingen["jobcenter"]
    assert (sample.jobcenter.name, sample.jobcenter.jcnr, sample.jobcenter.bg_count) == (
        jc["name"],
        jc["jcnr"],
        jc["bg_count"],
    )
    assert sample.jobcenter.fte_jobcenter == jc["fte_jobcenter"]
    # the contract side comes from the appendix 2023
    assert sample.service_center == golden_anlage["service_center"]
    assert sample.contract_year == golden_anlage["contract_year"]
    assert sample.term_years == golden_anlage["term_years"]
    assert sample.bg_count_contract_year == golden_anlage["bg_count"]
    assert sample.bg_for_costs == golden_anlage["bg_count"]


def test_sample_prices_are_the_appendix_prices(sample: Scenario, golden_anlage: dict[str, Any]) -> None:
    got = {
        str(t): {"base_per_bg": str(p.base_per_bg), "per_hour": str(p.per_hour)} for t, p in sample.prices.terms.items()
    }
    assert got == golden_anlage["prices_2023"]


def test_sample_scenario_plans_to_the_golden_figures(sample: Scenario, golden_goeppingen: dict[str, Any]) -> None:
    assert golden_mismatches(plan_to_dict(plan_scenario(sample)), golden_goeppingen) == []


def test_sample_template_csv_is_the_golden_case(
    sample_dir: Path, sample: Scenario, golden_goeppingen: dict[str, Any]
) -> None:
    path = sample_dir / "goeppingen_2021_2022.csv"
    result = read_data_file(path.read_bytes(), path.name)
    assert result.ok, [str(p) for p in result.problems]
    assert _months(result.months) == golden_goeppingen["months_input"]
    plan = plan_scenario(replace(sample, months=tuple(result.months)))
    assert golden_mismatches(plan_to_dict(plan), golden_goeppingen) == []


def test_sample_price_sheet_csv(sample_dir: Path, golden_anlage: dict[str, Any]) -> None:
    text = (sample_dir / "preise_2023.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(text.splitlines(), delimiter=";"))
    assert {r["Vertragsjahr"] for r in rows} == {str(golden_anlage["contract_year"])}
    got = {
        r["Laufzeit"]: {
            "base_per_bg": str(Decimal(r["Euro je BG"].replace(",", "."))),
            "per_hour": str(Decimal(r["Euro je Stunde"].replace(",", "."))),
        }
        for r in rows
    }
    assert got == golden_anlage["prices_2023"]
