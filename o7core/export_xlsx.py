"""The appendix as an Excel workbook: ``to_xlsx(appendix) -> bytes``.

Sheet "Anlage" is the printed appendix: numbers stay numbers (with German-looking number formats
that Excel shows as ``7.602,7`` / ``8,52 %`` / ``550.731,60 €`` in a German locale), set up to print
on one A4 page (fit to page, print area, print titles, margins, footer). Every user text is written
as a text cell, never as a formula: a Jobcenter called ``=HYPERLINK(…)`` stays a name.

The hidden sheet "Daten" holds the machine-readable key values (field → value, money and hours as
exact decimal strings) that :mod:`o7core.check` uses beside the visible figures: the productive
hours per VZA, the Bundesland and period for the annualisation, the prices, and the figures as
exported.
"""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.worksheet import Worksheet

from .appendix import (
    COST_HEADERS,
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

SHEET = "Anlage"
DATA_SHEET = "Daten"
DATA_FORMAT = "o7-anlage"
DATA_VERSION = 1

FMT_HOURS = "#,##0.0"
FMT_FTE = "#,##0.00"
FMT_PERCENT = "0.00%"
FMT_MONEY = '#,##0.00 "€"'
FMT_COUNT = "#,##0"

# Column widths (characters) of A–G; the widths fit A4 portrait with fit-to-page.
WIDTHS = (12, 33, 11, 11, 8, 15, 15)
LAST_COL = len(WIDTHS)

_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_SIGN_LINE = Border(top=Side(style="thin", color="000000"))
_HEAD_FILL = PatternFill("solid", fgColor="E6E6E6")
_BOLD = Font(name="Arial", size=10, bold=True)
_NORMAL = Font(name="Arial", size=10)
_SMALL = Font(name="Arial", size=8)
_TITLE = Font(name="Arial", size=14, bold=True)
_DRAFT = Font(name="Arial", size=12, bold=True, color="C00000")

FORMULA_START = ("=", "+", "-", "@")


def set_text(cell: Cell, text: str) -> None:
    """Write user text as a text cell; text that Excel would read as a formula is neutralised.

    openpyxl turns a string starting with ``=`` into a formula: the data type is forced back to
    ``s`` (written as a string) and ``quotePrefix`` is set so that Excel keeps it as text on edit.
    """
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


class _Sheet:
    """Small helper that writes rows top to bottom."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self.row = 1

    def cell(
        self,
        col: int,
        value: str | float | int | Decimal | None,
        *,
        fmt: str | None = None,
        font: Font = _NORMAL,
        align: str | None = None,
        wrap: bool = False,
        border: Border | None = None,
        fill: PatternFill | None = None,
        row: int | None = None,
    ) -> Cell:
        c = self.ws.cell(row=row or self.row, column=col)
        if isinstance(value, str):
            set_text(c, value)
        elif isinstance(value, Decimal):
            c.value = float(value)
        else:
            c.value = value
        if fmt:
            c.number_format = fmt
        c.font = font
        c.alignment = Alignment(horizontal=align, vertical="top", wrap_text=wrap)
        if border is not None:
            c.border = border
        if fill is not None:
            c.fill = fill
        return c

    def merge(self, first: int, last: int, row: int | None = None) -> None:
        r = row or self.row
        if last > first:
            self.ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)

    def paragraph(self, text: str, *, font: Font = _NORMAL, chars_per_line: int = 105) -> None:
        """A wrapped text over the full width, with a row height that shows all of it."""
        self.cell(1, text, font=font, wrap=True)
        self.merge(1, LAST_COL)
        lines = sum(max(1, -(-len(part) // chars_per_line)) for part in (text or " ").split("\n"))
        size = font.sz or 10
        self.ws.row_dimensions[self.row].height = max(15.0, lines * (float(size) + 3.5))
        self.row += 1


def to_xlsx(appendix: Appendix) -> bytes:
    """The appendix as XLSX bytes (sheet "Anlage" to print, hidden sheet "Daten")."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    s = _Sheet(ws)
    a = appendix

    _write_title(s, a)
    _write_head_fields(s, a)
    header_row = s.row
    _write_baustein_table(s, a)
    _write_agreements(s, a)
    _write_signatures(s, a)
    if a.costs:
        _write_costs(s, a)

    last_row = s.row - 1
    _print_setup(ws, last_row, header_row, a)
    _data_sheet(wb, a)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write_title(s: _Sheet, a: Appendix) -> None:
    """Title, service, the period sentence and (for a draft) the draft note."""
    s.cell(1, a.title, font=_TITLE)
    s.merge(1, LAST_COL)
    s.ws.row_dimensions[s.row].height = 22
    s.row += 1
    s.cell(1, f"Dienstleistung {SERVICE_NAME}", font=_NORMAL)
    s.merge(1, LAST_COL)
    s.row += 1
    s.paragraph(a.period_sentence)
    if a.is_draft:
        s.paragraph(a.draft_text, font=_DRAFT)
    s.row += 1


def _write_head_fields(s: _Sheet, a: Appendix) -> None:
    """Service Center, Jobcenter, JCNR, BG, term and productive hours: label in A–B, value in C–G."""
    head_fields: list[tuple[str, str | int | Decimal | None, str | None]] = [
        (LABEL_SERVICE_CENTER, a.service_center, None),
        (LABEL_JOBCENTER, a.jobcenter, None),
        (LABEL_JCNR, a.jcnr, None),
        (a.bg_label, a.bg_count, FMT_COUNT),
        (LABEL_TERM, a.term_years, "0"),
        (LABEL_HOURS_PER_FTE, a.productive_hours_per_fte, FMT_COUNT),
    ]
    for label, value, number_format in head_fields:
        s.cell(1, label, font=_BOLD)
        s.merge(1, 2)
        s.cell(3, value if value is not None else "–", fmt=number_format, align="left")
        s.merge(3, LAST_COL)
        s.row += 1
    s.row += 1


def _write_baustein_table(s: _Sheet, a: Appendix) -> None:
    """The Baustein table (header, one row per Baustein, the total) and its footnotes."""
    for col, text in enumerate(TABLE_HEADERS, start=1):
        s.cell(col, text, font=_BOLD, border=_BOX, fill=_HEAD_FILL, align="left" if col <= 2 else "right", wrap=True)
    s.row += 1
    for r in a.rows:
        name = r.name + (" **" if r.number == 2 and a.baustein2_chosen else "")
        s.cell(1, r.label, border=_BOX)
        s.cell(2, name, border=_BOX)
        if r.hours is None:
            for col in (3, 4, 5, 6):
                s.cell(col, "–", border=_BOX, align="right")
        else:
            s.cell(3, r.hours, fmt=FMT_HOURS, border=_BOX)
            s.cell(4, r.hours_annualized, fmt=FMT_HOURS, border=_BOX)
            s.cell(5, r.fte, fmt=FMT_FTE, border=_BOX)
            if r.fulfilment is None:
                s.cell(6, "–", border=_BOX, align="right")
            else:
                s.cell(6, r.fulfilment, fmt=FMT_PERCENT, border=_BOX)
        s.cell(7, "ja" if r.chosen else "nein", border=_BOX, align="right")
        s.row += 1
    s.cell(1, LABEL_TOTAL, font=_BOLD, border=_BOX)
    s.cell(2, "", border=_BOX)
    s.cell(3, a.total_hours, fmt=FMT_HOURS, font=_BOLD, border=_BOX)
    s.cell(4, a.total_hours_annualized, fmt=FMT_HOURS, font=_BOLD, border=_BOX)
    s.cell(5, a.total_fte, fmt=FMT_FTE, font=_BOLD, border=_BOX)
    s.cell(6, "", border=_BOX)
    s.cell(7, "", border=_BOX)
    s.row += 1
    s.paragraph(a.footnote, font=_SMALL)
    s.paragraph(a.fte_note, font=_SMALL)
    if a.baustein2_chosen:
        s.paragraph(FOOTNOTE_BAUSTEIN2, font=_SMALL)
    s.row += 1


def _write_agreements(s: _Sheet, a: Appendix) -> None:
    """Other agreements, and the Baustein 2 text when Baustein 2 is chosen."""
    s.cell(1, HEADING_OTHER, font=_BOLD)
    s.merge(1, LAST_COL)
    s.row += 1
    s.paragraph(a.other_agreements.strip() or NO_OTHER_AGREEMENTS)
    if a.baustein2_chosen:
        s.cell(1, HEADING_BAUSTEIN2, font=_BOLD)
        s.merge(1, LAST_COL)
        s.row += 1
        s.paragraph(a.baustein2_text.strip() or "–")
    s.row += 1


def _write_signatures(s: _Sheet, a: Appendix) -> None:
    """The signature blocks side by side: Service Center in A–C, Jobcenter in E–G."""
    spans = ((1, 3), (5, LAST_COL))
    for (first, last), block in zip(spans, a.signatures, strict=False):
        s.cell(first, f"Für das {block.party}", font=_BOLD)
        s.merge(first, last)
        s.cell(first, block.organisation or "", row=s.row + 1)
        s.merge(first, last, row=s.row + 1)
        s.cell(first, "Ort, Datum: " + (block.place_date or ""), row=s.row + 2)
        s.merge(first, last, row=s.row + 2)
        for col in range(first, last + 1):
            s.cell(col, None, border=_SIGN_LINE, row=s.row + 4)
        s.cell(first, block.signature_label, font=_SMALL, border=_SIGN_LINE, row=s.row + 4)
    s.ws.row_dimensions[s.row + 3].height = 36
    s.row += 6


def _write_costs(s: _Sheet, a: Appendix) -> None:
    """The cost table (one row per term, the chosen term in bold) and the prices it uses."""
    s.paragraph(a.cost_intro, font=_BOLD)
    cost_cols = ((1, 2), (3, 4), (5, 6), (7, 7))
    for (first, last), text in zip(cost_cols, COST_HEADERS, strict=True):
        s.cell(first, text, font=_BOLD, border=_BOX, fill=_HEAD_FILL, align="left" if first == 1 else "right")
        for col in range(first + 1, last + 1):
            s.cell(col, None, border=_BOX, fill=_HEAD_FILL)
        s.merge(first, last)
    s.row += 1
    for c in a.costs:
        values: tuple[str | Decimal, ...] = (c.label, c.base_price, c.volume_price, c.total)
        for (first, last), value in zip(cost_cols, values, strict=True):
            is_term = isinstance(value, str)
            s.cell(
                first,
                value,
                fmt=None if is_term else FMT_MONEY,
                border=_BOX,
                font=_BOLD if c.term_years == a.term_years else _NORMAL,
            )
            for col in range(first + 1, last + 1):
                s.cell(col, None, border=_BOX)
            s.merge(first, last)
        s.row += 1
    prices = "; ".join(
        f"{c.term_years} J.: {_de(c.base_per_bg)} € je BG, {_de(c.per_hour)} € je Stunde" for c in a.costs
    )
    s.paragraph(f"Preise {a.price_year}: {prices}. Fett: gewählte Laufzeit ({a.term_years} J.).", font=_SMALL)


def _de(value: Decimal) -> str:
    from . import fmt

    return fmt.number(value, 2)


def _print_setup(ws: Worksheet, last_row: int, header_row: int, a: Appendix) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1
    ws.print_area = f"A1:{get_column_letter(LAST_COL)}{last_row}"
    ws.print_title_rows = "1:1"
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.7, bottom=0.8, header=0.3, footer=0.35)
    ws.print_options.horizontalCentered = True
    footer = f"{a.title} · {a.jcnr}".replace("&", "&&")
    ws.oddFooter.left.text = footer
    ws.oddFooter.left.size = 8
    ws.oddFooter.right.text = "Seite &P von &N"
    ws.oddFooter.right.size = 8
    ws.sheet_view.showGridLines = False
    ws.freeze_panes = None
    del header_row


