"""O.7 Planer – entry point: page config, shared sidebar, navigation over pages/."""

import streamlit as st

st.set_page_config(page_title="O.7 Planer", page_icon="📞", layout="wide")
st.title("O.7 Planer")
st.write("Planung, Einkauf und Controlling der Dienstleistung O.7 Service Center SGB II.")
