"""Reading an appendix workbook: the printed figures with their cells (:class:`PrintedAppendix`).

The workbook is ours (with the hidden sheet "Daten") or one re-typed by hand in the same visible
layout: the values are found by their labels, not by fixed cells. Numbers may be numeric cells
or German text (``7.043,1``, ``8,52 %``, ``550.731,60 €``). The reader refuses files that are not
XLSX or that would unpack to too much (zip bombs) before openpyxl sees them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from ..errors import O7InputError, Problem
from ..formats.source import cell_text
from ..month import Month
from ..parsing import normalize_header, parse_number

MAX_ROWS = 400  # the window read (sizes, parts and sheets: the one budget in formats/source.py)
MAX_COLS = 40


DASHES = {"", "-", "–", "—", "./.", "n/a"}
YES = {"ja", "j", "x", "yes", "true", "1", "✓", "✔", "wahr"}
NO = {"nein", "n", "no", "false", "0", "falsch"}


# --------------------------------------------------------------------------- what was read


@dataclass(frozen=True, slots=True)
class Printed:
    """One printed figure: its value (``None``: empty or a dash), its cell, the text as found."""

    value: Decimal | None = None
    cell: str | None = None
    text: str = ""
    found: bool = False
    numeric: bool = False  # a numeric cell: the value is exact, not rounded to what is shown


@dataclass(frozen=True, slots=True)
class PrintedRow:
    number: int
    chosen: bool | None
    chosen_cell: str | None
    hours: Printed
    hours_annualized: Printed
    fte: Printed
    fulfilment: Printed


@dataclass(frozen=True, slots=True)
class PrintedCost:
    term_years: int
    base_price: Printed
    volume_price: Printed
    total: Printed


@dataclass(frozen=True, slots=True)
class PrintedAppendix:
    """The figures of an appendix as printed, with their cells; ``data`` is our hidden sheet."""

    filename: str
    sheet: str
    contract_year: int | None
    period: tuple[Month, Month] | None
    jobcenter: str
    jcnr: str
    bg_count: Printed
    term_years: Printed
    hours_per_fte: Printed
    rows: tuple[PrintedRow, ...]
    total_hours: Printed
    total_hours_annualized: Printed
    total_fte: Printed
    costs: tuple[PrintedCost, ...]
    data: Mapping[str, str] = field(default_factory=dict)

    def row(self, number: int) -> PrintedRow | None:
        return next((r for r in self.rows if r.number == number), None)


# --------------------------------------------------------------------------- reading


def _fail(message: str, filename: str, expected: str | None = None, **where: Any) -> O7InputError:
    return O7InputError(Problem(message, file=filename, expected=expected, **where))


def guard_xlsx(raw: bytes, filename: str) -> None:
    """Refuse what is not a small, sane XLSX archive, before any XML is parsed.

    Size and archive limits are those of the project's reading edge (:mod:`o7core.formats.source`).
    """

    expected = "die Anlage als Excel-Datei (.xlsx), wie O.7 Planer sie erzeugt"
    if not raw:
        raise _fail("Die Datei ist leer.", filename, expected)
    if raw.startswith(b"%PDF"):
        raise _fail("Das ist eine PDF-Datei, keine Excel-Datei (XLSX).", filename, expected)
    if not raw.startswith(b"PK"):
        raise _fail("Die Datei ist keine Excel-Datei (XLSX).", filename, expected)
    from ..formats.source import FileKind, check_archive, check_size

    try:  # the one budget of every reader: size, parts, unpacked size, sheets (formats/source.py)
        check_size(len(raw))
        check_archive(raw, kind=FileKind("keine Anlage", expected)).close()
    except O7InputError as exc:
        raise exc.located(file=filename, expected=expected) from None


def _to_decimal(value: Any, number_format: str = "General", *, kind: str = "decimal") -> Decimal | None:
    """A printed number: a numeric cell or German text (``7.043,1``, ``8,52 %``, ``550.731,60 €``).

    ``None`` for an empty cell or a dash. Raises ``ValueError`` for text that is not a number.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError("Wahrheitswert statt Zahl")
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value != value:
            raise ValueError("keine Zahl")
        d = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(value)
        if kind == "percent" and "%" not in number_format and d > Decimal("1.5"):
            d = d / 100  # typed as 8,52 without a percent format
        return d
    text = str(value).strip()
    if text in DASHES:
        return None
    number = parse_number(text, kind="count" if kind == "count" else "decimal")
    d = Decimal(repr(number))
    if kind == "percent" and "%" not in text and d > Decimal("1.5"):
        d = d / 100
    return d


