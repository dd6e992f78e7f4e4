"""The PDF appendix: A4, embedded font, and the text read back with pypdf against the plan."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import pytest
from pypdf import PdfReader

from o7core import fmt
from o7core.appendix import build_appendix
from o7core.export_pdf import to_pdf


def text_of(raw: bytes) -> str:
    reader = PdfReader(io.BytesIO(raw))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[ \u00a0]+", " ", text)


def norm(value: str) -> str:
    return value.replace("\u00a0", " ")


@pytest.fixture(scope="module")
def text(pdf) -> str:
    return text_of(pdf)


def test_a4_one_page_with_embedded_font(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx((595.28, 841.89), abs=0.1)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    names = [str(f.get_object()["/BaseFont"]) for f in fonts.values()]
    assert any("DejaVu" in n for n in names)
    for f in fonts.values():
        descendant = f.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded


def test_header_and_umlauts(text):
    assert "Anlage zum Dienstleistungseinkauf O.7 2023" in text
    assert "01.09.2021 bis 31.08.2022" in text
    assert "JC Göppingen" in text and "JC62106" in text and "Service Center Freiburg" in text
    assert "Erfüllungsgrad" in text and "BG-Zahl 2023" in text and "5.642" in text


def test_every_baustein_figure(text, plan):
    table = text[text.index("gewählt") : text.index("Gesamt 7")]
    assert [ln.split()[1] for ln in table.splitlines() if ln.startswith("Baustein ")] == list("1234567")
    for b in plan.bausteine:
        line = next(ln for ln in table.splitlines() if ln.startswith(f"Baustein {b.number} "))
        assert ("ja" if b.chosen else "nein") in line
        if b.number == 2:
            continue
        assert norm(fmt.hours(b.hours)) in line
        assert norm(fmt.number(round(b.hours_annualized / 1200, 2), 2)) in line
        if b.chosen and b.fulfilment is not None:
            assert norm(fmt.percent(b.fulfilment, 2)) in line
    total = next(ln for ln in text.splitlines() if ln.startswith("Gesamt 7"))
    assert norm(fmt.hours(plan.hours_total_rounded)) in total and "6,34" in total


def test_every_cost(text, plan):
    for c in plan.costs:
        for value in (c.base_price, c.volume_price, c.total):
            assert norm(fmt.money(value)) in text


def test_signature_blocks_and_texts(text, appendix):
    for phrase in (
        "Für das Service Center",
        "Für das Jobcenter",
        "Unterschrift Service Center",
        "Unterschrift Jobcenter",
        "Ort, Datum: Freiburg, 07.11.2022",
        "Ort, Datum: Göppingen, 07.11.2022",
        "Sonstige Vereinbarungen",
        "Baustein 2 – Konkretisierung",
        "* Bei Bezugszeitraum < 12 Monate auf 12 Monate hochgerechnet",
    ):
        assert phrase in text, phrase
    assert "ca. 51 Gespräche" in text.replace("\n", " ")


def test_long_and_odd_user_text_stays_within_two_pages(scenario, plan):
    long_text = ("Vereinbarung über Rückrufe innerhalb von 2 Arbeitstagen; Voiceboxen täglich. " * 25) + "🙂 ✓"
    s = replace(scenario, agreement=replace(scenario.agreement, other_agreements=long_text))
    raw = to_pdf(build_appendix(s, plan))
    reader = PdfReader(io.BytesIO(raw))
    assert 1 <= len(reader.pages) <= 2
    assert "Rückrufe innerhalb" in text_of(raw)
