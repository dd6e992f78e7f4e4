"""Streamlit's floor for the Karte click of ``scripts/bench_pages.py``: one button, one card.

A mouse click on the button reruns the script and the card shows the new count: what one click costs when
Streamlit does nothing else – the same input (button down, 50 ms, up) as the click on a Jobcenter on the map.
"""

import streamlit as st

st.set_page_config(page_title="Vergleich Klick", layout="wide")
st.header("Klick")
if st.button("Weiter", key="w_weiter"):
    st.session_state["klicks"] = st.session_state.get("klicks", 0) + 1
st.metric("Klicks", str(st.session_state.get("klicks", 0)))
