"""o7app.deck: the pydeck layers of the Karte."""

from __future__ import annotations

import json

import pytest

from o7app.deck import deck
from o7core.region import MAP_HEIGHT, MAP_WIDTH, build_region_map, read_region_files
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def sample_map():
    files = [(n, (SAMPLE_DIR / n).read_bytes()) for n in ("region_bw.csv", "service_center_bw.csv")]
    region = read_region_files(files).region
    return build_region_map(region, active_jcnr="JC62106", width=MAP_WIDTH, height=MAP_HEIGHT)


def layers(spec: str) -> dict[str, dict]:
    return {layer["id"]: layer for layer in json.loads(spec)["layers"]}


def test_a_selection_changes_only_the_selection_layers(sample_map) -> None:
    """The browser (o7app/karte_map.js) keeps every layer whose JSON is unchanged: a click may change only these."""
    plain = layers(deck(sample_map, None, outline=True, arcs=True, tiles=False).to_json())
    picked = layers(deck(sample_map, "JC99106", outline=True, arcs=True, tiles=False).to_json())
    order = ["umriss", "boegen", "auswahl_boegen", "jobcenter", "auswahl", "service_center", "beschriftung"]
    assert list(plain) == [*order, "auswahl_beschriftung"] == list(picked)
    assert plain["auswahl"]["data"] == [] and plain["auswahl_boegen"]["data"] == []
    assert plain["auswahl_beschriftung"]["data"] == []
    changed = {name for name in plain if plain[name] != picked[name]}
    assert changed == {"auswahl", "auswahl_boegen", "auswahl_beschriftung"}
    assert [r["jcnr"] for r in picked["auswahl"]["data"]] == ["JC99106"]
    assert picked["auswahl"]["filled"] is False and picked["auswahl"]["pickable"] is False
    assert [r["text"] for r in picked["auswahl_beschriftung"]["data"]] == [sample_map.point("JC99106").label]
    assert picked["auswahl_boegen"]["data"], "the selected Jobcenter's arc to its Service Center is stressed"
    # what a click reads back: the pickable Jobcenter circles carry their JCNR
    assert picked["jobcenter"]["pickable"] is True
    assert all(r["jcnr"].startswith("JC") for r in picked["jobcenter"]["data"])


def test_without_arcs_and_outline_those_layers_are_left_out(sample_map) -> None:
    ids = list(layers(deck(sample_map, "JC99106", outline=False, arcs=False, tiles=True).to_json()))
    assert ids == ["jobcenter", "auswahl", "service_center", "beschriftung", "auswahl_beschriftung"]


@pytest.mark.parametrize("tiles", [False, True])
def test_a_click_is_not_held_back_for_a_double_click(sample_map, tiles: bool) -> None:
    """deck.gl waits ~300 ms after each click for a second one while double-click zoom is on; the map zooms by
    wheel, pinch and keys instead, so that a click on a Jobcenter selects it at once (issue 19)."""
    spec = json.loads(deck(sample_map, None, outline=True, arcs=True, tiles=tiles).to_json())
    (view,) = spec["views"]
    assert view["@@type"] == "MapView"
    assert view["controller"] == {"doubleClickZoom": False}
