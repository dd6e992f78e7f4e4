"""Anlage prüfen in Chromium: the seed's appendix pasted as text; findings, sentences to copy, consequences."""

from __future__ import annotations

import os
from pathlib import Path

from tests.appendix.test_sources import SEED_APPENDIX_TEXT
from tests.browser.conftest import assert_no_error, open_group, open_page, settle, wait_run, watch_run


def test_pasted_seed_appendix_names_its_four_slips(page, app_server, tmp_path) -> None:
    open_page(page, app_server, "anlage")
    open_group(page, "Anlage prüfen")
    area = page.get_by_label("… oder den Text der Anlage einfügen")
    area.scroll_into_view_if_needed()
    area.fill(SEED_APPENDIX_TEXT)
    watch_run(page)
    area.press("Control+Enter")
    wait_run(page, timeout=15_000)
    page.wait_for_selector('[data-testid="stCode"]', timeout=30_000)
    settle(page)
    assert_no_error(page)
    main = page.locator('[data-testid="stMain"]')
    text = main.inner_text()
    assert "4 Fehler in der Anlage" in text
    codes = page.locator('[data-testid="stCode"]')
    assert codes.count() == 4
    assert "steht 8,37; richtig ist 6,37 (Differenz +2,00)" in " ".join(codes.all_inner_texts())
    assert "Folgefehler" in text
    frame = page.locator('[data-testid="stMain"] .o7-table').first
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    assert box is not None and box["width"] > 600  # the table spans the page: no column is squeezed
    folder = Path(os.environ.get("O7_SCREENSHOT_DIR") or tmp_path)
    page.screenshot(path=str(folder / "anlage_pruefen.png"))
