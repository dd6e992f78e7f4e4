"""Streamlit's floor for the page-switch figures of ``scripts/bench_pages.py``: two pages, one header each.

``st.navigation`` over two pages in the sidebar, the same ``.streamlit/config.toml`` as the app (served from
the repository root beside it), nothing else: a sidebar page switch here costs what Streamlit itself costs.
"""

import streamlit as st


def eins() -> None:
    st.header("Eins")


def zwei() -> None:
    st.header("Zwei")


st.set_page_config(page_title="Vergleich", layout="wide", initial_sidebar_state="expanded")
st.navigation(
    [st.Page(eins, title="Eins", url_path="eins", default=True), st.Page(zwei, title="Zwei", url_path="zwei")]
).run()
