"""Start / Daten – the active Jobcenter: sample or upload, master data, scenario files."""

from __future__ import annotations

import streamlit as st

from o7app import data_view, present, state
from o7app import widgets as w
from o7app.text import cleaned, md, upload_limit_caption
from o7core import fmt, template
from o7core.scenario import scenario_to_json

state.ensure_router()

if state.presentation_mode():  # the title slide for the council (o7app.present)
    present.title_slide()
else:
    st.header("Start / Daten")
    st.markdown(
        "O.7 Planer plant, kauft und prüft die Dienstleistung **O.7 Service Center SGB II**: "
        "Erreichbarkeit, Personalbedarf (VZA), Bausteine und Kosten – aus den Monatswerten des Jobcenters."
        + (
            " Geladen sind die **Beispieldaten JC Göppingen** (Planungshilfe 09/2021–08/2022); laden Sie unten "
            "eigene Daten hoch, um mit Ihrem Jobcenter zu planen."
            if state.is_sample()
            else ""
        )
    )

# --- the plan at a glance (filled at the end of the page) ---------------------------------
glance = st.container()


def _at_a_glance() -> None:
    """The plan's headline figures (drawn last, into a container at the top, so edits below show at once)."""
    scenario = state.scenario()
    plan = state.try_plan()
    if plan is None or not scenario.months:
        return
    st.markdown(
        f"**{md(scenario.jobcenter.name or 'Jobcenter')} – Plan auf einen Blick** · Bezugszeitraum "
        f"{fmt.period_text(scenario.months[0].month, scenario.months[-1].month)} ({len(scenario.months)} Monate)"
    )
    t = plan.totals
    term_cost = plan.cost_for(scenario.term_years)
    c = st.columns([1, 1.1, 0.8, 1.3])
    c[0].metric("Ziel-Erreichbarkeit", fmt.percent(plan.target_reachability))
    c[1].metric("Erforderliche Gespräche", fmt.count(t.required_conversations))
    c[2].metric("Bedarf in VZA", fmt.fte(t.fte_required))
    c[3].metric(
        f"€ je Jahr ({scenario.term_years} J. Laufzeit)" if scenario.term_years > 1 else "€ je Jahr (1 J. Laufzeit)",
        fmt.money(term_cost.total if term_cost else None),
    )
    st.page_link("pages/planung.py", label="Zur Planung mit Schiebereglern", icon=":material/tune:")


def _summary(outcome) -> None:
    """What the last load brought (from the file), reset and kept: a short German list."""
    parts = []
    for title, lines in (
        ("Aus der Datei", outcome.from_file),
        ("Zurückgesetzt", outcome.reset),
        ("Beibehalten", outcome.kept),
    ):
        if lines:
            parts.append(f"**{title}:**\n" + "\n".join(f"- {md(line)}" for line in lines))
    with st.container(border=True, key="load_summary"):
        st.markdown("\n\n".join(parts))
    state.show_problems(outcome.warnings)


def _pending_choice() -> None:
    """A good file waiting for the user: an SC monthly report, or master data that contradict."""
    waiting = data_view.pending()
    if waiting is None:
        return
    name = md(waiting.result.filename)
    if waiting.reason == "report":
        st.warning(
            f"„{name}“ sieht wie ein **Monatsbericht des Service Centers** aus (Spalten Gesprächsdauer, "
            "Nachbearbeitung, abschließend geklärt). Er gehört auf die Seite „Kennzahlen“ und wurde nicht "
            "als Planungsdaten übernommen.",
            icon=":material/warning:",
        )
        c1, c2, c3 = st.columns(3)
        c1.button(
            "Als Monatsbericht für Kennzahlen laden",
            type="primary",
            on_click=data_view.choose_pending,
            args=("report",),
            key="w_pending_report",
        )
        c2.button(
            "Trotzdem als Planungsdaten laden", on_click=data_view.choose_pending, args=("plan",), key="w_pending_plan"
        )
        c3.button("Nicht laden", on_click=data_view.choose_pending, args=("drop",), key="w_pending_drop")
        return
    diff = "\n".join(f"- {md(str(d))}" for d in (waiting.decision.differences if waiting.decision else ()))
    st.warning(
        f"„{name}“ passt nicht zu den geladenen Stammdaten:\n{diff}\n\n"
        "Bitte wählen Sie, wie die Datei geladen wird. Bis dahin bleibt alles, wie es ist.",
        icon=":material/warning:",
    )
    c1, c2, c3 = st.columns(3)
    c1.button(
        "Als anderes Jobcenter laden (neue Vereinbarung)",
        on_click=data_view.choose_pending,
        args=("fresh",),
        key="w_pending_fresh",
    )
    c2.button(
        "Als dasselbe Jobcenter laden (Einstellungen behalten)",
        on_click=data_view.choose_pending,
        args=("same",),
        key="w_pending_same",
    )
    c3.button("Nicht laden", on_click=data_view.choose_pending, args=("drop",), key="w_pending_drop")


