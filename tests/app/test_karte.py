"""The Karte page through app.py: a tile-free pydeck map of the sample region, selection, upload."""

from __future__ import annotations

import json

import pytest

from o7app.karte_region import UPLOAD_GROUP
from o7core import fmt
from tests.app.conftest import assert_clean, open_app, open_group, show
from tests.conftest import SAMPLE_DIR

HEADER = "JCNR;Jobcenter;Bundesland;Breite;Länge;BG;Erreichbarkeit;Fallabschlussquote;Service Center"


def map_data(at) -> dict:
    """What the page hands the map component (o7app.karte_map): the deck's JSON, tooltip, size, text, view key."""
    maps = at.get("bidi_component")
    assert len(maps) == 1, "the page must draw exactly one map"
    assert maps[0].proto.component_name == "o7_karte"
    return json.loads(maps[0].proto.json)


def deck_spec(at) -> dict:
    return map_data(at)["deck"]


def layer(at, layer_id: str) -> dict:
    return next(lay for lay in deck_spec(at)["layers"] if lay["id"] == layer_id)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(at) -> str:
    parts = [
        str(e.value) for kind in ("caption", "markdown", "info", "error", "warning", "success") for e in at.get(kind)
    ]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def karte():
    return open_app("karte", opened=True)


def test_sample_map_is_tile_free_with_all_layers(karte) -> None:
    spec = deck_spec(karte)
    # no basemap: pydeck's placeholder tells Streamlit not to fetch its default Carto style
    assert spec.get("mapStyle") in (None, "__MAP_STYLE__")
    assert "mapProvider" not in spec
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert {"umriss", "boegen", "jobcenter", "service_center", "beschriftung"} <= set(layers)
    assert layers["jobcenter"]["@@type"] == "ScatterplotLayer" and len(layers["jobcenter"]["data"]) == 44
    assert layers["boegen"]["@@type"] == "ArcLayer"
    assert layers["beschriftung"]["characterSet"] == "auto"  # umlauts in the labels
    assert layers["jobcenter"]["radiusUnits"] == "meters"
    goe = next(d for d in layers["jobcenter"]["data"] if d["jcnr"] == "JC62106")
    assert "BG: 6.032" in goe["tooltip"] and "aktive Planung" in goe["tooltip"]
    assert 47 < spec["initialViewState"]["latitude"] < 50 and 7.5 < spec["initialViewState"]["longitude"] < 10.5


def test_sample_shows_figures_of_the_loaded_jobcenter_and_says_sample(karte) -> None:
    shown = metrics(karte)
    assert shown["Jobcenter"] == "44"
    assert shown["BG"] == "6.032"
    assert shown["Erreichbarkeit"] == fmt.percent(0.55)
    assert karte.selectbox(key="w_karte_jc").value == "JC62106"
    assert "Beispielwerte" in texts(karte)
    assert any(b.label == "In der Planung öffnen" for b in karte.button)


def test_open_in_planung_switches_page() -> None:
    at = open_app("karte", opened=True)
    at.button(key="karte_open_plan").click().run()
    assert_clean(at)
    assert [h.value for h in at.header] == ["Planung"]


def test_selecting_another_jobcenter_shows_its_figures_and_the_target_moves_colours(karte) -> None:
    before = deck_spec(karte)
    karte.selectbox(key="w_karte_jc").set_value("JC99106").run()
    assert_clean(karte)
    shown = metrics(karte)
    assert shown["BG"] == "13.900"
    assert shown["Erreichbarkeit"] == fmt.percent(0.64)
    assert not any(b.label == "In der Planung öffnen" for b in karte.button)
    assert "nicht geladen" in texts(karte)
    # only the selection layers change: the ring, the stressed arcs and the label of Mannheim
    (ring,) = layer(karte, "auswahl")["data"]
    assert ring["jcnr"] == "JC99106" and ring["line_width"] == 4.0
    assert [a["width"] for a in layer(karte, "auswahl_boegen")["data"]] == [3.0]
    assert [lab["text"] for lab in layer(karte, "auswahl_beschriftung")["data"]] == ["Mannheim"]
    after = deck_spec(karte)
    assert after["initialViewState"] == before["initialViewState"]
    unchanged = ("umriss", "boegen", "jobcenter", "service_center", "beschriftung")
    assert [lay for lay in after["layers"] if lay["id"] in unchanged] == [
        lay for lay in before["layers"] if lay["id"] in unchanged
    ]

    below_at_75 = shown["Unter Ziel"]
    karte.text_input(key="w_karte_target").input("60 %").run()
    assert_clean(karte)
    assert metrics(karte)["Unter Ziel"] != below_at_75
    assert metrics(karte)["Unter Ziel"] == "1 von 39"  # only Göppingen (55 %) is below 60 %

    karte.toggle(key="w_karte_tiles").set_value(True).run()
    assert_clean(karte)
    assert "cartocdn" in deck_spec(karte)["mapStyle"]

    show(karte, "planung")
    show(karte, "karte")
    assert karte.text_input(key="w_karte_target").value == "60"
    assert karte.selectbox(key="w_karte_jc").value == "JC99106"
    assert "cartocdn" in deck_spec(karte)["mapStyle"]


