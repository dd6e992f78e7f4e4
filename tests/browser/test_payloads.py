"""Hostile text in every text field and every text column of an uploaded file: shown as text, nothing runs.

Issue 21, point 4: HTML and script tags, Markdown (a link „Bitte neu anmelden“, bold, italics, code, a
heading), bare URLs and mail addresses, control characters (Word's vertical tab, NUL), an RTL override and a
10.000-character string go into the master data (typed and from a scenario file), the scenario name on Kosten,
the notes of an SC report and the names of a region file. On every page the DOM must hold no link, image,
script or formatting made from them, no script may have run, nothing may widen the page, and no page may show
an exception.
"""

from __future__ import annotations

import json
from typing import Any

from tests.browser.conftest import assert_no_error, expect, open_group, open_groups, open_page, wait_run, watch_run
from tests.browser.support import ARTIFACTS, PAGES, ROOT

# 200 characters at most (the longest text field); every piece would render as something if interpreted
HOSTILE = (
    "<script>window.__o7_pwned=1</script><img src=x onerror=window.__o7_pwned=2>"
    "[Bitte neu anmelden](http://boese.example/l) **fettX** _kursivX_ `codeX` "
    "http://boese.example www.boese.example a@boese.de"
)
CONTROL = "Ort\x0bJobcenter\x00 \u202eX\x1b[31m"
LONG = "Sehr" + "lang" * 2499  # 10.000 characters, no space to break at

INERT_JS = """() => {
  const bad = [];
  for (const root of document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebar"]')) {
    for (const a of root.querySelectorAll('a')) {
      const href = a.getAttribute('href') || '';
      if (href.startsWith('#')) { continue; }  // Streamlit's anchor of a heading
      if (/boese|javascript:|mailto:/i.test(href) || /boese|neu anmelden/i.test(a.textContent)) {
        bad.push('Link ' + href + ' ' + a.textContent.slice(0, 40));
      }
    }
    for (const img of root.querySelectorAll('img')) {
      if (img.getAttribute('src') === 'x' || img.hasAttribute('onerror')) { bad.push('Bild'); }
    }
    for (const s of root.querySelectorAll('script')) {  // the app's own scripts (a11y) are fine
      if (/pwned|boese/.test(s.textContent)) { bad.push('Skript ' + s.textContent.slice(0, 40)); }
    }
    // formatting made from the payload's own markup (the app may bold or head a whole name: that is its own)
    for (const el of root.querySelectorAll('strong, b, em, i, code, del, s, h1, h2, h3, h4, h5, h6')) {
      if (/^(fettX|kursivX|codeX)$/.test(el.textContent.trim())) { bad.push(el.tagName + ' ' + el.textContent); }
    }
  }
  if (window.__o7_pwned) { bad.push('Skript lief: ' + window.__o7_pwned); }
  const width = document.documentElement.scrollWidth;
  if (width > window.innerWidth + 2) { bad.push('Seite breiter als das Fenster: ' + width); }
  return bad;
}"""


def assert_inert(pg: Any, where: str) -> None:
    assert pg.evaluate(INERT_JS) == [], where
    assert_no_error(pg)
    assert pg.get_by_text("unerwarteter Fehler").count() == 0, where


def go(pg: Any, name: str) -> None:
    watch_run(pg)
    pg.locator('[data-testid="stSidebarNav"] a').filter(has_text=PAGES[name]).first.click()
    wait_run(pg, timeout=15_000)
    pg.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stMain"] h2')
    open_groups(pg)  # every field and text of the page, not only its first view


def upload(pg: Any, label: str, name: str, content: bytes) -> None:
    path = ARTIFACTS / "payloads" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    watch_run(pg)
    pg.locator('[data-testid="stFileUploader"]').filter(has_text=label).first.locator(
        'input[type="file"]'
    ).set_input_files(str(path))
    wait_run(pg, timeout=15_000)


def type_into(pg: Any, label: str, text: str) -> None:
    field = pg.locator('[data-testid="stTextInput"]').filter(has_text=label).locator("input").first
    watch_run(pg)
    field.fill(text)
    field.press("Enter")
    wait_run(pg)


def hostile_scenario(name: str = HOSTILE) -> bytes:
    data = json.loads((ROOT / "sample_data" / "goeppingen_scenario.json").read_text(encoding="utf-8"))
    data["name"] = HOSTILE
    data["jobcenter"].update(jcnr="JC99999", name=name, region=HOSTILE, regional_directorate=CONTROL)
    data["service_center"] = HOSTILE
    data["agreement"].update(
        place_jobcenter=CONTROL, place_service_center=HOSTILE, other_agreements=(HOSTILE + "\x0b") * 8
    )
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def test_hostile_text_everywhere_is_shown_as_text_on_every_page(page, app_server) -> None:
    open_page(page, app_server, "daten", ready='[data-testid="stMetric"]')
    open_groups(page)
    # a scenario file with a 10.000-character name: a German refusal that does not widen the page
    upload(page, "Datei mit Monatswerten", "lang.json", hostile_scenario(LONG))
    expect(page.get_by_text("Die Datei kann nicht verwendet werden").first).to_be_visible()
    assert_inert(page, "Daten nach der Datei mit 10.000 Zeichen")
    # the same file with the hostile texts: loaded
    upload(page, "Datei mit Monatswerten", "feindlich.json", hostile_scenario())
    expect(page.get_by_text("„feindlich.json“ geladen", exact=False).first).to_be_visible()
    assert_inert(page, "Daten nach dem Laden")
    # typed: control characters, markup and 10.000 characters (the field takes its first 200)
    type_into(page, "Regionaldirektion", HOSTILE)
    type_into(page, "Service Center", CONTROL)
    type_into(page, "Region", LONG)
    assert_inert(page, "Daten nach den Eingaben")
    expect(page.locator('[data-testid="stSidebar"]').first).to_contain_text("**fettX**")

    go(page, "kosten")
    type_into(page, "Name für den aktuellen Plan", HOSTILE)
    watch_run(page)
    page.get_by_role("button", name="Aktuellen Plan speichern").click()
    wait_run(page, timeout=15_000)
    assert_inert(page, "Kosten nach dem Speichern")

    go(page, "kennzahlen")
    report = (ROOT / "sample_data" / "sc_berichte_2023.csv").read_text(encoding="utf-8")
    upload(page, "Monatsbericht", "bericht.csv", (f"# {HOSTILE}\n# {CONTROL}\n" + report).encode("utf-8"))
    assert_inert(page, "Kennzahlen nach dem Bericht")

    go(page, "karte")
    open_group(page, "Regionsdatei laden")
    page.locator('[data-testid="stFileUploader"]').filter(has_text="Regionsdatei").first.wait_for()
    region = (ROOT / "sample_data" / "region_bw.csv").read_text(encoding="utf-8").splitlines()
    rows = [region[0]] + [
        ";".join([cells[0], f"{HOSTILE} {i}", *cells[2:9], CONTROL])
        for i, cells in enumerate(line.split(";") for line in region[1:])
    ]
    upload(page, "Regionsdatei", "region.csv", "\n".join(rows).encode("utf-8"))
    assert_inert(page, "Karte nach der Regionsdatei")

    for name in PAGES:
        go(page, name)
        assert_inert(page, name)
