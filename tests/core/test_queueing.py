"""Erlang A (o7core.queueing): published numbers, limits, an independent exact chain, properties."""

from __future__ import annotations

import functools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o7core.queueing import (
    UnstableQueueError,
    agents_for_answered_share,
    erlang_a,
    erlang_b,
    garnett_approximation,
)

# 100 calls per 30 minutes, 180 s handling, 14 agents: the textbook example (load 10 Erlang)
EXAMPLE = {"calls_per_hour": 200.0, "aht_seconds": 180.0, "agents": 14}


def test_erlang_c_published_numbers():
    r = erlang_a(**EXAMPLE, patience_seconds=math.inf)
    assert r.p_wait == pytest.approx(0.1741319, abs=5e-8)
    assert r.service_level(20) == pytest.approx(0.888350, abs=5e-7)
    assert r.mean_wait_seconds == pytest.approx(7.8359, abs=5e-5)
    assert r.p_abandon == 0.0
    assert r.occupancy == pytest.approx(10 / 14)


def test_erlang_a_published_numbers():
    r = erlang_a(**EXAMPLE, patience_seconds=300)
    assert r.p_wait == pytest.approx(0.145260, abs=5e-7)
    assert r.p_abandon == pytest.approx(0.013984, abs=5e-7)
    assert r.mean_wait_seconds == pytest.approx(4.1951, abs=5e-5)
    assert r.answered_share == pytest.approx(1 - 0.013984, abs=5e-7)
    # P(abandon) = θ·E[W] for exponential patience
    assert r.p_abandon == pytest.approx(r.mean_wait_seconds / 300, rel=1e-12)
    assert r.occupancy == pytest.approx(10 * (1 - r.p_abandon) / 14)


def test_patience_to_infinity_gives_erlang_c():
    c = erlang_a(**EXAMPLE, patience_seconds=math.inf)
    a = erlang_a(**EXAMPLE, patience_seconds=1e9)
    assert a.p_wait == pytest.approx(c.p_wait, abs=1e-6)
    assert a.mean_wait_seconds == pytest.approx(c.mean_wait_seconds, abs=1e-5)
    assert a.service_level(20) == pytest.approx(c.service_level(20), abs=1e-6)


def test_patience_to_zero_gives_erlang_b():
    assert erlang_b(10, 14) == pytest.approx(0.056819, abs=5e-7)
    zero = erlang_a(**EXAMPLE, patience_seconds=0)
    assert zero.p_abandon == pytest.approx(0.056819, abs=5e-7)
    tiny = erlang_a(**EXAMPLE, patience_seconds=1e-6)
    assert tiny.p_abandon == pytest.approx(0.056819, abs=5e-7)
    assert tiny.p_wait == pytest.approx(0.056819, abs=5e-7)


def test_erlang_c_overload_is_refused():
    with pytest.raises(UnstableQueueError, match="instabil"):
        erlang_a(calls_per_hour=200, aht_seconds=180, agents=10, patience_seconds=math.inf)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"calls_per_hour": -1, "aht_seconds": 180, "agents": 1, "patience_seconds": 1},
        {"calls_per_hour": 1, "aht_seconds": 0, "agents": 1, "patience_seconds": 1},
        {"calls_per_hour": 1, "aht_seconds": 180, "agents": 1.5, "patience_seconds": 1},
        {"calls_per_hour": 1, "aht_seconds": 180, "agents": -1, "patience_seconds": 1},
        {"calls_per_hour": 1, "aht_seconds": 180, "agents": 1, "patience_seconds": -1},
        {"calls_per_hour": math.nan, "aht_seconds": 180, "agents": 1, "patience_seconds": 1},
    ],
)
def test_bad_arguments_are_refused_in_german(kwargs):
    with pytest.raises(ValueError, match=r"muss|müssen"):
        erlang_a(**kwargs)


# ---------------------------------------------------------------- an independent exact chain


@functools.cache
def chain(calls_per_hour, aht_seconds, agents, patience_seconds, extra=None):
    """Stationary distribution of the truncated generator of M/M/n+M, solved by numpy (dense)."""
    lam = calls_per_hour / 3600
    mu = 1 / aht_seconds
    theta = 1 / patience_seconds
    n = agents
    if extra is None:
        # the tail peaks near (λ − nμ)/θ callers waiting and spreads like √(λ/θ)
        extra = int(max(0.0, lam - n * mu) / theta + 15 * math.sqrt(lam / theta + 1) + 80)
    size = n + extra + 1
    q = np.zeros((size, size))
    for k in range(size):
        if k + 1 < size:
            q[k, k + 1] = lam
        if k > 0:
            q[k, k - 1] = min(k, n) * mu + max(k - n, 0) * theta
        q[k, k] = -q[k].sum()
    a = q.T.copy()
    a[-1, :] = 1.0  # π·Q = 0 with one balance equation replaced by Σπ = 1
    b = np.zeros(size)
    b[-1] = 1
    pi = np.linalg.solve(a, b)
    assert pi[-1] < 1e-13, "truncation too short"
    states = np.arange(size)
    queue = np.maximum(states - n, 0)
    p_wait = pi[n:].sum()
    mean_queue = float((queue * pi).sum())
    return pi, p_wait, theta * mean_queue / lam, mean_queue / lam


