"""Start / Daten – the active Jobcenter: sample or upload, master data, scenario files."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from o7app import data_view, state
from o7app import widgets as w
from o7app.text import md
from o7core import STATES, fmt, template
from o7core.scenario import scenario_to_json

state.ensure_router()

st.header("Start / Daten")
st.markdown(
    "O.7 Planer plant, kauft und prüft die Dienstleistung **O.7 Service Center SGB II**: "
    "Erreichbarkeit, Personalbedarf (VZA), Bausteine und Kosten – aus den Monatswerten des Jobcenters."
)

if state.is_sample():
    st.info(
        "Geladen sind die **Beispieldaten JC Göppingen** (Planungshilfe 09/2021–08/2022). "
        "Laden Sie unten eigene Daten hoch, um mit Ihrem Jobcenter zu planen.",
        icon="ℹ️",
    )

# --- the plan at a glance (filled at the end of the page) ---------------------------------
glance = st.container()


def _at_a_glance() -> None:
    """The plan's headline figures (drawn last, into a container at the top, so edits below show at once)."""
    scenario = state.scenario()
    plan = state.try_plan()
    if plan is None or not scenario.months:
        return
    st.subheader(f"{md(scenario.jobcenter.name or 'Jobcenter')} – Plan auf einen Blick")
    t = plan.totals
    term_cost = plan.cost_for(scenario.term_years)
    c = st.columns([1.1, 1, 1.1, 0.8, 1.3])
    c[0].metric(
        "Bezugszeitraum",
        f"{len(scenario.months)} Monate",
        fmt.period_text(scenario.months[0].month, scenario.months[-1].month),
        delta_color="off",
    )
    c[1].metric("Ziel-Erreichbarkeit", fmt.percent(plan.target_reachability))
    c[2].metric("Erforderliche Gespräche", fmt.count(t.required_conversations))
    c[3].metric("Bedarf in VZA", fmt.fte(t.fte_required))
    c[4].metric(
        f"€ je Jahr ({scenario.term_years} J. Laufzeit)" if scenario.term_years > 1 else "€ je Jahr (1 J. Laufzeit)",
        fmt.money(term_cost.total if term_cost else None),
    )
    st.page_link("pages/planung.py", label="Zur Planung mit Schiebereglern", icon=":material/tune:")


