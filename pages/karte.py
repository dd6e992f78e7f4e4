"""Seite Karte: die Jobcenter einer Service-Center-Region auf einer pydeck-Karte.

Reads the region (sample or an uploaded region file), asks ``o7core.region`` for the map data, hands it
to ``o7app.deck`` for the pydeck layers and to ``o7app.karte_view`` for the legend and the panel. The map
is built once per region: a click changes only the selection's layers, the view stays.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from o7app import deck, present, state, upload_worker
from o7app import widgets as w
from o7app.karte_view import SAMPLE_FILES, details, legend, sample_region, summary_cards
from o7app.text import md, upload_limit_caption
from o7core import O7InputError, fmt
from o7core.region import (
    CONTRACT_TARGET,
    MAP_HEIGHT,
    MAP_WIDTH,
    Region,
    RegionImport,
    RegionMap,
    build_region_map,
    read_region_files,
)

state.ensure_router()

REGION = "o7_karte_region"  # (Region, label of its files) after a good upload
SETTINGS = "o7_karte_settings"  # target and switches, kept across page switches
MAP_GENERATION = "o7_karte_map_generation"  # counts region changes: a new region gets a new, fitted map
PICKS = "o7_karte_picks"  # counts clicks on the map: renames the pickable layers (see ``on_map_select``)
BASE = "o7_karte_base"  # (inputs, region, RegionMap) of the map without a selection, kept per session
SELECT = "w_karte_jc"
UPLOAD = "karte_upload"
UPLOAD_RESULT = "o7_karte_upload_result"  # (file label, RegionImport) of the last upload


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
    if deck.picked_anything(selection):
        st.session_state[PICKS] = st.session_state.get(PICKS, 0) + 1
    jcnr = deck.jcnr_from_selection(selection)
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


def on_upload() -> None:
    """Read the uploaded files once, before the page runs: a good region replaces the shown one."""
    uploads = st.session_state.get(UPLOAD) or []
    if not uploads:
        st.session_state.pop(UPLOAD_RESULT, None)
        return
    label = " und ".join(f.name for f in uploads)
    result = upload_worker.read(
        read_region_files,
        [(f.name, f.getvalue()) for f in uploads],
        default_sites=sample_region().service_centers,
        filename=label,
        on_refusal=lambda p: RegionImport(None, problems=p),
    )
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
summary_cards(region_map, region_label, is_sample=is_sample_region, presenting=presenting)

map_col, side_col = st.columns([3, 1.25])
with map_col:
    generation = st.session_state.get(MAP_GENERATION, 0)
    map_key = f"karte_map_{generation}"  # the same for every click: the map keeps the user's view
    st.pydeck_chart(
        deck.deck(
            region_map,
            selected,
            outline=cfg["outline"],
            arcs=cfg["arcs"],
            tiles=cfg["tiles"],
            picks=st.session_state.get(PICKS, 0),
        ),
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
    legend(region_map, presenting=presenting)
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

with st.expander(f"Alle Jobcenter der Region ({fmt.count(region_map.summary.jobcenters)})"):
    present.table(region_map.table_rows())

if not presenting:
    upload_section(is_sample_region)
