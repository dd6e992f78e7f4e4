"""The charts of the pages: the shared Vega-Lite builders live in :mod:`o7core.charts` (also used by the
Sitzungsvorlage, with the one palette); this module re-exports them, adds the presentation-aware config for
Altair charts and holds the Altair charts of the pages (Kosten, Machbarkeit). Every chart carries a German
``description`` (its text alternative)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import altair as alt
import pandas as pd

from o7core import fmt
from o7core.charts import (  # noqa: F401  (re-exported for the pages)
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    SKY,
    TEXT,
    VERMILLION,
    chart_config,
    forecast_description,
    german_number_expr,
    german_percent_expr,
    term_label,
    value_span,
    with_config,
)


def styled(chart: Any, presentation: bool) -> Any:
    """An Altair chart with the one chart text style (dark, ≥ 16 px in presentation mode)."""
    config = chart_config(presentation)
    return (
        chart.configure(font=config["font"])
        .configure_axis(**config["axis"])
        .configure_legend(**config["legend"])
        .configure_text(**config["text"])
    )


# --------------------------------------------------------------------------- Kosten

#: German number format of Altair axes with ``format`` (1.234.567 instead of 1,234,567)
GERMAN = alt.Locale(number=alt.NumberLocale(decimal=",", thousands=".", grouping=[3], currency=["", "\u00a0€"]))


def german_styled(chart: Any, presentation: bool) -> Any:
    """:func:`styled` with German number formats on the axes."""
    return styled(chart.configure(locale=GERMAN), presentation)


def term_years_chart(years: pd.DataFrame, terms: Sequence[Any], terms_available: Sequence[int]) -> alt.Chart:
    """Kosten: the whole term's cost per term (``analysis.TermCost``), stacked by contract year."""
    return (
        alt.Chart(years)
        .mark_bar()
        .encode(
            x=alt.X(
                "Laufzeit:N", title=None, sort=[term_label(t) for t in terms_available], axis=alt.Axis(labelAngle=0)
            ),
            y=alt.Y("Kosten:Q", title="Kosten der gesamten Laufzeit (€)", axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "Vertragsjahr:N",
                scale=alt.Scale(range=[BLUE, SKY, ORANGE]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            order=alt.Order("Jahr:Q"),
            tooltip=[
                alt.Tooltip("Laufzeit:N"),
                alt.Tooltip("Vertragsjahr:N"),
                alt.Tooltip("Kosten (Text):N", title="Kosten"),
                alt.Tooltip("BG:N"),
            ],
        )
        .properties(
            height=320,
            description="Kosten der gesamten Laufzeit, gestapelt nach Vertragsjahr: "
            + "; ".join(f"{term_label(t.term_years)} {fmt.money(t.whole_term)}" for t in terms)
            + ".",
        )
    )


def scenario_costs_chart(rows: Sequence[Any]) -> alt.Chart:
    """Kosten: the first year's cost of each compared scenario (``analysis.ScenarioFigures``), as bars."""
    data = pd.DataFrame(
        [
            {
                "Szenario": r.name,
                "Kosten": float(r.chosen_first_year or 0),
                "Kosten (Text)": fmt.money(r.chosen_first_year),
                "Ziel": fmt.percent(r.target_reachability),
                "Laufzeit": term_label(r.term_years),
            }
            for r in rows
        ]
    )
    return (
        alt.Chart(data)
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X("Kosten:Q", title="Kosten im 1. Jahr (gewählte Laufzeit, €)", axis=alt.Axis(format=",.0f")),
            y=alt.Y("Szenario:N", title=None, sort=None, axis=alt.Axis(labelLimit=260)),
            tooltip=[
                alt.Tooltip("Szenario:N"),
                alt.Tooltip("Ziel:N", title="Ziel-Erreichbarkeit"),
                alt.Tooltip("Laufzeit:N"),
                alt.Tooltip("Kosten (Text):N", title="Kosten im 1. Jahr"),
            ],
        )
        .properties(
            height=max(120, 44 * len(rows)),
            description="Kosten im 1. Jahr je Szenario (gewählte Laufzeit): "
            + "; ".join(
                f"{r.name} {fmt.money(r.chosen_first_year)} bei Ziel {fmt.percent(r.target_reachability)}" for r in rows
            )
            + ".",
        )
    )


# --------------------------------------------------------------------------- Machbarkeit


def feasibility_chart(result: Any) -> alt.TopLevelMixin:
    """Machbarkeit: linear against realistic reachability per month (an ``o7core.feasibility`` result), the target."""
    rows = []
    for m in result.months:
        label = fmt.month_label(m.month)
        rows.append({"Monat": label, "Rechnung": "linear (Planungshilfe)", "Erreichbarkeit": m.linear_reachability})
        rows.append({"Monat": label, "Rechnung": "realistisch (Erlang A)", "Erreichbarkeit": m.realistic_reachability})
    order = [fmt.month_label(m.month) for m in result.months]
    bars = (
        alt.Chart(pd.DataFrame(rows))
        .mark_bar()
        .encode(
            x=alt.X("Monat:N", sort=order, title=None),
            xOffset=alt.XOffset("Rechnung:N"),
            y=alt.Y("Erreichbarkeit:Q", title="Erreichbarkeit", axis=alt.Axis(labelExpr=german_percent_expr(0))),
            color=alt.Color(
                "Rechnung:N",
                scale=alt.Scale(domain=["linear (Planungshilfe)", "realistisch (Erlang A)"], range=[GREY, BLUE]),
                legend=alt.Legend(orient="bottom", title=None),
            ),
            tooltip=["Monat", "Rechnung", alt.Tooltip("Erreichbarkeit:Q", format=".1%")],
        )
    )
    target = (
        alt.Chart(pd.DataFrame({"Ziel": [result.target_reachability]}))
        .mark_rule(color=ORANGE, strokeWidth=2, strokeDash=[6, 3])
        .encode(y="Ziel:Q")
    )
    share = lambda v: fmt.percent(v, 0)  # noqa: E731
    description = (
        f"Erreichbarkeit je Monat, linear (Planungshilfe) "
        f"{value_span((m.linear_reachability for m in result.months), share)}, "
        f"realistisch (Erlang A) {value_span((m.realistic_reachability for m in result.months), share)}; "
        f"Ziel {fmt.percent(result.target_reachability)}."
    )
    return (bars + target).properties(height=320, description=description)
