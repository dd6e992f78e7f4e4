"""Anlage prüfen: read a filled-in appendix (XLSX) and recompute every derived figure.

``check_xlsx(raw, filename)`` reads the workbook (ours, or one re-typed by hand in the same visible
layout: the values are found by their labels, not by fixed cells), recomputes

- Stunden * = Stunden × k (k = 1 for a 12-month Bezugszeitraum; otherwise from the Bundesland),
- VZA per Baustein = Stunden * / Produktivstunden je VZA (1.200 unless the appendix states them),
- the total hours = Σ of the chosen Bausteine, allowing ±0,05 h rounding per part (the BA sums the
  unrounded parts: 7.043,1 + 600,2 printed as 7.643,4 is right), and the total VZA,
- Erfüllungsgrad: Baustein 4 = Stunden B4 / Stunden B1, Baustein 1 = 100 % when Baustein 4 is chosen,
- BG-Grundpreis = BG × € je BG, Volumenpreis = Stunden * gesamt × € je Stunde, Gesamt = beide,
  with the prices of the price sheet of the contract year,

and lists each deviation (:class:`Finding`: field, cell, printed value, correct value, difference).
Where our own hidden sheet "Daten" is present, input figures that cannot be recomputed from the
sheet (BG, Stunden, gewählt, Erfüllungsgrad of Baustein 1) are compared with the exported values.
The reader refuses files that are not XLSX or that would unpack to too much (zip bombs) before
openpyxl sees them.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from . import fmt
from .appendix import round_fraction, round_fte
from .costs import round_cent, round_hours
from .errors import O7InputError, Problem
from .model import PriceSheet, TermPrice
from .month import Month
from .parsing import normalize_header, parse_number

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNPACKED_BYTES = 60 * 1024 * 1024
MAX_ENTRY_RATIO = 200
MAX_ENTRIES = 2000
MAX_ROWS = 400
MAX_COLS = 40
DEFAULT_HOURS_PER_FTE = Decimal(1200)

HALF_HOUR_UNIT = Decimal("0.05")  # half of the printed 0,1 h
HALF_FTE_UNIT = Decimal("0.005")
HALF_PERCENT_UNIT = Decimal("0.00005")  # fraction; half of 0,01 %
EPS = Decimal("1e-9")

DASHES = {"", "-", "–", "—", "./.", "n/a"}
YES = {"ja", "j", "x", "yes", "true", "1", "✓", "✔", "wahr"}
NO = {"nein", "n", "no", "false", "0", "falsch"}


# --------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Finding:
    """One deviation: what the appendix prints against what it should print.

    ``kind`` is ``hours`` | ``fte`` | ``percent`` | ``money`` | ``count`` | ``flag``; values are
    ``Decimal`` (fractions for percent) or ``bool`` for ``flag``; ``printed`` is ``None`` where the
    cell is empty or holds no number.
    """

    field: str
    cell: str | None
    kind: str
    printed: Decimal | bool | None
    correct: Decimal | bool
    rule: str

    @property
    def difference(self) -> Decimal | None:
        if isinstance(self.printed, Decimal) and isinstance(self.correct, Decimal):
            return self.printed - self.correct
        return None

    @property
    def printed_text(self) -> str:
        return _show(self.kind, self.printed)

    @property
    def correct_text(self) -> str:
        return _show(self.kind, self.correct)

    @property
    def difference_text(self) -> str:
        d = self.difference
        if d is None:
            return fmt.DASH
        if self.kind == "percent":
            text = fmt.number(d * 100, 2) + " Prozentpunkte"
        else:
            text = _show(self.kind, d)
        return fmt.signed(text, d)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of a check: every finding, how many figures were compared, notes."""

    filename: str
    sheet: str
    own_export: bool  # True: our XLSX with its hidden sheet "Daten"
    contract_year: int | None
    jobcenter: str
    jcnr: str
    prices_source: str
    checked: int
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.findings


def _show(kind: str, value: Decimal | bool | None) -> str:
    if value is None:
        return "leer"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if kind == "hours":
        return fmt.hours(value)
    if kind == "fte":
        return fmt.number(value, 2)
    if kind == "percent":
        return fmt.percent(float(value), 2)
    if kind == "money":
        return fmt.money(value)
    return fmt.number(value, 0)


