"""The BA planning aid ("Planungshilfe zur Dienstleistung O.7 – Service Center SGB II").

The layout (seed ``002_*.txt``) is transposed: one row per figure, with a unit column, a
``Gesamt`` column and one column per month (``Sep 21``, ``OkT 21``, ``Mrz 22``…). Above it a
header block (Jobcenter, JCNR, Region, Regionaldirektion, BG-Zahlen, VZA, ZUSVZA, zugrunde
liegender Zeitraum) with its values in the row below.

Read are the input rows — ``Anrufe SC``, ``Anruferweiterung an Jobcenter`` (forwarded calls),
``Anruferweiterungen`` (repeat calls), optionally ``Gespräche`` and the Baustein volumes — and
the file's own ``Berücksichtigung …`` percentages and ``Ziel telefonische Erreichbarkeit`` as
parameter defaults. The computed rows (``erfordert …``, ``mögliche …``) are the BA's results and
are not read: the app computes them itself.

Exported planning aids are not always aligned: in the seed the ``Gesamt`` value sits right
after the unit and the month values start one column left of their headers. A row is therefore
read by column when every month column has a value, and otherwise by order (Gesamt, then the
months) when the number of values fits exactly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .. import fmt
from ..errors import Problem
from ..model import MonthData
from ..month import Month
from ..parsing import normalize_header, parse_count, parse_month, parse_number, parse_percent
from .checks import Locator, check_months
from .source import Table, cell_text, column_letter, is_blank
from .template import checked_master_value, master_field

#: normalised row label → MonthData field.
ROW_FIELDS: Mapping[str, str] = {
    "anrufesc": "calls",
    "anrufe": "calls",
    "anrufeservicecenter": "calls",
    "anrufeimsc": "calls",
    "anruferweiterunganjobcenter": "forwarded_calls",
    "anrufweiterleitunganjobcenter": "forwarded_calls",
    "anrufweiterleitungenanjobcenter": "forwarded_calls",
    "weiterleitunganjobcenter": "forwarded_calls",
    "weiterleitungen": "forwarded_calls",
    "anruferweiterungen": "repeat_calls",
    "anrufwiederholungen": "repeat_calls",
    "gespraeche": "conversations",
    "gespraechesc": "conversations",
    "gespraechevorjahr": "conversations",
    "gespraechescvorjahr": "conversations",
    "gefuehrtegespraeche": "conversations",
    "angenommeneanrufe": "conversations",
    "angenommenegespraeche": "conversations",
    "gefuehrtegespraechevorjahr": "conversations",
    "gespraecheimvorjahr": "conversations",
    "voiceboxen": "voicebox_messages",
    "outbound": "outbound_calls",
    "outboundtelefonie": "outbound_calls",
    "emails": "emails",
    "ueberschneidungsmitteilungen": "overlap_notices",
}
#: Rows that may leave single months empty (unknown); the others need a value in every month.
OPTIONAL_ROWS = frozenset({"conversations", "voicebox_messages", "outbound_calls", "emails", "overlap_notices"})
SHARE_OF = {"calls": "share_calls", "forwarded_calls": "share_forwarded", "repeat_calls": "share_repeat_deduction"}
SHARE_LABELS = {
    "share_calls": "Berücksichtigung in der Planung",
    "share_forwarded": "Berücksichtigung durch Erhöhung",
    "share_repeat_deduction": "Berücksichtigung durch Abzug",
    "target_reachability": "Ziel telefonische Erreichbarkeit",
}
#: Regionaldirektionen that cover exactly one Bundesland (the others need the Bundesland set by hand).
RD_STATES = {
    "bw": "BW",
    "badenwuerttemberg": "BW",
    "by": "BY",
    "bayern": "BY",
    "nrw": "NW",
    "nw": "NW",
    "nordrheinwestfalen": "NW",
    "he": "HE",
    "hessen": "HE",
    "sn": "SN",
    "sachsen": "SN",
}
EXPECTED_COUNT = "ganze Zahl ≥ 0, z. B. 7.672"


def looks_like_planning_aid(table: Table) -> bool:
    """A row labelled ``Anrufe SC`` (or the title ``Planungshilfe…``) in the first 200 rows."""
    for row in table.rows[:200]:
        label = _label(row)
        if label is None:
            continue
        norm = normalize_header(label[1])
        if (ROW_FIELDS.get(norm) == "calls" and norm != "anrufe") or norm.startswith("planungshilfezurdienstleistung"):
            return True
    return False


def _label(row: tuple[Any, ...]) -> tuple[int, str] | None:
    for c, cell in enumerate(row):
        if not is_blank(cell):
            return (c, cell) if isinstance(cell, str) else None
    return None


@dataclass(frozen=True, slots=True)
class PeriodCell:
    """The header block's ``zugrunde liegender Zeitraum`` as written (1-based row, 0-based column, text)."""

    row: int
    column: int
    text: str


