"""Drawing of the Kennzahlen page: the report upload, the contract targets, year and Stand, the status,
the metric cards, the charts (:mod:`o7app.charts`), the monthly table and the year-over-year section.

:func:`page` draws the whole page; each step reads its widgets, calls ``o7core.kpi`` and draws.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from o7core import Month, O7InputError, fmt
from o7core.kpi import (
    DEFAULT_CLOSURE_TARGET,
    DEFAULT_REACHABILITY_TARGET,
    ContractTargets,
    KpiReport,
    compare_years,
    compute_kpis,
)
from o7core.sc_report import ReportImport

from . import charts, present, state
from . import kpi_view as kv
from . import widgets as w
from .text import md, upload_limit_caption

#: the group with the report upload and the contract targets (drawn only while open)
UPLOAD_GROUP = "w_group_kpi_upload"
#: the key of the chart tabs (``st.session_state[CHART_TABS]``: the label of the tab shown)
CHART_TABS = "w_kz_chart_tab"


def page() -> None:
    """The whole Kennzahlen page: the answer first, the rest in groups that draw only while they are open.

    The first view is the header, the line of facts, the status of the contract targets and the four cards
    of the contract year; the report upload, year and Stand, the month against the month before, the
    charts, the table of months and the year over year sit in :func:`o7app.widgets.group` s, closed on
    arrival, so that a page switch sends only what the first view shows (issue 19). In presentation mode
    the charts are open.
    """
    presenting = state.presentation_mode()
    scenario = state.scenario()

    st.header("Kennzahlen")
    facts = st.container()  # filled once the report's figures are known: facts, status, cards on top
    # --- the report: upload (hidden in presentation mode) ------------------------------------------
    report_file = _report_or_upload(kv.active_report(), presenting, scenario.jobcenter.name)
    targets = _targets(report_file)
    year, as_of = _kept_year_and_stand(report_file, scenario.contract_year)
    if not presenting:
        with w.group("Vertragsjahr und Stand des Berichts", "w_group_kpi_stand") as group:
            if group.open:
                year, as_of = _year_and_stand(report_file, scenario.contract_year)
    plan = state.try_plan()
    try:
        report = state.memo(
            compute_kpis,
            report_file.months,
            plan=plan,
            state=scenario.jobcenter.state,
            year=year,
            targets=targets,
            as_of=as_of,
        )
    except O7InputError as exc:
        state.show_problems(exc.problems, title="Die Kennzahlen können nicht berechnet werden.")
        st.stop()

    with facts:
        st.caption(_facts(scenario.jobcenter.name, report, report_file))
        if not presenting and not kv.report_is_sample():  # the sample's own note says what the caption says
            for note in report_file.notes:
                st.text(note[:300])  # text from the file: shown as text
        st.markdown(status_text(report))
        _year_cards(report)
    if report.latest is not None:
        with w.group("Letzter Berichtsmonat gegen den Vormonat", "w_group_kpi_month", expanded=presenting) as group:
            if group.open:
                _month_cards(report)
    with w.group("Diagramme", "w_group_kpi_charts", expanded=presenting) as group:
        if group.open:
            _charts(report, presenting, plan is not None)
    with w.group("Monatswerte", "w_group_kpi_table") as group:
        if group.open:
            # two tables of about nine columns each instead of one of 17 (2.189 px): both fit a 1366 px screen
            _table = kv.month_table(report)
            _split = list(_table.columns).index("Weiterleitungen an das JC")
            present.table(_table.iloc[:, :_split])
            present.table(_table.iloc[:, [0, *range(_split, len(_table.columns))]])

    # --- year over year (reports that cover the previous contract year too) ----------------------
    if any(m.month.year == year - 1 for m in report_file.months):
        with w.group("Vorjahresvergleich", "w_group_kpi_years") as group:
            if group.open:
                kv.year_over_year(
                    state.memo(
                        compare_years,
                        report_file.months,
                        year,
                        state=scenario.jobcenter.state,
                        targets=targets,
                        as_of=as_of,
                    )
                )
    if not presenting and report.warnings:
        state.show_problems(report.warnings)


def _facts(name: str | None, report: KpiReport, report_file: ReportImport) -> str:
    """The line under the header: Jobcenter, contract year, Stand, the report (file or sample)."""
    latest = report.latest
    stand = f"Stand {fmt.month_label(latest.month)}" if latest else "ohne Berichtsmonat"
    source = (
        "Beispieldaten: erfundene Monatsberichte 2023 für das JC Göppingen, passend zum Beispielplan"
        if kv.report_is_sample()
        else f"Bericht: {md(report_file.filename)}"
    )
    return f"{md(name or 'Jobcenter')} · Vertragsjahr {report.year} · {stand} · {source}"


def status_text(report: KpiReport) -> str:
    """The status of every contract target in one Markdown paragraph: a badge with symbol and word (readable
    without colour) and the core's sentence for each."""
    parts = [
        f":{kv.BADGE_COLOURS[signal.level]}-badge[{kv.status_label(signal)}] {signal.text}" for signal in report.signals
    ]
    return "**Status:** " + " · ".join(parts)


