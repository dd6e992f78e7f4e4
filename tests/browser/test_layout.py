"""Screens that fit, and the presentation mode on a projector, measured in Chromium.

At each window size every page is opened and measured: no metric value is cut (its element and
everything inside it are not wider than their box: ``scrollWidth <= clientWidth``), and no table
scrolls inside itself vertically (all 12 or 24 months at full height). In presentation mode the
sidebar is collapsed, the headline figures are at least 72 px, no control or upload is shown,
and the start page is the title slide.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import PAGES, assert_no_error, open_groups, screenshot, settle
from tests.browser.support import APP_CONNECTED, APP_IDLE, page_url

CUT_METRICS_JS = """() => {
  const cut = [];
  for (const value of document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"]')) {
    for (const el of [value, ...value.querySelectorAll('*')]) {
      if (el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
        cut.push(value.innerText + ' (' + el.scrollWidth + ' > ' + el.clientWidth + ')');
        break;
      }
    }
    const box = value.getBoundingClientRect();
    const card = value.closest('[data-testid="stColumn"]') || value.parentElement;
    if (box.right > card.getBoundingClientRect().right + 1) { cut.push(value.innerText + ' (out of its card)'); }
  }
  return cut;
}"""
SCROLLING_TABLES_JS = """() => {
  const out = [];
  for (const t of document.querySelectorAll('[data-testid="stMain"] .o7-table, [data-testid="stMain"] [data-testid="stDataFrame"]')) {
    if (t.offsetParent === null) { continue; }  // in a closed tab or expander
    if (t.matches('[data-testid="stDataFrame"]')) { out.push('canvas grid: ' + t.innerText.slice(0, 40)); continue; }
    if (t.scrollHeight > t.clientHeight + 1 && getComputedStyle(t).overflowY !== 'visible') {
      out.push('rows hidden: ' + t.scrollHeight + ' > ' + t.clientHeight);
    }
  }
  return out;
}"""
METRIC_FONT_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stMetricValue"] p')]
  .map(p => parseFloat(getComputedStyle(p).fontSize))"""
VISIBLE_CONTROLS_JS = """() => {
  const kinds = ['stFileUploader', 'stNumberInput', 'stTextInput', 'stTextArea', 'stSelectbox', 'stSlider',
                 'stSelectSlider', 'stRadio', 'stCheckbox', 'stButton', 'stDownloadButton', 'stPageLink'];
  return kinds.flatMap(k => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="' + k + '"]')]
    .filter(el => el.offsetParent !== null).map(() => k));
}"""

#: the page itself never scrolls sideways: a wide table scrolls inside its own box
PAGE_OVERFLOW_JS = """() => {
  const doc = document.scrollingElement.scrollWidth, main = document.querySelector('[data-testid="stMain"]');
  const out = [];
  if (doc > innerWidth + 1) { out.push('page ' + doc + ' px wide in a ' + innerWidth + ' px window'); }
  for (const t of document.querySelectorAll('[data-testid="stMain"] .o7-table, [data-testid="stMain"] [data-testid="stTable"]')) {
    if (t.offsetParent !== null && t.getBoundingClientRect().right > main.getBoundingClientRect().right + 1) {
      out.push('table out of the page: ' + Math.round(t.getBoundingClientRect().right) + ' px');
    }
  }
  return out;
}"""
#: presentation mode: every table is an HTML table with text of at least 18 px, none is a canvas grid
#: (its 14 px text cannot be enlarged), and a table wider than its box keeps its first column in view
#: when scrolled to the far right
PRESENTATION_TABLES_JS = """async () => {
  const out = [];
  for (const grid of document.querySelectorAll('[data-testid="stMain"] [data-testid="stDataFrame"]')) {
    if (grid.offsetParent !== null) { out.push('canvas grid in presentation mode'); }
  }
  const tables = [...document.querySelectorAll('[data-testid="stMain"] .o7-table')].map(t => [t, t, 'th, td'])
    .concat([...document.querySelectorAll('[data-testid="stMain"] [data-testid="stTable"]')].map(t => [t, t.firstElementChild, 'th p, td p']));
  for (const [t, box, cells] of tables) {
    if (t.offsetParent === null) { continue; }
    for (const cell of t.querySelectorAll(cells)) {
      const size = parseFloat(getComputedStyle(cell).fontSize);
      if (size < 18) { out.push('table text ' + size + ' px: ' + cell.innerText); break; }
    }
    if (box.scrollWidth > box.clientWidth + 1) {
      box.scrollLeft = box.scrollWidth;
      await new Promise((r) => requestAnimationFrame(r));
      const first = t.querySelector('tbody tr > :first-child').getBoundingClientRect().left;
      const left = box.getBoundingClientRect().left;
      if (Math.abs(first - left) > 1) { out.push('first column scrolled away: ' + first + ' vs ' + left); }
      box.scrollLeft = 0;
    }
  }
  return out;
}"""

