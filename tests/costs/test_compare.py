"""Scenarios side by side: figures and deltas to a chosen baseline."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from o7core import O7InputError, plan_scenario
from o7core.costs.comparison import compare_scenarios


@pytest.fixture(scope="module")
def trio(sample):
    a = sample
    b = sample.with_parameters(target_reachability=0.60)
    c = replace(sample.with_parameters(target_reachability=0.50), term_years=1)
    return [("A", a), ("B", b), ("C", c)]


def test_figures_come_from_full_plans(trio):
    comparison = compare_scenarios(trio, baseline="A")
    assert [r.name for r in comparison.rows] == ["A", "B", "C"]
    for (_, scenario), row in zip(trio, comparison.rows, strict=True):
        plan = plan_scenario(scenario)
        assert row.hours_rounded == plan.hours_total_rounded
        assert row.first_year == {c.term_years: c.total for c in plan.costs}
        assert row.whole_term == {c.term_years: c.total * c.term_years for c in plan.costs}
        assert row.chosen_first_year == plan.cost_for(scenario.term_years).total
    assert comparison.rows[0].conversations == pytest.approx(46722.5)
    assert comparison.rows[1].conversations == pytest.approx(84950 * 0.60)


def test_deltas_to_the_chosen_baseline(trio):
    comparison = compare_scenarios(trio, baseline="A")
    a, b, c = comparison.rows
    da, db, dc = comparison.deltas
    assert da.target_reachability == 0 and da.hours_rounded == 0 and da.first_year == {1: 0, 2: 0, 3: 0}
    assert db.target_reachability == pytest.approx(0.05)
    assert db.conversations == pytest.approx(84950 * 0.05)
    assert db.hours_rounded == b.hours_rounded - a.hours_rounded > 0
    assert db.fte == pytest.approx(b.fte - a.fte)
    assert db.first_year[3] == b.first_year[3] - a.first_year[3]
    assert db.whole_term[3] == (b.first_year[3] - a.first_year[3]) * 3
    # C runs one year: its chosen cost is the 1-year price, compared with A's 3-year price
    assert dc.chosen_first_year == c.first_year[1] - a.first_year[3]
    assert dc.chosen_whole_term == c.first_year[1] - a.first_year[3] * 3
    assert dc.target_reachability == pytest.approx(-0.05)


def test_another_baseline_flips_the_sign(trio):
    by_a = compare_scenarios(trio, baseline="A").deltas[1]
    by_b = compare_scenarios(trio, baseline="B").deltas[0]
    assert by_b.first_year[2] == -by_a.first_year[2]
    assert by_b.hours_rounded == -by_a.hours_rounded


def test_default_baseline_is_the_first_and_mappings_work(trio):
    comparison = compare_scenarios(dict(trio))
    assert comparison.baseline == "A"
    assert comparison.deltas[0].chosen_first_year == Decimal(0)


def test_escalation_reaches_the_whole_term(trio):
    plain = compare_scenarios(trio).rows[0]
    raised = compare_scenarios(trio, escalation_percent=3).rows[0]
    assert raised.first_year == plain.first_year
    assert raised.whole_term[3] > plain.whole_term[3]
    assert raised.whole_term[1] == plain.whole_term[1]


def test_problems_name_the_scenario(trio, sample):
    broken = replace(sample, bg_count_contract_year=None, jobcenter=replace(sample.jobcenter, bg_count=None))
    with pytest.raises(O7InputError, match="Szenario „kaputt“"):
        compare_scenarios([*trio, ("kaputt", broken)])
    with pytest.raises(O7InputError, match="Basis"):
        compare_scenarios(trio, baseline="Z")
    with pytest.raises(O7InputError, match="eigenen Namen"):
        compare_scenarios([("A", sample), ("A", sample)])
    with pytest.raises(O7InputError, match="kein Szenario"):
        compare_scenarios([])