# --------------------------------------------------------------------------- what was read


@dataclass(frozen=True, slots=True)
class Printed:
    """One printed figure: its value (``None``: empty or a dash), its cell, the text as found."""

    value: Decimal | None = None
    cell: str | None = None
    text: str = ""
    found: bool = False


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
    """Refuse what is not a small, sane XLSX archive, before any XML is parsed."""
    expected = "die Anlage als Excel-Datei (.xlsx), wie O.7 Planer sie erzeugt"
    if not raw:
        raise _fail("Die Datei ist leer.", filename, expected)
    if len(raw) > MAX_FILE_BYTES:
        raise _fail("Die Datei ist größer als 20 MB und wird nicht gelesen.", filename, expected)
    if raw.startswith(b"%PDF"):
        raise _fail("Das ist eine PDF-Datei. Geprüft werden kann nur die Excel-Fassung der Anlage.", filename, expected)
    if not raw.startswith(b"PK"):
        raise _fail("Die Datei ist keine Excel-Datei (XLSX).", filename, expected)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _fail("Die Datei ist beschädigt oder keine Excel-Datei (XLSX).", filename, expected) from None
    if len(infos) > MAX_ENTRIES:
        raise _fail("Die Datei enthält ungewöhnlich viele Teile und wird nicht gelesen.", filename, expected)
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED_BYTES or (info.file_size > 1024 * 1024 and ratio > MAX_ENTRY_RATIO):
            raise _fail(
                "Die Datei würde entpackt zu groß (möglicherweise eine Zip-Bombe) und wird nicht gelesen.",
                filename,
                expected,
            )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        raise _fail("Die Datei ist keine Excel-Arbeitsmappe (XLSX).", filename, expected)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


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
        return _cell_text(self.values.get((r, c)))

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
                    value=_cell_text(raw),
                    expected="eine Zahl wie 7.043,1 oder 550.731,60 €",
                )
            ) from None
        return Printed(value, ref, _cell_text(raw), True)


def _ref(pos: tuple[int, int]) -> str:
    from openpyxl.utils import get_column_letter

    return f"{get_column_letter(pos[1])}{pos[0]}"


_TITLE = re.compile(r"O\.?\s?7\D{0,12}?(20\d\d)\b")
_PERIOD = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})\s*(?:bis|-|–)\s*(\d{1,2})\.(\d{1,2})\.(\d{4})")
_BAUSTEIN = re.compile(r"^(?:Baustein|BS|Nr\.?)?\s*([1-7])\s*$", re.IGNORECASE)
_TERM = re.compile(r"(\d)\s*Jahr", re.IGNORECASE)


