"""Issue 12 in Chromium: after the sample, the BA planning aid of another Jobcenter goes through the
real uploader; Kosten, Anlage and Kennzahlen then show nothing of the sample, and Kosten's headline
cost is the one ``python -m o7core plan FILE`` computes from the same file."""

from __future__ import annotations

import re

from o7core import fmt
from o7core.importing import read_data_file
from o7core.load_rule import fresh_scenario
from o7core.scenario import plan_scenario
from tests.browser.conftest import (
    assert_no_error,
    expect,
    metric,
    open_groups,
    open_page,
    screenshot,
    wait_run,
    watch_run,
)
from tests.browser.support import ARTIFACTS
from tests.other_jobcenter import FILES, JCNR, SAMPLE_VALUES


def _go(page, title: str) -> str:
    """Switch to the page ``title`` and open every group on it: the whole page is read, not only its first view."""
    watch_run(page)
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).click()
    wait_run(page)
    page.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stMain"] h2')
    open_groups(page)
    assert_no_error(page)
    return page.locator('[data-testid="stAppViewContainer"]').inner_text()


def _sample_hits(text: str) -> list[str]:
    hits = []
    for value in SAMPLE_VALUES:
        pattern = rf"(?<![\d.,/]){re.escape(value)}(?![\d/]|[.,]\d)" if value[0].isdigit() else re.escape(value)
        hits += [text[max(0, m.start() - 50) : m.end() + 50] for m in re.finditer(pattern, text, re.IGNORECASE)]
    return hits


def test_planning_aid_of_another_jobcenter_leaves_nothing_of_the_sample(page, app_server) -> None:
    name, build = FILES["planungshilfe_xlsx"]
    raw = build()
    path = ARTIFACTS / "upload" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    cost = plan_scenario(fresh_scenario(read_data_file(raw, name))).cost_for(3)  # what the CLI plans
    assert cost is not None

    open_page(page, app_server, "kennzahlen", ready='[data-testid="stMetric"]')  # the sample's reports
    _go(page, "Start / Daten")  # opens the upload's group too
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Datei mit Monatswerten")
    watch_run(page)
    uploader.locator('input[type="file"]').set_input_files(str(path))
    wait_run(page)
    expect(page.get_by_text("Neue Vereinbarung für JC Landkreis Altmühltal", exact=False)).to_be_visible()
    expect(page.get_by_text("Zurückgesetzt:")).to_be_visible()
    screenshot(page, "jobcenterwechsel_daten")

    text = _go(page, "Kosten")
    expect(metric(page, "Kosten im 1. Jahr (3 Jahre)")).to_have_text(fmt.money(cost.total))
    text = page.locator('[data-testid="stAppViewContainer"]').inner_text()
    assert JCNR in text or "Altmühltal" in text
    assert not _sample_hits(text), _sample_hits(text)

    text = _go(page, "Anlage")
    expect(page.get_by_text("Entwurf – nicht unterschriftsreif.", exact=False).first).to_be_visible()
    text = page.locator('[data-testid="stAppViewContainer"]').inner_text()
    assert not _sample_hits(text), _sample_hits(text)
    screenshot(page, "jobcenterwechsel_anlage")

    text = _go(page, "Kennzahlen")
    expect(page.get_by_text("noch kein Monatsbericht", exact=False)).to_be_visible()
    expect(page.locator('[data-testid="stFileUploader"]').filter(has_text="Monatsbericht")).to_be_visible()
    assert page.locator('[data-testid="stMetric"]').count() == 0
    text = page.locator('[data-testid="stAppViewContainer"]').inner_text()
    assert not _sample_hits(text), _sample_hits(text)
