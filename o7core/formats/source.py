"""Bytes → rows of cells, safely.

Everything here is about *not* trusting an upload: the size is checked before anything is
decoded, the kind of file is recognised from its first bytes (a PDF or PNG renamed to ``.xlsx``
or ``.csv`` is named as such), and an XLSX archive's declared sizes and compression ratios are
checked before openpyxl parses a single XML byte (Python's ``zipfile`` never inflates an entry
beyond its declared size, so the declared sizes are a hard bound). openpyxl parses through
``defusedxml`` when it is installed (it is pinned in ``requirements.txt``).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import O7InputError, Problem

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """The one budget of every reader (planning data, planning aid, SC report, region, price sheet, scenario,
    appendix, Kosten board): every upload is refused at the *first* limit it exceeds, with a German message that
    names the limit and the file's value (:func:`over_limit`). Real files stay far below each figure: 24 months are
    a few KB, a region of 400 Jobcenters is 400 rows, the BA planning aid has a handful of sheets.
    """

    #: bytes of the upload (the app's upload limit and the CLI's read bound)
    file_bytes: int = 20 * MB
    #: total uncompressed bytes of an XLSX archive (declared sizes; ``zipfile`` never inflates beyond them)
    unpacked_bytes: int = 25 * MB
    #: uncompressed bytes of any single part of an XLSX archive that is parsed (a sheet …; not pictures)
    part_bytes: int = 4 * MB
    #: uncompressed bytes of the shared-strings part (every text of the workbook, parsed at once by openpyxl)
    shared_strings_bytes: int = 2 * MB
    #: uncompressed bytes of the styles part (every cell format, parsed at once by openpyxl)
    styles_bytes: int = MB
    #: compression ratio of a part above 1 MB (real sheets reach 10–30)
    ratio: int = 150
    #: parts of an XLSX archive
    entries: int = 400
    #: sheets of a workbook
    sheets: int = 60
    #: rows of one sheet or text file that hold a value
    rows: int = 5000
    #: columns of one sheet or text file that hold a value
    columns: int = 200
    #: non-empty cells read from one file (all sheets together)
    cells: int = 50_000
    #: characters of one cell, CSV field or JSON string
    field_chars: int = 10_000
    #: nesting depth of a JSON file
    json_depth: int = 40
    #: wall-clock seconds of one read
    seconds: float = 5.0
    #: pages of a PDF read for its text (an appendix has one or two)
    pdf_pages: int = 20
    #: characters of text taken from a PDF or pasted (an appendix has about 3.000)
    pdf_text_chars: int = 200_000


#: The limits every reader uses (tests pass smaller ones to a reader's ``limits=`` to reach each branch).
LIMITS = Limits()

#: German name of each limit and the unit of its figures (for :func:`over_limit`).
LIMIT_NAMES: dict[str, tuple[str, str]] = {
    "file_bytes": ("Dateigröße", "MB"),
    "unpacked_bytes": ("entpackte Größe der Excel-Datei", "MB"),
    "part_bytes": ("entpackte Größe eines Teils der Excel-Datei", "MB"),
    "shared_strings_bytes": ("Größe der Texttabelle (shared strings) der Excel-Datei", "MB"),
    "styles_bytes": ("Größe der Zellformate (styles) der Excel-Datei", "MB"),
    "ratio": ("Packungsdichte eines Teils der Excel-Datei", "fach"),
    "entries": ("Anzahl der Teile der Excel-Datei", ""),
    "sheets": ("Anzahl der Tabellenblätter", ""),
    "rows": ("Anzahl der Zeilen", ""),
    "columns": ("Anzahl der Spalten", ""),
    "cells": ("Anzahl der gefüllten Zellen", ""),
    "field_chars": ("Länge eines Feldes", "Zeichen"),
    "json_depth": ("Verschachtelungstiefe der JSON-Datei", "Ebenen"),
    "seconds": ("Lesezeit", "Sekunden"),
    "pdf_pages": ("Anzahl der Seiten der PDF-Datei", "Seiten"),
    "pdf_text_chars": ("Textmenge", "Zeichen"),
}

#: Kept for callers that name the old constants.
MAX_FILE_BYTES = LIMITS.file_bytes
MAX_XLSX_UNCOMPRESSED = LIMITS.unpacked_bytes
MAX_XLSX_RATIO = LIMITS.ratio
MAX_XLSX_ENTRIES = LIMITS.entries
MAX_ROWS = LIMITS.rows
MAX_COLUMNS = LIMITS.columns


def _limit_text(name: str, value: float) -> str:
    from .. import fmt

    unit = LIMIT_NAMES[name][1]
    if unit == "MB":
        return f"{fmt.number(value / MB, 1).removesuffix(',0')} MB"
    if unit == "fach":
        return f"{fmt.count(value)}-fach"
    if name == "seconds":
        return f"{fmt.number(value, 1)} Sekunden"
    return f"{fmt.count(value)} {unit}".strip()


def over_limit(
    name: str, value: float, *, limits: Limits | None = None, more: bool = False, where: str = ""
) -> O7InputError:
    """The one German refusal of limit ``name``: names the limit, the file's value and the allowed value.

    ``more``: the file has *more* than the limit, counted only up to the point where the read stopped.
    """
    limit = getattr(limits or LIMITS, name)
    label = LIMIT_NAMES[name][0]
    found = ("mehr als " if more else "") + _limit_text(name, value)
    if _limit_text(name, value) == _limit_text(name, limit):  # 20,01 MB shown as 20 MB
        found = "mehr als " + _limit_text(name, limit)
    bomb = " (möglicherweise eine ZIP-Bombe)" if name in ("unpacked_bytes", "part_bytes", "ratio") else ""
    return O7InputError(
        Problem(
            f"Die Datei überschreitet die Grenze „{label}“{where}: {found}, erlaubt sind höchstens "
            f"{_limit_text(name, limit)}{bomb}. Sie wird nicht weiter gelesen.",
            value=found,
        )
    )


class Budget:
    """What one read may still spend: wall time and cells (all sheets together). Checked as the read goes, so
    a read stops at the first exceeded budget instead of running to the end."""

    __slots__ = ("cells", "deadline", "limits", "started")

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or LIMITS
        self.started = time.monotonic()
        self.deadline = self.started + self.limits.seconds
        self.cells = 0

    def tick(self) -> None:
        """Refuse once the read has run longer than its time budget."""
        now = time.monotonic()
        if now > self.deadline:
            raise over_limit("seconds", now - self.started, limits=self.limits, more=True)

    def add_cells(self, n: int) -> None:
        self.cells += n
        if self.cells > self.limits.cells:
            raise over_limit("cells", self.limits.cells, limits=self.limits, more=True)


EXPECTED_DATA = "Datenvorlage (CSV oder XLSX mit Monatswerten), Planungshilfe der BA oder Szenariodatei (JSON)"


@dataclass(frozen=True, slots=True)
class FileKind:
    """What a reader expects, for the edge's refusals in its words: ``Die Datei ist ein PDF-Dokument,
    {not_this}.`` with ``expected`` as the expected form (no reader rewords the edge's messages)."""

    #: the end of a refusal of another kind of file: ``keine Tabelle mit Monatswerten``, ``kein Monatsbericht``
    not_this: str = "keine Tabelle mit Monatswerten"
    #: the expected form named by a refusal
    expected: str = EXPECTED_DATA


#: The planning data (template, planning aid, scenario file): the default of every function here.
MONTHLY_DATA = FileKind()


@dataclass(frozen=True, slots=True)
class Table:
    """One sheet or text file as rows of cell values (row 1 is the first line)."""

    name: str | None  # sheet name; None for a text file
    rows: tuple[tuple[Any, ...], ...]
    #: (row, column) of formula cells that have no cached value (Excel never calculated them).
    uncalculated: frozenset[tuple[int, int]] = field(default_factory=frozenset)
    #: ``True`` when the text came from a spreadsheet program's letters (column names A, B, …).
    spreadsheet: bool = True


def column_letter(index: int) -> str:
    """Spreadsheet column name of a 0-based index: 0 → ``A``, 27 → ``AB``."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def refuse(message: str, *, expected: str = EXPECTED_DATA, value: str | None = None) -> O7InputError:
    return O7InputError(Problem(message, expected=expected, value=value))


def check_size(size: int, limits: Limits | None = None) -> None:
    """Refuse empty files and files above the upload limit (before reading them)."""
    if size == 0:
        raise refuse("Die Datei ist leer (0 Byte).")
    lim = limits or LIMITS
    if size > lim.file_bytes:
        raise over_limit("file_bytes", size, limits=lim)


_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "ein PDF-Dokument"),
    (b"\x89PNG", "ein PNG-Bild"),
    (b"\xff\xd8\xff", "ein JPEG-Bild"),
    (b"GIF8", "ein GIF-Bild"),
    (b"BM", ""),  # checked below: only with a plausible bitmap header
    (b"II*\x00", "ein TIFF-Bild"),
    (b"MM\x00*", "ein TIFF-Bild"),
    (b"RIFF", "eine RIFF-Datei (Bild/Audio)"),
    (b"\x1f\x8b", "ein gzip-Archiv"),
    (b"7z\xbc\xaf", "ein 7-Zip-Archiv"),
    (b"Rar!", "ein RAR-Archiv"),
    (b"\xd0\xcf\x11\xe0", "eine Excel-Datei im alten Format (.xls) oder eine kennwortgeschützte Excel-Datei"),
)


def sniff_kind(raw: bytes, kind: FileKind = MONTHLY_DATA) -> str:
    """``"xlsx"`` (a zip archive), ``"text"``, or raise for a known non-data file."""
    if raw[:4] == b"PK\x03\x04" or raw[:4] == b"PK\x05\x06":
        return "xlsx"
    for magic, what in _MAGIC:
        if raw.startswith(magic) and what:
            hint = " Bitte in Excel öffnen und als .xlsx speichern." if "xls" in what else ""
            raise refuse(f"Die Datei ist {what}, {kind.not_this}.{hint}", expected=kind.expected)
    if raw.startswith(b"BM") and len(raw) > 14 and raw[6:10] == b"\x00\x00\x00\x00":
        raise refuse(f"Die Datei ist ein BMP-Bild, {kind.not_this}.", expected=kind.expected)
    return "text"


# --------------------------------------------------------------------------- text


def decode_text(raw: bytes, kind: FileKind = MONTHLY_DATA) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode-Text"), else
    Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)" on German Windows)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise refuse("Die Datei beginnt wie UTF-16-Text, ist aber nicht lesbar.", expected=kind.expected) from None
    sample = raw[:4096]
    if b"\x00" in sample:
        raise refuse("Die Datei ist keine Textdatei (sie enthält Binärdaten).", expected=kind.expected)
    try:
        return raw.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 8:
        raise refuse("Die Datei ist keine Textdatei (sie enthält Binärdaten).", expected=kind.expected)
    return text, "Windows-1252"


def _delimiter(lines: list[str]) -> str:
    """``;``, ``,`` or tab: the separator that occurs most often in the first 200 lines.

    A comma counts less than ``;`` or a tab, because German decimals (``4,85``) and prose (a
    planning aid pasted with its title text) contain commas that are not separators.
    """
    sample = lines[:200]
    scores = {
        "\t": 1.5 * sum(ln.count("\t") for ln in sample),
        ";": 1.5 * sum(ln.count(";") for ln in sample),
        ",": 1.0 * sum(ln.count(",") for ln in sample),
    }
    best = max(scores, key=lambda d: scores[d])
    return best if scores[best] > 0 else ";"


def text_lines(text: str) -> Iterator[str]:
    """The lines of ``text``, lazily (no list of millions of lines), ending at CR, LF or CRLF (Excel for Mac)."""
    return iter(io.StringIO(text, newline=""))


def csv_rows(
    text: str, delimiter: str, limits: Limits | None = None, budget: Budget | None = None
) -> list[tuple[str, ...]]:
    """The rows of CSV ``text`` within the budget (rows, columns, field length, time); a broken quote or an
    overlong field is refused in German, never as ``csv.Error``. Blank lines past the row limit are skipped."""
    budget = budget or Budget(limits)
    lim = budget.limits
    reader = csv.reader(text_lines(text), delimiter=delimiter)
    rows: list[tuple[str, ...]] = []
    count = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return rows
        except csv.Error as exc:
            if "field limit" in str(exc):
                raise over_limit("field_chars", lim.field_chars, limits=lim, more=True) from None
            raise O7InputError(
                Problem(
                    "Die Zeile ist kein gültiger Text mit Trennzeichen (ein Anführungszeichen ist nicht geschlossen"
                    " oder ein Steuerzeichen steht im Text).",
                    row=reader.line_num,
                    expected="eine CSV-Datei mit einer Zeile je Monat",
                )
            ) from None
        count += 1
        if count % 256 == 0:
            budget.tick()
        used = len(row)
        while used and not row[used - 1].strip():
            used -= 1
        if count > lim.rows:
            if used:
                raise over_limit("rows", lim.rows, limits=lim, more=True)
            continue
        if used > lim.columns:
            raise over_limit("columns", used, limits=lim, where=f" (Zeile {reader.line_num})")
        for cell in row[:used]:
            if len(cell) > lim.field_chars:
                raise over_limit("field_chars", len(cell), limits=lim, where=f" (Zeile {reader.line_num})")
        budget.add_cells(used)
        rows.append(tuple(row[:used]))


def text_table(text: str, limits: Limits | None = None) -> tuple[Table, str]:
    """Rows of a CSV/TSV text and the separator found (within the budget)."""
    sample = [ln for ln in itertools.islice(text_lines(text), 400) if ln.strip()]
    delimiter = _delimiter(sample)
    rows = [tuple(c.strip() for c in row) for row in csv_rows(text, delimiter, limits)]
    return Table(None, tuple(rows)), delimiter


# --------------------------------------------------------------------------- xlsx


_SHEET_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sheet[\s/>]")
_PART_TYPE = re.compile(rb"<Override\b[^>]*>")
_PART_NAME = re.compile(rb'PartName\s*=\s*"/?([^"]+)"')


def check_archive(raw: bytes, limits: Limits | None = None, kind: FileKind = MONTHLY_DATA) -> zipfile.ZipFile:
    """Open the zip archive and refuse it by its *declared* sizes, its parts and its number of sheets before
    openpyxl parses a single XML byte."""
    lim = limits or LIMITS
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, UnicodeDecodeError):
        raise refuse(
            "Die Datei ist ein beschädigtes Archiv und keine lesbare Excel-Datei (XLSX).", expected=kind.expected
        ) from None
    if len(infos) > lim.entries:
        raise over_limit("entries", len(infos), limits=lim)
    total = sum(i.file_size for i in infos)
    if total > lim.unpacked_bytes:
        raise over_limit("unpacked_bytes", total, limits=lim)
    for info in infos:
        if info.file_size > MB and info.file_size > lim.ratio * max(info.compress_size, 1):
            raise over_limit(
                "ratio", info.file_size // max(info.compress_size, 1), limits=lim, where=f" („{info.filename}“)"
            )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            raise refuse(
                "Die Datei ist eine OpenDocument-Tabelle (.ods). Bitte als .xlsx oder .csv speichern.",
                expected=kind.expected,
            )
        if "word/document.xml" in names:
            raise refuse(f"Die Datei ist ein Word-Dokument, {kind.not_this}.", expected=kind.expected)
        raise refuse("Die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (XLSX).", expected=kind.expected)
    try:
        workbook_xml = archive.read("xl/workbook.xml")
        content_types = archive.read("[Content_Types].xml") if "[Content_Types].xml" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
        raise refuse(
            "Die Datei ist ein beschädigtes Archiv und keine lesbare Excel-Datei (XLSX).", expected=kind.expected
        ) from None
    sheets = len(_SHEET_TAG.findall(workbook_xml))
    if sheets > lim.sheets:
        raise over_limit("sheets", sheets, limits=lim)
    special = {b"xl/sharedStrings.xml": "shared_strings_bytes", b"xl/styles.xml": "styles_bytes"}
    for match in _PART_TYPE.finditer(content_types):
        part = _PART_NAME.search(match.group())
        if part and b"sharedStrings" in match.group():
            special[part.group(1)] = "shared_strings_bytes"
        elif part and b"styles+xml" in match.group():
            special[part.group(1)] = "styles_bytes"
    for info in infos:
        limit = special.get(info.filename.encode("utf-8", "replace"))
        if limit and info.file_size > getattr(lim, limit):
            raise over_limit(limit, info.file_size, limits=lim)
    for info in infos:
        if info.file_size > lim.part_bytes and not info.filename.startswith("xl/media/"):
            raise over_limit("part_bytes", info.file_size, limits=lim, where=f" („{info.filename}“)")
    return archive


def open_workbook(raw: bytes, limits: Limits | None = None, kind: FileKind = MONTHLY_DATA) -> Any:
    """An openpyxl workbook in streaming (read-only) mode, after :func:`check_archive`; cached values.

    Only the archive's directory, the workbook part, the shared strings and the styles are parsed here (all
    bounded by the limits); a sheet is parsed only when it is read, row by row.
    """
    from openpyxl import load_workbook

    lim = limits or LIMITS
    check_archive(raw, lim, kind).close()
    try:
        wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True, keep_links=False)
    except O7InputError:
        raise
    except Exception:  # openpyxl raises many kinds for broken files
        raise refuse("Die Excel-Datei ist beschädigt und nicht lesbar.", expected=kind.expected) from None
    if len(wb.sheetnames) > lim.sheets:
        wb.close()
        raise over_limit("sheets", len(wb.sheetnames), limits=lim)
    return wb


def sheet_rows(ws: Any, budget: Budget, *, name: str | None = None) -> Table:
    """One sheet of a read-only workbook as a :class:`Table`, within ``budget``.

    The sheet's XML is streamed cell by cell (openpyxl's own cell parser for types, shared strings and dates),
    so a read stops at the *first* value beyond the row or column limit, the cell budget, a too long text or
    the time budget, before the rest of the row is even parsed; parsing ends with ``</sheetData>``. Missing
    rows become empty rows, so that row numbers stay those of Excel; a formula without a cached value is listed
    in ``Table.uncalculated``.
    """
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    row_tag, cell_tag, data_tag = (f"{{{SHEET_MAIN_NS}}}{t}" for t in ("row", "c", "sheetData"))
    lim = budget.limits
    title = name if name is not None else ws.title
    where = f" (Blatt „{title}“)"
    uncalculated: set[tuple[int, int]] = set()
    rows: dict[int, dict[int, Any]] = {}
    depth = 0
    seen = 0
    with ws._get_source() as src:
        parser = WorkSheetParser(
            src,
            ws._shared_strings,
            data_only=True,
            epoch=ws.parent.epoch,
            date_formats=ws.parent._date_formats,
            timedelta_formats=ws.parent._timedelta_formats,
        )
        for event, element in iterparse(src, events=("start", "end")):
            tag = element.tag
            if event == "start":
                depth += 1
                if tag == row_tag:
                    number = element.get("r")
                    parser.row_counter = int(number) if number else parser.row_counter + 1
                    parser.col_counter = 0
                continue
            depth -= 1
            if tag == cell_tag:
                seen += 1
                if seen % 256 == 0:
                    budget.tick()
                cell = parser.parse_cell(element)
                formula = element.find(FORMULA_TAG) is not None
                element.clear()
                value, r, c = cell["value"], cell["row"], cell["column"]
                if value is None or value == "":
                    if formula:
                        uncalculated.add((r, c - 1))
                    continue
                if r > lim.rows:
                    raise over_limit("rows", lim.rows, limits=lim, more=True, where=where)
                if c > lim.columns:
                    raise over_limit("columns", lim.columns, limits=lim, more=True, where=where)
                if isinstance(value, str) and len(value) > lim.field_chars:
                    raise over_limit("field_chars", len(value), limits=lim, where=where)
                budget.add_cells(1)
                rows.setdefault(r, {})[c] = value
            elif tag == row_tag:
                element.clear()
                budget.tick()
            elif tag == data_tag:
                break
            elif depth <= 1:
                element.clear()
    budget.tick()
    last = max(rows, default=0)
    dense = []
    for r in range(1, last + 1):
        cells = rows.get(r)
        if not cells:
            dense.append(())
            continue
        row: list[Any] = [None] * max(cells)
        for c, value in cells.items():
            row[c - 1] = value
        dense.append(tuple(row))
    return Table(title, tuple(dense), frozenset(uncalculated))


def xlsx_tables(
    raw: bytes, *, wanted: set[str] | None = None, limits: Limits | None = None, kind: FileKind = MONTHLY_DATA
) -> list[Table]:
    """Every visible sheet (or the ``wanted`` ones, by normalised name) as a :class:`Table` of cached values.

    Formula cells are read as the value Excel stored with them; a formula without a stored
    value (the workbook was written by a program and never calculated) is listed in
    ``Table.uncalculated`` so that the reader can report it instead of reading an empty cell.
    One :class:`Budget` covers the whole read: it stops at the first exceeded limit.
    """
    from ..parsing import normalize_header

    budget = Budget(limits)
    wb = open_workbook(raw, budget.limits, kind)
    tables: list[Table] = []
    try:
        for ws in wb.worksheets:
            name = ws.title
            if wanted is not None and normalize_header(name) not in wanted:
                continue
            if getattr(ws, "sheet_state", "visible") != "visible" and wanted is None:
                continue
            if not hasattr(ws, "_get_source"):  # a chart sheet
                continue
            tables.append(sheet_rows(ws, budget, name=name))
    except O7InputError:
        raise
    except (MemoryError, RecursionError):
        raise over_limit("cells", budget.limits.cells, limits=budget.limits, more=True) from None
    except Exception:
        raise refuse("Die Excel-Datei ist beschädigt und nicht lesbar.", expected=kind.expected) from None
    finally:
        wb.close()
    return tables


def read_tables(raw: bytes, *, kind: FileKind = MONTHLY_DATA, limits: Limits | None = None) -> list[Table]:
    """Bytes → tables, the one way every table reader starts: the size first, the kind of file from its first
    bytes, then every visible sheet of an XLSX (archive checked first) or the rows of a CSV/TSV text."""
    check_size(len(raw), limits)
    if sniff_kind(raw, kind) == "xlsx":
        return xlsx_tables(raw, limits=limits, kind=kind)
    text, _encoding = decode_text(raw, kind)
    return [text_table(text, limits)[0]]


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Any) -> str:
    """A cell as the user sees it, for messages."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


