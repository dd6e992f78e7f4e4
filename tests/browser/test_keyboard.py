"""The whole planning task with the keyboard alone, German input, in Chromium (BITV 2.0 / WCAG 2.1.1, 2.4.7).

No mouse: the test only presses Tab, Shift+Tab, Space, Enter and arrow keys and types German numbers
(``562,5``, ``1.200``, ``2,5``). It opens the app, goes to Planung over the navigation, raises the target
reachability with the arrow keys, chooses a term, types the handling time, opens the Bausteine and
chooses Baustein 3 with its volume and minutes per item, saves the scenario (JSON on Start / Daten) and downloads the
Anlage as XLSX. After every key press the focused element must show a focus ring (an outline of at
least 2 px on it or on the element that shows it, inside the window). The downloaded files must
carry exactly the typed values and the core's figures for them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import replace
from io import BytesIO
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from tests.browser.conftest import (
    PlaywrightTimeout,
    assert_no_error,
    expect,
    metric,
    open_page,
    screenshot,
    wait_run,
    watch_run,
)
from tests.browser.support import APP_IDLE, expected_planung, sample_scenario

#: the focused element and its focus ring: the element itself or the nearest of its ancestors (up to
#: five levels: Streamlit hides the real input of radios, checkboxes and sliders) with an outline of at
#: least 2 px, a box of at least 6 × 6 px, inside the window
FOCUS_JS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) { return {name: '', tag: 'BODY', ring: false, outside: false, where: 'the document'}; }
  const text = (node) => {  // the visible text without icon glyphs (aria-hidden)
    const copy = node.cloneNode(true);
    copy.querySelectorAll('[aria-hidden="true"]').forEach((x) => x.remove());
    return copy.textContent;
  };
  const name = (e.getAttribute('aria-label') || (e.labels && e.labels[0] && text(e.labels[0]))
                || text(e) || '').trim().replace(/\\s+/g, ' ').slice(0, 80);
  let ring = null;
  let el = e;
  for (let i = 0; el && i < 6; i++, el = el.parentElement) {
    const cs = getComputedStyle(el);
    const r = el.getBoundingClientRect();
    if (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2 && r.width >= 6 && r.height >= 6) {
      ring = {w: parseFloat(cs.outlineWidth), top: Math.round(r.top), bottom: Math.round(r.bottom),
              inView: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth};
      break;
    }
  }
  const own = e.getBoundingClientRect();
  const main = document.querySelector('[data-testid="stMain"]');
  const where = ring === null ? 'no outline of 2 px on it or its ancestors'
    : `ring at y ${ring.top}–${ring.bottom} outside the window's ${innerHeight} px; the element at y `
      + `${Math.round(own.top)}, ${Math.round(own.width)}×${Math.round(own.height)} px; scrolled `
      + `${Math.round(scrollY)} px, main ${main ? Math.round(main.scrollTop) : '–'} px`;
  return {name, tag: e.tagName, type: e.type || '', role: e.getAttribute('role') || '',
          ring: ring !== null && ring.inView, outside: ring !== null && !ring.inView, where,
          checked: e.checked === true, value: e.value ?? null};
}"""

MAX_PRESSES = 150

#: no expander animates its height (Streamlit animates the ``details`` element itself)
ANIMATIONS_DONE_JS = """() => document.getAnimations().every(
  (a) => a.playState !== 'running' || !(a.effect && a.effect.target && a.effect.target.tagName === 'DETAILS'))"""


