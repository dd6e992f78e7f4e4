"""The Karte's map as a Streamlit component: the pydeck deck drawn by deck.gl, a click read back as a JCNR.

``st.pydeck_chart`` draws the same deck, but its selection costs a user's click twice (issue 19): the browser
redraws the whole deck to grey out everything not picked before it sends the click, and on every rerun it
parses the deck's JSON again and rebuilds every layer. This component (``o7app/karte_map.js``, a
``st.components.v2`` component) sends the clicked Jobcenter's JCNR at once as the trigger value ``jcnr`` and,
on a rerun, hands deck.gl only the layers whose JSON changed; the view stays where the user left it until
``key`` changes (a new region).

deck.gl 9.4.0 (MIT licence) lies in ``static/deckgl-9.4.0`` and is served by Streamlit's static file serving
(``enableStaticServing``); that folder holds nothing else, uploads never land there.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydeck as pdk
import streamlit as st

from o7app.deck import TOOLTIP

#: the trigger value the browser sets on a click on a Jobcenter: its JCNR
TRIGGER = "jcnr"
_JS = (Path(__file__).with_name("karte_map.js")).read_text(encoding="utf-8")
_CSS = """
.o7-karte { position: relative; width: 100%; }
.o7-karte .deck-tooltip { z-index: 10; }
"""
_component = st.components.v2.component("o7_karte", js=_JS, css=_CSS, isolate_styles=False)


def deck_spec(deck: pdk.Deck) -> dict[str, Any]:
    """The deck as deck.gl's JSON (what ``st.pydeck_chart`` would send), as a dict."""
    spec: dict[str, Any] = json.loads(deck.to_json())
    return spec


def karte_map(
    deck: pdk.Deck,
    *,
    key: str,
    height: int,
    alt: str,
    on_click: Callable[[], None],
) -> Any:
    """Draw ``deck`` (``height`` in px); ``on_click`` runs before the rerun a click on a Jobcenter starts.

    ``alt``: the German text alternative of the map (its ``aria-label``). ``key``: the map keeps the user's
    pan and zoom while it stays the same (the browser reads it as ``view_key``). A deck with
    ``map_provider="carto"`` gets Carto's Positron raster tiles under its layers (loaded by the browser from
    basemaps.cartocdn.com).
    """
    data = {
        "deck": deck_spec(deck),
        "tooltip": TOOLTIP,
        "height": height,
        "alt": alt,
        "view_key": key,
    }
    return _component(key=key, data=data, height=height, on_jcnr_change=on_click)