def _data_management() -> None:
    """Upload, templates, monthly data, master data and scenario files (hidden in presentation mode).

    The plan at a glance is the first view; upload and everything else sit in :func:`o7app.widgets.group` s that draw only while
    open (a page switch sends only what the first view shows, issue 19). The Stammdaten open by themselves
    where the name or the BG are missing; the price warning shows either way.
    """
    scenario = state.scenario()
    with w.group("Eigene Daten hochladen", "w_group_daten_upload", expanded=_upload_needs_attention()) as group:
        if group.open:
            _upload()
    data_view.price_notice(scenario)
    with w.group("Stammdaten", "w_group_daten_master", expanded=data_view.master_data_missing(scenario)) as group:
        if group.open:
            data_view.master_data(scenario)
    if scenario.months:
        with w.group(f"Monatswerte ({len(scenario.months)} Monate)", "w_group_daten_months") as group:
            if group.open:
                present.table(data_view.months_frame(scenario))
    with w.group("Szenario speichern und laden", "w_group_daten_files") as group:
        if group.open:
            _scenario_files()
    with w.group("Vorlagen herunterladen", "w_group_daten_templates") as group:
        if group.open:
            st.caption("Leere Datenvorlage zum Ausfüllen: Blatt „Monatswerte“ (ein Monat je Zeile) und „Stammdaten“.")
            d1, d2 = st.columns(2)
            # deferred: the workbook (about 0,1–0,2 s to build) is made when it is clicked, not on every run
            d1.download_button(
                "Datenvorlage (XLSX)",
                template.template_xlsx,
                "O7_Datenvorlage.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                on_click="ignore",
            )
            d2.download_button("Datenvorlage (CSV)", template.template_csv(), "O7_Datenvorlage.csv", "text/csv")


def _upload_needs_attention() -> bool:
    """True where the upload group opens by itself: nothing loaded yet, or a file waiting for a choice. (After
    an upload the group is open anyway, and stays so, with the outcome, while the page is shown.)"""
    return not state.scenario().months or data_view.pending() is not None


def _upload() -> None:
    """The data upload and what the last one brought."""
    upload = st.file_uploader(
        "Daten hochladen: Datei mit Monatswerten",
        type=["csv", "txt", "tsv", "xlsx", "json"],
        key="upload_data",
        help="Datenvorlage (CSV mit ; oder , / XLSX mit den Blättern Monatswerte und Stammdaten), "
        "die BA-Planungshilfe (XLSX/CSV) oder eine gespeicherte Szenariodatei (JSON). "
        "Bei einem Fehler bleiben die bisherigen Daten geladen.",
    )
    upload_limit_caption()
    if upload is not None and data_view.handle_data_upload(upload.name, upload.getvalue(), upload.file_id):
        st.rerun()

    _pending_choice()
    result = data_view.last_import()
    summary = state.load_summary()
    if result is not None:
        if result.ok and summary is not None and data_view.pending() is None:
            months = summary.scenario.months
            period = f"{fmt.month_label(months[0].month)} bis {fmt.month_label(months[-1].month)}" if months else "–"
            st.success(
                f"„{md(result.filename)}“ geladen ({result.kind_label}): {len(months)} Monate, {period}. "
                f"{md(summary.headline)}",
                icon=":material/check_circle:",
            )
        state.show_problems(result.problems)
    if summary is not None and data_view.pending() is None:
        _summary(summary)
    if loaded := state.page_value(state.REPORT_LOADED_FROM_START):
        st.success(
            f"„{md(loaded)}“ ist als Monatsbericht geladen: "
            "zu sehen auf der Seite „Kennzahlen“. Die Planungsdaten bleiben unverändert.",
            icon=":material/check_circle:",
        )
        st.page_link("pages/kennzahlen.py", label="Zu den Kennzahlen", icon=":material/monitoring:")


def _scenario_files() -> None:
    """Save the scenario as JSON, load one, back to the sample."""
    s1, s2 = st.columns(2)
    with s1:
        new_name = cleaned(st.text_input("Name des Szenarios", value=state.scenario_name(), max_chars=200))
        if new_name != state.scenario_name():
            state.set_scenario_name(new_name)
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in state.scenario_name()) or "Szenario"
        st.download_button(
            "Szenario speichern (JSON)",
            scenario_to_json(
                state.scenario(),
                name=state.scenario_name(),
                baseline=state.baseline_scenario(),
                price_sheets=state.price_sheets(),
            ).encode("utf-8"),
            f"O7_Szenario_{safe}.json",
            "application/json",
            help="Enthält alle Monatswerte und Einstellungen, den Namen, die Vergleichsbasis und die geladenen "
            "Preisblätter; geladen ergibt es exakt dieselben Zahlen.",
        )
    with s2:
        scenario_file = st.file_uploader("Szenario laden (JSON)", type=["json"], key="upload_scenario")
        upload_limit_caption()
        if scenario_file is not None and data_view.handle_scenario_upload(
            scenario_file.name, scenario_file.getvalue(), scenario_file.file_id
        ):
            st.rerun()
        if not state.is_sample() and st.button("Beispieldaten wiederherstellen"):
            state.restore_sample()
            st.rerun()


if not state.presentation_mode():
    _data_management()

if not state.presentation_mode():
    with glance:
        _at_a_glance()
