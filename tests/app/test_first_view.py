"""Issue 19: what a page switch sends is the page's first view – the answer, not the workshop.

A page switch costs the browser per element (docs/benchmark.md, round 8: a chart ~65 ms, the map ~300 ms, a
slider ~26 ms, a file upload ~17 ms, a card ~4 ms, a closed group ~3 ms, against ~30 ms for Streamlit's whole
floor switch). So every page arrives with its header, a line of facts, its cards and a Kurzfassung, and
everything else – inputs, charts, tables, the map, uploads – in groups (``o7app.widgets.group``) that draw
only once they are opened. These tests pin that contract per page, on the sample and on another Jobcenter,
and that opening the groups brings the content back.
"""

from __future__ import annotations

from collections import Counter

import pytest

from tests.app.conftest import assert_clean, group_keys, open_all_groups, open_app

PAGES = ("daten", "planung", "kennzahlen", "kosten", "machbarkeit", "anlage", "karte")
#: element types a first view never holds: each costs the browser a multiple of a card on every switch
HEAVY = {
    "vega_lite_chart",
    "deck_gl_json_chart",
    "bidi_component",  # the Karte's map (o7app.karte_map)
    "arrow_data_frame",
    "dataframe",
    "table",
    "tab_container",
    "slider",
    "select_slider",
    "file_uploader",
    "text_input",
    "text_area",
    "selectbox",
    "multiselect",
    "radio",
    "toggle",
    "checkbox",
    "date_input",
    "number_input",
}
#: the page style is the one HTML element of the main area; a table (o7app.present.table) would be a second
HTML_ALLOWED = 1
MAX_ELEMENTS = 40  # everything in the main area, columns and containers included
MAX_GROUPS = 7


def element_types(at) -> Counter:
    found: Counter = Counter()

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            found[child.type] += 1
            walk(child)

    walk(at.main)
    return found


def assert_light(at, page: str) -> Counter:
    types = element_types(at)
    heavy = {t: n for t, n in types.items() if t in HEAVY}
    assert heavy == {}, f"{page}: first view holds {heavy}"
    assert types["html"] <= HTML_ALLOWED, f"{page}: {types['html']} HTML elements (a table?)"
    assert sum(types.values()) <= MAX_ELEMENTS, f"{page}: {sum(types.values())} elements: {dict(types)}"
    assert types["expander"] <= MAX_GROUPS, f"{page}: {types['expander']} groups"
    return types


@pytest.mark.parametrize("page", PAGES)
def test_the_first_view_is_header_facts_cards_and_closed_groups(page: str) -> None:
    at = open_app(page)
    types = assert_light(at, page)
    assert types["expander"] >= 1, f"{page}: no group: where is the rest of the page?"
    if page != "anlage":  # the Anlage's first view is its state and its two files
        assert types["metric"] >= 4, f"{page}: {types['metric']} cards"
    assert all(not e.proto.expanded for e in at.get("expander")), f"{page}: a group is open on arrival"


@pytest.mark.parametrize("page", ["planung", "kosten", "karte"])
def test_the_kurzfassung_is_in_the_first_view(page: str) -> None:
    at = open_app(page)
    assert any(m.value.startswith("**Kurzfassung:**") for m in at.markdown), page


def test_another_jobcenter_arrives_light_too() -> None:
    """Without BG and name the Stammdaten open by themselves – the one group that does."""
    from tests.app.test_jobcenter_change import load
    from tests.other_jobcenter import FILES

    name, build = FILES["vorlage_csv"]  # months only: no name, no BG
    at = load(open_app("daten"), name, build())
    at.switch_page("pages/planung.py").run()
    at.switch_page("pages/daten.py").run()
    assert [e.proto.label for e in at.get("expander") if e.proto.expanded] == ["Stammdaten"]
    for page in PAGES[1:]:
        at.switch_page(f"pages/{page}.py").run()
        assert_clean(at)
        if page == "kennzahlen":  # no report of its own yet: the upload and the targets are the page
            assert at.file_uploader(key="w_kpi_upload") is not None and not at.metric
            continue
        assert_light(at, page)


@pytest.mark.parametrize("page", PAGES)
def test_opening_every_group_brings_the_content_and_no_error(page: str) -> None:
    at = open_app(page)
    keys = group_keys(at)
    open_all_groups(at)
    assert_clean(at)
    types = element_types(at)
    assert sum(types.values()) > sum(element_types(open_app(page)).values()), page
    assert set(keys) <= set(group_keys(at)), f"{page}: a group vanished when the groups were opened"


def test_every_group_key_is_a_layout_key() -> None:
    """``w_group_*``: a new data set resets the widgets' values (``state.set_scenario``), not which groups are open."""
    from o7app.state import GROUP_PREFIX

    for page in PAGES:
        keys = group_keys(open_app(page, opened=True))
        assert keys and all(k.startswith(GROUP_PREFIX) for k in keys), (page, keys)


def test_a_group_starts_closed_again_after_a_page_switch() -> None:
    at = open_app("kosten", opened=True)
    assert element_types(at)["vega_lite_chart"] >= 2
    at.switch_page("pages/planung.py").run()
    at.switch_page("pages/kosten.py").run()
    assert element_types(at)["vega_lite_chart"] == 0
