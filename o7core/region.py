"""The Service Center region (Karte): the region file reader and the map data, as plain data.

A *region file* lists the Jobcenters of a Service Center region, one row each, with the columns
``JCNR``, ``Jobcenter``, ``Bundesland``, ``Breite``, ``Länge``, ``BG``, ``Erreichbarkeit``,
``Fallabschlussquote``, ``Service Center`` (and an optional ``Hinweis``). A second table lists the
Service Center sites (``Service Center``, ``Ort``, ``Breite``, ``Länge``, ``Hinweis``): a second CSV
file or a second sheet of the same XLSX. CSV with ``;`` or ``,``, UTF-8 (with or without BOM) or
Windows-1252; German numbers (``6.032``, ``48,70``, ``55,0 %``).

:func:`read_region_files` collects *all* problems (German, with file, sheet, row, column, value and
expected form) before it gives up, like the data import does. :func:`build_region_map` turns a
region into what a map needs: positions, radius (area proportional to BG, within limits), colour
by reachability against the target, labels, German tooltips, the Service Center sites with arcs to
their Jobcenters, a legend and a view fitted to the points. No pydeck and no Streamlit here: the
page wraps these records in pydeck layers.

Colour scale (colour-blind safe, diverging around the target, from the Okabe–Ito palette):

=====================  ======================================  ==============
status                 reachability r against target t         colour
=====================  ======================================  ==============
``well_above``         r ≥ t + 10 points                        blue #0072B2
``above``              t ≤ r < t + 10 points                    sky blue #56B4E9
``below``              t − 10 points ≤ r < t                    orange #E69F00
``well_below``         r < t − 10 points                        vermillion #D55E00
``unknown``            no figure                                grey #999999
=====================  ======================================  ==============

Blue against orange stays apart for the common red–green colour blindnesses, and each status is
also written out in the tooltip, the legend and the table (never colour alone).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from . import fmt
from .errors import HasProblems, O7InputError, Problem
from .parsing import normalize_header, parse_number
from .readers.source import LIMITS
from .workdays import STATES, normalize_state

#: The service description promises an annual average reachability of 75 % (``000_*.txt``).
CONTRACT_TARGET = 0.75
#: … and a closure rate (Fallabschlussquote) of at least 70 %.
CLOSURE_TARGET = 0.70
#: Width of the "clearly above/below" bands of the colour scale, as a fraction (10 points).
BAND = 0.10

#: Germany's extent with a small margin (degrees): coordinates outside are refused.
GERMANY_LATITUDE = (47.2, 55.1)
GERMANY_LONGITUDE = (5.8, 15.1)

#: Circle area proportional to BG: ``BG_REFERENCE`` households get ``RADIUS_REFERENCE_M`` metres.
BG_REFERENCE = 10_000
RADIUS_REFERENCE_M = 8_000.0
RADIUS_MIN_M = 2_000.0
RADIUS_MAX_M = 16_000.0

#: The Karte's map in pixels: the view is fitted to this size.
MAP_WIDTH, MAP_HEIGHT = 720, 560

MAX_FILE_BYTES = LIMITS.file_bytes  # the one upload limit of every reader (readers/source.py)
MAX_JOBCENTERS = 1_000

Color = tuple[int, int, int, int]

STATUS_ORDER = ("well_above", "above", "below", "well_below", "unknown")
STATUS_COLORS: Mapping[str, Color] = {
    "well_above": (0, 114, 178, 230),
    "above": (86, 180, 233, 230),
    "below": (230, 159, 0, 230),
    "well_below": (213, 94, 0, 230),
    "unknown": (153, 153, 153, 200),
}
STATUS_TEXT: Mapping[str, str] = {
    "well_above": "deutlich über Ziel",
    "above": "am oder über Ziel",
    "below": "knapp unter Ziel",
    "well_below": "deutlich unter Ziel",
    "unknown": "keine Angabe",
}
SITE_COLOR: Color = (51, 34, 136, 255)  # dark indigo: apart from the blue/orange scale
ARC_COLOR: Color = (51, 34, 136, 90)
ARC_COLOR_SELECTED: Color = (51, 34, 136, 230)
LINE_COLOR: Color = (255, 255, 255, 255)
LINE_COLOR_ACTIVE: Color = (34, 34, 34, 255)
LINE_COLOR_SELECTED: Color = (0, 0, 0, 255)
LABEL_COLOR: Color = (34, 34, 34, 255)
OUTLINE_FILL: Color = (240, 238, 230, 255)
OUTLINE_LINE: Color = (150, 150, 150, 255)


# --------------------------------------------------------------------------------------------
# Region data
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionJobcenter:
    """One Jobcenter of the region file.

    ``latitude``/``longitude`` in degrees (WGS84), ``bg_count`` benefit households (BG),
    ``reachability`` and ``closure_rate`` as fractions (0.55), ``None`` where not given.
    """

    jcnr: str
    name: str
    state: str = ""
    latitude: float
    longitude: float
    bg_count: int
    reachability: float | None = None
    closure_rate: float | None = None
    service_center: str = ""
    note: str = ""
    source: str = ""
    row: int | None = None

    @property
    def label(self) -> str:
        """Short map label: the name without a leading ``JC``/``Jobcenter``."""
        return re.sub(r"^(jobcenter|jc)\s+", "", self.name.strip(), flags=re.IGNORECASE) or self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceCenterSite:
    """A Service Center site (Standort) of the region."""

    name: str
    town: str = ""
    latitude: float
    longitude: float
    note: str = ""

    @property
    def label(self) -> str:
        """``SC Freiburg`` for ``Service Center Freiburg``."""
        return re.sub(r"^service\s*center\s+", "SC ", self.name.strip(), flags=re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    """The Jobcenters of a region and the Service Center sites that serve them."""

    jobcenters: tuple[RegionJobcenter, ...]
    service_centers: tuple[ServiceCenterSite, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The Bundesland where all Jobcenters lie in one, else ``Region``."""
        states = {jc.state for jc in self.jobcenters if jc.state}
        if len(states) == 1:
            return STATES.get(next(iter(states)), "Region")
        return "Region"

    @property
    def is_sample(self) -> bool:
        """True where the file marks its figures as sample values (``Hinweis`` says ``Beispiel…``)."""
        notes = [jc.note for jc in self.jobcenters] + [sc.note for sc in self.service_centers]
        return any("beispiel" in n.casefold() for n in notes)

    def find(self, jcnr: str | None) -> RegionJobcenter | None:
        """The Jobcenter with this JCNR (compared in normal form, ``62106`` = ``JC62106``)."""
        if not jcnr:
            return None
        key = normalize_jcnr(jcnr)
        return next((jc for jc in self.jobcenters if jc.jcnr == key), None)

    def site(self, name: str) -> ServiceCenterSite | None:
        key = name.strip().casefold()
        return next((sc for sc in self.service_centers if sc.name.casefold() == key), None)