def upload_controls() -> object:
    """The report upload, the template download and the contract targets; returns the upload."""
    left, right = st.columns([3, 2])
    with left:
        uploaded = st.file_uploader(
            "Monatsbericht des Service Centers (CSV oder XLSX)",
            type=["csv", "txt", "xlsx"],
            key="w_kpi_upload",
            help="Spalten: Monat, Anrufe, Gespräche, Gesprächsdauer und Nachbearbeitung (Sekunden oder mm:ss, "
            "Durchschnitt je Gespräch), abschließend geklärt, Weiterleitungen. Deutsche Zahlen wie 4.512 "
            "sind erlaubt.",
        )
        upload_limit_caption()
        if uploaded is not None and kv.handle_upload(uploaded.name, uploaded.getvalue(), uploaded.file_id):
            st.toast("Monatsbericht geladen.", icon=":material/check_circle:")
            st.rerun()
        st.download_button(
            "Vorlage für den Monatsbericht herunterladen (CSV)",
            data=kv.report_template(),
            file_name="sc_monatsbericht_vorlage.csv",
            mime="text/csv",
            key="w_kpi_template",
        )
        if (
            state.is_sample()
            and not kv.report_is_sample()
            and st.button("Beispielbericht wieder laden", key="w_kpi_sample")
        ):
            kv.load_report(kv.sample_report(), is_sample=True)
            st.rerun()
    with right:
        saved = state.kpi_targets((DEFAULT_REACHABILITY_TARGET, DEFAULT_CLOSURE_TARGET))
        reach_target = w.percent_slider(
            "Vertragsziel Erreichbarkeit (Jahreswert)",
            "w_kpi_target_reach",
            saved[0],
            low=0.5,
            high=1.0,
            help="Die Leistungsbeschreibung sagt 75 % im Jahresdurchschnitt zu; "
            "tragen Sie hier ein anderes Ziel ein, wenn die Vereinbarung es vorsieht.",
        )
        closure_target = w.percent_slider(
            "Vertragsziel Fallabschlussquote (mindestens)",
            "w_kpi_target_closure",
            saved[1],
            low=0.5,
            high=1.0,
            help="Die Leistungsbeschreibung sagt mindestens 70 % zu.",
        )
        state.set_page_value(state.KPI_TARGETS, (reach_target, closure_target))
    return uploaded


def upload_messages(uploaded: object, report_file: ReportImport | None) -> None:
    last = kv.last_upload()
    if uploaded is not None and last is not None and last.problems:
        if last.ok:
            state.show_problems(last.problems)
        else:
            state.show_problems(
                last.problems,
                title=f"Der Bericht „{last.filename}“ kann nicht verwendet werden. "
                + ("Der bisherige Bericht bleibt geladen." if report_file is not None else ""),
            )


def _report_or_upload(report_file: ReportImport | None, presenting: bool, name: str | None) -> ReportImport:
    """The loaded report; without one, the upload is the page (and the page stops)."""
    if report_file is None:
        # another Jobcenter than the sample, and no report of its own yet: the upload is the page
        who = md(name or "das geladene Jobcenter")
        st.info(
            f"Für **{who}** ist noch kein Monatsbericht des Service Centers geladen. "
            + ("" if presenting else "Laden Sie hier den Bericht (CSV oder XLSX), dann erscheinen die Kennzahlen."),
            icon=":material/info:",
        )
        if not presenting:
            with st.container(border=True, key="kpi_upload_open"):
                upload_messages(upload_controls(), report_file)
        st.stop()

    if not presenting:
        with w.group("Monatsbericht laden und Vertragsziele", UPLOAD_GROUP) as group:
            uploaded = upload_controls() if group.open else None  # closed: the targets stay as saved
        upload_messages(uploaded, report_file)
    return report_file


def _targets(report_file: ReportImport) -> ContractTargets:
    """The contract targets as last chosen on the page (the upload group may be closed)."""
    targets_saved = state.kpi_targets((DEFAULT_REACHABILITY_TARGET, DEFAULT_CLOSURE_TARGET))
    return ContractTargets(reachability=targets_saved[0], closure_rate=targets_saved[1])


