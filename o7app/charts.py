"""Every chart of the app, as a plain Vega-Lite dict drawn with ``st.vega_lite_chart`` (:func:`draw`).

The builders shared with the Sitzungsvorlage (the monthly chart, the cost curve) and the one palette live
in :mod:`o7core.charts`, which the PDF renders as well; this module re-exports them and holds the charts
of the pages: Kennzahlen, Kosten, Machbarkeit and the Karte's legend. Building dicts instead of Altair
objects spares every run Altair's object tree and its schema validation (``to_dict``, ~0,5 s on the
Kennzahlen page); the suite validates every spec once against the Vega-Lite schema instead
(``tests/app/test_chart_specs.py``).

Every chart carries a German ``description`` (its text alternative), German axis labels (Vega label
expressions or the German number locale) and German tooltip texts (written by :mod:`o7core.fmt`).
Each layer gets only the columns it draws.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Literal

import pyarrow as pa
import streamlit as st

from o7core import fmt
from o7core.charts import (  # noqa: F401  (re-exported for the pages)
    BLUE,
    GREEN,
    GREY,
    LEGEND_FILL,
    LEGEND_STROKE,
    ORANGE,
    RULE,
    SKY,
    TEXT,
    VERMILLION,
    WHITE,
    chart_config,
    cost_curve_chart,
    forecast_description,
    german_number_expr,
    german_percent_expr,
    term_label,
    value_span,
    with_config,
)
from o7core.kpi import LEVEL_BAD, LEVEL_NONE, LEVEL_OK, LEVEL_WARN, KpiReport, MonthKpi, Signal
from o7core.region import RegionMap, legend_sizes

from .kpi_view import mmss, status_label

Spec = dict[str, Any]

#: the Vega-Lite version of Streamlit's chart frontend (its own charts name this schema)
SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

#: Status colours of the Kennzahlen, colour-blind safe (Okabe–Ito) and always paired with a symbol and a word.
LEVEL_COLOURS = {LEVEL_OK: BLUE, LEVEL_WARN: ORANGE, LEVEL_BAD: VERMILLION, LEVEL_NONE: GREY}

#: Karte legends are drawn as SVG, so that their text is text in the page (screen readers, browser tests)
SVG = {"embedOptions": {"renderer": "svg"}}


def draw(spec: Spec, presentation: bool, *, width: Literal["stretch", "content"] = "stretch") -> None:
    """Draw ``spec`` with the one chart text style (dark, 18 px in presentation mode: a plain config merge).

    Streamlit sends a chart's top-level data as Arrow, converting rows through pandas (~4 ms a chart); an
    Arrow table made here from the rows costs a tenth of that. Layer data stays inline JSON in the spec.
    """
    spec = with_config({"$schema": SCHEMA, **spec}, presentation)
    data = spec.pop("data", None)
    table = pa.Table.from_pylist(data["values"]) if data is not None else None
    st.vega_lite_chart(table, spec, width=width)


# --------------------------------------------------------------------------- spec pieces


def _values(rows: Iterable[Mapping[str, Any]], *fields: str) -> Spec:
    """Inline data with only ``fields`` of each row (what the layer draws)."""
    return {"values": [{f: row[f] for f in fields} for row in rows]}


def _n(field: str, title: str | None = "", **extra: Any) -> Spec:
    """A nominal field; ``title=None`` hides an axis title, ``""`` (the default) keeps the field name."""
    return {"field": field, "type": "nominal", **({} if title == "" else {"title": title}), **extra}


def _q(field: str, **extra: Any) -> Spec:
    return {"field": field, "type": "quantitative", **extra}


def _colour(field: str, colours: Sequence[str], domain: Sequence[str] | None = None, orient: str = "top") -> Spec:
    """A colour channel with a fixed palette and an untitled legend."""
    scale: Spec = {"range": list(colours)} if domain is None else {"domain": list(domain), "range": list(colours)}
    return _n(field, scale=scale, legend={"title": None, "orient": orient})


def _dashes(field: str, domain: Sequence[str], dashes: Sequence[Sequence[int]]) -> Spec:
    return _n(field, scale={"domain": list(domain), "range": [list(d) for d in dashes]}, legend=None)


def _month_x(order: list[str]) -> Spec:
    return _n("Monat", None, sort=order, axis={"labelAngle": 0})


# --------------------------------------------------------------------------- Kennzahlen


def _months(report: KpiReport) -> tuple[list[MonthKpi], list[str]]:
    months = list(report.in_year) or list(report.months)
    return months, [fmt.month_label(m.month) for m in months]


def _rate_rows(months: list[MonthKpi], value: str, cumulative: str | None, target: float, signal_of: str) -> list[Spec]:
    """One row per month for :func:`_rate_chart`: the value, its status (symbol, word, colour), cumulated, target."""
    rows = []
    for m in months:
        v = getattr(m, value)
        sig: Signal = getattr(m, signal_of)
        rows.append(
            {
                "Monat": fmt.month_label(m.month),
                "Wert": v,
                "Wert_txt": fmt.percent(v),
                "Status": status_label(sig),
                "Symbol": sig.symbol,
                "Farbe": LEVEL_COLOURS[sig.level],
                "kumuliert": getattr(m, cumulative) if cumulative else None,
                "kumuliert_txt": fmt.percent(getattr(m, cumulative)) if cumulative else "",
                "Ziel_txt": fmt.percent(target),
            }
        )
    return rows


def _rate_floor(rows: list[Spec], target: float) -> float:
    """The lower end of the rate axis: a 5-point step below the lowest value, cumulated value or target."""
    values = [r["Wert"] for r in rows if r["Wert"] is not None] + [target]
    values += [r["kumuliert"] for r in rows if r["kumuliert"] is not None]
    return max(0.0, math.floor((min(values) - 0.05) * 20) / 20)


def _target_layers(target: float, y_scale: Spec) -> list[Spec]:
    """The dashed contract target and its label on the left."""
    y = _q("Ziel", scale=y_scale)
    return [
        {
            "data": {"values": [{"Ziel": target, "Ziel_txt": f"Ziel {fmt.percent(target)}"}]},
            "mark": {"type": "rule", "color": RULE, "strokeDash": [6, 4], "strokeWidth": 2},
            "encoding": {"y": y, "tooltip": [_n("Ziel_txt", "Vertragsziel")]},
        },
        {
            "data": {"values": [{"Ziel": target, "Ziel_txt": f"Ziel {fmt.percent(target, 0)}"}]},
            "mark": {"type": "text", "align": "left", "dx": 4, "dy": 10, "color": RULE, "fontSize": 13},
            "encoding": {"x": {"value": 0}, "y": y, "text": _n("Ziel_txt")},
        },
    ]


def _rate_chart(
    report: KpiReport, *, value: str, cumulative: str | None, target: float, title: str, signal_of: str, height: int
) -> Spec:
    """A rate per month as points in its status colour and symbol, cumulated as a line, the target dashed."""
    months, order = _months(report)
    rows = _rate_rows(months, value, cumulative, target, signal_of)
    y_scale = {"domain": [_rate_floor(rows, target), 1.0], "zero": False, "nice": False}
    x = _month_x(order)
    colour = _n("Farbe", scale=None)
    layers = _target_layers(target, y_scale)
    if cumulative:
        layers.append(
            {
                "data": _values(rows, "Monat", "kumuliert", "kumuliert_txt"),
                "mark": {"type": "line", "color": SKY, "strokeWidth": 3},
                "encoding": {
                    "x": x,
                    "y": _q("kumuliert", scale=y_scale),
                    "tooltip": [_n("Monat"), _n("kumuliert_txt", "kumuliert seit Januar")],
                },
            }
        )
    # points, not bars: the axis does not start at 0 %, and a cut bar would mislead
    layers.append(
        {
            "data": _values(rows, "Monat", "Wert", "Wert_txt", "Status", "Farbe", "Ziel_txt"),
            "mark": {"type": "point", "filled": True, "size": 220, "opacity": 1},
            "encoding": {
                "x": x,
                "y": _q("Wert", title=title, scale=y_scale, axis={"labelExpr": german_percent_expr(0)}),
                "color": colour,
                "shape": _n("Status", legend=None),
                "tooltip": [_n("Monat"), _n("Wert_txt", title), _n("Status"), _n("Ziel_txt", "Ziel")],
            },
        }
    )
    layers.append(
        {
            "data": _values(rows, "Monat", "Wert", "Symbol", "Farbe"),
            "mark": {"type": "text", "dy": -16, "fontSize": 15, "fontWeight": "bold"},
            "encoding": {"x": x, "y": _q("Wert", scale=y_scale), "text": _n("Symbol"), "color": colour},
        }
    )
    description = _rate_description(report, months, value, cumulative, target, title, signal_of)
    return {"description": description, "height": height, "layer": layers}


def _rate_description(
    report: KpiReport,
    months: list[MonthKpi],
    value: str,
    cumulative: str | None,
    target: float,
    title: str,
    signal_of: str,
) -> str:
    """``Erreichbarkeit je Monat 2023: Ziel 75,0 %, erreicht 61 % bis 78 % (9 von 12 Monaten erfüllt), …``."""
    values = [getattr(m, value) for m in months]
    met = sum(1 for m in months if getattr(m, signal_of).level == LEVEL_OK)
    rated = sum(1 for m in months if getattr(m, signal_of).level != LEVEL_NONE)
    text = (
        f"{title} je Monat {report.year}: Ziel {fmt.percent(target)}, erreicht "
        f"{value_span(values, lambda v: fmt.percent(v, 0))} ({met} von {rated} Monaten erfüllt)"
    )
    cumulated = [getattr(m, cumulative) for m in months if getattr(m, cumulative) is not None] if cumulative else []
    if cumulated:
        text += f", kumuliert seit Januar zuletzt {fmt.percent(cumulated[-1])}"
    return text + "."


def reachability_chart(report: KpiReport, *, height: int = 320) -> Spec:
    """Reachability per month (points with status colour and symbol), cumulated (line), target (dashed)."""
    return _rate_chart(
        report,
        value="reachability",
        cumulative="cum_reachability",
        target=report.targets.reachability,
        title="Erreichbarkeit",
        signal_of="reachability_signal",
        height=height,
    )


def closure_chart(report: KpiReport, *, height: int = 320) -> Spec:
    """Closure rate per month against the minimum target."""
    return _rate_chart(
        report,
        value="closure_rate",
        cumulative="cum_closure_rate",
        target=report.targets.closure_rate,
        title="Fallabschlussquote",
        signal_of="closure_signal",
        height=height,
    )


def times_chart(report: KpiReport, *, height: int = 320) -> Spec:
    """Talk time and after-call work per conversation, stacked, in minutes."""
    months, order = _months(report)
    kinds = ["Gesprächsdauer", "Nachbearbeitung"]
    rows = [
        {
            "Monat": fmt.month_label(m.month),
            "Art": kind,
            "Minuten": seconds / 60,
            "Dauer": mmss(seconds) + " min",
            "Bearbeitungszeit": mmss(m.handling_seconds) + " min",
        }
        for m in months
        for kind, seconds in zip(kinds, (m.talk_seconds, m.acw_seconds), strict=True)
        if seconds is not None
    ]
    return {
        "description": (
            f"Gesprächszeiten je Monat {report.year} in Minuten je Gespräch: Gesprächsdauer "
            f"{value_span((m.talk_seconds for m in months), mmss)}, Nachbearbeitung "
            f"{value_span((m.acw_seconds for m in months), mmss)}, Bearbeitungszeit zusammen "
            f"{value_span((m.handling_seconds for m in months), mmss)} (min:s)."
        ),
        "height": height,
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": _month_x(order),
            "y": _q("Minuten", stack="zero", title="Minuten je Gespräch", axis={"labelExpr": german_number_expr(0)}),
            "color": _colour("Art", [BLUE, ORANGE], kinds),
            "order": _n("Art", sort="ascending"),
            "tooltip": [
                _n("Monat"),
                _n("Art"),
                _n("Dauer", "Dauer je Gespräch"),
                _n("Bearbeitungszeit", "Bearbeitungszeit zusammen"),
            ],
        },
    }


def hours_chart(report: KpiReport, *, height: int = 320) -> Spec:
    """Burn-up: cumulated hours used against cumulated contracted hours (pro rata) and the year's hours."""
    months, order = _months(report)
    series = ["verbraucht (kumuliert)", "vereinbart anteilig (kumuliert)"]
    rows = [
        {"Monat": fmt.month_label(m.month), "Reihe": name, "Stunden": v, "Stunden_txt": fmt.hours(v)}
        for m in months
        for name, v in zip(series, (m.cum_hours_used, m.cum_contracted_hours), strict=True)
        if v is not None
    ]
    layers: list[Spec] = [
        {
            "data": {"values": rows},
            "mark": {"type": "line", "point": True, "strokeWidth": 3},
            "encoding": {
                "x": _month_x(order),
                "y": _q("Stunden", title="Stunden", axis={"labelExpr": german_number_expr(0)}),
                "color": _colour("Reihe", [ORANGE, BLUE], series),
                "strokeDash": _dashes("Reihe", series, [[1, 0], [6, 4]]),
                "tooltip": [_n("Monat"), _n("Reihe"), _n("Stunden_txt", "Stunden")],
            },
        }
    ]
    year_hours = report.year_totals.contracted_hours_year
    if year_hours is not None:
        year = {"values": [{"Stunden": year_hours, "txt": f"vereinbart im Jahr: {fmt.hours(year_hours)} h"}]}
        layers.append(
            {
                "data": year,
                "mark": {"type": "rule", "color": GREY, "strokeDash": [2, 2], "strokeWidth": 2},
                "encoding": {"y": _q("Stunden"), "tooltip": [_n("txt", "Jahresstunden")]},
            }
        )
        layers.append(
            {
                "data": year,
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -8, "color": RULE, "fontSize": 13},
                "encoding": {"x": {"value": 0}, "y": _q("Stunden"), "text": _n("txt")},
            }
        )
    return {"description": _hours_description(report, months), "height": height, "layer": layers}


