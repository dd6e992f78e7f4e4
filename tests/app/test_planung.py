"""The Planung page through app.py: the sample plan at once, sliders move the figures in line with the core."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from o7core import fmt, plan_scenario
from tests.app.conftest import assert_clean, open_app, open_group, show
from tests.app.text import tables
from tests.conftest import ROOT, SAMPLE_DIR


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def cli_plan(target: float) -> dict:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "o7core",
            "plan",
            str(SAMPLE_DIR / "goeppingen_scenario.json"),
            "--target",
            str(target),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def planung():
    return open_app("planung", opened=True)


def test_first_view_shows_the_complete_goeppingen_plan(planung) -> None:
    shown = metrics(planung)
    expected = cli_plan(0.55)
    assert shown["Erforderliche Gespräche"] == fmt.count(expected["totals"]["required_conversations"])
    assert shown["Bedarf in VZA"] == "6,34"
    assert shown["Stunden je Jahr"] == "7.602,7"
    assert shown["Mögliche Erreichbarkeit"] == fmt.percent(0.55)
    three_years = next(c for c in expected["costs"] if c["term_years"] == 3)
    from decimal import Decimal

    assert shown["€ je Jahr (Laufzeit 3 Jahre)"] == fmt.money(Decimal(three_years["total"]))
    assert len(planung.get("vega_lite_chart")) >= 1
    assert len(tables(planung)) >= 2


def test_target_slider_changes_figures_in_line_with_the_cli() -> None:
    at = open_app("planung", opened=True)
    before = metrics(at)
    at.select_slider(key="w_target").set_value(0.70).run()
    assert_clean(at)
    after = metrics(at)
    for label in ("Erforderliche Gespräche", "Stunden je Jahr", "Bedarf in VZA", "€ je Jahr (Laufzeit 3 Jahre)"):
        assert after[label] != before[label], label
    expected = cli_plan(0.70)
    assert after["Erforderliche Gespräche"] == fmt.count(expected["totals"]["required_conversations"])
    assert after["Bedarf in VZA"] == fmt.fte(expected["totals"]["fte_required"])
    assert after["Stunden je Jahr"] == fmt.hours(expected["hours_total_rounded"])
    # deltas appear once a baseline is saved
    next(b for b in at.button if b.label == "Vergleichsbasis merken").click().run()
    at.select_slider(key="w_target").set_value(0.75).run()
    assert any(m.delta and m.delta.startswith("+") for m in at.metric)


def test_page_switch_keeps_the_slider_values() -> None:
    at = open_app("planung", opened=True)
    at.select_slider(key="w_target").set_value(0.70).run()
    at.text_input(key="w_aht").input("600,5").run()
    shown = metrics(at)
    show(at, "daten")
    assert_clean(at)
    show(at, "planung")
    assert at.select_slider(key="w_target").value == pytest.approx(0.70)
    assert at.text_input(key="w_aht").value == "600,5"
    assert metrics(at) == shown


def test_capped_capacity_warns_and_the_button_sets_the_capacity_for_the_target() -> None:
    at = open_app("planung", opened=True)
    at.toggle(key="w_capacity_auto").set_value(False).run()
    at.text_input(key="w_capacity").input("5").run()
    assert_clean(at)
    assert any("Jahresziel" in w.value for w in at.warning)
    assert metrics(at)["Mögliche Erreichbarkeit"] != fmt.percent(0.55)
    next(b for b in at.button if b.label == "Kapazität für Jahresziel").click().run()
    assert metrics(at)["Mögliche Erreichbarkeit"] == fmt.percent(0.55)
    assert not any("Jahresziel" in w.value for w in at.warning)


def test_bausteine_settings_change_the_hours() -> None:
    at = open_app("planung")
    hours_before = metrics(at)["Stunden je Jahr"]
    with pytest.raises(KeyError):  # a closed group draws nothing
        at.checkbox(key="w_b6_chosen")
    open_group(at, "w_group_bausteine")
    assert metrics(at)["Stunden je Jahr"] == hours_before  # opening changes no figure
    at.checkbox(key="w_b6_chosen").check().run()
    at.text_input(key="w_b6_volume").input("12.000").run()
    at.text_input(key="w_b6_minutes").input("6").run()
    assert_clean(at)
    # 12.000 e-mails × 6 min / 60 × 100 % = 1.200 h more
    from o7core.parsing import parse_number

    before = parse_number(hours_before)
    after = parse_number(metrics(at)["Stunden je Jahr"])
    assert after - before == pytest.approx(1200.0, abs=0.1)


def test_presentation_mode_hides_the_controls() -> None:
    at = open_app("planung", opened=True)
    # (AppTest drops the entry point's sidebar after switch_page, so the switch is set through its key)
    at.session_state["o7_presentation"] = True
    at.run()
    assert_clean(at)
    assert len(at.select_slider) == 0
    assert len(at.metric) == 5


def test_sample_plan_matches_the_core_directly() -> None:
    from o7app.state import sample_scenario

    plan = plan_scenario(sample_scenario())
    assert fmt.fte(plan.totals.fte_required) == "6,34"


def test_a_closed_group_keeps_its_settings() -> None:
    """Set Baustein 6 in its group, close the group: the figures stay those of the settings; open it again:
    the fields show what was typed (the scenario's values, not the sample's)."""
    at = open_app("planung", opened=True)
    open_group(at, "w_group_bausteine")
    at.checkbox(key="w_b6_chosen").check().run()
    at.text_input(key="w_b6_volume").input("12.000").run()
    hours = metrics(at)["Stunden je Jahr"]
    at.session_state["w_group_bausteine"] = False
    at.run()
    assert_clean(at)
    assert metrics(at)["Stunden je Jahr"] == hours
    assert not [c for c in at.checkbox if c.key == "w_b6_chosen"]
    open_group(at, "w_group_bausteine")
    assert at.checkbox(key="w_b6_chosen").value is True
    assert at.text_input(key="w_b6_volume").value == "12.000"


def test_the_first_view_holds_cards_and_kurzfassung_of_the_plan_without_a_slider() -> None:
    """Issue 19: the controls are groups; the cards and the Kurzfassung already say what the plan needs."""
    from o7core import load_scenario

    at = open_app("planung")
    assert not at.get("select_slider")
    s = load_scenario(SAMPLE_DIR / "goeppingen_scenario.json", require_months=True)
    plan = plan_scenario(s)
    t = plan.totals
    assert metrics(at)["Bedarf in VZA"] == fmt.fte(t.fte_required)
    text = next(m.value for m in at.markdown if m.value.startswith("**Kurzfassung:**"))
    for figure in (fmt.count(t.required_conversations), fmt.hours(plan.hours_total_rounded), fmt.fte(t.fte_required)):
        assert figure in text, (figure, text)
    assert fmt.percent(t.possible_reachability) in text
    assert f"bei {s.term_years} Jahren Laufzeit" in text, text  # the sample's term is 3 years: dative after "bei"
    # the target, moved in its group, reaches the cards and the Kurzfassung of the same run
    at = open_group(at, "w_group_basis")
    at.select_slider(key="w_target").set_value(0.6).run()
    assert_clean(at)
    moved = plan_scenario(s.with_parameters(target_reachability=0.6))
    assert metrics(at)["Bedarf in VZA"] == fmt.fte(moved.totals.fte_required)
    assert fmt.count(moved.totals.required_conversations) in next(
        m.value for m in at.markdown if m.value.startswith("**Kurzfassung:**")
    )
