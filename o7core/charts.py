"""Vega-Lite chart specifications shared by the pages and the council briefing (plain data, no Streamlit).

The Planung page draws :func:`monthly_chart` with ``st.vega_lite_chart``, the Kosten page draws
:func:`cost_curve_chart`; the Sitzungsvorlage (:mod:`o7core.vorlage`) renders the very same dicts to
PNG offline (``vl-convert-python``), so the printed chart and the page always agree. German numbers
and months come from :mod:`o7core.fmt` (tooltips) and from Vega label expressions (axes), so no
locale file is needed.

:func:`chart_config` is the one text style of every chart: dark text (contrast ≥ 4.5:1 on white)
and, in presentation mode, at least 16 px.
"""

from __future__ import annotations

from typing import Any

from . import fmt
from .model import Plan

# Colour-blind-safe palette (Okabe–Ito): blue, orange, sky blue, bluish green, vermillion, grey
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
GREY = "#999999"
#: chart text: 15,5:1 on white (WCAG AA needs 4.5:1)
TEXT = "#1F2430"
#: axis lines and ticks: 8,2:1 on white
LINE = "#4A4F5C"
GRID = "#D9DCE1"
#: vermillion darkened for text on white (5,5:1; the mark colour itself is 3,9:1)
VERMILLION_TEXT = "#B34700"
#: target rules and their labels (12,6:1 on white)
RULE = "#333333"
#: the sample circles of the Karte's size legend: light fill, darker outline
LEGEND_FILL = "#bbbbbb"
LEGEND_STROKE = "#666666"
WHITE = "#ffffff"

#: font sizes of chart text (px): normal screens, presentation mode (projector) and print
FONT_SIZE = 14
FONT_SIZE_PRESENTATION = 18
FONT_FAMILY = '"Source Sans Pro", "Source Sans 3", "DejaVu Sans", sans-serif'


def german_number_expr(decimals: int = 0, field: str = "datum.value", suffix: str = "") -> str:
    """A Vega label expression that prints ``1.234,5`` instead of ``1,234.5``."""
    base = f"format({field}, ',.{decimals}f')"
    swapped = (
        f"replace(replace(replace({base}, regexp(',', 'g'), '#'), regexp('\\\\.', 'g'), ','), regexp('#', 'g'), '.')"
    )
    return swapped + (f" + '{suffix}'" if suffix else "")


def german_percent_expr(decimals: int = 0, field: str = "datum.value") -> str:
    """``0.55`` → ``55 %`` (``55,0 %`` with one decimal)."""
    return german_number_expr(decimals, f"{field} * 100", suffix="\u00a0%")


def value_span(values: Any, formatter: Any) -> str:
    """The range of ``values`` in German for a chart's text alternative: ``61 % bis 78 %``, one value
    when all agree, ``ohne Werte`` when there is none (``None`` entries are left out)."""
    present = [v for v in values if v is not None]
    if not present:
        return "ohne Werte"
    low, high = formatter(min(present)), formatter(max(present))
    return low if low == high else f"{low} bis {high}"


def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two ``#RRGGBB`` colours (1 … 21)."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def chart_config(presentation: bool = False, *, font: str = FONT_FAMILY) -> dict[str, Any]:
    """The Vega-Lite ``config`` of every chart: dark axis, legend and mark text; ≥ 16 px in presentation mode."""
    size = FONT_SIZE_PRESENTATION if presentation else FONT_SIZE
    text = {"labelFontSize": size, "titleFontSize": size, "labelColor": TEXT, "titleColor": TEXT}
    return {
        "font": font,
        "axis": {
            **text,
            "labelLimit": 0,
            "domainColor": LINE,
            "tickColor": LINE,
            "gridColor": GRID,
            "titleFontWeight": "normal",
        },
        # no label limit: Vega cuts legend labels at 160 px by default ("Anrufe in der Pl…")
        "legend": {**text, "symbolSize": 160 if presentation else 100, "labelLimit": 0},
        "header": {**text},
        "title": {"fontSize": size + 2, "color": TEXT},
        "text": {"fontSize": size, "color": TEXT},
    }


def with_config(spec: dict[str, Any], presentation: bool = False, **kwargs: Any) -> dict[str, Any]:
    """``spec`` with :func:`chart_config` (a new dict; the spec's own config entries win)."""
    config = chart_config(presentation, **kwargs)
    for key, value in (spec.get("config") or {}).items():
        config[key] = {**config.get(key, {}), **value} if isinstance(value, dict) else value
    return {**spec, "config": config}


# --------------------------------------------------------------------------- the monthly chart (Planung)


