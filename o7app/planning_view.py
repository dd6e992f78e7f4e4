"""Drawing helpers of the Planung page: metric cards, the monthly chart and tables."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from o7core import Plan, Scenario, charts, fmt
from o7core.forecast import Forecast
from o7core.table import planning_aid_rows

from . import present, state
from . import widgets as w
from .charts import BLUE, GREY, ORANGE, SKY, forecast_description, german_number_expr, with_config
from .text import md


def caption(scenario: Scenario) -> str:
    """The line under the page title: Jobcenter, Bezugszeitraum, sample or not."""
    months = scenario.months
    return f"{md(scenario.jobcenter.name)} · Bezugszeitraum {fmt.period_text(months[0].month, months[-1].month)}" + (
        " · Beispieldaten" if state.is_sample() else ""
    )


def results(headline: DeltaGenerator) -> None:
    """The figures of the session's plan; the metric cards and the Kurzfassung go into ``headline`` (full
    width, above the controls), chart, Vergleichsbasis and tables into groups that draw only while open."""
    s = state.scenario()
    with headline:
        plan = state.try_plan(title=grundlage_problem_title(s))
    if plan is None:
        return
    presenting = state.presentation_mode()
    basis = grundlage(s, plan, presentation=presenting)  # None for the BA way (the default): no forecast
    with headline:
        metric_cards(plan, s, state.baseline())
        st.markdown(summary_text(s, plan))
        if basis is not None:
            st.info(basis[0])
    capacity_warning(plan)
    with w.group("Monatsverlauf und Tabellen", "w_group_plan_chart", expanded=presenting) as group:
        if group.open:
            st.vega_lite_chart(
                monthly_chart(plan, height=480 if presenting else 340, presentation=presenting), width="stretch"
            )
            if basis is not None:
                st.vega_lite_chart(basis[1], width="stretch")
                st.caption(basis[2])
            tables(s, plan)
    if not presenting:
        with w.group("Vergleichsbasis", "w_group_plan_baseline", expanded=state.baseline() is not None) as group:
            if group.open:
                baseline_buttons()


def summary_text(scenario: Scenario, plan: Plan) -> str:
    """The Kurzfassung under the cards (Markdown, only figures and fixed words): what the target asks for,
    what the capacity allows, on which Grundlage."""
    t = plan.totals
    text = (
        f"**Kurzfassung:** {fmt.percent(plan.target_reachability)} Ziel-Erreichbarkeit heißen "
        f"{fmt.count(t.required_conversations)} Gespräche im Bezugszeitraum, {fmt.hours(plan.hours_total_rounded)} "
        f"Stunden je Jahr oder {fmt.fte(t.fte_required)} VZA."
    )
    if t.possible_reachability is not None:
        text += f" Mit {fmt.fte(t.capacity_fte)} VZA sind {fmt.percent(t.possible_reachability)} möglich."
    cost = cost_per_year(plan, scenario.term_years)
    if cost is not None:
        text += f" Kosten im 1. Jahr bei {fmt.term(scenario.term_years, dative=True)} Laufzeit: {fmt.money(cost)}."
    if scenario.forecast.method != "vorjahr":
        from o7core.forecast import METHOD_LABELS

        text += f" Grundlage der Anrufe: {METHOD_LABELS[scenario.forecast.method]} (Diagramm im Monatsverlauf)."
    return text


def capacity_warning(plan: Plan) -> None:
    """Where the available capacity misses the annual target: by how much, and the capacity that reaches it."""
    t = plan.totals
    if t.possible_reachability is None or t.possible_reachability >= plan.target_reachability - 1e-9:
        return
    capped = sum(1 for m in plan.months if m.possible_conversations >= m.planned_calls - 1e-9)
    st.warning(
        f"Mit {fmt.fte(t.capacity_fte)} VZA wird das Jahresziel von {fmt.percent(plan.target_reachability)} verfehlt: "
        f"möglich sind {fmt.percent(t.possible_reachability)}. "
        + (f"{capped} Monat(e) sind auf ihr Anrufvolumen gedeckelt. " if capped else "")
        + f"Für das Jahresziel sind mindestens {fmt.fte(t.capacity_fte_for_target)} VZA nötig "
        "(Schaltfläche „Kapazität für Jahresziel“)."
    )


def baseline_buttons() -> None:
    """Keep the current figures as the comparison base of the cards, or drop it."""
    c1, c2, _ = st.columns([1, 1, 1])
    if c1.button("Vergleichsbasis merken", help="Die Kennzahlen zeigen danach die Veränderung gegenüber diesem Stand."):
        state.save_baseline()
        st.rerun()
    if state.baseline() is not None and c2.button("Vergleichsbasis löschen"):
        state.clear_baseline()
        st.rerun()
    base = state.baseline()
    if base is not None:
        st.caption(f"Veränderungen gegenüber der Vergleichsbasis „{md(base[0])}“.")


def tables(s: Scenario, plan: Plan) -> None:
    """Bausteine, the month table as in the planning aid, the Baustein 2 sentence."""
    tab_b, tab_m, tab_2 = st.tabs(["Bausteine", "Monatstabelle (wie Planungshilfe)", "Baustein 2"])
    with tab_b:
        st.caption(CARD_TERMS)
        present.table(bausteine_frame(plan))
        st.caption(
            "Stunden: Bezugszeitraum; Stunden *: auf 12 Monate hochgerechnet (nach Arbeitstagen). "
            "VZA je Baustein = Stunden * ÷ Produktivstunden je VZA."
        )
        if plan.totals.fulfilment_vs_prior_year is not None:
            st.caption(f"Gesprächserfüllung zum Vorjahr: {fmt.percent(plan.totals.fulfilment_vs_prior_year)}")
    with tab_m:
        present.table(planning_aid_frame(plan))
    with tab_2:
        st.markdown(baustein2_sentence(s, plan))


def cost_per_year(plan: Plan, term_years: int) -> Decimal | None:
    line = plan.cost_for(term_years)
    return None if line is None else line.total


def _delta(current: float | Decimal | None, base: float | Decimal | None, formatter) -> str | None:
    if current is None or base is None:
        return None
    diff = current - base  # type: ignore[operator]
    if abs(float(diff)) < 1e-9:
        return "± 0"
    return fmt.signed(formatter(diff), diff)


#: what the cards of :func:`metric_cards` mean (one caption instead of five help icons: each icon costs the browser
#: a tooltip on every page switch, issue 19)
CARD_TERMS = (
    "Erforderliche Gespräche = geplante Anrufe × Ziel-Erreichbarkeit im Bezugszeitraum · Stunden je Jahr = "
    "Produktivstunden (Stunden *, auf 0,1 h gerundet) · VZA = Kapazität, die das Ziel erfordert · Mögliche "
    "Erreichbarkeit = mögliche Gespräche ÷ geplante Anrufe bei der verfügbaren Kapazität · € je Jahr = 1. "
    "Laufzeitjahr, BG-Grundpreis + Volumenpreis."
)


def metric_cards(plan: Plan, scenario: Scenario, baseline: tuple[str, Plan] | None) -> None:
    """Required conversations, hours, VZA, possible reachability, € per year for the chosen term."""
    base = baseline[1] if baseline else None
    t = plan.totals
    term = scenario.term_years
    cols = st.columns([1, 1, 0.8, 1, 1.3])
    cols[0].metric(
        "Erforderliche Gespräche",
        fmt.count(t.required_conversations),
        _delta(t.required_conversations, base.totals.required_conversations if base else None, fmt.count),
    )
    cols[1].metric(
        "Stunden je Jahr",
        fmt.hours(plan.hours_total_rounded),
        _delta(plan.hours_total_rounded, base.hours_total_rounded if base else None, fmt.hours),
    )
    cols[2].metric(
        "Bedarf in VZA",
        fmt.fte(t.fte_required),
        _delta(t.fte_required, base.totals.fte_required if base else None, fmt.fte),
    )
    cols[3].metric(
        "Mögliche Erreichbarkeit",
        fmt.percent(t.possible_reachability),
        _delta(
            t.possible_reachability,
            base.totals.possible_reachability if base else None,
            lambda d: fmt.number(d * 100, 1) + " Pkt.",
        ),
    )
    cols[4].metric(
        f"€ je Jahr (Laufzeit {fmt.term(term)})",
        fmt.money(cost_per_year(plan, term)),
        _delta(cost_per_year(plan, term), cost_per_year(base, term) if base else None, fmt.money),
        delta_color="inverse",
    )


def bausteine_frame(plan: Plan) -> pd.DataFrame:
    rows = []
    for b in plan.bausteine:
        rows.append(
            {
                "Baustein": f"Baustein {b.number}",
                "gewählt": "ja" if b.chosen else "nein",  # second, so a narrow window never cuts it
                "Stunden": fmt.hours(b.hours) if b.hours is not None else fmt.DASH,
                "Stunden *": fmt.hours(b.hours_annualized) if b.hours_annualized is not None else fmt.DASH,
                "VZA": fmt.fte(b.fte) if b.fte is not None else fmt.DASH,
                "Erfüllungsgrad": fmt.percent(b.fulfilment, 2) if (b.fulfilment is not None and b.chosen) else fmt.DASH,
                "Bezeichnung": b.name,  # the long text last: only it may need the side scroll
            }
        )
    chosen_fte = sum(b.fte or 0.0 for b in plan.bausteine if b.chosen)
    rows.append(
        {
            "Baustein": "Gesamt",
            "gewählt": "",
            "Stunden": fmt.hours(sum(b.hours or 0.0 for b in plan.bausteine if b.chosen)),
            "Stunden *": fmt.hours(plan.hours_total_rounded),
            "VZA": fmt.fte(chosen_fte),
            "Erfüllungsgrad": "",
            "Bezeichnung": "",
        }
    )
    return pd.DataFrame(rows)


def planning_aid_frame(plan: Plan) -> pd.DataFrame:
    """The planning aid's table turned: one row per month (and the total), one column per figure
    ("Kennzahl (Einheit)"), so that all 12 or 24 months show at full height on any screen."""
    header, rows = planning_aid_rows(plan)
    columns = [f"{r[0]} ({r[1]})" for r in rows]
    records = [[label, *(r[i] for r in rows)] for i, label in enumerate(header[2:], start=2)]
    total = records.pop(0)  # "Gesamt" comes first in the planning aid; here it closes the table
    return pd.DataFrame([*records, total], columns=["Monat", *columns])


def monthly_chart(plan: Plan, *, height: int = 340, presentation: bool = False) -> dict:
    """The monthly chart of :func:`o7core.charts.monthly_chart` (the Sitzungsvorlage prints the same spec)
    with the page's text style."""
    return with_config(charts.monthly_chart(plan, height=height), presentation)


