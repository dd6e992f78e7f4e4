"""Seite Anlage (wird gebaut)."""

import streamlit as st

st.header("Anlage")
st.info("Diese Seite wird gerade gebaut.")