# --------------------------------------------------------------------------- json

_JSON_MESSAGES = (
    ("Expecting value", "ein Wert fehlt"),
    ("Expecting property name enclosed in double quotes", "ein Feldname in doppelten Anführungszeichen fehlt"),
    ("Expecting ',' delimiter", "ein Komma fehlt"),
    ("Expecting ':' delimiter", "ein Doppelpunkt fehlt"),
    ("Unterminated string", "eine Zeichenkette ist nicht geschlossen"),
    ("Invalid control character", "ein Steuerzeichen steht in einer Zeichenkette"),
    ("Invalid \\escape", "eine ungültige Escape-Folge"),
    ("Invalid \\uXXXX escape", "eine ungültige Escape-Folge"),
    ("Extra data", "nach dem Ende folgen weitere Zeichen"),
)


_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKETS = re.compile(r"[\[\]{}]")


def _json_depth(text: str, limit: int) -> int:
    """Deepest nesting of ``[``/``{`` outside strings (strings removed first), stopped just past ``limit``."""
    depth = deepest = 0
    for match in _JSON_BRACKETS.finditer(_JSON_STRING.sub("", text)):
        if match.group() in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > limit:
                    return deepest
        else:
            depth -= 1
    return deepest


class _JsonRefusal(Exception):
    def __init__(self, message: str, value: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.value = value


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JsonRefusal(f"Das Feld „{key[:60]}“ steht zweimal im selben Objekt.", key[:60])
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise _JsonRefusal(f"Der Wert „{name}“ ist keine Zahl.", name)


def _finite_float(text: str) -> float:
    value = float(text)
    if value != value or value in (float("inf"), float("-inf")):
        raise _JsonRefusal(f"Die Zahl „{text[:40]}“ ist zu groß.", text[:40])
    return value


def load_json(raw: bytes | str, *, expected: str, limits: Limits | None = None) -> Any:
    """Parse an untrusted JSON file within the budget: size, nesting depth, length of each string; duplicate keys,
    ``NaN``/``Infinity`` and numbers beyond a float are refused (each in German, with the line where known)."""
    lim = limits or LIMITS
    if isinstance(raw, bytes):
        check_size(len(raw), lim)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise O7InputError(Problem("Die Datei ist keine UTF-8-Textdatei.", expected="JSON-Datei (UTF-8)")) from None
    else:
        text = raw
        check_size(len(text.encode("utf-8", "replace")), lim)
    depth = _json_depth(text, lim.json_depth)
    if depth > lim.json_depth:
        raise over_limit("json_depth", lim.json_depth, limits=lim, more=True)
    try:
        data = json.loads(
            text, object_pairs_hook=_no_duplicates, parse_constant=_no_constant, parse_float=_finite_float
        )
    except json.JSONDecodeError as exc:
        why = next((de for en, de in _JSON_MESSAGES if exc.msg.startswith(en)), "der Aufbau ist fehlerhaft")
        raise O7InputError(
            Problem(
                f"Die Datei ist kein gültiges JSON ({why}, Zeichen {exc.colno}).",
                row=exc.lineno,
                expected=expected,
            )
        ) from None
    except _JsonRefusal as exc:
        raise O7InputError(Problem(exc.message, value=exc.value, expected=expected)) from None
    except ValueError:  # an integer of more than 4.300 digits
        raise O7InputError(Problem("Die Datei enthält eine Zahl mit zu vielen Stellen.", expected=expected)) from None
    except RecursionError:
        raise over_limit("json_depth", lim.json_depth, limits=lim, more=True) from None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if len(item) > lim.field_chars:
                raise over_limit("field_chars", len(item), limits=lim)
        elif isinstance(item, dict):
            stack.extend(item.values())
            stack.extend(item.keys())
        elif isinstance(item, list):
            stack.extend(item)
    return data


# --------------------------------------------------------------------------- pdf (Anlage prüfen)

#: Pages and characters of text read from a PDF (the limits ``pdf_pages`` and ``pdf_text_chars``).
MAX_PDF_PAGES = LIMITS.pdf_pages
MAX_PDF_TEXT_CHARS = LIMITS.pdf_text_chars


def binary_kind(raw: bytes) -> str | None:
    """What a known non-text, non-XLSX, non-PDF file is (``ein PNG-Bild``), from its first bytes."""
    for magic, what in _MAGIC:
        if raw.startswith(magic) and what and magic != b"%PDF":
            return what
    return None


def pdf_text(raw: bytes, *, expected: str = EXPECTED_DATA) -> str:
    """The text of a PDF, page by page, bounded: size first, then at most :data:`MAX_PDF_PAGES` pages and
    :data:`MAX_PDF_TEXT_CHARS` characters. A PDF without text (a scan) or a broken or encrypted one is refused."""
    check_size(len(raw))
    if not raw.startswith(b"%PDF"):
        raise refuse("Die Datei ist keine PDF-Datei.", expected=expected)
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(raw), strict=False)
        if reader.is_encrypted:
            raise refuse("Die PDF-Datei ist kennwortgeschützt und kann nicht gelesen werden.", expected=expected)
        if len(reader.pages) > MAX_PDF_PAGES:
            raise over_limit("pdf_pages", len(reader.pages))
        parts: list[str] = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > MAX_PDF_TEXT_CHARS:
                raise over_limit("pdf_text_chars", total, more=True)
            parts.append(text)
    except O7InputError:
        raise
    except Exception:  # pypdf raises many kinds for broken files
        raise refuse("Die PDF-Datei ist beschädigt und nicht lesbar.", expected=expected) from None
    text = "\n".join(parts)
    if not text.strip():
        raise refuse(
            "Die PDF-Datei enthält keinen Text (vermutlich eingescannt) und kann nicht gelesen werden.",
            expected=expected,
        )
    return text
