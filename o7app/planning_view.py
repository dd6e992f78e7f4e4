"""Drawing helpers of the Planung page: metric cards, the monthly chart and tables."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pandas as pd
import streamlit as st

from o7core import Plan, Scenario, charts, fmt
from o7core.table import planning_aid_rows

from .charts import with_config


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
        help="Geplante Anrufe × Ziel-Erreichbarkeit im Bezugszeitraum",
    )
    cols[1].metric(
        "Stunden je Jahr",
        fmt.hours(plan.hours_total_rounded),
        _delta(plan.hours_total_rounded, base.hours_total_rounded if base else None, fmt.hours),
        help="Produktivstunden je Jahr (Stunden *), auf 0,1 h gerundet",
    )
    cols[2].metric(
        "Bedarf in VZA",
        fmt.fte(t.fte_required),
        _delta(t.fte_required, base.totals.fte_required if base else None, fmt.fte),
        help="Mitarbeiterkapazität, die das Ziel erfordert",
    )
    cols[3].metric(
        "Mögliche Erreichbarkeit",
        fmt.percent(t.possible_reachability),
        _delta(
            t.possible_reachability,
            base.totals.possible_reachability if base else None,
            lambda d: fmt.number(d * 100, 1) + " Pkt.",
        ),
        help="Mögliche Gespräche ÷ geplante Anrufe bei der verfügbaren Kapazität",
    )
    label = "1 Jahr" if term == 1 else f"{term} Jahre"
    cols[4].metric(
        f"€ je Jahr (Laufzeit {label})",
        fmt.money(cost_per_year(plan, term)),
        _delta(cost_per_year(plan, term), cost_per_year(base, term) if base else None, fmt.money),
        delta_color="inverse",
        help="Kosten im ersten Laufzeitjahr: BG-Grundpreis + Volumenpreis",
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
