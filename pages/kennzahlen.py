"""Seite Kennzahlen (wird gebaut)."""

import streamlit as st

st.header("Kennzahlen")
st.info("Diese Seite wird gerade gebaut.")
