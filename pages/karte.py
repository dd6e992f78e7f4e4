"""Seite Karte: die Jobcenter einer Service-Center-Region auf einer pydeck-Karte.

Reads the region (sample or an uploaded region file), asks ``o7core.region`` for the map data and
wraps it in pydeck layers. Works without map tiles: by default no basemap is requested at all
(``map_provider=None``) and a coarse outline of the Bundesland is drawn instead; tiles are loaded
only when the user switches them on.
"""

from __future__ import annotations

import math
from functools import lru_cache, partial

import altair as alt
import pydeck as pdk
import streamlit as st

from o7app import state
from o7app import widgets as w
from o7app.text import md, upload_limit_caption
from o7core import O7InputError, fmt
from o7core.region import (
    CLOSURE_TARGET,
    CONTRACT_TARGET,
    MAP_HEIGHT,
    MAP_WIDTH,
    OUTLINE_FILL,
    OUTLINE_LINE,
    MapPoint,
    Region,
    RegionMap,
    build_region_map,
    jcnr_from_selection,
    legend_sizes,
    read_region_files,
)
from o7core.workdays import STATES

state.ensure_router()

SAMPLE_FILES = ("region_bw.csv", "service_center_bw.csv")
REGION = "o7_karte_region"  # (Region, label of its files) after a good upload
SETTINGS = "o7_karte_settings"  # target and switches, kept across page switches
MAP_GENERATION = "o7_karte_map_generation"  # counts region changes: a new region gets a new, fitted map
PICKS = "o7_karte_picks"  # counts clicks on the map: renames the pickable layers (see ``on_map_select``)
BASE = "o7_karte_base"  # (inputs, RegionMap, layers) of the map without a selection, kept per session
SELECT = "w_karte_jc"
UPLOAD = "karte_upload"
UPLOAD_RESULT = "o7_karte_upload_result"  # (file label, RegionImport) of the last upload
TILE_STYLE = "light"  # Carto Positron: only requested when the user switches tiles on
# pydeck reads a bare string as an accessor expression ("@@=…"); literal strings must be quoted
PIXELS, METERS = '"pixels"', '"meters"'


@lru_cache(maxsize=1)
def sample_region() -> Region:
    """The embedded sample region (the same for every session, never changed)."""
    files = [(name, (state.SAMPLE_DIR / name).read_bytes()) for name in SAMPLE_FILES]
    result = read_region_files(files)
    if result.region is None:  # the shipped sample is tested; this guards a broken checkout
        raise O7InputError(result.problems)
    return result.region


def active_region() -> tuple[Region, str, bool]:
    """The region shown: the last good upload of this session, else the sample."""
    stored = st.session_state.get(REGION)
    if stored is not None:
        return stored[0], stored[1], False
    return sample_region(), " und ".join(SAMPLE_FILES), True


def settings() -> dict:
    if SETTINGS not in st.session_state:
        st.session_state[SETTINGS] = {"target": CONTRACT_TARGET * 100, "outline": True, "arcs": True, "tiles": False}
    return st.session_state[SETTINGS]


def kept_widget(widget, label: str, name: str, **kwargs):
    """A widget whose value survives page switches (stored in ``SETTINGS``)."""
    key = f"w_karte_{name}"
    state.restore_widget(key, settings()[name])
    value = widget(label, key=key, **kwargs)
    settings()[name] = value
    return value


def on_map_select(map_key: str) -> None:
    """A click on a Jobcenter selects it in the select box.

    The map stays (same key, same view); only the pickable layers get a new id. The browser then
    finds its selection on a layer that is gone and drops it, and with it the grey-out Streamlit
    lays over everything not selected; the black ring of the selection layer marks the choice.
    """
    event = st.session_state.get(map_key)
    selection = event.selection if event is not None else None
    if selection and any(selection.get("objects", {}).values()):
        st.session_state[PICKS] = st.session_state.get(PICKS, 0) + 1
    jcnr = jcnr_from_selection(selection)
    if jcnr:
        st.session_state[SELECT] = jcnr


