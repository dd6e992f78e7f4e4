"""The catalogue of hostile files: small uploads that try to make a reader run long or take much memory.

Each builder returns the bytes of one file; ``CATALOGUE`` names them with the limit that must refuse them
(``o7core.formats.source.LIMIT_NAMES``). Used by ``tests/security`` and by ``scripts/angriffe.py``, which measures
the time and peak memory of each refusal through the CLI (the figures in ``docs/sicherheit.md``).
"""

from __future__ import annotations

import io
import json
import random
import zipfile
from collections.abc import Callable

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
WS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def xlsx(
    sheets: list[tuple[str, str]],
    *,
    shared_strings: str | None = None,
    styles: str | None = None,
    one_part_for: int = 0,
) -> bytes:
    """A workbook from raw sheet XML (``[(name, <sheetData>…</sheetData>)]``), written by hand so that every part
    can be as odd as an attacker makes it. ``one_part_for``: that many sheet entries all pointing to the first part."""
    buf = io.BytesIO()
    names = [name for name, _ in sheets]
    if one_part_for:
        names = [f"S{i}" for i in range(1, one_part_for + 1)]
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        ct = [
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        ]
        for i in range(1, len(sheets) + 1):
            ct.append(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{WS_TYPE}"/>')
        if shared_strings is not None:
            ct.append(
                '<Override PartName="/xl/sharedStrings.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>'
            )
        if styles is not None:
            ct.append(
                '<Override PartName="/xl/styles.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            )
        ct.append("</Types>")
        z.writestr("[Content_Types].xml", "".join(ct))
        z.writestr(
            "_rels/.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{PKG}"><Relationship Id="rId1" '
            f'Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{entries}</sheets></workbook>',
        )
        rels = []
        for i in range(1, len(names) + 1):
            target = 1 if one_part_for else i
            rels.append(f'<Relationship Id="rId{i}" Type="{REL}/worksheet" Target="worksheets/sheet{target}.xml"/>')
        extra = len(names) + 1
        if shared_strings is not None:
            rels.append(f'<Relationship Id="rId{extra}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
        if styles is not None:
            rels.append(f'<Relationship Id="rId{extra + 1}" Type="{REL}/styles" Target="styles.xml"/>')
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<?xml version="1.0"?><Relationships xmlns="{PKG}">{"".join(rels)}</Relationships>',
        )
        for i, (_, data) in enumerate(sheets, start=1):
            z.writestr(
                f"xl/worksheets/sheet{i}.xml",
                f'<?xml version="1.0"?><worksheet xmlns="{MAIN}"><dimension ref="A1:XFD1048576"/>{data}</worksheet>',
            )
        if shared_strings is not None:
            z.writestr("xl/sharedStrings.xml", shared_strings)
        if styles is not None:
            z.writestr("xl/styles.xml", styles)
    return buf.getvalue()


#: A sheet that pads to 5.000 × 200 cells in a naive reader: one value in A1, one in GR5000.
PADDED = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="5000"><c r="GR5000"><v>1</v></c></row></sheetData>'


def sheets_2000() -> bytes:
    """About 2.000 small sheets, each its own part (~0,6 MB; the issue's 260-s file)."""
    return xlsx([(f"S{i}", PADDED) for i in range(1, 1991)])


def sheets_2000_one_part() -> bytes:
    """2.000 sheet entries that all point to one part: few parts, many sheets."""
    return xlsx([("S1", PADDED)], one_part_for=2000)


def sheets_60_padded() -> bytes:
    """55 sheets (below the sheet limit), each with values far apart: bounded by rows × columns read."""
    return xlsx([(f"S{i}", PADDED) for i in range(1, 56)])


def cells_many() -> bytes:
    """20 sheets of 50 × 60 numbers: 60.000 cells, above the cell budget (50.000)."""
    row = "".join(f"<c><v>{c}</v></c>" for c in range(60))
    data = "<sheetData>" + "".join(f"<row>{row}</row>" for _ in range(50)) + "</sheetData>"
    return xlsx([(f"S{i}", data) for i in range(1, 21)])


def shared_strings_big() -> bytes:
    """3 MB of shared strings (below the part limit, above the shared-strings limit)."""
    strings = "".join(f"<si><t>Text {i:07d}</t></si>" for i in range(110_000))
    sst = f'<?xml version="1.0"?><sst xmlns="{MAIN}" count="110000" uniqueCount="110000">{strings}</sst>'
    return xlsx(
        [("Monatswerte", '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>')], shared_strings=sst
    )


def wide_row() -> bytes:
    """One row of 180.000 cells of random numbers (3,5 MB of XML, below the part limit and the packing ratio)."""
    rng = random.Random(21)
    cells = "".join(f"<c><v>{rng.randrange(10**6)}</v></c>" for _ in range(180_000))
    return xlsx([("Monatswerte", f'<sheetData><row r="1">{cells}</row></sheetData>')])


def rows_beyond() -> bytes:
    """A value in row 1.048.576 (Excel's last row)."""
    return xlsx(
        [
            (
                "Monatswerte",
                '<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>1</v></c></row></sheetData>',
            )
        ]
    )


def styles_many() -> bytes:
    """30.000 cell formats in styles.xml (2 MB: below the part limit and the packing ratio)."""
    rng = random.Random(21)
    xfs = "".join(
        f'<xf numFmtId="{rng.randrange(200)}" fontId="0" fillId="0" borderId="0" xfId="{rng.randrange(10**6)}"/>'
        for _ in range(30_000)
    )
    styles = (
        f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts><fills count="1"><fill/></fills>'
        f'<borders count="1"><border/></borders><cellXfs count="30000">{xfs}</cellXfs></styleSheet>'
    )
    return xlsx(
        [("Monatswerte", '<sheetData><row r="1"><c r="A1" s="29999"><v>1</v></c></row></sheetData>')], styles=styles
    )


def zip_bomb_declared() -> bytes:
    """A sheet declared at 80 MB of zeros (compresses about 1.000-fold)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            chunk = b"0" * (1024 * 1024)
            for _ in range(80):
                fh.write(chunk)
    return buffer.getvalue()


def csv_long_field() -> bytes:
    """A CSV whose one field is 200.000 characters long (Python's csv module stops at 131.072)."""
    return b"Monat;Anrufe\n2021-09;" + b"9" * 200_000 + b"\n"


def csv_many_lines() -> bytes:
    """A CSV of 19 MB: a header and 2 million short lines."""
    return b"Monat;Anrufe\n" + b"2021-09;1\n" * 1_900_000


def json_deep() -> bytes:
    """A JSON nested 100.000 levels deep (Python's json module recurses)."""
    return b'{"format": "o7-scenario", "version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def json_long_text() -> bytes:
    """A scenario whose "Sonstige Vereinbarungen" holds 1 MB of text."""
    return json.dumps(
        {"format": "o7-scenario", "version": 1, "appendix": {"other_agreements": "x" * 1_000_000}}
    ).encode()


#: name → (builder, limit that refuses it, file name suffix)
CATALOGUE: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "2.000 Blätter, je ein Teil": (sheets_2000, "entries", ".xlsx"),
    "2.000 Blätter auf einem Teil": (sheets_2000_one_part, "sheets", ".xlsx"),
    "55 Blätter mit Werten in Zeile 5.000, Spalte 200": (sheets_60_padded, "", ".xlsx"),
    "60.000 gefüllte Zellen": (cells_many, "cells", ".xlsx"),
    "3 MB shared strings": (shared_strings_big, "shared_strings_bytes", ".xlsx"),
    "eine Zeile mit 180.000 Zellen": (wide_row, "columns", ".xlsx"),
    "Wert in Zeile 1.048.576": (rows_beyond, "rows", ".xlsx"),
    "30.000 Zellformate": (styles_many, "styles_bytes", ".xlsx"),
    "ZIP-Bombe (80 MB entpackt)": (zip_bomb_declared, "unpacked_bytes", ".xlsx"),
    "CSV-Feld mit 200.000 Zeichen": (csv_long_field, "field_chars", ".csv"),
    "CSV mit 1,9 Mio. Zeilen": (csv_many_lines, "rows", ".csv"),
    "JSON 100.000 Ebenen tief": (json_deep, "json_depth", ".json"),
    "Szenario mit 1 MB Text": (json_long_text, "field_chars", ".json"),
}
