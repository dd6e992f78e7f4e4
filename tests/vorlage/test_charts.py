"""The chart specs shared by the pages and the Sitzungsvorlage, and the one chart text style."""

from __future__ import annotations

from pathlib import Path

import pytest

from o7core import charts, plan_scenario
from o7core.costs.curve import cost_curve
from o7core.scenario import load_scenario

SCENARIO = Path(__file__).resolve().parents[2] / "sample_data" / "goeppingen_scenario.json"


@pytest.fixture(scope="module")
def sample():
    scenario = load_scenario(SCENARIO, require_months=True)
    return scenario, plan_scenario(scenario)


def test_contrast_ratio_known_values() -> None:
    assert charts.contrast_ratio("#000000") == pytest.approx(21.0)
    assert charts.contrast_ratio("#FFFFFF") == pytest.approx(1.0)
    assert charts.contrast_ratio("#767676") == pytest.approx(4.54, abs=0.01)  # the WCAG AA boundary grey


@pytest.mark.parametrize("presentation", [False, True])
def test_chart_text_is_dark_and_large_enough(presentation: bool) -> None:
    config = charts.chart_config(presentation)
    minimum = 16 if presentation else 12
    for part in ("axis", "legend", "header"):
        assert config[part]["labelFontSize"] >= minimum
        assert config[part]["titleFontSize"] >= minimum
        for key in ("labelColor", "titleColor"):
            assert charts.contrast_ratio(config[part][key]) >= 4.5
    assert config["text"]["fontSize"] >= minimum
    assert charts.contrast_ratio(config["text"]["color"]) >= 4.5
    assert charts.contrast_ratio(config["title"]["color"]) >= 4.5
    assert charts.contrast_ratio(charts.VERMILLION_TEXT) >= 4.5


def test_spec_config_wins_over_the_style() -> None:
    spec = {"mark": "bar", "config": {"axis": {"labelFontSize": 30}, "view": {"stroke": None}}}
    styled = charts.with_config(spec, presentation=True)
    assert styled["config"]["axis"]["labelFontSize"] == 30
    assert styled["config"]["axis"]["labelColor"] == charts.TEXT
    assert styled["config"]["view"] == {"stroke": None}
    assert "config" in spec and spec["config"]["axis"] == {"labelFontSize": 30}  # the input is not changed


def test_planung_page_draws_the_briefing_spec(sample) -> None:
    from o7app import planning_view

    _, plan = sample
    page = planning_view.monthly_chart(plan, height=340, presentation=True)
    shared = charts.monthly_chart(plan, height=340)
    assert {k: v for k, v in page.items() if k != "config"} == shared
    assert page["config"]["axis"]["labelFontSize"] >= 16


def test_monthly_chart_data(sample) -> None:
    _, plan = sample
    spec = charts.monthly_chart(plan)
    bars = spec["layer"][0]["data"]["values"]
    lines = spec["layer"][1]["data"]["values"]
    assert len(bars) == 2 * len(plan.months) and len(lines) == len(plan.months)
    assert bars[0] == {
        "Monat": "Sep 2021",
        "Art": "Anrufe in der Planung",
        "Anzahl": plan.months[0].planned_calls,
        "Anzahl_txt": "6.675",
    }
    assert lines[0]["Ziel_txt"] == "55,0\u00a0%"


def test_cost_curve_chart_marks_the_current_target(sample) -> None:
    scenario, plan = sample
    curve = cost_curve(scenario, plan)
    spec = charts.cost_curve_chart(curve, 3)
    points = spec["layer"][0]["data"]["values"]
    assert len(points) == len(curve.points) == 141  # 30 … 100 % in 0,5-point steps
    now = spec["layer"][2]["data"]["values"]
    assert now == [charts.curve_row(curve.current, 3)]
    assert now[0]["Ziel (Text)"] == "55,0\u00a0%"
    assert now[0]["Kosten (Text)"] == "526.919,82\u00a0€"


def test_render_chart_is_a_png(sample) -> None:
    from o7core.vorlage import render_chart

    _, plan = sample
    png = render_chart(charts.monthly_chart(plan), width=300, scale=1)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