@dataclass(frozen=True, slots=True)
class HeaderBlock:
    """What the header block above the figures says: the master data and the period it names."""

    master: dict[str, Any]
    period: PeriodCell | None = None


@dataclass(frozen=True, slots=True)
class PlanningAidData:
    months: tuple[MonthData, ...]
    master: dict[str, Any]
    parameter_defaults: dict[str, float]
    problems: list[Problem]
    #: the period the header block names (checked against the month columns)
    period: PeriodCell | None = None


#: ``problem(message, row=…, column=…, **Problem fields)``: collects one problem of the sheet being read.
Report = Callable[..., None]


@dataclass(frozen=True, slots=True)
class MonthHeader:
    """The row with the month columns: its index, the month columns, the ``Gesamt`` column, column names."""

    row: int
    month_cols: list[tuple[int, Month]]
    gesamt_col: int | None
    col_name: dict[int, str]

    @property
    def columns(self) -> list[int]:
        return [c for c, _ in self.month_cols]


@dataclass(slots=True)
class FigureRows:
    """The figure rows read so far: values per field (one per month), their rows, the percentage defaults."""

    values: dict[str, list[float | None]] = field(default_factory=dict)
    row_of: dict[str, int] = field(default_factory=dict)
    defaults: dict[str, float] = field(default_factory=dict)
    last_count_field: str | None = None


def _is_month_cell(cell: Any) -> Month | None:
    if isinstance(cell, (datetime, date)) or (isinstance(cell, str) and re.search(r"[A-Za-zÄÖÜäöü]|/|-", cell)):
        try:
            return parse_month(cell)
        except ValueError:  # also a date cell such as 31.12.9999 („gültig bis“): not a month of the table
            return None
    return None


def read_planning_aid(table: Table) -> PlanningAidData:
    """Months, master data, parameter defaults and every problem of a planning aid sheet."""
    sheet = table.name
    problems: list[Problem] = []

    def problem(message: str, row: int | None = None, column: str | None = None, **kw: Any) -> None:
        problems.append(Problem(message, sheet=sheet, row=row, column=column, **kw))

    header = _month_header(table, problem)
    if header is None:
        return PlanningAidData((), {}, {}, problems)
    figures = FigureRows()
    for r, row in enumerate(table.rows):
        if r != header.row:
            _read_row(table, r, row, header, figures, problem)
    if "calls" not in figures.values:
        problem(
            "Die Zeile „Anrufe SC“ fehlt.",
            expected="eine Zeile „Anrufe SC“ mit der Anzahl der Anrufe je Monat",
        )
    block = read_header_block(table, problem)
    months: list[MonthData] = []
    if "calls" in figures.values and not any(p.is_error for p in problems):
        months = _months(header, figures)
        problems.extend(p.located(sheet=sheet) for p in check_months(months, _locator(header, figures)))
        _check_period(block.period, months, problem)
    return PlanningAidData(
        tuple(sorted(months, key=lambda m: m.month)), block.master, figures.defaults, problems, block.period
    )


def _month_header(table: Table, problem: Report) -> MonthHeader | None:
    """The row with the most month cells; its other cells right of the first month must be ``Gesamt``."""
    best: tuple[int, list[tuple[int, Month]]] | None = None
    for r, row in enumerate(table.rows):
        found = [(c, m) for c, cell in enumerate(row) if (m := _is_month_cell(cell)) is not None]
        if found and (best is None or len(found) > len(best[1])):
            best = (r, found)
    if best is None:
        problem(
            "Die Zeile mit den Monatsspalten (Gesamt, Sep 21, Okt 21, …) wurde nicht gefunden.",
            expected="eine Kopfzeile mit Gesamt und den Monaten wie Sep 21, OkT 21, Mrz 22",
        )
        return None
    h, month_cols = best
    cells = table.rows[h]
    gesamt_col = next((c for c, cell in enumerate(cells) if normalize_header(cell) in ("gesamt", "summe")), None)
    for c in range(month_cols[0][0], len(cells)):
        if not is_blank(cells[c]) and c not in {mc for mc, _ in month_cols} and c != gesamt_col:
            problem(
                f"„{cell_text(cells[c])}“ ist kein Monat.",
                row=h + 1,
                column=f"Spalte {column_letter(c)}",
                value=cell_text(cells[c]),
                expected="Monat wie Sep 21, OkT 21, Mrz 22, 09/2021 oder 2021-09",
            )
    col_name = {c: f"{cell_text(cells[c])} (Spalte {column_letter(c)})" for c, _ in month_cols}
    return MonthHeader(h, month_cols, gesamt_col, col_name)


