"""Planung in Chromium: the target slider moved by keyboard changes VZA and € at once, as the core says."""

from __future__ import annotations

from tests.browser.conftest import (
    assert_no_error,
    expect,
    metric,
    metric_values,
    open_group,
    open_page,
    wait_run,
    watch_run,
)
from tests.browser.support import expected_planung, sample_scenario, with_target

SLIDER = '[data-testid="stSlider"]'


def test_target_slider_moves_and_the_figures_follow(page, app_server) -> None:
    open_page(page, app_server, "planung", ready='[data-testid="stMetric"]')
    sample = sample_scenario()
    start = expected_planung(sample)
    for label in ("Bedarf in VZA", "€ je Jahr", "Erforderliche Gespräche"):
        expect(metric(page, label)).to_have_text(start[label])
    before = metric_values(page)

    open_group(page, "Ziel, Laufzeit und Grundlage")  # the first view has no slider (issue 19)
    slider = page.locator(SLIDER).filter(has_text="Ziel telefonische Erreichbarkeit")
    thumb = slider.locator('input[type="range"]')
    thumb.focus()
    for _ in range(4):  # 0,5 points per step: 55,0 % → 57,0 %
        watch_run(page)
        thumb.press("ArrowRight")
        wait_run(page)
    expect(slider.locator('[data-testid="stSliderThumbValue"]')).to_have_text("57,0\xa0%")

    expected = expected_planung(with_target(sample, round(sample.parameters.target_reachability + 4 * 0.005, 3)))
    for label in ("Bedarf in VZA", "€ je Jahr", "Erforderliche Gespräche", "Stunden"):
        assert expected[label] != start[label], label  # the check below can tell old from new
        expect(metric(page, label)).to_have_text(expected[label])
    assert metric_values(page) != before
    assert_no_error(page)