def monthly_chart(plan: Plan, *, height: int = 340) -> dict[str, Any]:
    """Planned calls and possible conversations as bars, reachability against the target as lines.

    Written as a Vega-Lite dict for ``st.vega_lite_chart``: building the same chart through Altair
    objects cost ~35 ms on every slider move, this costs well under one.
    """
    order = [fmt.month_label(m.month) for m in plan.months]
    kinds = ["Anrufe in der Planung", "mögliche Gespräche"]
    bars, lines = _monthly_rows(plan, order, kinds)
    # month and year on two lines ("Sep" over "2021"); 24 months turned upright
    axis: dict[str, Any] = (
        {"labelAngle": 0, "labelExpr": "split(datum.label, ' ')"} if len(order) <= 12 else {"labelAngle": -90}
    )
    x = {"field": "Monat", "type": "nominal", "sort": order, "title": None, "axis": axis}
    share = {"type": "quantitative", "scale": {"domain": [0, 1]}}
    return {
        "description": monthly_description(plan),
        "height": height,
        "resolve": {"scale": {"y": "independent"}},
        "layer": [
            {
                "data": {"values": bars},
                "mark": {"type": "bar"},
                "encoding": {
                    "x": x,
                    "xOffset": {"field": "Art", "type": "nominal", "sort": kinds},
                    "y": {
                        "field": "Anzahl",
                        "type": "quantitative",
                        "title": "Anzahl je Monat",
                        "axis": {"labelExpr": german_number_expr(0)},
                    },
                    "color": {
                        "field": "Art",
                        "type": "nominal",
                        "scale": {"domain": kinds, "range": [GREY, SKY]},
                        "legend": {"title": None, "orient": "top"},
                    },
                    "tooltip": [
                        {"field": "Monat", "type": "nominal"},
                        {"field": "Art", "type": "nominal"},
                        {"field": "Anzahl_txt", "type": "nominal", "title": "Anzahl"},
                    ],
                },
            },
            {
                "data": {"values": lines},
                "layer": [
                    {
                        "mark": {"type": "line", "point": True, "color": BLUE, "strokeWidth": 3},
                        "encoding": {
                            "x": x,
                            "y": {
                                "field": "Erreichbarkeit",
                                "title": "Erreichbarkeit",
                                "axis": {"labelExpr": german_percent_expr(0), "orient": "right"},
                                **share,
                            },
                            "tooltip": [
                                {"field": "Monat", "type": "nominal"},
                                {"field": "Erreichbarkeit_txt", "type": "nominal", "title": "mögliche Erreichbarkeit"},
                            ],
                        },
                    },
                    {
                        "mark": {"type": "line", "color": ORANGE, "strokeDash": [6, 4], "strokeWidth": 2},
                        "encoding": {
                            "x": x,
                            "y": {"field": "Ziel", **share},  # shares the reachability axis
                            "tooltip": [{"field": "Ziel_txt", "type": "nominal", "title": "Ziel-Erreichbarkeit"}],
                        },
                    },
                ],
            },
        ],
    }


