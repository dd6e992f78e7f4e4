"""Budget → reachability: the inverse of the cost curve."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from o7core import O7InputError, plan_scenario
from o7core.costs.budget import reachability_for_budget
from o7core.costs.curve import cost_curve


def cost_at(scenario, target: float, term: int) -> Decimal:
    line = plan_scenario(scenario.with_parameters(target_reachability=target)).cost_for(term)
    assert line is not None
    return line.total


@pytest.mark.parametrize("name", ["sample", "nine_months", "capacity"])
@pytest.mark.parametrize("term", [1, 3])
def test_budget_of_a_curve_point_buys_at_least_that_point(variants, name, term):
    scenario = variants[name]
    curve = cost_curve(scenario)
    for point in (*curve.points[::20][:-1], curve.points[-2]):
        budget = point.total(term)
        answer = reachability_for_budget(scenario, budget, term)
        assert answer.target is not None and answer.target >= point.target
        assert answer.cost is not None and answer.cost.total <= budget
        assert answer.cost.total == cost_at(scenario, answer.target, term)
        # one basis point more costs more than the budget
        assert cost_at(scenario, round(answer.target + 0.0001, 4), term) > budget
        assert answer.next_cost is not None and answer.next_cost > budget
        assert answer.remaining == budget - answer.cost.total


def test_budget_between_two_curve_points(sample):
    curve = cost_curve(sample)
    lo = next(p for p in curve.points if p.target == 0.6)
    hi = next(p for p in curve.points if p.target == 0.605)
    budget = (lo.total(2) + hi.total(2)) / 2
    answer = reachability_for_budget(sample, budget, 2)
    assert answer.target is not None and 0.6 <= answer.target < 0.605


def test_the_current_plan_buys_its_own_target(sample):
    answer = reachability_for_budget(sample, Decimal("526919.82"), 3)
    assert answer.target == pytest.approx(0.55)
    assert answer.remaining == Decimal("0.00")
    assert answer.fte == pytest.approx(6.3356, abs=1e-4)  # 7 602,7 h / 1 200 h


def test_too_small_a_budget_buys_nothing(sample):
    answer = reachability_for_budget(sample, 100_000, 3)
    assert answer.target is None and answer.cost is None
    # the BG base price alone is 5 642 · 29,52 = 166 551,84 €
    assert answer.minimum_cost > Decimal("166551.84")


def test_a_large_budget_is_capped_at_100_percent(sample):
    answer = reachability_for_budget(sample, "2000000", 1)
    assert answer.capped and answer.target == 1.0
    assert answer.cost is not None and answer.cost.total == cost_at(sample, 1.0, 1)
    # months capped at their volume: the plan reaches less than the target for the year
    assert answer.possible_reachability is not None and answer.possible_reachability < 1.0


@pytest.mark.parametrize(
    ("budget", "term", "match"),
    [("-5", 3, "nicht negativ"), ("viel", 3, "keine Zahl"), ("500000", 4, "4 Jahre Laufzeit")],
)
def test_bad_budget_input(sample, budget, term, match):
    with pytest.raises(O7InputError, match=match):
        reachability_for_budget(sample, budget, term)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cents=st.integers(min_value=17_000_000, max_value=85_000_000), term=st.sampled_from([1, 2, 3]))
def test_property_answer_is_the_largest_affordable_basis_point(sample, cents, term):
    budget = Decimal(cents) / 100
    answer = reachability_for_budget(sample, budget, term)
    if answer.target is None:
        assert cost_at(sample, 0.0001, term) > budget
        return
    assert cost_at(sample, answer.target, term) <= budget
    if not answer.capped:
        assert cost_at(sample, round(answer.target + 0.0001, 4), term) > budget
