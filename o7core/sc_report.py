"""Reading the Service Center's monthly report (Monatsbericht) from CSV or XLSX.

``read_sc_report(raw, filename)`` returns a :class:`ReportImport` with the months *and every problem
at once* (German, with file, sheet, row, column, value and the expected form), the way
:func:`o7core.importing.read_data_file` does for the planning data.

Columns (headers case-insensitive, umlauts or ae/oe/ue, any order): ``Monat``, ``Anrufe``,
``Gespräche`` (required), ``Gesprächsdauer`` and ``Nachbearbeitung`` (average seconds per conversation,
as seconds or ``mm:ss``), ``abschließend geklärt`` (a count, or a percentage of the conversations
such as ``72,5 %``; a column ``Fallabschlussquote`` is always a percentage) and ``Weiterleitungen``
(tickets to the Jobcenter). Lines above the header (a title, "Beispieldaten …", lines starting
with ``#``) are kept as notes; a ``Summe``/``Gesamt`` row is skipped, because the app sums itself.
CSV with ``;``, ``,`` or tab, UTF-8 (with or without BOM) or Windows-1252. Huge files and XLSX
zip bombs are refused before parsing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import time, timedelta
from typing import Any

from . import fmt
from .errors import HasProblems, O7InputError, Problem
from .formats.source import FileKind
from .kpi import ReportMonth, validate_report
from .parsing import normalize_header, parse_duration_seconds, parse_month, parse_number

MAX_MONTHS = 36
HEADER_SEARCH_ROWS = 20

#: normalised header → field of :class:`ReportMonth` (``closure_rate`` is converted to ``closed``).
REPORT_COLUMNS: Mapping[str, str] = {
    "monat": "month",
    "berichtsmonat": "month",
    "anrufe": "calls",
    "anrufesc": "calls",
    "angebotenenanrufe": "calls",
    "eingehendeanrufe": "calls",
    "gespraeche": "conversations",
    "gefuehrtegespraeche": "conversations",
    "gespraechsdauer": "talk_seconds",
    "durchschnittlichegespraechsdauer": "talk_seconds",
    "gespraechsdauersek": "talk_seconds",
    "gespraechszeit": "talk_seconds",
    "nachbearbeitung": "acw_seconds",
    "nachbearbeitungszeit": "acw_seconds",
    "nachbearbeitungsek": "acw_seconds",
    "durchschnittlichenachbearbeitung": "acw_seconds",
    "abschliessendgeklaert": "closed",
    "abschliessendgeklaerte": "closed",
    "abschliessendgeklaertegespraeche": "closed",
    "fallabschluss": "closed",
    "fallabschlussquote": "closure_rate",
    "weiterleitungen": "tickets",
    "weiterleitungentickets": "tickets",
    "weiterleitungenanjc": "tickets",
    "weiterleitungenandasjobcenter": "tickets",
    "tickets": "tickets",
    "ticketsanjc": "tickets",
}
#: Columns the app computes itself: ignored with a note, not as unknown.
COMPUTED_COLUMNS = ("erreichbarkeit", "telefonischeerreichbarkeit", "bearbeitungszeit", "stunden")
LABELS: Mapping[str, str] = {
    "month": "Monat",
    "calls": "Anrufe",
    "conversations": "Gespräche",
    "talk_seconds": "Gesprächsdauer",
    "acw_seconds": "Nachbearbeitung",
    "closed": "abschließend geklärt",
    "closure_rate": "Fallabschlussquote",
    "tickets": "Weiterleitungen",
}
REQUIRED = ("month", "calls", "conversations")
TOTAL_ROWS = ("summe", "gesamt", "jahr", "total", "insgesamt", "jahreswert")
EXPECTED_HEADER = "Kopfzeile Monat;Anrufe;Gespräche;Gesprächsdauer;Nachbearbeitung;abschließend geklärt;Weiterleitungen"
DURATION_FORM = "Sekunden je Gespräch (z. B. 510) oder mm:ss (z. B. 8:30)"
#: How the reading edge names a report in its refusals.
REPORT_FILE = FileKind("kein Monatsbericht", "CSV-Datei (UTF-8 oder Windows-1252) oder XLSX")


@dataclass(frozen=True, slots=True)
class ReportImport(HasProblems):
    """What a report file gave: its months, notes above the header, and every problem."""

    filename: str
    months: tuple[ReportMonth, ...] = ()
    notes: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.months)

    @property
    def is_sample(self) -> bool:
        """The file says of itself that it holds sample figures (Beispieldaten)."""
        return any("beispiel" in note.casefold() for note in self.notes)


def read_sc_report(raw: bytes, filename: str) -> ReportImport:
    """Read a monthly SC report (CSV or XLSX); never raises for bad content.

    Sizes, sheets, rows, cells and time are bounded by the one budget of every reader
    (:data:`o7core.formats.source.LIMITS`)."""
    from .formats import source

    try:
        source.check_size(len(raw))
        if not raw.strip():
            raise O7InputError(Problem("Die Datei ist leer.", expected=EXPECTED_HEADER))
        if raw[:2] == b"PK":
            result = _read_xlsx(raw, filename)
        elif raw[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
            raise O7InputError(
                Problem(
                    "Das ist eine Excel-Datei im alten Format (.xls).",
                    expected="bitte in Excel als .xlsx oder als CSV speichern",
                )
            )
        elif raw[:5] == b"%PDF-":
            raise O7InputError(Problem("Das ist eine PDF-Datei, kein Monatsbericht.", expected="CSV- oder XLSX-Datei"))
        else:
            result = _read_csv(_decode(raw), filename)
    except O7InputError as exc:
        return ReportImport(filename, problems=exc.located(file=filename).problems)
    except (MemoryError, RecursionError):
        return ReportImport(filename, problems=(Problem("Die Datei ist zu groß, um sie zu lesen.", file=filename),))
    return result


def _decode(raw: bytes) -> str:
    """The text of a CSV report, by the edge's one decoder (UTF-8, UTF-16 with BOM, Windows-1252)."""
    from .formats import source

    return source.decode_text(raw, REPORT_FILE)[0]