def _monthly_rows(plan: Plan, order: list[str], kinds: list[str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The data of :func:`monthly_chart`: two bars and one reachability point per month (German tooltip texts)."""
    bars = []
    lines = []
    target_txt = fmt.percent(plan.target_reachability)
    for label, m in zip(order, plan.months, strict=True):
        for kind, value in zip(kinds, (m.planned_calls, m.possible_conversations), strict=True):
            bars.append({"Monat": label, "Art": kind, "Anzahl": value, "Anzahl_txt": fmt.count(value)})
        lines.append(
            {
                "Monat": label,
                "Erreichbarkeit": m.possible_reachability,
                "Erreichbarkeit_txt": fmt.percent(m.possible_reachability, 0),
                "Ziel": plan.target_reachability,
                "Ziel_txt": target_txt,
            }
        )
    return bars, lines


def monthly_description(plan: Plan) -> str:
    """The text alternative of :func:`monthly_chart`."""
    months = plan.months
    if not months:
        return "Monatsgrafik der Planung: keine Monate."
    return (
        f"Monatsgrafik der Planung, {fmt.month_label(months[0].month)} bis {fmt.month_label(months[-1].month)}: "
        f"Anrufe in der Planung je Monat {value_span((m.planned_calls for m in months), fmt.count)}, "
        f"mögliche Gespräche {value_span((m.possible_conversations for m in months), fmt.count)}; "
        f"mögliche Erreichbarkeit {value_span((m.possible_reachability for m in months), lambda v: fmt.percent(v, 0))} "
        f"gegen das Ziel {fmt.percent(plan.target_reachability)}."
    )


# --------------------------------------------------------------------------- the cost curve (Kosten)


term_label = fmt.term  # ``1 Jahr``, ``2 Jahre``


def curve_row(point: Any, term: int) -> dict[str, Any]:
    """One point of the cost curve (a ``costs.curve.CurvePoint``): values for the axes, German text for the tooltip."""
    return {
        "Ziel": point.target,
        "Kosten": float(point.total(term)),
        "Ziel (Text)": fmt.percent(point.target),
        "Kosten (Text)": fmt.money(point.total(term)),
        "Mehrkosten je Punkt": fmt.money(point.marginal_for(term)),
        "VZA": fmt.fte(point.fte),
    }


def cost_curve_chart(curve: Any, term: int, *, height: int = 380) -> dict[str, Any]:
    """Cost in the first year over the target reachability (a ``costs.curve.CostCurve``), the current target marked."""
    points = [curve_row(p, term) for p in curve.points]
    now = [curve_row(curve.current, term)]
    tooltip = [
        {"field": "Ziel (Text)", "type": "nominal", "title": "Ziel-Erreichbarkeit"},
        {"field": "Kosten (Text)", "type": "nominal", "title": f"Kosten je Jahr ({term_label(term)})"},
        {"field": "Mehrkosten je Punkt", "type": "nominal", "title": "Mehrkosten je weiterem Punkt"},
        {"field": "VZA", "type": "nominal"},
    ]
    x = {
        "field": "Ziel",
        "type": "quantitative",
        "title": "Ziel-Erreichbarkeit",
        "scale": {"domain": [0.3, 1.0]},
        "axis": {"labelExpr": german_percent_expr(0)},
    }
    y = {
        "field": "Kosten",
        "type": "quantitative",
        "title": f"Kosten im 1. Jahr, {term_label(term)} (€)",
        "axis": {"labelExpr": german_number_expr(0)},
    }
    return {
        "description": cost_curve_description(curve, term),
        "height": height,
        "layer": [
            {
                "data": {"values": points},
                "mark": {"type": "line", "color": BLUE, "strokeWidth": 3},
                "encoding": {"x": x, "y": y},
            },
            {
                "data": {"values": points},
                "mark": {"type": "point", "opacity": 0, "size": 120},
                "encoding": {"x": x, "y": y, "tooltip": tooltip},
            },
            {
                "data": {"values": now},
                "mark": {"type": "rule", "color": VERMILLION, "strokeDash": [6, 4], "strokeWidth": 2},
                "encoding": {"x": {"field": "Ziel", "type": "quantitative"}},
            },
            {
                "data": {"values": now},
                "mark": {"type": "point", "color": VERMILLION, "filled": True, "size": 160},
                "encoding": {"x": x, "y": y, "tooltip": tooltip},
            },
            {
                "data": {"values": now},
                "mark": {
                    "type": "text",
                    "align": "left",
                    "dx": 8,
                    "dy": -12,
                    "color": VERMILLION_TEXT,
                    "fontWeight": "bold",
                },
                "encoding": {"x": x, "y": y, "text": {"field": "Ziel (Text)", "type": "nominal"}},
            },
        ],
    }


def cost_curve_description(curve: Any, term: int) -> str:
    """The text alternative of :func:`cost_curve_chart`."""
    first, last, now = curve.points[0], curve.points[-1], curve.current
    return (
        f"Kosten im 1. Jahr (Laufzeit {term_label(term)}) über der Ziel-Erreichbarkeit: "
        f"{fmt.money(first.total(term))} bei {fmt.percent(first.target, 0)}, "
        f"{fmt.money(last.total(term))} bei {fmt.percent(last.target, 0)}; "
        f"aktuelles Ziel {fmt.percent(now.target)}: {fmt.money(now.total(term))}, "
        f"jeder weitere Punkt {fmt.money(now.marginal_for(term))}."
    )


# --------------------------------------------------------------------------- the Grundlage chart (Planung)


def forecast_description(forecast: Any) -> str:
    """The text alternative of the Planung chart of a Grundlage (an ``o7core.forecast.Forecast``)."""
    history, months = forecast.history, forecast.months
    text = "Anrufe je Monat"
    if history:
        text += (
            f": Bezugszeitraum {fmt.month_label(history[0].month)} bis {fmt.month_label(history[-1].month)} "
            f"{value_span((m.calls for m in history), fmt.count)}"
        )
    text += (
        f"; Vertragsjahr {forecast.contract_year} ({forecast.label}) "
        f"{value_span((f.calls for f in months), fmt.count)}, zusammen {fmt.count(forecast.calls)}"
    )
    lows = [f.lower for f in months if f.lower is not None]
    highs = [f.upper for f in months if f.upper is not None]
    if lows and highs:
        text += f"; 80-%-Spanne {fmt.count(min(lows))} bis {fmt.count(max(highs))}"
    return text + "."
