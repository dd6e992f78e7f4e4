"""Anlage in Chromium: the XLSX and the PDF download through the real buttons and open with their readers."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from pypdf import PdfReader

from o7core import fmt
from tests.browser.conftest import assert_no_error, open_page
from tests.browser.support import sample_scenario

# the page's own buttons: the sidebar also holds a PDF download (the Sitzungsvorlage)
DOWNLOAD = '[data-testid="stDownloadButton"]:not([data-testid="stSidebar"] *)'


@pytest.fixture(scope="module")
def expected():
    from o7core.appendix import appendix_for

    return appendix_for(sample_scenario())


def _download(page, label: str) -> tuple[str, bytes]:
    button = page.locator(DOWNLOAD).filter(has_text=label).locator("button, a").first
    with page.expect_download() as info:
        button.click()
    download = info.value
    path = download.path()
    assert download.failure() is None, download.failure()
    with open(path, "rb") as fh:  # the browser's download folder, not the app's
        return download.suggested_filename, fh.read()


def test_xlsx_and_pdf_download_and_open(page, app_server, expected) -> None:
    open_page(page, app_server, "anlage", ready=DOWNLOAD)
    assert_no_error(page)

    name, xlsx = _download(page, "XLSX")
    assert name == f"{expected.file_stem}.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    values = [c for row in wb.worksheets[0].iter_rows(values_only=True) for c in row if c is not None]
    assert expected.jobcenter in values
    assert expected.jcnr in values
    numbers = [Decimal(str(v)) for v in values if isinstance(v, int | float)]
    assert any(abs(n - expected.total_hours_annualized) < Decimal("0.05") for n in numbers)
    for cost in expected.costs:
        assert any(abs(n - cost.total) < Decimal("0.005") for n in numbers), cost

    name, pdf = _download(page, "PDF")
    assert name == f"{expected.file_stem}.pdf"
    assert pdf.startswith(b"%PDF")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())  # line breaks and non-breaking spaces as plain spaces
    assert expected.jobcenter in flat
    assert " ".join(fmt.hours(expected.total_hours_annualized).split()) in flat
    for cost in expected.costs:
        assert " ".join(fmt.money(cost.total).split()) in flat, cost
    assert "Unterschrift Service Center" in flat and "Unterschrift Jobcenter" in flat
    assert_no_error(page)
