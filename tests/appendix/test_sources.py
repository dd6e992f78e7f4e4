"""What the Service Center sends: our PDF, a text PDF in the BA's layout, pasted text – and files
that are no appendix, refused in German.

``data/seed_anlage_2023.txt`` is the appendix 2023 of the seed (002_*.txt, its lines 92–138, tabs
as in the source); the BA-layout PDF is made from it with fpdf2, one line of text per line.
"""

from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader

from o7core.appendix import build_appendix
from o7core.check import check_bytes, check_text
from o7core.errors import O7InputError
from o7core.export_pdf import FONT_REGULAR, to_pdf
from o7core.scenario import plan_scenario
from tests.appendix.test_root_cause import random_scenario

SEED_APPENDIX_TEXT = (Path(__file__).parent / "data" / "seed_anlage_2023.txt").read_text(encoding="utf-8")
NB = "\u00a0"


def text_pdf(text: str, *, tabs: str = "  ") -> bytes:
    """A plain text PDF, one line per line (as a PDF printed from the BA's Word/Excel appendix)."""
    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", fname=FONT_REGULAR)
    pdf.set_font("DejaVu", "", 8)
    pdf.add_page()
    for line in text.splitlines():
        pdf.multi_cell(0, 4, line.replace("\t", tabs) or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def assert_seed_slips(result) -> None:
    found = {f.field: (f.printed_text, f.correct_text) for f in result.findings}
    assert found == {
        "Gesamt – VZA": ("8,37", "6,37"),
        "Baustein 4 – Erfüllungsgrad": (f"8,62{NB}%", f"8,52{NB}%"),
        "Kosten 2 Jahre – Gesamt": (f"535.143,20{NB}€", f"536.143,20{NB}€"),
        "Kosten 3 Jahre – Volumenpreis": (f"362.297,76{NB}€", f"362.297,16{NB}€"),
    }
    assert [(c.field, c.printed_text, c.correct_text, c.causes) for c in result.consequences] == [
        ("Kosten 3 Jahre – Gesamt", f"528.849,60{NB}€", f"528.849,00{NB}€", ("Kosten 3 Jahre – Volumenpreis",))
    ]
    assert not result.alternatives
    assert (result.contract_year, result.jcnr, result.jobcenter) == (2023, "JC62106", "JC Göppingen")
    assert all(f.cell and f.cell.startswith("Textzeile ") for f in result.findings)


def test_seed_appendix_as_pasted_text():
    result = check_text(SEED_APPENDIX_TEXT)
    assert result.source == "text"
    assert_seed_slips(result)
    vza = next(f for f in result.findings if f.field == "Gesamt – VZA")
    assert vza.sentence == (
        f"In Zeile „Gesamt“, Spalte „VZA“ ({vza.cell}) steht 8,37; richtig ist 6,37 (Differenz +2,00), "
        "weil VZA gesamt = Stunden * gesamt / 1.200 Produktivstunden je VZA."
    )


def test_seed_appendix_as_ba_layout_pdf():
    raw = text_pdf(SEED_APPENDIX_TEXT)
    assert "Baustein 4" in PdfReader(io.BytesIO(raw)).pages[0].extract_text()
    result = check_bytes(raw, "Anlage_2023.pdf")
    assert result.source == "pdf"
    assert_seed_slips(result)


def test_seed_appendix_corrected_text_passes():
    fixed = (
        SEED_APPENDIX_TEXT.replace("8,62%", "8,52%")
        .replace("\t8,37", "\t6,37")
        .replace("535.143,20", "536.143,20")
        .replace("362.297,76", "362.297,16")
        .replace("528.849,60", "528.849,00")
    )
    result = check_text(fixed, "korrigiert.txt")
    assert result.ok and not result.consequences, [(f.field, f.printed_text) for f in result.findings]


def test_seed_whole_document_as_text_file():
    """The whole seed (planning aid tables before the appendix) as a .txt file: the appendix is found."""
    raw = (Path(__file__).parent / "data" / "seed_anlage_2023.txt").read_bytes()
    assert_seed_slips(check_bytes(b"Vorblatt\nBaustein 1\tInbound 1 2 3\n\n" + raw, "anlage.txt"))


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_our_pdf_checks_clean_and_names_one_changed_figure(seed):
    s = random_scenario(seed)
    appendix = build_appendix(s, plan_scenario(s))
    clean = check_bytes(to_pdf(appendix), "Anlage.pdf")
    assert clean.ok, [(f.field, f.printed_text, f.correct_text) for f in clean.findings]
    assert clean.source == "pdf" and clean.checked >= 30
    # the same PDF from an appendix with one figure changed before printing
    row = next(r for r in appendix.rows if r.number == 1)
    rows = tuple(replace(r, hours_annualized=r.hours_annualized + 100) if r is row else r for r in appendix.rows)
    result = check_bytes(to_pdf(replace(appendix, rows=rows)), "Anlage.pdf")
    assert [(f.row, f.column) for f in result.findings] == [("Baustein 1", "Stunden *")]
    assert result.findings[0].difference == Decimal("100.0") and not result.consequences
    changed_bg = check_bytes(to_pdf(replace(appendix, bg_count=(appendix.bg_count or 0) + 100)), "Anlage.pdf")
    assert [(f.field, f.difference) for f in changed_bg.findings] == [("BG-Zahl", Decimal(100))]


def test_text_copied_from_our_pdf_checks_clean(appendix):
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(appendix))).pages)
    assert check_text(text).ok


