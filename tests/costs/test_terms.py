"""Terms: the first year to the cent against the agreement 2023, whole term with escalation and BG forecast."""

from __future__ import annotations

from decimal import Decimal

import pytest

from o7core import O7InputError, plan_scenario
from o7core.costs import price_sheet_from_dict
from o7core.costs.terms import escalated_prices, scenario_term_costs, term_costs


@pytest.fixture(scope="module")
def anlage_terms(golden_anlage):
    prices = price_sheet_from_dict(
        {"contract_year": golden_anlage["contract_year"], "terms": golden_anlage["prices_2023"]}
    )
    hours = Decimal(str(golden_anlage["total_hours_printed"]))
    return term_costs(hours, golden_anlage["bg_count"], prices)


def test_first_year_of_every_term_matches_the_agreement_to_the_cent(golden_anlage, anlage_terms):
    expected = golden_anlage["expected"]["costs"]
    assert [t.term_years for t in anlage_terms] == [1, 2, 3]
    for t in anlage_terms:
        want = expected[str(t.term_years)]
        assert t.first_year.base_price == Decimal(want["base_price"])
        assert t.first_year.volume_price == Decimal(want["volume_price"])
        assert t.first_year.total == Decimal(want["total"])


def test_whole_term_without_escalation_is_first_year_times_years(golden_anlage, anlage_terms):
    expected = golden_anlage["expected"]["costs"]
    for t in anlage_terms:
        assert t.whole_term == Decimal(expected[str(t.term_years)]["total"]) * t.term_years
        assert [y.total for y in t.years] == [t.first_year.total] * t.term_years
        assert [y.contract_year for y in t.years] == [2023 + i for i in range(t.term_years)]
    assert anlage_terms[2].whole_term == Decimal("1586547.00")


def test_escalation_and_bg_forecast_hand_computed(golden_anlage):
    prices = price_sheet_from_dict({"contract_year": 2023, "terms": golden_anlage["prices_2023"]})
    terms = term_costs(Decimal("7643.4"), 5642, prices, escalation_percent="2.5", bg_forecast=(5700, None))
    one, two, three = terms
    # one year: no later year, the forecast and the escalation do not apply
    assert one.whole_term == Decimal("550731.60")
    # two years: year 2 at 30,00·1,025 = 30,75 € per BG and 48,00·1,025 = 49,20 € per hour, BG 5 700
    assert [(y.base_per_bg, y.per_hour, y.bg_count) for y in two.years] == [
        (Decimal("30.00"), Decimal("48.00"), 5642),
        (Decimal("30.75"), Decimal("49.20"), 5700),
    ]
    assert two.years[1].base_price == Decimal("175275.00")
    assert two.years[1].volume_price == Decimal("376055.28")
    assert two.whole_term == Decimal("536143.20") + Decimal("551330.28")
    # three years: 29,52 → 30,258 → 30,26 → 31,0165 → 31,02; 47,40 → 48,585 → 48,59 → 49,80475 → 49,80
    assert [(y.base_per_bg, y.per_hour) for y in three.years] == [
        (Decimal("29.52"), Decimal("47.40")),
        (Decimal("30.26"), Decimal("48.59")),
        (Decimal("31.02"), Decimal("49.80")),
    ]
    assert [y.bg_count for y in three.years] == [5642, 5700, 5700]  # year 3 keeps the forecast of year 2
    assert three.years[1].total == Decimal("172482.00") + Decimal("371392.81")  # 7 643,4 · 48,59 = 371 392,806
    assert three.years[2].total == Decimal("176814.00") + Decimal("380641.32")
    assert three.whole_term == Decimal("1630179.13")
    assert three.average_per_year == Decimal("543393.04")  # 1 630 179,13 / 3 = 543 393,043…


def test_escalated_prices_compound_on_the_rounded_rates():
    rates = escalated_prices(Decimal("29.52"), Decimal("10.05"), 3, Decimal("2.5"))
    # 29,52 · 1,025 = 30,258 → 30,26; 30,26 · 1,025 = 31,0165 → 31,02
    # (from the unrounded rate it would be 29,52 · 1,025² = 31,01445 → 31,01)
    assert rates[2][0] == Decimal("31.02")
    # 10,05 · 1,025 = 10,30125 → 10,30; 10,30 · 1,025 = 10,5575 → 10,56
    assert rates == [
        (Decimal("29.52"), Decimal("10.05")),
        (Decimal("30.26"), Decimal("10.30")),
        (Decimal("31.02"), Decimal("10.56")),
    ]


def test_unit_costs_per_conversation_and_per_bg(sample):
    plan = plan_scenario(sample)
    terms = scenario_term_costs(sample, plan)
    three = terms[2]
    assert plan.totals.annualization_factor == pytest.approx(1.0)
    # 526 919,82 € / 46 722,5 conversations = 11,2776… → 11,28 €; / 5 642 BG = 93,3924… → 93,39 €
    assert three.first_year.total == Decimal("526919.82")
    assert three.per_conversation == Decimal("11.28")
    assert three.per_bg == Decimal("93.39")
    assert terms[0].per_conversation == Decimal("11.74")  # 548 729,16 / 46 722,5 = 11,7444…


def test_first_year_equals_the_plan_costs(variants):
    for scenario in variants.values():
        plan = plan_scenario(scenario)
        assert tuple(t.first_year for t in scenario_term_costs(scenario, plan)) == plan.costs


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"escalation_percent": "-1"}, "Preissteigerung muss zwischen 0 und 50"),
        ({"escalation_percent": "abc"}, "keine Zahl"),
        ({"bg_forecast": (0,)}, "2. Vertragsjahr"),
        ({"bg_forecast": (6000, -3)}, "3. Vertragsjahr"),
    ],
)
def test_bad_term_options_are_refused_in_german(golden_anlage, kwargs, match):
    prices = price_sheet_from_dict({"contract_year": 2023, "terms": golden_anlage["prices_2023"]})
    with pytest.raises(O7InputError, match=match):
        term_costs(Decimal("100"), 5642, prices, **kwargs)


def test_missing_bg_is_named(golden_anlage):
    prices = price_sheet_from_dict({"contract_year": 2023, "terms": golden_anlage["prices_2023"]})
    with pytest.raises(O7InputError, match="Bedarfsgemeinschaften") as info:
        term_costs(Decimal("100"), None, prices)
    assert info.value.problems[0].column == "bg_count_contract_year"