def chain_service_level(calls_per_hour, aht_seconds, agents, patience_seconds, t):
    """P(answered within t) by uniformisation of the tagged caller's chain (levels = callers ahead)."""
    pi, p_wait, _, _ = chain(calls_per_hour, aht_seconds, agents, patience_seconds)
    if t == 0:
        return 1 - p_wait
    n = agents
    mu, theta = 1 / aht_seconds, 1 / patience_seconds
    weights = pi[n:]
    levels = len(weights)
    rates = n * mu + np.arange(levels) * theta  # advance rate with i ahead
    uni = float(rates.max() + theta)
    stay = 1 - (rates + theta) / uni
    move = rates / uni
    state = weights.copy()
    served = 0.0
    total = 0.0
    m = 0
    log_w = -uni * t
    mass = 0.0
    steps = int(uni * t + 12 * math.sqrt(uni * t + 1) + 30)
    for m in range(steps + 1):
        weight = math.exp(log_w)
        total += weight * served
        mass += weight
        served += state[0] * move[0]
        new = state * stay
        new[:-1] += state[1:] * move[1:]
        state = new
        log_w += math.log(uni * t) - math.log(m + 1)
    assert mass > 1 - 1e-10
    return (1 - p_wait) + total


CASES = [
    # (calls per hour, AHT s, agents, patience s): overloaded, critical, underloaded, tiny, large
    (200.0, 180.0, 14, 300.0),
    (200.0, 180.0, 7, 120.0),  # overloaded ×1,4
    (128.0, 562.0, 20, 120.0),  # critically loaded (20 Erlang on 20 agents)
    (60.0, 562.0, 3, 60.0),  # overloaded ×3
    (3.0, 600.0, 1, 90.0),  # one agent, light load
    (12.0, 300.0, 0, 45.0),  # nobody on the phone
    (2800.0, 562.0, 380, 180.0),  # large team, overloaded ×1,15
    (2000.0, 562.0, 330, 600.0),  # large team, just above the load
    (30.0, 200.0, 2, 1000.0),  # long patience, a little overloaded
]


@pytest.mark.parametrize("case", CASES)
def test_exact_against_an_independent_chain(case):
    calls, aht, n, patience = case
    _, p_wait, p_abandon, mean_wait = chain(calls, aht, n, patience)
    r = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience)
    assert r.p_wait == pytest.approx(p_wait, abs=1e-8)
    assert r.p_abandon == pytest.approx(p_abandon, abs=1e-8)
    assert r.mean_wait_seconds == pytest.approx(mean_wait, rel=1e-7, abs=1e-7)


@pytest.mark.parametrize("case", CASES[:6])
@pytest.mark.parametrize("t", [0.0, 5.0, 20.0, 60.0, 300.0])
def test_service_level_against_the_tagged_caller_chain(case, t):
    _check_service_level(case, t)


@pytest.mark.parametrize("case", CASES[6:])
def test_service_level_of_large_teams_against_the_tagged_caller_chain(case):
    _check_service_level(case, 20.0)


def _check_service_level(case, t):
    calls, aht, n, patience = case
    r = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience)
    assert r.service_level(t) == pytest.approx(chain_service_level(calls, aht, n, patience, t), abs=1e-8)


def test_service_level_tends_to_the_answered_share():
    r = erlang_a(calls_per_hour=200, aht_seconds=180, agents=7, patience_seconds=120)
    assert r.service_level(1e5) == pytest.approx(r.answered_share, abs=1e-10)
    assert r.service_level(0) == pytest.approx(1 - r.p_wait, abs=1e-15)
    levels = [r.service_level(t) for t in (0, 1, 10, 30, 100, 1000)]
    assert levels == sorted(levels)


def test_no_overflow_for_hundreds_of_agents_and_deep_overload():
    for calls, n, patience in ((20000.0, 400, 120.0), (60000.0, 500, 900.0), (1000.0, 600, 120.0)):
        r = erlang_a(calls_per_hour=calls, aht_seconds=562, agents=n, patience_seconds=patience)
        for value in (r.p_wait, r.p_abandon, r.mean_wait_seconds, r.service_level(20)):
            assert math.isfinite(value)
            assert value >= 0
        assert 0 <= r.p_abandon <= 1


