"""Helpers of the Daten page: uploads applied once, the monthly preview, the plan summary."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from o7core import O7InputError, Scenario, fmt
from o7core.importing import ImportResult, apply_import, read_data_file
from o7core.scenario import scenario_from_bytes

from . import state

_DONE = "o7_upload_done"
_LAST = "o7_last_import"


def handle_data_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Read an uploaded data file once; on success it becomes the active data, otherwise
    the problems are kept for display and the last good data stay loaded. True when the data changed."""
    if st.session_state.get(_DONE) == file_id:
        return False
    st.session_state[_DONE] = file_id
    result = read_data_file(raw, name)
    st.session_state[_LAST] = result
    if not result.ok:
        return False
    try:
        new = apply_import(state.scenario(), result)
    except O7InputError as exc:  # defensive: apply_import re-checks
        st.session_state[_LAST] = ImportResult(name, result.kind, problems=exc.problems)
        return False
    label = name.rsplit(".", 1)[0]
    state.set_scenario(new, replace_all=True, name=label, is_sample=False)
    return True


def handle_scenario_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Load a saved scenario file (JSON); bad files leave the active scenario untouched. True when something new is to be shown."""
    key = "scenario:" + file_id
    if st.session_state.get(_DONE) == key:
        return False
    st.session_state[_DONE] = key
    try:
        loaded = scenario_from_bytes(raw, name, require_months=True)
    except O7InputError as exc:
        st.session_state[_LAST] = ImportResult(name, "scenario", problems=exc.problems)
        return True  # rerun, so the problems show where upload results are listed
    st.session_state[_LAST] = ImportResult(name, "scenario", months=loaded.months, scenario=loaded)
    state.set_scenario(loaded, replace_all=True, name=name.rsplit(".", 1)[0], is_sample=False)
    return True


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
