"""The one German number input (o7app.widgets.number) through app.py, as a German user types.

Typed text is read by ``o7core.parsing.parse_typed_number``; the cards must then show exactly
the core's figures for that value. Unreadable, out-of-range and factor-10 inputs keep the old
value until the user corrects or confirms them.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from o7app.planning_view import cost_per_year
from o7core import fmt, plan_scenario
from o7core.scenario import load_scenario
from tests.app.conftest import assert_clean, open_app, show
from tests.conftest import SAMPLE_DIR

AHT = "w_aht"


def sample():
    return load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")


def cards(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def expected_cards(scenario) -> dict[str, str]:
    plan = plan_scenario(scenario)
    return {
        "Erforderliche Gespräche": fmt.count(plan.totals.required_conversations),
        "Stunden je Jahr": fmt.hours(plan.hours_total_rounded),
        "Bedarf in VZA": fmt.fte(plan.totals.fte_required),
        "€ je Jahr (Laufzeit 3 Jahre)": fmt.money(cost_per_year(plan, scenario.term_years)),
    }


def with_aht(seconds: float):
    s = sample()
    return replace(s, parameters=replace(s.parameters, aht_seconds=seconds))


def assert_cards(at, scenario) -> None:
    shown = cards(at)
    for label, value in expected_cards(scenario).items():
        assert shown[label] == value, label


def texts(elements) -> str:
    return " ".join(str(e.value) for e in elements)


@pytest.mark.parametrize(("typed", "seconds"), [("562,5", 562.5), ("600", 600.0), ("1.234,5", 1234.5)])
def test_german_handling_time_gives_the_core_figures(typed, seconds) -> None:
    at = open_app("planung", opened=True)
    assert at.text_input(key=AHT).value == "562,285"  # German, not 562.285
    at.text_input(key=AHT).input(typed).run()
    assert_clean(at)
    assert at.session_state["o7_scenario"].parameters.aht_seconds == seconds
    assert_cards(at, with_aht(seconds))
    assert at.text_input(key=AHT).value == fmt.field_number(seconds, 3)
    assert not at.error and not at.warning


def test_a_dot_as_decimal_point_is_read_and_said() -> None:
    at = open_app("planung", opened=True)
    at.text_input(key=AHT).input("562.5").run()
    assert_clean(at)
    assert at.session_state["o7_scenario"].parameters.aht_seconds == 562.5
    assert at.text_input(key=AHT).value == "562,5"  # shown back in German
    assert "Gelesen als 562,5" in texts(at.caption)
    assert "Dezimalzeichen" in texts(at.caption)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("abc", "„abc“ ist nicht lesbar: keine Zahl"), ("40.000", "außerhalb"), ("0", "außerhalb"), ("", "Bitte")],
)
def test_unreadable_or_out_of_range_input_keeps_the_value(typed, message) -> None:
    at = open_app("planung", opened=True)
    before = cards(at)
    at.text_input(key=AHT).input(typed).run()
    assert_clean(at)
    assert message in texts(at.error)
    assert "Es gilt weiter: 562,285" in texts(at.error)
    assert at.session_state["o7_scenario"].parameters.aht_seconds == pytest.approx(562.285)
    assert cards(at) == before
    # correcting the input clears the message and applies the value
    at.text_input(key=AHT).input("562,5").run()
    assert not at.error
    assert_cards(at, with_aht(562.5))


def test_a_tenfold_change_waits_for_confirmation() -> None:
    at = open_app("planung", opened=True)
    before = cards(at)
    at.text_input(key=AHT).input("5.622,85").run()  # ten times 562,285: a slip of the comma
    assert_clean(at)
    assert "10-mal so groß wie der bisherige Wert 562,285" in texts(at.warning)
    assert cards(at) == before
    at.button(key=f"{AHT}__ja").click().run()
    assert_clean(at)
    assert not at.warning
    assert at.session_state["o7_scenario"].parameters.aht_seconds == 5622.85
    assert_cards(at, with_aht(5622.85))


def test_a_tenfold_change_can_be_declined() -> None:
    at = open_app("planung", opened=True)
    at.text_input(key=AHT).input("56,2").run()  # a tenth: warned as well
    assert "1/10 des bisherigen Werts" in texts(at.warning)
    at.button(key=f"{AHT}__nein").click().run()
    assert_clean(at)
    assert not at.warning
    assert at.text_input(key=AHT).value == "562,285"
    assert at.session_state["o7_scenario"].parameters.aht_seconds == pytest.approx(562.285)


def test_bg_of_the_contract_year_reads_thousands_and_prices_follow() -> None:
    at = open_app(opened=True)
    assert at.text_input(key="w_md_bg").value == fmt.count(sample().jobcenter.bg_count)  # 6.032, not 6032
    for typed, bg in (("6.150", 6150), ("5.642", 5642), ("6150", 6150)):
        at.text_input(key="w_md_bg_contract").input(typed).run()
        assert_clean(at)
        assert at.session_state["o7_scenario"].bg_count_contract_year == bg
        plan = plan_scenario(replace(sample(), bg_count_contract_year=bg))
        assert cards(at)["€ je Jahr (3 J. Laufzeit)"] == fmt.money(plan.cost_for(3).total)
        assert at.text_input(key="w_md_bg_contract").value == fmt.count(bg)
    assert plan.cost_for(3).base_price != plan_scenario(sample()).cost_for(3).base_price
    # a fraction is no BG count: refused at the field, the value stays
    at.text_input(key="w_md_bg_contract").input("5,642").run()
    assert "ganzzahlig" in texts(at.error)
    assert at.session_state["o7_scenario"].bg_count_contract_year == 6150


def test_the_year_is_shown_without_a_thousands_point() -> None:
    at = open_app(opened=True)
    assert at.text_input(key="w_md_year").value == str(sample().contract_year)


def test_a_typed_value_survives_a_page_switch_and_a_confirmation_is_not_carried_over() -> None:
    at = open_app("planung", opened=True)
    at.text_input(key=AHT).input("480,25").run()
    show(at, "kosten")
    show(at, "planung")
    assert_clean(at)
    assert at.text_input(key=AHT).value == "480,25"
    assert_cards(at, with_aht(480.25))
