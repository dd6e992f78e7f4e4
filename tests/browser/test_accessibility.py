"""WCAG 2.1 A/AA in Chromium: axe-core over every page, in normal and presentation mode; German throughout.

axe-core (the copy shipped with ``axe-playwright-python``, pinned in requirements-dev.txt) runs
with the rule tags ``wcag2a``, ``wcag2aa``, ``wcag21a`` and ``wcag21aa`` on each page as loaded,
then with every expander open and on every tab. One browser page per mode is reused for all
pages (one server for the session), so the module stays within a few minutes.
docs/barrierefreiheit.md describes the checks and how to rerun them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import open_groups, open_page, settle
from tests.browser.support import PAGES, VIEWPORT, is_local

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
#: Streamlit's English texts that must not reach a user (visible text or accessible names)
ENGLISH = [
    "Press Enter to apply",
    "Upload",
    "Drag and drop",
    "per file",
    "Browse files",
    "Collapse sidebar",
    "Expand sidebar",
    "Download as CSV",
    "Fullscreen",
    "Show/hide columns",
    "Choose an option",
    "Skip to main content",
    "App pages",
    "Link to heading",
    "Help for",
    "Download as PNG",
    "Copy Vega-Lite spec",
]
AXE_RUN = """async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  return r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.help + ' – ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' :: ' + n.failureSummary.replace(/\\s+/g, ' ')).join(' | '));
}"""
NAMES_JS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('[aria-label],[title],[placeholder]')) {
    for (const a of ['aria-label', 'title', 'placeholder']) { const v = el.getAttribute(a); if (v) out.push(v); }
  }
  out.push(document.querySelector('[data-testid="stApp"]').innerText);
  return out.join('\\n');
}"""


def _axe_source() -> str:
    try:
        import axe_playwright_python
    except ImportError:
        pytest.fail("axe-playwright-python is missing (pip install -r requirements-dev.txt)", pytrace=False)
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def axe_source() -> str:
    return _axe_source()


@pytest.fixture(scope="module", params=["normal", "presentation"])
def mode_page(request, chromium: Any, app_server: Any):
    """One browser page per mode, reused for every app page (presentation via the sidebar switch)."""
    context = chromium.new_context(viewport=VIEWPORT, locale="de-DE")
    context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    open_page(pg, app_server, "daten", ready='[data-testid="stMetric"]')
    if request.param == "presentation":
        pg.get_by_text("Präsentationsmodus").click()
        pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]')
        settle(pg)
    yield request.param, pg
    context.close()


def _audit(pg: Any, axe_source: str) -> list[str]:
    if not pg.evaluate("() => typeof window.axe !== 'undefined'"):
        pg.evaluate(axe_source)
    return pg.evaluate(AXE_RUN, WCAG_TAGS)


def _open_expanders(pg: Any) -> None:
    open_groups(pg)
    settle(pg)


@pytest.mark.parametrize("name", list(PAGES))
def test_every_page_meets_wcag_21_aa(mode_page, app_server, axe_source, name) -> None:
    mode, pg = mode_page
    open_page(pg, app_server, name)
    pg.wait_for_timeout(300)  # charts draw a moment after the page settles
    found = [f"{mode}/{name} (geladen): {v}" for v in _audit(pg, axe_source)]
    _open_expanders(pg)
    found += [f"{mode}/{name} (Aufklapper offen): {v}" for v in _audit(pg, axe_source)]
    tabs = pg.locator('[data-testid="stMain"] [role="tab"]')
    for i in range(tabs.count()):
        tabs.nth(i).click()
        settle(pg, quiet_ms=300)
        found += [f"{mode}/{name} (Reiter {tabs.nth(i).inner_text()}): {v}" for v in _audit(pg, axe_source)]
    assert found == [], "\n".join(found)

    assert pg.evaluate("document.documentElement.lang") == "de"
    texts = pg.evaluate(NAMES_JS)
    english = [e for e in ENGLISH if re.search(r"\b" + re.escape(e) + r"\b", texts)]
    assert english == [], f"{mode}/{name}: English texts of Streamlit: {english}"


#: true once every shown chart has drawn and no chart has appeared for 800 ms (charts arrive one by one)
CHARTS_DRAWN_JS = """() => {
  const shown = [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')]
    .filter(e => e.offsetParent !== null);
  const key = shown.length + '/' + location.href;
  if (window.__o7Charts !== key) { window.__o7Charts = key; window.__o7ChartsSince = Date.now(); return false; }
  return shown.length > 0 && shown.every(e => e.querySelector('svg, canvas')) && Date.now() - window.__o7ChartsSince > 800;
}"""
CHART_NAMES_JS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')]
  .filter(e => e.offsetParent !== null && e.querySelector('svg, canvas'))
  .map(e => ({name: (e.getAttribute('aria-label') || '').trim(), role: e.getAttribute('role') || ''}))"""
#: pages with charts and how many each draws at least (over all its tabs); the Karte's legend charts are
#: checked with the Karte
CHART_PAGES = {"planung": 1, "kennzahlen": 6, "kosten": 2, "machbarkeit": 1}


@pytest.mark.parametrize("name", list(CHART_PAGES))
def test_every_chart_has_an_accessible_name(mode_page, app_server, name) -> None:
    """Issue 13: the text alternative of each chart (its Vega-Lite ``description``) is the chart's
    accessible name (what a screen reader reads first, before Vega's own labels of the marks)."""
    mode, pg = mode_page
    open_page(pg, app_server, name)
    open_groups(pg)  # the charts are in groups, closed on arrival (presentation mode opens the chart sections)
    pg.wait_for_function(CHARTS_DRAWN_JS, timeout=20_000, polling=100)  # charts draw a moment after the page settles
    charts = pg.evaluate(CHART_NAMES_JS)
    tabs = pg.locator('[data-testid="stMain"] [role="tab"]')
    for i in range(1, tabs.count()):
        tabs.nth(i).click()
        pg.wait_for_function(CHARTS_DRAWN_JS, timeout=20_000, polling=100)
        charts += pg.evaluate(CHART_NAMES_JS)
    assert len(charts) >= CHART_PAGES[name], f"{mode}/{name}: {len(charts)} charts drawn"
    for chart in charts:
        assert chart["role"] == "graphics-document", chart
        assert len(chart["name"]) >= 20, f"{mode}/{name}: chart without a text alternative: {chart}"


def test_navigation_links_are_named_by_their_titles_only(mode_page, app_server) -> None:
    """The material icons of st.Page stay out of the names: "Start / Daten", not "database Start / Daten"."""
    mode, pg = mode_page
    if mode == "presentation":
        pytest.skip("the sidebar is collapsed in presentation mode")
    open_page(pg, app_server, "daten")
    nav = pg.locator('[data-testid="stSidebarNav"]')
    for title in PAGES.values():
        assert nav.get_by_role("link", name=title, exact=True).count() == 1, title
