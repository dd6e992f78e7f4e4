"""Karte in Chromium without internet: deck.gl still draws the Jobcenters on its canvas."""

from __future__ import annotations

import io

from PIL import Image, ImageStat
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.browser.conftest import assert_no_error, open_group, open_page, screenshot, settle, wait_run, watch_run
from tests.browser.support import KARTE_CANVAS, SCREENSHOTS, karte_pixel

DECK = '[data-testid="o7KarteMap"]'  # o7app/karte_map.js


def show_map(page) -> None:
    """Open the map's group (the Karte's first view has no map, issue 19) and wait for its canvas."""
    open_group(page, "Karte der Jobcenter")
    page.wait_for_selector(f"{DECK} canvas", timeout=60_000)
    # below the cards now: scrolled to the middle of the window, so that every point of it takes the mouse
    page.evaluate("(sel) => document.querySelector(sel).scrollIntoView({block: 'center'})", DECK)
    settle(page)


def test_map_canvas_is_drawn_offline(page, app_server) -> None:
    # the ``page`` fixture aborts every request that does not go to 127.0.0.1 (no map tiles, no CDN)
    open_page(page, app_server, "karte")
    show_map(page)
    canvas = page.locator(f"{DECK} canvas").first
    canvas.wait_for(state="visible")
    box = canvas.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 200, box

    # WebGL draws after the element appears: poll the pixels until points are on the canvas
    def variance() -> float:
        png = canvas.screenshot()
        image = Image.open(io.BytesIO(png)).convert("RGB")
        return max(ImageStat.Stat(image).var)

    for _ in range(20):
        if variance() > 50:
            break
        page.wait_for_timeout(250)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "karte_canvas.png").write_bytes(canvas.screenshot())
    assert variance() > 50, "the map canvas is blank (see test-artifacts/screenshots/karte_canvas.png)"
    # more than a background and one colour: points, outline and labels are on the canvas
    colours = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB").getcolors(1_000_000) or []
    assert len(colours) > 20, len(colours)
    assert_no_error(page)
    screenshot(page, "karte_offline")


SHOWN_JS = "(t) => document.body.innerText.includes(t)"
PANEL_JS = (
    """(name) => [...document.querySelectorAll('[data-testid="stMain"] h3')].some(h => h.innerText.trim() === name)"""
)


def hover_jobcenter(page, x: float, y: float, label: str, *, reach: int = 12) -> tuple[float, float]:
    """Move the mouse onto the Jobcenter expected at (``x``, ``y``) until its tooltip ``label`` shows; the point found.

    A drag on a busy machine may reach deck.gl with its first steps merged, so the map moves a few pixels less
    than the mouse did: the points around the expected one (up to ``reach`` px, nearest first) are tried as well.
    The unmoved position lies 72 px away, so a map that did not move is still not found.
    """
    offsets = sorted(
        ((dx, dy) for dx in range(-reach, reach + 1, 4) for dy in range(-reach, reach + 1, 4)),
        key=lambda d: d[0] ** 2 + d[1] ** 2,
    )
    for i, (dx, dy) in enumerate(offsets):
        page.mouse.move(x + dx, y + dy)
        try:
            page.wait_for_function(SHOWN_JS, arg=label, polling=100, timeout=10_000 if i == 0 else 400)
        except PlaywrightTimeout:
            continue
        return x + dx, y + dy
    raise AssertionError(f"no tooltip {label!r} within {reach} px of ({x:.0f}, {y:.0f}): the map is not where expected")


def test_a_click_shows_the_jobcenter_and_keeps_the_map_and_its_view(page, app_server) -> None:
    """Issue 19: a click selects without a new map, the view stays where the user dragged it."""
    open_page(page, app_server, "karte")
    show_map(page)
    canvas = page.locator(KARTE_CANVAS).first
    box = canvas.bounding_box()
    assert box is not None
    # deck.gl takes its events only once its bundle has run: the first Jobcenter's tooltip where the map
    # first shows it says the map is ready for the drag (on a busy machine the canvas comes earlier)
    x, y = karte_pixel(box, "JC99106")
    page.mouse.move(x, y)
    page.wait_for_function(SHOWN_JS, arg="JC Mannheim (JC99106)", polling=100)
    page.mouse.move(box["x"] + 5, box["y"] + 5)
    # the user drags the map 60 px right and 40 px down (from empty ground, away from the circles)
    start = (box["x"] + 30, box["y"] + 30)  # top left: outside the Land, and inside the window
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(start[0] + 30, start[1] + 20, steps=10)
    page.mouse.move(start[0] + 60, start[1] + 40, steps=10)
    page.mouse.up()
    page.evaluate(f"() => {{ window.__o7_canvas = document.querySelector('{KARTE_CANVAS}'); }}")
    for jcnr, name in (("JC99106", "JC Mannheim"), ("JC99130", "JC Ortenaukreis")):
        # the tooltip where the dragged map has the Jobcenter: the view moved
        x, y = hover_jobcenter(page, *karte_pixel(box, jcnr, panned=(60, 40)), f"{name} ({jcnr})")
        watch_run(page)
        page.mouse.click(x, y)
        page.wait_for_function(PANEL_JS, arg=name, polling=100)
        wait_run(page)
        settle(page)
        # the same canvas (no new map) and the same view: the panned position still names the Jobcenter
        assert page.evaluate("() => document.contains(window.__o7_canvas)"), "the map was drawn anew"
        page.mouse.move(box["x"] + 5, box["y"] + 5)
        page.mouse.move(x, y)
        page.wait_for_function(SHOWN_JS, arg=f"{name} ({jcnr})", polling=100)
    screenshot(page, "karte_click")
    assert_no_error(page)
