"""The data template as a download, and the monthly history written back in the same form.

``template_xlsx()`` / ``template_csv()`` give the empty template (the XLSX with the sheets
``Monatswerte``, ``Stammdaten`` and a short explanation ``Hinweise``); ``months_to_xlsx`` /
``months_to_csv`` write a scenario's months (and, in the XLSX, its master data) so that reading
the file again gives back exactly the same data. User text that a spreadsheet would take for a
formula (``=``, ``+``, ``-``, ``@``) is written as text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from .model import MonthData
from .scenario import Jobcenter, Scenario

MONTH_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Monat", "month"),
    ("Anrufe", "calls"),
    ("Anrufwiederholungen", "repeat_calls"),
    ("Weiterleitungen", "forwarded_calls"),
    ("Gespräche", "conversations"),
    ("Voiceboxen", "voicebox_messages"),
    ("Outbound", "outbound_calls"),
    ("E-Mails", "emails"),
    ("Überschneidungsmitteilungen", "overlap_notices"),
)
#: Optional month column, written only where a month has it: BG of the month (for the Prognose).
BG_COLUMN = ("BG", "bg_count")


def _month_columns(months: Sequence[MonthData]) -> tuple[tuple[str, str], ...]:
    return MONTH_COLUMNS + ((BG_COLUMN,) if any(m.bg_count is not None for m in months) else ())


MASTER_ROWS: tuple[tuple[str, str, str], ...] = (
    ("Jobcenter", "name", "Name, z. B. JC Göppingen"),
    ("JCNR", "jcnr", "Jobcenter-Nummer, z. B. JC62106"),
    ("Region", "region", "z. B. Südwest"),
    ("Regionaldirektion", "regional_directorate", "z. B. Baden-Württemberg"),
    ("Bundesland", "state", "Kürzel (BW, BY, NW …) oder Name; bestimmt die Feiertage und damit die Arbeitstage"),
    ("BG", "bg_count", "Bedarfsgemeinschaften, ganze Zahl > 0 (Grundlage des BG-Grundpreises)"),
    ("VZA", "fte_jobcenter", "Vollzeitäquivalente des Jobcenters (letzter Wert)"),
    ("ZUSVZA", "fte_additional", "zusätzliche VZA (letzter Wert)"),
)
HINTS: tuple[str, ...] = (
    "Datenvorlage O.7 Planer",
    "",
    "Blatt „Monatswerte“: eine Zeile je Monat des Bezugszeitraums, 1 bis 24 aufeinanderfolgende Monate ohne Lücke.",
    "Monat: 2021-09, 09/2021, 09.2021, Sep 21, Sept. 2021 oder 01.09.2021.",
    "Anrufe (Pflicht): Anrufe beim Service Center im Monat (Anrufe SC).",
    "Anrufwiederholungen: erneute Anrufe derselben Anrufenden; werden von den Anrufen abgezogen.",
    "Weiterleitungen: Anrufe, die an das Jobcenter weitergeleitet wurden.",
    "Gespräche: geführte Gespräche im Vorjahr; Grundlage für Baustein 1 und 4 (Erfüllungsgrad).",
    "Voiceboxen, Outbound, E-Mails, Überschneidungsmitteilungen: Mengen für die Bausteine 3, 5, 6 und 7 (optional).",
    "BG (optional): Bedarfsgemeinschaften im Monat, für die Planung nach BG und Arbeitstagen; ohne diese Spalte gilt "
    "die BG der Stammdaten.",
    "Zahlen als ganze Zahlen, mit oder ohne Tausenderpunkt (7672 oder 7.672). Leere Zellen in optionalen Spalten "
    "bedeuten „nicht bekannt“.",
    "Nicht erlaubt: Text wie „ca. 500“ oder „n/a“, negative Zahlen, Nachkommastellen bei Anzahlen.",
    "",
    "Blatt „Stammdaten“: Feld und Wert. Das Bundesland bestimmt die Feiertage, die BG-Zahl den Grundpreis.",
    "",
    "Fehler (z. B. ein Monat doppelt, mehr Gespräche als Anrufe) verhindern das Laden; die App nennt Zeile und "
    "Spalte. Hinweise (z. B. unbekannte Spalten) werden angezeigt, die Daten werden trotzdem geladen.",
    "Die Vorlage kann auch als CSV (Trennzeichen ; oder ,) gespeichert werden; dann gilt nur das Blatt Monatswerte.",
)


def template_xlsx() -> bytes:
    """The empty data template as XLSX (sheets Monatswerte, Stammdaten, Hinweise)."""
    return _workbook((), Jobcenter(state=""))


def template_csv() -> bytes:
    """The empty data template as CSV (``;``, UTF-8 with BOM so that Excel shows the umlauts)."""
    return _csv(())


def months_to_xlsx(scenario: Scenario) -> bytes:
    """The scenario's months and master data in the template's XLSX form."""
    return _workbook(scenario.months, scenario.jobcenter)


def months_to_csv(scenario: Scenario) -> bytes:
    """The scenario's months in the template's CSV form."""
    return _csv(scenario.months)


def _count(value: float | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _csv(months: Sequence[MonthData]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    columns = _month_columns(months)
    writer.writerow([label for label, _ in columns])
    for m in months:
        row: list[Any] = [str(m.month)]
        for _label, field in columns[1:]:
            value = _count(getattr(m, field))
            row.append("" if value is None else str(value).replace(".", ","))
        writer.writerow(row)
    return out.getvalue().encode("utf-8-sig")


def _workbook(months: Sequence[MonthData], jobcenter: Jobcenter) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill

    from .export_xlsx import set_text

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E6E6E6")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Monatswerte"
    columns = _month_columns(months)
    for c, (label, _field) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=c, value=label)
        cell.font, cell.fill = bold, fill
        ws.column_dimensions[cell.column_letter].width = max(12, len(label) + 2)
    ws.freeze_panes = "A2"
    for r, m in enumerate(months, start=2):
        month_cell = ws.cell(row=r, column=1)
        set_text(month_cell, str(m.month))
        for c, (_label, field) in enumerate(columns[1:], start=2):
            value = _count(getattr(m, field))
            if value is not None:
                ws.cell(row=r, column=c, value=value).number_format = "#,##0"

    master = wb.create_sheet("Stammdaten")
    for c, label in enumerate(("Feld", "Wert", "Erläuterung"), start=1):
        cell = master.cell(row=1, column=c, value=label)
        cell.font, cell.fill = bold, fill
    master.column_dimensions["A"].width = 20
    master.column_dimensions["B"].width = 28
    master.column_dimensions["C"].width = 80
    for r, (label, field, note) in enumerate(MASTER_ROWS, start=2):
        master.cell(row=r, column=1, value=label).font = bold
        value = getattr(jobcenter, field)
        target = master.cell(row=r, column=2)
        if isinstance(value, str):
            if value:
                set_text(target, value)
        elif value is not None:
            target.value = value
        master.cell(row=r, column=3, value=note)

    hints = wb.create_sheet("Hinweise")
    hints.column_dimensions["A"].width = 120
    for r, line in enumerate(HINTS, start=1):
        cell = hints.cell(row=r, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if r == 1:
            cell.font = Font(bold=True, size=14)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
