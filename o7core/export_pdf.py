"""The appendix as a PDF to sign: ``to_pdf(appendix) -> bytes`` (fpdf2, A4 portrait).

The same content and order as the XLSX: header, Baustein table with its total line and
footnotes, "Sonstige Vereinbarungen", the Baustein 2 text, the two signature blocks, the
informational cost table. The font (DejaVu Sans, shipped in ``o7core/data/fonts``) is embedded,
so umlauts and € print on any machine. Numbers come from :mod:`o7core.fmt` (``7.602,7``).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from . import fmt
from .appendix import (
    COST_HEADERS,
    DRAFT_MARK,
    FOOTNOTE_BAUSTEIN2,
    HEADING_BAUSTEIN2,
    HEADING_OTHER,
    LABEL_HOURS_PER_FTE,
    LABEL_JCNR,
    LABEL_JOBCENTER,
    LABEL_SERVICE_CENTER,
    LABEL_TERM,
    LABEL_TOTAL,
    NO_OTHER_AGREEMENTS,
    SERVICE_NAME,
    TABLE_HEADERS,
    Appendix,
)

FONT = "DejaVu"
MARGIN = 18.0  # mm, left and right
GREY = (230, 230, 230)


FONT_DIR = Path(__file__).resolve().parent / "data" / "fonts"
FONT_REGULAR = FONT_DIR / "DejaVuSans.ttf"
FONT_BOLD = FONT_DIR / "DejaVuSans-Bold.ttf"


@lru_cache(maxsize=1)
def _supported() -> frozenset[int]:
    """Code points the embedded font can draw."""
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_REGULAR, lazy=True)
    return frozenset(font.getBestCmap())


def safe_text(text: str) -> str:
    """User text with characters the font lacks replaced by ``?`` (tabs become spaces)."""
    ok = _supported()
    text = text.replace("\t", "    ").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch if ch == "\n" or ord(ch) in ok else "?" for ch in text)


class _Document(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self._footer_text = footer_text

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(90, 90, 90)
        self.cell(0, 4, self._footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, f"Seite {self.page_no()} von {{nb}}", align="R")
        self.set_text_color(0, 0, 0)


def _fmt_fulfilment(value: object) -> str:
    from decimal import Decimal

    return fmt.percent(value, 2) if isinstance(value, Decimal) else fmt.DASH  # type: ignore[arg-type]


def to_pdf(appendix: Appendix) -> bytes:
    """The appendix as PDF bytes (A4, embedded DejaVu Sans)."""
    a = appendix
    pdf = _new_document(a)
    width = pdf.epw
    _title(pdf, a, width)
    _head_fields(pdf, a, width)
    _baustein_table(pdf, a, width)
    _agreements(pdf, a, width)
    _signatures(pdf, a, width)
    if a.costs:
        _costs(pdf, a, width)
    return bytes(pdf.output())


def _new_document(a: Appendix) -> _Document:
    """An A4 document with the appendix's metadata, fonts, margins and first page."""
    footer = f"{a.title} · {a.jobcenter} ({a.jcnr})"
    pdf = _Document(safe_text(f"{DRAFT_MARK} · {footer}" if a.is_draft else footer))
    pdf.set_title(f"{DRAFT_MARK}: {a.title}" if a.is_draft else a.title)
    pdf.set_author(a.service_center or "O.7 Planer")
    pdf.set_subject(f"{a.jobcenter} {a.jcnr}")
    pdf.set_creator("O.7 Planer")
    pdf.set_lang("de-DE")
    pdf.add_font(FONT, "", fname=FONT_REGULAR)
    pdf.add_font(FONT, "B", fname=FONT_BOLD)
    pdf.set_margins(MARGIN, 15, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.alias_nb_pages()
    pdf.add_page()
    return pdf


def _title(pdf: FPDF, a: Appendix, width: float) -> None:
    """Title, service, the period sentence and (for a draft) the draft note in red."""
    pdf.set_font(FONT, "B", 14)
    pdf.multi_cell(width, 7, safe_text(a.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(width, 5, f"Dienstleistung {SERVICE_NAME}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.multi_cell(width, 5, safe_text(a.period_sentence), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if a.is_draft:
        pdf.ln(1)
        pdf.set_font(FONT, "B", 11)
        pdf.set_text_color(192, 0, 0)
        pdf.multi_cell(width, 5.5, safe_text(a.draft_text), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        pdf.set_font(FONT, "", 9.5)
    pdf.ln(2)


def _head_fields(pdf: FPDF, a: Appendix, width: float) -> None:
    """Service Center, Jobcenter, JCNR, BG, term and productive hours as a borderless two-column table."""
    head = (
        (LABEL_SERVICE_CENTER, a.service_center or "–"),
        (LABEL_JOBCENTER, a.jobcenter or "–"),
        (LABEL_JCNR, a.jcnr or "–"),
        (a.bg_label, fmt.count(a.bg_count)),
        (LABEL_TERM, str(a.term_years)),
        (LABEL_HOURS_PER_FTE, fmt.number(a.productive_hours_per_fte, 0)),
    )
    pdf.set_font(FONT, "", 9.5)
    with pdf.table(
        col_widths=(72, width - 72),
        width=width,
        borders_layout="NONE",
        first_row_as_headings=False,
        text_align=("LEFT", "LEFT"),
        line_height=5,
        padding=(0.4, 1, 0.4, 0),
    ) as table:
        for label, value in head:
            row = table.row()
            row.cell(label, style=FontFace(emphasis="BOLD"))
            row.cell(safe_text(value))
    pdf.ln(3)


def _baustein_table(pdf: FPDF, a: Appendix, width: float) -> None:
    """The Baustein table (one row per Baustein, the total in bold) and its footnotes."""
    pdf.set_font(FONT, "", 8.5)
    numeric = ("LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "CENTER")
    with pdf.table(
        col_widths=(19, 60, 17.5, 20, 12, 28, 17.5),
        width=width,
        text_align=numeric,
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=GREY),
        padding=(0.6, 1.2, 0.6, 1.2),
    ) as table:
        header = table.row()
        for text in TABLE_HEADERS:
            header.cell(text)
        for r in a.rows:
            row = table.row()
            row.cell(r.label)
            row.cell(r.name + (" **" if r.number == 2 and a.baustein2_chosen else ""))
            row.cell(fmt.hours(r.hours))
            row.cell(fmt.hours(r.hours_annualized))
            row.cell(fmt.fte(float(r.fte)) if r.fte is not None else fmt.DASH)
            row.cell(_fmt_fulfilment(r.fulfilment))
            row.cell("ja" if r.chosen else "nein")
        total = table.row(style=FontFace(emphasis="BOLD"))
        total.cell(LABEL_TOTAL)
        total.cell("")
        total.cell(fmt.hours(a.total_hours))
        total.cell(fmt.hours(a.total_hours_annualized))
        total.cell(fmt.fte(float(a.total_fte)))
        total.cell("")
        total.cell("")
    pdf.ln(1)
    pdf.set_font(FONT, "", 7.5)
    notes = [a.footnote, a.fte_note] + ([FOOTNOTE_BAUSTEIN2] if a.baustein2_chosen else [])
    for note in notes:
        pdf.multi_cell(width, 3.8, note, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


def _agreements(pdf: FPDF, a: Appendix, width: float) -> None:
    """Other agreements, and the Baustein 2 text when Baustein 2 is chosen."""
    _heading(pdf, HEADING_OTHER)
    pdf.set_font(FONT, "", 9.5)
    pdf.multi_cell(
        width,
        4.8,
        safe_text(a.other_agreements.strip() or NO_OTHER_AGREEMENTS),
        align="L",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.ln(2)
    if a.baustein2_chosen:
        _heading(pdf, HEADING_BAUSTEIN2)
        pdf.set_font(FONT, "", 9.5)
        pdf.multi_cell(
            width, 4.8, safe_text(a.baustein2_text.strip() or "–"), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
        pdf.ln(2)


def _costs(pdf: FPDF, a: Appendix, width: float) -> None:
    """The cost table (one row per term, the chosen term in bold) and the prices it uses."""
    pdf.ln(4)
    pdf.set_font(FONT, "B", 9)
    pdf.multi_cell(width, 4.6, safe_text(a.cost_intro), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(1)
    pdf.set_font(FONT, "", 9)
    with pdf.table(
        col_widths=(40, 45, 45, 44),
        width=width,
        text_align=("LEFT", "RIGHT", "RIGHT", "RIGHT"),
        line_height=5,
        headings_style=FontFace(emphasis="BOLD", fill_color=GREY),
        padding=(0.6, 1.2, 0.6, 1.2),
    ) as table:
        header = table.row()
        for text in COST_HEADERS:
            header.cell(text)
        for c in a.costs:
            style = FontFace(emphasis="BOLD") if c.term_years == a.term_years else None
            row = table.row(style=style)
            row.cell(c.label)
            row.cell(fmt.money(c.base_price))
            row.cell(fmt.money(c.volume_price))
            row.cell(fmt.money(c.total))
    pdf.ln(1)
    pdf.set_font(FONT, "", 7.5)
    prices = "; ".join(
        f"{c.term_years} J.: {fmt.money(c.base_per_bg)} je BG, {fmt.money(c.per_hour)} je Stunde" for c in a.costs
    )
    pdf.multi_cell(
        width,
        3.8,
        f"Preise {a.price_year}: {prices}. Fett: gewählte Laufzeit ({a.term_years} J.).",
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )


def _heading(pdf: FPDF, text: str) -> None:
    pdf.set_font(FONT, "B", 10)
    pdf.multi_cell(pdf.epw, 5.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _signatures(pdf: FPDF, a: Appendix, width: float) -> None:
    """Two signature blocks side by side, each with party, place/date and a line to sign on."""
    gap = 14.0
    block_w = (width - gap) / 2
    needed = 40.0
    if pdf.get_y() + needed > pdf.h - pdf.b_margin:
        pdf.add_page()
    top = pdf.get_y() + 2
    for i, block in enumerate(a.signatures[:2]):
        x = pdf.l_margin + i * (block_w + gap)
        pdf.set_xy(x, top)
        pdf.set_font(FONT, "B", 9.5)
        pdf.cell(block_w, 5, f"Für das {block.party}", new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.set_font(FONT, "", 9.5)
        pdf.multi_cell(block_w, 5, safe_text(block.organisation or " "), new_x=XPos.LEFT, new_y=YPos.NEXT)
        pdf.multi_cell(
            block_w, 5, safe_text("Ort, Datum: " + (block.place_date or "")), new_x=XPos.LEFT, new_y=YPos.NEXT
        )
        line_y = top + 32
        pdf.set_draw_color(0, 0, 0)
        pdf.set_line_width(0.3)
        pdf.line(x, line_y, x + block_w, line_y)
        pdf.set_xy(x, line_y + 0.8)
        pdf.set_font(FONT, "", 7.5)
        pdf.cell(block_w, 4, block.signature_label)
    pdf.set_xy(pdf.l_margin, top + 38)