def baustein2_sentence(scenario: Scenario, plan: Plan) -> str:
    """The Baustein 2 sentence of the appendix (``o7core.appendix``), plus the joint reachability the JC's own
    capacity reaches. Shown for information where Baustein 2 is not chosen."""
    from o7core.appendix import baustein2_text

    b2 = scenario.baustein2
    text = baustein2_text(replace(scenario, baustein2=replace(b2, chosen=True)), plan)
    if plan.totals.joint_reachability is not None:
        text += (
            f" Mit der eigenen Kapazität des JC von {fmt.number(b2.jc_capacity_per_day, 1)} Gesprächen je Arbeitstag "
            f"wird eine gemeinsame Erreichbarkeit von {fmt.percent(plan.totals.joint_reachability)} erreicht."
        )
    if not b2.chosen:
        text = "Baustein 2 ist nicht gewählt. Zur Information: " + text
    return text


# --------------------------------------------------------------------------- Grundlage (Prognose)


def basis_note(plan: Plan, ba_plan: Plan, forecast: Forecast) -> str | None:
    """Where the plan is not the BA planning aid's: which figures differ, each with the BA figure.

    ``None`` for the BA way (``vorjahr``): then every figure is the planning aid's.
    """
    if forecast.method == "vorjahr":
        return None
    t, b = plan.totals, ba_plan.totals
    pairs: list[tuple[str, Any, Any, Callable[[Any], str]]] = [
        ("Anrufe", forecast.calls, b.calls, fmt.count),
        ("Arbeitstage", t.working_days, b.working_days, fmt.count),
        ("Anrufe in der Planung", t.planned_calls, b.planned_calls, fmt.count),
        ("Erforderliche Gespräche", t.required_conversations, b.required_conversations, fmt.count),
        ("Stunden je Jahr", plan.hours_total_rounded, ba_plan.hours_total_rounded, fmt.hours),
        ("Bedarf in VZA", t.fte_required, b.fte_required, fmt.fte),
    ]
    term = cost_per_year(plan, 3), cost_per_year(ba_plan, 3)
    parts = [
        f"{label} {formatter(value)} (BA: {formatter(base)})"
        for label, value, base, formatter in pairs
        if formatter(value) != formatter(base)
    ]
    if term[0] is not None and term[1] is not None and term[0] != term[1]:
        parts.append(f"€ je Jahr bei 3 Jahren {fmt.money(term[0])} (BA: {fmt.money(term[1])})")
    head = (
        f"**Grundlage: {forecast.label}** – die Zahlen dieser Seite gelten für das Vertragsjahr "
        f"{forecast.contract_year} und weichen von der BA-Planungshilfe (Grundlage „Vorjahr“) ab"
    )
    return head + (": " + "; ".join(parts) + "." if parts else ".")


