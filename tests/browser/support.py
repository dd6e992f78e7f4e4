"""Shared pieces of the real-browser suite and of ``scripts/bench_app.py``.

No pytest here: the app server, Chromium's launch options, the wait on Streamlit's script state,
and data files whose plans are known in advance (so a test can tell one session's figures from
another's).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("O7_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 900}
ARTIFACTS = ROOT / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DOC_SCREENSHOTS = ROOT / "docs" / "screenshots"

#: the pages of app.py: name → title (the default page "daten" lives at "/", see ``page_url``)
PAGES = {
    "daten": "Start / Daten",
    "planung": "Planung",
    "kennzahlen": "Kennzahlen",
    "kosten": "Kosten",
    "anlage": "Anlage",
    "karte": "Karte",
    "machbarkeit": "Machbarkeit",
}


def page_url(name: str) -> str:
    """URL path of a page: the default page has no path of its own (``/daten`` is "Page not found")."""
    return "" if name == "daten" else name


#: true in the page once a reader or the upload worker has refused a file in German (the texts of
#: o7core/formats/source.py and o7app/upload_worker.py); the hostile-upload test and benchmark wait for it
REFUSED_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const text = main ? main.textContent : '';
  return ['überschreitet die Grenze', 'in der erlaubten Zeit', 'mit dem erlaubten Speicher'].some((t) => text.includes(t));
}"""
APP_IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
APP_CONNECTED = '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'

# Installed before an interaction: notes when the script starts running, so that the wait
# afterwards does not mistake the state *before* the rerun for its end (Streamlit's own e2e
# helper waits a fixed delay instead; watching the attribute is exact).
WATCH_JS = """() => {
  window.__o7_seen_run = false;
  if (window.__o7_observer) { window.__o7_observer.disconnect(); }
  const app = document.querySelector('[data-testid="stApp"]');
  window.__o7_observer = new MutationObserver(() => {
    if (app.getAttribute('data-test-script-state') !== 'notRunning') { window.__o7_seen_run = true; }
  });
  window.__o7_observer.observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
RUN_DONE_JS = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return window.__o7_seen_run === true && app.getAttribute('data-test-script-state') === 'notRunning';
}"""

