"""Helpers of the Daten page: uploads applied once, the monthly preview, the plan summary."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import cast

import pandas as pd
import streamlit as st

from o7core import STATES, O7InputError, Problem, Scenario, fmt
from o7core.importing import ImportResult, read_data_file, read_price_file
from o7core.load_rule import MODE_ASK, MODE_FRESH, MODE_SAME, Decision, decide, load, price_warning
from o7core.model import PriceSheet
from o7core.ranges import RANGES
from o7core.sc_report import ReportImport, read_sc_report

from . import state, upload_worker
from . import widgets as w
from .text import md


@dataclass(frozen=True, slots=True)
class Pending:
    """A good file not loaded yet: the user chooses (``ask``: master data differ; ``report``: an SC report)."""

    result: ImportResult
    raw: bytes
    reason: str  # "ask" | "report"
    decision: Decision | None = None


def handle_data_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Read an uploaded data file once and load it by the rule of ``o7core.load_rule``: another
    Jobcenter starts a fresh agreement, the same one keeps the user's settings, contradicting master
    data and SC monthly reports wait for the user's choice. A bad file leaves everything loaded.
    True when something new is to be shown."""
    if state.page_value(state.DATA_UPLOAD_DONE) == file_id:
        return False
    state.set_page_value(state.DATA_UPLOAD_DONE, file_id)
    result = upload_worker.read(
        read_data_file, raw, name, filename=name, on_refusal=lambda p: ImportResult(name, "unknown", problems=p)
    )
    state.set_page_value(state.DATA_LAST_IMPORT, result)
    state.forget(state.DATA_PENDING)
    state.forget(state.REPORT_LOADED_FROM_START)
    if not result.ok:
        return True  # rerun, so the problems show where upload results are listed
    if result.looks_like_sc_report:
        state.set_page_value(state.DATA_PENDING, Pending(result, raw, "report"))
        return True
    return _load(result, raw)


def _load(result: ImportResult, raw: bytes) -> bool:
    decision = decide(state.scenario(), result, current_is_sample=state.is_sample())
    if decision.mode == MODE_ASK:
        state.set_page_value(state.DATA_PENDING, Pending(result, raw, "ask", decision))
        return True
    apply(result, decision.mode)
    return True


def apply(result: ImportResult, mode: str) -> None:
    """Load ``result`` as another Jobcenter (``fresh``) or as new data of the same one (``same``)."""
    state.forget(state.DATA_PENDING)
    try:
        outcome = load(state.scenario(), result, mode=mode, price_sheets=state.price_sheets())
    except O7InputError as exc:  # defensive: the rule re-checks
        state.set_page_value(state.DATA_LAST_IMPORT, ImportResult(result.filename, result.kind, problems=exc.problems))
        return
    state.apply_load(outcome, name=result.filename.rsplit(".", 1)[0])


def handle_scenario_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Load a saved scenario file (JSON) by the same rule; bad files leave the active scenario untouched."""
    return handle_data_upload(name, raw, "scenario:" + file_id)


def pending() -> Pending | None:
    return state.page_value(state.DATA_PENDING)


def choose_pending(choice: str) -> None:
    """The user's answer to a waiting file: ``fresh``, ``same``, ``plan`` (an SC report as planning data),
    ``report`` (load it on Kennzahlen) or ``drop`` (nothing changes)."""
    waiting = pending()
    state.forget(state.DATA_PENDING)
    if waiting is None or choice == "drop":
        return
    if choice in (MODE_FRESH, MODE_SAME):
        apply(waiting.result, choice)
    elif choice == "plan":
        _load(waiting.result, waiting.raw)
    elif choice == "report":
        from . import kpi_view

        name = waiting.result.filename
        report = upload_worker.read(
            read_sc_report, waiting.raw, name, filename=name, on_refusal=lambda p: ReportImport(name, problems=p)
        )
        state.set_page_value(state.SC_REPORT_LAST_UPLOAD, report)
        if kpi_view.load_report(report):
            state.set_page_value(state.DATA_LAST_IMPORT, None)
            state.set_page_value(state.REPORT_LOADED_FROM_START, waiting.result.filename)


def handle_price_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Read an uploaded price sheet once; a good one is kept for its contract year. True when it changed the prices."""
    if state.page_value(state.PRICE_UPLOAD_DONE) == file_id:
        return False
    state.set_page_value(state.PRICE_UPLOAD_DONE, file_id)
    try:
        sheet = upload_worker.read(read_price_file, raw, name, filename=name)
    except O7InputError as exc:
        state.set_page_value(state.PRICE_UPLOAD_LAST, (name, exc.problems))
        return False
    state.set_page_value(state.PRICE_UPLOAD_LAST, (name, sheet))
    state.add_price_sheets([sheet])
    return True