# --------------------------------------------------------------------------- CSV


def _read_csv(text: str, filename: str) -> ReportImport:
    from .formats import source

    best: tuple[int, list[list[str]]] | None = None
    budget = source.Budget()
    for delimiter in (";", ",", "\t"):
        rows = [list(row) for row in source.csv_rows(text, delimiter, budget=budget)]
        header = _find_header(rows)
        if header is not None:
            width = sum(1 for c in rows[header] if normalize_header(c) in REPORT_COLUMNS)
            if best is None or width > best[0]:
                best = (width, rows)
    if best is None:
        raise O7InputError(_no_header_problem(None))
    months, notes, problems = _rows_to_report(best[1], None)
    return ReportImport(filename, months, notes, tuple(p.located(file=filename) for p in problems))


# --------------------------------------------------------------------------- XLSX


def _read_xlsx(raw: bytes, filename: str) -> ReportImport:
    from .formats import source

    tables = source.xlsx_tables(raw, kind=REPORT_FILE)
    preferred = [t for t in tables if "bericht" in normalize_header(t.name)]
    for table in preferred + [t for t in tables if t not in preferred]:
        rows = [list(row) for row in table.rows]
        if _find_header(rows) is not None:
            months, notes, problems = _rows_to_report(rows, table.name)
            return ReportImport(filename, months, notes, tuple(p.located(file=filename) for p in problems))
    raise O7InputError(_no_header_problem(None))


# --------------------------------------------------------------------------- rows


def _no_header_problem(sheet: str | None) -> Problem:
    return Problem(
        "Keine Kopfzeile mit den Spalten Monat, Anrufe und Gespräche gefunden.",
        sheet=sheet,
        row=1,
        expected=EXPECTED_HEADER,
    )


def _find_header(rows: list[list[Any]]) -> int | None:
    for index, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        fields = {REPORT_COLUMNS.get(normalize_header(c)) for c in row if c is not None}
        if "month" in fields and ("calls" in fields or "conversations" in fields):
            return index
    return None


def _cell_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _duration(cell: Any) -> float:
    if isinstance(cell, timedelta):
        return cell.total_seconds()
    if isinstance(cell, time):
        return float(cell.hour * 3600 + cell.minute * 60 + cell.second)
    return parse_duration_seconds(cell)


