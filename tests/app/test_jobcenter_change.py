"""Issue 12: after the sample, a file of another Jobcenter leaves nothing of the sample on any page,
and Kosten shows the cost the command line computes from the same file.

For every data format the start page accepts: open the sample, visit Kennzahlen, Kosten and Anlage
(so that the sample's reports, inputs and appendix exist in the session), then load the file of
JC Landkreis Altmühltal (Bavaria, BG 8.123, 01–09/2024) and read every page as text.
"""

from __future__ import annotations

import json

import pytest

from o7app.text import md
from o7core import fmt
from o7core.cli import main
from tests.app.conftest import assert_clean, open_app, open_group, remembered, show
from tests.app.text import page_text, sample_hits
from tests.other_jobcenter import BG, FILES, JCNR, NAME, SAMPLE_VALUES, SERVICE_CENTER

PAGES = ("daten", "planung", "kennzahlen", "kosten", "anlage")


def cli_costs(tmp_path, name: str, raw: bytes, capsys) -> dict[int, str]:
    path = tmp_path / name
    path.write_bytes(raw)
    assert main(["plan", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    return {c["term_years"]: c["total"] for c in json.loads(out)["costs"]}


def open_sample_everywhere():
    at = open_app("kennzahlen", opened=True)
    assert "Göppingen" in page_text(at)  # the sample's reports are there before
    for page in ("kosten", "anlage", "daten"):
        show(at, page)
        assert_clean(at)
    return at


def load(at, name: str, raw: bytes, key: str = "upload_data"):
    """Upload ``raw`` into the uploader ``key`` of the page shown (its group opened first, if it has one)."""
    if key == "upload_data":
        open_group(at, "w_group_daten_upload")
    at.file_uploader(key=key).set_value((name, raw, "application/octet-stream")).run()
    assert_clean(at)
    return at


@pytest.mark.parametrize("fmt_id", list(FILES))
def test_nothing_of_the_sample_reaches_another_jobcenter(fmt_id, tmp_path, capsys) -> None:
    name, build = FILES[fmt_id]
    raw = build()
    at = load(open_sample_everywhere(), name, raw)
    texts = {}
    for page in PAGES:
        show(at, page)
        assert_clean(at)
        texts[page] = page_text(at)
        assert not sample_hits(texts[page], SAMPLE_VALUES), (page, sample_hits(texts[page], SAMPLE_VALUES))
    scenario = at.session_state["o7_scenario"]
    if fmt_id != "vorlage_csv":  # the CSV template has months only: no name, no BG, no costs
        assert scenario.jobcenter.jcnr == JCNR and NAME in texts["kosten"]
        costs = cli_costs(tmp_path, name, raw, capsys)
        term = scenario.term_years
        show(at, "kosten")
        headline = {m.label: m.value for m in at.metric}[f"Kosten im 1. Jahr ({term} Jahre)"]
        assert headline == fmt.money(__import__("decimal").Decimal(costs[term]))
    else:
        assert "BG" in texts["kosten"] and "fehlt" in texts["kosten"]
    # Kennzahlen: no figures of the sample, the upload is open on the page
    assert "noch kein Monatsbericht" in texts["kennzahlen"]
    show(at, "kennzahlen")
    assert not at.metric
    assert at.file_uploader(key="w_kpi_upload") is not None
    # the appendix says Entwurf where the file does not bring what a signature needs
    if fmt_id == "szenario_json":
        assert SERVICE_CENTER in texts["anlage"] and "ENTWURF" not in texts["anlage"]
    else:
        assert "Entwurf" in texts["anlage"] and "Service Center" in texts["anlage"]


def test_planning_aid_shows_its_own_bg_contract_year_and_the_load_summary() -> None:
    name, build = FILES["planungshilfe_xlsx"]
    at = load(open_sample_everywhere(), name, build())
    text = page_text(at)
    assert "Neue Vereinbarung für JC Landkreis Altmühltal" in text
    assert "Aus der Datei" in text and "Zurückgesetzt" in text
    assert "Vertragsjahr: 2025" in text
    assert fmt.count(BG) in text
    assert at.text_input(key="w_md_sc").value == ""
    assert at.session_state["o7_scenario"].contract_year == 2025
    assert "Preisblatt 2023" in text and "2025" in text  # the price warning names both years


def test_a_second_jobcenter_after_the_first_keeps_nothing_of_the_first(tmp_path) -> None:
    from dataclasses import replace

    from scripts.planning_aid_export import planning_aid_xlsx
    from tests.other_jobcenter import other_scenario

    name, build = FILES["planungshilfe_xlsx"]
    at = load(open_sample_everywhere(), name, build())
    at.text_input(key="w_md_sc").input("Service Center Nürnberg").run()
    third = replace(
        other_scenario(),
        jobcenter=replace(
            other_scenario().jobcenter, name="JC Stadt Hafenau", jcnr="JC05456", regional_directorate="NRW", state="NW"
        ),
    ).with_parameters(share_forwarded=0.0, share_repeat_deduction=1.0)
    load(at, "hafenau.xlsx", planning_aid_xlsx(third))
    s = at.session_state["o7_scenario"]
    assert s.jobcenter.name == "JC Stadt Hafenau" and s.service_center == ""
    assert s.parameters.share_forwarded == 0.0 and s.jobcenter.state == "NW"
    text = page_text(at)
    assert "Nürnberg" not in text and "Altmühltal" not in text.split("Zurückgesetzt")[0].split("Aus der Datei")[-1]


def test_same_jobcenter_keeps_the_users_settings_and_says_which() -> None:
    from dataclasses import replace

    from scripts.planning_aid_export import planning_aid_xlsx
    from tests.other_jobcenter import other_months, other_scenario

    name, build = FILES["planungshilfe_xlsx"]
    at = load(open_sample_everywhere(), name, build())
    at.text_input(key="w_md_sc").input("Service Center Nürnberg").run()
    at.text_input(key="w_md_bg_contract").input("8.200").run()
    newer = replace(other_scenario(), months=tuple(replace(m, calls=m.calls + 100) for m in other_months()))
    load(at, "altmuehltal_neu.xlsx", planning_aid_xlsx(newer))
    s = at.session_state["o7_scenario"]
    assert s.service_center == "Service Center Nürnberg" and s.bg_count_contract_year == 8200
    assert s.months[0].calls == other_months()[0].calls + 100
    text = page_text(at)
    assert "Beibehalten" in text and "Service Center: Service Center Nürnberg" in text
    assert "BG-Zahl des Vertragsjahres: 8.200" in text


def test_same_jcnr_with_another_name_asks_and_refusing_keeps_everything() -> None:
    from dataclasses import replace

    from scripts.planning_aid_export import planning_aid_xlsx
    from tests.other_jobcenter import other_scenario

    name, build = FILES["planungshilfe_xlsx"]
    at = load(open_sample_everywhere(), name, build())
    at.text_input(key="w_md_sc").input("Service Center Nürnberg").run()
    before = at.session_state["o7_scenario"]
    renamed = replace(
        other_scenario(),
        jobcenter=replace(other_scenario().jobcenter, name="JC Irgendwo", regional_directorate="BW", state="BW"),
    )
    load(at, "irgendwo.xlsx", planning_aid_xlsx(renamed))
    warning = " ".join(w.value for w in at.warning)
    assert "JC Irgendwo" in warning and "Bundesland" in warning
    assert at.session_state["o7_scenario"] == before
    at.button(key="w_pending_drop").click().run()
    assert at.session_state["o7_scenario"] == before
    load(at, "irgendwo2.xlsx", planning_aid_xlsx(renamed))
    at.button(key="w_pending_same").click().run()
    s = at.session_state["o7_scenario"]
    assert s.jobcenter.name == "JC Irgendwo" and s.service_center == "Service Center Nürnberg"


def test_sc_report_on_the_start_page_is_offered_for_kennzahlen() -> None:
    from tests.conftest import SAMPLE_DIR

    name, build = FILES["planungshilfe_xlsx"]
    at = load(open_sample_everywhere(), name, build())
    before = at.session_state["o7_scenario"]
    lines = (SAMPLE_DIR / "sc_berichte_2023.csv").read_text(encoding="utf-8").splitlines()
    report = "\n".join(line for line in lines if not line.startswith("#")).encode("utf-8")  # a real report
    load(at, "bericht_2023.csv", report)
    assert at.session_state["o7_scenario"] == before  # not taken as planning data
    assert "Monatsbericht" in " ".join(w.value for w in at.warning)
    at.button(key="w_pending_report").click().run()
    assert_clean(at)
    assert at.session_state["o7_scenario"] == before
    show(at, "kennzahlen")
    assert_clean(at)
    assert at.metric, "the report is shown on Kennzahlen"


@pytest.mark.parametrize("fmt_id", ["planungshilfe_xlsx", "szenario_json"])
def test_the_appendix_files_of_another_jobcenter_hold_nothing_of_the_sample(fmt_id) -> None:
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from o7core.export_pdf import to_pdf
    from o7core.export_xlsx import to_xlsx

    name, build = FILES[fmt_id]
    at = load(open_sample_everywhere(), name, build())
    show(at, "anlage")
    assert_clean(at)
    # exactly what the download buttons offer
    (appendix,), xlsx = remembered(at, to_xlsx)
    _, pdf = remembered(at, to_pdf)
    wb = load_workbook(io.BytesIO(xlsx))
    cells = "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)
    pages = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for text in (cells, pages):
        assert not sample_hits(text, SAMPLE_VALUES), sample_hits(text, SAMPLE_VALUES)
        assert JCNR in text
    if fmt_id == "szenario_json":  # complete: Service Center, BG 2025, places and dates
        assert not appendix.is_draft and "ENTWURF" not in cells and "ENTWURF" not in pages
        assert SERVICE_CENTER in cells and "Eichstätt" in cells
    else:
        assert appendix.is_draft
        for text in (" ".join(cells.split()), " ".join(pages.split())):
            assert "ENTWURF" in text and "Service Center" in text and "BG-Zahl des Vertragsjahres 2025" in text


def test_scenario_file_keeps_its_name_and_the_comparison_basis() -> None:
    from o7core.scenario import scenario_to_json

    name, build = FILES["planungshilfe_xlsx"]
    at = load(open_app(opened=True), name, build())
    show(at, "planung")
    next(b for b in at.button if b.label == "Vergleichsbasis merken").click().run()
    assert at.session_state["o7_baseline"] is not None
    at.select_slider(key="w_target").set_value(0.70).run()
    show(at, "daten")
    next(t for t in at.text_input if t.label == "Name des Szenarios").input("Altmühltal 70 %").run()
    assert_clean(at)
    # what „Szenario speichern“ offers: the scenario with its name and the comparison basis
    ss = at.session_state
    raw = scenario_to_json(
        ss["o7_scenario"], name=ss["o7_scenario_name"], baseline=(ss["o7_baseline"][0], ss["o7_baseline_scenario"])
    ).encode("utf-8")
    fresh = load(open_app(opened=True), "gespeichert.json", raw, key="upload_scenario")
    assert fresh.session_state["o7_scenario_name"] == "Altmühltal 70 %"
    base_name, base_plan = fresh.session_state["o7_baseline"]
    assert base_plan.target_reachability == 0.6
    assert fresh.session_state["o7_scenario"].parameters.target_reachability == 0.7
    fresh.switch_page("pages/planung.py").run()
    assert_clean(fresh)
    # the name comes from the file: it is shown as text (Markdown-escaped), never interpreted
    assert any("Vergleichsbasis" in c.value and md(base_name) in c.value for c in fresh.caption)


def test_price_sheet_of_the_contract_year_loaded_on_kosten_is_used() -> None:
    name, build = FILES["planungshilfe_xlsx"]
    at = load(open_app(opened=True), name, build())
    show(at, "kosten")
    assert any("2025" in w.value and "2023" in w.value for w in at.warning)
    sheet = "Vertragsjahr;Laufzeit;Euro je BG;Euro je Stunde\n2025;1;32,00 €;51,00 €\n2025;2;31,00;50,00\n2025;3;30,50;49,00\n"
    load(at, "preise_2025.csv", sheet.encode("utf-8"), key="w_price_upload_kosten")
    s = at.session_state["o7_scenario"]
    assert s.prices.contract_year == 2025
    assert not any("kein Preisblatt" in w.value for w in at.warning)
    from decimal import Decimal

    from o7core.costs import round_cent
    from o7core.scenario import plan_scenario

    plan = plan_scenario(s)
    expected = round_cent(Decimal(BG) * Decimal("30.50")) + round_cent(plan.hours_total_rounded * Decimal("49.00"))
    assert {m.label: m.value for m in at.metric}["Kosten im 1. Jahr (3 Jahre)"] == fmt.money(expected)