class _Grid:
    """The used cells of one sheet, for a search by label."""

    def __init__(self, ws: Any) -> None:
        self.values: dict[tuple[int, int], Any] = {}
        self.formats: dict[tuple[int, int], str] = {}
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row or 1, MAX_ROWS), max_col=MAX_COLS):
            for c in row:
                if c.value is not None and not (isinstance(c.value, str) and not c.value.strip()):
                    self.values[(c.row, c.column)] = c.value
                    self.formats[(c.row, c.column)] = c.number_format or "General"

    def text(self, r: int, c: int) -> str:
        return cell_text(self.values.get((r, c)))

    def find(self, predicate: Any, *, rows: range | None = None) -> list[tuple[int, int]]:
        hits = [
            (r, c)
            for (r, c), v in self.values.items()
            if isinstance(v, str) and (rows is None or r in rows) and predicate(v.strip())
        ]
        return sorted(hits)

    def right_of(self, r: int, c: int) -> tuple[int, int] | None:
        """The first non-empty cell to the right in the same row."""
        cols = sorted(col for (row, col) in self.values if row == r and col > c)
        return (r, cols[0]) if cols else None

    def printed(self, pos: tuple[int, int] | None, filename: str, label: str, *, kind: str = "decimal") -> Printed:
        if pos is None:
            return Printed()
        from openpyxl.utils import get_column_letter

        ref = f"{get_column_letter(pos[1])}{pos[0]}"
        raw = self.values.get(pos)
        try:
            value = _to_decimal(raw, self.formats.get(pos, "General"), kind=kind)
        except (ValueError, InvalidOperation):
            raise O7InputError(
                Problem(
                    f"„{label}“ ist keine Zahl.",
                    file=filename,
                    column=ref,
                    value=cell_text(raw),
                    expected="eine Zahl wie 7.043,1 oder 550.731,60 €",
                )
            ) from None
        return Printed(value, ref, cell_text(raw), True, isinstance(raw, (int, float)))


def _ref(pos: tuple[int, int]) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(pos[1])}{pos[0]}"


_TITLE = re.compile(r"O\.?\s?7\D{0,12}?(20\d\d)\b")
#: ``01.10.2021 bis 30.09.2022``: the period as the appendix prints it (workbook and text)
PERIOD = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:bis|-|–)\s*(\d{1,2})\.(\d{1,2})\.(\d{4})")
_BAUSTEIN = re.compile(r"^(?:Baustein|BS|Nr\.?)?\s*([1-7])\s*$", re.IGNORECASE)
#: ``1 Jahr``, ``Laufzeitvariante 2 Jahre``: a term as the cost table prints it (workbook and text)
TERM = re.compile(r"(\d)\s*Jahr", re.IGNORECASE)


def contract_year_of(text: str) -> int | None:
    """The contract year of an appendix title (``Anlage zum Dienstleistungseinkauf O.7 2023`` → 2023)."""
    m = _TITLE.search(text)
    return int(m.group(1)) if m and "anlage" in text.casefold() else None


def period_of(text: str) -> tuple[Month, Month] | None:
    """First and last month of the printed period (``01.10.2021 bis 30.09.2022``); ``None`` if none or invalid."""
    m = PERIOD.search(text)
    if m is None:
        return None
    try:
        return Month(int(m.group(3)), int(m.group(2))), Month(int(m.group(6)), int(m.group(5)))
    except ValueError:
        return None


def read_appendix_xlsx(raw: bytes, filename: str = "Anlage.xlsx") -> PrintedAppendix:
    """Read the printed figures of an appendix workbook (ours or re-typed in the same layout)."""
    guard_xlsx(raw, filename)
    from ..formats.source import open_workbook

    try:  # streaming, after the one budget of every reader (parts, sizes, sheets: formats/source.py)
        wb = open_workbook(raw)
    except O7InputError as exc:
        raise exc.located(file=filename) from None
    except Exception:
        raise _fail(
            "Die Datei ist keine lesbare Excel-Datei (XLSX).", filename, "die Anlage als Excel-Datei (.xlsx)"
        ) from None
    try:
        data = _data_sheet(wb)
        ws = _appendix_sheet(wb, filename)
        grid = _Grid(ws)
        return _read_grid(grid, filename, ws.title, data)
    finally:
        wb.close()


