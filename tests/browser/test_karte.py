"""Karte in Chromium without internet: deck.gl still draws the Jobcenters on its canvas."""

from __future__ import annotations

import io

from PIL import Image, ImageStat

from tests.browser.conftest import assert_no_error, open_page, screenshot
from tests.browser.support import SCREENSHOTS

DECK = '[data-testid="stDeckGlJsonChart"]'


def test_map_canvas_is_drawn_offline(page, app_server) -> None:
    # the ``page`` fixture aborts every request that does not go to 127.0.0.1 (no map tiles, no CDN)
    open_page(page, app_server, "karte", ready=f"{DECK} canvas")
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