@dataclass(frozen=True, slots=True)
class RegionImport(HasProblems):
    """What the region files gave: the region (where usable) and every problem."""

    region: Region | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.region is not None and not self.errors


def normalize_jcnr(value: str) -> str:
    """``jc 62106`` → ``JC62106``; a bare number gets the ``JC`` prefix."""
    text = re.sub(r"\s+", "", str(value)).upper()
    return "JC" + text if text.isdigit() else text


# --------------------------------------------------------------------------------------------
# Reader
# --------------------------------------------------------------------------------------------

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
_EXPECTED_COORDINATES = "Breite 47,2–55,1 und Länge 5,8–15,1 (Grad, innerhalb Deutschlands)"


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


def _not_a_region_table(table: _Table) -> Problem:
    return Problem(
        "Die Tabelle enthält weder Jobcenter (Spalte „JCNR“) noch Service-Center-Standorte.",
        file=table.file,
        sheet=table.sheet,
        row=1,
        expected=f"{_EXPECTED_JC_HEADER} oder {_EXPECTED_SITE_HEADER}",
    )


def _tables(raw: bytes, filename: str) -> list[_Table]:
    """The file's tables, through the import's safe readers (magic bytes, encodings, zip-bomb checks)."""
    from .readers import source

    if not raw or not raw.strip():
        raise O7InputError(Problem("Die Datei ist leer.", expected=_EXPECTED_JC_HEADER))
    try:
        source.check_size(len(raw))
        if source.sniff_kind(raw) == "xlsx":
            tables = [
                _Table(filename, t.name, [list(r) for r in t.rows])
                for t in source.xlsx_tables(raw)
                if any(_cell_text(c) for row in t.rows for c in row)
            ]
            if not tables:
                raise O7InputError(Problem("Die Excel-Datei ist leer.", expected=_EXPECTED_JC_HEADER))
            return tables
        text, _encoding = source.decode_text(raw)
        table, _delimiter = source.text_table(text)
        return [_Table(filename, None, [list(r) for r in table.rows])]
    except O7InputError as exc:
        raise O7InputError(_for_region(p) for p in exc.problems) from None