def _share_of(norm: str, last_count_field: str | None) -> str | None:
    """The parameter a ``Berücksichtigung …`` row sets: by its wording, else by the figure row above it."""
    if "abzug" in norm:
        return "share_repeat_deduction"
    if "erhoehung" in norm:
        return "share_forwarded"
    if "planung" in norm:
        return "share_calls"
    return SHARE_OF.get(last_count_field or "")


def _read_row(
    table: Table, r: int, row: tuple[Any, ...], header: MonthHeader, figures: FigureRows, problem: Report
) -> None:
    """One row below or above the month header: a percentage row, a figure row, or nothing to read."""
    label = _label(row)
    if label is None:
        return
    label_col, text = label
    norm = normalize_header(text)
    fld = ROW_FIELDS.get(norm)
    share: str | None = None
    if fld is None and norm.startswith("beruecksichtigung"):
        share = _share_of(norm, figures.last_count_field)
        if share is None:
            return
    elif fld is None and (norm.startswith("zieltelefonischeerreichbarkeit") or norm == "zielerreichbarkeit"):
        share = "target_reachability"
    if share is not None:
        if share not in figures.defaults:
            _read_share(
                table, r, row, label_col, share, header.gesamt_col, header.month_cols, figures.defaults, problem
            )
        return
    if fld is None or all(is_blank(c) for c in row[label_col + 1 :]):
        return  # computed rows, section titles, and text that merely mentions a label
    figures.last_count_field = fld
    if fld in figures.values:
        problem(
            f"Die Zeile „{text}“ kommt doppelt vor (zuerst in Zeile {figures.row_of[fld]}); gelesen wird die erste.",
            row=r + 1,
            column="Zeilenbeschriftung",
            severity="warning",
        )
        return
    figures.row_of[fld] = r + 1
    figures.values[fld] = _figure_row(table, r, row, label_col, text, fld, header, problem)


def _figure_row(
    table: Table,
    r: int,
    row: tuple[Any, ...],
    label_col: int,
    text: str,
    fld: str,
    header: MonthHeader,
    problem: Report,
) -> list[float | None]:
    """The month values of one figure row (``None`` where unreadable); its Gesamt is checked against them."""
    n = len(header.month_cols)
    gesamt, cells = _row_values(row, label_col, header.gesamt_col, header.columns)
    if cells is None and fld in OPTIONAL_ROWS:
        # Optional rows (prior-year conversations, Baustein volumes) may leave months empty.
        cells = [(c, row[c] if c < len(row) else None) for c in header.columns]
        gesamt = None
    if cells is None:
        blanks = [month.label for c, month in header.month_cols if c >= len(row) or is_blank(row[c])] or [
            header.month_cols[-1][1].label
        ]
        problem(
            f"In der Zeile „{text}“ fehlen Monatswerte: {n} Monatsspalten, aber nicht für jede ein Wert "
            f"(vermutlich {', '.join(blanks[:4])}).",
            row=r + 1,
            column=header.col_name[header.month_cols[0][0]] if n == 1 else None,
            expected=f"{n} Monatswerte, je Monat eine ganze Zahl ≥ 0",
        )
        return [None] * n
    parsed = [
        _month_value(table, r, c, cell, text, header.col_name[hc], problem)
        for (c, cell), hc in zip(cells, header.columns, strict=True)
    ]
    if gesamt is not None and all(v is not None for v in parsed):
        _check_total(r, text, gesamt, parsed, problem)
    return parsed


def _month_value(table: Table, r: int, c: int, cell: Any, text: str, where: str, problem: Report) -> float | None:
    """One month's count of a figure row; ``None`` (with a problem, except for a blank) when unreadable."""
    if (r + 1, c) in table.uncalculated:
        problem(
            "Die Zelle enthält eine Formel ohne gespeicherten Wert (die Datei wurde nie in Excel berechnet).",
            row=r + 1,
            column=where,
            expected="die Datei in Excel öffnen, speichern und erneut hochladen",
        )
        return None
    if is_blank(cell):
        return None  # only optional rows get here with a blank
    try:
        return float(parse_count(cell))
    except ValueError as exc:
        problem(
            f"„{text}“: „{cell_text(cell)}“ ist keine gültige Anzahl ({exc}).",
            row=r + 1,
            column=where,
            value=cell_text(cell),
            expected=EXPECTED_COUNT,
        )
        return None