# True once the main area has not changed for ``quiet`` ms while the script is idle.
SETTLE_JS = """(quiet) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const main = document.querySelector('[data-testid="stMain"]');
  if (!app || !main || app.getAttribute('data-test-script-state') !== 'notRunning') { window.__o7_quiet = null; return false; }
  if (!window.__o7_settle || window.__o7_settle_target !== main) {
    if (window.__o7_settle) { window.__o7_settle.disconnect(); }
    window.__o7_settle = new MutationObserver(() => { window.__o7_last_change = performance.now(); });
    window.__o7_settle.observe(main, {childList: true, subtree: true, characterData: true, attributes: true});
    window.__o7_settle_target = main;
    window.__o7_last_change = performance.now();
  }
  return performance.now() - window.__o7_last_change >= quiet;
}"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class AppServer:
    """``streamlit run app.py`` on 127.0.0.1 as a child process (no shell)."""

    process: subprocess.Popen[bytes]
    url: str
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def start_server(
    *, timeout: float = 60.0, log_name: str = "streamlit.log", script: str = "app.py", root: Path = ROOT
) -> AppServer:
    """Start ``script`` (the app) from ``root`` and wait until ``/_stcore/health`` answers ``ok``."""
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / log_name
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(cmd, cwd=root, stdout=log, stderr=subprocess.STDOUT)
    server = AppServer(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit run {script} ended with {process.returncode}:\n{server.log()}")
        try:
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as response:
                if response.status == 200 and response.read().strip() == b"ok":
                    return server
        except OSError:
            pass
        time.sleep(0.2)
    server.stop()
    raise RuntimeError(f"streamlit did not become healthy within {timeout:.0f} s:\n{server.log()}")


def is_local(url: str) -> bool:
    """Only the app itself may be reached: the browser runs as if there were no internet."""
    return url.startswith(("http://127.0.0.1", "ws://127.0.0.1", "data:", "blob:", "about:"))


# --------------------------------------------------------------------------- data with known plans


@dataclass(frozen=True)
class Variant:
    """A data file derived from the sample with all call figures scaled, and its expected figures."""

    name: str
    filename: str
    content: bytes
    figures: dict[str, str]  # metric label → text the app must show (target as given)


def sample_scenario():
    from o7core.scenario import load_scenario

    return load_scenario(ROOT / "sample_data" / "goeppingen_scenario.json")


def variant(index: int, *, target: float | None = None) -> Variant:
    """Sample months with calls, repeats and conversations scaled by ``1 + 0.09 * (index + 1)``.

    The file is a ``;`` CSV with German headers, as a Jobcenter would upload it.
    """
    from o7core import fmt
    from o7core.importing import apply_import, read_data_file
    from o7core.scenario import plan_scenario

    factor = 1 + 0.09 * (index + 1)
    base = sample_scenario()
    lines = ["Monat;Anrufe;Anrufwiederholungen;Weiterleitungen;Gespräche"]
    for m in base.months:
        lines.append(
            f"{m.month.year:04d}-{m.month.month:02d};{round(m.calls * factor)};"
            f"{round((m.repeat_calls or 0) * factor)};{m.forwarded_calls or 0};{round((m.conversations or 0) * factor)}"
        )
    content = ("\n".join(lines) + "\n").encode("utf-8")
    filename = f"jobcenter_{index + 1:02d}.csv"
    result = read_data_file(content, filename)
    if not result.ok:  # pragma: no cover - the generator is wrong, not the app
        raise AssertionError([str(p) for p in result.problems])
    scenario = apply_import(base, result)
    if target is not None:
        scenario = scenario.with_parameters(target_reachability=target)
    plan = plan_scenario(scenario)
    figures = {
        "Erforderliche Gespräche": fmt.count(plan.totals.required_conversations),
        "Bedarf in VZA": fmt.fte(plan.totals.fte_required),
    }
    return Variant(f"Jobcenter {index + 1}", filename, content, figures)


def expected_planung(scenario) -> dict[str, str]:
    """The five metric values of the Planung page for ``scenario``."""
    from o7core import fmt
    from o7core.scenario import plan_scenario

    plan = plan_scenario(scenario)
    t = plan.totals
    cost = plan.cost_for(scenario.term_years)
    return {
        "Erforderliche Gespräche": fmt.count(t.required_conversations),
        "Stunden": fmt.hours(plan.hours_total_rounded),
        "Bedarf in VZA": fmt.fte(t.fte_required),
        "Mögliche Erreichbarkeit": fmt.percent(t.possible_reachability),
        "€ je Jahr": fmt.money(cost.total if cost else None),
    }


def with_target(scenario, target: float):
    return replace(scenario, parameters=replace(scenario.parameters, target_reachability=target))


# --------------------------------------------------------------------------- the Karte: where a Jobcenter is drawn

KARTE_CANVAS = '[data-testid="o7KarteMap"] canvas'  # o7app/karte_map.js


def karte_pixel(box: dict, jcnr: str, *, panned: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
    """Page coordinates of a sample Jobcenter's circle on the Karte's canvas (``box``: its bounding box).

    The page fits its view to the sample region for ``MAP_WIDTH``×``MAP_HEIGHT``; deck.gl centres that view in
    the canvas, whatever its real size. ``panned``: how far the user dragged the map. To click a Jobcenter as a
    user would: ``page.mouse.move(x, y)``, wait for its tooltip (``"JC Mannheim (JC99106)"`` in the page text),
    then ``page.mouse.click(x, y)``.
    """
    import math

    from o7core.region import MAP_HEIGHT, MAP_WIDTH, WORLD_PX, build_region_map, mercator_y, read_region_files

    files = [(n, (ROOT / "sample_data" / n).read_bytes()) for n in ("region_bw.csv", "service_center_bw.csv")]
    region = read_region_files(files).region
    assert region is not None
    view = build_region_map(region, width=MAP_WIDTH, height=MAP_HEIGHT).view
    point = next(p for p in region.jobcenters if p.jcnr == jcnr)
    scale = WORLD_PX * 2**view.zoom
    dx = (point.longitude - view.longitude) / 360 * scale
    dy = (mercator_y(view.latitude) - mercator_y(point.latitude)) / (2 * math.pi) * scale
    return box["x"] + box["width"] / 2 + dx + panned[0], box["y"] + box["height"] / 2 + dy + panned[1]
