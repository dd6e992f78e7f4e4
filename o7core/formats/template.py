"""The data template: sheet ``Monatswerte`` (one row per month) and sheet ``Stammdaten`` (Feld, Wert).

Headers are matched case-insensitively with umlauts or ae/oe/ue (``Gespräche`` = ``GESPRAECHE``),
and a few names that telephone systems and the BA use for the same column are accepted too. The
header row need not be the first row (a title line above it is fine). A row whose month cell
says ``Summe``/``Gesamt`` is taken as a sum row: it is checked against the months, not read as one.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import O7InputError, Problem
from ..model import MonthData
from ..parsing import normalize_header, parse_count, parse_month, parse_number
from ..ranges import RANGES, range_text, text_too_long
from ..text import clean
from ..workdays import normalize_state
from .checks import LABELS, check_months
from .source import Table, cell_text, column_letter, is_blank

#: normalised header → MonthData field (the template's names first, then common synonyms).
MONTH_HEADERS: Mapping[str, str] = {
    "monat": "month",
    "berichtsmonat": "month",
    "zeitraum": "month",
    "anrufe": "calls",
    "anrufesc": "calls",
    "angeboteneanrufe": "calls",
    "eingehendeanrufe": "calls",
    "anrufwiederholungen": "repeat_calls",
    "wiederholungsanrufe": "repeat_calls",
    "wiederholeranrufe": "repeat_calls",
    "anruferweiterungen": "repeat_calls",  # the BA planning aid's (OCR'd) name
    "weiterleitungen": "forwarded_calls",
    "anrufweiterleitungen": "forwarded_calls",
    "anrufweiterleitunganjobcenter": "forwarded_calls",
    "anruferweiterunganjobcenter": "forwarded_calls",
    "weiterleitungenanjobcenter": "forwarded_calls",
    "weiterleitungenanjc": "forwarded_calls",
    "gespraeche": "conversations",
    "gespraechesc": "conversations",
    "gefuehrtegespraeche": "conversations",
    "angenommeneanrufe": "conversations",
    "voiceboxen": "voicebox_messages",
    "voicebox": "voicebox_messages",
    "voiceboxnachrichten": "voicebox_messages",
    "outbound": "outbound_calls",
    "outboundanrufe": "outbound_calls",
    "outboundtelefonie": "outbound_calls",
    "emails": "emails",
    "email": "emails",
    "mails": "emails",
    "ueberschneidungsmitteilungen": "overlap_notices",
    "ueberschneidungen": "overlap_notices",
    "bg": "bg_count",  # optional: BG of the month (Prognose nach BG und Arbeitstagen)
    "bgzahl": "bg_count",
    "anzahlbg": "bg_count",
    "bedarfsgemeinschaften": "bg_count",
}
SUM_WORDS = {"summe", "gesamt", "insgesamt", "total", "summegesamt"}

#: normalised Stammdaten field → Jobcenter attribute.
MASTER_FIELDS: Mapping[str, str] = {
    "jobcenter": "name",
    "name": "name",
    "jcnr": "jcnr",
    "jobcenternummer": "jcnr",
    "region": "region",
    "regionaldirektion": "regional_directorate",
    "rd": "regional_directorate",
    "bundesland": "state",
    "land": "state",
    "bg": "bg_count",
    "bgzahl": "bg_count",
    "bgzahlen": "bg_count",
    "bedarfsgemeinschaften": "bg_count",
    "vza": "fte_jobcenter",
    "zusvza": "fte_additional",
}
MASTER_LABELS = {
    "name": "Jobcenter",
    "jcnr": "JCNR",
    "region": "Region",
    "regional_directorate": "Regionaldirektion",
    "state": "Bundesland",
    "bg_count": "BG",
    "fte_jobcenter": "VZA",
    "fte_additional": "ZUSVZA",
}
EXPECTED_HEADER = "Kopfzeile mit Monat; Anrufe; Anrufwiederholungen; Weiterleitungen; Gespräche (weitere optional)"
EXPECTED_COUNT = "ganze Zahl ≥ 0, z. B. 7672 oder 7.672"
EXPECTED_MONTH = "Monat wie 2021-09, 09/2021, Sep 21, Sept. 2021 oder 01.09.2021"


def find_header_row(table: Table) -> int | None:
    """0-based index of the first row (of the first 30) with a ``Monat`` column."""
    for index, row in enumerate(table.rows[:30]):
        if any(MONTH_HEADERS.get(normalize_header(c)) == "month" for c in row if isinstance(c, str)):
            return index
    return None


def looks_like_template(table: Table) -> bool:
    index = find_header_row(table)
    if index is None:
        return False
    fields = {MONTH_HEADERS.get(normalize_header(c)) for c in table.rows[index]}
    return "calls" in fields or len(fields - {None}) >= 2


def _col_name(table: Table, header: Any, index: int) -> str:
    return f"{cell_text(header)} (Spalte {column_letter(index)})"


#: ``problem(message, row=…, column=…, **Problem fields)``: collects one problem of the sheet being read.
Report = Callable[..., None]


@dataclass(slots=True)
class _MonthRows:
    """What the rows below the header gave: months, the file row of each, the sum rows."""

    months: list[MonthData] = field(default_factory=list)
    rows_of: list[int] = field(default_factory=list)
    sum_rows: list[tuple[int, dict[str, float]]] = field(default_factory=list)


def read_months(table: Table) -> tuple[tuple[MonthData, ...], list[Problem]]:
    """Months of a ``Monatswerte`` table and every problem found (sheet, row, column set)."""
    sheet = table.name
    problems: list[Problem] = []

    def problem(message: str, row: int | None = None, column: str | None = None, **kw: Any) -> None:
        problems.append(Problem(message, sheet=sheet, row=row, column=column, **kw))

    if not any(not is_blank(c) for row in table.rows for c in row):
        problem("Die Datei enthält keine Daten.", expected=EXPECTED_HEADER)
        return (), problems
    h = find_header_row(table)
    if h is None:
        problem("Keine Kopfzeile mit der Spalte „Monat“ gefunden.", row=1, expected=EXPECTED_HEADER)
        return (), problems
    columns = _header_columns(table, h, problem)
    if "calls" not in columns:
        found = ", ".join(cell_text(c) for c in table.rows[h] if not is_blank(c))
        problem("Die Pflichtspalte „Anrufe“ fehlt.", row=h + 1, column="Anrufe", value=found, expected=EXPECTED_HEADER)
        return (), problems
    names = {fld: _col_name(table, table.rows[h][c], c) for fld, c in columns.items()}
    read = _MonthRows()
    for r in range(h + 1, len(table.rows)):
        _read_month_row(table, r, columns, names, read, problem)
    if not read.months:
        if not any(p.is_error for p in problems):
            problem(
                "Die Datei enthält nur die Kopfzeile, aber keine Monatswerte.",
                row=h + 2,
                expected="unter der Kopfzeile eine Zeile je Monat",
            )
        return (), problems

    def locate(index: int, fld: str) -> tuple[int | None, str | None]:
        return read.rows_of[index], names.get(fld, LABELS.get(fld, fld))

    for p in check_months(read.months, locate):
        problems.append(p.located(sheet=sheet))
    months = [m for m in read.months if not math.isnan(m.calls)]
    _check_sum_rows(read.sum_rows, months, names, problem)
    return tuple(sorted(months, key=lambda m: m.month)), problems  # newest-first reports are common


def _header_columns(table: Table, h: int, problem: Report) -> dict[str, int]:
    """Field → column of the header row ``h``; a doubled or unknown column and an SC report are reported."""
    header = table.rows[h]
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for c, cell in enumerate(header):
        if is_blank(cell):
            continue
        fld = MONTH_HEADERS.get(normalize_header(cell))
        if fld is None:
            unknown.append(_col_name(table, cell, c))
        elif fld in columns:
            problem(
                f"Die Spalte „{LABELS[fld]}“ kommt doppelt vor (auch Spalte {column_letter(columns[fld])}).",
                row=h + 1,
                column=_col_name(table, cell, c),
                expected="jede Spalte genau einmal",
            )
        else:
            columns[fld] = c
    sc_report = {"gespraechsdauer", "nachbearbeitung", "abschliessendgeklaert"} & {normalize_header(c) for c in header}
    if sc_report and "forwarded_calls" in columns:
        c = columns.pop("forwarded_calls")
        problem(
            "Die Datei sieht wie ein Monatsbericht des Service Centers aus: dort sind „Weiterleitungen“ Tickets an "
            "das Jobcenter, keine weitergeleiteten Anrufe. Die Spalte wird für die Planung nicht gelesen.",
            row=h + 1,
            column=_col_name(table, header[c], c),
            severity="warning",
            expected="für weitergeleitete Anrufe die Datenvorlage mit der Spalte Weiterleitungen",
        )
        unknown = [u for u in unknown if not u.startswith(("Gesprächsdauer", "Nachbearbeitung", "abschließend"))]
    if unknown:
        problem(
            "Unbekannte Spalten werden ignoriert: " + ", ".join(f"„{u}“" for u in unknown) + ".",
            row=h + 1,
            severity="warning",
            expected=EXPECTED_HEADER,
        )
    return columns


def _read_month_row(
    table: Table, r: int, columns: dict[str, int], names: dict[str, str], read: _MonthRows, problem: Report
) -> None:
    """One row below the header: a month, a sum row (kept for the check), or a blank row."""
    row = table.rows[r]
    line = r + 1
    if all(is_blank(c) for c in row):
        return
    month_cell = row[columns["month"]] if columns["month"] < len(row) else None
    if isinstance(month_cell, str) and normalize_header(month_cell) in SUM_WORDS:
        sums: dict[str, float] = {}
        for fld, c in columns.items():
            if fld != "month" and c < len(row) and not is_blank(row[c]):
                with contextlib.suppress(ValueError):
                    sums[fld] = float(parse_count(row[c]))
        read.sum_rows.append((line, sums))
        return
    values: dict[str, Any] = {}
    for fld, c in columns.items():
        cell = row[c] if c < len(row) else None
        if (r + 1, c) in table.uncalculated:
            problem(
                "Die Zelle enthält eine Formel ohne gespeicherten Wert (die Datei wurde nie in Excel berechnet).",
                row=line,
                column=names[fld],
                expected="die Datei in Excel öffnen, speichern und erneut hochladen, oder Werte statt Formeln",
            )
            continue
        if is_blank(cell):
            if fld == "month":
                problem("Der Monat fehlt.", row=line, column=names[fld], expected=EXPECTED_MONTH)
            elif fld == "calls":
                problem("Die Anzahl der Anrufe fehlt.", row=line, column=names[fld], expected=EXPECTED_COUNT)
            continue
        try:
            values[fld] = parse_month(cell) if fld == "month" else float(parse_count(cell))
        except ValueError as exc:
            what = "kein Monat" if fld == "month" else "keine gültige Anzahl"
            problem(
                f"„{cell_text(cell)}“ ist {what} ({exc}).",
                row=line,
                column=names[fld],
                value=cell_text(cell),
                expected=EXPECTED_MONTH if fld == "month" else EXPECTED_COUNT,
            )
    if "month" in values:
        # A month whose calls are unusable still takes part in the period checks (duplicate,
        # gap), so that every problem is reported at once; NaN calls skip the relation checks.
        values.setdefault("calls", math.nan)
        values.setdefault("repeat_calls", 0.0)
        values.setdefault("forwarded_calls", 0.0)
        read.months.append(MonthData(**values))
        read.rows_of.append(line)


def _check_sum_rows(
    sum_rows: list[tuple[int, dict[str, float]]], months: list[MonthData], names: dict[str, str], problem: Report
) -> None:
    """A warning where a ``Summe`` row differs from its months (the months are used)."""
    for line, sums in sum_rows:
        for fld, total in sums.items():
            actual = sum(getattr(m, fld) or 0.0 for m in months)
            if abs(actual - total) > 0.5:
                problem(
                    f"Die Summenzeile nennt {_int(total)}, die Monate ergeben {_int(actual)}; "
                    "verwendet werden die Monatswerte.",
                    row=line,
                    column=names[fld],
                    value=_int(total),
                    severity="warning",
                )


def _int(value: float) -> str:
    from .. import fmt

    return fmt.count(value)


def read_master(table: Table) -> tuple[dict[str, Any], list[Problem]]:
    """Jobcenter attributes of a two-column ``Stammdaten`` table (Feld, Wert)."""
    master: dict[str, Any] = {}
    problems: list[Problem] = []
    for r, row in enumerate(table.rows, start=1):
        if not row or is_blank(row[0]):
            continue
        key_norm = normalize_header(row[0])
        if key_norm in ("feld", "stammdaten"):
            continue
        key = master_field(key_norm)
        value = row[1] if len(row) > 1 else None
        if key is None:
            problems.append(
                Problem(
                    f"Unbekanntes Feld „{cell_text(row[0])}“ wird ignoriert.",
                    sheet=table.name,
                    row=r,
                    column="Feld (Spalte A)",
                    severity="warning",
                    expected="Jobcenter, JCNR, Region, Regionaldirektion, Bundesland, BG, VZA, ZUSVZA",
                )
            )
            continue
        if is_blank(value):
            continue
        read, problem = checked_master_value(
            key, value, sheet=table.name, row=r, column=f"{cell_text(row[0])} (Spalte B)"
        )
        if problem is None:
            master[key] = read
        else:
            problems.append(problem)
    return master, problems


MASTER_EXPECTED = {
    "name": "Text",
    "jcnr": "Text wie JC62106",
    "region": "Text",
    "regional_directorate": "Text",
    "state": "Kürzel wie BW, BY, NW oder den Namen des Landes",
    "bg_count": "ganze Zahl > 0, z. B. 6.032",
    "fte_jobcenter": "Zahl ≥ 0, z. B. 4,85",
    "fte_additional": "Zahl ≥ 0, z. B. 0",
}


def master_field(key_norm: str) -> str | None:
    """The Jobcenter attribute a normalised Stammdaten caption names (``jcnr`` → ``jcnr``, ``BG-Zahlen letzter
    Wert`` → ``bg_count``); ``None`` for an unknown caption."""
    return MASTER_FIELDS.get(key_norm) or MASTER_FIELDS.get(_prefix_field(key_norm) or "")


def checked_master_value(
    key: str, value: Any, *, sheet: str | None, row: int, column: str
) -> tuple[Any, Problem | None]:
    """A Stammdaten value (:func:`master_value`) and ``None``, or ``None`` and the German problem that names
    the cell (``Ungültiger Wert für BG: …``)."""
    try:
        return master_value(key, value), None
    except (ValueError, O7InputError) as exc:
        reason = exc.problems[0].message if isinstance(exc, O7InputError) else str(exc)
        return None, Problem(
            f"Ungültiger Wert für {MASTER_LABELS[key]}: {reason}",
            sheet=sheet,
            row=row,
            column=column,
            value=cell_text(value),
            expected=MASTER_EXPECTED[key],
        )


def _prefix_field(key_norm: str) -> str | None:
    """Longer BA captions: ``BG-Zahlen letzter Wert`` → ``bgzahlen``, ``VZA letzter Wert`` → ``vza``."""
    for prefix in ("zusvza", "vza", "bgzahlen", "bedarfsgemeinschaften", "regionaldirektion", "jobcenternummer"):
        if key_norm.startswith(prefix):
            return prefix
    return None


def master_value(key: str, value: Any) -> Any:
    """A Stammdaten value converted and checked; raises ``ValueError``/``O7InputError`` in German."""
    if key == "state":
        return normalize_state(cell_text(value))
    if key == "bg_count":
        bg = parse_count(value)
        if bg <= 0:
            raise ValueError("die Zahl der Bedarfsgemeinschaften muss größer als 0 sein.")
        if bg > RANGES["bg"].high:
            raise ValueError(f"erlaubt sind {range_text('bg')} Bedarfsgemeinschaften.")
        return bg
    if key in ("fte_jobcenter", "fte_additional"):
        number = parse_number(value)
        if number < 0:
            raise ValueError("VZA dürfen nicht negativ sein.")
        if number > RANGES["fte"].high:
            raise ValueError(f"erlaubt sind {range_text('fte')} VZA.")
        return number
    text = clean(cell_text(value))
    too_long = text_too_long(key, text)
    if too_long is not None:
        raise O7InputError(too_long)
    return text
