"""In-house comparison: the same hours by the Jobcenter's own staff, hand-computed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from o7core import O7InputError, plan_scenario
from o7core.costs.in_house import STAFFING_RATIO_NOTE, InHouseRate, in_house_comparison


@pytest.fixture(scope="module")
def plan(sample):
    plan = plan_scenario(sample)
    assert plan.hours_total_rounded == Decimal("7602.7")
    return plan


def test_round_figures(plan):
    rate = InHouseRate(cost_per_fte_year=Decimal("60000"), year=2023, source="Haushaltsplan")
    result = in_house_comparison(plan, rate, 1400, term_years=3, overhead_percent=20)
    # 7 602,7 h / 1 400 h = 5,4305 VZA; · 60 000 € = 325 830,00 €; + 20 % = 65 166,00 €
    assert result.fte_needed == Decimal("5.4305")
    assert result.personnel_cost == Decimal("325830.00")
    assert result.overhead_cost == Decimal("65166.00")
    assert result.total == Decimal("390996.00")
    assert result.service_center_cost == Decimal("526919.82")
    assert result.difference == Decimal("-135923.82")
    assert result.rate.year == 2023 and result.rate.source == "Haushaltsplan"


def test_rounding_half_up_to_the_cent(plan):
    rate = InHouseRate(cost_per_fte_year=Decimal("58123.45"))
    result = in_house_comparison(plan, rate, "1379.5", term_years=1, overhead_percent="17.5")
    # 7 602,7 · 58 123,45 / 1 379,5 = 320 329,9407… → 320 329,94; · 17,5 % = 56 057,7395 → 56 057,74
    assert result.personnel_cost == Decimal("320329.94")
    assert result.overhead_cost == Decimal("56057.74")
    assert result.total == Decimal("376387.68")
    assert result.difference == Decimal("376387.68") - Decimal("548729.16")
    assert float(result.fte_needed) == pytest.approx(5.5112, abs=1e-4)


def test_without_overhead_and_the_staffing_note(plan):
    result = in_house_comparison(plan, InHouseRate(cost_per_fte_year=Decimal("70000")), 1600, term_years=2)
    assert result.overhead_cost == 0
    assert result.total == Decimal("332618.13")  # 7 602,7 · 70 000 / 1 600 = 332 618,125 → ,13 (half up)
    assert "§ 44c SGB II" in result.staffing_note == STAFFING_RATIO_NOTE


@pytest.mark.parametrize(
    ("rate", "hours", "overhead", "match"),
    [
        (Decimal("0"), 1400, 0, "Personalkosten je VZA"),
        (Decimal("60000"), 0, 0, "Produktivstunden"),
        (Decimal("60000"), 9000, 0, "Produktivstunden"),
        (Decimal("60000"), 1400, -5, "Zuschlag"),
        (Decimal("60000"), "viele", 0, "keine Zahl"),
    ],
)
def test_bad_input_is_named(plan, rate, hours, overhead, match):
    with pytest.raises(O7InputError, match=match):
        in_house_comparison(plan, InHouseRate(cost_per_fte_year=rate), hours, term_years=3, overhead_percent=overhead)


def test_bad_rate_year(plan):
    with pytest.raises(O7InputError, match="Bezugsjahr"):
        in_house_comparison(plan, InHouseRate(cost_per_fte_year=Decimal(1), year=1899), 1400, term_years=3)