def _for_region(problem: Problem) -> Problem:
    """An import problem reworded for a region file (the readers speak of monthly data)."""
    message = problem.message.replace("keine Tabelle mit Monatswerten", "keine Regionsdatei")
    expected = problem.expected
    if expected is None or "Monatswerte" in expected or "Datenvorlage" in expected:
        expected = "CSV oder XLSX mit " + _EXPECTED_JC_HEADER
    return Problem(
        message,
        file=problem.file,
        sheet=problem.sheet,
        row=problem.row,
        column=problem.column,
        value=problem.value,
        expected=expected,
        severity=problem.severity,
    )


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
    for index, cell in enumerate(header):
        name = normalize_header(cell)
        if not name:
            continue
        spec = columns.get(name)
        if spec is None:
            problems.append(
                Problem(
                    f"Unbekannte Spalte „{_cell_text(cell)}“ wird ignoriert.",
                    file=table.file,
                    sheet=table.sheet,
                    row=header_row + 1,
                    column=_cell_text(cell),
                    severity="warning",
                )
            )
        elif spec[0] in mapping.values():
            problems.append(
                Problem(
                    f"Die Spalte „{spec[1]}“ kommt doppelt vor.",
                    file=table.file,
                    sheet=table.sheet,
                    row=header_row + 1,
                    column=_cell_text(cell),
                    expected="jede Spalte einmal",
                )
            )
        else:
            mapping[index] = spec[0]
    missing = [labels[f] for f in required if f not in mapping.values()]
    if missing:
        problems.append(
            Problem(
                f"Pflichtspalte {', '.join('„' + m + '“' for m in missing)} fehlt.",
                file=table.file,
                sheet=table.sheet,
                row=header_row + 1,
                column=missing[0],
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
    found: list[RegionJobcenter] = []
    first_row: dict[str, int] = {}
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
    for row_number, row in rows:
        values: dict[str, Any] = {}
        row_problems: list[Problem] = []

        for index, fld in mapping.items():
            cell = row[index] if index < len(row) else None
            text = _cell_text(cell)
            if not text:
                if fld in _JC_REQUIRED:
                    row_problems.append(_jc_problem(table, row_number, fld, f"{_JC_LABELS[fld]} fehlt.", None))
                continue
            try:
                values[fld] = _jc_value(fld, cell)
            except (ValueError, O7InputError) as exc:
                reason = exc.problems[0].message.rstrip(".") if isinstance(exc, O7InputError) else str(exc)
                row_problems.append(_jc_problem(table, row_number, fld, f"Ungültiger Wert ({reason}).", cell))
        if "latitude" in values and "longitude" in values:
            message = _coordinate_problem(values["latitude"], values["longitude"])
            if message:
                shown = f"{row[_col(mapping, 'latitude')]} / {row[_col(mapping, 'longitude')]}"
                row_problems.append(_jc_problem(table, row_number, "latitude", message, shown, _EXPECTED_COORDINATES))
        if "jcnr" in values:
            jcnr = values["jcnr"]
            if jcnr in first_row:
                message = f"Die JCNR {jcnr} kommt doppelt vor (zuerst in Zeile {first_row[jcnr]})."
                row_problems.append(_jc_problem(table, row_number, "jcnr", message, jcnr, "jede JCNR genau einmal"))
            else:
                first_row[jcnr] = row_number
        problems.extend(row_problems)
        if not row_problems and all(f in values for f in _JC_REQUIRED):
            found.append(RegionJobcenter(**values, source=table.file, row=row_number))
    return tuple(found), problems


def _jc_problem(
    table: _Table, row_number: int, fld: str, message: str, cell: Any, expected: str | None = None
) -> Problem:
    return Problem(
        message,
        file=table.file,
        sheet=table.sheet,
        row=row_number,
        column=_JC_LABELS[fld],
        value=None if cell is None else _cell_text(cell),
        expected=expected or _expected_jc(fld),
    )


def _col(mapping: Mapping[int, str], fld: str) -> int:
    return next(i for i, f in mapping.items() if f == fld)


def _expected_jc(fld: str) -> str:
    return {
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
    }[fld]


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


def _read_sites(table: _Table) -> tuple[tuple[ServiceCenterSite, ...], list[Problem]]:
    mapping, problems = _map_header(table, _SITE_COLUMNS, _SITE_REQUIRED, _SITE_LABELS)
    if any(p.is_error for p in problems):
        return (), problems
    sites: list[ServiceCenterSite] = []
    first_row: dict[str, int] = {}
    for row_number, row in _data_rows(table):
        values: dict[str, Any] = {}
        row_problems: list[Problem] = []
        for index, fld in mapping.items():
            cell = row[index] if index < len(row) else None
            text = _cell_text(cell)
            label = _SITE_LABELS[fld]
            if not text:
                if fld in _SITE_REQUIRED:
                    row_problems.append(
                        Problem(
                            f"{label} fehlt.",
                            file=table.file,
                            sheet=table.sheet,
                            row=row_number,
                            column=label,
                            expected="ein Wert",
                        )
                    )
                continue
            if fld in ("latitude", "longitude"):
                try:
                    values[fld] = parse_number(cell, kind="decimal")
                except ValueError as exc:
                    row_problems.append(
                        Problem(
                            f"Ungültiger Wert ({exc}).",
                            file=table.file,
                            sheet=table.sheet,
                            row=row_number,
                            column=label,
                            value=text,
                            expected="Grad, z. B. 48,70",
                        )
                    )
            else:
                values[fld] = text[:200]
        if "latitude" in values and "longitude" in values:
            message = _coordinate_problem(values["latitude"], values["longitude"])
            if message:
                row_problems.append(
                    Problem(
                        message,
                        file=table.file,
                        sheet=table.sheet,
                        row=row_number,
                        column="Breite",
                        value=f"{values['latitude']} / {values['longitude']}",
                        expected=_EXPECTED_COORDINATES,
                    )
                )
        if "name" in values:
            key = values["name"].casefold()
            if key in first_row:
                row_problems.append(
                    Problem(
                        f"Das Service Center „{values['name']}“ kommt doppelt vor (zuerst in Zeile {first_row[key]}).",
                        file=table.file,
                        sheet=table.sheet,
                        row=row_number,
                        column="Service Center",
                        expected="jeden Standort einmal",
                    )
                )
            else:
                first_row[key] = row_number
        problems.extend(row_problems)
        if not row_problems and all(f in values for f in _SITE_REQUIRED):
            sites.append(ServiceCenterSite(**values))
    return tuple(sites), problems


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


# --------------------------------------------------------------------------------------------
# Outline (Umriss) of a Bundesland, for the tile-free map
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Outline:
    """A coarse outline of a Bundesland: ``coordinates`` as (longitude, latitude) pairs, closed."""

    state: str
    name: str
    source: str
    coordinates: tuple[tuple[float, float], ...]


@lru_cache(maxsize=1)
def outlines() -> Mapping[str, Outline]:
    """The outlines shipped in ``o7core/data/outlines.json`` (so far: Baden-Württemberg)."""
    text = resources.files("o7core").joinpath("data", "outlines.json").read_text(encoding="utf-8")
    data = json.loads(text)
    result = {}
    for item in data["outlines"]:
        coords = tuple((float(lon), float(lat)) for lon, lat in item["coordinates"])
        result[item["state"]] = Outline(item["state"], item["name"], item["source"], coords)
    return result


def contains(outline: Outline, longitude: float, latitude: float) -> bool:
    """Point in polygon (ray casting) for the coarse outline."""
    inside = False
    points = outline.coordinates
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1], strict=True):
        if (y1 > latitude) != (y2 > latitude):
            x = x1 + (latitude - y1) * (x2 - x1) / (y2 - y1)
            if longitude < x:
                inside = not inside
    return inside