def _check_total(r: int, text: str, gesamt: tuple[int, Any], parsed: list[float | None], problem: Report) -> None:
    """A warning where the row's Gesamt differs from the sum of its months (the months are used)."""
    g_col, g_cell = gesamt
    try:
        total = parse_count(g_cell)
    except ValueError:
        problem(
            f"„{text}“: der Gesamtwert „{cell_text(g_cell)}“ ist nicht lesbar; er wird nicht geprüft.",
            row=r + 1,
            column=f"Gesamt (Spalte {column_letter(g_col)})",
            value=cell_text(g_cell),
            severity="warning",
        )
        return
    actual = round(sum(v or 0.0 for v in parsed))
    if actual != total:
        problem(
            f"„{text}“: Gesamt {_int(total)} weicht von der Summe der Monate {_int(actual)} ab "
            f"(Differenz {_int(total - actual)}); verwendet werden die Monatswerte.",
            row=r + 1,
            column=f"Gesamt (Spalte {column_letter(g_col)})",
            value=_int(total),
            expected=f"Summe der Monate {_int(actual)}",
            severity="warning",
        )


def _months(header: MonthHeader, figures: FigureRows) -> list[MonthData]:
    months: list[MonthData] = []
    for i, (_c, month) in enumerate(header.month_cols):
        kw: dict[str, Any] = {f: v[i] for f, v in figures.values.items()}
        kw.setdefault("repeat_calls", 0.0)
        kw.setdefault("forwarded_calls", 0.0)
        months.append(MonthData(month=month, **kw))
    return months


def _locator(header: MonthHeader, figures: FigureRows) -> Locator:
    """Row and column of a month's value: the figure's row (the header row for the month) and the month column."""

    def locate(index: int, fld: str) -> tuple[int | None, str | None]:
        c = header.month_cols[index][0]
        return (header.row + 1 if fld == "month" else figures.row_of.get(fld, header.row + 1)), header.col_name[c]

    return locate


def _row_values(
    row: tuple[Any, ...], label_col: int, gesamt_col: int | None, month_cols: list[int]
) -> tuple[tuple[int, Any] | None, list[tuple[int, Any]] | None]:
    """(Gesamt cell, month cells) of a figure row; month cells ``None`` when they cannot be told apart."""
    start = label_col + 1
    if start < len(row) and isinstance(row[start], str) and not is_blank(row[start]) and not _numeric(row[start]):
        start += 1  # the unit column (Anzahl, Prozent, Stunden, VZA)
    aligned = [(c, row[c] if c < len(row) else None) for c in month_cols]
    if all(not is_blank(v) for _, v in aligned):
        gesamt = None
        if gesamt_col is not None and gesamt_col < len(row) and gesamt_col >= start and not is_blank(row[gesamt_col]):
            gesamt = (gesamt_col, row[gesamt_col])
        else:
            before = [(c, row[c]) for c in range(start, min(month_cols[0], len(row))) if not is_blank(row[c])]
            gesamt = before[0] if before else None
        return gesamt, aligned
    cells = [(c, row[c]) for c in range(start, len(row)) if not is_blank(row[c])]
    if len(cells) == len(month_cols) + 1:
        return cells[0], cells[1:]
    if len(cells) == len(month_cols) and gesamt_col is None:
        return None, cells
    return (cells[0] if cells else None), None


def _numeric(text: str) -> bool:
    try:
        parse_number(text, kind="percent" if "%" in text else "decimal")
    except ValueError:
        return False
    return True