def read_appendix_xlsx(raw: bytes, filename: str = "Anlage.xlsx") -> PrintedAppendix:
    """Read the printed figures of an appendix workbook (ours or re-typed in the same layout)."""
    guard_xlsx(raw, filename)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), data_only=True)
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
            out[str(row[0]).strip()] = _cell_text(row[1] if len(row) > 1 else None)
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
    header_hits = grid.find(lambda v: normalize_header(v).startswith("erfuellungsgrad"))
    header_row = header_hits[0][0]
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
    missing = [name for key, name in (("hours_annualized", "Stunden *"), ("fte", "VZA")) if key not in columns]
    if missing:
        raise fail(
            f"In der Kopfzeile der Bausteintabelle (Zeile {header_row}) fehlt: {', '.join(missing)}.",
            "Spalten Baustein, Bezeichnung, Stunden, Stunden *, VZA, Erfüllungsgrad, gewählt",
        )
    label_col = min(c for (r, c) in grid.values if r == header_row)

    rows: list[PrintedRow] = []
    total_row: int | None = None
    for r in range(header_row + 1, header_row + 16):
        label = grid.text(r, label_col)
        if normalize_header(label).startswith("gesamt") or normalize_header(label) == "summe":
            total_row = r
            break
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
    contract_year = None
    for r, c in grid.find(lambda v: "anlage" in v.casefold() and _TITLE.search(v) is not None):
        m = _TITLE.search(grid.text(r, c))
        if m:
            contract_year = int(m.group(1))
            break
    period = None
    for r, c in grid.find(lambda v: _PERIOD.search(v) is not None, rows=above):
        m = _PERIOD.search(grid.text(r, c))
        assert m is not None
        try:
            period = (Month(int(m.group(3)), int(m.group(2))), Month(int(m.group(6)), int(m.group(5))))
        except ValueError:
            period = None
        break

    def labelled(predicate: Any, label: str, *, kind: str = "decimal") -> Printed:
        hits = grid.find(predicate, rows=above)
        if not hits:
            return Printed()
        return grid.printed(grid.right_of(*hits[0]), filename, label, kind=kind)

    def labelled_text(predicate: Any) -> str:
        hits = grid.find(predicate, rows=above)
        pos = grid.right_of(*hits[0]) if hits else None
        return grid.text(*pos) if pos else ""

    bg = labelled(lambda v: normalize_header(v).startswith("bg"), "BG-Zahl", kind="count")
    term = labelled(lambda v: normalize_header(v).startswith("laufzeit"), "Laufzeit in Jahren", kind="count")
    phpf = labelled(lambda v: "produktivstunden" in normalize_header(v), "Produktivstunden je VZA")
    jobcenter = labelled_text(lambda v: normalize_header(v) == "jobcenter")
    jcnr = labelled_text(lambda v: normalize_header(v) == "jcnr")
    if not jcnr:
        m = next((re.search(r"JC\d{5}", grid.text(r, c)) for r, c in grid.find(lambda v: "JC" in v, rows=above)), None)
        jcnr = m.group(0) if m else ""

    costs = _read_costs(grid, filename, total_row or header_row)
    return PrintedAppendix(
        filename=filename,
        sheet=sheet,
        contract_year=contract_year,
        period=period,
        jobcenter=jobcenter,
        jcnr=jcnr,
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
                m = _TERM.search(v)
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


# --------------------------------------------------------------------------- checking


class _Checker:
    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.checked = 0

    def compare(
        self,
        field_name: str,
        printed: Printed,
        correct: Decimal,
        kind: str,
        rule: str,
        *,
        tolerance: Decimal = Decimal(0),
    ) -> bool:
        """Record a finding where ``printed`` is off by more than ``tolerance``; True when it matches."""
        if not printed.found:
            return True
        self.checked += 1
        if printed.value is not None and abs(printed.value - correct) <= tolerance + EPS:
            return True
        self.findings.append(Finding(field_name, printed.cell, kind, printed.value, _rounded(kind, correct), rule))
        return False

    def flag(self, field_name: str, cell: str | None, printed: bool | None, correct: bool, rule: str) -> None:
        if cell is None:
            return
        self.checked += 1
        if printed is not correct:
            self.findings.append(Finding(field_name, cell, "flag", printed, correct, rule))


def _rounded(kind: str, value: Decimal) -> Decimal:
    if kind == "hours":
        return round_hours(value)
    if kind == "fte":
        return round_fte(value)
    if kind == "percent":
        return round_fraction(value)
    if kind == "money":
        return round_cent(value)
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _dec(text: str | None) -> Decimal | None:
    if text is None or text == "":
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _prices_from_data(data: Mapping[str, str]) -> PriceSheet | None:
    terms: dict[int, TermPrice] = {}
    for t in (1, 2, 3):
        base, hour = _dec(data.get(f"price.{t}.base_per_bg")), _dec(data.get(f"price.{t}.per_hour"))
        if base is not None and hour is not None:
            terms[t] = TermPrice(base, hour)
    if not terms:
        return None
    year = int(data.get("price_year") or data.get("contract_year") or 0)
    return PriceSheet(year, terms, "Datenblatt der Anlage")


def _annualization(p: PrintedAppendix) -> float | None:
    """k = W12 / Σwd of the period; 1 for 12 months; None where the Bundesland is unknown."""
    first, last = p.period or (None, None)
    data_first, data_last = p.data.get("period_first"), p.data.get("period_last")
    if data_first and data_last:
        with contextlib.suppress(ValueError):
            first, last = Month.parse(data_first), Month.parse(data_last)
    if first is None or last is None:
        return None
    n = (last.year - first.year) * 12 + last.month - first.month + 1
    if n == 12:
        return 1.0
    state = p.data.get("state")
    if not state or n < 1 or n > 24:
        return None
    from .workdays import working_days, working_days_12

    try:
        wd = sum(working_days(first.shift(i), state) for i in range(n))
        return working_days_12(first, state) / wd
    except Exception:
        return None


def check_appendix(
    p: PrintedAppendix, *, prices: PriceSheet | None = None, fallback_prices: PriceSheet | None = None
) -> CheckResult:
    """Recompute every derived figure of a printed appendix and list the deviations.

    Prices: ``prices`` where given; else those of the hidden sheet "Daten"; else ``fallback_prices``
    when it is for the appendix's contract year; else the price sheet shipped for that year.
    """
    ck = _Checker()
    notes: list[str] = []
    data = p.data
    own = bool(data)

    phpf = p.hours_per_fte.value if p.hours_per_fte.value else _dec(data.get("productive_hours_per_fte"))
    if not phpf:
        phpf = DEFAULT_HOURS_PER_FTE
        notes.append("Produktivstunden je VZA nicht angegeben: gerechnet mit 1.200 Stunden je VZA und Jahr.")

    # inputs against the exported values (our own file only)
    def exported(key: str) -> Decimal | None:
        return _dec(data.get(key)) if own else None

    if (bg_exp := exported("bg_count")) is not None:
        ck.compare("BG-Zahl", p.bg_count, bg_exp, "count", "Wert beim Export aus O.7 Planer")
    if (term_exp := exported("term_years")) is not None:
        ck.compare("Laufzeit in Jahren", p.term_years, term_exp, "count", "Wert beim Export aus O.7 Planer")

    k = _annualization(p)
    if k is None:
        notes.append(
            "Bezugszeitraum nicht 12 Monate und Bundesland unbekannt: „Stunden *“ wurde nicht gegen „Stunden“ geprüft."
        )
    kd = Decimal(repr(k)) if k is not None else None

    rows = {r.number: r for r in p.rows}
    for r in p.rows:
        name = f"Baustein {r.number}"
        chosen_exp = data.get(f"b{r.number}.chosen") if own else None
        if chosen_exp in ("ja", "nein") and r.number != 4:
            ck.flag(f"{name} – gewählt", r.chosen_cell, r.chosen, chosen_exp == "ja", "Wert beim Export")
        if r.number == 2:
            continue
        if (h := exported(f"b{r.number}.hours")) is not None:
            ck.compare(f"{name} – Stunden", r.hours, h, "hours", "Wert beim Export aus O.7 Planer")
        if kd is not None and r.hours.value is not None:
            ck.compare(
                f"{name} – Stunden *",
                r.hours_annualized,
                r.hours.value * kd,
                "hours",
                "Stunden × Hochrechnungsfaktor (12 Monate: gleich)",
                tolerance=HALF_HOUR_UNIT + HALF_HOUR_UNIT * kd,
            )
        if r.hours_annualized.value is not None:
            ck.compare(
                f"{name} – VZA",
                r.fte,
                r.hours_annualized.value / phpf,
                "fte",
                f"Stunden * / {fmt.number(phpf, 0)} Produktivstunden je VZA",
                tolerance=HALF_FTE_UNIT + HALF_HOUR_UNIT / phpf,
            )

    b1, b4 = rows.get(1), rows.get(4)
    b4_hours = b4.hours_annualized.value if b4 is not None else None
    if b4 is not None and b4_hours is not None:
        ck.flag("Baustein 4 – gewählt", b4.chosen_cell, b4.chosen, b4_hours > 0, "gewählt genau dann, wenn Stunden > 0")
    if b1 is not None and b4 is not None and b4_hours and b4.chosen is not False:
        b1_hours = b1.hours_annualized.value
        ck.compare("Baustein 1 – Erfüllungsgrad", b1.fulfilment, Decimal(1), "percent", "100 %, da Baustein 4 gewählt")
        if b1_hours:
            ratio = b4_hours / b1_hours
            lo = (b4_hours - HALF_HOUR_UNIT) / (b1_hours + HALF_HOUR_UNIT)
            hi = (b4_hours + HALF_HOUR_UNIT) / (b1_hours - HALF_HOUR_UNIT)
            ck.compare(
                "Baustein 4 – Erfüllungsgrad",
                b4.fulfilment,
                ratio,
                "percent",
                "Stunden Baustein 4 / Stunden Baustein 1",
                tolerance=HALF_PERCENT_UNIT + max(hi - ratio, ratio - lo),
            )
    elif b1 is not None and (f1 := exported("b1.fulfilment")) is not None:
        ck.compare("Baustein 1 – Erfüllungsgrad", b1.fulfilment, f1, "percent", "Wert beim Export aus O.7 Planer")

    # totals: Σ of the chosen Bausteine, ±0,05 h per rounded part and for the total itself
    def total_hours(key: str, printed: Printed, label: str) -> Decimal | None:
        parts = [
            (getattr(r, key).value or Decimal(0))
            for r in p.rows
            if r.number != 2 and (r.chosen if r.chosen is not None else bool(getattr(r, key).value))
        ]
        s = sum(parts, Decimal(0))
        tolerance = HALF_HOUR_UNIT * (len(parts) + 1)
        exp = exported(f"total.{key}")
        if not printed.found:
            return exp if exp is not None else round_hours(s)
        if printed.value is None or abs(printed.value - s) > tolerance + EPS:
            correct = exp if exp is not None and abs(exp - s) <= tolerance + EPS else round_hours(s)
            ck.compare(label, printed, correct, "hours", "Summe der gewählten Bausteine (±0,05 h je Teil)")
            return correct
        ck.checked += 1
        if exp is not None and printed.value != exp:
            ck.compare(label, printed, exp, "hours", "Summe der ungerundeten Bausteinstunden (Export)")
            return exp
        return printed.value

    total_period = total_hours("hours", p.total_hours, "Gesamt – Stunden")
    total_annual = total_hours("hours_annualized", p.total_hours_annualized, "Gesamt – Stunden *")
    del total_period
    if total_annual is not None:
        ck.compare(
            "Gesamt – VZA",
            p.total_fte,
            total_annual / phpf,
            "fte",
            f"Stunden * gesamt / {fmt.number(phpf, 0)} Produktivstunden je VZA",
            tolerance=HALF_FTE_UNIT,
        )

    # costs
    sheet, source = _choose_prices(p, prices, fallback_prices)
    if p.costs and sheet is None:
        notes.append(
            f"Für das Vertragsjahr {p.contract_year or '?'} liegt kein Preisblatt vor: nur die Summen der Kosten "
            "wurden geprüft."
        )
    bg = p.bg_count.value
    for c in p.costs:
        label = f"Kosten {c.term_years} {'Jahr' if c.term_years == 1 else 'Jahre'}"
        price = sheet.terms.get(c.term_years) if sheet is not None else None
        if price is None:
            if c.base_price.value is not None and c.volume_price.value is not None:
                ck.compare(
                    f"{label} – Gesamt",
                    c.total,
                    c.base_price.value + c.volume_price.value,
                    "money",
                    "BG-Grundpreis + Volumenpreis",
                )
            continue
        base = round_cent(bg * price.base_per_bg) if bg is not None else None
        volume = round_cent(total_annual * price.per_hour) if total_annual is not None else None
        if base is not None:
            ck.compare(
                f"{label} – BG-Grundpreis",
                c.base_price,
                base,
                "money",
                f"BG × {fmt.money(price.base_per_bg)}",
            )
        if volume is not None:
            ck.compare(
                f"{label} – Volumenpreis",
                c.volume_price,
                volume,
                "money",
                f"Stunden * gesamt × {fmt.money(price.per_hour)}",
            )
        if base is not None and volume is not None:
            ck.compare(f"{label} – Gesamt", c.total, base + volume, "money", "BG-Grundpreis + Volumenpreis")
    if not p.costs:
        notes.append("Die Anlage enthält keine Kostentabelle.")

    return CheckResult(
        filename=p.filename,
        sheet=p.sheet,
        own_export=own,
        contract_year=p.contract_year,
        jobcenter=p.jobcenter,
        jcnr=p.jcnr,
        prices_source=source,
        checked=ck.checked,
        findings=tuple(ck.findings),
        notes=tuple(notes),
    )


def _choose_prices(
    p: PrintedAppendix, prices: PriceSheet | None, fallback: PriceSheet | None
) -> tuple[PriceSheet | None, str]:
    if prices is not None:
        return prices, f"Preisblatt {prices.contract_year} (vorgegeben)"
    from_data = _prices_from_data(p.data)
    if from_data is not None:
        return from_data, f"Preisblatt {from_data.contract_year} (aus der Anlage)"
    year = p.contract_year
    if fallback is not None and (year is None or fallback.contract_year == year):
        return fallback, f"Preisblatt {fallback.contract_year} (aktives Szenario)"
    if year is not None:
        from .costs import default_price_sheet

        try:
            return default_price_sheet(year), f"Preisblatt {year} (mitgeliefert)"
        except (FileNotFoundError, OSError, O7InputError):
            pass
    return None, "kein Preisblatt"


def check_xlsx(
    raw: bytes,
    filename: str = "Anlage.xlsx",
    *,
    prices: PriceSheet | None = None,
    fallback_prices: PriceSheet | None = None,
) -> CheckResult:
    """Read and check an appendix workbook. Raises :class:`O7InputError` for a file it cannot read."""
    return check_appendix(read_appendix_xlsx(raw, filename), prices=prices, fallback_prices=fallback_prices)


# --------------------------------------------------------------------------- output


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    """JSON form: numbers as decimal strings (fractions for percent), texts as printed in German."""

    def value(v: Decimal | bool | None) -> str | bool | None:
        return v if v is None or isinstance(v, bool) else str(v)

    return {
        "file": result.filename,
        "sheet": result.sheet,
        "ok": result.ok,
        "own_export": result.own_export,
        "contract_year": result.contract_year,
        "jobcenter": result.jobcenter,
        "jcnr": result.jcnr,
        "prices": result.prices_source,
        "checked": result.checked,
        "findings": [
            {
                "field": f.field,
                "cell": f.cell,
                "kind": f.kind,
                "printed": value(f.printed),
                "correct": value(f.correct),
                "difference": value(f.difference),
                "printed_text": f.printed_text,
                "correct_text": f.correct_text,
                "difference_text": f.difference_text,
                "rule": f.rule,
            }
            for f in result.findings
        ],
        "notes": list(result.notes),
    }


def findings_rows(result: CheckResult) -> list[dict[str, str]]:
    """The findings as table rows with German column names (page and CLI table)."""
    return [
        {
            "Feld": f.field,
            "Zelle": f.cell or "",
            "gedruckt": f.printed_text,
            "richtig": f.correct_text,
            "Differenz": f.difference_text,
            "Regel": f.rule,
        }
        for f in result.findings
    ]


def result_table(result: CheckResult) -> str:
    """A plain text report for the command line."""
    head = f"Anlage prüfen: {result.filename}"
    who = " ".join(x for x in (result.jobcenter, f"({result.jcnr})" if result.jcnr else "") if x)
    lines = [head, f"{who} · Vertragsjahr {result.contract_year or '?'} · {result.prices_source}".strip(" ·")]
    lines.append(f"{result.checked} Werte geprüft, {len(result.findings)} Abweichung(en).")
    if result.findings:
        rows = findings_rows(result)
        cols = list(rows[0])
        widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in cols}
        lines.append("")
        lines.append("  ".join(c.ljust(widths[c]) for c in cols))
        lines.append("  ".join("-" * widths[c] for c in cols))
        for r in rows:
            lines.append("  ".join(r[c].ljust(widths[c]) for c in cols).rstrip())
    else:
        lines.append("Keine Abweichungen.")
    for note in result.notes:
        lines.append(f"Hinweis: {note}")
    return "\n".join(lines)
