"""A scenario written in the layout of the BA planning aid (Planungshilfe), as XLSX or as text.

The layout follows the seed ``002_*.txt``: a title, the header block (Jobcenter, JCNR, Region,
Regionaldirektion, BG-Zahlen, VZA, ZUSVZA, zugrunde liegender Zeitraum) with its values below,
then one row per figure with unit, ``Gesamt`` and one column per month (``Sep 21``, …). The input
rows (Anrufe SC, Anruferweiterung an Jobcenter, Anruferweiterungen, the Berücksichtigung
percentages, Gespräche of the prior year and the Baustein volumes) are what
:mod:`o7core.formats.planning_aid` reads back; the computed rows come from the plan.

A generator of test and sample files, not part of the app: the app reads planning aids, it never writes one.
Used by ``scripts/build_import_samples.py`` and the tests (``from scripts.planning_aid_export import …``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from o7core.model import MonthData, MonthResult, Plan
from o7core.month import MONTH_ABBR_DE, Month
from o7core.scenario import Scenario, plan_scenario

TITLE = "Planungshilfe zur Dienstleistung O.7 - Service Center SGB II"
HEADER_BLOCK = (
    "Jobcenter",
    "JCNR",
    "Region",
    "Regionaldirektion",
    "BG-Zahlen letzter Wert",
    "VZA letzter Wert",
    "ZUSVZA letzter Wert",
    "zugrunde liegender Zeitraum",
)
VOLUME_ROWS = (
    ("Voiceboxen", "voicebox_messages"),
    ("Outbound", "outbound_calls"),
    ("E-Mails", "emails"),
    ("Überschneidungsmitteilungen", "overlap_notices"),
)

#: (label, unit, kind, total, per month); kind: "count" | "percent" | "hours" | "fte" | "section"
Row = tuple[str, str, str, Any, list[Any]]


def month_header(month: Month) -> str:
    """``Sep 21``: the planning aid's month caption."""
    return f"{MONTH_ABBR_DE[month.month - 1]} {month.year % 100:02d}"


def _period(months: tuple[MonthData, ...]) -> str:
    import calendar

    first, last = months[0].month, months[-1].month
    last_day = calendar.monthrange(last.year, last.month)[1]
    return f"01.{first.month:02d}.{first.year} bis {last_day:02d}.{last.month:02d}.{last.year}"


def planning_aid_rows(scenario: Scenario, plan: Plan | None = None) -> tuple[list[Any], list[Any], list[Row]]:
    """Header captions, header values and the figure rows of the planning aid."""
    plan = plan or plan_scenario(scenario)
    jc = scenario.jobcenter
    values: list[Any] = [
        jc.name,
        jc.jcnr,
        jc.region,
        jc.regional_directorate,
        jc.bg_count,
        jc.fte_jobcenter,
        jc.fte_additional,
        _period(scenario.months) if scenario.months else "",
    ]
    return list(HEADER_BLOCK), values, _history_rows(scenario) + _plan_rows(plan, len(scenario.months))