def _kept_year_and_stand(report_file: ReportImport, contract_year: int) -> tuple[int, Month | None]:
    """Year and "Stand" as last chosen (kept outside the widget keys, so a closed group keeps them)."""
    years = sorted({m.month.year for m in report_file.months})
    default_year = contract_year if contract_year in years else years[-1]
    saved_year, saved_as_of = state.kpi_stand((default_year, None)) or (default_year, None)
    year = saved_year if saved_year in years else default_year
    as_of: Month | None = saved_as_of if isinstance(saved_as_of, Month) and saved_as_of.year == year else None
    return year, as_of


def _year_and_stand(report_file: ReportImport, contract_year: int) -> tuple[int, Month | None]:
    """Year and "Stand" read from their widgets (and kept outside the widget keys for a closed group)."""
    years = sorted({m.month.year for m in report_file.months})
    year, _ = _kept_year_and_stand(report_file, contract_year)
    saved_as_of = (state.kpi_stand((year, None)) or (year, None))[1]
    cols = st.columns([1, 3])
    with cols[0]:
        year = w.select(
            "Vertragsjahr",
            "w_kpi_year",
            years,
            year,
            format_func=str,
            help=f"Vertragsjahr des Szenarios: {contract_year}",
        )
    year_months = [m.month for m in report_file.months if m.month.year == year]
    as_of = None
    if len(year_months) > 1:
        with cols[1]:
            wanted = saved_as_of if saved_as_of in year_months else year_months[-1]
            state.restore_widget("w_kpi_as_of", wanted)
            if state.widget_value("w_kpi_as_of") not in year_months:
                state.set_widget_value("w_kpi_as_of", year_months[-1])
            as_of = st.select_slider(
                "Stand des Berichts",
                options=year_months,
                key="w_kpi_as_of",
                format_func=fmt.month_label,
                help="Zeigt die Kennzahlen so, wie sie nach diesem Monat aussahen – mit Prognose für den Rest des Jahres.",
            )
    state.set_page_value(state.KPI_STAND, (year, as_of))
    return year, as_of


def _delta_colour(value: float | None, *, higher_is_better: bool = True) -> str:
    if value is None or round(value, 1) == 0:
        return "gray"
    return "blue" if (value > 0) == higher_is_better else "orange"


def _target_delta(report: KpiReport, signal_key: str) -> tuple[str | None, str]:
    s = report.signal(signal_key)
    if s.margin is None:
        return None, "gray"
    return f"{kv.points(s.margin)} zum Ziel {fmt.percent(s.target, 0)}", _delta_colour(s.margin)


def _year_cards(report: KpiReport) -> None:
    """The four cards of the contract year so far, and one caption with what they mean (instead of four help
    icons, each a tooltip the browser draws on every page switch, issue 19)."""
    t = report.year_totals
    c = st.columns(4)
    d, colour = _target_delta(report, "reachability_ytd")
    c[0].metric(
        "Erreichbarkeit kumuliert",
        fmt.percent(t.reachability),
        d,
        delta_color=colour,  # type: ignore[arg-type]
        border=True,
    )
    d, colour = _target_delta(report, "closure_ytd")
    c[1].metric(
        "Fallabschlussquote kumuliert",
        fmt.percent(t.closure_rate),
        d,
        delta_color=colour,  # type: ignore[arg-type]
        border=True,
    )
    hours_signal = report.signal("hours_ytd")
    c[2].metric(
        "Stunden verbraucht",
        f"{fmt.hours(t.hours_used)} h",
        (
            f"{fmt.signed(fmt.number(hours_signal.margin, 1), round(hours_signal.margin, 1))} % "
            f"zu anteilig {fmt.hours(t.contracted_hours_to_date)} h"
            if hours_signal.margin is not None
            else None
        ),
        delta_color=_delta_colour(hours_signal.margin, higher_is_better=False),  # type: ignore[arg-type]
        border=True,
    )
    d, colour = _target_delta(report, "reachability_forecast")
    forecast_label = "Erreichbarkeit Jahr" if t.forecast.complete else "Prognose Jahreserreichbarkeit"
    c[3].metric(
        forecast_label,
        fmt.percent(t.forecast.reachability),
        d,
        delta_color=colour,  # type: ignore[arg-type]
        border=True,
    )
    forecast = (
        "Erreichbarkeit Jahr: alle zwölf Monate liegen vor."
        if t.forecast.complete
        else f"Prognose: die {t.forecast.months_reported} berichteten Monate und der Plan für die "
        f"{t.forecast.months_planned} offenen. {t.forecast.reason}"
    )
    st.caption(
        "Vertragsjahr bisher. Erreichbarkeit = Gespräche ÷ Anrufe bis zum Stand · Fallabschlussquote = "
        "abschließend geklärte Gespräche ÷ Gespräche · Stunden = Gespräche × (Gesprächsdauer + Nachbearbeitung) "
        f"gegen die vereinbarten Jahresstunden, anteilig nach Arbeitstagen · {forecast}"
    )