def _data_sheet(wb: Any) -> dict[str, str]:
    if "Daten" not in wb.sheetnames:
        return {}
    ws = wb["Daten"]
    out: dict[str, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row or 1, 500), max_col=2, values_only=True):
        if row and row[0] is not None:
            out[str(row[0]).strip()] = cell_text(row[1] if len(row) > 1 else None)
    return out if out.get("format") == "o7-anlage" else {}


def _appendix_sheet(wb: Any, filename: str) -> Any:
    candidates = [wb["Anlage"]] if "Anlage" in wb.sheetnames else []
    candidates += [ws for ws in wb.worksheets if ws.title not in ("Anlage", "Daten")]
    for ws in candidates:
        for row in ws.iter_rows(max_row=min(ws.max_row or 1, MAX_ROWS), max_col=MAX_COLS, values_only=True):
            if any(isinstance(v, str) and normalize_header(v).startswith("erfuellungsgrad") for v in row):
                return ws
    raise _fail(
        "In der Datei gibt es keine Bausteintabelle (Kopfzeile mit „Stunden“, „VZA“, „Erfüllungsgrad“).",
        filename,
        "die Anlage zum Dienstleistungseinkauf O.7 im Aufbau von O.7 Planer",
    )


def _read_grid(grid: _Grid, filename: str, sheet: str, data: Mapping[str, str]) -> PrintedAppendix:
    def fail(message: str, expected: str | None = None) -> O7InputError:
        return O7InputError(Problem(message, file=filename, sheet=sheet, expected=expected))

    # the Baustein table: its header row holds VZA and Erfüllungsgrad
    header_row = grid.find(lambda v: normalize_header(v).startswith("erfuellungsgrad"))[0][0]
    columns = _table_columns(grid, header_row)
    missing = [name for key, name in (("hours_annualized", "Stunden *"), ("fte", "VZA")) if key not in columns]
    if missing:
        raise fail(
            f"In der Kopfzeile der Bausteintabelle (Zeile {header_row}) fehlt: {', '.join(missing)}.",
            "Spalten Baustein, Bezeichnung, Stunden, Stunden *, VZA, Erfüllungsgrad, gewählt",
        )
    rows, total_row = _grid_rows(grid, filename, header_row, columns)
    if not rows:
        raise fail(
            f"Unter der Kopfzeile der Bausteintabelle (Zeile {header_row}) stehen keine Bausteine.",
            "Zeilen „Baustein 1“ bis „Baustein 7“",
        )

    def total(key: str) -> Printed:
        col = columns.get(key)
        if total_row is None or col is None:
            return Printed()
        return grid.printed((total_row, col), filename, "Gesamt")

    above = range(1, header_row)
    contract_year = next(
        (
            y
            for r, c in grid.find(lambda v: contract_year_of(v) is not None)
            if (y := contract_year_of(grid.text(r, c)))
        ),
        None,
    )
    period = next(
        (period_of(grid.text(r, c)) for r, c in grid.find(lambda v: PERIOD.search(v) is not None, rows=above)), None
    )

    def labelled(predicate: Any, label: str, *, kind: str = "decimal") -> Printed:
        hits = grid.find(predicate, rows=above)
        if not hits:
            return Printed()
        return grid.printed(grid.right_of(*hits[0]), filename, label, kind=kind)

    bg = labelled(lambda v: normalize_header(v).startswith("bg"), "BG-Zahl", kind="count")
    term = labelled(lambda v: normalize_header(v).startswith("laufzeit"), "Laufzeit in Jahren", kind="count")
    phpf = labelled(lambda v: "produktivstunden" in normalize_header(v), "Produktivstunden je VZA")
    costs = _read_costs(grid, filename, total_row or header_row)
    return PrintedAppendix(
        filename=filename,
        sheet=sheet,
        contract_year=contract_year,
        period=period,
        jobcenter=_labelled_text(grid, above, lambda v: normalize_header(v) == "jobcenter"),
        jcnr=_grid_jcnr(grid, above),
        bg_count=bg,
        term_years=term,
        hours_per_fte=phpf,
        rows=tuple(rows),
        total_hours=total("hours"),
        total_hours_annualized=total("hours_annualized"),
        total_fte=total("fte"),
        costs=costs,
        data=dict(data),
    )


