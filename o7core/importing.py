"""Reading the Jobcenter's data files into the core's types.

``read_data_file(raw, filename)`` detects the format from the content and returns an
:class:`ImportResult` that carries the data *and all problems at once* (errors and warnings,
German, with file, sheet, row, column, value and expected form). ``apply_import`` puts the
months and master data of a good import into a scenario.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import O7InputError, Problem
from .model import MonthData
from .parsing import normalize_header, parse_month, parse_number
from .planning import validate_months
from .scenario import Scenario, is_scenario_dict, scenario_from_dict
from .workdays import normalize_state

#: Template column → MonthData field (normalised header → field).
MONTH_COLUMNS: Mapping[str, str] = {
    "monat": "month",
    "anrufe": "calls",
    "anrufwiederholungen": "repeat_calls",
    "weiterleitungen": "forwarded_calls",
    "gespraeche": "conversations",
    "voiceboxen": "voicebox_messages",
    "outbound": "outbound_calls",
    "emails": "emails",
    "ueberschneidungsmitteilungen": "overlap_notices",
}
COLUMN_LABELS: Mapping[str, str] = {
    "month": "Monat",
    "calls": "Anrufe",
    "repeat_calls": "Anrufwiederholungen",
    "forwarded_calls": "Weiterleitungen",
    "conversations": "Gespräche",
    "voicebox_messages": "Voiceboxen",
    "outbound_calls": "Outbound",
    "emails": "E-Mails",
    "overlap_notices": "Überschneidungsmitteilungen",
}
#: Stammdaten field (normalised) → Jobcenter attribute.
MASTER_FIELDS: Mapping[str, str] = {
    "jobcenter": "name",
    "jcnr": "jcnr",
    "region": "region",
    "regionaldirektion": "regional_directorate",
    "bundesland": "state",
    "bg": "bg_count",
    "vza": "fte_jobcenter",
    "zusvza": "fte_additional",
}


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What a file gave: its kind, the data found and every problem."""

    filename: str
    kind: str  # "template" | "planning_aid" | "scenario"
    months: tuple[MonthData, ...] = ()
    master: Mapping[str, Any] = field(default_factory=dict)  # Jobcenter attributes found
    parameter_defaults: Mapping[str, float] = field(default_factory=dict)
    scenario: Scenario | None = None
    problems: tuple[Problem, ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)

    @property
    def ok(self) -> bool:
        return not self.errors


def read_data_file(raw: bytes, filename: str) -> ImportResult:
    """Read any data file the upload accepts (data template CSV/XLSX or scenario JSON)."""
    try:
        if raw[:2] == b"PK":
            return _read_xlsx(raw, filename)
        text = raw.decode("utf-8-sig")
        if text.lstrip().startswith("{"):
            return _read_scenario(text, filename)
        return _read_csv(text, filename)
    except O7InputError as exc:
        return ImportResult(filename, "unknown", problems=exc.located(file=filename).problems)
    except UnicodeDecodeError:
        try:
            return _read_csv(raw.decode("cp1252"), filename)
        except O7InputError as exc:
            return ImportResult(filename, "unknown", problems=exc.located(file=filename).problems)


def _read_scenario(text: str, filename: str) -> ImportResult:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise O7InputError(
            Problem(f"Kein gültiges JSON ({exc.msg}).", row=exc.lineno, expected="Szenariodatei o7-scenario")
        ) from None
    if not is_scenario_dict(data):
        raise O7InputError(
            Problem("Die JSON-Datei ist keine O.7-Szenariodatei.", column="format", expected='"format": "o7-scenario"')
        )
    scenario = scenario_from_dict(data, require_months=True)
    return ImportResult(filename, "scenario", months=scenario.months, scenario=scenario)


