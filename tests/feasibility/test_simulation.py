"""A discrete-event simulation (Ciw) of one Monday against the Erlang A model of its half-hours.

The illustrative month of the issue (20.000 calls, 562 s, patience 120 s, the linear hours for 75 %
staffed in proportion to the default profile, rounded to whole agents per half-hour): the model's
answered share of the day must lie in the 95 % confidence interval of ten simulated days. Ciw's
schedule with ``preemption="resample"`` takes agents off the phone at their shift end (the default
would let them finish calls past it and so inflate the capacity). Seeded, ten days, about a second.
"""

from __future__ import annotations

import math
import statistics

import pytest

from o7core.intraday import SLOTS, default_profile
from o7core.queueing import erlang_a

ciw = pytest.importorskip("ciw")

CALLS, AHT, PATIENCE = 20000.0, 562.0, 120.0
MARCH_2023_WEEKDAYS = (5, 4, 5, 5, 4)  # Mondays … Fridays of 03/2023 (no holiday in BW)
T_975_9 = 2.262  # Student t, 97,5 %, 9 degrees of freedom


def monday():
    """Calls per minute and whole agents of the 20 half-hours of one Monday."""
    profile = default_profile()
    denominator = sum(n * profile.day_weight(d) for d, n in enumerate(MARCH_2023_WEEKDAYS))
    hours = 0.75 * CALLS * AHT / 3600
    rates = [CALLS * profile.weights[0][s] / denominator / 30 for s in range(SLOTS)]
    agents = [max(1, round(hours * profile.weights[0][s] / denominator / 0.5)) for s in range(SLOTS)]
    return rates, agents


def model_answered_share(rates, agents) -> float:
    answered = sum(
        r * 30 * erlang_a(calls_per_hour=r * 60, aht_seconds=AHT, agents=n, patience_seconds=PATIENCE).answered_share
        for r, n in zip(rates, agents, strict=True)
    )
    return answered / sum(r * 30 for r in rates)


def simulated_answered_share(rates, agents, seed: int) -> float:
    ends = [30.0 * (s + 1) for s in range(SLOTS)]
    network = ciw.create_network(
        arrival_distributions=[
            ciw.dists.PoissonIntervals(rates=[*rates, 0.0], endpoints=[*ends, 1e6], max_sample_date=600)
        ],
        service_distributions=[ciw.dists.Exponential(rate=60 / AHT)],
        # the last team stays until the day's queue is empty (no arrivals after 18:00)
        number_of_servers=[
            ciw.Schedule(numbers_of_servers=agents, shift_end_dates=[*ends[:-1], 1e6], preemption="resample")
        ],
        reneging_time_distributions=[ciw.dists.Exponential(rate=60 / PATIENCE)],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_time(800)
    records = simulation.get_all_records()
    served = {r.id_number for r in records if r.record_type == "service"}
    reneged = {r.id_number for r in records if r.record_type == "renege"} - served
    return len(served) / (len(served) + len(reneged))


def test_one_simulated_monday_agrees_with_the_model():
    rates, agents = monday()
    model = model_answered_share(rates, agents)
    shares = [simulated_answered_share(rates, agents, seed) for seed in range(10)]
    mean = statistics.mean(shares)
    half_width = T_975_9 * statistics.stdev(shares) / math.sqrt(len(shares))
    assert mean - half_width <= model <= mean + half_width, (model, mean, half_width)
    # the day is really overloaded: well below the linear 75 %
    assert 0.65 < model < 0.73