def _hours_description(report: KpiReport, months: list[MonthKpi]) -> str:
    """``Stunden kumuliert bis Dez 2023: verbraucht 41.000,0 h, vereinbart anteilig 42.000,0 h; …``."""
    used = next((m for m in reversed(months) if m.cum_hours_used is not None), None)
    text = f"Stunden {report.year} kumuliert"
    if used is None:
        text += ": ohne Werte"
    else:
        text += (
            f" bis {fmt.month_label(used.month)}: verbraucht {fmt.hours(used.cum_hours_used)} h, "
            f"vereinbart anteilig {fmt.hours(used.cum_contracted_hours)} h"
        )
    year_hours = report.year_totals.contracted_hours_year
    if year_hours is not None:
        text += f"; vereinbart im Jahr {fmt.hours(year_hours)} h"
    return text + "."


def plan_actual_chart(report: KpiReport, *, height: int = 320) -> Spec:
    """Conversations per month: plan (what the contracted capacity delivers) against actual."""
    months, order = _months(report)
    kinds = ["Plan", "Ist"]
    rows = [
        {
            "Monat": fmt.month_label(m.month),
            "Art": kind,
            "Gespräche": v,
            "Gespräche_txt": fmt.count(v),
            "Erreichbarkeit_txt": fmt.percent(reach),
        }
        for m in months
        for kind, v, reach in (
            ("Plan", m.plan_conversations, m.plan_reachability),
            ("Ist", m.conversations, m.reachability),
        )
        if v is not None
    ]
    return {
        "description": (
            f"Gespräche je Monat {report.year}: Plan {value_span((m.plan_conversations for m in months), fmt.count)}, "
            f"Ist {value_span((m.conversations for m in months), fmt.count)}."
        ),
        "height": height,
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": _month_x(order),
            "xOffset": _n("Art", sort=kinds),
            "y": _q("Gespräche", title="Gespräche je Monat", axis={"labelExpr": german_number_expr(0)}),
            "color": _colour("Art", [GREY, BLUE], kinds),
            "tooltip": [
                _n("Monat"),
                _n("Art"),
                _n("Gespräche_txt", "Gespräche"),
                _n("Erreichbarkeit_txt", "Erreichbarkeit"),
            ],
        },
    }


