"""Daten in Chromium: a Jobcenter's CSV uploaded through the real uploader replaces the plan."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_error, metric, open_page, wait_run, watch_run
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