def test_zero_calls():
    r = erlang_a(calls_per_hour=0, aht_seconds=180, agents=3, patience_seconds=60)
    assert (r.p_wait, r.p_abandon, r.mean_wait_seconds) == (0.0, 0.0, 0.0)


# ---------------------------------------------------------------- Garnett–Mandelbaum–Reiman cross-check


@pytest.mark.parametrize("n", [100, 200, 400])
def test_gmr_approximation_approaches_the_exact_figures_for_large_teams(n):
    # QED: n = R + β√R with β = 0,5; the approximation error shrinks like 1/√n
    aht, patience = 300.0, 300.0
    load = n - 0.5 * math.sqrt(n)
    calls = load * 3600 / aht
    exact = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience)
    p_wait, p_abandon = garnett_approximation(
        calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience
    )
    # measured: |ΔP(wait)| ≈ 0,13/√n, |ΔP(abandon)| ≈ 0,03/n
    assert p_wait == pytest.approx(exact.p_wait, abs=0.2 / math.sqrt(n))
    assert p_abandon == pytest.approx(exact.p_abandon, abs=0.05 / n)
    assert abs(p_wait - exact.p_wait) > 1e-4  # an approximation, not the same formula


# ---------------------------------------------------------------- smallest team


def test_agents_for_answered_share_is_the_smallest_team():
    kwargs = {"calls_per_hour": 200.0, "aht_seconds": 180.0, "patience_seconds": 300.0}
    n = agents_for_answered_share(**kwargs, answered_share=0.99)
    assert erlang_a(**kwargs, agents=n).answered_share >= 0.99
    assert erlang_a(**kwargs, agents=n - 1).answered_share < 0.99
    assert n == 15  # the published example answers 98,6 % with 14 agents
    assert agents_for_answered_share(**kwargs, answered_share=0.98) == 14


def test_agents_for_answered_share_erlang_c():
    assert (
        agents_for_answered_share(calls_per_hour=200, aht_seconds=180, patience_seconds=math.inf, answered_share=0.9)
        == 11
    )


# ---------------------------------------------------------------- properties

rates = st.floats(min_value=0.5, max_value=3000.0)
ahts = st.floats(min_value=30.0, max_value=900.0)
patiences = st.floats(min_value=1.0, max_value=3600.0)
teams = st.integers(min_value=0, max_value=250)


@settings(max_examples=150, deadline=None)
@given(calls=rates, aht=ahts, n=teams, patience=patiences)
def test_property_probabilities_in_range(calls, aht, n, patience):
    r = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience)
    assert 0.0 <= r.p_abandon <= r.p_wait <= 1.0
    assert 0.0 <= r.occupancy <= 1.0
    assert r.mean_wait_seconds >= 0.0
    assert r.p_abandon == pytest.approx(r.mean_wait_seconds / patience, rel=1e-9, abs=1e-15)


@settings(max_examples=100, deadline=None)
@given(calls=rates, aht=ahts, n=teams, patience=patiences)
def test_property_abandonment_falls_with_agents(calls, aht, n, patience):
    fewer = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience)
    more = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n + 1, patience_seconds=patience)
    assert more.p_abandon <= fewer.p_abandon + 1e-12


@settings(max_examples=100, deadline=None)
@given(calls=rates, aht=ahts, n=teams, patience=patiences, factor=st.floats(min_value=1.0, max_value=3.0))
def test_property_abandonment_rises_with_load(calls, aht, n, patience, factor):
    low = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience)
    high = erlang_a(calls_per_hour=calls * factor, aht_seconds=aht, agents=n, patience_seconds=patience)
    assert high.p_abandon >= low.p_abandon - 1e-12


@settings(max_examples=40, deadline=None)
@given(
    n=st.integers(min_value=200, max_value=400),
    overload=st.floats(min_value=1.2, max_value=2.5),
    patience=st.floats(min_value=30.0, max_value=600.0),
)
def test_property_fluid_limit_for_large_overloaded_teams(n, overload, patience):
    # λ > nμ: in the fluid limit exactly nμ/λ of the calls are answered
    aht = 300.0
    calls = overload * n * 3600 / aht
    r = erlang_a(calls_per_hour=calls, aht_seconds=aht, agents=n, patience_seconds=patience)
    assert r.p_abandon == pytest.approx(1 - 1 / overload, abs=0.01)
    assert r.p_abandon >= 1 - 1 / overload - 1e-9  # idle agents only ever add abandonment
