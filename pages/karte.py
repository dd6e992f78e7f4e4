"""Seite Karte (wird gebaut)."""

import streamlit as st

st.header("Karte")
st.info("Diese Seite wird gerade gebaut.")