def _total(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else sum(v or 0.0 for v in values)


def _history_rows(scenario: Scenario) -> list[Row]:
    """Planung Baustein 1+4 auf Basis historischer Daten: the input rows with their shares, the volumes."""
    p = scenario.parameters
    months = scenario.months

    def hist(field: str) -> list[float | None]:
        return [getattr(m, field) for m in months]

    def share(value: float) -> list[Any]:
        return [value] * len(months)

    calls, fwd, rep = hist("calls"), hist("forwarded_calls"), hist("repeat_calls")
    rows: list[Row] = [
        ("Planung Baustein 1+4 auf Basis historischer Daten", "", "section", None, []),
        ("Anrufe SC", "Anzahl", "count", _total(calls), calls),
        ("Berücksichtigung in der Planung", "Prozent", "percent", p.share_calls, share(p.share_calls)),
        ("Anruferweiterung an Jobcenter", "Anzahl", "count", _total(fwd), fwd),
        ("Berücksichtigung durch Erhöhung", "Prozent", "percent", p.share_forwarded, share(p.share_forwarded)),
        ("Anruferweiterungen", "Anzahl", "count", _total(rep), rep),
        (
            "Berücksichtigung durch Abzug neu zu erwartendes Volumen",
            "Prozent",
            "percent",
            p.share_repeat_deduction,
            share(p.share_repeat_deduction),
        ),
    ]
    conv = hist("conversations")
    if any(v is not None for v in conv):
        rows.append(("Gespräche Vorjahr", "Anzahl", "count", _total(conv), conv))
    for label, field in VOLUME_ROWS:
        volumes = hist(field)
        if any(v is not None for v in volumes):
            rows.append((label, "Anzahl", "count", _total(volumes), volumes))
    return rows


def _plan_rows(plan: Plan, n_months: int) -> list[Row]:
    """The computed rows: planned calls, target (in each of the ``n_months`` columns), conversations, hours, VZA,
    the capacity limit and the need."""
    t = plan.totals
    target = plan.target_reachability

    def per(fn: Callable[[MonthResult], float | None]) -> list[float | None]:
        return [fn(m) for m in plan.months]

    return [
        ("Anrufe gesamt in der Planung", "Anzahl", "count", t.planned_calls, per(lambda m: m.planned_calls)),
        ("Ziel telefonische Erreichbarkeit", "Prozent", "percent", target, [target] * n_months),
        (
            "erfordert Anzahl Gespräche",
            "Anzahl",
            "count",
            t.required_conversations,
            per(lambda m: m.required_conversations),
        ),
        ("erfordert Produktivzeit Call", "Stunden", "hours", t.hours_call, per(lambda m: m.hours_call)),
        ("erfordert Produktivzeit Rückrufe", "Stunden", "hours", t.hours_callback, per(lambda m: m.hours_callback)),
        ("erfordert Produktivzeit Versand", "Stunden", "hours", t.hours_mail, per(lambda m: m.hours_mail)),
        ("erfordert Mitarbeiterkapazität", "VZA", "fte", t.fte_required, per(lambda m: m.fte_required)),
        ("Begrenzung Ergebnisse auf Volumen und/oder Mitarbeiterkapazität gesamt", "", "section", None, []),
        (
            "mögliche Gespräche",
            "Anzahl",
            "count",
            t.possible_conversations,
            per(lambda m: m.possible_conversations),
        ),
        (
            "mögliche Erreichbarkeit",
            "Prozent",
            "percent",
            t.possible_reachability,
            per(lambda m: m.possible_reachability),
        ),
        ("Bedarf Volumen Baustein 1+4", "berechnet für 12 Monate", "hours", t.hours_total * t.annualization_factor, []),
        ("Bedarf in VZA", "Brutto", "fte", t.fte_required, []),
        ("Gesprächserfüllung (zum Vorjahr)", "Prozent", "percent", t.fulfilment_vs_prior_year, []),
    ]


def planning_aid_xlsx(scenario: Scenario, plan: Plan | None = None) -> bytes:
    """The planning aid as an XLSX workbook (one sheet ``Planungshilfe``), numbers as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from o7core.export_xlsx import set_text

    captions, values, rows = planning_aid_rows(scenario, plan)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Planungshilfe"
    ws.cell(row=1, column=1, value=TITLE).font = Font(bold=True, size=13)
    for c, (caption, value) in enumerate(zip(captions, values, strict=True), start=1):
        ws.cell(row=3, column=c, value=caption).font = Font(bold=True)
        cell = ws.cell(row=4, column=c)
        if isinstance(value, str):
            set_text(cell, value)
        elif value is not None:
            cell.value = value
            cell.number_format = "#,##0" if isinstance(value, int) else "#,##0.00"
    ws.cell(row=6, column=3, value="Gesamt").font = Font(bold=True)
    for c, m in enumerate(scenario.months, start=4):
        set_text(ws.cell(row=6, column=c), month_header(m.month))
        ws.cell(row=6, column=c).font = Font(bold=True)
    formats = {"count": "#,##0", "percent": "0.0%", "hours": "#,##0.0", "fte": "#,##0.00"}
    month_formats = {"count": "#,##0", "percent": "0%", "hours": "#,##0.0", "fte": "#,##0.0"}
    for r, (label, unit, kind, total, per_month) in enumerate(rows, start=7):
        ws.cell(row=r, column=1, value=label).font = Font(bold=kind == "section")
        if kind == "section":
            continue
        ws.cell(row=r, column=2, value=unit)
        if total is not None:
            ws.cell(row=r, column=3, value=total).number_format = formats[kind]
        for c, value in enumerate(per_month, start=4):
            if value is not None:
                ws.cell(row=r, column=c, value=value).number_format = month_formats[kind]
    ws.column_dimensions["A"].width = 52
    ws.column_dimensions["B"].width = 12
    ws.freeze_panes = "D7"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def planning_aid_text(scenario: Scenario, plan: Plan | None = None) -> bytes:
    """The planning aid as tab-separated text with German numbers (as copied out of Excel), UTF-8."""
    from o7core import fmt

    captions, values, rows = planning_aid_rows(scenario, plan)

    def show(kind: str, value: Any, monthly: bool) -> str:
        if value is None:
            return ""
        if kind == "count":
            return fmt.count(value)
        if kind == "percent":
            return fmt.percent(value, 0 if monthly else 1)
        if kind == "hours":
            return fmt.hours(value)
        return fmt.fte(value, annual=not monthly)

    out = io.StringIO()
    w = csv.writer(out, delimiter="\t", lineterminator="\n")
    w.writerow([TITLE])
    w.writerow([])
    w.writerow(captions)
    w.writerow(
        [
            show("count", v, False) if isinstance(v, int) else fmt.number(v, 2) if isinstance(v, float) else v or ""
            for v in values
        ]
    )
    w.writerow(["", "", "Gesamt", *(month_header(m.month) for m in scenario.months)])
    for label, unit, kind, total, per_month in rows:
        if kind == "section":
            w.writerow([label])
            continue
        w.writerow([label, unit, show(kind, total, False), *(show(kind, v, True) for v in per_month)])
    return out.getvalue().encode("utf-8")
