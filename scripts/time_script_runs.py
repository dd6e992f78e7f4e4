"""Script time of a page switch, measured with Streamlit's AppTest (no browser): the median of N switches
to each page given, inside one session (the first visit, with its imports, is reported apart). Besides the
wall time it reports the process's CPU time of the run, which other work on a shared machine disturbs less.

    python scripts/time_script_runs.py kennzahlen karte -n 5

Uses the AppTest setup of the app tests (``tests/app/conftest.py``), so run it from the repository root.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.app.conftest import APP, assert_clean  # noqa: E402  (after the path)


def switch_times(page: str, repeats: int) -> tuple[tuple[float, float], list[float], list[float]]:
    """(wall, CPU) seconds of the first visit; wall and CPU seconds of the following switches."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    wall, cpu = [], []
    for _ in range(repeats + 1):
        at.switch_page(f"pages/{page}.py")
        start, start_cpu = time.perf_counter(), time.process_time()
        at.run()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        assert_clean(at)
        at.switch_page("pages/daten.py")
        at.run()
    return (wall[0], cpu[0]), wall[1:], cpu[1:]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="+")
    parser.add_argument("-n", type=int, default=5, help="switches per page (after the first visit)")
    args = parser.parse_args()
    for page in args.pages:
        (first, first_cpu), wall, cpu = switch_times(page, args.n)
        print(
            f"{page}: switch median {ms(statistics.median(wall))} ms wall (min {ms(min(wall))}, max {ms(max(wall))}), "
            f"{ms(statistics.median(cpu))} ms CPU, n={len(wall)}; first visit {ms(first)} ms wall, {ms(first_cpu)} ms CPU"
        )


if __name__ == "__main__":
    main()
