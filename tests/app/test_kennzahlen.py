"""The Kennzahlen page through the real entry point ``app.py`` (AppTest)."""

from __future__ import annotations

from o7app.kennzahlen_view import CHART_TABS, UPLOAD_GROUP
from o7core import Month, fmt
from o7core.kpi import compute_kpis
from o7core.sc_report import read_sc_report
from o7core.scenario import load_scenario, plan_scenario
from tests.app.conftest import assert_clean, each_tab, open_app, open_group
from tests.app.text import tables
from tests.conftest import SAMPLE_DIR

REPORT = (
    "Monat;Anrufe;Gespräche;Gesprächsdauer;Nachbearbeitung;abschließend geklärt;Weiterleitungen\n"
    "01/2023;5.000;4.000;8:00;1:00;3.000;900\n"
    "02/2023;5.000;3.500;8:20;1:05;2.500;900\n"
    "03/2023;6.000;4.200;8:10;0:58;3.100;1.000\n"
).encode()


def metrics(at) -> dict[str, tuple[str, str]]:
    return {m.label: (m.value, m.delta) for m in at.metric}


def page_text(at) -> str:
    parts = [str(getattr(e, "value", "")) for e in (*at.markdown, *at.info, *at.caption, *at.error, *at.warning)]
    return "\n".join(parts)


def test_sample_shows_reachability_and_closure_against_their_targets():
    at = open_app("kennzahlen", opened=True)
    shown = metrics(at)
    assert len(shown) >= 3
    value, delta = shown["Erreichbarkeit kumuliert"]
    assert "Ziel 75" in delta
    value_c, delta_c = shown["Fallabschlussquote kumuliert"]
    assert "Ziel 70" in delta_c
    # the figures are those of the core for the sample
    scenario = load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")
    sample = read_sc_report((SAMPLE_DIR / "sc_berichte_2023.csv").read_bytes(), "sc_berichte_2023.csv")
    expected = compute_kpis(sample.months, plan=plan_scenario(scenario), state="BW", year=2023)
    assert value == fmt.percent(expected.year_totals.reachability)
    assert value_c == fmt.percent(expected.year_totals.closure_rate)
    assert shown["Stunden verbraucht"][0] == f"{fmt.hours(expected.year_totals.hours_used)} h"
    text = page_text(at)
    assert "Beispieldaten" in text
    # status in words and symbols, not colour alone
    assert any(word in text for word in ("✓ erfüllt", "! knapp", "✗ verfehlt"))
    table = tables(at)[0]
    assert len(table) == 12
    assert table["Monat"].iloc[0] == "Jan 2023"
    assert "%" in table["Erreichbarkeit"].iloc[0]
    assert len(at.get("vega_lite_chart")) == 1  # the first tab's; the others are drawn when shown
    assert sum(len(shown.get("vega_lite_chart")) for shown in each_tab(at, CHART_TABS)) == 6

    # a contract with another target: the deltas and the status follow
    open_group(at, UPLOAD_GROUP)
    at.select_slider(key="w_kpi_target_reach").set_value(0.8).run()
    assert_clean(at)
    assert "Ziel 80" in metrics(at)["Erreichbarkeit kumuliert"][1]
    assert "✗ verfehlt" in page_text(at)
    # closing the group keeps the target it set
    at.session_state[UPLOAD_GROUP] = False
    at.run()
    assert "w_kpi_target_reach" not in [s.key for s in at.select_slider]
    assert "Ziel 80" in metrics(at)["Erreichbarkeit kumuliert"][1]


def test_upload_replaces_the_report_and_a_bad_one_keeps_it():
    at = open_group(open_app("kennzahlen", opened=True), UPLOAD_GROUP)
    at.file_uploader(key="w_kpi_upload").set_value(("bericht_q1.csv", REPORT, "text/csv"))
    at.run()
    assert_clean(at)
    shown = metrics(at)
    # (4 000 + 3 500 + 4 200) / 16 000 = 73,1 %
    assert shown["Erreichbarkeit kumuliert"][0] == fmt.percent(11700 / 16000)
    assert shown["Fallabschlussquote kumuliert"][0] == fmt.percent(8600 / 11700)
    assert "Prognose Jahreserreichbarkeit" in shown
    assert "Beispieldaten:" not in page_text(at)
    assert len(tables(at)[0]) == 3

    bad = REPORT.replace(b"03/2023;6.000;4.200", b"03/2023;6.000;7.200").replace(b"8:20", b"8:75")
    at.file_uploader(key="w_kpi_upload").set_value(("kaputt.csv", bad, "text/csv"))
    at.run()
    assert_clean(at)
    errors = "\n".join(e.value for e in at.error)
    assert "kaputt.csv" in errors
    assert "Zeile 3" in errors and "Gesprächsdauer" in errors
    assert "Zeile 4" in errors and "Gespräche" in errors
    # the last good report stays loaded
    assert metrics(at)["Erreichbarkeit kumuliert"][0] == fmt.percent(11700 / 16000)

    # and it survives a page switch
    at.switch_page("pages/daten.py")
    at.run()
    at.switch_page("pages/kennzahlen.py")
    at.run()
    assert_clean(at)
    assert metrics(at)["Erreichbarkeit kumuliert"][0] == fmt.percent(11700 / 16000)


