"""The cost curve: 141 points from 30 % to 100 %, equal to full plans to the cent, rising, with marginal costs."""

from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from o7core import BausteinSetting, plan_scenario
from o7core.costs.curve import HoursModel, cost_curve


@pytest.mark.parametrize("name", ["sample", "nine_months", "no_prior", "capacity"])
def test_every_point_equals_a_full_plan_to_the_cent(variants, name):
    scenario = variants[name]
    curve = cost_curve(scenario)
    assert len(curve.points) == 141
    assert curve.points[0].target == 0.30 and curve.points[-1].target == 1.0
    for point in curve.points:
        full = plan_scenario(scenario.with_parameters(target_reachability=point.target))
        assert point.hours_rounded == full.hours_total_rounded, point.target
        assert point.costs == full.costs, point.target


def test_targets_are_the_decimal_floats(sample):
    curve = cost_curve(sample)
    assert [p.target for p in curve.points[:3]] == [0.3, 0.305, 0.31]
    assert any(p.target == 0.55 for p in curve.points)


@pytest.mark.parametrize("name", ["sample", "nine_months", "no_prior", "capacity"])
def test_costs_never_fall_when_the_target_rises(variants, name):
    curve = cost_curve(variants[name])
    for term in (1, 2, 3):
        totals = [p.total(term) for p in curve.points]
        assert all(a <= b for a, b in itertools.pairwise(totals))
        assert totals[-1] > totals[0]


def test_marginal_cost_is_the_step_difference_per_point(sample):
    curve = cost_curve(sample)
    assert curve.step_points == Decimal("0.5")
    for before, point in zip(curve.points, curve.points[1:], strict=False):
        for term in (1, 2, 3):
            assert point.marginal_for(term) == (point.total(term) - before.total(term)) * 2
    # the first point's marginal is against 29,5 %
    first = curve.points[0]
    below = plan_scenario(sample.with_parameters(target_reachability=0.295)).cost_for(3)
    assert below is not None
    assert first.marginal_for(3) == (first.total(3) - below.total) * 2


def test_smooth_slope_matches_hours_per_point(sample):
    plan = plan_scenario(sample)
    curve = cost_curve(sample, plan)
    # sample: Σrequired = 84 950 · t, s = 585,7935 s, k = 1 → 84 950 · 585,7935 / 3600 / 100 h per point
    assert curve.hours_per_point == pytest.approx(84950 * 585.7935 / 3600 / 100)
    assert curve.cost_per_point[3] == (Decimal(repr(curve.hours_per_point)) * Decimal("47.40")).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    # between 40 % and 90 % the curve's own slope agrees with it to within the 0,1-hour rounding
    lo = next(p for p in curve.points if p.target == 0.4)
    hi = next(p for p in curve.points if p.target == 0.9)
    slope = (hi.total(3) - lo.total(3)) / 50
    assert abs(slope - curve.cost_per_point[3]) < Decimal("0.2")


def test_current_point_is_the_plan(sample):
    scenario = sample.with_parameters(target_reachability=0.5537)
    curve = cost_curve(scenario)
    assert curve.current.target == 0.5537
    assert curve.current.costs == plan_scenario(scenario).costs


def test_hours_model_counts_volume_bausteine_once(variants):
    scenario = variants["nine_months"]
    plan = plan_scenario(scenario)
    model = HoursModel.from_plan(scenario, plan)
    # B3: 1 234 · 3,5 min · 0,8 = 57,5867 h; B6: 777 · 7,25 min = 93,8875 h (annual volumes, not annualised again)
    assert model.fixed_hours == pytest.approx(1234 * 3.5 / 60 * 0.8 + 777 * 7.25 / 60)
    assert model.hours(0.55) == pytest.approx(
        sum(b.hours_annualized or 0.0 for b in plan.bausteine if b.chosen), rel=1e-15
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    aht=st.floats(min_value=60, max_value=1200, allow_nan=False),
    mail=st.floats(min_value=0, max_value=120, allow_nan=False),
    months=st.integers(min_value=1, max_value=12),
    volume=st.one_of(st.none(), st.floats(min_value=0, max_value=50_000, allow_nan=False)),
    targets=st.lists(st.integers(min_value=1, max_value=10_000), min_size=1, max_size=8),
)
def test_property_hours_model_equals_full_plans(sample, aht, mail, months, volume, targets):
    scenario = replace(
        sample.with_parameters(aht_seconds=aht, mail_seconds_per_conversation=mail),
        months=sample.months[:months],
        bausteine={
            **sample.bausteine,
            5: BausteinSetting(chosen=volume is not None, volume_per_year=volume, minutes_per_item=4.5, share=0.5),
        },
    )
    model = HoursModel.from_plan(scenario, plan_scenario(scenario))
    for n in targets:
        target = n / 10_000
        full = plan_scenario(scenario.with_parameters(target_reachability=target))
        assert model.hours_rounded(target) == full.hours_total_rounded
