"""Daten in Chromium: a Jobcenter's CSV uploaded through the real uploader replaces the plan."""

from __future__ import annotations

from tests.browser.conftest import assert_no_error, expect, metric, open_group, open_page, wait_run, watch_run
from tests.browser.support import ARTIFACTS, expected_planung, sample_scenario, variant


def test_upload_replaces_the_data_and_the_plan_changes(page, app_server) -> None:
    open_page(page, app_server, "daten", ready='[data-testid="stMetric"]')
    sample = expected_planung(sample_scenario())
    expect(metric(page, "Erforderliche Gespräche")).to_have_text(sample["Erforderliche Gespräche"])
    data = variant(3)
    assert data.figures["Erforderliche Gespräche"] != sample["Erforderliche Gespräche"]
    path = ARTIFACTS / "upload" / data.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.content)

    open_group(page, "Eigene Daten hochladen")
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Datei mit Monatswerten")
    watch_run(page)
    uploader.locator('input[type="file"]').set_input_files(str(path))
    wait_run(page)
    expect(page.get_by_text(f"„{data.filename}“ geladen")).to_be_visible()

    expect(metric(page, "Erforderliche Gespräche")).to_have_text(data.figures["Erforderliche Gespräche"])
    expect(metric(page, "Bedarf in VZA")).to_have_text(data.figures["Bedarf in VZA"])
    # the sample notice is gone: the uploaded data are the active data now
    expect(page.get_by_text("Geladen sind die Beispieldaten")).to_have_count(0)
    assert_no_error(page)


def test_hostile_jobcenter_name_is_drawn_as_text(page, app_server) -> None:
    hostile = '<script>window.__o7_pwned = 1</script><b>fett</b> =HYPERLINK("http://x","y")'
    open_page(page, app_server, "daten", ready='[data-testid="stMetric"]')
    open_group(page, "Stammdaten")
    name = page.locator('[data-testid="stTextInput"]').filter(has_text="Jobcenter").locator("input").first
    watch_run(page)
    name.fill(hostile)
    name.press("Enter")
    wait_run(page)
    # on to Planung: the sidebar (drawn by app.py before the page) and the page caption show the name
    watch_run(page)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Planung").click()
    wait_run(page)
    expect(page.locator('[data-testid="stSidebar"] [data-testid="stText"]').first).to_contain_text(hostile)
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first
    expect(caption).to_contain_text("<b>fett</b>")
    # md() puts an invisible word joiner (U+2060) into "http://" so that Streamlit makes no link of it
    assert hostile in caption.inner_text().replace("\u2060", "")
    assert caption.locator("a").count() == 0
    assert page.evaluate("window.__o7_pwned") is None
    assert page.locator('[data-testid="stMain"] b, [data-testid="stSidebar"] b').count() == 0
    assert page.locator("script", has_text="__o7_pwned").count() == 0
    assert_no_error(page)


def _cells(xlsx: bytes) -> list[tuple[str, list[tuple[object, ...]]]]:
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(xlsx))
    return [(sheet.title, list(sheet.iter_rows(values_only=True))) for sheet in workbook.worksheets]


def test_template_download_is_the_workbook_of_the_core(page, app_server) -> None:
    """The XLSX template is built when it is clicked (deferred), not on every run; what arrives is the core's."""
    from o7core.template import template_xlsx

    open_page(page, app_server, "daten", ready='[data-testid="stMetric"]')
    page.get_by_text("Vorlagen herunterladen").click()
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text="Datenvorlage (XLSX)")
    with page.expect_download() as info:
        button.locator("button, a").first.click()
    download = info.value
    assert download.failure() is None, download.failure()
    assert download.suggested_filename == "O7_Datenvorlage.xlsx"
    with open(download.path(), "rb") as fh:
        # the same workbook, cell by cell: the bytes differ when the two were written in different seconds
        # (openpyxl stamps docProps/core.xml with the time of writing)
        assert _cells(fh.read()) == _cells(template_xlsx())
    assert_no_error(page)
