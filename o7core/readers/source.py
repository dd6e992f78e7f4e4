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
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import O7InputError, Problem

MB = 1024 * 1024
#: Largest file any reader accepts (the app's upload limit is the same).
MAX_FILE_BYTES = 20 * MB
#: Largest total uncompressed size of an XLSX archive.
MAX_XLSX_UNCOMPRESSED = 60 * MB
#: Largest compression ratio of one XLSX entry above 1 MB (real sheets reach 10–30).
MAX_XLSX_RATIO = 150
MAX_XLSX_ENTRIES = 2000
#: Rows and columns read per sheet or text file: far more than 24 months need.
MAX_ROWS = 5000
MAX_COLUMNS = 200

EXPECTED_DATA = "Datenvorlage (CSV oder XLSX mit Monatswerten), Planungshilfe der BA oder Szenariodatei (JSON)"


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


def _de_int(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def refuse(message: str, *, expected: str = EXPECTED_DATA, value: str | None = None) -> O7InputError:
    return O7InputError(Problem(message, expected=expected, value=value))


def check_size(size: int) -> None:
    """Refuse empty files and files above :data:`MAX_FILE_BYTES` (before reading them)."""
    if size == 0:
        raise refuse("Die Datei ist leer (0 Byte).")
    if size > MAX_FILE_BYTES:
        raise refuse(
            f"Die Datei ist {_de_int(size // MB)} MB groß; gelesen werden Dateien bis {MAX_FILE_BYTES // MB} MB.",
            expected=f"eine Datei bis {MAX_FILE_BYTES // MB} MB (Monatswerte brauchen nur wenige KB)",
        )


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
    (b"\xd0\xcf\x11\xe0", "eine Datei im alten Excel-Format (.xls) oder eine kennwortgeschützte Excel-Datei"),
)


def sniff_kind(raw: bytes) -> str:
    """``"xlsx"`` (a zip archive), ``"text"``, or raise for a known non-data file."""
    if raw[:4] == b"PK\x03\x04" or raw[:4] == b"PK\x05\x06":
        return "xlsx"
    for magic, what in _MAGIC:
        if raw.startswith(magic) and what:
            hint = " Bitte in Excel öffnen und als .xlsx speichern." if "xls" in what else ""
            raise refuse(f"Die Datei ist {what}, keine Tabelle mit Monatswerten.{hint}")
    if raw.startswith(b"BM") and len(raw) > 14 and raw[6:10] == b"\x00\x00\x00\x00":
        raise refuse("Die Datei ist ein BMP-Bild, keine Tabelle mit Monatswerten.")
    return "text"


# --------------------------------------------------------------------------- text