def _rows_to_report(
    rows: list[list[Any]], sheet: str | None
) -> tuple[tuple[ReportMonth, ...], tuple[str, ...], list[Problem]]:
    header_index = _find_header(rows)
    if header_index is None:
        raise O7InputError(_no_header_problem(sheet))
    notes = tuple(
        " ".join(_cell_text(c) for c in row if _cell_text(c)).lstrip("# ").strip()
        for row in rows[:header_index]
        if any(_cell_text(c) for c in row)
    )
    header_row = header_index + 1
    mapping, problems = _header_mapping(rows[header_index], sheet, header_row)
    months, source_rows = _report_months(rows, header_row, mapping, sheet, problems)
    if not months and not any(p.is_error for p in problems):
        problems.append(
            Problem(
                "Die Datei enthält nur die Kopfzeile, keine Monatswerte.",
                sheet=sheet,
                row=header_row + 1,
                expected="eine Zeile je Berichtsmonat",
            )
        )
    if len(months) > MAX_MONTHS:
        problems.append(
            Problem(
                f"Der Bericht hat {len(months)} Monate; höchstens {MAX_MONTHS} werden ausgewertet.",
                sheet=sheet,
                column="Monat",
                expected=f"höchstens {MAX_MONTHS} Berichtsmonate",
            )
        )
    # consistency across columns and rows, reported with the file's row numbers
    problems.extend(p.located(sheet=sheet) for p in validate_report(months, rows=source_rows))
    problems.extend(_short_durations(months, source_rows, sheet))
    return tuple(sorted(months, key=lambda m: m.month)), notes, problems


def _header_mapping(header: list[Any], sheet: str | None, header_row: int) -> tuple[dict[int, str], list[Problem]]:
    """Column index → field of the header row, with a warning for each ignored, doubled or missing optional
    column; a missing required column is refused."""
    problems: list[Problem] = []
    mapping: dict[int, str] = {}

    def warn(message: str, column: str) -> None:
        problems.append(Problem(message, sheet=sheet, row=header_row, column=column, severity="warning"))

    for index, cell in enumerate(header):
        name = normalize_header(cell)
        if not name:
            continue
        fld = REPORT_COLUMNS.get(name)
        if fld is None:
            why = (
                "wird von der App selbst berechnet und daher ignoriert"
                if name in COMPUTED_COLUMNS
                else "ist unbekannt und wird ignoriert"
            )
            warn(f"Die Spalte „{_cell_text(cell)}“ {why}.", _cell_text(cell))
            continue
        if fld in mapping.values() or (
            fld in ("closed", "closure_rate") and {"closed", "closure_rate"} & set(mapping.values())
        ):
            warn(f"Die Spalte „{_cell_text(cell)}“ kommt doppelt vor; die erste gilt.", _cell_text(cell))
            continue
        mapping[index] = fld
    missing = [LABELS[f] for f in REQUIRED if f not in mapping.values()]
    if missing:
        raise O7InputError(
            Problem(
                "Pflichtspalte " + ", ".join(f"„{m}“" for m in missing) + " fehlt.",
                sheet=sheet,
                row=header_row,
                column=missing[0],
                expected=EXPECTED_HEADER,
            )
        )
    for fld, consequence in (
        ("talk_seconds", "die verbrauchten Stunden"),
        ("acw_seconds", "die verbrauchten Stunden"),
        ("closed", "die Fallabschlussquote"),
        ("tickets", "die Weiterleitungen"),
    ):
        if fld not in mapping.values() and not (fld == "closed" and "closure_rate" in mapping.values()):
            warn(f"Die Spalte „{LABELS[fld]}“ fehlt: {consequence} können nicht ausgewertet werden.", LABELS[fld])
    return mapping, problems