def _data_management() -> None:
    """Upload, templates, monthly data, master data and scenario files (hidden in presentation mode)."""
    scenario = state.scenario()

    # --- upload --------------------------------------------------------------------------------
    st.subheader("Daten hochladen")
    st.caption(
        "Datenvorlage (CSV mit ; oder , / XLSX mit den Blättern Monatswerte und Stammdaten), "
        "die BA-Planungshilfe (XLSX/CSV) oder eine gespeicherte Szenariodatei (JSON). "
        "Bei einem Fehler bleiben die bisherigen Daten geladen."
    )
    upload = st.file_uploader("Datei mit Monatswerten", type=["csv", "txt", "tsv", "xlsx", "json"], key="upload_data")
    if upload is not None and data_view.handle_data_upload(upload.name, upload.getvalue(), upload.file_id):
        st.rerun()

    result = data_view.last_import()
    if result is not None:
        if result.ok:
            kind = result.kind_label
            months = result.months
            period = f"{fmt.month_label(months[0].month)} bis {fmt.month_label(months[-1].month)}" if months else "–"
            st.success(f"„{result.filename}“ geladen ({kind}): {len(months)} Monate, {period}.", icon="✅")
        state.show_problems(result.problems)

    with st.expander("Vorlagen herunterladen"):
        st.caption("Leere Datenvorlage zum Ausfüllen: Blatt „Monatswerte“ (ein Monat je Zeile) und „Stammdaten“.")
        d1, d2 = st.columns(2)
        d1.download_button(
            "Datenvorlage (XLSX)",
            template.template_xlsx(),
            "O7_Datenvorlage.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        d2.download_button("Datenvorlage (CSV)", template.template_csv(), "O7_Datenvorlage.csv", "text/csv")

    # --- monthly data --------------------------------------------------------------------------
    if scenario.months:
        st.subheader("Monatswerte")
        st.dataframe(data_view.months_frame(scenario), hide_index=True, width="stretch")

    # --- master data ---------------------------------------------------------------------------
    st.subheader("Stammdaten")
    jc = scenario.jobcenter
    c1, c2, c3 = st.columns(3)
    with c1:
        name = w.text("Jobcenter", "w_md_name", jc.name)
        jcnr = w.text("JCNR", "w_md_jcnr", jc.jcnr, max_chars=20)
        service_center = w.text("Service Center", "w_md_sc", scenario.service_center)
    with c2:
        region = w.text("Region", "w_md_region", jc.region)
        rd = w.text("Regionaldirektion", "w_md_rd", jc.regional_directorate)
        state_code = w.select(
            "Bundesland (Feiertage)", "w_md_state", tuple(STATES), jc.state, format_func=lambda k: f"{k} – {STATES[k]}"
        )
    with c3:
        bg = w.number(
            "BG-Zahl (letzter Wert)",
            "w_md_bg",
            float(jc.bg_count) if jc.bg_count else None,
            kind="count",
            min_value=1.0,
            optional=True,
            placeholder="unbekannt",
        )
        bg_contract = w.number(
            "BG-Zahl des Vertragsjahres (Preisbasis)",
            "w_md_bg_contract",
            float(scenario.bg_count_contract_year) if scenario.bg_count_contract_year else None,
            kind="count",
            min_value=1.0,
            optional=True,
            placeholder="wie BG-Zahl",
        )
        year = w.number(
            "Vertragsjahr",
            "w_md_year",
            float(scenario.contract_year),
            kind="count",
            min_value=2000.0,
            max_value=2100.0,
            grouping=False,
        )

    new_jc = replace(
        jc,
        name=name.strip(),
        jcnr=jcnr.strip(),
        region=region.strip(),
        regional_directorate=rd.strip(),
        state=state_code,
        bg_count=int(bg) if bg else None,
    )
    state.update(
        jobcenter=new_jc,
        service_center=service_center.strip(),
        bg_count_contract_year=int(bg_contract) if bg_contract else None,
        contract_year=int(year) if year else scenario.contract_year,
    )
    if scenario.prices.contract_year != state.scenario().contract_year:
        st.warning(
            f"Das Preisblatt gilt für {scenario.prices.contract_year}, das Vertragsjahr ist {state.scenario().contract_year}. "
            "Bitte ein passendes Preisblatt laden (Szenariodatei) oder die Preise prüfen."
        )

    # --- scenario files ------------------------------------------------------------------------
    st.subheader("Szenario speichern und laden")
    s1, s2 = st.columns(2)
    with s1:
        new_name = st.text_input("Name des Szenarios", value=state.scenario_name(), max_chars=80)
        if new_name != state.scenario_name():
            state.set_scenario_name(new_name)
        safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in state.scenario_name()) or "Szenario"
        st.download_button(
            "Szenario speichern (JSON)",
            scenario_to_json(state.scenario()).encode("utf-8"),
            f"O7_Szenario_{safe}.json",
            "application/json",
            help="Enthält alle Monatswerte und Einstellungen; geladen ergibt es exakt dieselben Zahlen.",
        )
    with s2:
        scenario_file = st.file_uploader("Szenario laden (JSON)", type=["json"], key="upload_scenario")
        if scenario_file is not None and data_view.handle_scenario_upload(
            scenario_file.name, scenario_file.getvalue(), scenario_file.file_id
        ):
            st.rerun()
        if not state.is_sample() and st.button("Beispieldaten wiederherstellen"):
            state.set_scenario(state.sample_scenario(), replace_all=True, name="Beispiel Göppingen", is_sample=True)
            st.rerun()


if not state.presentation_mode():
    _data_management()

with glance:
    _at_a_glance()
