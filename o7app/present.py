"""Presentation on a projector and screens that fit: the page style, the title slide, the Sitzungsvorlage button.

``apply_style`` puts one ``<style>`` block on every page (from ``app.py``): metric cards that wrap
instead of cutting their value to "46.…", and in presentation mode headline figures of 72 px, chart
text of 18 px, the sidebar collapsed and every control and upload hint hidden. ``title_slide`` is the
start page in presentation mode. ``vorlage_button`` is the one-click council briefing (PDF) in the
sidebar of every page; the PDF is built only when clicked, from the figures of this session.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import streamlit as st

from o7core import Plan, Scenario, fmt

from . import state
from .text import md

#: headline figures: 36 px in Streamlit's default, twice that in presentation mode
METRIC_PX_PRESENTATION = 72


def vorlage_data(scenario: Scenario, plan: Plan) -> Callable[[], bytes]:
    """A callable that builds this session's Sitzungsvorlage (for a deferred download).

    Everything the PDF needs is read now, in the script run; the callable itself runs outside it.
    The Kennzahlen go in when a report of the user's own is loaded (or sample report and sample
    data together), with the year and targets chosen on the Kennzahlen page.
    """
    from . import kpi_view

    report_file = kpi_view.active_report()
    # None: no report of the loaded Jobcenter (the sample's reports belong to the sample only)
    use_report = report_file is not None and (not kpi_view.report_is_sample() or state.is_sample())
    targets = st.session_state.get(kpi_view.TARGETS_KEY)
    stand = st.session_state.get(kpi_view.STAND_KEY)
    compared = list(state.saved_scenarios().items())
    name = state.scenario_name()
    sources = [] if state.is_sample() else [name]
    if use_report and report_file is not None:
        sources.append(report_file.filename)

    def build() -> bytes:
        from o7core.kpi import ContractTargets, compute_kpis
        from o7core.vorlage import vorlage_pdf

        report = None
        if use_report and report_file is not None and report_file.months:
            years = sorted({m.month.year for m in report_file.months})
            year = (
                stand[0]
                if stand and stand[0] in years
                else (scenario.contract_year if scenario.contract_year in years else years[-1])
            )
            as_of = stand[1] if stand and stand[0] == year else None
            kwargs = {"targets": ContractTargets(reachability=targets[0], closure_rate=targets[1])} if targets else {}
            try:
                report = compute_kpis(
                    report_file.months, plan=plan, state=scenario.jobcenter.state, year=year, as_of=as_of, **kwargs
                )
            except Exception:  # the briefing is still useful without the Kennzahlen
                report = None
        return vorlage_pdf(
            scenario,
            plan=plan,
            report=report,
            compared=compared,
            scenario_name=name if compared else "",
            today=date.today(),
            sources=sources,
        )

    return build


def vorlage_button() -> None:
    """The download button of the Sitzungsvorlage (sidebar of every page)."""
    scenario = state.scenario()
    if not scenario.months:
        st.caption("Sitzungsvorlage: erst Monatswerte laden.")
        return
    try:
        plan = state.plan()
    except Exception:
        st.caption("Sitzungsvorlage: der Plan ist noch nicht berechenbar.")
        return
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (scenario.jobcenter.name or "Jobcenter"))
    st.download_button(
        "Sitzungsvorlage (PDF)",
        data=vorlage_data(scenario, plan),
        file_name=f"Sitzungsvorlage_O7_{safe}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="w_vorlage_download",
        help="2–4 Seiten für Kreistag und Trägerversammlung: Beschlussvorschlag, Nutzen, Kosten, "
        "Diagramme, Kennzahlen und gespeicherte Szenarien – aus den Zahlen dieser Sitzung.",
    )


def title_slide() -> None:
    """The start page in presentation mode: Jobcenter, Bezugszeitraum, the decision, five key figures."""
    from o7core.vorlage import decision_sentence

    scenario = state.scenario()
    plan = state.try_plan()
    if plan is None or not scenario.months:
        return
    jc = scenario.jobcenter
    t = plan.totals
    with st.container(key="o7_slide"):
        st.caption("Telefonische Erreichbarkeit · O.7 Service Center SGB II")
        st.title(md(jc.name or "Jobcenter"), anchor=False)
        st.markdown(
            f"Bezugszeitraum {fmt.period_text(scenario.months[0].month, scenario.months[-1].month)}"
            f" · Vertragsjahr {scenario.contract_year}"
        )
        with st.container(key="o7_slide_decision"):
            st.markdown(md(decision_sentence(scenario, plan)))
        term_cost = plan.cost_for(scenario.term_years)
        cards = [
            ("Ziel-Erreichbarkeit", fmt.percent(plan.target_reachability)),
            ("Erforderliche Gespräche", fmt.count(t.required_conversations)),
            ("Stunden je Jahr", fmt.hours(plan.hours_total_rounded)),
            ("Bedarf in VZA", fmt.fte(t.fte_required)),
            (f"€ im 1. Jahr ({scenario.term_years} J. Laufzeit)", fmt.money(term_cost.total if term_cost else None)),
        ]
        columns = st.columns(len(cards))
        for column, (label, value) in zip(columns, cards, strict=True):
            column.metric(label, value)