class Keyboard:
    """Key presses with the focus checked after each one; ``path`` records where the focus went."""

    def __init__(self, pg: Any) -> None:
        self.pg = pg
        self.path: list[str] = []
        self.unseen: list[str] = []

    def focus(self) -> dict[str, Any]:
        return self.pg.evaluate(FOCUS_JS)

    def press(self, key: str, settle: Callable[[], None] | None = None) -> dict[str, Any]:
        """Press ``key`` and check the focus ring; ``settle`` waits for the rerun the key started."""
        # never in the middle of a rerun: its elements could still move the page under the focus; nor while an
        # expander animates its height (Streamlit: 500 ms with overflow hidden, after each change of its
        # content): the browser scrolls to an element in the clipped part wrongly and leaves it outside the window
        self.pg.wait_for_selector(APP_IDLE)
        with contextlib.suppress(PlaywrightTimeout):
            self.pg.wait_for_function(ANIMATIONS_DONE_JS, timeout=5_000, polling=50)
        self.pg.keyboard.press(key)
        state = self.focus()
        # while a rerun runs, Streamlit redraws the page element by element and can move the focused element
        # for a moment: a ring that is drawn but outside the window counts only if it is still outside when
        # the rerun is over, or after a second where the key starts none (a missing ring counts at once)
        if settle is not None:
            settle()
            if state["outside"]:
                state = self.focus()
        else:
            for _ in range(10):
                if not state["outside"]:
                    break
                self.pg.wait_for_timeout(100)
                state = self.focus()
        self.path.append(f"{key} → {state['tag']} {state['name']!r}")
        # the document itself holds the focus for one press when Tab wraps around (the browser's own UI)
        if state["tag"] != "BODY" and not state["ring"]:
            self.unseen.append(f"{self.path[-1]} ({state['where']})")
            screenshot(self.pg, f"keyboard_no_ring_{len(self.unseen)}")
        return state

    def tab_to(self, name: str, *, back: bool = False, kind: str | None = None) -> dict[str, Any]:
        """Tab (or Shift+Tab) until the focused element's accessible name starts with ``name`` (no press
        when it has the focus already, e.g. after the Tab that applied the field before it)."""

        def found(state: dict[str, Any]) -> bool:
            return state["name"].startswith(name) and (kind is None or kind in (state["tag"], state["type"]))

        state = self.focus()
        if found(state):
            return state
        for _ in range(MAX_PRESSES):
            state = self.press("Shift+Tab" if back else "Tab")
            if found(state):
                return state
        raise AssertionError(f"{name!r} not reached with {MAX_PRESSES} presses; last: {self.path[-5:]}")

    def rerun(self, key: str) -> dict[str, Any]:
        """A key press that changes a widget: wait for the rerun it starts."""
        watch_run(self.pg)
        return self.press(key, settle=lambda: wait_run(self.pg))

    def type(self, text: str) -> None:
        self.pg.keyboard.type(text)


