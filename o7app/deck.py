"""The Karte's pydeck deck: the region's layers and the selection's layers.

The core (``o7core.region``) gives the map as plain records; this module wraps them in pydeck layers, and
``o7app.karte_map`` hands the deck's JSON to deck.gl in the browser. The region's layers are the same for
every selection; the selected Jobcenter is drawn by three small layers on top (``auswahl``: black ring,
``auswahl_boegen``: its arcs, ``auswahl_beschriftung``: its label), so that a click changes only those and the
browser redraws only them. Works without map tiles: by default no basemap is requested at all
(``map_provider=None``) and a coarse outline of the Bundesland is drawn instead; tiles are loaded only when the
user switches them on.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pydeck as pdk

from o7core.region import OUTLINE_FILL, OUTLINE_LINE, RegionMap

TILE_STYLE = "light"  # Carto Positron: only requested when the user switches tiles on
# pydeck reads a bare string as an accessor expression ("@@=…"); literal strings must be quoted
PIXELS, METERS = '"pixels"', '"meters"'
JOBCENTER_LAYER = "jobcenter"
#: pan, zoom by wheel, pinch and keyboard, but no zoom on double click: with it, deck.gl holds every click back
#: until a second one could no longer follow (~300 ms), and a click on a Jobcenter waits that long (issue 19)
CONTROLLER = {"doubleClickZoom": False}
TOOLTIP = {
    "text": "{tooltip}",
    "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "14px", "border": "1px solid #999"},
}


def deck(region_map: RegionMap, selected: str | None, *, outline: bool, arcs: bool, tiles: bool) -> pdk.Deck:
    """The deck of ``region_map`` with the Jobcenter ``selected`` (JCNR or ``None``) marked."""
    view = pdk.ViewState(
        latitude=region_map.view.latitude, longitude=region_map.view.longitude, zoom=region_map.view.zoom
    )
    layers = region_layers(region_map, selection_layers(region_map, selected), outline=outline, arcs=arcs, tiles=tiles)
    views = [pdk.View(type="MapView", controller=CONTROLLER)]
    if tiles:
        return pdk.Deck(
            layers=layers,
            views=views,
            initial_view_state=view,
            map_provider="carto",
            map_style=TILE_STYLE,
            tooltip=TOOLTIP,
        )
    return pdk.Deck(layers=layers, views=views, initial_view_state=view, map_provider=None, tooltip=TOOLTIP)


def region_layers(
    region_map: RegionMap, selection: Mapping[str, pdk.Layer], *, outline: bool, arcs: bool, tiles: bool
) -> list[pdk.Layer]:
    """Outline, arcs, Jobcenter circles, Service Center sites and labels, each with the selection's layer above it."""
    layers = []
    if outline and region_map.outlines:
        layers.append(
            pdk.Layer(
                "PolygonLayer",
                id="umriss",
                data=region_map.outline_records(),
                get_polygon="polygon",
                get_fill_color=[*OUTLINE_FILL[:3], 90 if tiles else 255],
                get_line_color=list(OUTLINE_LINE),
                line_width_min_pixels=1.5,
                stroked=True,
                filled=True,
                pickable=False,
            )
        )
    if arcs:
        layers += [arc_layer("boegen", region_map.arc_records()), selection["arcs"]]
    layers += [
        pdk.Layer(
            "ScatterplotLayer",
            id=JOBCENTER_LAYER,
            data=region_map.point_records(),
            get_position="position",
            get_radius="radius",
            radius_units=METERS,
            radius_min_pixels=3,
            get_fill_color="color",
            get_line_color="line_color",
            get_line_width="line_width",
            line_width_units=PIXELS,
            stroked=True,
            filled=True,
            pickable=True,
            auto_highlight=True,
        ),
        selection["ring"],
        pdk.Layer(
            "ScatterplotLayer",
            id="service_center",
            data=region_map.site_records(),
            get_position="position",
            get_radius=8,
            radius_units=PIXELS,
            get_fill_color="color",
            get_line_color=[255, 255, 255, 255],
            line_width_min_pixels=2.5,
            stroked=True,
            filled=True,
            pickable=True,
        ),
        label_layer("beschriftung", region_map.label_records()),
        selection["label"],
    ]
    return layers


def selection_layers(region_map: RegionMap, jcnr: str | None) -> dict[str, pdk.Layer]:
    """The stressed arcs, the black ring and the larger label of the selected Jobcenter (empty without one)."""
    records = region_map.selection_records(jcnr)
    return {
        "arcs": arc_layer("auswahl_boegen", records["arcs"]),
        "ring": pdk.Layer(
            "ScatterplotLayer",
            id="auswahl",
            data=records["ring"],
            get_position="position",
            get_radius="radius",
            radius_units=METERS,
            radius_min_pixels=3,
            get_line_color="line_color",
            get_line_width="line_width",
            line_width_units=PIXELS,
            stroked=True,
            filled=False,
            pickable=False,
        ),
        "label": label_layer("auswahl_beschriftung", records["label"]),
    }


def arc_layer(layer_id: str, records: list[dict[str, Any]]) -> pdk.Layer:
    return pdk.Layer(
        "ArcLayer",
        id=layer_id,
        data=records,
        get_source_position="source",
        get_target_position="target",
        get_source_color="color",
        get_target_color="color",
        get_width="width",
        width_units=PIXELS,
        get_height=0.4,
        pickable=False,
    )


def label_layer(layer_id: str, records: list[dict[str, Any]]) -> pdk.Layer:
    return pdk.Layer(
        "TextLayer",
        id=layer_id,
        data=records,
        get_position="position",
        get_text="text",
        get_size="size",
        size_units=PIXELS,
        get_color="color",
        get_pixel_offset="offset",
        character_set='"auto"',  # quoted: pydeck would read a bare string as an accessor expression
        font_family='"Arial, Helvetica, sans-serif"',
        font_weight=600,
        font_settings={"sdf": True},
        outline_width=3,
        outline_color=[255, 255, 255, 230],
        pickable=False,
    )
