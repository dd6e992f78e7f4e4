"""Seite Planung (wird gebaut)."""

import streamlit as st

st.header("Planung")
st.info("Diese Seite wird gerade gebaut.")
