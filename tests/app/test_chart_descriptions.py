"""Issue 13: every chart has a text alternative – a German Vega-Lite ``description`` that says what the
chart shows and its key figures (Vega puts it into the chart's ``aria-label``; the browser side is
checked in tests/browser/test_accessibility.py). The Karte legend charts are covered with the Karte."""

from __future__ import annotations

import json

import pytest

from o7app.kennzahlen_view import CHART_TABS
from o7core import charts, load_scenario, plan_scenario
from o7core.costs.curve import cost_curve
from tests.app.conftest import assert_clean, each_tab, open_app
from tests.conftest import SAMPLE_DIR


def descriptions(at, tabs: str | None = None) -> list[str]:
    """The ``description`` of every Vega-Lite chart on the page (Altair charts arrive as Vega-Lite too), with
    each of the lazy tabs ``tabs`` shown in turn."""
    return [
        json.loads(c.proto.spec).get("description", "")
        for shown in each_tab(at, tabs)
        for c in shown.get("vega_lite_chart")
    ]


def assert_described(at, page: str, at_least: int) -> list[str]:
    found = descriptions(at, CHART_TABS if page == "kennzahlen" else None)
    assert len(found) >= at_least, f"{page}: {len(found)} charts, expected at least {at_least}"
    missing = [i for i, d in enumerate(found) if len(d.strip()) < 20]
    assert missing == [], f"{page}: charts without a description: {missing} of {found}"
    return found


@pytest.mark.parametrize(("page", "charts_expected"), [("planung", 1), ("kennzahlen", 6), ("machbarkeit", 1)])
def test_every_chart_of_the_page_has_a_description(page: str, charts_expected: int) -> None:
    at = open_app(page, opened=True)
    assert_described(at, page, charts_expected)


def test_planung_descriptions_name_the_figures_of_the_plan_and_of_the_grundlage() -> None:
    at = open_app("planung", opened=True)
    (monthly, *_) = assert_described(at, "planung", 1)
    assert monthly == (
        "Monatsgrafik der Planung, Sep 2021 bis Aug 2022: Anrufe in der Planung je Monat 5.511 bis 9.102, "
        "mögliche Gespräche 3.523 bis 4.264; mögliche Erreichbarkeit 41\u00a0% bis 71\u00a0% gegen das Ziel 55,0\u00a0%."
    )
    at.radio(key="w_method").set_value("bg").run()
    assert_clean(at)
    found = assert_described(at, "planung (Grundlage BG)", 2)
    (basis,) = [d for d in found if d.startswith("Anrufe je Monat")]
    assert "Bezugszeitraum Sep 2021 bis Aug 2022" in basis and "Vertragsjahr 2023 (nach BG und Arbeitstagen)" in basis


def test_kennzahlen_descriptions_name_target_and_range() -> None:
    found = assert_described(open_app("kennzahlen", opened=True), "kennzahlen", 6)
    starts = [d.split(":")[0] for d in found]
    assert starts == [
        "Erreichbarkeit je Monat 2023",
        "Fallabschlussquote je Monat 2023",
        "Gesprächszeiten je Monat 2023 in Minuten je Gespräch",
        "Stunden 2023 kumuliert bis Dez 2023",
        "Gespräche je Monat 2023",
        "Erreichbarkeit je Monat 2023",
    ]
    assert "Ziel 75,0\u00a0%, erreicht" in found[0] and "Monaten erfüllt" in found[0]


def test_kosten_descriptions_with_and_without_saved_scenarios() -> None:
    at = open_app("kosten", opened=True)
    found = assert_described(at, "kosten", 2)
    scenario = load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")
    plan = plan_scenario(scenario)
    assert charts.cost_curve_description(cost_curve(scenario, plan), 3) in found
    assert found[0].startswith("Kosten der gesamten Laufzeit, gestapelt nach Vertragsjahr: 1 Jahr ")
    assert "3 Jahre 1.580.759,46\u00a0€" in found[0]
    at.button(key="w_board_save").click().run()
    assert_clean(at)
    found = assert_described(at, "kosten (Szenarien)", 3)
    assert any(d.startswith("Kosten im 1. Jahr je Szenario (gewählte Laufzeit): Aktuell:") for d in found)