SIZES = [(1366, 768), (960, 800), (1280, 720), (1920, 1080)]


def _open(pg, server, name: str, *, presenting: bool) -> None:
    pg.goto(f"{server.url}/{page_url(name)}" + ("?praesentation=1" if presenting else ""))
    pg.wait_for_selector(APP_CONNECTED)
    pg.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stMain"] h2')
    pg.wait_for_selector(APP_IDLE)
    settle(pg, quiet_ms=600)
    pg.wait_for_timeout(300)  # the style of the last run applies a moment after the DOM settles


def _new_page(chromium, size: tuple[int, int]):
    context = chromium.new_context(viewport={"width": size[0], "height": size[1]}, locale="de-DE")
    errors: list[str] = []

    def offline(route) -> None:
        if "127.0.0.1" in route.request.url:
            route.continue_()
        else:
            errors.append(f"Anfrage nach außen: {route.request.url[:100]}")
            route.abort()

    context.route("**/*", offline)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.o7_errors = errors
    return context, pg


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_page_fits(chromium, app_server, size: tuple[int, int]) -> None:
    context, pg = _new_page(chromium, size)
    try:
        problems = {}
        for name in PAGES:
            _open(pg, app_server, name, presenting=False)
            assert_no_error(pg)
            if name in ("planung", "kennzahlen", "kosten"):
                screenshot(pg, f"fit_{name}_{size[0]}x{size[1]}")  # the first view, as a page switch shows it
            open_groups(pg)  # and every table and chart of the page, each in its group
            settle(pg, quiet_ms=600)
            found = pg.evaluate(CUT_METRICS_JS) + pg.evaluate(SCROLLING_TABLES_JS) + pg.evaluate(PAGE_OVERFLOW_JS)
            if found:
                problems[name] = found
            if name in ("planung", "kennzahlen"):
                screenshot(pg, f"fit_{name}_{size[0]}x{size[1]}_offen")
        assert problems == {}
    finally:
        context.close()


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)], ids=["1280x720", "1920x1080"])
def test_presentation_mode_on_a_projector(chromium, app_server, size: tuple[int, int]) -> None:
    context, pg = _new_page(chromium, size)
    try:
        problems = {}
        for name in PAGES:
            _open(pg, app_server, name, presenting=True)
            assert_no_error(pg)
            sidebar = pg.locator('[data-testid="stSidebar"]')
            assert sidebar.get_attribute("data-collapsed") == "true", name
            found = pg.evaluate(CUT_METRICS_JS) + pg.evaluate(VISIBLE_CONTROLS_JS) + pg.evaluate(PAGE_OVERFLOW_JS)
            found += pg.evaluate(PRESENTATION_TABLES_JS)
            expand = pg.locator('[data-testid="stExpandSidebarButton"]')
            if not expand.is_visible():
                found.append("no button to open the sidebar (and leave the mode)")
            sizes = pg.evaluate(METRIC_FONT_JS)
            found += [f"figure at {s:.0f} px" for s in sizes if s < 72]
            if found:
                problems[name] = found
            screenshot(pg, f"presentation_{name}_{size[0]}x{size[1]}")
        assert problems == {}
    finally:
        context.close()


