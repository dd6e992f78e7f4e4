"""Small helpers shared by the tests of the reading edge (tests/formats): build real files, look for the right problem."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from o7core.errors import Problem
from o7core.importing import ImportResult, read_data_file
from o7core.month import Month
from o7core.scenario import Scenario, load_scenario
from scripts.planning_aid_export import month_header
from tests.conftest import SAMPLE_DIR

SAMPLE_SCENARIO = SAMPLE_DIR / "goeppingen_scenario.json"
HEADER = ["Monat", "Anrufe", "Anrufwiederholungen", "Weiterleitungen", "Gespräche"]


def sample_scenario():
    return load_scenario(SAMPLE_SCENARIO, require_months=True)


def csv_bytes(rows: Sequence[Sequence[Any]], *, sep: str = ";", encoding: str = "utf-8") -> bytes:
    return "\r\n".join(sep.join(str(c) for c in row) for row in rows).encode(encoding)


def template_rows(months: int = 12, *, start: tuple[int, int] = (2021, 9)) -> list[list[Any]]:
    """A plain, good history: ``months`` consecutive months of plausible counts."""
    rows: list[list[Any]] = [list(HEADER)]
    year, month = start
    for i in range(months):
        rows.append([f"{year}-{month:02d}", 7000 + 10 * i, 900, 0, 3000])
        month += 1
        if month == 13:
            year, month = year + 1, 1
    return rows


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[Any]]]) -> bytes:
    wb = Workbook()
    first = True
    for name, rows in sheets.items():
        ws = wb.active if first else wb.create_sheet(name)
        assert ws is not None
        ws.title = name
        first = False
        for row in rows:
            ws.append(list(row))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_cached_values(raw: bytes, values: dict[str, Any]) -> bytes:
    """Put cached results into formula cells (``{"B2": 7672}``), as Excel does when it saves."""
    src = zipfile.ZipFile(io.BytesIO(raw))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                text = data.decode()
                for ref, value in values.items():
                    # openpyxl writes the empty value as <v/> or, with lxml installed, as <v></v>
                    text = re.sub(
                        rf'(<c r="{ref}"[^>]*>)(<f>[^<]*</f>)<v\s*(?:/>|></v>)', rf"\g<1>\g<2><v>{value}</v>", text
                    )
                data = text.encode()
            dst.writestr(info, data)
    return out.getvalue()


def png_bytes() -> bytes:
    """A real 1×1 PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    idat = zlib.compress(b"\x00\xff\x00\x00")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def pdf_bytes() -> bytes:
    """A real one-page PDF (fpdf2)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Monat Anrufe")
    return bytes(pdf.output())


def find(result: ImportResult, pattern: str, *, severity: str = "error") -> Problem:
    """The one problem whose message matches ``pattern`` (regex), with the given severity."""
    hits = [p for p in result.problems if re.search(pattern, p.message) and p.severity == severity]
    assert hits, f"no {severity} matching {pattern!r} in {[str(p) for p in result.problems]}"
    return hits[0]


def read(raw: bytes, name: str = "daten.csv") -> ImportResult:
    return read_data_file(raw, name)


def seed_layout(scenario: Scenario, *, calls_total: int | None = None) -> bytes:
    """The planning aid exactly as the seed prints it: Gesamt right after the unit, month values
    starting one column left of their headers (column 14), German numbers, tabs."""
    months = scenario.months
    n = len(months)

    def num(v: float) -> str:
        return f"{round(v):,}".replace(",", ".")

    def row(label: str, unit: str, total: str, values: list[str]) -> str:
        return "\t".join([label, unit, total, *[""] * 11, *values, ""])

    calls = [m.calls for m in months]
    rep = [m.repeat_calls for m in months]
    lines = [
        "Planungshilfe zur Dienstleistung O.7 - Service Center SGB II",
        "",
        "Jobcenter\tJCNR\tRegion\tRegionaldirektion\tBG-Zahlen letzter Wert\tVZA letzter Wert\tZUSVZA letzter Wert\t"
        "zugrunde liegender Zeitraum" + "\t" * 19,
        "JC Göppingen\tJC62106\tSüdwest\tBW\t6.032\t4,85\t0\t01.09.2021 bis 31.08.2022" + "\t" * 19,
        "\t" * 14 + "Gesamt\t" + "\t".join(seed_month(m.month) for m in months),
        "Planung Baustein 1+4 auf Basis historischer Daten" + "\t" * 26,
        row("Anrufe SC", "Anzahl", num(calls_total if calls_total is not None else sum(calls)), [num(v) for v in calls]),
        row("Berücksichtigung in der Planung", "Prozent", "100,0%", ["100%"] * n),
        row("Anruferweiterung an Jobcenter", "Anzahl", "0", ["0"] * n),
        row("Berücksichtigung durch Erhöhung", "Prozent", "0,0%", ["0%"] * n),
        row("Anruferweiterungen", "Anzahl", num(sum(rep)), [num(v) for v in rep]),
        row("Berücksichtigung durch Abzug neu zu erwartendes Volumen", "Prozent", "100,0%", ["100%"] * (n - 1)),
        row("Gespräche Vorjahr", "Anzahl", num(sum(m.conversations or 0 for m in months)),
            [num(m.conversations or 0) for m in months]),
        row("Ziel telefonische Erreichbarkeit", "Prozent", "55,0%", ["55%"] * n),
    ]  # fmt: skip
    return "\n".join(lines).encode("utf-8")


def seed_month(month: Month) -> str:
    """The seed's own spelling: ``OkT 21``, ``Mrz 22``."""
    return {10: f"OkT {month.year % 100}", 3: f"Mrz {month.year % 100}"}.get(month.month, month_header(month))
