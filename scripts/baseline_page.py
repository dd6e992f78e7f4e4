"""Baseline for the rerun benchmark: the widgets of the Planung page, and no computation.

``scripts/bench_app.py`` times a slider move on ``pages/planung.py`` against the same move on this
page, in the same run, and reports the ratio (goal in QUALITY.md: ≤ 1,3×). The page has the same
layout, widget kinds, keys, options and default values as Planung (through the same helpers in
``o7app.widgets``), and five metric cards with fixed text; it does not plan, draw a chart or build
a table. Run it alone with ``streamlit run scripts/baseline_page.py``.
"""

from __future__ import annotations

import streamlit as st

from o7app import state
from o7app import widgets as w
from o7core.model import BAUSTEIN_NAMES

VOLUME_LABELS = {3: "Voiceboxen", 5: "Outbound-Anrufe", 6: "E-Mails/Postfach", 7: "Überschneidungsmitteilungen"}
CARDS = ("Erforderliche Gespräche", "Stunden je Jahr", "Bedarf in VZA", "Mögliche Erreichbarkeit", "€ je Jahr")


def _controls() -> None:
    s = state.scenario()
    p = s.parameters
    st.subheader("Einstellungen")
    w.percent_slider("Ziel telefonische Erreichbarkeit", "w_target", p.target_reachability, low=0.05)
    w.select("Laufzeit", "w_term", (1, 2, 3), s.term_years, radio=True, horizontal=True)
    with st.expander("Berücksichtigung in der Planung", expanded=False):
        w.percent_slider("Anrufe SC", "w_share_calls", p.share_calls, step="one")
        w.percent_slider("Weiterleitungen an das JC (Erhöhung)", "w_share_forwarded", p.share_forwarded, step="one")
        w.percent_slider("Anrufwiederholungen (Abzug)", "w_share_repeat", p.share_repeat_deduction, step="one")
    with st.expander("Zeiten und Kapazität", expanded=True):
        w.number("Bearbeitungszeit je Gespräch", "w_aht", p.aht_seconds, min_value=1.0, max_value=36000.0, decimals=3)
        w.number("Rückrufe je Gespräch", "w_callback", p.callback_seconds_per_conversation, step=0.1, decimals=4)
        w.number("Versand je Gespräch", "w_mail", p.mail_seconds_per_conversation, step=0.1, decimals=3)
        w.number("Produktivstunden je VZA und Jahr", "w_php", p.productive_hours_per_fte, min_value=1.0, step=10.0)
        w.toggle("Kapazität = Bedarf für das Ziel", "w_capacity_auto", p.capacity_fte is None)
        st.button("Kapazität für Jahresziel")
    b2 = s.baustein2
    with st.expander("Baustein 2 – Lastverteilung", expanded=False):
        w.checkbox("Baustein 2 wählen", "w_b2_chosen", b2.chosen)
        w.select("Art", "w_b2_mode", ("Anrufe", "Voiceboxen"), b2.mode, radio=True, horizontal=True)
        w.percent_slider("Gemeinsame Ziel-Erreichbarkeit SC + JC", "w_b2_joint", 0.70, low=0.05)
        w.number("Eigene Kapazität des JC", "w_b2_q", b2.jc_capacity_per_day, decimals=1, placeholder="offen")
    with st.expander("Bausteine 3, 5, 6, 7", expanded=False):
        for number in (3, 5, 6, 7):
            b = s.bausteine[number]
            st.markdown(f"**Baustein {number} – {BAUSTEIN_NAMES[number]}**")
            w.checkbox("wählen", f"w_b{number}_chosen", b.chosen)
            w.number(f"{VOLUME_LABELS[number]} je Jahr", f"w_b{number}_volume", b.volume_per_year, step=100.0)
            w.number("Minuten je Vorgang", f"w_b{number}_minutes", b.minutes_per_item, step=0.5, decimals=2)
            w.percent_slider("Anteil, den das SC übernimmt", f"w_b{number}_share", b.share, step="one")


st.header("Planung (Vergleichsseite ohne Berechnung)")


@st.fragment
def planning_area() -> None:
    headline = st.container()
    left, right = st.columns([1, 2.2], gap="large")
    with left:
        _controls()
    with headline:
        for col, label in zip(st.columns(5), CARDS, strict=True):
            col.metric(label, "–")
    with right:
        st.button("Vergleichsbasis merken")


planning_area()