def test_xlsx_through_check_bytes(xlsx):
    result = check_bytes(xlsx, "Anlage.xlsx")
    assert result.ok and result.source == "xlsx" and result.own_export


def _scan_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 50)
    return bytes(pdf.output())


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "leer"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 32, "PNG-Bild, keine Anlage"),
        (b"%PDF-1.7\n1 0 obj garbage", "PDF-Datei ist beschädigt"),
        (_scan_pdf(), "keinen Text"),
        (text_pdf("Sehr geehrte Damen und Herren,\nanbei die Unterlagen."), "keine Bausteintabelle"),
        (b"Monat;Anrufe\n2021-09;7672\n", "keine Bausteintabelle"),
        (b"\x00\x01\x02binary" * 50, "keine Textdatei"),
    ],
    ids=["empty", "png", "broken_pdf", "scanned_pdf", "letter_pdf", "csv", "binary"],
)
def test_what_is_no_appendix_is_refused_in_german(raw, message):
    with pytest.raises(O7InputError, match=message) as info:
        check_bytes(raw, "anlage.pdf")
    problem = info.value.problems[0]
    assert problem.file == "anlage.pdf" and problem.expected
    assert "Error" not in str(problem.message) and "Exception" not in str(problem.message)


def test_table_header_without_figures_is_refused():
    text = "Anlage zum Dienstleistungseinkauf O.7 2023\nBaustein Bezeichnung Stunden Stunden * VZA Erfüllungsgrad\n"
    with pytest.raises(O7InputError, match="keine Bausteine mit Zahlen"):
        check_text(text)


def test_number_that_is_no_number_names_the_line():
    text = SEED_APPENDIX_TEXT.replace("\t5,87\t", "\t5,8,7\t")
    with pytest.raises(O7InputError, match="keine Zahl") as info:
        check_text(text)
    problem = info.value.problems[0]
    line = next(n for n, ln in enumerate(text.splitlines(), start=1) if "5,8,7" in ln)
    assert (problem.row, problem.value) == (line, "5,8,7")


def test_xlsx_typed_in_the_same_layout_via_check_bytes(xlsx):
    from tests.appendix.test_check import without_data_sheet

    assert check_bytes(without_data_sheet(xlsx), "abgetippt.xlsx").ok
