"""The plan laid out like the BA planning aid: figures as rows, ``Gesamt`` and months as columns.

``planning_aid_rows`` gives the formatted German cells (used by the app and the command line);
``plan_table`` renders them as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import fmt
from .model import MonthResult, Plan, PlanTotals


def planning_aid_rows(plan: Plan, scenario: Any = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows: ``[Kennzahl, Einheit, Gesamt, <Monate…>]``."""
    t: PlanTotals = plan.totals
    header = ["Kennzahl", "Einheit", "Gesamt", *(fmt.month_label(m.month) for m in plan.months)]
    target = plan.target_reachability

    def line(label: str, unit: str, total: str, cell: Callable[[MonthResult], str]) -> list[str]:
        return [label, unit, total, *(cell(m) for m in plan.months)]

    rows = [
        line("Arbeitstage", "Tage", fmt.count(t.working_days), lambda m: fmt.count(m.working_days)),
        line(
            "Anrufe gesamt in der Planung", "Anzahl", fmt.count(t.planned_calls), lambda m: fmt.count(m.planned_calls)
        ),
        line("Ziel telefonische Erreichbarkeit", "Prozent", fmt.percent(target), lambda m: fmt.percent(target, 0)),
        line(
            "erfordert Anzahl Gespräche",
            "Anzahl",
            fmt.count(t.required_conversations),
            lambda m: fmt.count(m.required_conversations),
        ),
        line("erfordert Produktivzeit Call", "Stunden", fmt.hours(t.hours_call), lambda m: fmt.hours(m.hours_call)),
        line(
            "erfordert Produktivzeit Rückrufe",
            "Stunden",
            fmt.hours(t.hours_callback),
            lambda m: fmt.hours(m.hours_callback),
        ),
        line("erfordert Produktivzeit Versand", "Stunden", fmt.hours(t.hours_mail), lambda m: fmt.hours(m.hours_mail)),
        line("erfordert Produktivzeit gesamt", "Stunden", fmt.hours(t.hours_total), lambda m: fmt.hours(m.hours_total)),
        line(
            "erfordert Mitarbeiterkapazität",
            "VZA",
            fmt.fte(t.fte_required),
            lambda m: fmt.fte(m.fte_required, annual=False),
        ),
        line("verfügbare Kapazität", "VZA", fmt.fte(t.capacity_fte), lambda m: fmt.fte(t.capacity_fte, annual=False)),
        line(
            "mögliche Gespräche",
            "Anzahl",
            fmt.count(t.possible_conversations),
            lambda m: fmt.count(m.possible_conversations),
        ),
        line(
            "mögliche Erreichbarkeit",
            "Prozent",
            fmt.percent(t.possible_reachability),
            lambda m: fmt.percent(m.possible_reachability, 0),
        ),
        line(
            "Gespräche durch JC für gemeinsame Erreichbarkeit",
            "je Arbeitstag",
            fmt.number(t.jc_conversations_per_day, 1),
            lambda m: fmt.number(m.jc_conversations_per_day, 1),
        ),
    ]
    return header, rows


def plan_table(scenario: Any, plan: Plan) -> str:
    """Plain-text report of a plan in German format (the command line's ``--format table``)."""
    header, rows = planning_aid_rows(plan, scenario)
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    jc = getattr(scenario, "jobcenter", None)
    if jc is not None and (jc.name or jc.jcnr):
        out.append(f"{jc.name} ({jc.jcnr}), Bundesland {jc.state}")
    if plan.months:
        out.append(f"Bezugszeitraum {fmt.period_text(plan.months[0].month, plan.months[-1].month)}")
    out.append("")
    for r in [header, *rows]:
        out.append("  ".join(c.ljust(widths[0]) if i == 0 else c.rjust(widths[i]) for i, c in enumerate(r)))
    out.append("")
    out.append("Baustein                                   Stunden    Stunden *    VZA  Erfüllungsgrad  gewählt")
    for b in plan.bausteine:
        out.append(
            f"{b.number} {b.name:<40} {fmt.hours(b.hours):>9} {fmt.hours(b.hours_annualized):>11} {fmt.fte(b.fte):>6}"
            f"  {fmt.percent(b.fulfilment, 2) if b.fulfilment is not None and b.chosen else fmt.DASH:>14}  {'ja' if b.chosen else 'nein'}"
        )
    out.append(f"Gesamt (gewählte Bausteine, Stunden *): {fmt.hours(plan.hours_total_rounded)}")
    if plan.totals.fulfilment_vs_prior_year is not None:
        out.append(f"Gesprächserfüllung zum Vorjahr: {fmt.percent(plan.totals.fulfilment_vs_prior_year)}")
    if plan.costs:
        out.append("")
        out.append(f"Kosten im ersten Laufzeitjahr (BG {fmt.count(plan.bg_count)}):")
        for c in plan.costs:
            label = fmt.term(c.term_years)
            out.append(
                f"  Laufzeit {label:<8} BG-Grundpreis {fmt.money(c.base_price):>16}  Volumenpreis {fmt.money(c.volume_price):>16}  Gesamt {fmt.money(c.total):>16}"
            )
    return "\n".join(out)
