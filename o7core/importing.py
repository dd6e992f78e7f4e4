"""Reading the Jobcenter's data files into the core's types.

``read_data_file(raw, filename)`` detects the format from the content (not from the file name)
and returns an :class:`ImportResult` that carries the data *and all problems at once* (errors
and warnings, German, with file, sheet, row, column, the value found and the form expected).
It never raises for bad input. ``apply_import`` puts the months, master data and parameter
defaults of a good import into a scenario; ``read_price_file`` reads a price sheet.

Formats (``docs/import.md``): the data template (CSV with ``;``, ``,`` or tab, UTF-8 with or
without BOM, UTF-16, Windows-1252; XLSX with ``Monatswerte`` and ``Stammdaten``), the BA planning
aid (XLSX or text), the scenario file (JSON).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from .errors import HasProblems, O7InputError, Problem
from .formats import source
from .formats.checks import LABELS
from .formats.planning_aid import looks_like_planning_aid, read_planning_aid
from .formats.prices import find_price_header, price_sheet_from_json, price_sheet_from_table
from .formats.template import MASTER_FIELDS, MONTH_HEADERS, looks_like_template, read_master, read_months
from .model import MonthData, PriceSheet
from .parsing import normalize_header
from .scenario import Scenario, ScenarioFile, is_scenario_dict, scenario_file_from_dict, scenario_warnings

__all__ = [
    "COLUMN_LABELS",
    "MASTER_FIELDS",
    "MONTH_COLUMNS",
    "ImportResult",
    "apply_import",
    "read_data_file",
    "read_price_file",
]

#: Template column → MonthData field (normalised header → field), including accepted synonyms.
MONTH_COLUMNS: Mapping[str, str] = MONTH_HEADERS
COLUMN_LABELS: Mapping[str, str] = LABELS  # field → German column name, one table with the month checks
PRICE_SHEET_MESSAGE = (
    "Die Datei ist ein Preisblatt, keine Datendatei. Bitte unter „Preisblatt laden“ auf der Seite "
    "„Start / Daten“ oder „Kosten“ laden."
)
#: Columns only the Service Center's monthly report has (normalised headers).
SC_REPORT_COLUMNS = frozenset({"gespraechsdauer", "nachbearbeitung", "abschliessendgeklaert"})

KIND_LABELS = {
    "template": "Datenvorlage",
    "planning_aid": "Planungshilfe der BA",
    "scenario": "Szenariodatei",
    "unknown": "unbekanntes Format",
}


@dataclass(frozen=True, slots=True)
class ImportResult(HasProblems):
    """What a file gave: its kind, the data found and every problem (errors and warnings)."""

    filename: str
    kind: str  # "template" | "planning_aid" | "scenario" | "unknown"
    months: tuple[MonthData, ...] = ()
    master: Mapping[str, Any] = field(default_factory=dict)  # Jobcenter attributes found
    parameter_defaults: Mapping[str, float] = field(default_factory=dict)  # e.g. share_calls from the file
    scenario: Scenario | None = None
    problems: tuple[Problem, ...] = ()
    source_format: str = ""  # "CSV (;, UTF-8)", "XLSX", "JSON", …
    scenario_file: ScenarioFile | None = None  # a scenario file's name, comparison basis, price sheets
    looks_like_sc_report: bool = False  # the columns of an SC monthly report (Kennzahlen), not planning data

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def kind_label(self) -> str:
        """German name of what was recognised, e.g. ``Planungshilfe der BA (XLSX)``."""
        label = KIND_LABELS.get(self.kind, self.kind)
        return f"{label} ({self.source_format})" if self.source_format else label


def _located(problems: Iterable[Problem], filename: str) -> tuple[Problem, ...]:
    return tuple(p.located(file=filename) for p in problems)


def read_data_file(raw: bytes, filename: str) -> ImportResult:
    """Read any data file the upload accepts; never raises for bad input.

    The size is checked first (nothing above :data:`~o7core.formats.source.MAX_FILE_BYTES` is
    decoded), then the kind is recognised from the first bytes.
    """
    try:
        result = _read(raw, filename)
    except O7InputError as exc:
        return ImportResult(filename, "unknown", problems=_located(exc.problems, filename))
    except MemoryError:
        return ImportResult(
            filename,
            "unknown",
            problems=(Problem("Die Datei ist zu groß, um sie zu lesen.", file=filename),),
        )
    except RecursionError:
        return ImportResult(
            filename,
            "unknown",
            problems=(Problem("Die Datei ist zu tief verschachtelt, um sie zu lesen.", file=filename),),
        )
    return replace(result, problems=_located(result.problems, filename))


def _read(raw: bytes, filename: str) -> ImportResult:
    source.check_size(len(raw))
    if source.sniff_kind(raw) == "xlsx":
        return _read_xlsx(raw, filename)
    text, encoding = source.decode_text(raw)
    stripped = text.lstrip()
    if not stripped:
        raise source.refuse("Die Datei enthält nur Leerzeichen oder Leerzeilen.")
    if stripped[0] in "{[" or filename.lower().endswith(".json"):  # a broken .json is not a CSV
        return _read_json(stripped, filename)
    table, delimiter = source.text_table(text)
    sep = {"\t": "Tab", ";": ";", ",": ","}[delimiter]
    fmt = f"Text, Trennzeichen {sep}, {encoding}"
    if looks_like_planning_aid(table):
        return _planning_aid_result(table, filename, fmt)
    if looks_like_template(table):
        months, problems = read_months(table)
        return ImportResult(
            filename,
            "template",
            months=months,
            problems=tuple(problems),
            source_format=fmt,
            looks_like_sc_report=looks_like_sc_report(table),
        )
    if find_price_header(table) is not None:
        raise source.refuse(PRICE_SHEET_MESSAGE)
    first = next((row for row in table.rows if any(not source.is_blank(c) for c in row)), ())
    shown = "; ".join(source.cell_text(c) for c in first if not source.is_blank(c))[:200]
    raise O7InputError(
        Problem(
            "Keine Kopfzeile mit den Spalten „Monat“ und „Anrufe“ und keine Planungshilfe gefunden.",
            row=1,
            value=shown or None,
            expected="Kopfzeile Monat; Anrufe; Anrufwiederholungen; Weiterleitungen; Gespräche",
        )
    )


def looks_like_sc_report(table: source.Table) -> bool:
    """True where a header row (in the first 20 rows) has at least two columns only the SC monthly report has
    (Gesprächsdauer, Nachbearbeitung, abschließend geklärt)."""
    for row in table.rows[:20]:
        headers = {normalize_header(c) for c in row if isinstance(c, str)}
        if len(SC_REPORT_COLUMNS & headers) >= 2:
            return True
    return False


def _planning_aid_result(table: source.Table, filename: str, fmt: str) -> ImportResult:
    data = read_planning_aid(table)
    return ImportResult(
        filename,
        "planning_aid",
        months=data.months,
        master=data.master,
        parameter_defaults=data.parameter_defaults,
        problems=tuple(data.problems),
        source_format=fmt,
    )


def _read_xlsx(raw: bytes, filename: str) -> ImportResult:
    tables = source.xlsx_tables(raw)
    by_name = {normalize_header(t.name): t for t in tables}
    if "monatswerte" in by_name:
        months, problems = read_months(by_name["monatswerte"])
        report_like = looks_like_sc_report(by_name["monatswerte"])
        master: dict[str, Any] = {}
        if "stammdaten" in by_name:
            master, more = read_master(by_name["stammdaten"])
            problems.extend(more)
        return ImportResult(
            filename,
            "template",
            months=months,
            master=master,
            problems=tuple(problems),
            source_format="XLSX",
            looks_like_sc_report=report_like,
        )
    for table in tables:
        if looks_like_planning_aid(table):
            return _planning_aid_result(table, filename, "XLSX")
    for table in tables:
        if looks_like_template(table):
            months, problems = read_months(table)
            problems.insert(
                0,
                Problem(
                    f"Kein Blatt „Monatswerte“; gelesen wurde das Blatt „{table.name}“.",
                    sheet=table.name,
                    severity="warning",
                ),
            )
            return ImportResult(
                filename,
                "template",
                months=months,
                problems=tuple(problems),
                source_format="XLSX",
                looks_like_sc_report=looks_like_sc_report(table),
            )
    if any(find_price_header(t) is not None for t in tables):
        raise source.refuse(PRICE_SHEET_MESSAGE)
    names = ", ".join(f"„{t.name}“" for t in tables) or "keine sichtbaren Blätter"
    raise source.refuse(
        f"Die Excel-Datei enthält weder ein Blatt „Monatswerte“ noch eine Planungshilfe (Blätter: {names}).",
        expected="XLSX mit den Blättern Monatswerte und Stammdaten, oder die Planungshilfe der BA",
    )


def _read_json(text: str, filename: str) -> ImportResult:
    data = source.load_json(text, expected="Szenariodatei im Format o7-scenario (JSON)")
    if not is_scenario_dict(data):
        if isinstance(data, Mapping) and "terms" in data:
            raise source.refuse(PRICE_SHEET_MESSAGE)
        raise O7InputError(
            Problem(
                "Die JSON-Datei ist keine O.7-Szenariodatei.",
                column="format",
                value=str(data.get("format")) if isinstance(data, Mapping) and "format" in data else None,
                expected='"format": "o7-scenario", "version": 1',
            )
        )
    file = scenario_file_from_dict(data, require_months=True)
    scenario = file.scenario
    return ImportResult(
        filename,
        "scenario",
        months=scenario.months,
        scenario=scenario,
        problems=tuple(scenario_warnings(scenario)),
        source_format="JSON",
        scenario_file=file,
    )


def read_price_file(raw: bytes, filename: str) -> PriceSheet:
    """A price sheet from JSON, CSV or XLSX; raises :class:`O7InputError` naming file, row and column."""
    try:
        source.check_size(len(raw))
        if source.sniff_kind(raw) == "xlsx":
            tables = source.xlsx_tables(raw)
            table = next((t for t in tables if find_price_header(t) is not None), None)
            if table is None:
                raise source.refuse(
                    "Die Excel-Datei enthält kein Preisblatt.", expected="Vertragsjahr; Laufzeit; Euro je BG; …"
                )
            sheet = price_sheet_from_table(table)
        else:
            text, _encoding = source.decode_text(raw)
            if text.lstrip().startswith("{"):
                sheet = price_sheet_from_json(text)
            else:
                sheet = price_sheet_from_table(source.text_table(text)[0])
    except O7InputError as exc:
        raise exc.located(file=filename) from None
    return replace(sheet, source=filename) if not sheet.source else sheet


def apply_import(base: Scenario, result: ImportResult) -> Scenario:
    """The scenario with the import's months, master data and parameter defaults.

    A scenario file replaces everything. Master data and the planning aid's percentages are
    defaults: they overwrite the base scenario's values, and the user changes them afterwards.
    Raises :class:`O7InputError` when the import has errors.
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
