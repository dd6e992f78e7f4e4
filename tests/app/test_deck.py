"""o7app.deck: the pydeck layers of the Karte and the click read back from Streamlit's selection."""

from __future__ import annotations

import json

import pytest

from o7app.deck import deck, jcnr_from_selection, picked_anything
from o7core.region import MAP_HEIGHT, MAP_WIDTH, build_region_map, read_region_files
from tests.conftest import SAMPLE_DIR


@pytest.fixture(scope="module")
def sample_map():
    files = [(n, (SAMPLE_DIR / n).read_bytes()) for n in ("region_bw.csv", "service_center_bw.csv")]
    region = read_region_files(files).region
    return build_region_map(region, active_jcnr="JC62106", width=MAP_WIDTH, height=MAP_HEIGHT)


def test_selection_from_the_map_gives_the_jcnr() -> None:
    selection = {"indices": {"jobcenter": [3]}, "objects": {"jobcenter": [{"jcnr": "JC62106", "name": "JC Göppingen"}]}}
    assert jcnr_from_selection(selection) == "JC62106"
    assert jcnr_from_selection({"indices": {}, "objects": {}}) is None
    assert jcnr_from_selection({"objects": {"service_center": [{"name": "SC"}]}}) is None
    assert jcnr_from_selection(None) is None
    # after a click the page renames the pickable layers (jobcenter-1, -2, …): still the Jobcenter layer
    renamed = {"indices": {"jobcenter-2": [0]}, "objects": {"jobcenter-2": [{"jcnr": "JC99106"}]}}
    assert jcnr_from_selection(renamed) == "JC99106"
    assert jcnr_from_selection({"objects": {"jobcenterx": [{"jcnr": "JC1"}]}}) is None
    assert picked_anything({"indices": {"service_center-1": [0]}, "objects": {"service_center-1": [{"name": "SC"}]}})
    assert not picked_anything({"indices": {}, "objects": {}}) and not picked_anything(None)


def layers(spec: str) -> dict[str, dict]:
    return {layer["id"]: layer for layer in json.loads(spec)["layers"]}


def test_a_selection_changes_only_the_selection_layers_and_clicks_rename_the_pickable_ones(sample_map) -> None:
    plain = layers(deck(sample_map, None, outline=True, arcs=True, tiles=False).to_json())
    picked = layers(deck(sample_map, "JC99106", outline=True, arcs=True, tiles=False, picks=2).to_json())
    order = ["umriss", "boegen", "auswahl_boegen", "jobcenter", "auswahl", "service_center", "beschriftung"]
    assert list(plain) == [*order, "auswahl_beschriftung"]
    assert plain["auswahl"]["data"] == [] and plain["auswahl_boegen"]["data"] == []
    assert {k: v for k, v in picked["jobcenter-2"].items() if k != "id"} == {
        k: v for k, v in plain["jobcenter"].items() if k != "id"
    }
    assert picked["service_center-2"]["data"] == plain["service_center"]["data"]
    for same in ("umriss", "boegen", "beschriftung"):
        assert picked[same] == plain[same]
    assert [r["jcnr"] for r in picked["auswahl"]["data"]] == ["JC99106"]
    assert picked["auswahl"]["filled"] is False and picked["auswahl"]["pickable"] is False


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