# --------------------------------------------------------------------------------------------
# Map data
# --------------------------------------------------------------------------------------------


def reachability_status(value: float | None, target: float, band: float = BAND) -> str:
    """Class of a reachability against the target (see the module docstring for the scale)."""
    if value is None:
        return "unknown"
    delta = round(value - target, 9)
    if delta >= round(band, 9):
        return "well_above"
    if delta >= 0:
        return "above"
    if delta >= -round(band, 9):
        return "below"
    return "well_below"


def bg_radius_m(bg_count: float) -> float:
    """Circle radius in metres: area proportional to BG, between ``RADIUS_MIN_M`` and ``RADIUS_MAX_M``."""
    radius = RADIUS_REFERENCE_M * math.sqrt(max(bg_count, 0) / BG_REFERENCE)
    return min(max(radius, RADIUS_MIN_M), RADIUS_MAX_M)


@dataclass(frozen=True, slots=True)
class MapView:
    """The initial view: centre in degrees and the web-map zoom level."""

    latitude: float
    longitude: float
    zoom: float


LABEL_CHAR_WIDTH = 0.58  # average glyph width of a bold sans-serif label, in font sizes
WORLD_PX = 512  # deck.gl / MapLibre: the whole world is 512 px wide at zoom 0
EARTH_CIRCUMFERENCE_M = 40_075_016.686