def price_upload(key: str) -> None:
    """Upload of a price sheet (CSV, XLSX or JSON); several contract years are kept in the session."""
    upload = st.file_uploader(
        "Preisblatt laden (CSV, XLSX oder JSON)",
        type=["csv", "txt", "xlsx", "json"],
        key=key,
        help="Spalten Vertragsjahr; Laufzeit; Euro je BG; Euro je Stunde – eine Zeile je Laufzeit. "
        "Gerechnet wird mit dem Preisblatt des Vertragsjahres.",
    )
    if upload is not None and handle_price_upload(upload.name, upload.getvalue(), upload.file_id):
        st.rerun()
    last = last_price_upload()
    if last is not None and upload is not None:
        name, value = last
        if isinstance(value, PriceSheet):
            st.success(f"Preisblatt {value.contract_year} aus „{md(name)}“ geladen.", icon=":material/check_circle:")
        else:
            state.show_problems(
                cast("list[Problem]", value),
                title="Das Preisblatt kann nicht verwendet werden. Die bisherigen Preise bleiben.",
            )
    years = ", ".join(str(p.contract_year) for p in state.price_sheets())
    st.caption(f"Geladene Preisblätter: {years}. Verwendet: {state.scenario().prices.contract_year}.")


def last_price_upload() -> tuple[str, object] | None:
    return state.page_value(state.PRICE_UPLOAD_LAST)


def last_import() -> ImportResult | None:
    return state.page_value(state.DATA_LAST_IMPORT)


def months_frame(scenario: Scenario) -> pd.DataFrame:
    rows = []
    for m in scenario.months:
        rows.append(
            {
                "Monat": fmt.month_label(m.month),
                "Anrufe": fmt.count(m.calls),
                "Anrufwiederholungen": fmt.count(m.repeat_calls),
                "Weiterleitungen": fmt.count(m.forwarded_calls),
                "Gespräche (Vorjahr)": fmt.count(m.conversations),
                "Voiceboxen": fmt.count(m.voicebox_messages),
                "Outbound": fmt.count(m.outbound_calls),
                "E-Mails": fmt.count(m.emails),
                "Überschneidungsmitteilungen": fmt.count(m.overlap_notices),
            }
        )
    frame = pd.DataFrame(rows)
    # columns that are empty in every month are not shown
    return frame.loc[:, [c for c in frame.columns if not (frame[c] == fmt.DASH).all()]]


def master_data(scenario: Scenario) -> None:
    """The Stammdaten form of the start page: Jobcenter, Service Center, Bundesland, BG, contract year;
    every change goes into the scenario (a new contract year with its price sheet); the price sheet upload.
    The price warning is the page's (:func:`price_notice`), so that it shows while the form is closed."""
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
            max_value=RANGES["bg"].high,  # o7core/ranges.py: a BG of 1e30 is refused here, not by a page
            optional=True,
            placeholder="unbekannt",
        )
        bg_contract = w.number(
            "BG-Zahl des Vertragsjahres (Preisbasis)",
            "w_md_bg_contract",
            float(scenario.bg_count_contract_year) if scenario.bg_count_contract_year else None,
            kind="count",
            min_value=1.0,
            max_value=RANGES["bg"].high,  # o7core/ranges.py: a BG of 1e30 is refused here, not by a page
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
    )
    state.set_contract_year(int(year) if year else scenario.contract_year)
    price_upload("w_price_upload_daten")


def price_notice(scenario: Scenario) -> None:
    """The warning where the loaded price sheet does not fit the contract year (nothing where it fits)."""
    warning = price_warning(scenario)
    if warning is not None:
        st.warning(
            warning.message + " (in den Stammdaten „Preisblatt laden“ oder auf der Seite „Kosten“)",
            icon=":material/warning:",
        )


def master_data_missing(scenario: Scenario) -> bool:
    """True where the Stammdaten lack what the costs and the appendix need (name, BG): the form opens."""
    return not scenario.jobcenter.name or not scenario.bg_for_costs
