"""Properties of the planning model (QUALITY.md), checked with hypothesis on random Jobcenters."""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from o7core import (
    STATES,
    Baustein2Setting,
    BausteinSetting,
    MonthData,
    PlanningParameters,
    Scenario,
    capacity_for_target,
    compute_plan,
    default_price_sheet,
    first_year_costs,
    plan_scenario,
    scenario_from_dict,
    scenario_to_dict,
)
from o7core.month import Month
from o7core.scenario import Jobcenter, scenario_from_bytes, scenario_to_json

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
PRICES = default_price_sheet()


@st.composite
def month_series(draw: st.DrawFn) -> list[MonthData]:
    n = draw(st.integers(1, 24))
    first = Month(draw(st.integers(2016, 2030)), draw(st.integers(1, 12)))
    with_prior = draw(st.booleans())
    out = []
    for i in range(n):
        calls = draw(st.integers(0, 20000))
        out.append(
            MonthData(
                first.shift(i),
                calls,
                repeat_calls=draw(st.integers(0, calls)),
                forwarded_calls=draw(st.integers(0, 3000)),
                conversations=draw(st.integers(0, calls)) if with_prior else None,
                voicebox_messages=draw(st.none() | st.integers(0, 2000)),
                emails=draw(st.none() | st.integers(0, 2000)),
            )
        )
    return out


# no subnormal shares (5e-324): below 2,2e-308 the float grid itself breaks min(p, C·r) > min(p, 0,99·C·r),
# and no input can hold such a share (the app shows and reads shares to 0,1 percentage points)
fractions = st.floats(0.0, 1.0, allow_subnormal=False)
targets = st.floats(0.01, 1.0)


@st.composite
def parameters(draw: st.DrawFn) -> PlanningParameters:
    return PlanningParameters(
        target_reachability=draw(targets),
        share_calls=draw(fractions),
        share_forwarded=draw(fractions),
        share_repeat_deduction=draw(fractions),
        aht_seconds=draw(st.floats(30, 1800)),
        callback_seconds_per_conversation=draw(st.floats(0, 120)),
        mail_seconds_per_conversation=draw(st.floats(0, 120)),
        productive_hours_per_fte=draw(st.floats(600, 1800)),
        capacity_fte=draw(st.none() | st.floats(0.1, 60)),
    )


bausteine = st.fixed_dictionaries(
    {
        n: st.builds(
            BausteinSetting,
            chosen=st.booleans(),
            volume_per_year=st.none() | st.floats(0, 50000),
            minutes_per_item=st.floats(0, 30),
            share=fractions,
        )
        for n in (3, 5, 6, 7)
    }
)
baustein2 = st.builds(
    Baustein2Setting,
    chosen=st.booleans(),
    joint_target_reachability=st.none() | targets,
    jc_capacity_per_day=st.none() | st.floats(0, 500),
)
states = st.sampled_from(sorted(STATES))
EPS = 1e-9


@FAST
@given(month_series(), parameters(), states, bausteine, baustein2)
def test_reachability_never_above_100_percent(months, params, state, settings_, b2) -> None:
    plan = compute_plan(months, params, state=state, bausteine=settings_, baustein2=b2)
    values = [plan.totals.possible_reachability, plan.totals.joint_reachability]
    values += [m.possible_reachability for m in plan.months]
    for value in values:
        assert value is None or 0 <= value <= 1 + EPS
    for m in plan.months:
        assert 0 <= m.possible_conversations <= m.planned_calls + EPS
        assert m.jc_conversations >= 0


@FAST
@given(month_series(), parameters(), states, bausteine, targets, targets)
def test_higher_target_never_fewer_hours_or_fte(months, params, state, settings_, t1, t2) -> None:
    low, high = sorted((t1, t2))
    a = compute_plan(months, replace(params, target_reachability=low), state=state, bausteine=settings_)
    b = compute_plan(months, replace(params, target_reachability=high), state=state, bausteine=settings_)
    assert b.totals.hours_total >= a.totals.hours_total - EPS
    assert b.totals.fte_required >= a.totals.fte_required - EPS
    assert b.hours_total_rounded >= a.hours_total_rounded
    assert b.totals.capacity_fte_for_target >= a.totals.capacity_fte_for_target - EPS
    for ma, mb in zip(a.months, b.months, strict=True):
        assert mb.hours_total >= ma.hours_total - EPS
        assert mb.fte_required >= ma.fte_required - EPS