def _read_share(
    table: Table,
    r: int,
    row: tuple[Any, ...],
    label_col: int,
    name: str,
    gesamt_col: int | None,
    month_cols: list[tuple[int, Month]],
    defaults: dict[str, float],
    problem: Report,
) -> None:
    """A percentage row: the Gesamt value (or the first month's) becomes the parameter default."""
    start = label_col + 1
    cells = [(c, row[c]) for c in range(start, len(row)) if not is_blank(row[c]) and _numeric(cell_text(row[c]))]
    if not cells:
        return
    if gesamt_col is not None and gesamt_col < len(row) and not is_blank(row[gesamt_col]):
        main = (gesamt_col, row[gesamt_col])
    else:
        main = cells[0]
    label = SHARE_LABELS[name]
    try:
        value = parse_percent(main[1])
    except ValueError as exc:
        problem(
            f"„{label}“: „{cell_text(main[1])}“ ist kein Prozentwert ({exc}).",
            row=r + 1,
            column=f"Spalte {column_letter(main[0])}",
            value=cell_text(main[1]),
            expected="Prozent wie 100,0% oder 55 %",
        )
        return
    if name == "target_reachability" and value == 0:
        problem(
            "Die Ziel-Erreichbarkeit der Datei ist 0 %; sie wird nicht übernommen.",
            row=r + 1,
            column=f"Spalte {column_letter(main[0])}",
            value=cell_text(main[1]),
            expected="Prozent über 0, z. B. 55 %",
            severity="warning",
        )
        return
    defaults[name] = value
    others = set()
    for _c, cell in cells:
        try:
            others.add(round(parse_percent(cell), 6))
        except ValueError:
            continue
    if len(others - {round(value, 6)}) > 0:
        problem(
            f"„{label}“: die Monate haben unterschiedliche Prozentwerte; übernommen wird der Gesamtwert "
            f"{fmt.percent(value, trim=True)} für alle Monate.",
            row=r + 1,
            severity="warning",
        )


def read_header_block(table: Table, problem: Report) -> HeaderBlock:
    """Master data and period from the block ``Jobcenter | JCNR | … | zugrunde liegender Zeitraum`` and the
    row below it; problems (an invalid value, no Bundesland) go to ``problem``."""
    master: dict[str, Any] = {}
    period: PeriodCell | None = None
    for r, row in enumerate(table.rows[:200]):
        norms = [normalize_header(c) if isinstance(c, str) else "" for c in row]
        if "jobcenter" not in norms or "jcnr" not in norms or r + 1 >= len(table.rows):
            continue
        below = table.rows[r + 1]
        for c, norm in enumerate(norms):
            if not norm or c >= len(below) or is_blank(below[c]):
                continue
            value = below[c]
            if norm.startswith(("zugrundeliegenderzeitraum", "bezugszeitraum", "zeitraum")):
                period = PeriodCell(r + 2, c, cell_text(value))
                continue
            key = master_field(norm)
            if norm.startswith("bg") and key is None:
                key = "bg_count"
            if key is None:
                continue
            column = f"{cell_text(row[c])} (Spalte {column_letter(c)})"
            read, invalid = checked_master_value(key, value, sheet=table.name, row=r + 2, column=column)
            if invalid is None:
                master[key] = read
            else:
                problem(invalid.message, row=invalid.row, column=invalid.column, value=invalid.value,
                        expected=invalid.expected)  # fmt: skip
        break
    if "state" not in master and master.get("regional_directorate"):
        rd = normalize_header(master["regional_directorate"]).removeprefix("regionaldirektion").removeprefix("rd")
        if rd in RD_STATES:
            master["state"] = RD_STATES[rd]
    if (master or period is not None) and "state" not in master:
        problem(
            "Die Datei nennt kein Bundesland; die Arbeitstage werden mit dem Bundesland des Szenarios gerechnet. "
            "Bitte in den Stammdaten prüfen.",
            severity="warning",
            column="Bundesland",
        )
    return HeaderBlock(master, period)


def _check_period(period: PeriodCell | None, months: list[MonthData], problem: Report) -> None:
    """A warning where the header's period is not the span of the month columns (the columns are used)."""
    if period is None or not months:
        return
    row, col, text = period.row, period.column, period.text
    dates = re.findall(r"\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{2}(?:-\d{2})?|\d{1,2}/\d{4}", text)
    if len(dates) != 2:
        return
    try:
        start, end = parse_month(dates[0]), parse_month(dates[1])
    except ValueError:
        return
    first, last = min(m.month for m in months), max(m.month for m in months)
    if (start, end) != (first, last):
        problem(
            f"Der Zeitraum im Kopf ({text}) passt nicht zu den Monatsspalten ({first.label_numeric} bis "
            f"{last.label_numeric}); verwendet werden die Monatsspalten.",
            row=row,
            column=f"zugrunde liegender Zeitraum (Spalte {column_letter(col)})",
            value=text,
            severity="warning",
        )


def _int(value: float) -> str:
    return fmt.count(value)
