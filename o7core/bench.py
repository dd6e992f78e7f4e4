"""Benchmark of the core: ``python -m o7core.bench [--only NAME] [--json] [--list]``.

One line per figure, each the median over repeated runs (``time.perf_counter``) after one
warm-up run that is not counted (it fills the holiday and working-day caches, as a running
app server has them), with its goal from ``QUALITY.md`` and PASS/FAIL. This is a benchmark,
not a test: the exit status is 0 unless ``--strict`` is given and a figure misses its goal.

A further figure is one more :class:`Measurement` in :data:`MEASUREMENTS`: a name, a German
label, the goal in seconds, the number of runs, and ``prepare`` returning the callable to time.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .model import Baustein2Setting, BausteinSetting, MonthData, Plan, PlanningParameters
from .month import Month
from .workdays import STATES

if TYPE_CHECKING:
    from .scenario import Scenario

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data" / "goeppingen_scenario.json"


@dataclass(frozen=True, slots=True)
class Measurement:
    """One benchmark figure: ``prepare()`` does the set-up and returns the callable to time."""

    name: str
    label: str
    goal_seconds: float
    runs: int
    prepare: Callable[[], Callable[[], object]]
    #: ``run`` returns the duration itself (seconds) instead of being timed from outside
    self_timed: bool = False


@dataclass(frozen=True, slots=True)
class Result:
    name: str
    label: str
    median_seconds: float
    goal_seconds: float
    runs: int

    @property
    def passed(self) -> bool:
        return self.median_seconds <= self.goal_seconds

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "label": self.label,
            "median_seconds": self.median_seconds,
            "goal_seconds": self.goal_seconds,
            "runs": self.runs,
            "passed": self.passed,
        }


def measure(m: Measurement) -> Result:
    """Median over ``m.runs`` runs after one uncounted warm-up run."""
    run = m.prepare()
    run()  # warm-up
    times: list[float] = []
    for _ in range(m.runs):
        if m.self_timed:
            value = run()
            assert isinstance(value, float)
            times.append(value)
        else:
            start = time.perf_counter()
            run()
            times.append(time.perf_counter() - start)
    return Result(m.name, m.label, statistics.median(times), m.goal_seconds, m.runs)


# --------------------------------------------------------------------------- workloads


def _sample_scenario() -> Scenario:  # Scenario imported lazily: scenario pulls in the price sheet
    from .scenario import Scenario, load_scenario

    if SAMPLE.exists():
        return load_scenario(SAMPLE, require_months=True)
    # installed without the repository's sample: a synthetic Jobcenter of the same size
    return replace(Scenario(), months=tuple(synthetic_months(random.Random(1), Month(2021, 9), 12)))


def synthetic_months(rng: random.Random, first: Month, n: int) -> list[MonthData]:
    """Deterministic monthly history of one Jobcenter: seasonal calls, repeats, prior year, volumes."""
    base = rng.uniform(1500, 15000)
    out = []
    for i in range(n):
        month = first.shift(i)
        season = 1.0 + 0.15 * (month.month in (1, 2, 6, 7)) - 0.1 * (month.month in (8, 12))
        calls = round(base * season * rng.uniform(0.85, 1.15))
        out.append(
            MonthData(
                month,
                calls,
                repeat_calls=round(calls * rng.uniform(0.08, 0.16)),
                forwarded_calls=round(calls * rng.uniform(0.0, 0.05)),
                conversations=round(calls * rng.uniform(0.35, 0.6)),
                voicebox_messages=round(calls * rng.uniform(0.02, 0.08)),
                emails=round(calls * rng.uniform(0.05, 0.2)),
            )
        )
    return out


def synthetic_jobcenters(count: int = 400, months: int = 24, seed: int = 2023) -> list[dict[str, object]]:
    """``count`` Jobcenters across all 16 Bundesländer, each with ``months`` months: the inputs of
    :func:`o7core.planning.compute_plan` as keyword arguments. Same seed, same data."""
    from .costs import default_price_sheet

    rng = random.Random(seed)
    prices = default_price_sheet()
    states = sorted(STATES)
    out: list[dict[str, object]] = []
    for i in range(count):
        first = Month(2020 + i % 4, 1 + (i * 5) % 12)
        chosen = i % 3 == 0
        out.append(
            {
                "months": synthetic_months(rng, first, months),
                "parameters": PlanningParameters(
                    target_reachability=rng.choice((0.55, 0.6, 0.65, 0.7, 0.75)),
                    aht_seconds=rng.uniform(420, 720),
                    callback_seconds_per_conversation=rng.uniform(0, 10),
                    mail_seconds_per_conversation=rng.uniform(0, 30),
                    capacity_fte=None if i % 4 else rng.uniform(3, 30),
                ),
                "state": states[i % len(states)],
                "bausteine": {
                    3: BausteinSetting(chosen=chosen, minutes_per_item=3.0, share=0.5),
                    6: BausteinSetting(chosen=chosen, volume_per_year=rng.uniform(1000, 20000), minutes_per_item=6.0),
                },
                "baustein2": Baustein2Setting(
                    chosen=i % 2 == 0,
                    joint_target_reachability=0.75 if i % 2 == 0 else None,
                    jc_capacity_per_day=rng.uniform(10, 80) if i % 4 == 0 else None,
                ),
                "prices": prices,
                "bg_count": rng.randint(2000, 40000),
            }
        )
    return out


def _prepare_plan_12() -> Callable[[], Plan]:
    from .scenario import plan_scenario

    scenario = _sample_scenario()
    return lambda: plan_scenario(scenario)


def _prepare_region() -> Callable[[], list[Plan]]:
    from .planning import compute_plan

    jobcenters = synthetic_jobcenters()

    def run() -> list[Plan]:
        return [compute_plan(**jc) for jc in jobcenters]  # type: ignore[arg-type]

    return run


def _prepare_cost_curve() -> Callable[[], object]:
    """The curve of ``o7core.costs.curve`` (its own plan included); 141 full plans where it is missing."""
    from .scenario import plan_scenario

    scenario = _sample_scenario()
    try:
        from .costs.curve import cost_curve
    except ImportError:
        targets = [n / 200 for n in range(60, 201)]  # 30 %, 30.5 %, …, 100 %: 141 targets

        def plans() -> object:
            return [plan_scenario(scenario.with_parameters(target_reachability=t)) for t in targets]

        return plans
    return lambda: cost_curve(scenario)


def import_seconds(module: str = "o7core") -> float:
    """Cumulative import time of ``module`` in a fresh interpreter (``python -X importtime``)."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    for line in run.stderr.splitlines():
        parts = [p.strip() for p in line.removeprefix("import time:").split("|")]
        if len(parts) == 3 and parts[2] == module:
            return int(parts[1]) / 1e6
    raise RuntimeError(f"no import time for {module} in -X importtime output")


