"""Planung – the live planning aid: sliders in, figures out, every change at once.

The controls and the figures are one fragment: moving a slider reruns only this area, not the page
around it (sidebar, header). The controls are read first, the figures drawn after them, and the
headline cards go into a container above both.
"""

from __future__ import annotations

import streamlit as st

from o7app import planning_view as view
from o7app import state
from o7app.planning_controls import read_controls

state.ensure_router()


@st.fragment
def planning_area() -> None:
    headline = st.container()
    if state.presentation_mode():
        view.results(headline)
        return
    left, right = st.columns([1, 2.2], gap="large")
    with left, st.container(key="o7_controls"):  # the key lets the layout wrap in a narrow window
        read_controls()
    with right:
        view.results(headline)


st.header("Planung")
_scenario = state.scenario()
if not _scenario.months:
    st.info("Es sind noch keine Monatswerte geladen. Bitte auf der Seite „Start / Daten“ eine Datei hochladen.")
else:
    st.caption(view.caption(_scenario))
    planning_area()
