"""The one rule of a Jobcenter change (o7core.load_rule, docs/jobcenterwechsel.md)."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

import pytest

from o7core.costs import default_price_sheet
from o7core.importing import read_data_file
from o7core.load_rule import (
    MODE_ASK,
    MODE_FRESH,
    MODE_SAME,
    choose_price_sheet,
    decide,
    default_contract_year,
    fresh_scenario,
    load,
)
from o7core.model import PriceSheet, TermPrice
from o7core.scenario import AgreementTexts, scenario_file_from_dict, scenario_from_dict, scenario_to_json
from scripts.planning_aid_export import planning_aid_xlsx
from tests.other_jobcenter import BG, FILES, JCNR, other_scenario

from .helpers import sample_scenario


def _read(fmt_id: str):
    name, build = FILES[fmt_id]
    result = read_data_file(build(), name)
    assert result.ok, [str(p) for p in result.problems]
    return result


@pytest.mark.parametrize("fmt_id", ["planungshilfe_xlsx", "planungshilfe_text", "vorlage_xlsx"])
def test_another_jobcenter_after_the_sample_is_a_fresh_agreement(fmt_id):
    sample = sample_scenario()
    result = _read(fmt_id)
    assert decide(sample, result, current_is_sample=True).mode == MODE_FRESH
    out = load(sample, result, mode=MODE_FRESH)
    s = out.scenario
    assert s.jobcenter.jcnr == JCNR and s.jobcenter.bg_count == BG and s.jobcenter.state == "BY"
    assert s.service_center == "" and s.bg_count_contract_year is None
    assert s.contract_year == 2025  # the year after 01–09/2024
    assert s.term_years == 3 and not s.baustein2.chosen and s.agreement == AgreementTexts()
    assert out.fresh and any("Service Center" in line for line in out.reset)
    assert s.bg_for_costs == BG  # not the sample's 5.642
    # the price sheet of 2025 is missing: the latest (2023) is used, the warning names both years
    assert s.prices.contract_year == 2023
    assert "2025" in out.warnings[0].message and "2023" in out.warnings[0].message


def test_the_cli_plans_with_the_same_function():
    result = _read("planungshilfe_xlsx")
    assert fresh_scenario(result) == load(sample_scenario(), result, mode=MODE_FRESH).scenario


def test_a_csv_without_master_data_replaces_the_sample_but_updates_an_own_jobcenter():
    result = _read("vorlage_csv")
    assert decide(sample_scenario(), result, current_is_sample=True).mode == MODE_FRESH
    own = replace(other_scenario(), service_center="SC Nürnberg")
    assert decide(own, result, current_is_sample=False).mode == MODE_SAME
    out = load(own, result, mode=MODE_SAME)
    assert out.scenario.service_center == "SC Nürnberg" and not out.fresh
    assert any(line == "Service Center: SC Nürnberg" for line in out.kept)


def test_same_jobcenter_keeps_the_settings_and_names_them():
    own = replace(other_scenario(), service_center="SC Nürnberg", bg_count_contract_year=8200, contract_year=2025)
    own = own.with_parameters(target_reachability=0.7)
    result = _read("planungshilfe_xlsx")
    assert decide(own, result).mode == MODE_SAME
    out = load(own, result, mode=MODE_SAME)
    s = out.scenario
    assert s.service_center == "SC Nürnberg" and s.bg_count_contract_year == 8200
    assert s.parameters.target_reachability == 0.7  # the user's, not the file's 60 %
    assert "Ziel-Erreichbarkeit 70,0\xa0% (Datei: 60,0\xa0%)" in " ".join(out.kept)


@pytest.mark.parametrize(
    "change, label",
    [({"name": "JC Anderswo"}, "Jobcenter"), ({"regional_directorate": "BW", "state": "BW"}, "Bundesland")],
)
def test_contradicting_master_data_ask(change, label):
    own = other_scenario()
    odd = replace(own, jobcenter=replace(own.jobcenter, **change))
    result = read_data_file(planning_aid_xlsx(odd), "x.xlsx")
    decision = decide(own, result)
    assert decision.mode == MODE_ASK and [d.label for d in decision.differences] == [label]


def test_other_jcnr_is_another_jobcenter_even_with_the_same_name():
    own = other_scenario()
    other = replace(own, jobcenter=replace(own.jobcenter, jcnr="JC00001"))
    assert decide(own, read_data_file(planning_aid_xlsx(other), "x.xlsx")).mode == MODE_FRESH


def test_default_contract_year_and_price_choice():
    months = other_scenario().months
    assert default_contract_year(months) == 2025
    p2025 = PriceSheet(2025, {3: TermPrice(Decimal("31.00"), Decimal("50.00"))})
    chosen, warning = choose_price_sheet([p2025], 2025)
    assert chosen is p2025 and warning is None
    chosen, warning = choose_price_sheet([p2025], 2024)
    assert chosen == default_price_sheet() and "2024" in warning.message and "2023" in warning.message
    chosen, warning = choose_price_sheet([p2025], 2027)
    assert chosen is p2025 and "2027" in warning.message and "2025" in warning.message


def test_scenario_file_keeps_name_baseline_and_price_sheets():
    s = sample_scenario()
    base = s.with_parameters(target_reachability=0.7)
    p2024 = PriceSheet(2024, {1: TermPrice(Decimal("31.00"), Decimal("50.00"))})
    text = scenario_to_json(s, name="Mein Plan", baseline=("Vorschlag 70 %", base), price_sheets=(p2024,))
    data = json.loads(text)
    assert data["name"] == "Mein Plan" and "months" not in data["baseline"]["scenario"]
    file = scenario_file_from_dict(data, require_months=True)
    assert file.scenario == s and file.name == "Mein Plan"
    assert file.baseline == ("Vorschlag 70 %", base)
    assert file.price_sheets == (p2024,)
    # version 1 without the optional keys stays readable
    plain = json.loads(scenario_to_json(s))
    assert "name" not in plain and scenario_from_dict(plain) == s
    old = scenario_file_from_dict(plain)
    assert old.name == "" and old.baseline is None and old.price_sheets == ()


def test_scenario_file_baseline_with_a_bad_value_is_named():
    data = json.loads(scenario_to_json(sample_scenario()))
    data["baseline"] = {"name": "x", "scenario": {"term_years": 5}}
    with pytest.raises(Exception) as info:
        scenario_file_from_dict(data)
    assert "baseline.term_years" in str(info.value.problems[0])  # type: ignore[attr-defined]