def _prepare_import() -> Callable[[], float]:
    return import_seconds


def _prepare_appendix(kind: str) -> Callable[[], bytes]:
    """The agreement appendix of the sample as XLSX or PDF bytes, from the scenario (plan included)."""
    from .appendix import appendix_for

    if kind == "xlsx":
        from .export_xlsx import to_xlsx as write
    else:
        from .export_pdf import to_pdf as write
    scenario = _sample_scenario()
    return lambda: write(appendix_for(scenario))


def _prepare_feasibility() -> Callable[[], object]:
    """Machbarkeit of the sample's 12 months (252 days × 20 half-hours), surcharge search included."""
    from .feasibility import assess
    from .scenario import plan_scenario

    scenario = _sample_scenario()
    plan = plan_scenario(scenario)
    return lambda: assess(scenario, plan=plan)


MEASUREMENTS: tuple[Measurement, ...] = (
    Measurement("plan_12", "ein Plan, 12 Monate (Göppingen)", 0.001, 300, _prepare_plan_12),
    Measurement("region_400x24", "400 Jobcenter × 24 Monate", 0.5, 7, _prepare_region),
    Measurement("cost_curve", "Kostenkurve 30–100 % in 0,5-Punkt-Schritten", 0.05, 21, _prepare_cost_curve),
    Measurement("import", "import o7core (frischer Prozess)", 0.15, 9, _prepare_import, self_timed=True),
    Measurement("anlage_xlsx", "Anlage als XLSX (Plan + Datei)", 0.5, 15, lambda: _prepare_appendix("xlsx")),
    Measurement("anlage_pdf", "Anlage als PDF (Plan + Datei)", 0.5, 15, lambda: _prepare_appendix("pdf")),
    Measurement(
        "machbarkeit_12", "Machbarkeit, 12 Monate (5.040 halbe Stunden, mit Zuschlag)", 0.2, 9, _prepare_feasibility
    ),
)