def test_whole_planning_task_with_the_keyboard_alone(page, app_server, tmp_path: Path) -> None:
    pg = page
    keys = Keyboard(pg)
    open_page(pg, app_server, "daten", ready='[data-testid="stMetric"]')

    # --- to Planung over the navigation
    keys.tab_to("Planung", kind="A")
    keys.press("Enter")
    pg.wait_for_url("**/planung")
    pg.wait_for_selector('[data-testid="stMain"] [data-testid="stMetric"]')
    wait_run(pg)

    # --- target reachability 55,0 % → 57,0 % (four steps of 0,5 points); its group opens with Enter
    keys.tab_to("Ziel, Laufzeit und Grundlage", kind="SUMMARY")
    keys.rerun("Enter")  # a group draws its fields only once open (o7app.widgets.group, issue 19)
    state = keys.tab_to("Ziel telefonische Erreichbarkeit", kind="range")
    assert state["name"] == "Ziel telefonische Erreichbarkeit"
    for _ in range(4):
        keys.rerun("ArrowRight")
    slider = pg.locator('[data-testid="stMain"] input[type="range"]').first
    expect(slider).to_have_attribute("aria-valuetext", "57,0\u00a0%")
    assert keys.focus()["type"] == "range", "the slider keeps the focus across the reruns"

    # --- term: 3 Jahre → 2 Jahre (arrow keys move within the radio group)
    state = keys.tab_to("3 Jahre", kind="radio")
    state = keys.rerun("ArrowLeft")
    assert state["name"] == "2 Jahre" and state["checked"], keys.path[-3:]

    # --- handling time typed the German way; Tab selects the field's text, typing replaces it
    keys.tab_to("Zeiten und Kapazität", kind="SUMMARY")
    keys.rerun("Enter")
    keys.tab_to("Bearbeitungszeit je Gespräch", kind="text")
    keys.type("562,5")
    keys.rerun("Enter")
    expect(pg.get_by_label("Bearbeitungszeit je Gespräch (Sekunden")).to_have_value("562,5")

    # --- Bausteine: open the group, choose Baustein 3: 1.200 voiceboxes a year, 2,5 minutes each
    keys.tab_to("Berücksichtigung und Bausteine", kind="SUMMARY")
    keys.rerun("Enter")
    state = keys.tab_to("wählen", kind="checkbox")  # the first of Bausteine 3, 5, 6, 7 ("Baustein 2 wählen" before)
    assert state["name"] == "wählen" and state["type"] == "checkbox", keys.path[-3:]
    state = keys.rerun("Space")
    assert keys.focus()["checked"], "Baustein 3 is chosen"
    keys.tab_to("Voiceboxen je Jahr", kind="text")
    keys.type("1.200")
    keys.rerun("Tab")
    keys.tab_to("Minuten je Vorgang", kind="text")
    keys.type("2,5")
    keys.rerun("Tab")

    sample = sample_scenario()
    bausteine = dict(sample.bausteine)
    bausteine[3] = replace(bausteine[3], chosen=True, volume_per_year=1200, minutes_per_item=2.5)
    expected = replace(
        sample,
        parameters=replace(sample.parameters, target_reachability=0.57, aht_seconds=562.5),
        term_years=2,
        bausteine=bausteine,
    )
    figures = expected_planung(expected)
    for label in ("Erforderliche Gespräche", "Stunden", "Bedarf in VZA", "€ je Jahr"):
        expect(metric(pg, label)).to_have_text(figures[label])
    screenshot(pg, "keyboard_planung")

    # --- save the scenario: back over the navigation (Shift+Tab) to Start / Daten, download the JSON
    keys.tab_to("Start / Daten", back=True, kind="A")
    keys.press("Enter")
    pg.wait_for_selector('[data-testid="stMain"] [data-testid="stMetric"]')
    wait_run(pg)
    keys.tab_to("Szenario speichern und laden", kind="SUMMARY")
    keys.rerun("Enter")
    keys.tab_to("Szenario speichern (JSON)", kind="BUTTON")
    with pg.expect_download() as saved:
        keys.press("Enter")
    scenario_file = tmp_path / saved.value.suggested_filename
    saved.value.save_as(scenario_file)
    data = json.loads(scenario_file.read_text(encoding="utf-8"))
    from o7core.scenario import load_scenario

    loaded = load_scenario(scenario_file)
    assert loaded.parameters.target_reachability == 0.57
    assert loaded.parameters.aht_seconds == 562.5
    assert loaded.term_years == 2
    assert loaded.bausteine[3] == bausteine[3]
    assert data, "the scenario file is not empty"

    # --- download the Anlage as XLSX
    keys.tab_to("Anlage", back=True, kind="A")
    keys.press("Enter")
    pg.wait_for_url("**/anlage")
    pg.wait_for_selector('[data-testid="stMain"] [data-testid="stDownloadButton"]')
    wait_run(pg)
    keys.tab_to("Anlage als Excel (XLSX)", kind="BUTTON")
    screenshot(pg, "keyboard_anlage_download")
    with pg.expect_download() as download:
        keys.press("Enter")
    workbook = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    fields = {row[0]: row[1] or "" for row in workbook["Daten"].iter_rows(min_row=2, values_only=True)}

    from o7core.appendix import appendix_for
    from o7core.export_xlsx import data_fields

    assert fields == dict(data_fields(appendix_for(expected)))
    assert fields["term_years"] == "2" and fields["b3.chosen"] == "ja"

    assert keys.unseen == [], "focus without a visible ring:\n" + "\n".join(keys.unseen)
    assert_no_error(pg)