def _month_cards(report: KpiReport) -> None:
    latest = report.latest
    assert latest is not None

    st.markdown(f"#### {fmt.month_label(latest.month)} gegen den Vormonat")
    c = st.columns(4)
    c[0].metric(
        f"Erreichbarkeit {fmt.month_label(latest.month)}",
        fmt.percent(latest.reachability),
        f"{kv.points(latest.reachability_change)} zum Vormonat" if latest.reachability_change is not None else None,
        delta_color=_delta_colour(latest.reachability_change),  # type: ignore[arg-type]
        border=True,
    )
    c[1].metric(
        f"Fallabschlussquote {fmt.month_label(latest.month)}",
        fmt.percent(latest.closure_rate),
        f"{kv.points(latest.closure_change)} zum Vormonat" if latest.closure_change is not None else None,
        delta_color=_delta_colour(latest.closure_change),  # type: ignore[arg-type]
        border=True,
    )
    c[2].metric(
        f"Gespräche {fmt.month_label(latest.month)}",
        fmt.count(latest.conversations),
        (
            f"{fmt.signed(fmt.count(latest.conversations_vs_plan), round(latest.conversations_vs_plan))} zum Plan"
            if latest.conversations_vs_plan is not None
            else None
        ),
        delta_color=_delta_colour(latest.conversations_vs_plan),  # type: ignore[arg-type]
        border=True,
        help="Plan: mögliche Gespräche des aktiven Plans im gleichen Kalendermonat des Bezugszeitraums.",
    )
    c[3].metric(
        f"Weiterleitungen an das JC {fmt.month_label(latest.month)}",
        fmt.count(latest.tickets),
        (f"Anteil {fmt.percent(latest.ticket_rate)} der Gespräche" if latest.ticket_rate is not None else None),
        delta_color="off",
        delta_arrow="off",
        border=True,
    )


def _charts(report: KpiReport, presenting: bool, with_plan: bool) -> None:
    """The charts, one tab each (Vega-Lite dicts of :mod:`o7app.charts`); the note on the contracted hours."""
    t = report.year_totals
    height = 420 if presenting else 320
    tabs: list[tuple[str, str, list[Any]]] = [
        ("Erreichbarkeit", "Erreichbarkeit je Monat (Punkte mit Status) und kumuliert seit Januar (Linie) gegen das Vertragsziel",
         [charts.reachability_chart(report, height=height)]),
        ("Fallabschlussquote", f"Fallabschlussquote je Monat gegen mindestens {fmt.percent(report.targets.closure_rate, 0)}",
         [charts.closure_chart(report, height=height)]),
        ("Gesprächszeiten", "Gesprächsdauer und Nachbearbeitung je Gespräch (Minuten, gestapelt)",
         [charts.times_chart(report, height=height)]),
        ("Stunden", "Stundenverbrauch kumuliert gegen die vereinbarten Stunden (anteilig nach Arbeitstagen)",
         [charts.hours_chart(report, height=height)]),
        ("Plan und Ist", "Gespräche je Monat: Plan des aktiven Szenarios gegen den Bericht",
         [charts.plan_actual_chart(report, height=height), "Erreichbarkeit je Monat: Plan (gestrichelt) gegen Ist",
          charts.plan_actual_reachability_chart(report, height=height - 60)]),
    ]  # fmt: skip
    for tab, (_, caption, parts) in zip(w.tabs([name for name, _, _ in tabs], CHART_TABS), tabs, strict=True):
        with tab:
            if not tab.open:
                continue
            st.caption(caption)
            for part in parts:
                if isinstance(part, str):
                    st.caption(part)
                else:
                    charts.draw(part, presenting)
    if with_plan and not presenting:
        st.caption(
            f"Vereinbarte Stunden: {fmt.hours(t.contracted_hours_year)} h im Jahr (Plan des Szenarios "
            f"„{md(state.scenario_name())}“), anteilig nach {t.working_days_year} Arbeitstagen in {report.state}. "
            "Verbrauchte Stunden zählen Gesprächsdauer und Nachbearbeitung; Rückrufe und Versand, "
            "die der Plan einrechnet, stehen nicht im Monatsbericht."
        )
