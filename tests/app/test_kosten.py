"""The Kosten page through the real entry point: terms with € figures, the board, budget, in-house."""

from __future__ import annotations

import re
from decimal import Decimal

from o7app import board
from o7core import fmt, plan_scenario
from o7core.costs.budget import reachability_for_budget
from o7core.costs.curve import cost_curve
from o7core.costs.in_house import InHouseRate, in_house_comparison
from o7core.costs.terms import scenario_term_costs
from tests.app.conftest import assert_clean, open_app, open_group, show
from tests.app.text import tables
from tests.conftest import SAMPLE_DIR


def sample():
    from o7core import load_scenario

    return load_scenario(SAMPLE_DIR / "goeppingen_scenario.json", require_months=True)


def metric(at, label: str) -> str:
    return next(m.value for m in at.metric if m.label == label)


def all_text(at) -> str:
    return "\n".join(str(getattr(e, "value", "")) for e in at.main) + "\n".join(m.value for m in at.markdown)


def test_page_shows_the_terms_with_euro_figures():
    at = open_app("kosten", opened=True)
    s = sample()
    plan = plan_scenario(s)
    terms = scenario_term_costs(s, plan)
    three = terms[2]
    assert metric(at, "Kosten im 1. Jahr (3 Jahre)") == fmt.money(three.first_year.total)
    assert metric(at, "Gesamte Laufzeit (3 Jahre)") == fmt.money(three.whole_term)
    assert metric(at, "€ je Gespräch") == fmt.money(three.per_conversation)
    table = tables(at)[0]
    assert list(table["Laufzeit"]) == ["1 Jahr", "2 Jahre", "3 Jahre"]
    assert list(table["Kosten 1. Jahr"]) == [fmt.money(t.first_year.total) for t in terms]
    assert list(table["Gesamte Laufzeit"]) == [fmt.money(t.whole_term) for t in terms]
    assert all(v.endswith("\u00a0€") and "," in v for v in table["Kosten 1. Jahr"])
    # the curve's slope is stated in German money format
    curve = cost_curve(s, plan)
    assert any(fmt.money(curve.cost_per_point[3]) in m.value for m in at.markdown)
    # budget: preset with the current cost, it buys the current target
    assert metric(at, "Erreichbare Ziel-Erreichbarkeit") == fmt.percent(0.55, 2)
    # in-house: no invented rate, the § 44c note is shown
    assert at.text_input(key="w_inhouse_rate").value == ""
    assert any("§ 44c SGB II" in i.value for i in at.info)


def test_escalation_budget_and_in_house_inputs_change_the_figures():
    at = open_app("kosten", opened=True)
    s = sample()
    plan = plan_scenario(s)
    at.text_input(key="w_kosten_escalation").input("2,5 %")
    at.text_input(key="w_kosten_bg2").input("5.700")
    at.text_input(key="w_kosten_budget").input("400.000 €")
    at.text_input(key="w_inhouse_rate").input("60.000")
    at.text_input(key="w_inhouse_hours").input("1400")
    at.text_input(key="w_inhouse_overhead").input("20")
    at.run()
    assert_clean(at)
    escalated = scenario_term_costs(s, plan, escalation_percent="2.5", bg_forecast=(5700, None))[2]
    assert metric(at, "Gesamte Laufzeit (3 Jahre)") == fmt.money(escalated.whole_term)
    answer = reachability_for_budget(s, Decimal("400000"), 3, plan)
    assert metric(at, "Erreichbare Ziel-Erreichbarkeit") == fmt.percent(answer.target, 2)
    own = in_house_comparison(
        plan, InHouseRate(cost_per_fte_year=Decimal(60000)), 1400, term_years=3, overhead_percent=20
    )
    assert metric(at, "Eigenbetrieb je Jahr") == fmt.money(own.total)
    assert metric(at, "Eigenbetrieb minus Service Center") == fmt.money(own.difference)
    # the values survive a page switch and back
    show(at, "anlage")
    show(at, "kosten")
    assert_clean(at)
    assert at.text_input(key="w_kosten_escalation").value == "2,5"
    assert at.text_input(key="w_inhouse_rate").value == "60.000,00"
    assert metric(at, "Eigenbetrieb je Jahr") == fmt.money(own.total)


def board_tables(at) -> tuple:
    """The comparison of the saved scenarios: their figures and the differences to the baseline."""
    values, deltas = [t for t in tables(at) if "Szenario" in t.columns]
    return values, deltas


