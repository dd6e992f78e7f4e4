"""Another session's slider while one session uploads a hostile file (issue 21): ``python scripts/bench_hostile.py``.

``python scripts/bench_hostile.py [--rounds N] [--presses N] [--file LABEL] [--json]``; ``scripts/bench_app.py``
(and so ``python -m o7core.bench``) runs it as the figure ``hostile_slider``.

One ``streamlit run app.py`` on 127.0.0.1 (upload worker on, as in production), one headless Chromium, two
sessions (browser contexts):

- session A sits on Planung; one ArrowRight/ArrowLeft on the target slider is timed in the page
  (``performance.now``) from the ``keydown`` to the first frame that shows a new "Bedarf in VZA" card, as in
  ``scripts/bench_pages.py``;
- session B is opened fresh on "Start / Daten" in every round and, in the attack half of the round, uploads a
  file of the attack catalogue (``tests/security/attacks.py``) into "Datei mit Monatswerten".

Each round first times ``--presses`` presses in A while B is open and idle (*idle*), then sets B's file and times
presses in A until B shows its German refusal (*under attack*: only presses that started before the refusal was
on B's page count; at most ``2 × --presses``). Idle and attack alternate in every round, so both see the same
load of the shared machine; round 0 warms up (first fork of the upload worker, first read of each file) and is not
counted. The figure is the ratio of the medians (attack ÷ idle) per file; its spread the lowest and highest
per-round ratio (a round's attack median ÷ that round's idle median). Goal (issue 21): ≤ 2×.

The default files are the two that cost the server most: "60.000 gefüllte Zellen" (the longest read of the
catalogue, up to the readers' time budget) and "CSV mit 1,9 Mio. Zeilen" (19 MB: the largest upload, received by
the server process itself before the worker reads it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scripts.bench_pages import VZA_CARD, Figure, Samples, _new_page, _press  # noqa: E402
from tests.browser.support import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, REFUSED_JS, start_server  # noqa: E402
from tests.security.attacks import CATALOGUE  # noqa: E402

DEFAULT_FILES = ("60.000 gefüllte Zellen", "CSV mit 1,9 Mio. Zeilen")
GOAL = 2.0
UPLOADER = '[data-testid="stFileUploader"]'
#: seconds the refusal may take at most before the run gives up (the worker's own cap is 10 s)
REFUSAL_TIMEOUT_MS = 120_000


def _ms(seconds: float) -> str:
    from o7core import fmt

    return f"{fmt.number(seconds * 1000, 0)} ms"


def hostile_file(label: str) -> Path:
    build, _limit, suffix = CATALOGUE[label]
    folder = ARTIFACTS / "angriffe"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"angriff_{list(CATALOGUE).index(label) + 1:02d}{suffix}"
    path.write_bytes(build())
    return path


async def _refused(page) -> bool:
    return bool(await page.evaluate(REFUSED_JS))


async def _round(browser, url: str, slider_page, path: Path, presses: int, key_index: list[int]) -> dict:
    """One round for one file: B opened fresh, ``presses`` idle presses in A, then the upload and presses under it."""
    keys = ("ArrowRight", "ArrowLeft")

    async def press() -> float:
        key = keys[key_index[0] % 2]
        key_index[0] += 1
        drawn, _settled = await _press(slider_page, key)
        return drawn

    context, page = await _new_page(browser, url + "/", UPLOADER)
    try:
        idle = [await press() for _ in range(presses)]
        attack: list[float] = []
        uploader = page.locator(UPLOADER).filter(has_text="Datei mit Monatswerten")
        start = time.perf_counter()
        await uploader.locator('input[type="file"]').set_input_files(str(path))
        while len(attack) < 2 * presses and not await _refused(page):
            attack.append(await press())
        await page.wait_for_function(REFUSED_JS, timeout=REFUSAL_TIMEOUT_MS, polling=50)
        refused_after = time.perf_counter() - start
        text = await page.locator('[data-testid="stMain"]').inner_text()
        exception = await page.locator('[data-testid="stException"]').count()
    finally:
        await context.close()
    return {"idle": idle, "attack": attack, "refused_s": refused_after, "german": not exception, "text": text}


async def measure(url: str, labels: list[str], rounds: int, presses: int) -> dict:
    from playwright.async_api import async_playwright

    paths = {label: hostile_file(label) for label in labels}
    out: dict[str, dict] = {
        label: {"idle": Samples(), "attack": Samples(), "refused": [], "problems": []} for label in labels
    }
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            _, slider_page = await _new_page(browser, url + "/planung", VZA_CARD)
            key_index = [0]
            for r in range(rounds + 1):  # round 0 warms up and is not counted
                for label in labels:
                    result = await _round(browser, url, slider_page, paths[label], presses, key_index)
                    if r == 0:
                        continue
                    o = out[label]
                    for v in result["idle"]:
                        o["idle"].add(r - 1, v)
                    for v in result["attack"]:
                        o["attack"].add(r - 1, v)
                    o["refused"].append(result["refused_s"])
                    if not result["german"]:
                        o["problems"].append(f"Runde {r}: Fehlerkasten statt Ablehnung")
                    if not result["attack"]:
                        o["problems"].append(f"Runde {r}: abgelehnt, bevor ein Tastendruck unter Last gemessen war")
                print(f"(Runde {r} von {rounds} fertig{'' if r else ', Aufwärmen'})", file=sys.stderr, flush=True)
        finally:
            await browser.close()
    return out


def figures(out: dict, labels: list[str]) -> list[Figure]:
    from o7core import fmt

    result = []
    for i, label in enumerate(labels):
        o = out[label]
        idle, attack = o["idle"], o["attack"]
        if not attack.values:
            result.append(
                Figure(f"hostile_slider_{i + 1}", f"Regler unter Upload: {label}", "keine Messung", "≤ 2×", False)
            )
            continue
        ratio = attack.median() / idle.median()
        per_round = [
            statistics.median(a) / statistics.median(b)
            for a, b in zip(attack.rounds, idle.rounds, strict=False)
            if a and b
        ]
        low, high = min(per_round), max(per_round)
        refused = statistics.median(o["refused"])
        result.append(
            Figure(
                f"hostile_slider_{i + 1}",
                f"Regler unter Upload: {label}",
                f"{fmt.number(ratio, 2)}× ({fmt.number(low, 1)}–{fmt.number(high, 1)})",
                f"≤ {fmt.number(GOAL, 0)}×",
                ratio <= GOAL and not o["problems"],
                f"Tastendruck → neue Karte: Median unter Upload {_ms(attack.median())} ({len(attack.values)} Drücke), "
                f"im Leerlauf {_ms(idle.median())} ({len(idle.values)}); Ablehnung nach Median "
                f"{fmt.number(refused, 1)} s (längste {fmt.number(max(o['refused']), 1)} s)"
                + (" | " + "; ".join(o["problems"][:3]) if o["problems"] else ""),
                ratio,
                low,
                high,
            )
        )
    return result


def run(*, rounds: int = 5, presses: int = 4, labels: list[str] | None = None, emit=print) -> list[Figure]:
    if not CHROMIUM.exists():
        raise SystemExit(f"kein Chromium unter {CHROMIUM} (apt-get install chromium)")
    labels = labels or list(DEFAULT_FILES)
    server = start_server(log_name="streamlit-bench-hostile.log")
    try:
        out = asyncio.run(measure(server.url, labels, rounds, presses))
    finally:
        server.stop()
    result = figures(out, labels)
    for figure in result:
        emit(figure)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/bench_hostile.py", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="gezählte Runden (Standard 5)")
    parser.add_argument("--presses", type=int, default=4, help="Tastendrücke im Leerlauf je Runde (Standard 4)")
    parser.add_argument(
        "--file",
        action="append",
        choices=list(CATALOGUE),
        metavar="NAME",
        help=f"Datei des Katalogs ({list(CATALOGUE)})",
    )
    parser.add_argument("--json", action="store_true", help="eine JSON-Zeile je Kennzahl")
    args = parser.parse_args(argv)
    if not (1 <= args.rounds <= 30 and 1 <= args.presses <= 20):
        parser.error("--rounds 1–30, --presses 1–20")
    emit = (
        (lambda f: print(json.dumps(asdict(f), ensure_ascii=False), flush=True))
        if args.json
        else (lambda f: print(f.line(), flush=True))
    )
    result = run(rounds=args.rounds, presses=args.presses, labels=args.file, emit=emit)
    return 0 if all(f.passed for f in result) else 1


if __name__ == "__main__":
    sys.exit(main())
