"""The appendix model: every printed figure from the plan, rounded as printed."""

from __future__ import annotations

from dataclasses import replace
from decimal import ROUND_HALF_UP, Decimal

import pytest

from o7core.appendix import FOOTNOTE_SHORT, build_appendix
from o7core.scenario import plan_scenario
from tests.appendix.conftest import short_period


def q(value: float, places: str) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(places), rounding=ROUND_HALF_UP)


def test_header(appendix, scenario):
    assert appendix.title == "Anlage zum Dienstleistungseinkauf O.7 2023"
    assert "01.09.2021 bis 31.08.2022" in appendix.period_sentence
    assert "12 Monate" in appendix.period_sentence
    assert appendix.service_center == "Service Center Freiburg"
    assert (appendix.jobcenter, appendix.jcnr) == ("JC Göppingen", "JC62106")
    assert appendix.bg_count == 5642  # BG of the contract year, not the Jobcenter's 6.032
    assert appendix.term_years == 3
    assert appendix.footnote == FOOTNOTE_SHORT
    assert appendix.file_stem == "Anlage_O7_2023_JC62106"


def test_baustein_rows_follow_the_plan(appendix, plan):
    assert [r.number for r in appendix.rows] == [1, 2, 3, 4, 5, 6, 7]
    for row, b in zip(appendix.rows, plan.bausteine, strict=True):
        assert row.chosen == b.chosen
        if b.number == 2:
            assert (row.hours, row.hours_annualized, row.fte, row.fulfilment) == (None, None, None, None)
            continue
        assert row.hours == q(b.hours, "0.1")
        assert row.hours_annualized == q(b.hours_annualized, "0.1")
        assert row.fte == q(b.hours_annualized / 1200, "0.01")
    b4 = next(b for b in plan.bausteine if b.number == 4)
    assert appendix.row(4).fulfilment == q(b4.fulfilment, "0.0001")
    assert appendix.row(1).fulfilment == Decimal("1.0000")
    assert appendix.row(3).fulfilment is None  # unchosen: "–"


def test_totals(appendix, plan):
    assert appendix.total_hours_annualized == plan.hours_total_rounded == Decimal("7602.7")
    assert appendix.total_hours == Decimal("7602.7")
    assert appendix.total_fte == q(7602.7 / 1200, "0.01") == Decimal("6.34")


def test_costs_are_the_plans(appendix, plan):
    assert [(c.term_years, c.base_price, c.volume_price, c.total) for c in appendix.costs] == [
        (c.term_years, c.base_price, c.volume_price, c.total) for c in plan.costs
    ]
    three = appendix.costs[2]
    assert three.base_price == Decimal("5642") * Decimal("29.52")
    assert three.volume_price == Decimal("7602.7") * Decimal("47.40")


def test_baustein2_text_generated_and_overridden(scenario, plan, appendix):
    per_day = q(plan.totals.jc_conversations_per_day, "1")
    assert appendix.baustein2_text_generated
    assert f"ca. {per_day} Gespräche" in appendix.baustein2_text
    assert "70\u00a0%" in appendix.baustein2_text
    assert "Voiceboxen" in appendix.baustein2_text
    calls = replace(scenario, baustein2=replace(scenario.baustein2, mode="Anrufe"))
    assert "Anrufe" in build_appendix(calls, plan).baustein2_text
    own = replace(scenario, agreement=replace(scenario.agreement, baustein2_text="Eigener Text"))
    ap = build_appendix(own, plan)
    assert ap.baustein2_text == "Eigener Text" and not ap.baustein2_text_generated


def test_signature_blocks(appendix):
    sc, jc = appendix.signatures
    assert (sc.party, sc.place_date) == ("Service Center", "Freiburg, 07.11.2022")
    assert (jc.party, jc.place_date) == ("Jobcenter", "Göppingen, 07.11.2022")
    assert jc.organisation == "JC Göppingen (JC62106)"


def test_short_period_is_annualised(scenario):
    s = short_period(scenario)
    plan = plan_scenario(s)
    ap = build_appendix(s, plan)
    assert ap.period_months == 9 and "9 Monate" in ap.period_sentence
    k = plan.totals.annualization_factor
    assert k > 1
    b1 = ap.row(1)
    assert float(b1.hours_annualized) == pytest.approx(float(b1.hours) * k, abs=0.1)
    assert ap.total_hours_annualized == plan.hours_total_rounded


def test_file_stem_is_safe(scenario, plan):
    odd = replace(scenario, jobcenter=replace(scenario.jobcenter, jcnr="../JC 1/2"))
    assert build_appendix(odd, plan).file_stem == "Anlage_O7_2023_JC12"
