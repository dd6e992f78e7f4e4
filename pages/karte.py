"""Seite Karte: die Jobcenter einer Service-Center-Region auf einer pydeck-Karte.

Reads the region (sample or an uploaded region file) and the page's settings through
``o7app.karte_region``, asks ``o7core.region`` for the map data, hands it to ``o7app.deck`` for the pydeck
layers and to ``o7app.karte_view`` for the legend and the panel. The map is built once per region: a click
changes only the selection's layers, the view stays.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

from o7app import deck, present, state
from o7app import karte_region as kr
from o7app import widgets as w
from o7app.karte_map import karte_map
from o7app.karte_view import details, legend, summary_cards, summary_text
from o7core import O7InputError, fmt
from o7core.region import MAP_HEIGHT, Region, RegionMap

state.ensure_router()
#: the group of the map, its settings and the panel (o7app.widgets.group): drawn only while open
MAP_GROUP = "w_group_karte_map"


def active_reachability(region: Region, jcnr: str) -> float | None:
    """The loaded Jobcenter's planned reachability where it lies in the region (the map shows it beside the file's)."""
    if region.find(jcnr) is None:
        return None
    try:
        return state.plan().totals.possible_reachability
    except O7InputError:
        return None  # the Planung page shows why; the map keeps the file's figure


def settings_row() -> None:
    c1, c2, c3, c4 = st.columns([1.3, 1, 1, 1.5])
    with c1:
        kr.keep_target_percent(
            w.number(
                "Ziel Erreichbarkeit (%)",
                kr.TARGET,
                kr.target_percent(),
                min_value=1.0,
                max_value=100.0,
                decimals=1,
                unit="%",
                help="Die Leistungsbeschreibung O.7 sagt eine Erreichbarkeit von 75 % im Jahresdurchschnitt zu.",
            ),
        )
    with c2:
        kr.toggle("Umriss des Landes", "outline")
    with c3:
        kr.toggle("Service Center und Bögen", "arcs")
    with c4:
        kr.toggle(
            "Kartenhintergrund laden (Internet nötig)",
            "tiles",
            help="Lädt Kartenkacheln von Carto. Ohne Internet oder in einem gesperrten Netz bleibt die Karte "
            "trotzdem lesbar: Punkte, Beschriftungen und der Landesumriss kommen ohne Kacheln aus.",
        )


region, region_label, is_sample_region = kr.active_region()
active_jcnr = state.scenario().jobcenter.jcnr
presenting = state.presentation_mode()

st.header(f"Karte: {region.name}")
# the first view: where the region comes from, its cards and the Kurzfassung; the map (with its settings),
# the list and the upload are groups that draw only while open (a page switch sends only what the first
# view shows, issue 19; the deck alone takes the browser ~300 ms)
head = st.container()
with w.group("Karte der Jobcenter", MAP_GROUP, expanded=presenting) as map_group:
    if map_group.open and not presenting:
        settings_row()

options = [jc.jcnr for jc in sorted(region.jobcenters, key=lambda jc: jc.name.casefold())]
names = {jc.jcnr: jc.name for jc in region.jobcenters}
active_in_region = region.find(active_jcnr)

region_map = kr.base_map(
    region,
    target=kr.target_percent() / 100,
    active_jcnr=active_jcnr,
    active_reachability=active_reachability(region, active_jcnr),
)
with head:
    summary_cards(region_map, region_label, is_sample=is_sample_region)
    st.markdown(summary_text(region_map))


@st.fragment
def map_and_panel(
    region_map: RegionMap, options: list[str], names: dict[str, str], default: str | None, active_jcnr: str
) -> None:
    """The map and the panel of the chosen Jobcenter: a click on the map or a choice in the list reruns only
    this part (issue 19), not the cards, legend, list and upload around it (the legend does not depend on the
    selection; each element in the fragment is drawn again by the browser on every click)."""
    selected = kr.selection(options, default)
    presenting = state.presentation_mode()
    map_col, side_col = st.columns([3, 1.25])
    # the panel first: its heading reaches the browser before the deck, which takes the browser longest
    with side_col:
        if not presenting:
            st.selectbox(
                "Jobcenter",
                [None, *options],
                format_func=lambda jcnr: "– Jobcenter wählen –" if jcnr is None else f"{names[jcnr]} ({jcnr})",
                key=kr.SELECT,
            )
        chosen = kr.keep_selection()
        point = region_map.point(chosen)
        if point is not None:
            details(point, region_map, active_jcnr)
        elif not presenting:
            st.caption("Wählen Sie ein Jobcenter auf der Karte oder in der Liste, um seine Zahlen zu sehen.")
    with map_col:
        map_key = kr.map_key()
        karte_map(
            deck.deck(
                region_map,
                selected,
                outline=kr.switched_on("outline"),
                arcs=kr.switched_on("arcs"),
                tiles=kr.switched_on("tiles"),
            ),
            key=map_key,
            height=MAP_HEIGHT,
            alt=f"Karte der Jobcenter in {region_map.region_name}: Kreise nach BG, Farbe nach Erreichbarkeit.",
            on_click=partial(kr.on_map_click, map_key),
        )


if map_group.open:
    with map_group:
        map_and_panel(
            region_map, options, names, active_in_region.jcnr if active_in_region is not None else None, active_jcnr
        )
        if not presenting:
            st.caption(
                "Ohne Kartenkacheln: Punkte, Beschriftungen und ein grober Landesumriss werden ohne Internet gezeichnet. "
                "Ein Klick auf ein Jobcenter wählt es aus; Mausrad oder zwei Finger zoomen."
            )
        legend(region_map, presenting=presenting)

with w.group(f"Alle Jobcenter der Region ({fmt.count(region_map.summary.jobcenters)})", "w_group_karte_list") as group:
    if group.open:
        present.table(region_map.table_rows())

if not presenting:
    kr.upload_section(is_sample_region)
