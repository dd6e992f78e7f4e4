"""The Warteschlangen-Zuschlag carried into the plan (opt-in): Baustein 1, hours, costs, scenario file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from o7core.costs import round_hours
from o7core.feasibility import assess
from o7core.scenario import load_scenario, plan_scenario, scenario_from_dict, scenario_to_dict
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data" / "goeppingen_scenario.json"


@pytest.fixture(scope="module")
def sample():
    return load_scenario(SAMPLE)


def test_off_by_default_the_plan_is_ba_exact(sample):
    assert sample.queue_surcharge_hours == 0.0
    assert "queue_surcharge_hours" not in scenario_to_dict(sample)
    plan = plan_scenario(sample)
    assert not any("Warteschlangen" in w for w in plan.warnings)


def test_carried_surcharge_adds_hours_to_baustein_1_and_the_costs(sample):
    base = plan_scenario(sample)
    hours = assess(sample).surcharge.hours_per_year
    plan = plan_scenario(replace(sample, queue_surcharge_hours=hours))
    b1, b1_base = plan.bausteine[0], base.bausteine[0]
    assert b1.number == 1
    assert b1.hours_annualized == pytest.approx(b1_base.hours_annualized + hours)
    assert b1.fte == pytest.approx(b1_base.fte + hours / sample.parameters.productive_hours_per_fte)
    assert plan.hours_total_rounded == round_hours(sum(b.hours_annualized or 0 for b in plan.bausteine if b.chosen))
    assert plan.hours_total_rounded > base.hours_total_rounded
    term = sample.term_years
    assert plan.cost_for(term).total > base.cost_for(term).total
    assert plan.totals.capacity_fte == pytest.approx(base.totals.capacity_fte + hours / 1200)
    assert plan.totals.possible_reachability > base.totals.possible_reachability
    assert any("Warteschlangen-Zuschlag" in w for w in plan.warnings)
    # with the surcharge bought, the realistic reachability reaches the target
    assert assess(replace(sample, queue_surcharge_hours=hours)).realistic_reachability == pytest.approx(
        sample.parameters.target_reachability, abs=1e-6
    )


def test_the_scenario_file_keeps_the_surcharge(sample):
    s = replace(sample, queue_surcharge_hours=1234.5)
    data = scenario_to_dict(s)
    assert data["queue_surcharge_hours"] == 1234.5
    again = scenario_from_dict(data)
    assert again.queue_surcharge_hours == 1234.5
    assert plan_scenario(again).hours_total_rounded == plan_scenario(s).hours_total_rounded


def test_a_negative_surcharge_in_the_file_is_a_german_problem(sample):
    from o7core.errors import O7InputError

    data = scenario_to_dict(sample)
    data["queue_surcharge_hours"] = -5
    with pytest.raises(O7InputError) as info:
        scenario_from_dict(data)
    assert info.value.problems[0].column == "queue_surcharge_hours"