def _mercator_y(latitude: float) -> float:
    lat = math.radians(max(min(latitude, 85.0), -85.0))
    return math.log(math.tan(math.pi / 4 + lat / 2))


def fit_view(
    positions: Sequence[tuple[float, float]], *, width: int = 900, height: int = 560, padding: float = 0.12
) -> MapView:
    """Centre and zoom so that all (longitude, latitude) ``positions`` fit a ``width``×``height`` px map.

    Web Mercator as deck.gl draws it: at zoom z the world is 512·2^z pixels wide. ``padding`` is the share of the
    extent added around the points. One point (or none) gives a town-sized view.
    """
    if not positions:
        return MapView(51.2, 10.4, 5.0)  # Germany
    lons = [p[0] for p in positions]
    lats = [p[1] for p in positions]
    lon_span = (max(lons) - min(lons)) * (1 + 2 * padding)
    y_span = (_mercator_y(max(lats)) - _mercator_y(min(lats))) * (1 + 2 * padding)
    centre_lon = (max(lons) + min(lons)) / 2
    centre_y = (_mercator_y(max(lats)) + _mercator_y(min(lats))) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    zooms = [12.0]
    if lon_span > 1e-9:
        zooms.append(math.log2(width * 360 / (WORLD_PX * lon_span)))
    if y_span > 1e-12:
        zooms.append(math.log2(height * 2 * math.pi / (WORLD_PX * y_span)))
    zoom = min(max(min(zooms), 3.0), 12.0)
    if len(zooms) == 1:
        zoom = 9.0
    return MapView(round(centre_lat, 5), round(centre_lon, 5), round(zoom, 2))


def meters_per_pixel(view: MapView) -> float:
    """Ground metres per screen pixel at the view's centre and zoom (deck.gl's 512 px world at zoom 0)."""
    return EARTH_CIRCUMFERENCE_M / WORLD_PX * math.cos(math.radians(view.latitude)) / 2**view.zoom


def legend_sizes(view: MapView, bg_counts: Sequence[int] = (1_000, 5_000, 20_000)) -> list[tuple[int, float]]:
    """(BG, circle radius in pixels at the initial view) for the size legend."""
    mpp = meters_per_pixel(view)
    return [(bg, bg_radius_m(bg) / mpp) for bg in bg_counts]


