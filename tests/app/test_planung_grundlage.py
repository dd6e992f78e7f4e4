"""Planung: the choice „Grundlage“ (Vorjahr wie BA-Planungshilfe | nach BG und Arbeitstagen | Prognose)."""

from __future__ import annotations

from dataclasses import replace

from o7core import fmt, plan_scenario, scenario_to_dict
from o7core.forecast import forecast_scenario
from tests.app.conftest import assert_clean, open_app


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def infos(at) -> list[str]:
    return [i.value for i in at.info]


def test_grundlage_bg_plans_the_contract_year_and_names_the_ba_figures() -> None:
    at = open_app("planung", opened=True)
    sample = at.session_state["o7_scenario"]
    assert at.radio(key="w_method").value == "vorjahr"
    assert metrics(at)["Stunden je Jahr"] == "7.602,7"
    assert not any("Grundlage" in t for t in infos(at))
    charts = len(at.get("vega_lite_chart"))

    at.radio(key="w_method").set_value("bg").run()
    assert_clean(at)
    expected = plan_scenario(sample, method="bg")
    shown = metrics(at)
    assert shown["Stunden je Jahr"] == fmt.hours(expected.hours_total_rounded) == "7.049,3"
    assert shown["Bedarf in VZA"] == fmt.fte(expected.totals.fte_required)
    (note,) = [t for t in infos(at) if "Grundlage" in t]
    assert "nach BG und Arbeitstagen" in note and "Vertragsjahr 2023" in note
    assert "Stunden je Jahr 7.049,3 (BA: 7.602,7)" in note
    assert "Arbeitstage 249 (BA: 252)" in note
    assert len(at.get("vega_lite_chart")) == charts + 1  # history, forecast and BA figure
    assert any("Rückblick" in c.value for c in at.caption)
    # the method is part of the scenario (and so of the saved file)
    scenario = at.session_state["o7_scenario"]
    assert scenario.forecast.method == "bg"
    assert scenario_to_dict(scenario)["forecast"]["method"] == "bg"

    at.radio(key="w_method").set_value("vorjahr").run()
    assert metrics(at)["Stunden je Jahr"] == "7.602,7"
    assert not any("Grundlage" in t for t in infos(at))


def test_grundlage_prognose_shows_the_band() -> None:
    at = open_app("planung", opened=True)
    at.radio(key="w_method").set_value("statistisch").run()
    assert_clean(at)
    scenario = at.session_state["o7_scenario"]
    result = forecast_scenario(scenario)
    assert metrics(at)["Stunden je Jahr"] == fmt.hours(plan_scenario(scenario).hours_total_rounded)
    assert any("Grundlage: Prognose" in t for t in infos(at))
    assert any("80 %" in c.value and fmt.count(result.calls) in c.value for c in at.caption)
    chart = at.get("vega_lite_chart")[-1]
    assert '"area"' in chart.proto.spec  # the 80 % band


def test_grundlage_without_bg_gives_a_german_problem_and_keeps_the_data() -> None:
    at = open_app("planung", opened=True)
    s = at.session_state["o7_scenario"]
    at.session_state["o7_scenario"] = replace(
        s, bg_count_contract_year=None, jobcenter=replace(s.jobcenter, bg_count=None)
    )
    at.run()
    at.radio(key="w_method").set_value("bg").run()
    assert_clean(at)
    errors = " ".join(e.value for e in at.error)
    assert "Mit der Grundlage „nach BG und Arbeitstagen“ kann nicht geplant werden" in errors
    assert "Bedarfsgemeinschaften" in errors and "im Vertragsjahr" in errors
    assert at.session_state["o7_scenario"].months == s.months
    at.radio(key="w_method").set_value("vorjahr").run()
    assert metrics(at)["Stunden je Jahr"] == "7.602,7"
