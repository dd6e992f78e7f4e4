"""What a user waits for in Chromium, as ratios to Streamlit's own floor measured in the same run.

``python scripts/bench_pages.py [--quick] [--rounds N] [--compare PATH] [--json]``; ``scripts/bench_app.py``
(and so ``python -m o7core.bench``) runs it as the figures ``browser_*``.

Three kinds of server on 127.0.0.1, started side by side from the same Python and ``.streamlit/config.toml``:

- the app (``app.py`` of this repository; with ``--compare PATH`` also the app of another checkout, e.g. the
  main commit before a change, ``git worktree add /tmp/before <sha>``), measured in the same rounds;
- ``scripts/floor_app.py``: two ``st.navigation`` pages with one header each – the floor of a page switch;
- ``scripts/floor_slider.py``: one select slider and one metric card – the floor of one rerun after a key press;
- ``scripts/floor_click.py``: one button and one metric card – the floor of one rerun after a mouse click.

One headless Chromium (``/usr/bin/chromium``, no internet). Every figure is timed in the page
(``performance.now``): from the user's input (``mousedown``/``keydown``, capture phase) to

- *drawn*: the first animation frame after the expected content is on the page (a new heading, a changed
  card), and
- *settled*: the last change in the app's DOM before the script is idle again and the page has been quiet
  for 400 ms (the quiet time itself is not counted).

Rounds interleave app and floor, so both see the same load of the shared machine; each figure is the ratio of
the medians, and its spread the lowest and highest per-round ratio (the app's time in that round over the
floor's median in that round). Absolute times are printed for orientation only: on a busy machine they
wander by a factor of 2–3, the ratios much less.

Figures (goals from issue 19):

- ``switch_<page>``: a click on the page in the sidebar → page drawn and idle, ÷ the floor's page switch (≤ 3×);
- ``karte_click``: a click on a Jobcenter on the map → its name heads the side panel, ÷ the floor's click on a
  button → its card changed (≤ 2×): the same input on both (button down, 50 ms, up), so that the time a mouse
  button is held counts on both sides; ``karte_click_key`` the same click ÷ the floor's rerun after a key press
  (no goal; the figure of rounds 5–8);
- ``slider_press``: one ArrowRight on the target slider of Planung → first changed "Bedarf in VZA" card,
  ÷ the floor's rerun (≤ 1,5×);
- ``slider_five``: five ArrowRight presses as fast as the keyboard sends them → settled, ÷ one press settled
  on the same page (≤ 2×); and the same five presses ÷ the floor's five presses.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.support import (  # noqa: E402  (the repository root is put on the path first)
    APP_CONNECTED,
    APP_IDLE,
    CHROMIUM,
    CHROMIUM_ARGS,
    VIEWPORT,
    is_local,
    page_url,
    start_server,
)

#: the app's pages in the order of the sidebar: url name → the text its header starts with
APP_PAGES = {
    "daten": ("Start / Daten", "Start / Daten"),
    "planung": ("Planung", "Planung"),
    "kennzahlen": ("Kennzahlen", "Kennzahlen"),
    "kosten": ("Kosten", "Kosten"),
    "machbarkeit": ("Machbarkeit", "Machbarkeit"),
    "anlage": ("Anlage", "Anlage"),
    "karte": ("Karte", "Karte"),
}
FLOOR_PAGES = ("Eins", "Zwei")
TARGET_SLIDER = '[data-testid="stSlider"]:has-text("Ziel telefonische Erreichbarkeit") input[type="range"]'
VZA_CARD = '[data-testid="stMetric"]:has-text("Bedarf in VZA")'  # Playwright's selector; in the page: METRIC
METRIC = '[data-testid="stMetric"]'
#: the map: the app's own component since round 10 of docs/benchmark.md, st.pydeck_chart before (--compare)
DECK = ':is([data-testid="o7KarteMap"], [data-testid="stDeckGlJsonChart"])'
MAP_GROUP = "Karte der Jobcenter"  # the heading of the map's group on the Karte page
SLIDER_GROUP = "Ziel, Laufzeit und Grundlage"  # the heading of the target slider's group on Planung
QUIET_MS = 400
HOLD_MS = 50  # how long a click holds the mouse button down
GOALS = {"switch": 3.0, "karte_click": 2.0, "slider_press": 1.5, "slider_five": 2.0}

# Armed right before an input. ``spec``: the content that proves the input's effect – an element matching
# ``selector`` whose trimmed text contains ``includes`` (if given) and is none of ``notIn`` (if given).
ARM_JS = """(spec) => {
  const b = {t0: null, first: null, last: null, seenRun: false, idleAt: null, spec};
  if (window.__o7b && window.__o7b.observer) { window.__o7b.observer.disconnect(); }
  window.__o7b = b;
  const app = document.querySelector('[data-testid="stApp"]');
  const start = () => { if (b.t0 === null) { b.t0 = performance.now(); } };
  document.addEventListener('mousedown', start, {capture: true, once: true});
  document.addEventListener('keydown', start, {capture: true, once: true});
  b.shows = () => {
    for (const el of document.querySelectorAll(spec.selector)) {
      const text = el.textContent.trim();
      if ((spec.includes == null || text.includes(spec.includes)) && (spec.notIn == null || !spec.notIn.includes(text))) {
        return true;
      }
    }
    return false;
  };
  b.observer = new MutationObserver((records) => {
    if (b.t0 === null) { return; }
    const now = performance.now();
    for (const r of records) {
      if (r.type === 'attributes' && r.attributeName === 'data-test-script-state' && r.target === app) {
        if (app.getAttribute('data-test-script-state') !== 'notRunning') { b.seenRun = true; } else { b.idleAt = now; }
      }
    }
    b.last = now;
    if (b.first === null && b.shows()) {
      b.first = -1;
      requestAnimationFrame(() => { b.first = performance.now(); });
    }
  });
  b.observer.observe(app, {childList: true, subtree: true, characterData: true, attributes: true});
  return true;
}"""

DONE_JS = """(quiet) => {
  const b = window.__o7b;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!b || b.t0 === null || b.first === null || b.first < 0) { return false; }
  if (app.getAttribute('data-test-script-state') !== 'notRunning') { return false; }
  return performance.now() - b.last >= quiet;
}"""

RESULT_JS = """() => {
  const b = window.__o7b;
  b.observer.disconnect();
  return {drawn: b.first - b.t0, settled: Math.max(b.last, b.idleAt || 0, b.first) - b.t0};
}"""


@dataclass
class Samples:
    """The times (seconds) of one figure, per round: ``rounds[i]`` are the values measured in round ``i``."""

    rounds: list[list[float]] = field(default_factory=list)

    def add(self, round_index: int, value: float) -> None:
        while len(self.rounds) <= round_index:
            self.rounds.append([])
        self.rounds[round_index].append(value)

    @property
    def values(self) -> list[float]:
        return [v for r in self.rounds for v in r]

    def median(self) -> float:
        return statistics.median(self.values)

    def round_median(self, i: int) -> float | None:
        return statistics.median(self.rounds[i]) if i < len(self.rounds) and self.rounds[i] else None


@dataclass
class Figure:
    name: str
    label: str
    value: str
    goal: str
    passed: bool
    detail: str = ""
    ratio: float = 0.0
    low: float = 0.0
    high: float = 0.0
    app: str = "app"

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return f"{self.name:<22} {self.label:<45} {self.value:>22}   Ziel {self.goal:<6} {verdict}   {self.detail}"


def ratio_figure(
    name: str, label: str, app: Samples, floor: Samples, goal: float, floor_label: str, app_name: str
) -> Figure:
    from o7core import fmt

    ratio = app.median() / floor.median()
    per_round = []
    for i, values in enumerate(app.rounds):
        base = floor.round_median(i)
        if base:
            per_round.extend(v / base for v in values)
    low, high = (min(per_round), max(per_round)) if per_round else (ratio, ratio)
    n = len(app.values)
    return Figure(
        name,
        label,
        f"{fmt.number(ratio, 2)}× ({fmt.number(low, 1)}–{fmt.number(high, 1)})",
        f"≤ {fmt.number(goal, 1)}×",
        ratio <= goal,
        f"Median {_ms(app.median())} ggü. {floor_label} {_ms(floor.median())}, {n} Messungen",
        ratio,
        low,
        high,
        app_name,
    )


def _ms(seconds: float) -> str:
    from o7core import fmt

    return f"{fmt.number(seconds * 1000, 0)} ms"


# --------------------------------------------------------------------------- browser steps


async def _new_page(browser, url: str, ready: str, init_script: str | None = None):
    """A page of its own context (German, the bench's window, only 127.0.0.1) on ``url``, ``ready`` drawn and quiet;
    ``init_script`` runs in it before the page's own scripts."""
    context = await browser.new_context(viewport=VIEWPORT, locale="de-DE")
    await context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    if init_script is not None:
        await context.add_init_script(init_script)
    page = await context.new_page()
    await page.goto(url)
    await page.wait_for_selector(APP_CONNECTED, timeout=90_000)
    await page.wait_for_selector(APP_IDLE, timeout=90_000)
    await page.wait_for_selector(ready, timeout=90_000)
    await page.wait_for_timeout(QUIET_MS)
    return context, page


async def _timed(page, spec: dict, act) -> tuple[float, float]:
    """``act()`` (the user's input) with the page armed; (drawn, settled) in seconds."""
    await page.evaluate(ARM_JS, spec)
    await act()
    try:
        await page.wait_for_function(DONE_JS, arg=QUIET_MS, timeout=60_000, polling=50)
    except Exception as exc:
        state = await page.evaluate("() => { const b = window.__o7b; return [b.t0, b.first, b.last, b.seenRun]; }")
        raise RuntimeError(f"{page.url}: {spec} nicht erreicht (t0, erstes, letztes, Lauf: {state})") from exc
    result = await page.evaluate(RESULT_JS)
    return result["drawn"] / 1000, result["settled"] / 1000


async def _switch(page, title: str, header: str) -> float:
    link = page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first
    spec = {"selector": '[data-testid="stMain"] h2', "includes": header}
    _, settled = await _timed(page, spec, link.click)
    return settled


async def _value(page, selector: str) -> str:
    return ((await page.locator(selector).first.text_content()) or "").strip()  # textContent, as in ARM_JS


async def _show_slider(page) -> None:
    """Open the group of the target slider where it is closed (the Planung's first view has none, issue 19)."""
    if await page.locator(TARGET_SLIDER).count() == 0:
        await page.locator('[data-testid="stExpander"] summary').filter(has_text=SLIDER_GROUP).first.click()
        await page.wait_for_selector(TARGET_SLIDER, timeout=90_000)
        await page.wait_for_selector(APP_IDLE, timeout=90_000)
        await page.wait_for_timeout(QUIET_MS)


async def _press(page, key: str, times: int = 1) -> tuple[float, float]:
    """``times`` presses of ``key`` on the target slider (its group opened), as fast as the keyboard sends them."""
    await _show_slider(page)
    slider = page.locator(TARGET_SLIDER).first
    await slider.focus()
    before = await _value(page, VZA_CARD)

    async def act() -> None:
        for _ in range(times):
            await page.keyboard.press(key)

    return await _timed(page, {"selector": METRIC, "includes": "Bedarf in VZA", "notIn": [before]}, act)


async def _show_map(page) -> None:
    """Open the group of the map where it is closed (the Karte's first view has no map, issue 19)."""
    if await page.locator(DECK).count() == 0:
        await page.locator('[data-testid="stExpander"] summary').filter(has_text=MAP_GROUP).first.click()
        await page.wait_for_selector(f"{DECK} canvas", timeout=90_000)
        await page.wait_for_selector(APP_IDLE, timeout=90_000)


async def _map_box(page) -> dict:
    """The map's canvas (its group opened) scrolled to the middle of the window; its box on the screen."""
    await _show_map(page)
    canvas = page.locator(f"{DECK} canvas").first
    await canvas.wait_for(state="visible", timeout=90_000)
    await page.evaluate("(sel) => document.querySelector(sel).scrollIntoView({block: 'center'})", DECK)
    await page.wait_for_timeout(100)
    box = await canvas.bounding_box()
    assert box is not None
    return box


async def _karte_points(page, wanted: int = 2) -> list[tuple[float, float, str]]:
    """Points (as fractions of the map's box) of ``wanted`` different Jobcenters: the map is probed on a grid
    for deck.gl's tooltip."""
    box = await _map_box(page)
    await page.wait_for_timeout(1500)  # deck.gl draws after the element appears
    found: list[tuple[float, float, str]] = []
    names: set[str] = set()
    steps = 24
    tooltip = "() => { const t = document.querySelector('.deck-tooltip'); return t && t.style.display !== 'none' ? t.textContent : ''; }"
    for j in range(2, steps - 1):
        for i in range(2, steps - 1):
            x, y = box["x"] + box["width"] * i / steps, box["y"] + box["height"] * j / steps
            await page.mouse.move(x, y)
            await page.wait_for_timeout(40)
            tip = (await page.evaluate(tooltip)).strip()
            name = tip.split(" (JC")[0]
            if not tip.startswith("JC") or name in names:
                continue
            names.add(name)
            found.append(((x - box["x"]) / box["width"], (y - box["y"]) / box["height"], name))
            if len(found) >= wanted:
                await page.mouse.move(box["x"] + 2, box["y"] + 2)
                return found
    raise RuntimeError(f"auf der Karte nur {len(found)} Jobcenter gefunden (Tooltip von deck.gl)")


async def _hold_click(page) -> None:
    """A mouse click as a hand makes it, where the mouse is: button down, ``HOLD_MS``, up (map and floor alike)."""
    await page.mouse.down()
    await page.wait_for_timeout(HOLD_MS)
    await page.mouse.up()


async def _floor_click(page) -> float:
    """A mouse click on the floor's button (down, 50 ms, up, as on the map) → the first frame with the new count."""
    button = page.locator('[data-testid="stButton"] button').first
    box = await button.bounding_box()
    assert box is not None
    before = await _value(page, METRIC)
    await page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    await page.wait_for_timeout(150)

    drawn, _ = await _timed(
        page, {"selector": METRIC, "includes": "Klicks", "notIn": [before]}, lambda: _hold_click(page)
    )
    return drawn


async def _karte_click(page, point: tuple[float, float, str]) -> float | None:
    """A click on the Jobcenter at ``point`` → the first frame with its name as the panel's heading.

    ``None`` (not timed) where the panel already shows it: a click on the selected Jobcenter changes nothing.
    """
    fx, fy, name = point
    box = await _map_box(page)
    x, y = box["x"] + fx * box["width"], box["y"] + fy * box["height"]
    headings = await page.evaluate(
        "() => [...document.querySelectorAll('[data-testid=\"stMain\"] h3')].map(h => h.textContent.trim())"
    )
    if name in headings:
        return None
    spec = {"selector": '[data-testid="stMain"] h3', "includes": name}
    await page.mouse.move(x, y)
    await page.wait_for_timeout(150)  # deck.gl picks the object under the pointer on hover

    drawn, _ = await _timed(page, spec, lambda: _hold_click(page))
    return drawn


# --------------------------------------------------------------------------- the run


async def measure(
    apps: dict[str, str], floor_url: str, slider_url: str, click_url: str, rounds: int, names: set[str]
) -> dict:
    from playwright.async_api import async_playwright

    s: dict[str, Samples] = {}

    def sample(key: str) -> Samples:
        return s.setdefault(key, Samples())

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        _, floor = await _new_page(browser, floor_url + "/", '[data-testid="stMain"] h2')
        _, floor_slider = await _new_page(browser, slider_url + "/", VZA_CARD)
        _, floor_click = await _new_page(browser, click_url + "/", METRIC)
        pages = {}
        for app, url in apps.items():
            ctx, page = await _new_page(browser, url + "/", '[data-testid="stMain"] h2')
            pages[app] = (ctx, page)
        karte_points: dict[str, list[tuple[float, float, str]]] = {}
        floor_switches = 0
        for r in range(rounds + 1):  # round 0 warms up (first import of every page) and is not counted
            counted = r > 0
            # page switches: each app once through all pages, the floor as many switches, interleaved per page
            if "switch" in names:
                for name, (title, header) in [*list(APP_PAGES.items())[1:], ("daten", APP_PAGES["daten"])]:
                    for app, (_, page) in pages.items():
                        value = await _switch(page, title, header)
                        if counted:
                            sample(f"{app}:switch_{name}").add(r - 1, value)
                    floor_switches += 1
                    target = FLOOR_PAGES[floor_switches % 2]  # Eins is shown first
                    value = await _switch(floor, target, target)
                    if counted:
                        sample("floor:switch").add(r - 1, value)
            # the floor's rerun after one key press, and after five
            for key, times in (("ArrowRight", 1), ("ArrowLeft", 1), ("ArrowRight", 5), ("ArrowLeft", 5)):
                drawn, settled = await _press(floor_slider, key, times)
                if counted:
                    sample(f"floor:press{times}_drawn").add(r - 1, drawn)
                    sample(f"floor:press{times}").add(r - 1, settled)
            if "karte" in names:
                for _ in range(4):  # as many as the clicks on the map of one app in a round
                    value = await _floor_click(floor_click)
                    if counted:
                        sample("floor:click").add(r - 1, value)
            for app, (_, page) in pages.items():
                if "slider" in names:
                    if page_url("planung") not in page.url:
                        await _switch(page, *APP_PAGES["planung"])
                    for key, times in (("ArrowRight", 1), ("ArrowLeft", 1), ("ArrowRight", 5), ("ArrowLeft", 5)):
                        drawn, settled = await _press(page, key, times)
                        if counted:
                            sample(f"{app}:press{times}_drawn").add(r - 1, drawn)
                            sample(f"{app}:press{times}").add(r - 1, settled)
                if "karte" in names:
                    if page_url("karte") not in page.url:
                        await _switch(page, *APP_PAGES["karte"])
                    if app not in karte_points:
                        karte_points[app] = await _karte_points(page)
                    for point in [*karte_points[app], *karte_points[app]]:
                        value = await _karte_click(page, point)
                        if counted and value is not None:
                            sample(f"{app}:karte_click").add(r - 1, value)
            print(f"(Runde {r} von {rounds} fertig{'' if counted else ', Aufwärmen'})", file=sys.stderr, flush=True)
        await browser.close()
    return s


def figures(s: dict[str, Samples], apps: list[str]) -> list[Figure]:
    out = []
    for app in apps:
        suffix = "" if app == "app" else f"[{app}]"
        for name, (title, _) in APP_PAGES.items():
            key = f"{app}:switch_{name}"
            if key in s:
                out.append(
                    ratio_figure(
                        f"switch_{name}{suffix}",
                        f"Seitenwechsel → {title} gezeichnet",
                        s[key],
                        s["floor:switch"],
                        GOALS["switch"],
                        "Vergleichs-App",
                        app,
                    )
                )
        if f"{app}:karte_click" in s:
            out.append(
                ratio_figure(
                    f"karte_click{suffix}",
                    "Karte: Klick auf Jobcenter → Seitenleiste",
                    s[f"{app}:karte_click"],
                    s["floor:click"],
                    GOALS["karte_click"],
                    "Vergleichs-Klick",
                    app,
                )
            )
            out.append(
                ratio_figure(
                    f"karte_click_key{suffix}",
                    "Karte: Klick auf Jobcenter ÷ Rerun nach Taste",
                    s[f"{app}:karte_click"],
                    s["floor:press1_drawn"],
                    99.0,
                    "Vergleichs-Rerun",
                    app,
                )
            )
        if f"{app}:press1_drawn" in s:
            out.append(
                ratio_figure(
                    f"slider_press{suffix}",
                    "Planung: 1 Tastendruck → erste neue Karte",
                    s[f"{app}:press1_drawn"],
                    s["floor:press1_drawn"],
                    GOALS["slider_press"],
                    "Vergleichs-Rerun",
                    app,
                )
            )
            out.append(
                ratio_figure(
                    f"slider_five{suffix}",
                    "Planung: 5 schnelle Tastendrücke ÷ 1 Druck",
                    s[f"{app}:press5"],
                    s[f"{app}:press1"],
                    GOALS["slider_five"],
                    "1 Druck",
                    app,
                )
            )
            out.append(
                ratio_figure(
                    f"slider_five_floor{suffix}",
                    "Planung: 5 schnelle Tastendrücke ÷ Vergleich",
                    s[f"{app}:press5"],
                    s["floor:press5"],
                    99.0,
                    "Vergleich 5 Drücke",
                    app,
                )
            )
    return out


def run(*, rounds: int, compare: Path | None = None, names: set[str] | None = None, emit=print) -> list[Figure]:
    if not CHROMIUM.exists():
        raise SystemExit(f"kein Chromium unter {CHROMIUM} (apt-get install chromium)")
    names = names or {"switch", "slider", "karte"}
    servers = {"app": start_server(log_name="streamlit-bench-app.log")}
    if compare is not None:
        servers["vorher"] = start_server(log_name="streamlit-bench-vorher.log", root=compare.resolve())
    floor = start_server(log_name="streamlit-bench-floor.log", script="scripts/floor_app.py")
    slider = start_server(log_name="streamlit-bench-floor-slider.log", script="scripts/floor_slider.py")
    click = start_server(log_name="streamlit-bench-floor-click.log", script="scripts/floor_click.py")
    try:
        urls = {k: v.url for k, v in servers.items()}
        samples = asyncio.run(measure(urls, floor.url, slider.url, click.url, rounds, names))
    finally:
        for server in (*servers.values(), floor, slider, click):
            server.stop()
    result = figures(samples, list(servers))
    for figure in result:
        emit(figure)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/bench_pages.py", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="gezählte Runden (Standard 7)")
    parser.add_argument("--quick", action="store_true", help="3 Runden (etwa 3 Minuten)")
    parser.add_argument("--compare", type=Path, help="zweiter Checkout der App, in denselben Runden gemessen")
    parser.add_argument("--only", action="append", choices=("switch", "slider", "karte"), help="nur diese Gruppe")
    parser.add_argument("--json", action="store_true", help="eine JSON-Zeile je Kennzahl")
    args = parser.parse_args(argv)
    rounds = 3 if args.quick else args.rounds
    emit = (
        (lambda f: print(json.dumps(asdict(f), ensure_ascii=False), flush=True))
        if args.json
        else (lambda f: print(f.line(), flush=True))
    )
    result = run(rounds=rounds, compare=args.compare, names=set(args.only or ()) or None, emit=emit)
    return 0 if all(f.passed for f in result) else 1


if __name__ == "__main__":
    sys.exit(main())