def forecast_chart(forecast: Forecast, *, height: int = 260) -> dict:
    """Calls per month: the Bezugszeitraum, the contract year on the chosen Grundlage (with the 80 % band
    of ``statistisch``) and the BA figure (the same calendar month of the Bezugszeitraum, unchanged)."""
    history = forecast.history
    latest = {m.month.month: m for m in history}
    order = [fmt.month_label(m.month) for m in history] + [fmt.month_label(m.month) for m in forecast.months]
    kinds = ["Bezugszeitraum", "Vertragsjahr", "Vertragsjahr wie BA"]
    points: list[dict[str, Any]] = [
        {"Monat": fmt.month_label(m.month), "Art": kinds[0], "Anrufe": m.calls} for m in history
    ]
    band: list[dict[str, Any]] = []
    for f in forecast.months:
        label = fmt.month_label(f.month)
        points.append({"Monat": label, "Art": kinds[1], "Anrufe": f.calls})
        ba = latest.get(f.month.month)
        if ba is not None:
            points.append({"Monat": label, "Art": kinds[2], "Anrufe": ba.calls})
        if f.lower is not None and f.upper is not None:
            band.append({"Monat": label, "von": f.lower, "bis": f.upper})
    for p in points:
        p["Anrufe_txt"] = fmt.count(p["Anrufe"])
    for b in band:
        b["Spanne_txt"] = f"{fmt.count(b['von'])} bis {fmt.count(b['bis'])}"
    x = {"field": "Monat", "type": "ordinal", "sort": order, "title": None, "axis": {"labelAngle": -45}}
    y_axis = {"labelExpr": german_number_expr(0)}
    layers: list[dict] = []
    if band:
        layers.append(
            {
                "data": {"values": band},
                "mark": {"type": "area", "color": SKY, "opacity": 0.35},
                "encoding": {
                    "x": x,
                    "y": {"field": "von", "type": "quantitative", "title": "Anrufe je Monat", "axis": y_axis},
                    "y2": {"field": "bis"},
                    "tooltip": [
                        {"field": "Monat", "type": "ordinal"},
                        {"field": "Spanne_txt", "type": "nominal", "title": "80-%-Spanne"},
                    ],
                },
            }
        )
    layers.append(
        {
            "data": {"values": points},
            "mark": {"type": "line", "point": True, "strokeWidth": 2},
            "encoding": {
                "x": x,
                "y": {"field": "Anrufe", "type": "quantitative", "title": "Anrufe je Monat", "axis": y_axis},
                "color": {
                    "field": "Art",
                    "type": "nominal",
                    "scale": {"domain": kinds, "range": [GREY, BLUE, ORANGE]},
                    "legend": {"title": None, "orient": "top"},
                },
                "strokeDash": {
                    "field": "Art",
                    "type": "nominal",
                    "scale": {"domain": kinds, "range": [[1, 0], [1, 0], [6, 4]]},
                    "legend": None,
                },
                "tooltip": [
                    {"field": "Monat", "type": "ordinal"},
                    {"field": "Art", "type": "nominal"},
                    {"field": "Anrufe_txt", "type": "nominal", "title": "Anrufe"},
                ],
            },
        }
    )
    title = f"Anrufe je Monat: Vertragsjahr {forecast.contract_year} {forecast.label}" + (
        " mit 80-%-Spanne" if band else ""
    )
    return {
        "description": forecast_description(forecast),
        "height": height,
        "title": {"text": title, "anchor": "start", "fontSize": 14},
        "layer": layers,
    }