def test_title_slide_and_the_switch(chromium, app_server) -> None:
    context, pg = _new_page(chromium, (1280, 720))
    try:
        _open(pg, app_server, "daten", presenting=False)
        assert pg.locator('[data-testid="stSidebar"]').get_attribute("data-collapsed") == "false"
        pg.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(has_text="Präsentationsmodus").click()
        pg.wait_for_selector(".st-key-o7_slide", timeout=30_000)
        settle(pg, quiet_ms=600)
        slide = pg.locator(".st-key-o7_slide")
        assert slide.locator("h1").inner_text().strip() == "JC Göppingen"
        text = " ".join(slide.inner_text().split())
        assert "Bezugszeitraum 01.09.2021 bis 31.08.2022" in text
        assert "Einkauf von O.7 Service Center SGB II für 3 Jahre ab 2023: Ziel-Erreichbarkeit 55,0 %" in text
        values = [v.inner_text().strip() for v in slide.locator('[data-testid="stMetricValue"]').all()]
        assert [" ".join(v.split()) for v in values] == ["55,0 %", "46.723", "7.602,7", "6,34", "526.919,82 €"]
        pg.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed') === 'true'"""
        )
        assert pg.evaluate(CUT_METRICS_JS) == []
        assert pg.locator('[data-testid="stMain"] [data-testid="stFileUploader"]').count() == 0
        screenshot(pg, "presentation_title_slide")
    finally:
        context.close()


def test_presentation_mode_closes_a_sidebar_opened_by_hand(chromium, app_server) -> None:
    """The frontend remembers a sidebar opened or closed by hand and then ignores the collapsed initial
    state; the page style's script closes it on entering the mode all the same."""
    context, pg = _new_page(chromium, (1280, 720))
    try:
        _open(pg, app_server, "daten", presenting=False)
        sidebar = pg.locator('[data-testid="stSidebar"]')
        sidebar.hover()
        pg.locator('[data-testid="stSidebarCollapseButton"] button').click()
        pg.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed') === 'true'"""
        )
        pg.locator('[data-testid="stExpandSidebarButton"]').click()
        pg.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed') === 'false'"""
        )
        _open(pg, app_server, "planung", presenting=False)
        assert sidebar.get_attribute("data-collapsed") == "false"  # the hand-opened state holds
        pg.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(has_text="Präsentationsmodus").click()
        pg.wait_for_function(
            """() => document.querySelector('[data-testid="stSidebar"]').getAttribute('data-collapsed') === 'true'"""
        )
        # and the way back: the chevron opens the sidebar with the switch
        pg.locator('[data-testid="stExpandSidebarButton"]').click()
        pg.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(has_text="Präsentationsmodus").click()
        # a group of controls: normal mode again
        pg.locator('[data-testid="stMain"] [data-testid="stExpander"]').filter(
            has_text="Zeiten und Kapazität"
        ).wait_for(timeout=30_000)
        assert_no_error(pg)
    finally:
        context.close()


LEGEND_TEXT_JS = """() => {
  const lum = (c) => { const v = c / 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
  const contrast = (rgb) => {
    const [r, g, b] = rgb.match(/\\d+/g).map(Number);
    const l = 0.2126 * lum(r) + 0.7152 * lum(g) + 0.0722 * lum(b);
    return 1.05 / (l + 0.05);  // against the white page
  };
  return [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg')].map(svg => ({
    label: (svg.closest('[aria-label]') || svg).getAttribute('aria-label') || '',  // Vega puts it on its container
    texts: [...svg.querySelectorAll('text')].filter(t => t.textContent.trim()).map(t => ({
      text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize), contrast: contrast(getComputedStyle(t).fill),
    })),
  }));
}"""


def test_karte_legend_on_a_projector(chromium, app_server) -> None:
    """Issue 15/13: the Karte's legend text is ≥ 16 px and dark in presentation mode; each legend has a description."""
    context, pg = _new_page(chromium, (1280, 720))
    try:
        _open(pg, app_server, "karte", presenting=True)
        pg.wait_for_selector('[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg text')
        legends = pg.evaluate(LEGEND_TEXT_JS)
        assert [lg["label"].split(":")[0].split(",")[0] for lg in legends] == [
            "Legende der Farben",
            "Legende der Kreisgrößen",
        ]
        texts = [t for lg in legends for t in lg["texts"]]
        assert {"20.000 BG"} <= {t["text"] for t in texts}
        assert any(t["text"].startswith("deutlich über Ziel") for t in texts)
        small = [t for t in texts if t["size"] < 16 or t["contrast"] < 4.5]
        assert small == [], small
        assert pg.evaluate(VISIBLE_CONTROLS_JS) == []
        screenshot(pg, "presentation_karte_legend")
    finally:
        context.close()
