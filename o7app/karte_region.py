"""The Karte's region and its session: the sample or an uploaded region, the map built once per region,
the clicks on it, and the page's settings (kept for the whole session through ``o7app.state``).

``pages/karte.py`` reads its widgets through these functions and draws; everything it keeps between runs
lives under the names of ``o7app.state`` (``KARTE_*``) and in the kept inputs of scope ``session``.
"""

from __future__ import annotations

from functools import lru_cache

import streamlit as st

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

from . import karte_map, state, upload_worker
from . import widgets as w
from .text import md, upload_limit_caption

SAMPLE_FILES = ("region_bw.csv", "service_center_bw.csv")
SELECT = "w_karte_jc"  # the select box of the Jobcenter (a click on the map sets it)
UPLOAD = "karte_upload"
#: the group of the upload (o7app.widgets.group): drawn only while open
UPLOAD_GROUP = "w_group_karte_upload"
TARGET = "w_karte_target"
SCOPE = "session"  # the Karte's settings are the region's, not the loaded Jobcenter's
DEFAULTS = {
    "w_karte_target": CONTRACT_TARGET * 100,
    "w_karte_outline": True,
    "w_karte_arcs": True,
    "w_karte_tiles": False,
}


@lru_cache(maxsize=1)
def sample_region() -> Region:
    """The embedded sample region (the same for every session, never changed)."""
    files = [(name, (state.SAMPLE_DIR / name).read_bytes()) for name in SAMPLE_FILES]
    result = read_region_files(files)
    if result.region is None:  # the shipped sample is tested; this guards a broken checkout
        raise O7InputError(result.problems)
    return result.region


def active_region() -> tuple[Region, str, bool]:
    """The region shown: the last good upload of this session, else the sample; its files' label; sample or not."""
    stored = state.page_value(state.KARTE_REGION)
    if stored is not None:
        return stored[0], stored[1], False
    return sample_region(), " und ".join(SAMPLE_FILES), True


def target_percent() -> float:
    """The target reachability the map colours against, in % (kept for the session)."""
    return float(state.kept_value(TARGET, DEFAULTS[TARGET], scope=SCOPE))


def keep_target_percent(value: float | None) -> None:
    state.keep(TARGET, DEFAULTS[TARGET] if value is None else value, scope=SCOPE)


def switched_on(name: str) -> bool:
    """A switch of the page (``outline``, ``arcs``, ``tiles``) as last set in this session."""
    key = f"w_karte_{name}"
    return bool(state.kept_value(key, DEFAULTS[key], scope=SCOPE))


def toggle(label: str, name: str, **kwargs: object) -> bool:
    """A switch of the page whose value stays for the session."""
    key = f"w_karte_{name}"
    return bool(state.kept_widget(st.toggle, label, key, DEFAULTS[key], scope=SCOPE, **kwargs))


def selection(options: list[str], default: str | None) -> str | None:
    """The Jobcenter chosen (JCNR): from the select box, kept across page switches; one that the region no
    longer has is dropped."""
    if state.page_value(SELECT) not in [None, *options]:
        state.forget(SELECT)
    if state.kept_value(SELECT, None, scope=SCOPE) not in [None, *options]:
        state.forget_kept(SELECT, scope=SCOPE)
    state.restore_widget(SELECT, state.kept_value(SELECT, default, scope=SCOPE))
    chosen: str | None = state.page_value(SELECT)
    return chosen


def map_key() -> str:
    """The map's widget key: the same for every click (the map keeps the user's view), new for a new region."""
    return f"karte_map_{state.page_value(state.KARTE_MAP_GENERATION, 0)}"


def on_map_click(key: str) -> None:
    """A click on a Jobcenter on the map (``o7app.karte_map``) selects it in the select box; the map stays."""
    result = state.page_value(key)
    jcnr = getattr(result, karte_map.TRIGGER, None) if result is not None else None
    if jcnr and isinstance(jcnr, str):
        state.set_widget_value(SELECT, jcnr)


def base_map(region: Region, *, target: float, active_jcnr: str | None, active_reachability: float | None) -> RegionMap:
    """The map without a selection (``target`` a fraction), built once per region and settings in this session."""
    stored = state.page_value(state.KARTE_BASE)
    key = (id(region), target, active_jcnr, active_reachability)
    if stored is None or stored[0] != key or stored[1] is not region:
        built = build_region_map(
            region,
            width=MAP_WIDTH,
            height=MAP_HEIGHT,
            target=target,
            active_jcnr=active_jcnr,
            active_reachability=active_reachability,
        )
        stored = (key, region, built)
        state.set_page_value(state.KARTE_BASE, stored)
    return stored[2]


def keep_selection() -> str | None:
    """The Jobcenter chosen now (JCNR or ``None``), kept for the next visit of the page."""
    chosen: str | None = state.page_value(SELECT)
    state.keep(SELECT, chosen, scope=SCOPE)
    return chosen


def on_upload() -> None:
    """Read the uploaded files once, before the page runs: a good region replaces the shown one."""
    uploads = state.page_value(UPLOAD) or []
    if not uploads:
        state.forget(state.KARTE_UPLOAD_RESULT)
        return
    label = " und ".join(f.name for f in uploads)
    result = upload_worker.read(
        read_region_files,
        [(f.name, f.getvalue()) for f in uploads],
        default_sites=sample_region().service_centers,
        filename=label,
        on_refusal=lambda p: RegionImport(None, problems=p),
    )
    state.set_page_value(state.KARTE_UPLOAD_RESULT, (label, result))
    if result.ok and result.region is not None:
        state.set_page_value(state.KARTE_REGION, (result.region, label))
        _forget_selection()
        state.set_page_value(state.KARTE_MAP_GENERATION, state.page_value(state.KARTE_MAP_GENERATION, 0) + 1)


def reset_region() -> None:
    """Back to the sample region."""
    state.forget(state.KARTE_REGION, state.KARTE_UPLOAD_RESULT)
    _forget_selection()


def _forget_selection() -> None:
    state.forget(SELECT)
    state.forget_kept(SELECT, scope=SCOPE)


def upload_section(is_sample: bool) -> None:
    """The region upload with its columns, messages and the two CSV templates."""
    with w.group("Regionsdatei laden", UPLOAD_GROUP, expanded=state.has_page_value(state.KARTE_UPLOAD_RESULT)) as group:
        if not group.open:
            return
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
        _upload_messages()
        c1, c2, c3 = st.columns(3)
        for column, name, label in (
            (c1, SAMPLE_FILES[0], "Vorlage Regionsdatei (CSV)"),
            (c2, SAMPLE_FILES[1], "Vorlage Standortdatei (CSV)"),
        ):
            column.download_button(label, data=(state.SAMPLE_DIR / name).read_bytes(), file_name=name, mime="text/csv")
        if not is_sample:
            c3.button("Beispielregion wiederherstellen", on_click=reset_region)


def _upload_messages() -> None:
    stored = state.page_value(state.KARTE_UPLOAD_RESULT)
    if stored is None:
        return
    label, result = stored
    if result.ok and result.region is not None:
        st.success(f"Region aus {md(label)} geladen: {fmt.count(len(result.region.jobcenters))} Jobcenter.")
        state.show_problems(result.warnings)
    else:
        state.show_problems(
            result.problems,
            title="Die Regionsdatei kann nicht verwendet werden. Die bisherige Region bleibt geladen.",
        )