def _rows_to_months(rows: list[list[Any]], sheet: str | None) -> tuple[tuple[MonthData, ...], list[Problem]]:
    problems: list[Problem] = []
    if not rows:
        raise O7InputError(
            Problem(
                "Die Datei ist leer.", sheet=sheet, expected="Kopfzeile mit Monat und Anrufe und darunter Monatswerte"
            )
        )
    header = [normalize_header(h) for h in rows[0]]
    mapping: dict[int, str] = {}
    for index, name in enumerate(header):
        if name in MONTH_COLUMNS:
            mapping[index] = MONTH_COLUMNS[name]
        elif name:
            problems.append(
                Problem(
                    f"Unbekannte Spalte „{rows[0][index]}“ wird ignoriert.",
                    sheet=sheet,
                    row=1,
                    column=str(rows[0][index]),
                    severity="warning",
                )
            )
    missing = [COLUMN_LABELS[f] for f in ("month", "calls") if f not in mapping.values()]
    if missing:
        raise O7InputError(
            Problem(
                f"Pflichtspalte {', '.join('„' + m + '“' for m in missing)} fehlt.",
                sheet=sheet,
                row=1,
                column=missing[0],
                expected="Spalten Monat und Anrufe",
            )
        )
    months: list[MonthData] = []
    for r, row in enumerate(rows[1:], start=2):
        if all(str(c or "").strip() == "" for c in row):
            continue
        values: dict[str, Any] = {}
        for index, fld in mapping.items():
            cell = row[index] if index < len(row) else None
            label = COLUMN_LABELS[fld]
            if cell is None or str(cell).strip() == "":
                if fld in ("month", "calls"):
                    problems.append(Problem(f"{label} fehlt.", sheet=sheet, row=r, column=label, expected="ein Wert"))
                continue
            try:
                values[fld] = parse_month(cell) if fld == "month" else parse_number(cell, kind="count")
            except ValueError as exc:
                expected = "Monat wie 09/2021 oder Sep 21" if fld == "month" else "ganze Zahl ≥ 0, z. B. 7.672"
                problems.append(
                    Problem(
                        f"Ungültiger Wert ({exc}).",
                        sheet=sheet,
                        row=r,
                        column=label,
                        value=str(cell),
                        expected=expected,
                    )
                )
                continue
            if fld != "month" and values[fld] < 0:
                problems.append(
                    Problem(
                        "Negativer Wert.", sheet=sheet, row=r, column=label, value=str(cell), expected="ganze Zahl ≥ 0"
                    )
                )
        if "month" in values and "calls" in values:
            values.setdefault("repeat_calls", 0.0)
            values.setdefault("forwarded_calls", 0.0)
            months.append(MonthData(**values))
    if not months and not any(p.is_error for p in problems):
        problems.append(
            Problem(
                "Die Datei enthält nur die Kopfzeile, keine Monatswerte.",
                sheet=sheet,
                row=2,
                expected="mindestens ein Monat",
            )
        )
    for p in validate_months(months) if months else []:
        problems.append(p.located(sheet=sheet))
    return tuple(sorted(months, key=lambda m: m.month)), problems


def _read_csv(text: str, filename: str) -> ImportResult:
    if not text.strip():
        raise O7InputError(Problem("Die Datei ist leer.", expected="CSV mit Kopfzeile Monat;Anrufe;…"))
    first = text.splitlines()[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    months, problems = _rows_to_months(rows, None)
    return ImportResult(filename, "template", months=months, problems=tuple(p.located(file=filename) for p in problems))


def _read_xlsx(raw: bytes, filename: str) -> ImportResult:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception:
        raise O7InputError(
            Problem(
                "Die Datei ist keine lesbare Excel-Datei (XLSX).",
                expected="XLSX mit den Blättern Monatswerte und Stammdaten",
            )
        ) from None
    sheets = {normalize_header(n): n for n in wb.sheetnames}
    if "monatswerte" not in sheets:
        raise O7InputError(Problem("Das Blatt „Monatswerte“ fehlt.", expected="Blätter Monatswerte und Stammdaten"))
    rows = [list(r) for r in wb[sheets["monatswerte"]].iter_rows(values_only=True)]
    months, problems = _rows_to_months(rows, sheets["monatswerte"])
    master: dict[str, Any] = {}
    if "stammdaten" in sheets:
        sheet = sheets["stammdaten"]
        for r, row in enumerate(wb[sheet].iter_rows(values_only=True), start=1):
            if not row or row[0] is None:
                continue
            key = MASTER_FIELDS.get(normalize_header(row[0]))
            value = row[1] if len(row) > 1 else None
            if key is None or value is None or str(value).strip() == "":
                continue
            try:
                if key == "state":
                    master[key] = normalize_state(str(value))
                elif key == "bg_count":
                    master[key] = int(parse_number(value, kind="count"))
                elif key in ("fte_jobcenter", "fte_additional"):
                    master[key] = parse_number(value)
                else:
                    master[key] = str(value).strip()
            except (ValueError, O7InputError) as exc:
                reason = exc.problems[0].message if isinstance(exc, O7InputError) else str(exc)
                problems.append(
                    Problem(
                        f"Ungültiger Stammdatenwert ({reason}).",
                        sheet=sheet,
                        row=r,
                        column=str(row[0]),
                        value=str(value),
                    )
                )
    wb.close()
    return ImportResult(
        filename, "template", months=months, master=master, problems=tuple(p.located(file=filename) for p in problems)
    )


def apply_import(base: Scenario, result: ImportResult) -> Scenario:
    """The scenario with the import's months, master data and parameter defaults.

    A scenario file replaces everything. Raises :class:`O7InputError` when the import has errors.
    """
    if not result.ok:
        raise O7InputError(result.errors)
    if result.scenario is not None:
        return result.scenario
    jobcenter = replace(base.jobcenter, **result.master) if result.master else base.jobcenter
    scenario = replace(base, jobcenter=jobcenter, months=result.months)
    if result.parameter_defaults:
        scenario = scenario.with_parameters(**result.parameter_defaults)
    return scenario