def plan_actual_reachability_chart(report: KpiReport, *, height: int = 260) -> Spec:
    """Reachability per month: plan against actual, lines."""
    months, order = _months(report)
    kinds = ["Plan", "Ist"]
    rows = [
        {"Monat": fmt.month_label(m.month), "Art": kind, "Erreichbarkeit": v, "txt": fmt.percent(v)}
        for m in months
        for kind, v in (("Plan", m.plan_reachability), ("Ist", m.reachability))
        if v is not None
    ]
    share = lambda v: fmt.percent(v, 0)  # noqa: E731
    return {
        "description": (
            f"Erreichbarkeit je Monat {report.year}: Plan "
            f"{value_span((m.plan_reachability for m in months), share)}, Ist "
            f"{value_span((m.reachability for m in months), share)}."
        ),
        "height": height,
        "data": {"values": rows},
        "mark": {"type": "line", "point": True, "strokeWidth": 3},
        "encoding": {
            "x": _month_x(order),
            "y": _q("Erreichbarkeit", scale={"domain": [0, 1]}, axis={"labelExpr": german_percent_expr(0)}),
            "color": _colour("Art", [GREY, BLUE], kinds),
            "strokeDash": _dashes("Art", kinds, [[6, 4], [1, 0]]),
            "tooltip": [_n("Monat"), _n("Art"), _n("txt", "Erreichbarkeit")],
        },
    }