def data_fields(a: Appendix) -> list[tuple[str, str]]:
    """Field → value (exact text) of the hidden sheet "Daten"."""

    def dec(value: Decimal | int | None) -> str:
        return "" if value is None else str(value)

    out: list[tuple[str, str]] = [
        ("format", DATA_FORMAT),
        ("version", str(DATA_VERSION)),
        ("contract_year", str(a.contract_year)),
        ("period_first", str(a.period_first)),
        ("period_last", str(a.period_last)),
        ("state", a.state),
        ("jobcenter", a.jobcenter),
        ("jcnr", a.jcnr),
        ("productive_hours_per_fte", dec(a.productive_hours_per_fte)),
        ("bg_count", dec(a.bg_count)),
        ("term_years", str(a.term_years)),
        ("price_year", str(a.price_year)),
    ]
    for c in a.costs:
        out += [
            (f"price.{c.term_years}.base_per_bg", str(c.base_per_bg)),
            (f"price.{c.term_years}.per_hour", str(c.per_hour)),
        ]
    for r in a.rows:
        p = f"b{r.number}."
        out += [
            (p + "chosen", "ja" if r.chosen else "nein"),
            (p + "hours", dec(r.hours)),
            (p + "hours_annualized", dec(r.hours_annualized)),
            (p + "fte", dec(r.fte)),
            (p + "fulfilment", dec(r.fulfilment)),
        ]
    out += [
        ("total.hours", dec(a.total_hours)),
        ("total.hours_annualized", dec(a.total_hours_annualized)),
        ("total.fte", dec(a.total_fte)),
    ]
    for c in a.costs:
        p = f"cost.{c.term_years}."
        out += [
            (p + "base_price", str(c.base_price)),
            (p + "volume_price", str(c.volume_price)),
            (p + "total", str(c.total)),
        ]
    return out


def _data_sheet(wb: Workbook, a: Appendix) -> None:
    ws = wb.create_sheet(DATA_SHEET)
    set_text(ws.cell(row=1, column=1), "Feld")
    set_text(ws.cell(row=1, column=2), "Wert")
    for i, (key, value) in enumerate(data_fields(a), start=2):
        set_text(ws.cell(row=i, column=1), key)
        set_text(ws.cell(row=i, column=2), value)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 40
    ws.sheet_state = "hidden"
