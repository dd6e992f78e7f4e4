"""Seite Daten (wird gebaut)."""

import streamlit as st

st.header("Daten")
st.info("Diese Seite wird gerade gebaut.")