def test_save_compare_rename_and_load_scenarios():
    at = open_app("kosten", opened=True)
    s = sample()
    at.button(key="w_board_save").click().run()
    assert_clean(at)
    at.selectbox(key="w_kosten_term").set_value(1).run()
    at.text_input(key="w_board_name").set_value("Ein Jahr").run()
    at.button(key="w_board_save").click().run()
    assert_clean(at)
    values, deltas = board_tables(at)
    assert list(values["Szenario"])[1:] == ["Szenario A", "Ein Jahr"]
    one_year = plan_scenario(s).cost_for(1).total
    three_years = plan_scenario(s).cost_for(3).total
    assert list(values["Kosten 1. Jahr"]) == [fmt.money(one_year), fmt.money(three_years), fmt.money(one_year)]
    # baseline: the current plan (now 1 year) → Szenario A costs less in its first year
    assert list(deltas["Kosten 1. Jahr"])[1] == fmt.money(three_years - one_year)
    # rename
    open_group(at, "w_group_kosten_manage")
    at.selectbox(key="w_board_pick").set_value("Szenario A")
    at.text_input(key="w_board_rename").set_value("Drei Jahre")
    at.button(key="w_board_do_rename").click().run()
    assert_clean(at)
    assert "Drei Jahre" in list(board_tables(at)[0]["Szenario"])
    # load a file of several scenarios back
    raw = board.collection_to_json({"Ziel 60 %": s.with_parameters(target_reachability=0.6)}).encode()
    at.file_uploader(key="w_board_upload").set_value(("alle.json", raw, "application/json")).run()
    assert_clean(at)
    names = list(board_tables(at)[0]["Szenario"])
    assert names[1:] == ["Drei Jahre", "Ein Jahr", "Ziel 60 %"]
    sixty = plan_scenario(s.with_parameters(target_reachability=0.6)).cost_for(3).total
    assert fmt.money(sixty) in list(board_tables(at)[0]["Kosten 1. Jahr"])
    # a broken file: German message, the saved scenarios stay
    at.file_uploader(key="w_board_upload").set_value(("kaputt.json", b"{kein json", "application/json")).run()
    assert any("kaputt.json" in e.value for e in at.error)
    assert list(board_tables(at)[0]["Szenario"])[1:] == names[1:]


def test_presentation_mode_hides_the_inputs():
    at = open_app("kosten", opened=True)
    at.session_state["o7_presentation"] = True  # the sidebar switch of app.py
    at.run()
    assert_clean(at)
    assert len(at.number_input) == 0 and len(at.text_input) == 0 and len(at.button) == 0
    assert metric(at, "Kosten im 1. Jahr (3 Jahre)").endswith("€")


# --- the first view (issue 19): cards and Kurzfassung without opening a group ------------------------------------


def kurzfassung(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Kurzfassung:**"))


def test_the_first_view_gives_the_chosen_terms_figures_without_a_group_open() -> None:
    at = open_app("kosten")
    s = sample()
    plan = plan_scenario(s)
    chosen = next(t for t in scenario_term_costs(s, plan) if t.term_years == s.term_years)
    term = f"{s.term_years} Jahre" if s.term_years > 1 else "1 Jahr"
    assert metric(at, f"Kosten im 1. Jahr ({term})") == fmt.money(chosen.first_year.total)
    assert metric(at, f"Gesamte Laufzeit ({term})") == fmt.money(chosen.whole_term)
    text = kurzfassung(at)
    assert fmt.money(chosen.first_year.total) in text and fmt.money(chosen.whole_term) in text
    assert fmt.money(cost_curve(s, plan).cost_per_point[s.term_years]) in text
    assert fmt.hours(plan.hours_total_rounded) in text
    # German after "bei": "bei 3 Jahren Laufzeit", never "bei 3 Jahre Laufzeit"
    dative = f"{s.term_years} Jahren" if s.term_years > 1 else "1 Jahr"
    assert f"Bei {dative} Laufzeit" in text, text
    page_text = " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)
    assert not re.search(r"\b[Bb]ei \d+ Jahre\b", page_text), page_text


def test_the_kurzfassung_names_a_cheaper_term_only_where_there_is_one() -> None:
    from o7app.kosten_view import TermInputs, summary_text

    s = sample()
    plan = plan_scenario(s)
    terms = list(scenario_term_costs(s, plan))
    curve = cost_curve(s, plan)
    cheapest = min(terms, key=lambda t: (t.first_year.total, t.term_years))
    for t in terms:
        text = summary_text(s, plan, TermInputs(t.term_years, Decimal(0), ()), terms, curve)
        assert ("günstiger ist" in text) == (t is not cheapest), (t.term_years, text)
        if t is not cheapest:
            assert fmt.money(cheapest.first_year.total) in text
    with_escalation = summary_text(s, plan, TermInputs(terms[-1].term_years, Decimal("2.5"), ()), terms, curve)
    assert "2,50 % Preissteigerung" in with_escalation


def test_term_inputs_kept_while_their_group_is_closed() -> None:
    at = open_group(open_app("kosten"), "w_group_kosten_prices")
    at.text_input(key="w_kosten_escalation").set_value("3,5").run()
    assert_clean(at)
    at.session_state["w_group_kosten_prices"] = False
    at.run()
    assert "3,50 % Preissteigerung" in kurzfassung(at)
    show(at, "planung")
    show(at, "kosten")
    assert at.text_input(key="w_kosten_escalation").value in ("3,5", "3,50")