def decode_text(raw: bytes) -> tuple[str, str]:
    """Text and encoding name: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode-Text"), else
    Windows-1252 (Excel's "CSV (Trennzeichen-getrennt)" on German Windows)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            raise refuse("Die Datei beginnt wie UTF-16-Text, ist aber nicht lesbar.") from None
    sample = raw[:4096]
    if b"\x00" in sample:
        raise refuse("Die Datei ist keine Textdatei (sie enthält Binärdaten).")
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
        raise refuse("Die Datei ist keine Textdatei (sie enthält Binärdaten).")
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


def text_table(text: str) -> tuple[Table, str]:
    """Rows of a CSV/TSV text and the separator found."""
    lines = text.splitlines()[: MAX_ROWS + 1]
    nonempty = [ln for ln in lines if ln.strip()]
    delimiter = _delimiter(nonempty)
    rows: list[tuple[Any, ...]] = []
    for row in csv.reader(lines, delimiter=delimiter):
        rows.append(tuple(c.strip() for c in row[:MAX_COLUMNS]))
    return Table(None, tuple(rows)), delimiter


# --------------------------------------------------------------------------- xlsx


def check_archive(raw: bytes) -> zipfile.ZipFile:
    """Open the zip archive and refuse it by its *declared* sizes before anything is inflated."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise refuse("Die Datei ist ein beschädigtes Archiv und keine lesbare Excel-Datei (XLSX).") from None
    infos = archive.infolist()
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "content.xml" in names and "mimetype" in names:
            raise refuse("Die Datei ist eine OpenDocument-Tabelle (.ods). Bitte als .xlsx oder .csv speichern.")
        if "word/document.xml" in names:
            raise refuse("Die Datei ist ein Word-Dokument, keine Tabelle mit Monatswerten.")
        raise refuse("Die Datei ist ein ZIP-Archiv, aber keine Excel-Arbeitsmappe (XLSX).")
    if len(infos) > MAX_XLSX_ENTRIES:
        raise refuse(f"Die Excel-Datei besteht aus {len(infos)} Teilen; das ist keine gewöhnliche Arbeitsmappe.")
    total = sum(i.file_size for i in infos)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise refuse(
            f"Die Excel-Datei würde entpackt {_de_int(total // MB)} MB belegen (erlaubt: {MAX_XLSX_UNCOMPRESSED // MB} MB);"
            " sie wird nicht geöffnet (möglicherweise eine ZIP-Bombe).",
            expected="eine gewöhnliche Arbeitsmappe mit Monatswerten",
        )
    for info in infos:
        if info.file_size > MB and info.file_size > MAX_XLSX_RATIO * max(info.compress_size, 1):
            raise refuse(
                f"Der Teil „{info.filename}“ der Excel-Datei ist "
                f"{_de_int(info.file_size // max(info.compress_size, 1))}-fach "
                "komprimiert; die Datei wird nicht geöffnet (möglicherweise eine ZIP-Bombe).",
                expected="eine gewöhnliche Arbeitsmappe mit Monatswerten",
            )
    return archive


def xlsx_tables(raw: bytes, *, wanted: set[str] | None = None) -> list[Table]:
    """Every sheet (or the ``wanted`` ones, by normalised name) as a :class:`Table` of cached values.

    Formula cells are read as the value Excel stored with them; a formula without a stored
    value (the workbook was written by a program and never calculated) is listed in
    ``Table.uncalculated`` so that the reader can report it instead of reading an empty cell.
    """
    from openpyxl import load_workbook

    from ..parsing import normalize_header

    archive = check_archive(raw)
    archive.close()
    try:
        values_wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        formulas_wb = load_workbook(io.BytesIO(raw), read_only=True, data_only=False)
    except O7InputError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise refuse(f"Die Excel-Datei ist beschädigt und nicht lesbar ({type(exc).__name__}).") from None
    tables: list[Table] = []
    try:
        for name in values_wb.sheetnames:
            if wanted is not None and normalize_header(name) not in wanted:
                continue
            ws = values_wb[name]
            if getattr(ws, "sheet_state", "visible") != "visible" and wanted is None:
                continue
            rows: list[tuple[Any, ...]] = []
            uncalculated: set[tuple[int, int]] = set()
            value_rows = ws.iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
            formula_rows = formulas_wb[name].iter_rows(max_row=MAX_ROWS, max_col=MAX_COLUMNS, values_only=True)
            for r, (values, formulas) in enumerate(_zip_rows(value_rows, formula_rows), start=1):
                row = list(values)
                while row and row[-1] is None:
                    row.pop()
                rows.append(tuple(row))
                for c, (v, f) in enumerate(zip(values, formulas, strict=False)):
                    if v is None and isinstance(f, str) and f.startswith("="):
                        uncalculated.add((r, c))
            tables.append(Table(name, tuple(rows), frozenset(uncalculated)))
    except O7InputError:
        raise
    except Exception as exc:
        raise refuse(f"Die Excel-Datei ist beschädigt und nicht lesbar ({type(exc).__name__}).") from None
    finally:
        values_wb.close()
        formulas_wb.close()
    return tables


def _zip_rows(values: Iterator[tuple[Any, ...]], formulas: Iterator[tuple[Any, ...]]) -> Iterator[tuple[Any, Any]]:
    for v in values:
        f = next(formulas, ())
        yield v, f


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Any) -> str:
    """A cell as the user sees it, for messages."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()
