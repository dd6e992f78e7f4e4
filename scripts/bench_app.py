"""Benchmark of the app (Streamlit, Chromium): ``python scripts/bench_app.py [--only NAME] [--json]``.

The figures of QUALITY.md that need Streamlit or a browser; ``python -m o7core.bench`` runs this
script as a subprocess and prints its lines after the core's (``o7core`` itself never imports
Streamlit or Playwright).

- ``rerun_ratio``: AppTest, a move of the target slider on ``pages/planung.py`` against the same move
  on ``scripts/baseline_page.py`` (same widgets, no computation), interleaved in one run; median
  of each, and their ratio (goal ≤ 1,3×).
- ``browser_slider``: ``streamlit run app.py`` and headless Chromium; the target slider moved by
  the keyboard 20 times; in the page, the time from the key press to the first frame that shows
  a new "Bedarf in VZA" figure (goal: median ≤ 300 ms).
- ``browser_sessions``: 10 browser contexts at once on one server, each uploading its own data
  file (different call volumes) and moving the slider a different number of steps; every session
  must show exactly its own figures, none of another session's, and no error.
- ``browser_pages``: page switches, the Karte click, one and five slider presses in Chromium as ratios to a
  bare two-page Streamlit app served beside the app in the same run (``scripts/bench_pages.py``).
- ``balancer_load``, ``balancer_leak``: 30 sessions through HAProxy on 3 replicas with a replica killed,
  and memory over 200 page loads (``scripts/bench_balancer.py``).
- ``hostile_slider``: one session's slider press while another session uploads the worst files of the attack
  catalogue, as the ratio to the same press idle, interleaved in one run (``scripts/bench_hostile.py``, goal ≤ 2×).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.support import (  # noqa: E402  (the repository root is put on the path first)
    APP_CONNECTED,
    APP_IDLE,
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    RUN_DONE_JS,
    SETTLE_JS,
    VIEWPORT,
    WATCH_JS,
    expected_planung,
    is_local,
    sample_scenario,
    start_server,
    variant,
    with_target,
)

SESSIONS = int(os.environ.get("O7_BENCH_SESSIONS", "10"))
TARGET_SLIDER = '[data-testid="stSlider"]:has-text("Ziel telefonische Erreichbarkeit") input[type="range"]'
VZA_VALUE = '[data-testid="stMetric"]:has([data-testid="stMetricLabel"]:has-text("Bedarf in VZA")) [data-testid="stMetricValue"]'


@dataclass
class Figure:
    name: str
    label: str
    value: str
    goal: str
    passed: bool
    detail: str = ""

    def line(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return f"{self.name:<16} {self.label:<45} {self.value:>18}   Ziel {self.goal:<12} {verdict}   {self.detail}"


def _ms(seconds: float) -> str:
    from o7core import fmt

    return f"{fmt.number(seconds * 1000, 1)} ms"


# --------------------------------------------------------------------------- AppTest: rerun ratio


def rerun_ratio(runs: int = 21) -> Figure:
    """Median rerun after a target slider move: Planung vs. the baseline page, interleaved."""
    from streamlit.testing.v1 import AppTest

    from o7core import fmt

    def app(path: str) -> AppTest:
        at = AppTest.from_file(str(ROOT / path), default_timeout=60)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    planung, baseline = app("pages/planung.py"), app("scripts/baseline_page.py")
    times: dict[str, list[float]] = {"planung": [], "baseline": []}
    values = (0.60, 0.65)
    for i in range(runs + 1):  # the first pair warms up and is not counted
        for name, at in (("planung", planung), ("baseline", baseline)):
            slider = at.select_slider(key="w_target").set_value(values[i % 2])
            start = time.perf_counter()
            slider.run()
            if i:
                times[name].append(time.perf_counter() - start)
            assert not at.exception, [e.value for e in at.exception]
    # the planning page really planned: its VZA card follows the slider
    shown = {m.label: m.value for m in planung.metric}["Bedarf in VZA"]
    expected = expected_planung(with_target(sample_scenario(), values[runs % 2]))["Bedarf in VZA"]
    assert shown == expected, (shown, expected)
    p, b = statistics.median(times["planung"]), statistics.median(times["baseline"])
    ratio = p / b
    return Figure(
        "rerun_ratio",
        "Planung: Rerun nach Schieberegler ggü. Vergleichsseite",
        f"{fmt.number(ratio, 2)}×",
        "≤ 1,3×",
        ratio <= 1.3,
        f"Planung {_ms(p)}, Vergleichsseite {_ms(b)}, je {runs} Läufe (AppTest)",
    )


# --------------------------------------------------------------------------- Chromium

# Resolves with the milliseconds from the next keydown to the first animation frame after the
# VZA figure has changed from ``before``.
MEASURE_MOVE_JS = """(before) => new Promise((resolve, reject) => {
  const find = () => {
    for (const m of document.querySelectorAll('[data-testid="stMetric"]')) {
      const label = m.querySelector('[data-testid="stMetricLabel"]');
      if (label && label.textContent.includes('Bedarf in VZA')) { return m.querySelector('[data-testid="stMetricValue"]'); }
    }
    return null;
  };
  let t0 = null;
  document.addEventListener('keydown', () => { if (t0 === null) { t0 = performance.now(); } }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    const el = find();
    if (t0 !== null && el && el.textContent.trim() !== before) {
      observer.disconnect();
      requestAnimationFrame(() => resolve([performance.now() - t0, el.textContent.trim()]));
    }
  });
  observer.observe(document.querySelector('[data-testid="stMain"]'), {childList: true, subtree: true, characterData: true});
  setTimeout(() => { observer.disconnect(); reject(new Error('no new figure within 10 s')); }, 10000);
  window.__o7_measure_ready = true;
})"""


async def _new_context(browser):
    context = await browser.new_context(viewport=VIEWPORT, locale="de-DE")
    await context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    return context


async def _wait(page, what: str, js: str, arg=None, polling: int = 100) -> None:
    try:
        await page.wait_for_function(js, arg=arg, timeout=60_000, polling=polling)
    except Exception as exc:
        state = await page.evaluate(
            "() => document.querySelector('[data-testid=stApp]')?.getAttribute('data-test-script-state')"
        )
        raise RuntimeError(f"{what} (Skriptzustand {state})") from exc


async def _open(page, url: str, ready: str) -> None:
    await page.goto(url)
    await page.wait_for_selector(APP_CONNECTED, timeout=60_000)
    await page.wait_for_selector(APP_IDLE, timeout=60_000)
    await page.wait_for_selector(ready, timeout=60_000)
    await _wait(page, "Seite zur Ruhe gekommen", SETTLE_JS, 300)


async def _run_over(page) -> None:
    """After an interaction whose effect the caller has already seen on the page: wait for its rerun to end.

    The script state is watched from before the interaction (``WATCH_JS``). On a busy machine the
    frontend may apply "started" and "finished" in one render, so the attribute never shows
    ``running``; the caller's content check is the real proof, this only waits for quiet.
    """
    try:
        await page.wait_for_function(RUN_DONE_JS, timeout=3_000, polling=50)
    except Exception:
        await page.wait_for_selector(APP_IDLE, timeout=60_000)
    await _wait(page, "Seite zur Ruhe gekommen", SETTLE_JS, 200, polling=50)


async def browser_slider(server_url: str, browser, moves: int = 20) -> Figure:
    """Key press → new VZA figure drawn, median over ``moves`` moves (alternating directions)."""
    context = await _new_context(browser)
    page = await context.new_page()
    await _open(page, server_url + "/planung", VZA_VALUE)
    thumb = page.locator(TARGET_SLIDER)
    await thumb.focus()
    times = []
    for i in range(moves + 1):  # the first move warms up and is not counted
        before = (await page.locator(VZA_VALUE).inner_text()).strip()
        measuring = asyncio.ensure_future(page.evaluate(MEASURE_MOVE_JS, before))
        await page.wait_for_function("() => window.__o7_measure_ready === true")
        await page.evaluate("() => { window.__o7_measure_ready = false; }")
        await page.evaluate(WATCH_JS)
        await thumb.press("ArrowRight" if (i // 5) % 2 == 0 else "ArrowLeft")
        elapsed, _ = await measuring
        await _run_over(page)
        if i:
            times.append(elapsed / 1000)
    await context.close()
    median = statistics.median(times)
    return Figure(
        "browser_slider",
        "Schieberegler → neue Zahl sichtbar (Chromium)",
        _ms(median),
        "≤ 300 ms",
        median <= 0.3,
        f"{moves} Bewegungen, min {_ms(min(times))}, max {_ms(max(times))}",
    )


async def _session(browser, server_url: str, index: int, steps: int) -> dict:
    """One user: upload the own file, check its figures, move the slider ``steps`` times, check again."""
    own = variant(index)
    moved = variant(index, target=round(sample_scenario().parameters.target_reachability + steps * 0.005, 3))
    path = ARTIFACTS / "bench" / own.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(own.content)
    context = await _new_context(browser)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    seen: list[str] = []
    final, exceptions, retries = "", 0, 0
    started = time.perf_counter()
    try:
        await _open(page, server_url + "/", '[data-testid="stMetric"]')
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Datei mit Monatswerten")
        await page.evaluate(WATCH_JS)
        await uploader.locator('input[type="file"]').set_input_files(str(path))
        await page.get_by_text(f"„{own.filename}“ geladen").wait_for(timeout=60_000)
        await _run_over(page)
        seen.append(await page.locator('[data-testid="stMain"]').inner_text())
        await page.evaluate(WATCH_JS)
        await page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Planung").click()
        await page.wait_for_selector(VZA_VALUE, timeout=60_000)
        await _run_over(page)
        seen.append(await page.locator('[data-testid="stMain"]').inner_text())
        thumb = page.locator(TARGET_SLIDER)
        await thumb.focus()
        for step in range(1, steps + 1):
            retries += await _move(page, thumb)
            target = round(sample_scenario().parameters.target_reachability + step * 0.005, 3)
            expected = variant(index, target=target).figures["Bedarf in VZA"]
            await page.locator(VZA_VALUE).filter(has_text=expected).wait_for(timeout=60_000)
            seen.append(await page.locator('[data-testid="stMain"]').inner_text())
        final = (await page.locator(VZA_VALUE).inner_text()).strip()
        exceptions = await page.locator('[data-testid="stException"]').count()
    except Exception as exc:  # a stuck or broken session is a finding, not a crash of the benchmark
        errors.append(f"{type(exc).__name__} bei Schritt {len(seen)}: {str(exc).splitlines()[0][:160]}")
        await page.screenshot(path=str(path.with_suffix(".fehler.png")))
    finally:
        await context.close()
    return {
        "index": index,
        "own": own,
        "moved": moved,
        "seen": seen,
        "final_vza": final,
        "errors": errors + (["stException"] if exceptions else []),
        "seconds": time.perf_counter() - started,
        "retries": retries,
    }


async def _move(page, thumb) -> int:
    """One step right; returns how many key presses were lost and repeated.

    While a session's page is still being redrawn on a busy machine, a key press can land on a
    slider that React is replacing; the slider then keeps its value and no rerun starts. The press
    is repeated (at most twice) and counted, so the figure shows it.
    """
    before = await thumb.get_attribute("aria-valuetext")
    for attempt in range(3):
        await page.evaluate(WATCH_JS)
        await thumb.press("ArrowRight")
        try:
            await page.wait_for_function(
                "([sel, b]) => { const el = document.querySelector(sel); return el && el.getAttribute('aria-valuetext') !== b; }",
                arg=['[data-testid="stSlider"] input[type="range"]', before],
                timeout=5_000,
            )
            break
        except Exception:
            if attempt == 2:
                raise
    await _run_over(page)
    return attempt


async def browser_sessions(server_url: str, browser, count: int = SESSIONS) -> Figure:
    """``count`` users at once, each with its own data; no figure may cross from one to another."""
    steps = [1 + i % 4 for i in range(count)]
    results = await asyncio.gather(*(_session(browser, server_url, i, steps[i]) for i in range(count)))
    problems = []
    uploaded = [r["own"].figures["Erforderliche Gespräche"] for r in results]
    if len(set(uploaded)) != count:
        problems.append("Prüfung untauglich: Erwartungswerte der Sitzungen nicht verschieden")
    for r in results:
        i = r["index"]
        text = "\n".join(r["seen"])
        if r["errors"]:
            problems.append(f"Sitzung {i + 1}: Fehler {r['errors']}")
        if not r["seen"] or r["own"].figures["Erforderliche Gespräche"] not in r["seen"][0]:
            problems.append(f"Sitzung {i + 1}: eigene Zahl nach dem Hochladen fehlt")
        if r["final_vza"] != r["moved"].figures["Bedarf in VZA"]:
            problems.append(f"Sitzung {i + 1}: VZA {r['final_vza']} statt {r['moved'].figures['Bedarf in VZA']}")
        for other in results:
            if other is r:
                continue
            for figure in (
                other["own"].figures["Erforderliche Gespräche"],
                other["moved"].figures["Erforderliche Gespräche"],
            ):
                own_values = {
                    r["own"].figures["Erforderliche Gespräche"],
                    r["moved"].figures["Erforderliche Gespräche"],
                }
                if figure not in own_values and figure in text:
                    problems.append(f"Sitzung {i + 1} zeigt {figure} aus Sitzung {other['index'] + 1}")
    wall = max(r["seconds"] for r in results)
    return Figure(
        "browser_sessions",
        f"{count} Browser-Sitzungen gleichzeitig, je eigene Datei",
        "0 Fehler" if not problems else f"{len(problems)} Fehler",
        "0 Fehler",
        not problems,
        ("; ".join(problems[:5]) + " | ") * bool(problems)
        + f"{count} Uploads + {sum(steps)} Reglerbewegungen in {fmt_seconds(wall)}"
        + f", {sum(r['retries'] for r in results)} Tastendrücke wiederholt",
    )


def fmt_seconds(seconds: float) -> str:
    from o7core import fmt

    return f"{fmt.number(seconds, 1)} s"


async def _browser_figures(names: list[str]) -> list[Figure]:
    from playwright.async_api import async_playwright

    if not CHROMIUM.exists():
        raise SystemExit(f"kein Chromium unter {CHROMIUM} (apt-get install chromium)")
    server = start_server(log_name="streamlit-bench.log")
    figures = []
    try:
        async with async_playwright() as pw:
            browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            warm = await _new_context(browser)
            page = await warm.new_page()
            await _open(page, server.url + "/", '[data-testid="stMetric"]')  # first script run: imports
            await warm.close()
            if "browser_slider" in names:
                figures.append(await browser_slider(server.url, browser))
            if "browser_sessions" in names:
                figures.append(await browser_sessions(server.url, browser))
            await browser.close()
    finally:
        server.stop()
    return figures


NAMES = (
    "rerun_ratio",
    "browser_slider",
    "browser_sessions",
    "browser_pages",
    "hostile_slider",
    "balancer_load",
    "balancer_leak",
)


def run(names: list[str], *, emit=print, quick: bool = False) -> list[Figure]:
    figures = []
    if "browser_pages" in names:  # ratios to a bare Streamlit app in the same run: scripts/bench_pages.py
        from scripts import bench_pages

        figures.extend(bench_pages.run(rounds=3 if quick else 7, emit=emit))  # type: ignore[arg-type]
        names = [n for n in names if n != "browser_pages"]
    if "hostile_slider" in names:  # a slider press under a hostile upload ÷ idle: scripts/bench_hostile.py
        from scripts import bench_hostile

        figures.extend(bench_hostile.run(rounds=3 if quick else 5, emit=emit))  # type: ignore[arg-type]
        names = [n for n in names if n != "hostile_slider"]
    if "rerun_ratio" in names:
        figures.append(rerun_ratio())
        emit(figures[-1])
    browser_names = [n for n in names if n.startswith("browser_")]
    if browser_names:
        for figure in asyncio.run(_browser_figures(browser_names)):
            figures.append(figure)
            emit(figure)
    balancer_names = [n for n in names if n.startswith("balancer_")]
    if balancer_names:  # 3 replicas behind HAProxy, 30 sessions, a replica killed: scripts/bench_balancer.py
        from scripts import bench_balancer

        figures.extend(bench_balancer.run(balancer_names, emit=emit))
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/bench_app.py", description="Benchmark der App (AppTest, Chromium)"
    )
    parser.add_argument(
        "--only", action="append", choices=NAMES, metavar="NAME", help=f"nur diese Kennzahl: {list(NAMES)}"
    )
    parser.add_argument("--json", action="store_true", help="Ergebnisse als JSON (eine Zeile je Kennzahl)")
    parser.add_argument(
        "--quick", action="store_true", help="browser_pages mit 3 statt 7 Runden, hostile_slider mit 3 statt 5"
    )
    args = parser.parse_args(argv)
    names = args.only or list(NAMES)
    if args.json:
        figures = run(
            names, emit=lambda f: print(json.dumps(asdict(f), ensure_ascii=False), flush=True), quick=args.quick
        )
    else:
        figures = run(names, emit=lambda f: print(f.line(), flush=True), quick=args.quick)
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