def base_map(region: Region, **inputs) -> RegionMap:
    """The map without a selection, built once per region and settings in this session."""
    stored = st.session_state.get(BASE)
    key = (id(region), tuple(sorted(inputs.items())))
    if stored is None or stored[0] != key or stored[1] is not region:
        stored = (key, region, build_region_map(region, width=MAP_WIDTH, height=MAP_HEIGHT, **inputs))
        st.session_state[BASE] = stored
    return stored[2]


def selection_layers(region_map: RegionMap, jcnr: str | None) -> dict[str, pdk.Layer]:
    """The stressed arcs, the black ring and the larger label of the selected Jobcenter."""
    records = region_map.selection_records(jcnr)
    return {
        "arcs": pdk.Layer(
            "ArcLayer",
            id="auswahl_boegen",
            data=records["arcs"],
            get_source_position="source",
            get_target_position="target",
            get_source_color="color",
            get_target_color="color",
            get_width="width",
            width_units=PIXELS,
            get_height=0.4,
            pickable=False,
        ),
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


def label_layer(layer_id: str, records: list[dict]) -> pdk.Layer:
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


def deck(region_map: RegionMap, selected: str | None, *, outline: bool, arcs: bool, tiles: bool) -> pdk.Deck:
    """The deck: the region's layers (the same for every selection) and the selection's layers.

    The pickable layers carry the click counter in their id (``jobcenter-3``), see ``on_map_select``.
    """
    picks = st.session_state.get(PICKS, 0)
    suffix = f"-{picks}" if picks else ""
    selection = selection_layers(region_map, selected)
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
        layers.append(
            pdk.Layer(
                "ArcLayer",
                id="boegen",
                data=region_map.arc_records(),
                get_source_position="source",
                get_target_position="target",
                get_source_color="color",
                get_target_color="color",
                get_width="width",
                width_units=PIXELS,
                get_height=0.4,
                pickable=False,
            )
        )
    if arcs:
        layers.append(selection["arcs"])  # the selected Jobcenter's arcs, over the others
    layers += [
        pdk.Layer(
            "ScatterplotLayer",
            id="jobcenter" + suffix,
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
        selection["ring"],  # the black ring of the selected Jobcenter
        pdk.Layer(
            "ScatterplotLayer",
            id="service_center" + suffix,
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
        selection["label"],  # the selected Jobcenter's label, over the others
    ]
    view = pdk.ViewState(
        latitude=region_map.view.latitude, longitude=region_map.view.longitude, zoom=region_map.view.zoom
    )
    tooltip = {
        "text": "{tooltip}",
        "style": {"backgroundColor": "#ffffff", "color": "#222222", "fontSize": "14px", "border": "1px solid #999"},
    }
    if tiles:
        return pdk.Deck(
            layers=layers, initial_view_state=view, map_provider="carto", map_style=TILE_STYLE, tooltip=tooltip
        )
    return pdk.Deck(layers=layers, initial_view_state=view, map_provider=None, tooltip=tooltip)


def legend(region_map: RegionMap) -> None:
    """Colour and size legend, drawn as two small Altair charts beside each other."""
    colours, sizes = st.columns([1.5, 1])
    with colours:
        st.markdown(f"**Erreichbarkeit gegen Ziel {fmt.percent(region_map.target)}**")
        rows = [
            {"y": i, "farbe": e.hex, "text": f"{e.text}: {fmt.count(e.count)}"} for i, e in enumerate(region_map.legend)
        ]
        base = alt.Chart(alt.Data(values=rows)).encode(
            y=alt.Y("y:O", axis=None), x=alt.value(8), tooltip=alt.value(None)
        )
        dots = base.mark_circle(size=200, opacity=1, stroke="#ffffff").encode(color=alt.Color("farbe:N", scale=None))
        text = base.mark_text(align="left", dx=12, fontSize=13, color="#222222").encode(text="text:N")
        st.altair_chart(
            (dots + text).properties(height=24 * len(rows), width=360).configure_view(stroke=None), width="content"
        )
    with sizes:
        st.markdown("**Kreisfläche ∝ Bedarfsgemeinschaften**")
        size_rows = [
            {"x": i, "bg": f"{fmt.count(bg)} BG", "area": math.pi * radius**2}
            for i, (bg, radius) in enumerate(legend_sizes(region_map.view))
        ]
        size_base = alt.Chart(alt.Data(values=size_rows)).encode(x=alt.X("x:O", axis=None), tooltip=alt.value(None))
        circles = size_base.mark_circle(color="#bbbbbb", opacity=1, stroke="#666666").encode(
            size=alt.Size("area:Q", scale=None)
        )
        labels = size_base.mark_text(dy=30, fontSize=12, color="#222222").encode(text="bg:N")
        st.altair_chart(
            (circles + labels).properties(height=80, width=240).configure_view(stroke=None), width="content"
        )
        st.caption(
            "Dunkelviolette Punkte mit weißem Rand: Standorte der Service Center; Bögen führen zu den Jobcentern, "
            "die sie betreuen. Schwarzer Ring: gewähltes Jobcenter; dunkler Rand: das geladene Jobcenter."
        )


def details(point: MapPoint, region_map: RegionMap, active_jcnr: str) -> None:
    st.subheader(md(point.name))
    facts = [point.jcnr, STATES.get(point.state, point.state), point.service_center or "ohne Service Center"]
    st.caption(md(" · ".join(f for f in facts if f)))
    st.markdown(f"**Einstufung:** {point.status_text} (Ziel {fmt.percent(region_map.target)})")
    st.metric("BG", fmt.count(point.bg_count))
    c1, c2 = st.columns(2)
    if point.reachability is None:
        c1.metric("Erreichbarkeit", fmt.DASH)
    else:
        delta = (point.reachability - region_map.target) * 100
        c1.metric(
            "Erreichbarkeit",
            fmt.percent(point.reachability),
            delta=fmt.signed(fmt.number(delta, 1), delta) + " Pkt.",
            help="Abstand zum Ziel in Prozentpunkten.",
        )
    if point.closure_rate is None:
        c2.metric("Fallabschlussquote", fmt.DASH)
    else:
        delta = (point.closure_rate - CLOSURE_TARGET) * 100
        c2.metric(
            "Fallabschlussquote",
            fmt.percent(point.closure_rate),
            delta=fmt.signed(fmt.number(delta, 1), delta) + " Pkt.",
            help=f"Abstand zur zugesagten Fallabschlussquote von mindestens {fmt.percent(CLOSURE_TARGET, 0)}.",
        )
    if point.reachability_source == "aktive Planung":
        st.caption("Erreichbarkeit aus der aktiven Planung (mögliche Erreichbarkeit im Jahr).")
    if point.note:
        st.caption(f"Hinweis der Regionsdatei: {md(point.note)}")
    if point.is_active and active_jcnr:
        if st.button("In der Planung öffnen", type="primary", icon=":material/tune:", key="karte_open_plan"):
            st.switch_page("pages/planung.py")
    else:
        st.caption(
            "Die Monatsdaten dieses Jobcenters sind nicht geladen. Zum Planen laden Sie sie auf der Seite "
            "„Start / Daten“."
        )


def on_upload() -> None:
    """Read the uploaded files once, before the page runs: a good region replaces the shown one."""
    uploads = st.session_state.get(UPLOAD) or []
    if not uploads:
        st.session_state.pop(UPLOAD_RESULT, None)
        return
    label = " und ".join(f.name for f in uploads)
    result = read_region_files([(f.name, f.getvalue()) for f in uploads], default_sites=sample_region().service_centers)
    st.session_state[UPLOAD_RESULT] = (label, result)
    if result.ok and result.region is not None:
        st.session_state[REGION] = (result.region, label)
        st.session_state.pop(SELECT, None)
        settings().pop("jc", None)
        st.session_state[MAP_GENERATION] = st.session_state.get(MAP_GENERATION, 0) + 1


def reset_region() -> None:
    st.session_state.pop(REGION, None)
    st.session_state.pop(SELECT, None)
    st.session_state.pop(UPLOAD_RESULT, None)
    settings().pop("jc", None)


def upload_section(is_sample: bool) -> None:
    with st.expander("Regionsdatei laden", expanded=UPLOAD_RESULT in st.session_state):
        st.markdown(
            "Spalten der Regionsdatei: `JCNR`, `Jobcenter`, `Bundesland`, `Breite`, `Länge`, `BG`, "
            "`Erreichbarkeit`, `Fallabschlussquote`, `Service Center` (optional `Hinweis`). Dazu optional eine "
            "Standortdatei der Service Center (`Service Center`, `Ort`, `Breite`, `Länge`) oder ein zweites "
            "Blatt in derselben Excel-Datei. CSV mit `;` oder `,`, deutsche Zahlen wie `6.032`, `48,70`, `55,0 %`."
        )
        st.file_uploader(
            "Regionsdatei und optional Standortdatei (CSV oder XLSX)",
            type=["csv", "txt", "xlsx"],
            accept_multiple_files=True,
            key=UPLOAD,
            on_change=on_upload,
        )
        upload_limit_caption()
        stored = st.session_state.get(UPLOAD_RESULT)
        if stored is not None:
            label, result = stored
            if result.ok and result.region is not None:
                st.success(f"Region aus {md(label)} geladen: {fmt.count(len(result.region.jobcenters))} Jobcenter.")
                state.show_problems(result.warnings)
            else:
                state.show_problems(
                    result.problems,
                    title="Die Regionsdatei kann nicht verwendet werden. Die bisherige Region bleibt geladen.",
                )
        c1, c2, c3 = st.columns(3)
        c1.download_button(
            "Vorlage Regionsdatei (CSV)",
            data=(state.SAMPLE_DIR / SAMPLE_FILES[0]).read_bytes(),
            file_name=SAMPLE_FILES[0],
            mime="text/csv",
        )
        c2.download_button(
            "Vorlage Standortdatei (CSV)",
            data=(state.SAMPLE_DIR / SAMPLE_FILES[1]).read_bytes(),
            file_name=SAMPLE_FILES[1],
            mime="text/csv",
        )
        if not is_sample:
            c3.button("Beispielregion wiederherstellen", on_click=reset_region)


# ---- page -----------------------------------------------------------------------------------

region, region_label, is_sample_region = active_region()
scenario = state.scenario()
active_jcnr = scenario.jobcenter.jcnr
active_reachability = None
if region.find(active_jcnr) is not None:
    try:
        active_reachability = state.plan().totals.possible_reachability
    except O7InputError:
        active_reachability = None  # the Planung page shows why; the map keeps the file's figure

st.header(f"Karte: {region.name}")
presenting = state.presentation_mode()
cfg = settings()
if not presenting:
    c1, c2, c3, c4 = st.columns([1.3, 1, 1, 1.5])
    with c1:
        cfg["target"] = w.number(
            "Ziel Erreichbarkeit (%)",
            "w_karte_target",
            cfg["target"],
            min_value=1.0,
            max_value=100.0,
            decimals=1,
            unit="%",
            help="Die Leistungsbeschreibung O.7 sagt eine Erreichbarkeit von 75 % im Jahresdurchschnitt zu.",
        )
    with c2:
        kept_widget(st.toggle, "Umriss des Landes", "outline")
    with c3:
        kept_widget(st.toggle, "Service Center und Bögen", "arcs")
    with c4:
        kept_widget(
            st.toggle,
            "Kartenhintergrund laden (Internet nötig)",
            "tiles",
            help="Lädt Kartenkacheln von Carto. Ohne Internet oder in einem gesperrten Netz bleibt die Karte "
            "trotzdem lesbar: Punkte, Beschriftungen und der Landesumriss kommen ohne Kacheln aus.",
        )

options = [jc.jcnr for jc in sorted(region.jobcenters, key=lambda jc: jc.name.casefold())]
names = {jc.jcnr: jc.name for jc in region.jobcenters}
active_in_region = region.find(active_jcnr)
default = active_in_region.jcnr if active_in_region is not None else None
if st.session_state.get(SELECT) not in [None, *options]:
    st.session_state.pop(SELECT)
if cfg.get("jc") not in [None, *options]:
    cfg.pop("jc")
state.restore_widget(SELECT, cfg.get("jc", default))
selected = st.session_state.get(SELECT)

region_map = base_map(
    region, target=cfg["target"] / 100, active_jcnr=active_jcnr, active_reachability=active_reachability
)
summary = region_map.summary

source = "Beispielregion" if is_sample_region else "hochgeladen"
st.caption(
    f"{fmt.count(summary.jobcenters)} Jobcenter · {fmt.count(summary.service_centers)} Service-Center-Standorte · "
    f"Quelle: {md(region_label)} ({source})"
)
if region_map.is_sample:
    st.info(
        "Beispielwerte: Lage, BG, Erreichbarkeit und Fallabschlussquote der Jobcenter sowie die Service-Center-"
        "Standorte sind erfundene Beispielwerte zur Vorführung; nur Göppingen (JC62106, BG 6.032) stammt aus dem "
        "Planungsbeispiel." + ("" if presenting else " Für echte Zahlen laden Sie unten eine Regionsdatei."),
        icon=":material/info:",
    )

m1, m2, m3, m4 = st.columns(4)
m1.metric("Jobcenter", fmt.count(summary.jobcenters))
m2.metric("BG gesamt", fmt.count(summary.bg_total))
m3.metric(
    "Erreichbarkeit (nach BG gewichtet)",
    fmt.percent(summary.mean_reachability),
    help="Mittel der Jobcenter mit Angabe, gewichtet mit ihren BG.",
)
m4.metric(
    "Unter Ziel",
    f"{fmt.count(summary.below_target)} von {fmt.count(summary.with_reachability)}",
    help=f"Jobcenter mit einer Erreichbarkeit unter {fmt.percent(region_map.target)}.",
)

map_col, side_col = st.columns([3, 1.25])
with map_col:
    generation = st.session_state.get(MAP_GENERATION, 0)
    map_key = f"karte_map_{generation}"  # the same for every click: the map keeps the user's view
    st.pydeck_chart(
        deck(region_map, selected, outline=cfg["outline"], arcs=cfg["arcs"], tiles=cfg["tiles"]),
        height=MAP_HEIGHT,
        on_select=partial(on_map_select, map_key),
        selection_mode="single-object",
        key=map_key,
        alt=f"Karte der Jobcenter in {region_map.region_name}: Kreise nach BG, Farbe nach Erreichbarkeit.",
    )
    if not presenting:
        st.caption(
            "Ohne Kartenkacheln: Punkte, Beschriftungen und ein grober Landesumriss werden ohne Internet gezeichnet. "
            "Ein Klick auf ein Jobcenter wählt es aus; Mausrad oder zwei Finger zoomen."
        )
    legend(region_map)
with side_col:
    if not presenting:
        st.selectbox(
            "Jobcenter",
            [None, *options],
            format_func=lambda jcnr: "– Jobcenter wählen –" if jcnr is None else f"{names[jcnr]} ({jcnr})",
            key=SELECT,
        )
    cfg["jc"] = st.session_state.get(SELECT)
    point = region_map.point(cfg["jc"])
    if point is not None:
        details(point, region_map, active_jcnr)
    elif not presenting:
        st.caption("Wählen Sie ein Jobcenter auf der Karte oder in der Liste, um seine Zahlen zu sehen.")

with st.expander(f"Alle Jobcenter der Region ({fmt.count(summary.jobcenters)})"):
    st.dataframe(region_map.table_rows(), hide_index=True, width="stretch")

if not presenting:
    upload_section(is_sample_region)