# --------------------------------------------------------------------------- Kosten


def term_years_chart(years: Sequence[Mapping[str, Any]], terms: Sequence[Any], terms_available: Sequence[int]) -> Spec:
    """Kosten: the whole term's cost per term (``costs.terms.TermCost``), stacked by contract year.

    ``years`` are the rows of the page's table "Kosten je Vertragsjahr" (one per term and contract year)."""
    return {
        "description": "Kosten der gesamten Laufzeit, gestapelt nach Vertragsjahr: "
        + "; ".join(f"{term_label(t.term_years)} {fmt.money(t.whole_term)}" for t in terms)
        + ".",
        "height": 320,
        "data": _values(years, "Laufzeit", "Vertragsjahr", "Jahr", "Kosten", "Kosten (Text)", "BG"),
        "mark": {"type": "bar"},
        "encoding": {
            "x": _n("Laufzeit", None, sort=[term_label(t) for t in terms_available], axis={"labelAngle": 0}),
            "y": _q("Kosten", title="Kosten der gesamten Laufzeit (€)", axis={"labelExpr": german_number_expr(0)}),
            "color": _colour("Vertragsjahr", [BLUE, SKY, ORANGE], orient="bottom"),
            "order": _q("Jahr"),
            "tooltip": [_n("Laufzeit"), _n("Vertragsjahr"), _n("Kosten (Text)", "Kosten"), _n("BG")],
        },
    }