hours_values = st.decimals(0, 200000, places=1)
bg_values = st.integers(1, 200000)


@FAST
@given(hours_values, hours_values, bg_values, bg_values)
def test_costs_grow_with_hours_and_bg(h1: Decimal, h2: Decimal, bg1: int, bg2: int) -> None:
    (h_lo, h_hi), (bg_lo, bg_hi) = sorted((h1, h2)), sorted((bg1, bg2))
    low = first_year_costs(h_lo, bg_lo, PRICES)
    for high in (first_year_costs(h_hi, bg_lo, PRICES), first_year_costs(h_lo, bg_hi, PRICES)):
        for a, b in zip(low, high, strict=True):
            assert b.base_price >= a.base_price and b.volume_price >= a.volume_price and b.total >= a.total
            assert b.total == b.base_price + b.volume_price
    if h_hi > h_lo:
        assert all(b.total > a.total for a, b in zip(low, first_year_costs(h_hi, bg_lo, PRICES), strict=True))
    if bg_hi > bg_lo:
        assert all(b.total > a.total for a, b in zip(low, first_year_costs(h_lo, bg_hi, PRICES), strict=True))


@FAST
@given(
    st.lists(st.tuples(st.floats(0, 20000), st.floats(1, 2000)), min_size=1, max_size=24),
    targets,
)
def test_capacity_solver_reaches_the_target_and_one_percent_less_does_not(pairs, target: float) -> None:
    planned = [p for p, _ in pairs]
    rates = [r for _, r in pairs]
    need = target * sum(planned)
    c = capacity_for_target(planned, rates, target)

    def reached(capacity: float) -> float:
        return sum(min(p, capacity * r) for p, r in pairs)

    if need == 0:
        assert c == 0
        return
    assert reached(c) >= need * (1 - 1e-9)
    assert reached(0.99 * c) < need


@FAST
@given(month_series(), parameters(), states)
def test_capacity_for_target_through_the_plan(months, params, state) -> None:
    plan = compute_plan(months, replace(params, capacity_fte=None), state=state)
    c = plan.totals.capacity_fte_for_target
    if plan.totals.planned_calls == 0:
        return
    t = params.target_reachability
    at_c = compute_plan(months, replace(params, capacity_fte=c), state=state).totals.possible_reachability
    below = compute_plan(months, replace(params, capacity_fte=0.99 * c), state=state).totals.possible_reachability
    assert at_c is not None and at_c >= t * (1 - 1e-9)
    assert below is not None and below < t
    # the default capacity (what the target needs without caps) never exceeds the solver's answer
    assert plan.totals.capacity_fte <= c * (1 + 1e-9)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    month_series(),
    parameters(),
    states,
    bausteine,
    baustein2,
    st.none() | bg_values,
    st.sampled_from([1, 2, 3]),
    st.text(max_size=30),
)
def test_scenario_save_then_load_gives_the_same_plan(months, params, state, settings_, b2, bg, term, name) -> None:
    assume(any(m.calls > 0 for m in months))  # a scenario file without any calls is refused on loading
    scenario = Scenario(
        jobcenter=Jobcenter(name=name, jcnr="JC00000", state=state, bg_count=bg),
        term_years=term,
        bg_count_contract_year=bg,
        parameters=params,
        baustein2=b2,
        bausteine=settings_,
        months=tuple(months),
    )
    plan = plan_scenario(scenario)
    via_dict = scenario_from_dict(scenario_to_dict(scenario))
    via_file = scenario_from_bytes(scenario_to_json(scenario).encode("utf-8"), "szenario.json")
    assert via_dict == scenario
    assert via_file == scenario
    assert plan_scenario(via_dict) == plan
    assert plan_scenario(via_file) == plan
    assert scenario_to_dict(via_file) == json.loads(scenario_to_json(scenario))
