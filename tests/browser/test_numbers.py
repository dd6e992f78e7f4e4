"""German numbers typed in Chromium: the handling time on Planung and the BG of the contract year on the start page.

The cards must show exactly the core's figures for the typed value, whether the value is applied
with Enter or by leaving the field (Tab).
"""

from __future__ import annotations

from dataclasses import replace

from tests.browser.conftest import assert_no_error, expect, metric, open_group, open_page, wait_run, watch_run
from tests.browser.support import expected_planung, sample_scenario

AHT_LABEL = "Bearbeitungszeit je Gespräch (Sekunden"


def _type(page, label: str, text: str, key: str) -> None:
    field = page.get_by_label(label)
    field.click()
    field.fill(text)
    watch_run(page)
    field.press(key)
    wait_run(page)


def test_handling_time_typed_the_german_way(page, app_server) -> None:
    open_page(page, app_server, "planung", ready='[data-testid="stMetric"]')
    open_group(page, "Zeiten und Kapazität")
    field = page.get_by_label(AHT_LABEL)
    expect(field).to_have_value("562,285")
    sample = sample_scenario()
    for text, seconds, key in (("562,5", 562.5, "Enter"), ("600,25", 600.25, "Tab"), ("1.234,5", 1234.5, "Enter")):
        _type(page, AHT_LABEL, text, key)
        expected = expected_planung(replace(sample, parameters=replace(sample.parameters, aht_seconds=seconds)))
        for label in ("Erforderliche Gespräche", "Stunden", "Bedarf in VZA", "€ je Jahr"):
            expect(metric(page, label)).to_have_text(expected[label])
        expect(field).to_have_value(text)
    # a slip of the comma (ten times the value) waits for the user's word
    _type(page, AHT_LABEL, "12.345", "Enter")
    expect(page.get_by_text("10-mal so groß", exact=False)).to_be_visible()
    expect(metric(page, "Bedarf in VZA")).to_have_text(expected["Bedarf in VZA"])
    assert_no_error(page)


def test_bg_of_the_contract_year_typed_with_a_thousands_point(page, app_server) -> None:
    open_page(page, app_server, "daten", ready='[data-testid="stMetric"]')
    open_group(page, "Stammdaten")
    sample = sample_scenario()
    label = "BG-Zahl des Vertragsjahres (Preisbasis)"
    for text, bg in (("6.150", 6150), ("5.642", 5642)):
        _type(page, label, text, "Tab")
        from o7core import fmt
        from o7core.scenario import plan_scenario

        plan = plan_scenario(replace(sample, bg_count_contract_year=bg))
        expect(metric(page, "€ je Jahr")).to_have_text(fmt.money(plan.cost_for(sample.term_years).total))
        expect(page.get_by_label(label)).to_have_value(text)
    assert_no_error(page)