def scenario_costs_chart(rows: Sequence[Any]) -> Spec:
    """Kosten: the first year's cost of each compared scenario (``costs.comparison.ScenarioFigures``), as bars."""
    data = [
        {
            "Szenario": r.name,
            "Kosten": float(r.chosen_first_year or 0),
            "Kosten (Text)": fmt.money(r.chosen_first_year),
            "Ziel": fmt.percent(r.target_reachability),
            "Laufzeit": term_label(r.term_years),
        }
        for r in rows
    ]
    return {
        "description": "Kosten im 1. Jahr je Szenario (gewählte Laufzeit): "
        + "; ".join(
            f"{r.name} {fmt.money(r.chosen_first_year)} bei Ziel {fmt.percent(r.target_reachability)}" for r in rows
        )
        + ".",
        "height": max(120, 44 * len(rows)),
        "data": {"values": data},
        "mark": {"type": "bar", "color": BLUE},
        "encoding": {
            "x": _q(
                "Kosten", title="Kosten im 1. Jahr (gewählte Laufzeit, €)", axis={"labelExpr": german_number_expr(0)}
            ),
            "y": _n("Szenario", None, sort=None, axis={"labelLimit": 260}),
            "tooltip": [
                _n("Szenario"),
                _n("Ziel", "Ziel-Erreichbarkeit"),
                _n("Laufzeit"),
                _n("Kosten (Text)", "Kosten im 1. Jahr"),
            ],
        },
    }


# --------------------------------------------------------------------------- Machbarkeit


