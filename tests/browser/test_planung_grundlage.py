"""Planung in Chromium: the Grundlage „nach BG und Arbeitstagen“ replans the contract year and says where
the figures differ from the BA planning aid."""

from __future__ import annotations

from tests.browser.conftest import (
    assert_no_error,
    expect,
    metric,
    open_group,
    open_page,
    screenshot,
    wait_run,
    watch_run,
)


def test_grundlage_bg_changes_the_figures_and_names_the_ba_ones(page, app_server) -> None:
    open_page(page, app_server, "planung", ready='[data-testid="stMetric"]')
    expect(metric(page, "Stunden je Jahr")).to_have_text("7.602,7")
    open_group(page, "Ziel, Laufzeit und Grundlage")
    open_group(page, "Monatsverlauf und Tabellen")
    watch_run(page)
    page.get_by_text("nach BG und Arbeitstagen", exact=True).click()
    wait_run(page, timeout=15_000)
    expect(metric(page, "Stunden je Jahr")).to_have_text("7.049,3")
    note = page.locator('[data-testid="stAlert"]').filter(has_text="Grundlage: nach BG und Arbeitstagen")
    expect(note).to_contain_text("Stunden je Jahr 7.049,3 (BA: 7.602,7)")
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(2)
    assert_no_error(page)
    note.scroll_into_view_if_needed()
    screenshot(page, "planung_grundlage_bg")
    chart = page.locator('[data-testid="stVegaLiteChart"]').nth(1)
    chart.scroll_into_view_if_needed()
    screenshot(page, "planung_grundlage_bg_chart")
