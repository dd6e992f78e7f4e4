"""Every page opens in Chromium without an error; a screenshot of each goes to test-artifacts/screenshots/."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PAGES, assert_no_error, open_page, screenshot

CHART = '[data-testid="stVegaLiteChart"]'


@pytest.mark.parametrize("path", list(PAGES))
def test_page_opens_without_error(page, app_server, path: str) -> None:
    open_page(page, app_server, path)
    main = page.locator('[data-testid="stMain"]')
    assert PAGES[path] in main.locator("h1, h2").first.inner_text() or PAGES[path].split(" / ")[-1] in main.inner_text()
    assert_no_error(page)
    # charts draw asynchronously after the script ends: wait for their canvas before the screenshot
    for chart in page.locator(CHART).all()[:4]:
        if chart.is_visible():  # charts in closed tabs or expanders are drawn only when opened
            chart.locator("canvas, svg").first.wait_for(state="attached")
    screenshot(page, f"{list(PAGES).index(path) + 1}_{path}")
