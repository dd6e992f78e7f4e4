"""The XLSX appendix read back with openpyxl: values, number formats, print setup, text safety."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace

from openpyxl import load_workbook

from o7core.appendix import build_appendix
from o7core.export_xlsx import to_xlsx
from tests.appendix.conftest import cost_col, find_col, find_row


def sheet(raw: bytes):
    return load_workbook(io.BytesIO(raw))["Anlage"]


def test_header_values(xlsx):
    ws = sheet(xlsx)
    assert ws["A1"].value == "Anlage zum Dienstleistungseinkauf O.7 2023"
    values = {ws.cell(r, 1).value: ws.cell(r, 3) for r in range(1, 12)}
    assert values["Service Center"].value == "Service Center Freiburg"
    assert values["Jobcenter"].value == "JC Göppingen"
    assert values["JCNR"].value == "JC62106"
    assert values["BG-Zahl 2023"].value == 5642 and values["BG-Zahl 2023"].number_format == "#,##0"
    assert values["Laufzeit in Jahren"].value == 3


def test_baustein_table_numbers_and_formats(xlsx, plan):
    ws = sheet(xlsx)
    hours, annual, fte, fulfil, chosen = (
        find_col(ws, h) for h in ("Stunden", "Stunden *", "VZA", "Erfüllungsgrad", "gewählt")
    )
    for b in plan.bausteine:
        r = find_row(ws, f"Baustein {b.number}")
        assert ws.cell(r, chosen).value == ("ja" if b.chosen else "nein")
        if b.number == 2:
            assert ws.cell(r, hours).value == "–"
            continue
        assert ws.cell(r, hours).value == round(b.hours, 1)
        assert ws.cell(r, annual).value == round(b.hours_annualized, 1)
        assert ws.cell(r, fte).value == round(b.hours_annualized / 1200, 2)
        assert ws.cell(r, hours).number_format == "#,##0.0"
        assert ws.cell(r, fte).number_format == "#,##0.00"
    r4 = find_row(ws, "Baustein 4")
    b4 = next(b for b in plan.bausteine if b.number == 4)
    assert ws.cell(r4, fulfil).value == round(b4.fulfilment, 4)
    assert ws.cell(r4, fulfil).number_format == "0.00%"
    assert ws.cell(find_row(ws, "Baustein 3"), fulfil).value == "–"
    total = find_row(ws, "Gesamt")
    assert ws.cell(total, annual).value == float(plan.hours_total_rounded) == 7602.7
    assert ws.cell(total, fte).value == 6.34


def test_costs_are_numbers_in_euro_format(xlsx, plan):
    ws = sheet(xlsx)
    base, volume, total = (cost_col(ws, h) for h in ("BG-Grundpreis", "Volumenpreis", "Gesamt"))
    for c in plan.costs:
        r = find_row(ws, f"Laufzeit {c.term_years} Jahr" + ("e" if c.term_years > 1 else ""))
        assert ws.cell(r, base).value == float(c.base_price)
        assert ws.cell(r, volume).value == float(c.volume_price)
        assert ws.cell(r, total).value == float(c.total)
        assert ws.cell(r, total).number_format == '#,##0.00 "€"'


def test_texts_and_signatures(xlsx):
    ws = sheet(xlsx)
    texts = [c.value for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "* Bei Bezugszeitraum < 12 Monate auf 12 Monate hochgerechnet" in texts
    assert "Sonstige Vereinbarungen" in texts and "Baustein 2 – Konkretisierung" in texts
    assert any("ca. 51 Gespräche" in t for t in texts)
    assert "Ort, Datum: Freiburg, 07.11.2022" in texts and "Ort, Datum: Göppingen, 07.11.2022" in texts
    assert "Unterschrift Service Center" in texts and "Unterschrift Jobcenter" in texts


def test_print_setup_one_a4_page(xlsx):
    ws = sheet(xlsx)
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.page_setup.orientation == "portrait"
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 1)
    last = max(r for r in range(1, ws.max_row + 1) if any(c.value is not None for c in ws[r]))
    assert ws.print_area == f"'Anlage'!$A$1:$G${last}"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_margins.left >= 0.5


def test_hidden_data_sheet(xlsx):
    wb = load_workbook(io.BytesIO(xlsx))
    data = wb["Daten"]
    assert data.sheet_state == "hidden"
    fields = {r[0]: r[1] for r in data.iter_rows(min_row=2, values_only=True)}
    assert fields["format"] == "o7-anlage"
    assert fields["total.hours_annualized"] == "7602.7"
    assert fields["cost.1.total"] == "548729.16"
    assert fields["state"] == "BW" and fields["productive_hours_per_fte"] == "1200.0"


def test_user_text_is_never_a_formula(scenario, plan):
    evil = replace(
        scenario,
        service_center="@SUM(A1)",
        jobcenter=replace(scenario.jobcenter, name='=HYPERLINK("http://x","y")', jcnr="+JC1"),
        agreement=replace(scenario.agreement, other_agreements="-1+2", place_jobcenter="=1+1"),
    )
    raw = to_xlsx(build_appendix(evil, plan))
    ws = sheet(raw)
    cells = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for text in ('=HYPERLINK("http://x","y")', "@SUM(A1)", "+JC1", "-1+2"):
        assert cells[text].data_type == "s", text
        assert cells[text].quotePrefix, text
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        xml = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula element anywhere
