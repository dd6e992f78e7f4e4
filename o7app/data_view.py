"""Helpers of the Daten page: uploads applied once, the monthly preview, the plan summary."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import streamlit as st

from o7core import O7InputError, Scenario, fmt
from o7core.importing import ImportResult, read_data_file, read_price_file
from o7core.load_rule import MODE_ASK, MODE_FRESH, MODE_SAME, Decision, decide, load
from o7core.model import PriceSheet
from o7core.sc_report import ReportImport, read_sc_report

from . import state, upload_worker
from .text import md

_DONE = "o7_upload_done"
_LAST = "o7_last_import"
_PENDING = "o7_pending_load"  # a good file waiting for the user's choice (master data differ, or an SC report)
_PRICE_DONE = "o7_price_upload_done"
_PRICE_LAST = "o7_price_upload_last"  # (file name, PriceSheet or problems) of the last price-sheet upload


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
    if st.session_state.get(_DONE) == file_id:
        return False
    st.session_state[_DONE] = file_id
    result = upload_worker.read(
        read_data_file, raw, name, filename=name, on_refusal=lambda p: ImportResult(name, "unknown", problems=p)
    )
    st.session_state[_LAST] = result
    st.session_state.pop(_PENDING, None)
    st.session_state.pop(REPORT_LOADED, None)
    if not result.ok:
        return True  # rerun, so the problems show where upload results are listed
    if result.looks_like_sc_report:
        st.session_state[_PENDING] = Pending(result, raw, "report")
        return True
    return _load(result, raw)


def _load(result: ImportResult, raw: bytes) -> bool:
    decision = decide(state.scenario(), result, current_is_sample=state.is_sample())
    if decision.mode == MODE_ASK:
        st.session_state[_PENDING] = Pending(result, raw, "ask", decision)
        return True
    apply(result, decision.mode)
    return True


def apply(result: ImportResult, mode: str) -> None:
    """Load ``result`` as another Jobcenter (``fresh``) or as new data of the same one (``same``)."""
    st.session_state.pop(_PENDING, None)
    try:
        outcome = load(state.scenario(), result, mode=mode, price_sheets=state.price_sheets())
    except O7InputError as exc:  # defensive: the rule re-checks
        st.session_state[_LAST] = ImportResult(result.filename, result.kind, problems=exc.problems)
        return
    state.apply_load(outcome, name=result.filename.rsplit(".", 1)[0])


def handle_scenario_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Load a saved scenario file (JSON) by the same rule; bad files leave the active scenario untouched."""
    return handle_data_upload(name, raw, "scenario:" + file_id)


def pending() -> Pending | None:
    return st.session_state.get(_PENDING)


def choose_pending(choice: str) -> None:
    """The user's answer to a waiting file: ``fresh``, ``same``, ``plan`` (an SC report as planning data),
    ``report`` (load it on Kennzahlen) or ``drop`` (nothing changes)."""
    waiting = pending()
    st.session_state.pop(_PENDING, None)
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
        st.session_state[kpi_view.LAST_UPLOAD] = report
        if kpi_view.load_report(report):
            st.session_state[_LAST] = None
            st.session_state[REPORT_LOADED] = waiting.result.filename


REPORT_LOADED = "o7_report_loaded_from_start"


def handle_price_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Read an uploaded price sheet once; a good one is kept for its contract year. True when it changed the prices."""
    if st.session_state.get(_PRICE_DONE) == file_id:
        return False
    st.session_state[_PRICE_DONE] = file_id
    try:
        sheet = upload_worker.read(read_price_file, raw, name, filename=name)
    except O7InputError as exc:
        st.session_state[_PRICE_LAST] = (name, exc.problems)
        return False
    st.session_state[_PRICE_LAST] = (name, sheet)
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
                value, title="Das Preisblatt kann nicht verwendet werden. Die bisherigen Preise bleiben."
            )
    years = ", ".join(str(p.contract_year) for p in state.price_sheets())
    st.caption(f"Geladene Preisblätter: {years}. Verwendet: {state.scenario().prices.contract_year}.")


def last_price_upload() -> tuple[str, object] | None:
    return st.session_state.get(_PRICE_LAST)


def last_import() -> ImportResult | None:
    return st.session_state.get(_LAST)


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