# --------------------------------------------------------------------------- output


def _duration(seconds: float, decimals: int | None = None) -> str:
    """German milliseconds: ``0,095 ms``, ``130,0 ms``; ``decimals`` fixed for goals."""
    from . import fmt

    if decimals is None:
        decimals = 3 if seconds < 0.01 else 1
    return f"{fmt.number(seconds * 1000, decimals)} ms"


def format_line(result: Result) -> str:
    verdict = "PASS" if result.passed else "FAIL"
    return (
        f"{result.name:<14} {result.label:<45} Median {_duration(result.median_seconds):>11}"
        f"   Ziel ≤ {_duration(result.goal_seconds, 0):>6}   {result.runs:>3} Läufe   {verdict}"
    )


APP_BENCH = SAMPLE.parent.parent / "scripts" / "bench_app.py"


def app_figures(*, as_json: bool, quick: bool = False) -> tuple[list[dict[str, object]], bool]:
    """The app's figures (AppTest, Chromium) from ``scripts/bench_app.py`` in a subprocess.

    ``o7core`` never imports Streamlit or Playwright; the script does, in its own process, and
    prints one JSON object per figure. Returns the figures and whether all met their goals.
    """
    if not APP_BENCH.exists():
        print("(App-Kennzahlen übersprungen: scripts/bench_app.py fehlt – nur im Repository)", file=sys.stderr)
        return [], True
    proc = subprocess.Popen(
        [sys.executable, str(APP_BENCH), "--json", *(["--quick"] if quick else [])],
        cwd=APP_BENCH.parent.parent,
        stdout=subprocess.PIPE,
        text=True,
    )
    figures: list[dict[str, object]] = []
    assert proc.stdout is not None
    for line in proc.stdout:
        if not line.startswith("{"):
            continue
        figure = json.loads(line)
        figures.append(figure)
        if not as_json:
            verdict = "PASS" if figure["passed"] else "FAIL"
            print(
                f"{figure['name']:<14} {figure['label']:<45} {figure['value']:>18}   Ziel {figure['goal']:<9} "
                f"{verdict}   {figure['detail']}",
                flush=True,
            )
    proc.wait()
    return figures, all(bool(f["passed"]) for f in figures)


def main(argv: Sequence[str] | None = None) -> int:
    names = [m.name for m in MEASUREMENTS]
    parser = argparse.ArgumentParser(prog="python -m o7core.bench", description="Benchmark des O.7-Kerns")
    parser.add_argument("--only", action="append", choices=names, metavar="NAME", help=f"nur diese Kennzahl: {names}")
    parser.add_argument("--json", action="store_true", help="Ergebnisse als JSON")
    parser.add_argument("--list", action="store_true", help="Kennzahlen auflisten")
    parser.add_argument("--strict", action="store_true", help="Exit-Status 1, wenn ein Ziel verfehlt wird")
    parser.add_argument(
        "--core-only", action="store_true", help="ohne die App-Kennzahlen (AppTest, Chromium: scripts/bench_app.py)"
    )
    parser.add_argument("--quick", action="store_true", help="Browser-Verhältnisse mit 3 statt 7 Runden")
    args = parser.parse_args(argv)
    if args.list:
        for m in MEASUREMENTS:
            print(f"{m.name:<14} {m.label}")
        return 0
    chosen = [m for m in MEASUREMENTS if not args.only or m.name in args.only]
    results = []
    for m in chosen:
        result = measure(m)
        results.append(result)
        if not args.json:
            print(format_line(result), flush=True)
    app: list[dict[str, object]] = []
    app_passed = True
    if not args.core_only and not args.only:
        app, app_passed = app_figures(as_json=args.json, quick=args.quick)
    if args.json:
        print(json.dumps([r.as_dict() for r in results] + app, ensure_ascii=False, indent=1))
    return 1 if args.strict and not (all(r.passed for r in results) and app_passed) else 0


if __name__ == "__main__":
    sys.exit(main())
