"""The region file reader: a Jobcenter table and, optionally, a table of Service Center sites (CSV or XLSX).

Every file goes through the one edge for incoming files (``formats/source.py``: size limit, type sniffing,
decoding, zip guard). All problems are collected (German, with file, sheet, row, column, value and expected
form) before the reader gives up, like the data import does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .. import fmt
from ..errors import O7InputError, Problem
from ..formats import source
from ..formats.source import LIMITS
from ..parsing import normalize_header, parse_number
from ..workdays import normalize_state
from .model import Region, RegionImport, RegionJobcenter, ServiceCenterSite, normalize_jcnr

#: Germany's extent with a small margin (degrees): coordinates outside are refused.
GERMANY_LATITUDE = (47.2, 55.1)
GERMANY_LONGITUDE = (5.8, 15.1)

MAX_FILE_BYTES = LIMITS.file_bytes  # the one upload limit of every reader (formats/source.py)
MAX_JOBCENTERS = 1_000

# normalised header → (field, German column label); position and note columns are shared by both files
_POSITION_AND_NOTE_COLUMNS: Mapping[str, tuple[str, str]] = {
    "breite": ("latitude", "Breite"),
    "breitengrad": ("latitude", "Breite"),
    "lat": ("latitude", "Breite"),
    "latitude": ("latitude", "Breite"),
    "laenge": ("longitude", "Länge"),
    "laengengrad": ("longitude", "Länge"),
    "lon": ("longitude", "Länge"),
    "lng": ("longitude", "Länge"),
    "longitude": ("longitude", "Länge"),
    "hinweis": ("note", "Hinweis"),
    "bemerkung": ("note", "Hinweis"),
}
_JC_COLUMNS: Mapping[str, tuple[str, str]] = {
    "jcnr": ("jcnr", "JCNR"),
    "jobcenternummer": ("jcnr", "JCNR"),
    "jobcenter": ("name", "Jobcenter"),
    "name": ("name", "Jobcenter"),
    "bundesland": ("state", "Bundesland"),
    "bg": ("bg_count", "BG"),
    "bgzahl": ("bg_count", "BG"),
    "bgzahlen": ("bg_count", "BG"),
    "bedarfsgemeinschaften": ("bg_count", "BG"),
    "erreichbarkeit": ("reachability", "Erreichbarkeit"),
    "telefonischeerreichbarkeit": ("reachability", "Erreichbarkeit"),
    "fallabschlussquote": ("closure_rate", "Fallabschlussquote"),
    "servicecenter": ("service_center", "Service Center"),
    **_POSITION_AND_NOTE_COLUMNS,
}
_JC_REQUIRED = ("jcnr", "name", "latitude", "longitude", "bg_count")
_JC_LABELS = {fld: label for fld, label in _JC_COLUMNS.values()}

_SITE_COLUMNS: Mapping[str, tuple[str, str]] = {
    "servicecenter": ("name", "Service Center"),
    "ort": ("town", "Ort"),
    "standort": ("town", "Ort"),
    **_POSITION_AND_NOTE_COLUMNS,
}
_SITE_REQUIRED = ("name", "latitude", "longitude")
_SITE_LABELS = {fld: label for fld, label in _SITE_COLUMNS.values()}

_EXPECTED_JC_HEADER = (
    "Kopfzeile JCNR;Jobcenter;Bundesland;Breite;Länge;BG;Erreichbarkeit;Fallabschlussquote;Service Center"
)
_EXPECTED_SITE_HEADER = "Kopfzeile Service Center;Ort;Breite;Länge"
_EXPECTED_JC: Mapping[str, str] = {
    "jcnr": "Jobcenternummer wie JC62106",
    "name": "Name des Jobcenters, z. B. JC Göppingen",
    "state": "Kürzel wie BW oder den Namen des Landes",
    "latitude": "Breitengrad in Grad, z. B. 48,70",
    "longitude": "Längengrad in Grad, z. B. 9,65",
    "bg_count": "ganze Zahl > 0, z. B. 6.032",
    "reachability": "Prozentwert 0–100 %, z. B. 55,0 %",
    "closure_rate": "Prozentwert 0–100 %, z. B. 72,0 %",
    "service_center": "Name des Service Centers",
    "note": "Text",
}
_EXPECTED_SITE: Mapping[str, str] = {
    "name": "Name des Service Centers, z. B. Service Center Freiburg",
    "town": "Ort des Standorts, z. B. Freiburg",
    "latitude": "Breitengrad in Grad, z. B. 48,70",
    "longitude": "Längengrad in Grad, z. B. 9,65",
    "note": "Text",
}
_EXPECTED_COORDINATES = "Breite 47,2–55,1 und Länge 5,8–15,1 (Grad, innerhalb Deutschlands)"
#: A region file for the one edge's refusals (``Die Datei ist ein PDF-Dokument, keine Regionsdatei.``).
REGION_FILE = source.FileKind("keine Regionsdatei", "CSV oder XLSX mit " + _EXPECTED_JC_HEADER)


@dataclass(frozen=True, slots=True)
class _Table:
    file: str
    sheet: str | None
    rows: list[list[Any]]


def read_region_files(
    files: Iterable[tuple[str, bytes]], *, default_sites: Sequence[ServiceCenterSite] = ()
) -> RegionImport:
    """Read a region file and, optionally, a Service Center sites file (``(filename, raw)`` pairs).

    The Jobcenter table is the one with a ``JCNR`` column; the sites table has ``Service Center``,
    ``Breite`` and ``Länge`` and no ``JCNR`` (a second CSV file or another sheet of the XLSX).
    Without a sites table the ``default_sites`` are used (e.g. the sample's). Every problem is
    collected; ``region`` is ``None`` where any error was found.
    """
    names, jc_tables, site_tables, problems = _sorted_tables(files)
    if not names:
        problems.append(Problem("Keine Regionsdatei ausgewählt.", expected="CSV oder XLSX mit Spalte JCNR"))
    elif not jc_tables and not any(p.is_error for p in problems):
        problems.append(
            Problem(
                "Keine Jobcenter-Tabelle gefunden (Spalte „JCNR“ fehlt).",
                file=", ".join(names),
                row=1,
                column="JCNR",
                expected=_EXPECTED_JC_HEADER,
            )
        )
    for extra in jc_tables[1:]:
        problems.append(
            Problem(
                "Mehr als eine Jobcenter-Tabelle: bitte nur eine Regionsdatei hochladen.",
                file=extra.file,
                sheet=extra.sheet,
                expected="eine Tabelle mit Spalte JCNR",
            )
        )
    jobcenters: tuple[RegionJobcenter, ...] = ()
    if jc_tables:
        jobcenters, found = _read_jobcenters(jc_tables[0])
        problems.extend(found)
    sites: tuple[ServiceCenterSite, ...] = tuple(default_sites)
    if site_tables:
        sites, found = _read_sites(site_tables[0])
        problems.extend(found)
        for extra in site_tables[1:]:
            problems.append(
                Problem(
                    "Mehr als eine Tabelle mit Service-Center-Standorten: nur die erste wird verwendet.",
                    file=extra.file,
                    sheet=extra.sheet,
                    severity="warning",
                )
            )
    problems.extend(_check_references(jobcenters, sites))
    if any(p.is_error for p in problems) or not jobcenters:
        return RegionImport(None, tuple(problems))
    region = Region(jobcenters=jobcenters, service_centers=sites, sources=tuple(names))
    return RegionImport(region, tuple(problems))


def _sorted_tables(
    files: Iterable[tuple[str, bytes]],
) -> tuple[list[str], list[_Table], list[_Table], list[Problem]]:
    """The file names, the Jobcenter tables, the site tables, and the problems of files that cannot be read."""
    problems: list[Problem] = []
    jc_tables: list[_Table] = []
    site_tables: list[_Table] = []
    names: list[str] = []
    for filename, raw in files:
        names.append(filename)
        try:
            tables = _tables(raw, filename)
        except O7InputError as exc:
            problems.extend(exc.located(file=filename).problems)
            continue
        for table in tables:
            kind = _classify(table)
            if kind == "jobcenters":
                jc_tables.append(table)
            elif kind == "sites":
                site_tables.append(table)
            elif table.sheet is not None and len(tables) > 1:
                problems.append(
                    Problem(
                        "Blatt ohne Jobcenter oder Service-Center-Standorte wird ignoriert.",
                        file=filename,
                        sheet=table.sheet,
                        severity="warning",
                    )
                )
            else:
                problems.append(_not_a_region_table(table))
    return names, jc_tables, site_tables, problems


def _not_a_region_table(table: _Table) -> Problem:
    return Problem(
        "Die Tabelle enthält weder Jobcenter (Spalte „JCNR“) noch Service-Center-Standorte.",
        file=table.file,
        sheet=table.sheet,
        row=1,
        expected=f"{_EXPECTED_JC_HEADER} oder {_EXPECTED_SITE_HEADER}",
    )


def _tables(raw: bytes, filename: str) -> list[_Table]:
    """The file's tables, through the one edge (size, magic bytes, encodings, zip-bomb checks) in the words of a
    region file; an empty sheet is left out."""
    if not raw or not raw.strip():
        raise O7InputError(Problem("Die Datei ist leer.", expected=_EXPECTED_JC_HEADER))
    try:
        tables = source.read_tables(raw, kind=REGION_FILE)
    except O7InputError as exc:
        raise exc.located(expected=REGION_FILE.expected) from None
    found = [_Table(filename, t.name, [list(r) for r in t.rows]) for t in tables]
    if len(found) == 1 and found[0].sheet is None:  # a CSV/TSV text
        return found
    found = [t for t in found if any(_cell_text(c) for row in t.rows for c in row)]
    if not found:
        raise O7InputError(Problem("Die Excel-Datei ist leer.", expected=_EXPECTED_JC_HEADER))
    return found


def _header_index(table: _Table) -> int:
    """Index of the header row: the first row that is not empty."""
    for index, row in enumerate(table.rows):
        if any(_cell_text(c) for c in row):
            return index
    return 0


def _classify(table: _Table) -> str:
    rows = table.rows
    if not rows:
        return "unknown"
    header = {normalize_header(c) for c in rows[_header_index(table)]}
    if header & {k for k, v in _JC_COLUMNS.items() if v[0] == "jcnr"}:
        return "jobcenters"
    if "servicecenter" in header and header & {"breite", "laenge", "lat", "lon", "latitude", "longitude"}:
        return "sites"
    return "unknown"


def _cell_text(cell: Any) -> str:
    return "" if cell is None else str(cell).strip()


def _map_header(
    table: _Table, columns: Mapping[str, tuple[str, str]], required: Sequence[str], labels: Mapping[str, str]
) -> tuple[dict[int, str], list[Problem]]:
    problems: list[Problem] = []
    header_row = _header_index(table)
    header = table.rows[header_row]
    mapping: dict[int, str] = {}

    def problem(message: str, column: str, **more: Any) -> Problem:
        return Problem(message, file=table.file, sheet=table.sheet, row=header_row + 1, column=column, **more)

    for index, cell in enumerate(header):
        name = normalize_header(cell)
        if not name:
            continue
        spec = columns.get(name)
        if spec is None:
            problems.append(
                problem(f"Unbekannte Spalte „{_cell_text(cell)}“ wird ignoriert.", _cell_text(cell), severity="warning")
            )
        elif spec[0] in mapping.values():
            problems.append(
                problem(f"Die Spalte „{spec[1]}“ kommt doppelt vor.", _cell_text(cell), expected="jede Spalte einmal")
            )
        else:
            mapping[index] = spec[0]
    missing = [labels[f] for f in required if f not in mapping.values()]
    if missing:
        problems.append(
            problem(
                f"Pflichtspalte {', '.join('„' + m + '“' for m in missing)} fehlt.",
                missing[0],
                expected=", ".join(labels[f] for f in required),
            )
        )
    return mapping, problems


def _data_rows(table: _Table) -> Iterable[tuple[int, list[Any]]]:
    start = _header_index(table) + 1
    for index in range(start, len(table.rows)):
        row = table.rows[index]
        if any(_cell_text(c) for c in row):
            yield index + 1, row


def _read_jobcenters(table: _Table) -> tuple[tuple[RegionJobcenter, ...], list[Problem]]:
    mapping, problems = _map_header(table, _JC_COLUMNS, _JC_REQUIRED, _JC_LABELS)
    if any(p.is_error for p in problems):
        return (), problems
    for fld, label in (("reachability", "Erreichbarkeit"), ("service_center", "Service Center")):
        if fld not in mapping.values():
            problems.append(
                Problem(
                    f"Spalte „{label}“ fehlt: "
                    + (
                        "alle Punkte werden grau gezeigt."
                        if fld == "reachability"
                        else "keine Bögen zu Service Centern."
                    ),
                    file=table.file,
                    sheet=table.sheet,
                    row=_header_index(table) + 1,
                    column=label,
                    severity="warning",
                )
            )
    rows = list(_data_rows(table))
    if not rows:
        problems.append(
            Problem(
                "Die Datei enthält nur die Kopfzeile, keine Jobcenter.",
                file=table.file,
                sheet=table.sheet,
                row=_header_index(table) + 2,
                expected="mindestens eine Zeile mit einem Jobcenter",
            )
        )
    if len(rows) > MAX_JOBCENTERS:
        problems.append(
            Problem(
                f"Die Datei enthält {fmt.count(len(rows))} Jobcenter-Zeilen.",
                file=table.file,
                sheet=table.sheet,
                expected=f"höchstens {fmt.count(MAX_JOBCENTERS)} Jobcenter",
            )
        )
        return (), problems
    good, row_problems = _read_rows(table, _JOBCENTERS, mapping, rows)
    problems.extend(row_problems)
    return tuple(RegionJobcenter(**values, source=table.file, row=row_number) for row_number, values in good), problems


def _col(mapping: Mapping[int, str], fld: str) -> int:
    return next(i for i, f in mapping.items() if f == fld)


def _jc_value(fld: str, cell: Any) -> Any:
    text = _cell_text(cell)
    if fld == "jcnr":
        jcnr = normalize_jcnr(text)
        if not re.fullmatch(r"[A-Z0-9\-_/]{2,20}", jcnr):
            raise ValueError("keine Jobcenternummer")
        return jcnr
    if fld in ("name", "service_center", "note"):
        if len(text) > 200:
            raise ValueError("Text länger als 200 Zeichen")
        return text
    if fld == "state":
        return normalize_state(text)
    if fld in ("latitude", "longitude"):
        return parse_number(cell, kind="decimal")
    if fld == "bg_count":
        bg = parse_number(cell, kind="count")
        if bg <= 0:
            raise ValueError("BG muss größer als 0 sein")
        return int(bg)
    # reachability, closure_rate
    share = parse_number(cell, kind="percent")
    if not 0 <= share <= 1:
        raise ValueError("Prozentwert außerhalb von 0–100 %")
    return share


def _coordinate_problem(latitude: float, longitude: float) -> str | None:
    lat_ok = GERMANY_LATITUDE[0] <= latitude <= GERMANY_LATITUDE[1]
    lon_ok = GERMANY_LONGITUDE[0] <= longitude <= GERMANY_LONGITUDE[1]
    if lat_ok and lon_ok:
        return None
    swapped = (
        GERMANY_LATITUDE[0] <= longitude <= GERMANY_LATITUDE[1]
        and GERMANY_LONGITUDE[0] <= latitude <= GERMANY_LONGITUDE[1]
    )
    if swapped:
        return "Breite und Länge sind offenbar vertauscht."
    return "Der Ort liegt nicht in Deutschland."


def _site_value(fld: str, cell: Any) -> Any:
    if fld in ("latitude", "longitude"):
        return parse_number(cell, kind="decimal")
    return _cell_text(cell)[:200]


def _read_sites(table: _Table) -> tuple[tuple[ServiceCenterSite, ...], list[Problem]]:
    mapping, problems = _map_header(table, _SITE_COLUMNS, _SITE_REQUIRED, _SITE_LABELS)
    if any(p.is_error for p in problems):
        return (), problems
    good, row_problems = _read_rows(table, _SITES, mapping, list(_data_rows(table)))
    problems.extend(row_problems)
    return tuple(ServiceCenterSite(**values) for _row_number, values in good), problems


@dataclass(frozen=True, slots=True)
class _RowKind:
    """What a row of a region table holds: the Jobcenters or the Service Center sites."""

    labels: Mapping[str, str]  # field → German column label
    required: tuple[str, ...]
    expected: Mapping[str, str]  # field → expected form of a missing or invalid value
    value: Callable[[str, Any], Any]  # the field's value of a non-empty cell; ValueError/O7InputError if invalid
    key: str  # the field that must not repeat (JCNR, name of the Service Center)
    duplicate: Callable[[str, int], str]  # message for a repeated key (shown, first row)
    unique: str  # the expected form for a repeated key
    fold: bool = False  # keys compared without case


_JOBCENTERS = _RowKind(
    _JC_LABELS,
    _JC_REQUIRED,
    _EXPECTED_JC,
    _jc_value,
    "jcnr",
    lambda jcnr, first: f"Die JCNR {jcnr} kommt doppelt vor (zuerst in Zeile {first}).",
    "jede JCNR genau einmal",
)
_SITES = _RowKind(
    _SITE_LABELS,
    _SITE_REQUIRED,
    _EXPECTED_SITE,
    _site_value,
    "name",
    lambda name, first: f"Das Service Center „{name}“ kommt doppelt vor (zuerst in Zeile {first}).",
    "jeden Standort einmal",
    fold=True,
)


def _read_rows(
    table: _Table, kind: _RowKind, mapping: Mapping[int, str], rows: Sequence[tuple[int, list[Any]]]
) -> tuple[list[tuple[int, dict[str, Any]]], list[Problem]]:
    """The values of every row without a problem, and the problems: a missing or invalid value, a place outside
    Germany, a repeated key."""
    good: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    first_row: dict[str, int] = {}

    def problem(row_number: int, fld: str, message: str, value: Any, expected: str | None = None) -> Problem:
        return Problem(
            message,
            file=table.file,
            sheet=table.sheet,
            row=row_number,
            column=kind.labels[fld],
            value=None if value is None else _cell_text(value),
            expected=expected or kind.expected[fld],
        )

    for row_number, row in rows:
        values: dict[str, Any] = {}
        row_problems: list[Problem] = []
        for index, fld in mapping.items():
            cell = row[index] if index < len(row) else None
            if not _cell_text(cell):
                if fld in kind.required:
                    row_problems.append(problem(row_number, fld, f"{kind.labels[fld]} fehlt.", None))
                continue
            try:
                values[fld] = kind.value(fld, cell)
            except (ValueError, O7InputError) as exc:
                reason = exc.problems[0].message.rstrip(".") if isinstance(exc, O7InputError) else str(exc)
                row_problems.append(problem(row_number, fld, f"Ungültiger Wert ({reason}).", cell))
        if "latitude" in values and "longitude" in values:
            message = _coordinate_problem(values["latitude"], values["longitude"])
            if message:
                shown = f"{row[_col(mapping, 'latitude')]} / {row[_col(mapping, 'longitude')]}"
                row_problems.append(problem(row_number, "latitude", message, shown, _EXPECTED_COORDINATES))
        if kind.key in values:
            shown = values[kind.key]
            key = shown.casefold() if kind.fold else shown
            if key in first_row:
                message = kind.duplicate(shown, first_row[key])
                row_problems.append(problem(row_number, kind.key, message, shown, kind.unique))
            else:
                first_row[key] = row_number
        problems.extend(row_problems)
        if not row_problems and all(f in values for f in kind.required):
            good.append((row_number, values))
    return good, problems


def _check_references(jobcenters: Sequence[RegionJobcenter], sites: Sequence[ServiceCenterSite]) -> list[Problem]:
    """A warning for each Service Center named by a Jobcenter but without a known site."""
    known = {s.name.casefold() for s in sites}
    problems: list[Problem] = []
    seen: set[str] = set()
    for jc in jobcenters:
        key = jc.service_center.casefold()
        if jc.service_center and key not in known and key not in seen:
            seen.add(key)
            problems.append(
                Problem(
                    f"Für „{jc.service_center}“ ist kein Standort bekannt; die Bögen zu seinen Jobcentern fehlen.",
                    file=jc.source,
                    row=jc.row,
                    column="Service Center",
                    expected="eine Standortdatei (Service Center;Ort;Breite;Länge) oder einen bekannten Namen",
                    severity="warning",
                )
            )
    return problems
