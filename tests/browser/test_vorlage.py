"""The Sitzungsvorlage in Chromium: one click in the sidebar, on any page, gives the PDF of the figures shown."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.browser.conftest import assert_no_error, metric_value, open_page

BUTTON = '[data-testid="stSidebar"] [data-testid="stDownloadButton"]'


def _download(page) -> tuple[str, bytes]:
    button = page.locator(BUTTON).filter(has_text="Sitzungsvorlage").locator("button, a").first
    with page.expect_download(timeout=90_000) as info:
        button.click()
    download = info.value
    assert download.failure() is None, download.failure()
    with open(download.path(), "rb") as fh:
        return download.suggested_filename, fh.read()


@pytest.mark.parametrize("name", ["daten", "kosten"])
def test_one_click_briefing_holds_the_page_figures(page, app_server, name: str) -> None:
    open_page(page, app_server, name, ready=BUTTON)
    assert_no_error(page)
    shown = {}
    if name == "daten":
        shown = {
            label: metric_value(page, label) for label in ("Erforderliche Gespräche", "Bedarf in VZA", "€ je Jahr")
        }
    else:
        shown = {label: metric_value(page, label) for label in ("Kosten im 1. Jahr", "Gesamte Laufzeit", "€ je BG")}
    filename, pdf = _download(page)
    assert filename == "Sitzungsvorlage_O7_JC_Göppingen.pdf"
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert 2 <= len(reader.pages) <= 4
    assert sum(len(p.images) for p in reader.pages) >= 2
    flat = " ".join("\n".join(p.extract_text() for p in reader.pages).split())
    for label, value in shown.items():
        assert " ".join(value.split()) in flat, (label, value)
    assert "Beschlussvorschlag" in flat and "Laufendes Jahr 2023" in flat
    assert_no_error(page)
