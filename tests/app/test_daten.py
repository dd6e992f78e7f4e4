"""The Daten page through app.py: sample on first visit, uploads, bad uploads keep the data, scenario round trip."""

from __future__ import annotations

import json

from o7core import fmt, plan_scenario
from o7core.scenario import scenario_from_dict, scenario_to_json
from tests.app.conftest import assert_clean, open_app, open_group, show
from tests.app.text import tables
from tests.conftest import SAMPLE_DIR


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def upload(at, name: str, raw: bytes, mime: str = "text/csv", key: str = "upload_data"):
    at.file_uploader(key=key).set_value((name, raw, mime)).run()
    assert_clean(at)
    return at


def glance(at) -> str:
    """The line above the cards of "Plan auf einen Blick"."""
    return next(m.value for m in at.markdown if "Plan auf einen Blick" in m.value)


def test_opens_on_the_sample_with_a_complete_plan() -> None:
    at = open_app(opened=True)
    assert "Beispieldaten JC Göppingen" in " ".join(m.value for m in at.markdown)
    shown = metrics(at)
    assert shown["Bedarf in VZA"] == "6,34"
    assert "Bezugszeitraum 01.09.2021 bis 31.08.2022 (12 Monate)" in glance(at)
    assert at.text_input(key="w_md_jcnr").value == "JC62106"
    assert len(tables(at)) == 1  # the monthly data


def test_upload_of_a_csv_replaces_the_data_and_the_plan() -> None:
    at = open_app(opened=True)
    csv = "Monat;Anrufe;Anrufwiederholungen;Gespräche\n" + "\n".join(
        f"{m:02d}/2023;{5000 + 100 * m};500;2500" for m in range(1, 10)
    )
    upload(at, "jc_test.csv", csv.encode("utf-8"))
    assert any("9 Monate" in s.value for s in at.success)
    shown = metrics(at)
    assert "(9 Monate)" in glance(at)
    assert shown["Bedarf in VZA"] != "6,34"
    # the plan page follows
    show(at, "planung")
    assert_clean(at)
    planned = sum(max(0, 5000 + 100 * m - 500) for m in range(1, 10))
    assert metrics(at)["Erforderliche Gespräche"] == fmt.count(planned * 0.55)


def test_bad_upload_shows_german_message_and_keeps_the_old_data() -> None:
    at = open_app(opened=True)
    upload(at, "kaputt.csv", b"Monat;Anrufe\n09/2021;ca. 500\n10/2021;7.672\n")
    errors = " ".join(e.value for e in at.error)
    assert "kaputt.csv" in errors and "Zeile 2" in errors and "Anrufe" in errors
    assert "bisherigen Daten bleiben geladen" in errors
    assert metrics(at)["Bedarf in VZA"] == "6,34"  # still the sample
    upload(at, "bild.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "application/octet-stream")
    assert at.error, "a PNG renamed .xlsx must be refused"
    assert metrics(at)["Bedarf in VZA"] == "6,34"


def test_master_data_edits_reach_the_scenario_and_survive_a_page_switch() -> None:
    at = open_app(opened=True)
    at.text_input(key="w_md_name").input("JC Musterstadt").run()
    at.selectbox(key="w_md_state").set_value("BY").run()
    assert_clean(at)
    show(at, "planung")
    show(at, "daten")
    assert at.text_input(key="w_md_name").value == "JC Musterstadt"
    assert at.selectbox(key="w_md_state").value == "BY"


def test_scenario_save_and_load_round_trip() -> None:
    at = open_app("planung", opened=True)
    at.select_slider(key="w_target").set_value(0.70).run()
    show(at, "daten")
    saved = next(b for b in at.get("download_button") if "Szenario" in b.proto.label)
    scenario = at.session_state["o7_scenario"]
    text = scenario_to_json(scenario)
    assert json.loads(text)["parameters"]["target_reachability"] == 0.70
    assert saved is not None

    fresh = open_app(opened=True)
    assert metrics(fresh)["Erforderliche Gespräche"] != fmt.count(plan_scenario(scenario).totals.required_conversations)
    upload(fresh, "mein_szenario.json", text.encode("utf-8"), "application/json", key="upload_scenario")
    loaded = fresh.session_state["o7_scenario"]
    assert loaded == scenario_from_dict(json.loads(text))
    assert metrics(fresh)["Erforderliche Gespräche"] == fmt.count(plan_scenario(scenario).totals.required_conversations)
    show(fresh, "planung")
    assert fresh.select_slider(key="w_target").value == 0.70


def test_broken_scenario_file_is_refused() -> None:
    at = open_app(opened=True)
    upload(at, "x.json", b'{"format": "o7-scenario", "version": 7}', "application/json", key="upload_scenario")
    assert "Version" in " ".join(e.value for e in at.error)
    assert metrics(at)["Bedarf in VZA"] == "6,34"


def test_sample_file_is_the_one_the_app_uses() -> None:
    raw = json.loads((SAMPLE_DIR / "goeppingen_scenario.json").read_text(encoding="utf-8"))
    assert raw["jobcenter"]["jcnr"] == "JC62106"


def test_templates_download_and_read_back() -> None:
    at = open_app()
    assert "Datenvorlage (XLSX)" not in [b.proto.label for b in at.get("download_button")]  # a closed group
    open_group(at, "w_group_daten_templates")
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Datenvorlage (XLSX)" in labels and "Datenvorlage (CSV)" in labels


def test_upload_of_the_planning_aid_xlsx_sample() -> None:
    at = open_app(opened=True)
    raw = (SAMPLE_DIR / "planungshilfe_goeppingen.xlsx").read_bytes()
    upload(at, "planungshilfe.xlsx", raw, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert any("Planungshilfe" in s.value for s in at.success)
    assert metrics(at)["Bedarf in VZA"] == "6,34"  # the same figures as the sample


def test_a_name_with_markdown_is_shown_as_typed_in_headings_and_sidebar() -> None:
    at = open_app(opened=True)
    at.text_input(key="w_md_name").input("[k](javascript:alert(1)) **fett**").run()
    assert_clean(at)
    heading = glance(at)
    assert "\\[k\\]\\(javascript\\:alert\\(1\\)\\)" in heading and "\\*\\*fett\\*\\*" in heading
    # the sidebar shows the edited name in the same run (it is drawn after the page)
    assert any("[k](javascript:alert(1))" in t.value for t in at.sidebar.text)


def test_md_escapes_every_markdown_special_character() -> None:
    from o7app.text import md

    assert md("a_b*c`d[e](f)#<g>:h") == "a\\_b\\*c\\`d\\[e\\]\\(f\\)\\#\\<g\\>\\:h"
    assert md("Göppingen 7.672") == "Göppingen 7.672"