def test_stand_gives_a_forecast_and_presentation_mode_keeps_it():
    at = open_app("kennzahlen", opened=True)
    slider = at.select_slider(key="w_kpi_as_of")
    assert len(slider.options) == 12
    slider.set_value(Month(2023, 9)).run()  # Stand Sep 2023
    assert_clean(at)
    shown = metrics(at)
    assert "Prognose Jahreserreichbarkeit" in shown
    assert "Erreichbarkeit Sep 2023" in shown
    assert len(tables(at)[0]) == 9

    at.session_state["o7_presentation"] = True  # the sidebar switch of app.py
    at.run()
    assert_clean(at)
    assert len(at.file_uploader) == 0 and len(at.select_slider) == 0
    shown = metrics(at)
    assert len(shown) >= 4
    assert "Erreichbarkeit Sep 2023" in shown
    at.run()  # a further rerun in presentation mode keeps the Stand
    assert "Erreichbarkeit Sep 2023" in metrics(at)


def test_two_years_show_this_year_against_the_last():
    """A report with 2022 and 2023: the page puts 2023 next to 2022, for the months both years hold."""
    two_years = REPORT + (
        b"01/2022;4.000;3.600;8:00;1:00;2.400;800\n02/2022;4.500;3.000;8:00;1:00;2.000;800\n"
        b"03/2022;5.000;4.000;8:00;1:00;2.900;800\n04/2022;5.000;4.000;8:00;1:00;2.900;800\n"
    )
    at = open_group(open_app("kennzahlen", opened=True), UPLOAD_GROUP)
    at.file_uploader(key="w_kpi_upload").set_value(("zwei_jahre.csv", two_years, "text/csv"))
    at.run()
    assert_clean(at)
    open_group(at, "w_group_kpi_years")  # the group appears with the second year
    assert any(s.value == "2023 gegen 2022" for s in at.subheader)
    shown = metrics(at)
    # Jan–Mar in both years: 2023 11 700 / 16 000, 2022 10 600 / 13 500
    now, before = 11700 / 16000, 10600 / 13500
    assert shown["Erreichbarkeit"][0] == fmt.percent(now)
    assert shown["Erreichbarkeit"][1] == fmt.signed(fmt.number((now - before) * 100, 1), now - before) + "\u00a0Pkt."
    assert shown["Anrufe je Monat"] == (fmt.count(16000 / 3), fmt.signed(fmt.count((16000 - 13500) / 3), 1))
    assert shown["Fallabschlussquote"][0] == fmt.percent(8600 / 11700)
    table = next(d for d in tables(at) if "Δ Anrufe" in d.columns)
    assert list(table["Monat"]) == ["Jan", "Feb", "Mär", "Apr"]
    assert list(table["Δ Anrufe"])[:3] == ["+1.000", "+500", "+1.000"]
    assert table["Anrufe 2023"].iloc[3] == fmt.DASH  # April is reported for 2022 only


def test_one_year_shows_no_comparison():
    at = open_app("kennzahlen", opened=True)
    assert not any("gegen" in s.value for s in at.subheader)


def test_the_first_view_gives_the_status_of_every_target_in_words_and_symbols() -> None:
    """Issue 19: the status line and the year cards need no open group; colour is never the only sign."""
    from o7app.kpi_view import status_label

    at = open_app("kennzahlen")
    assert not at.get("vega_lite_chart")
    status = next(m.value for m in at.markdown if m.value.startswith("**Status:**"))
    scenario = load_scenario(SAMPLE_DIR / "goeppingen_scenario.json", require_months=True)
    months = read_sc_report((SAMPLE_DIR / "sc_berichte_2023.csv").read_bytes(), "sc_berichte_2023.csv").months
    expected = compute_kpis(months, plan=plan_scenario(scenario), state="BW", year=2023)
    for signal in expected.signals:
        assert f"[{status_label(signal)}] {signal.text}" in status, (signal, status)
    labels = [m.label for m in at.metric]
    assert labels[:2] == ["Erreichbarkeit kumuliert", "Fallabschlussquote kumuliert"]
