"""O.7 Planer – entry point: page config, the shared sidebar, navigation over ``pages/``.

Widgets created here (the presentation switch) belong to the entry point and keep their
state on every page; the pages themselves read their widgets, call ``o7core`` and draw.
"""

import logging
from pathlib import Path

import streamlit as st

from o7app import a11y, betrieb, present, state, upload_worker
from o7app.text import md
from o7core import fmt

upload_worker.start_in_background()  # the capped worker process that reads every upload
state.presentation_from_link()
# presentation mode collapses the sidebar (the frontend applies a changed initial state at once,
# unless the user has opened or closed the sidebar by hand in this browser)
st.set_page_config(
    page_title="O.7 Planer",
    # a local image: a Material icon as favicon makes the browser fetch it from fonts.gstatic.com,
    # and a Jobcenter network has no internet
    page_icon=str(Path(__file__).parent / "o7app" / "assets" / "favicon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if state.presentation_mode() else "expanded",
)
present.apply_style()

PAGES = [
    st.Page("pages/daten.py", title="Start / Daten", icon=":material/database:", default=True),  # served at /
    st.Page("pages/planung.py", title="Planung", icon=":material/tune:", url_path="planung"),
    st.Page("pages/kennzahlen.py", title="Kennzahlen", icon=":material/monitoring:", url_path="kennzahlen"),
    st.Page("pages/kosten.py", title="Kosten", icon=":material/euro:", url_path="kosten"),
    st.Page("pages/machbarkeit.py", title="Machbarkeit", icon=":material/support_agent:", url_path="machbarkeit"),
    st.Page("pages/anlage.py", title="Anlage", icon=":material/description:", url_path="anlage"),
    st.Page("pages/karte.py", title="Karte", icon=":material/map:", url_path="karte"),
]
# before a login (O7_ANMELDUNG=oidc) no page is listed: the login page is all there is
navigation = st.navigation(PAGES, position="hidden" if betrieb.login_pending() else "sidebar")
a11y.apply()  # lang="de", Streamlit's own texts in German, icons out of accessible names
betrieb.vor_der_seite()  # optional login (O7_ANMELDUNG) and the notice after a replica change (deploy/)

with st.sidebar:
    st.markdown("### O.7 Planer")
    # filled after the page has run, so that an edit on the page shows at once
    active = st.container()
    st.toggle(
        "Präsentationsmodus",
        key=state.presentation_key(),
        help="Blendet Eingaben aus und zeigt die Kennzahlen groß – für Sitzungen und den Kreistag.",
    )
    vorlage = st.container()  # the Sitzungsvorlage of the figures after the page's edits

try:
    navigation.run()
except Exception:  # never Streamlit's English error box: a German message, the session and its data go on
    logging.getLogger("o7planer").exception("Unerwarteter Fehler auf der Seite %s", navigation.title)
    st.error(
        "Auf dieser Seite ist ein unerwarteter Fehler aufgetreten. Die geladenen Daten und Eingaben bleiben "
        "erhalten. Bitte die letzte Eingabe prüfen (z. B. einen sehr großen Wert) oder eine andere Seite öffnen.",
        icon=":material/error:",
    )

scenario = state.scenario()
with active:
    jc = scenario.jobcenter
    st.text(f"{jc.name or 'Jobcenter ohne Namen'}" + (f" ({jc.jcnr})" if jc.jcnr else ""))
    if scenario.months:
        st.caption(
            f"Bezugszeitraum {fmt.month_label(scenario.months[0].month, numeric=True)}–"
            f"{fmt.month_label(scenario.months[-1].month, numeric=True)} · Bundesland {jc.state}"
        )
    st.caption(f"Szenario: {md(state.scenario_name())}" + (" (Beispieldaten)" if state.is_sample() else ""))
with vorlage:
    present.vorlage_button()
betrieb.freeze_imports()  # once per process (no-op afterwards); .streamlit/config.toml: postScriptGC
