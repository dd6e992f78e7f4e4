"""o7app.karte_map: what the page hands the map in the browser, and the click read back."""

from __future__ import annotations

import json
import re

import pytest

from o7app import karte_map, karte_region, state
from o7core.region import MAP_HEIGHT
from tests.app.conftest import open_app
from tests.conftest import ROOT

STATIC = ROOT / "static"


@pytest.fixture(scope="module")
def karte():
    return open_app("karte", opened=True)


def mounted(at) -> dict:
    (element,) = at.get("bidi_component")
    return json.loads(element.proto.json)


def test_the_map_gets_the_deck_a_german_text_alternative_and_its_height(karte) -> None:
    data = mounted(karte)
    assert data["height"] == MAP_HEIGHT
    assert data["alt"] == "Karte der Jobcenter in Baden-Württemberg: Kreise nach BG, Farbe nach Erreichbarkeit."
    assert data["tooltip"]["text"] == "{tooltip}" and data["tooltip"]["style"]["backgroundColor"] == "#ffffff"
    assert [layer["@@type"] for layer in data["deck"]["layers"]].count("ScatterplotLayer") == 3
    assert data["deck"]["views"][0]["controller"] == {"doubleClickZoom": False}


def test_a_choice_keeps_the_view_key_and_changes_only_the_selection_layers(karte) -> None:
    before = mounted(karte)
    karte.selectbox(key=karte_region.SELECT).set_value("JC99106").run()
    after = mounted(karte)
    assert after["view_key"] == before["view_key"], "a new key would draw the map anew, at its first view"
    changed = {b["id"] for b, a in zip(before["deck"]["layers"], after["deck"]["layers"], strict=True) if a != b}
    assert changed <= {"auswahl", "auswahl_boegen", "auswahl_beschriftung"} and "auswahl" in changed


class _Result:
    def __init__(self, jcnr):
        self.jcnr = jcnr


@pytest.mark.parametrize(
    ("sent", "selected"),
    [("JC99106", "JC99106"), (None, None), ("", None), (42, None), (["JC1"], None)],
)
def test_a_click_selects_the_jobcenter_the_browser_sends(monkeypatch, sent, selected) -> None:
    """The trigger value comes from the browser: only a string is taken (the page drops a JCNR it does not know)."""
    chosen = {}
    monkeypatch.setattr(state, "page_value", lambda key, default=None: _Result(sent) if key == "karte_map_0" else None)
    monkeypatch.setattr(state, "set_widget_value", lambda key, value: chosen.__setitem__(key, value))
    karte_region.on_map_click("karte_map_0")
    assert chosen == ({karte_region.SELECT: selected} if selected else {})


def test_no_click_result_changes_nothing(monkeypatch) -> None:
    chosen = {}
    monkeypatch.setattr(state, "page_value", lambda key, default=None: None)
    monkeypatch.setattr(state, "set_widget_value", lambda key, value: chosen.__setitem__(key, value))
    karte_region.on_map_click("karte_map_0")
    assert chosen == {}


def test_the_script_loads_the_vendored_deck_gl_and_sends_the_trigger_python_reads() -> None:
    js = (ROOT / "o7app" / "karte_map.js").read_text(encoding="utf-8")
    (folder,) = re.findall(r'const ASSETS = "app/static/([^"]+)/";', js)
    for name in re.findall(r'loadScript\("([^"]+)"\)', js):
        assert (STATIC / folder / name).is_file(), name
    assert f'setTriggerValue("{karte_map.TRIGGER}"' in js
    assert "on_" + karte_map.TRIGGER + "_change" in (ROOT / "o7app" / "karte_map.py").read_text(encoding="utf-8")


def test_the_static_folder_holds_only_the_vendored_deck_gl_with_its_licence() -> None:
    """Streamlit serves static/ to anyone who can reach the app: nothing but the map's library may lie there."""
    files = sorted(p.relative_to(STATIC).as_posix() for p in STATIC.rglob("*") if p.is_file())
    assert files == ["deckgl-9.4.0/LICENSE", "deckgl-9.4.0/deck.gl-json.min.js", "deckgl-9.4.0/deck.gl.min.js"]
    assert "MIT" in (STATIC / "deckgl-9.4.0" / "LICENSE").read_text(encoding="utf-8")
    assert "9.4.0" in (STATIC / "deckgl-9.4.0" / "deck.gl.min.js").read_text(encoding="utf-8")[-4_000_000:]