def _table_columns(grid: _Grid, header_row: int) -> dict[str, int]:
    """Field → column of the Baustein table's header row (Stunden, Stunden *, VZA, Erfüllungsgrad, gewählt)."""
    columns: dict[str, int] = {}
    for (r, c), v in grid.values.items():
        if r != header_row or not isinstance(v, str):
            continue
        norm = normalize_header(v)
        if norm == "stunden" and "*" in v:
            columns["hours_annualized"] = c
        elif norm == "stunden":
            columns["hours"] = c
        elif norm == "vza":
            columns["fte"] = c
        elif norm.startswith("erfuellungsgrad"):
            columns["fulfilment"] = c
        elif "gewaehlt" in norm:
            columns["chosen"] = c
    return columns


def _grid_rows(
    grid: _Grid, filename: str, header_row: int, columns: dict[str, int]
) -> tuple[list[PrintedRow], int | None]:
    """The Baustein rows below the header (up to 15) and the row of ``Gesamt``."""
    label_col = min(c for (r, c) in grid.values if r == header_row)
    rows: list[PrintedRow] = []
    for r in range(header_row + 1, header_row + 16):
        label = grid.text(r, label_col)
        if normalize_header(label).startswith("gesamt") or normalize_header(label) == "summe":
            return rows, r
        m = _BAUSTEIN.match(label)
        if not m:
            continue
        number = int(m.group(1))

        def at(key: str, kind: str = "decimal", r: int = r, number: int = number) -> Printed:
            col = columns.get(key)
            return grid.printed((r, col) if col else None, filename, f"Baustein {number}", kind=kind)

        chosen: bool | None = None
        chosen_cell = None
        if "chosen" in columns:
            text = grid.text(r, columns["chosen"]).casefold()
            chosen = True if text in YES else False if text in NO else None
            chosen_cell = _ref((r, columns["chosen"]))
        rows.append(
            PrintedRow(
                number,
                chosen,
                chosen_cell,
                at("hours"),
                at("hours_annualized"),
                at("fte"),
                at("fulfilment", "percent"),
            )
        )
    return rows, None


def _labelled_text(grid: _Grid, above: range, predicate: Any) -> str:
    """The text right of the first label above the table that ``predicate`` accepts."""
    hits = grid.find(predicate, rows=above)
    pos = grid.right_of(*hits[0]) if hits else None
    return grid.text(*pos) if pos else ""


def _grid_jcnr(grid: _Grid, above: range) -> str:
    """The JCNR: right of its label, else the first ``JC12345`` above the table."""
    jcnr = _labelled_text(grid, above, lambda v: normalize_header(v) == "jcnr")
    if not jcnr:
        m = next((re.search(r"JC\d{5}", grid.text(r, c)) for r, c in grid.find(lambda v: "JC" in v, rows=above)), None)
        jcnr = m.group(0) if m else ""
    return jcnr


def _read_costs(grid: _Grid, filename: str, below: int) -> tuple[PrintedCost, ...]:
    heads = grid.find(lambda v: normalize_header(v) == "volumenpreis", rows=range(below + 1, MAX_ROWS + 1))
    if not heads:
        return ()
    head_row = heads[0][0]
    cols: dict[str, int] = {}
    for (r, c), v in grid.values.items():
        if r == head_row and isinstance(v, str):
            norm = normalize_header(v)
            if norm.startswith("bggrundpreis") or norm == "grundpreis":
                cols["base"] = c
            elif norm.startswith("volumenpreis"):
                cols["volume"] = c
            elif norm.startswith("gesamt") or norm == "summe":
                cols["total"] = c
    out: list[PrintedCost] = []
    seen: set[int] = set()
    for r in range(head_row + 1, head_row + 8):
        term = None
        for (row, c), v in grid.values.items():
            if row == r and isinstance(v, str) and c not in cols.values():
                m = TERM.search(v)
                if m and 1 <= int(m.group(1)) <= 3:
                    term = int(m.group(1))
        if term is None or term in seen:
            continue
        seen.add(term)
        label = f"Kosten {term} J."

        def get(key: str, r: int = r, label: str = label) -> Printed:
            col = cols.get(key)
            return grid.printed((r, col) if col else None, filename, label)

        out.append(PrintedCost(term, get("base"), get("volume"), get("total")))
    return tuple(out)
