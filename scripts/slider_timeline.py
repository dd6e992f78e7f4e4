"""Where one slider press goes: the WebSocket timeline of Planung's target slider beside the floor's slider.

``python scripts/slider_timeline.py [--presses N] [--rounds N] [--compare PATH ...] [--profile]``

A diagnosis for ``slider_press`` of ``scripts/bench_pages.py`` (that script gives the figure; this one shows
its parts). The app (``app.py`` of this checkout, and of each ``--compare`` checkout) and
``scripts/floor_slider.py`` are served side by side on 127.0.0.1 and driven by one headless Chromium, rounds
interleaved. The page wraps ``WebSocket`` before Streamlit opens it and notes, from the ``keydown`` of each
press (capture phase, ``performance.now``): the first message sent (the widget's new value), the first and
the last message received up to the rerun's end, their number and bytes, and the first animation frame after a
metric card shows a new text. Printed: the median of each over all counted presses (the first press of each
page is not counted). Times received are those at which the page's main thread handled the message, so they
include the time it was busy drawing. ``--profile`` also runs V8's sampling profiler (CDP, 50 µs) over the
counted presses and prints each page's script time per press by file (the profiler slows the page: the
timeline of such a run is not comparable with one without).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench_pages import METRIC, TARGET_SLIDER, _new_page, _show_slider  # noqa: E402
from tests.browser.support import APP_IDLE, CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

#: installed before the page's own scripts: every frame of the app's WebSocket with its time
WRAP_JS = """(() => {
  const Native = window.WebSocket;
  window.__o7ws = [];
  const note = (kind, data) => window.__o7ws.push([kind, performance.now(), data.byteLength || data.size || data.length || 0]);
  window.WebSocket = function (...args) {
    const ws = new Native(...args);
    const send = ws.send.bind(ws);
    ws.send = (data) => { note('send', data); return send(data); };
    ws.addEventListener('message', (e) => note('message', e.data));
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
  document.addEventListener('keydown', () => { window.__o7ws = [['key', performance.now(), 0]]; }, true);
})();"""

#: armed before a press: the first frame after any metric card shows another text
ARM_JS = """() => {
  const cards = () => Array.from(document.querySelectorAll('[data-testid="stMetric"]')).map((e) => e.textContent).join('|');
  const before = cards();
  window.__o7card = null;
  const observer = new MutationObserver(() => {
    if (window.__o7card === null && cards() !== before) {
      window.__o7card = -1;
      observer.disconnect();
      requestAnimationFrame(() => { window.__o7card = performance.now(); });
    }
  });
  observer.observe(document.querySelector('[data-testid="stApp"]'), {subtree: true, childList: true, characterData: true});
}"""

COLUMNS = ("gesendet", "1. Nachricht", "letzte Nachricht", "Nachrichten", "Bytes", "Karte neu")


async def _page(browser, url: str):
    """The page with its WebSocket wrapped, the target slider shown and focused."""
    _, page = await _new_page(browser, url, METRIC, init_script=WRAP_JS)
    await _show_slider(page)
    await page.locator(TARGET_SLIDER).first.focus()
    return page


async def _press(page, key: str) -> tuple[float, ...]:
    await page.evaluate(ARM_JS)
    await page.keyboard.press(key)
    await page.wait_for_function("() => window.__o7card > 0", timeout=30_000, polling=20)
    await page.wait_for_selector(APP_IDLE, timeout=30_000)
    await page.wait_for_timeout(300)
    frames = await page.evaluate("() => window.__o7ws")
    card = await page.evaluate("() => window.__o7card")
    t0 = frames[0][1]
    sent = [f[1] - t0 for f in frames if f[0] == "send"]
    got = [f for f in frames if f[0] == "message"]
    return (sent[0], got[0][1] - t0, got[-1][1] - t0, len(got), sum(f[2] for f in got), card - t0)


def script_time_by_file(profile: dict) -> collections.Counter[str]:
    """Sampled script time (µs) per script file of a CDP ``Profiler.stop`` profile; idle, GC and the engine's
    own time (``(program)``) under their own names."""
    files = {
        node["id"]: node["callFrame"]["url"].rsplit("/", 1)[-1] or node["callFrame"]["functionName"]
        for node in profile["nodes"]
    }
    spent: collections.Counter[str] = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        spent[files[sample]] += delta
    return spent


async def measure(
    urls: dict[str, str], presses: int, rounds: int, profile: bool = False
) -> tuple[dict[str, list[tuple[float, ...]]], dict[str, collections.Counter[str]]]:
    from playwright.async_api import async_playwright

    rows: dict[str, list[tuple[float, ...]]] = {name: [] for name in urls}
    spent: dict[str, collections.Counter[str]] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        pages = {name: await _page(browser, url) for name, url in urls.items()}
        profilers = {}
        for r in range(rounds + 1):
            for name, page in pages.items():
                if profile and r == 1:
                    cdp = profilers[name] = await page.context.new_cdp_session(page)
                    await cdp.send("Profiler.enable")
                    await cdp.send("Profiler.setSamplingInterval", {"interval": 50})
                    await cdp.send("Profiler.start")
                for i in range(presses):
                    row = await _press(page, "ArrowRight" if i % 2 == 0 else "ArrowLeft")
                    if r > 0:  # round 0 warms up
                        rows[name].append(row)
        for name, cdp in profilers.items():
            spent[name] = script_time_by_file((await cdp.send("Profiler.stop"))["profile"])
        await browser.close()
    return rows, spent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presses", type=int, default=6, help="Tastendrücke je Seite und Runde")
    parser.add_argument("--rounds", type=int, default=3, help="Runden (dazu eine zum Aufwärmen)")
    parser.add_argument("--compare", type=Path, action="append", default=[], help="weiterer Checkout der App")
    parser.add_argument("--profile", action="store_true", help="Skriptzeit je Datei (V8-Profiler, CDP)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        raise SystemExit(f"kein Chromium unter {CHROMIUM} (apt-get install chromium)")
    servers = {
        "Vergleich (1 Regler, 1 Karte)": start_server(log_name="timeline-floor.log", script="scripts/floor_slider.py")
    }
    servers["Planung"] = start_server(log_name="timeline-app.log")
    for i, path in enumerate(args.compare, 1):
        servers[f"Planung {path}"] = start_server(log_name=f"timeline-compare-{i}.log", root=path.resolve())
    try:
        urls = {name: s.url + ("/" if name.startswith("Vergleich") else "/planung") for name, s in servers.items()}
        rows, spent = asyncio.run(measure(urls, args.presses, args.rounds, args.profile))
    finally:
        for server in servers.values():
            server.stop()
    print("Median je Tastendruck, ms ab keydown: " + " · ".join(COLUMNS))
    for name, values in rows.items():
        medians = [statistics.median(column) for column in zip(*values, strict=True)]
        cells = [f"{m:.0f}".replace(".", ",") for m in medians]
        print(f"{name:<34} " + "  ".join(f"{c:>8}" for c in cells) + f"   ({len(values)} Drücke)")
    for name, counter in spent.items():
        n = len(rows[name])
        busy = sum(v for k, v in counter.items() if k != "(idle)") / 1000 / n
        top = [f"{k} {_ms(v / 1000 / n)}" for k, v in counter.most_common(10) if k not in ("(idle)", "")]
        print(f"{name}: {_ms(busy)} ms Hauptthread je Druck – " + ", ".join(top))


def _ms(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


if __name__ == "__main__":
    main()
