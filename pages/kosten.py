"""Seite Kosten (wird gebaut)."""

import streamlit as st

st.header("Kosten")
st.info("Diese Seite wird gerade gebaut.")