def grundlage(
    scenario: Scenario, plan: Plan, *, height: int = 260, presentation: bool = False
) -> tuple[str, dict, str] | None:
    """For a Grundlage other than ``vorjahr``: the note on the figures that differ from the BA planning aid,
    the chart of history, forecast and band, and the text on the backtest and band. ``None`` for the BA way."""
    from o7core.forecast import forecast_scenario
    from o7core.scenario import plan_scenario

    if scenario.forecast.method == "vorjahr":
        return None
    result = forecast_scenario(scenario)
    note = basis_note(plan, plan_scenario(scenario, method="vorjahr"), result) or ""
    bt = result.backtest
    if result.band_text:
        text = result.band_text
    elif bt is not None:
        text = (
            f"Rückblick: die letzten {len(bt.months)} Monate des Bezugszeitraums, aus den {bt.trained_on} Monaten "
            f"davor so berechnet, lagen im Mittel {fmt.number(bt.smape, 1)} % neben den tatsächlichen Anrufen (sMAPE)."
        )
    else:
        text = "Ein Rückblick (Prüfung an den eigenen Daten) braucht mehr als 12 Monate im Bezugszeitraum."
    return note, with_config(forecast_chart(result, height=height), presentation), text


def grundlage_problem_title(scenario: Scenario) -> str | None:
    """The heading of the problems where the chosen Grundlage cannot be planned (``None``: the default heading)."""
    if scenario.forecast.method == "vorjahr":
        return None
    from o7core.forecast import METHOD_LABELS

    return (
        f"Mit der Grundlage „{METHOD_LABELS[scenario.forecast.method]}“ kann nicht geplant werden. Bitte die "
        "fehlenden Angaben auf der Seite „Start / Daten“ ergänzen (Stammdaten) oder eine andere Grundlage wählen."
    )