def _report_months(
    rows: list[list[Any]], header_row: int, mapping: dict[int, str], sheet: str | None, problems: list[Problem]
) -> tuple[list[ReportMonth], list[int]]:
    """The months below the header and the file row of each; sum and comment rows are skipped."""
    months: list[ReportMonth] = []
    source_rows: list[int] = []
    month_index = next(i for i, f in mapping.items() if f == "month")
    for r, row in enumerate(rows[header_row:], start=header_row + 1):
        if all(_cell_text(c) == "" for c in row):
            continue
        first = _cell_text(row[month_index] if month_index < len(row) else None)
        if normalize_header(first) in TOTAL_ROWS or first.startswith("#"):
            if not first.startswith("#"):
                problems.append(
                    Problem(
                        f"Die Zeile „{first}“ wird übersprungen: die App bildet die Summen selbst.",
                        sheet=sheet,
                        row=r,
                        column="Monat",
                        severity="warning",
                    )
                )
            continue
        values, row_problems = _parse_row(row, mapping, sheet, r)
        problems.extend(row_problems)
        if row_problems and any(p.is_error for p in row_problems):
            continue
        months.append(ReportMonth(**values))
        source_rows.append(r)
    return months, source_rows


def _short_durations(months: list[ReportMonth], source_rows: list[int], sheet: str | None) -> list[Problem]:
    """A warning for durations below 20 seconds per conversation (minutes typed as seconds?)."""
    problems: list[Problem] = []
    for m, r in zip(months, source_rows, strict=True):
        for fld in ("talk_seconds", "acw_seconds"):
            value = getattr(m, fld)
            if value is not None and 0 < value < 20 and m.conversations > 0:
                problems.append(
                    Problem(
                        f"{LABELS[fld]} von {fmt.figure(value)} Sekunden je Gespräch ist sehr kurz – sind Minuten gemeint?",
                        sheet=sheet,
                        row=r,
                        column=LABELS[fld],
                        value=fmt.figure(value),
                        expected=DURATION_FORM,
                        severity="warning",
                    )
                )
    return problems


def _parse_row(
    row: list[Any], mapping: dict[int, str], sheet: str | None, r: int
) -> tuple[dict[str, Any], list[Problem]]:
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    closed_cell: Any = None
    closed_as_rate = False
    for index, fld in mapping.items():
        cell = row[index] if index < len(row) else None
        label = LABELS[fld]
        if _cell_text(cell) == "":
            if fld in REQUIRED:
                problems.append(Problem(f"{label} fehlt.", sheet=sheet, row=r, column=label, expected=_expected(fld)))
            continue
        try:
            if fld == "month":
                values["month"] = parse_month(cell)
            elif fld in ("talk_seconds", "acw_seconds"):
                seconds = _duration(cell)
                if not 0 <= seconds <= 3600:
                    raise ValueError("keine plausible Dauer je Gespräch (0 bis 60 Minuten)")
                values[fld] = seconds
            elif fld in ("closed", "closure_rate"):
                text = _cell_text(cell)
                closed_as_rate = fld == "closure_rate" or text.endswith("%")
                closed_cell = parse_number(cell, kind="percent") if closed_as_rate else parse_number(cell, kind="count")
                if closed_as_rate and not 0 <= closed_cell <= 1:
                    raise ValueError("ein Anteil liegt zwischen 0 % und 100 %")
            else:
                number = parse_number(cell, kind="count")
                if number < 0:
                    raise ValueError("negativer Wert")
                values[fld] = number
        except ValueError as exc:
            problems.append(
                Problem(
                    f"Ungültiger Wert ({exc}).",
                    sheet=sheet,
                    row=r,
                    column=label,
                    value=_cell_text(cell),
                    expected=_expected(fld),
                )
            )
    if closed_cell is not None:
        if closed_cell < 0:
            problems.append(
                Problem(
                    "Negativer Wert.",
                    sheet=sheet,
                    row=r,
                    column=LABELS["closed"],
                    value=fmt.figure(closed_cell),
                    expected=_expected("closed"),
                )
            )
        elif closed_as_rate:
            if "conversations" in values:
                values["closed"] = closed_cell * values["conversations"]
        else:
            values["closed"] = closed_cell
    return values, problems


def _expected(fld: str) -> str:
    if fld == "month":
        return "Monat wie 01/2023, 2023-01 oder Jan 23"
    if fld in ("talk_seconds", "acw_seconds"):
        return DURATION_FORM
    if fld == "closure_rate":
        return "Anteil wie 72,5 %"
    if fld == "closed":
        return "Anzahl ≥ 0 (z. B. 3.512) oder Anteil wie 72,5 %"
    return "ganze Zahl ≥ 0, z. B. 4.512"