def test_bad_region_upload_keeps_the_sample_and_a_good_one_replaces_it() -> None:
    at = open_group(open_app("karte", opened=True), UPLOAD_GROUP)
    sample_view = map_data(at)["view_key"]
    bad = "\n".join([HEADER, "JC1;JC A;BW;48,7;9,6;1.000;55 %;;", "JC1;JC B;BW;60,0;9,6;1.000;55 %;;"]) + "\n"
    at.file_uploader(key="karte_upload").set_value(("kaputt.csv", bad.encode("utf-8"), "text/csv")).run()
    assert_clean(at)
    errors = "\n".join(str(e.value) for e in at.error)
    assert "kaputt.csv" in errors and "Zeile 3" in errors and "JCNR" in errors and "Breite" in errors
    assert "bisherige Region bleibt geladen" in errors
    assert metrics(at)["Jobcenter"] == "44"
    assert map_data(at)["view_key"] == sample_view, "a refused upload leaves the map and its view as they were"

    good = "\n".join(
        [
            HEADER,
            "JC62106;JC Göppingen;BW;48,70;9,65;6.032;55,0 %;71,0 %;Service Center Freiburg",
            "JC99101;JC Stuttgart;BW;48,78;9,18;23.400;68,0 %;74,0 %;Service Center Freiburg",
        ]
    )
    sites = (SAMPLE_DIR / "service_center_bw.csv").read_bytes()
    at.file_uploader(key="karte_upload").set_value(
        [("region.csv", good.encode("cp1252"), "text/csv"), ("standorte.csv", sites, "text/csv")]
    ).run()
    assert_clean(at)
    assert metrics(at)["Jobcenter"] == "2"
    assert not at.error
    assert "hochgeladen" in texts(at)
    assert len(layer(at, "jobcenter")["data"]) == 2
    assert map_data(at)["view_key"] != sample_view, "a new region gets a new view (fitted to its Jobcenters)"


def legend_specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]


def text_sizes(spec: dict) -> list[float]:
    """The font size of every text mark of a layered legend chart (the mark's own, else the config's)."""
    default = spec["config"]["text"]["fontSize"]
    return [layer["mark"].get("fontSize", default) for layer in spec["layer"] if layer["mark"]["type"] == "text"]


def test_legend_charts_have_a_german_description_and_dark_text() -> None:
    colours, sizes = legend_specs(open_app("karte", opened=True))  # its own session: another test moves the target
    assert colours["description"].startswith("Legende der Farben, Erreichbarkeit gegen das Ziel 75,0")
    assert "knapp unter Ziel (65,0\u00a0% bis unter 75,0\u00a0%): 12" in colours["description"]
    assert sizes["description"].endswith("Beispielkreise für 1.000 BG, 5.000 BG, 20.000 BG.")
    for spec in (colours, sizes):
        assert spec["config"]["text"]["color"] == "#1F2430"  # 15:1 on white
        assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"  # text stays text for screen readers
        assert all(size >= 12 for size in text_sizes(spec))


def test_presentation_mode_draws_the_legend_text_at_projector_size() -> None:
    at = open_app("karte", opened=True)
    at.session_state["o7_presentation"] = True  # the sidebar switch of app.py
    at.run()
    assert_clean(at)
    for spec in legend_specs(at):
        sizes = text_sizes(spec)
        assert sizes and all(size >= 16 for size in sizes), sizes
    main = at.main
    assert not main.toggle and not main.selectbox and not main.text_input  # no controls on the projector


def test_map_and_panel_rerun_alone() -> None:
    """A click on the map reruns only the map and the panel (a fragment), not the whole page (issue 19)."""
    import ast

    from tests.conftest import ROOT

    tree = ast.parse((ROOT / "pages" / "karte.py").read_text(encoding="utf-8"))
    holders = [
        f
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef)
        and any(isinstance(n, ast.Call) and ast.unparse(n.func) == "karte_map" for n in ast.walk(f))
    ]
    assert [f.name for f in holders] == ["map_and_panel"]
    (holder,) = holders
    assert any(ast.unparse(d) == "st.fragment" for d in holder.decorator_list)
    panel = [n for n in ast.walk(holder) if isinstance(n, ast.Call) and ast.unparse(n.func) == "details"]
    assert panel, "the panel of the chosen Jobcenter belongs to the fragment"


def test_the_kurzfassung_names_the_jobcenters_below_the_target_lowest_first() -> None:
    """Issue 19: the first view has no map; its Kurzfassung names who misses the target, lowest first."""
    from o7app.karte_region import sample_region
    from o7app.text import md
    from o7core.region import MAP_HEIGHT, MAP_WIDTH, build_region_map

    at = open_app("karte")
    assert not at.get("bidi_component")
    text = next(m.value for m in at.markdown if m.value.startswith("**Kurzfassung:**"))
    built = build_region_map(
        sample_region(), width=MAP_WIDTH, height=MAP_HEIGHT, target=0.75, active_jcnr="", active_reachability=None
    )
    below = sorted(
        (p for p in built.points if p.reachability is not None and p.reachability < 0.75),
        key=lambda p: (p.reachability, p.name.casefold()),
    )
    assert len(below) >= 2, "the sample region has Jobcenters below 75 %"
    named = [p for p in below if p.jcnr != "JC62106"][:4]  # the loaded Jobcenter's figure is the plan's
    positions = [text.index(f"{md(p.name)} ({fmt.percent(p.reachability)})") for p in named]
    assert positions == sorted(positions), text
    assert "Das geladene Jobcenter JC Göppingen" in text
