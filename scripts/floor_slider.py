"""Streamlit's floor for the slider figures of ``scripts/bench_pages.py``: one slider, one card.

The same select slider as the target on Planung (0 %–100 % in half points, German labels), and a metric card
that shows its value: a key press here costs one Streamlit rerun and nothing else.
"""

import streamlit as st

OPTIONS = tuple(round(x * 0.005, 3) for x in range(0, 201))

st.set_page_config(page_title="Vergleich Regler", layout="wide")
st.header("Regler")
value = st.select_slider(
    "Ziel telefonische Erreichbarkeit",
    options=OPTIONS,
    value=0.6,
    key="w_target",
    format_func=lambda v: f"{v * 100:.1f} %".replace(".", ","),
)
st.metric("Bedarf in VZA", f"{value * 100:.1f}".replace(".", ","))