@dataclass(frozen=True, slots=True, kw_only=True)
class MapPoint:
    """A Jobcenter on the map, with everything the layers and the detail panel need."""

    jcnr: str
    name: str
    label: str
    state: str
    longitude: float
    latitude: float
    radius_m: float
    color: Color
    line_color: Color
    line_width: float
    status: str
    status_text: str
    bg_count: int
    reachability: float | None
    reachability_source: str  # "Regionsdatei" | "aktive Planung"
    closure_rate: float | None
    service_center: str
    note: str
    is_active: bool
    is_selected: bool
    tooltip: str

    def record(self) -> dict[str, Any]:
        """The plain dict a pydeck layer takes (``position`` is ``[longitude, latitude]``)."""
        return {
            "jcnr": self.jcnr,
            "name": self.name,
            "label": self.label,
            "position": [self.longitude, self.latitude],
            "radius": round(self.radius_m, 1),
            "color": list(self.color),
            "line_color": list(self.line_color),
            "line_width": self.line_width,
            "bg": self.bg_count,
            "tooltip": self.tooltip,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class MapSite:
    """A Service Center site on the map."""

    name: str
    label: str
    longitude: float
    latitude: float
    jobcenter_count: int
    bg_total: int
    color: Color
    tooltip: str

    def record(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "label": self.label,
            "position": [self.longitude, self.latitude],
            "color": list(self.color),
            "tooltip": self.tooltip,
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class MapArc:
    """An arc from a Service Center site to a Jobcenter it serves."""

    service_center: str
    jcnr: str
    source: tuple[float, float]
    target: tuple[float, float]
    color: Color
    width: float
    tooltip: str

    def record(self) -> dict[str, Any]:
        return {
            "source": list(self.source),
            "target": list(self.target),
            "color": list(self.color),
            "width": self.width,
            "tooltip": self.tooltip,
        }


@dataclass(frozen=True, slots=True)
class LegendEntry:
    """One line of the legend: colour, German text, how many Jobcenters fall in it."""

    status: str
    color: Color
    text: str
    count: int

    @property
    def hex(self) -> str:
        return "#{:02x}{:02x}{:02x}".format(*self.color[:3])


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionSummary:
    """Key figures of the region for the header of the page."""

    jobcenters: int
    bg_total: int
    with_reachability: int
    below_target: int
    mean_reachability: float | None  # weighted by BG, over the Jobcenters with a figure
    service_centers: int


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionMap:
    """Everything the Karte page draws, as plain data."""

    region_name: str
    target: float
    band: float
    is_sample: bool
    points: tuple[MapPoint, ...]
    sites: tuple[MapSite, ...]
    arcs: tuple[MapArc, ...]
    legend: tuple[LegendEntry, ...]
    outlines: tuple[Outline, ...]
    view: MapView
    summary: RegionSummary

    def point(self, jcnr: str | None) -> MapPoint | None:
        if not jcnr:
            return None
        key = normalize_jcnr(jcnr)
        return next((p for p in self.points if p.jcnr == key), None)

    def point_records(self) -> list[dict[str, Any]]:
        """Jobcenter circles, largest first so that small ones are drawn on top."""
        return [p.record() for p in sorted(self.points, key=lambda p: -p.bg_count)]

    def site_records(self) -> list[dict[str, Any]]:
        return [s.record() for s in self.sites]

    def arc_records(self) -> list[dict[str, Any]]:
        return [a.record() for a in self.arcs]

    def label_records(self, *, declutter: bool = True) -> list[dict[str, Any]]:
        """Text labels. With ``declutter`` a label that would overlap one of higher priority at the
        initial view is left out (the active and selected Jobcenter first, then the Service Center
        sites, then by BG); the tooltip still names every point."""
        labels: list[dict[str, Any]] = [
            {
                "text": p.label,
                "position": [p.longitude, p.latitude],
                "size": 13 if (p.is_active or p.is_selected) else 11,
                "color": list(LABEL_COLOR),
                "offset": [0, -13],
                "priority": 3000 if (p.is_active or p.is_selected) else min(p.bg_count // 100, 999),
            }
            for p in self.points
        ]
        labels += [
            {
                "text": s.label,
                "position": [s.longitude, s.latitude],
                "size": 12,
                "color": list(SITE_COLOR),
                "offset": [0, 15],
                "priority": 2000,
            }
            for s in self.sites
        ]
        labels.sort(key=lambda label: -label["priority"])
        if not declutter:
            return labels
        scale = WORLD_PX * 2**self.view.zoom
        placed: list[tuple[float, float, float, float]] = []
        shown = []
        for label in labels:
            lon, lat = label["position"]
            x = (lon + 180) / 360 * scale + label["offset"][0]
            y = (1 - _mercator_y(lat) / math.pi) / 2 * scale + label["offset"][1]
            half_w = (LABEL_CHAR_WIDTH * label["size"] * len(label["text"])) / 2 + 2
            half_h = label["size"] * 0.65 + 1  # ascenders, descenders and the white halo
            box = (x - half_w, y - half_h, x + half_w, y + half_h)
            if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
                continue
            placed.append(box)
            shown.append(label)
        return shown

    def selection_records(self, jcnr: str | None) -> dict[str, list[dict[str, Any]]]:
        """The highlight of the selected Jobcenter, drawn over a map built without a selection.

        ``ring``: a black ring round its circle; ``arcs``: its arcs to the Service Center, stressed;
        ``label``: its label in the larger size. Empty lists where ``jcnr`` is not on the map. So
        the map's own layers stay the same when the user picks another Jobcenter.
        """
        p = self.point(jcnr)
        if p is None:
            return {"ring": [], "arcs": [], "label": []}
        ring = {
            "jcnr": p.jcnr,
            "position": [p.longitude, p.latitude],
            "radius": round(p.radius_m, 1),
            "line_color": list(LINE_COLOR_SELECTED),
            "line_width": 4.0,
        }
        arcs = [
            {
                "source": list(a.source),
                "target": list(a.target),
                "color": list(ARC_COLOR_SELECTED),
                "width": 3.0,
                "tooltip": a.tooltip,
            }
            for a in self.arcs
            if a.jcnr == p.jcnr
        ]
        label = {
            "text": p.label,
            "position": [p.longitude, p.latitude],
            "size": 13,
            "color": list(LABEL_COLOR),
            "offset": [0, -13],
        }
        return {"ring": [ring], "arcs": arcs, "label": [label]}

    def outline_records(self) -> list[dict[str, Any]]:
        return [{"name": o.name, "polygon": [list(c) for c in o.coordinates]} for o in self.outlines]

    def table_rows(self) -> list[dict[str, str]]:
        """The region as a German table (formatted with ``o7core.fmt``), sorted by name."""
        rows = []
        for p in sorted(self.points, key=lambda p: p.name.casefold()):
            rows.append(
                {
                    "Jobcenter": p.name,
                    "JCNR": p.jcnr,
                    "Service Center": p.service_center or "–",
                    "BG": fmt.count(p.bg_count),
                    "Erreichbarkeit": fmt.percent(p.reachability)
                    + (" (aktive Planung)" if p.reachability_source == "aktive Planung" else ""),
                    "Einstufung": p.status_text,
                    "Fallabschlussquote": fmt.percent(p.closure_rate),
                }
            )
        return rows


def status_label(status: str, target: float, band: float = BAND) -> str:
    """The legend text of a status with its range, e.g. ``unter 65,0 %: deutlich unter Ziel``."""
    hi = fmt.percent(target + band)
    mid = fmt.percent(target)
    lo = fmt.percent(max(target - band, 0.0))
    ranges = {
        "well_above": f"ab {hi}",
        "above": f"{mid} bis unter {hi}",
        "below": f"{lo} bis unter {mid}",
        "well_below": f"unter {lo}",
        "unknown": "Erreichbarkeit fehlt",
    }
    return f"{STATUS_TEXT[status]} ({ranges[status]})"


def _tooltip(jc: RegionJobcenter, reachability: float | None, source: str, status: str, target: float) -> str:
    lines = [f"{jc.name} ({jc.jcnr})"]
    lines.append(jc.service_center or "ohne Service Center")
    lines.append(f"BG: {fmt.count(jc.bg_count)}")
    if reachability is None:
        lines.append("Erreichbarkeit: keine Angabe")
    else:
        extra = " (aktive Planung)" if source == "aktive Planung" else ""
        lines.append(f"Erreichbarkeit: {fmt.percent(reachability)}{extra}")
    lines.append(f"Einstufung: {STATUS_TEXT[status]} (Ziel {fmt.percent(target)})")
    lines.append(f"Fallabschlussquote: {fmt.percent(jc.closure_rate)}")
    return "\n".join(lines)


def build_region_map(
    region: Region,
    *,
    target: float = CONTRACT_TARGET,
    band: float = BAND,
    active_jcnr: str | None = None,
    active_reachability: float | None = None,
    selected_jcnr: str | None = None,
    width: int = 900,
    height: int = 560,
) -> RegionMap:
    """The map data of ``region``.

    ``target``: the reachability the colours compare with (fraction, default the contract's 75 %).
    ``active_jcnr``/``active_reachability``: the Jobcenter loaded in the app and the possible
    reachability of its current plan, which replaces the file's figure for that Jobcenter.
    ``selected_jcnr``: drawn with a black ring and its arcs stressed. ``width``/``height``: the
    map's size in pixels, for fitting the view.
    """
    if not 0 < target <= 1:
        raise O7InputError(
            Problem("Der Zielwert der Erreichbarkeit muss über 0 % und höchstens 100 % liegen.", column="Ziel")
        )
    active = normalize_jcnr(active_jcnr) if active_jcnr else None
    selected = normalize_jcnr(selected_jcnr) if selected_jcnr else None
    points: list[MapPoint] = []
    for jc in region.jobcenters:
        is_active = jc.jcnr == active
        reachability, source = jc.reachability, "Regionsdatei"
        if is_active and active_reachability is not None:
            reachability, source = active_reachability, "aktive Planung"
        status = reachability_status(reachability, target, band)
        is_selected = jc.jcnr == selected
        line_color, line_width = LINE_COLOR, 1.0
        if is_active:
            line_color, line_width = LINE_COLOR_ACTIVE, 2.5
        if is_selected:
            line_color, line_width = LINE_COLOR_SELECTED, 4.0
        points.append(
            MapPoint(
                jcnr=jc.jcnr,
                name=jc.name,
                label=jc.label,
                state=jc.state,
                longitude=jc.longitude,
                latitude=jc.latitude,
                radius_m=bg_radius_m(jc.bg_count),
                color=STATUS_COLORS[status],
                line_color=line_color,
                line_width=line_width,
                status=status,
                status_text=STATUS_TEXT[status],
                bg_count=jc.bg_count,
                reachability=reachability,
                reachability_source=source,
                closure_rate=jc.closure_rate,
                service_center=jc.service_center,
                note=jc.note,
                is_active=is_active,
                is_selected=is_selected,
                tooltip=_tooltip(jc, reachability, source, status, target),
            )
        )
    sites: list[MapSite] = []
    arcs: list[MapArc] = []
    for site in region.service_centers:
        served = [p for p in points if p.service_center.casefold() == site.name.casefold()]
        bg_total = sum(p.bg_count for p in served)
        town = f"Standort: {site.town}\n" if site.town else ""
        sites.append(
            MapSite(
                name=site.name,
                label=site.label,
                longitude=site.longitude,
                latitude=site.latitude,
                jobcenter_count=len(served),
                bg_total=bg_total,
                color=SITE_COLOR,
                tooltip=f"{site.name}\n{town}betreut {fmt.count(len(served))} Jobcenter mit {fmt.count(bg_total)} BG",
            )
        )
        for p in served:
            arcs.append(
                MapArc(
                    service_center=site.name,
                    jcnr=p.jcnr,
                    source=(site.longitude, site.latitude),
                    target=(p.longitude, p.latitude),
                    color=ARC_COLOR_SELECTED if p.is_selected else ARC_COLOR,
                    width=3.0 if p.is_selected else 1.5,
                    tooltip=f"{site.name} → {p.name}",
                )
            )
    counts = {s: sum(1 for p in points if p.status == s) for s in STATUS_ORDER}
    legend = tuple(
        LegendEntry(s, STATUS_COLORS[s], status_label(s, target, band), counts[s])
        for s in STATUS_ORDER
        if s != "unknown" or counts[s]
    )
    states = sorted({p.state for p in points if p.state})
    shapes = tuple(outlines()[s] for s in states if s in outlines())
    positions = [(p.longitude, p.latitude) for p in points] + [(s.longitude, s.latitude) for s in sites]
    known = [p for p in points if p.reachability is not None]
    weight = sum(p.bg_count for p in known)
    summary = RegionSummary(
        jobcenters=len(points),
        bg_total=sum(p.bg_count for p in points),
        with_reachability=len(known),
        below_target=sum(1 for p in points if p.status in ("below", "well_below")),
        mean_reachability=(sum(p.bg_count * (p.reachability or 0.0) for p in known) / weight) if weight else None,
        service_centers=len(sites),
    )
    return RegionMap(
        region_name=region.name,
        target=target,
        band=band,
        is_sample=region.is_sample,
        points=tuple(points),
        sites=tuple(sites),
        arcs=tuple(arcs),
        legend=legend,
        outlines=shapes,
        view=fit_view(positions, width=width, height=height),
        summary=summary,
    )


def jcnr_from_selection(selection: Mapping[str, Any] | None, layer_id: str = "jobcenter") -> str | None:
    """The JCNR of the Jobcenter picked on the map, from ``st.pydeck_chart``'s selection state.

    The selection looks like ``{"indices": {layer: [i]}, "objects": {layer: [record]}}``. The layer's
    id may carry a pick counter (``jobcenter-3``): the page renames the pickable layers after each
    click, so that the browser drops its own selection (and its grey-out) without a new map.
    """
    if not selection:
        return None
    objects = selection.get("objects") or {}
    for name, picked in objects.items():
        if name != layer_id and not str(name).startswith(layer_id + "-"):
            continue
        for record in picked or []:
            if isinstance(record, Mapping) and record.get("jcnr"):
                return str(record["jcnr"])
    return None