def feasibility_chart(result: Any) -> Spec:
    """Machbarkeit: linear against realistic reachability per month (an ``o7core.feasibility`` result), the target."""
    kinds = ["linear (Planungshilfe)", "realistisch (Erlang A)"]
    rows = [
        {"Monat": fmt.month_label(m.month), "Rechnung": kind, "Erreichbarkeit": value, "txt": fmt.percent(value)}
        for m in result.months
        for kind, value in zip(kinds, (m.linear_reachability, m.realistic_reachability), strict=True)
    ]
    order = [fmt.month_label(m.month) for m in result.months]
    share = lambda v: fmt.percent(v, 0)  # noqa: E731
    description = (
        f"Erreichbarkeit je Monat, linear (Planungshilfe) "
        f"{value_span((m.linear_reachability for m in result.months), share)}, "
        f"realistisch (Erlang A) {value_span((m.realistic_reachability for m in result.months), share)}; "
        f"Ziel {fmt.percent(result.target_reachability)}."
    )
    bars = {
        "data": {"values": rows},
        "mark": {"type": "bar"},
        "encoding": {
            "x": _n("Monat", None, sort=order),
            "xOffset": _n("Rechnung"),
            "y": _q("Erreichbarkeit", title="Erreichbarkeit", axis={"labelExpr": german_percent_expr(0)}),
            "color": _colour("Rechnung", [GREY, BLUE], kinds, orient="bottom"),
            "tooltip": [_n("Monat"), _n("Rechnung"), _n("txt", "Erreichbarkeit")],
        },
    }
    target = {
        "data": {"values": [{"Ziel": result.target_reachability}]},
        "mark": {"type": "rule", "color": ORANGE, "strokeWidth": 2, "strokeDash": [6, 3]},
        "encoding": {"y": _q("Ziel")},
    }
    return {"description": description, "height": 320, "layer": [bars, target]}


# --------------------------------------------------------------------------- Karte


def colour_legend(region_map: RegionMap, presenting: bool) -> Spec:
    """The Karte: one dot and one line per colour class, with how many Jobcenters fall in it."""
    lines = [f"{e.text}: {fmt.count(e.count)}" for e in region_map.legend]
    rows = [
        {"y": i, "farbe": e.hex, "text": line} for i, (e, line) in enumerate(zip(region_map.legend, lines, strict=True))
    ]
    base = {"y": {"field": "y", "type": "ordinal", "axis": None}, "x": {"value": 8}, "tooltip": {"value": None}}
    dots = {
        "data": _values(rows, "y", "farbe"),
        "mark": {"type": "circle", "size": 260 if presenting else 200, "opacity": 1, "stroke": WHITE},
        "encoding": {**base, "color": _n("farbe", scale=None)},
    }
    text = {
        "data": _values(rows, "y", "text"),
        "mark": {"type": "text", "align": "left", "dx": 14 if presenting else 12},
        "encoding": {**base, "text": _n("text")},
    }
    return {
        "description": f"Legende der Farben, Erreichbarkeit gegen das Ziel {fmt.percent(region_map.target)}, "
        "Zahl der Jobcenter je Stufe: " + "; ".join(lines) + ".",
        "height": (32 if presenting else 24) * len(rows),
        "width": 480 if presenting else 360,
        "usermeta": SVG,
        "config": {"view": {"stroke": None}},
        "layer": [dots, text],
    }


def size_legend(region_map: RegionMap, presenting: bool) -> Spec:
    """The Karte: three circles drawn at the map's initial scale, 1.000, 5.000 and 20.000 BG."""
    sizes = legend_sizes(region_map.view)
    rows = [{"x": i, "bg": f"{fmt.count(bg)} BG", "area": math.pi * radius**2} for i, (bg, radius) in enumerate(sizes)]
    base = {"x": {"field": "x", "type": "ordinal", "axis": None}, "tooltip": {"value": None}}
    circles = {
        "data": _values(rows, "x", "area"),
        "mark": {"type": "circle", "color": LEGEND_FILL, "opacity": 1, "stroke": LEGEND_STROKE},
        "encoding": {**base, "size": _q("area", scale=None)},
    }
    labels = {
        "data": _values(rows, "x", "bg"),
        "mark": {"type": "text", "dy": 34 if presenting else 30},
        "encoding": {**base, "text": _n("bg")},
    }
    return {
        "description": "Legende der Kreisgrößen: die Kreisfläche eines Jobcenters ist proportional zu seinen "
        "Bedarfsgemeinschaften; Beispielkreise für " + ", ".join(str(r["bg"]) for r in rows) + ".",
        "height": 96 if presenting else 80,
        "width": 300 if presenting else 240,
        "usermeta": SVG,
        "config": {"view": {"stroke": None}},
        "layer": [circles, labels],
    }
