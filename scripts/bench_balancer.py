"""Load test through HAProxy: ``python scripts/bench_balancer.py [--sessions 30] [--replicas 3] [--loads 200] [--json]``.

Part of the app benchmark: ``scripts/bench_app.py`` (and so ``python -m o7core.bench``) runs it as the
figures ``balancer_load`` and ``balancer_leak``. Everything on 127.0.0.1 (``deploy/cluster.py``).

- ``balancer_load``: ``--replicas`` Streamlit replicas behind HAProxy, ``--sessions`` Chromium sessions at
  once, each with its own Jobcenter's file (upload, 3 slider steps, Anlage as XLSX); once all have done
  their first part, replica r2 is killed: its users must get the German notice on a live replica and go
  on there, the others must not notice. Goal: 0 errors, 0 cross-overs, sessions on every replica.
  Reported: sessions per replica, p50/p95 slider → figure, memory per replica before/after, per session.
- ``balancer_leak``: a fresh cluster, ``--loads`` real page loads of the app in one Chromium (a new tab each,
  one at a time per replica, each until the figures are drawn and the script is idle), memory (RSS from
  ``/proc``) of each replica at the start, after ``--warmup`` loads and at the end. Streamlit keeps a closed
  tab's session for ``server.disconnectedSessionTTL`` (120 s in the app's configuration); the run sets it to
  ``LEAK_SESSION_TTL`` (5 s) and reads each mark that long after the last tab closed, so that the figure is
  the app's memory, not that of two minutes of closed tabs. Goal: growth after the warm-up at most
  ``LEAK_GOAL_MB`` per 100 loads on every replica, no failed load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from deploy.cluster import Cluster  # noqa: E402  (the repository root is put on the path first)
from tests.browser.lasttest import ACTIVE, LEAK_SESSION_TTL, load_test, page_loads  # noqa: E402


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


def _n(value: float, decimals: int = 0) -> str:
    from o7core import fmt

    return fmt.number(value, decimals)


def _mb(values: dict[str, float]) -> str:
    return ", ".join(f"{k} {_n(v)} MB" for k, v in sorted(values.items()))


def balancer_load(sessions: int, replicas: int, steps: int = 3, active: int = ACTIVE) -> tuple[Figure, dict]:
    with Cluster(replicas=replicas) as cluster:
        report = asyncio.run(load_test(cluster, sessions=sessions, steps=steps, kill="r2", anlage=True, active=active))
    per_session = report.mb_per_session()
    problems = report.errors + report.crossovers
    detail = (
        f"Sitzungen je Replik {report.per_replica} (Streamlit vor dem Ausfall: {report.server_sessions}); "
        f"r2 getötet: {report.moved} Nutzer mit Hinweis umgezogen; "
        f"{active} arbeiten zugleich; "
        f"Regler → Zahl p50 {_n(report.p50_ms)} ms, p95 {_n(report.p95_ms)} ms ({report.moves} Bewegungen, "
        f"{report.retries} Tastendrücke wiederholt); Hochladen → Zahl p50 {_n(report.upload_p50_ms)} ms, "
        f"p95 {_n(report.upload_p95_ms)} ms; {report.anlagen} Anlagen geprüft; "
        f"Speicher vorher {_mb(report.rss_start_mb)}, nachher {_mb(report.rss_end_mb)}"
        + (f", ≈ {_n(per_session, 1)} MB je Sitzung" if per_session is not None else "")
        + f"; {_n(report.seconds)} s"
        + (" | " + "; ".join(problems[:6]) if problems else "")
    )
    figure = Figure(
        "balancer_load",
        f"{sessions} Sitzungen über HAProxy auf {replicas} Repliken",
        "0 Fehler" if report.ok else f"{len(problems)} Fehler",
        "0 Fehler",
        report.ok,
        detail,
    )
    return figure, asdict(report)


#: growth of one replica's memory per 100 page loads after the warm-up that still counts as "no leak" (MiB)
LEAK_GOAL_MB = 10.0


def balancer_leak(loads: int, replicas: int, warmup: int = 50) -> tuple[Figure, dict]:
    parallel = replicas  # one browser context (tab after tab) per replica
    ttl = LEAK_SESSION_TTL
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(ttl)}
    with Cluster(replicas=replicas, env=env) as cluster:
        run = asyncio.run(page_loads(cluster, count=loads, warmup=warmup, parallel=parallel, ttl=ttl))
    growth = run.growth_per_100()
    worst = max(growth.values())
    first, last = run.marks[warmup], run.marks[loads]
    detail = (
        f"RSS am Anfang {_mb(run.marks[0])}; nach {warmup} Aufrufen (Aufwärmen) {_mb(first)}; "
        f"nach {loads} {_mb(last)}; Zuwachs nach dem Aufwärmen je 100 Aufrufe "
        + ", ".join(f"{r} {_n(v, 1)} MB" for r, v in sorted(growth.items()))
        + f"; Aufrufe je Replik {run.per_replica}, {parallel} zugleich, Seite bis Zahlen p50 {_n(run.load_p50_ms)} ms "
        f"p95 {_n(run.load_p95_ms)} ms; disconnectedSessionTTL {ttl} s; {len(run.failed)} Fehler; {_n(run.seconds)} s"
        + (" | " + "; ".join(run.failed[:4]) if run.failed else "")
    )
    figure = Figure(
        "balancer_leak",
        f"Speicher über {loads} Seitenaufrufe ({replicas} Repliken)",
        f"{'+' if worst >= 0 else ''}{_n(worst, 1)} MB/100",
        f"≤ {_n(LEAK_GOAL_MB)} MB/100",
        worst <= LEAK_GOAL_MB and not run.failed,
        detail,
    )
    return figure, asdict(run)


NAMES = ("balancer_load", "balancer_leak")


def run(
    names,
    *,
    sessions: int = 30,
    replicas: int = 3,
    loads: int = 200,
    warmup: int = 50,
    active: int = ACTIVE,
    emit=print,
) -> list[Figure]:
    figures = []
    if "balancer_load" in names:
        figure, _ = balancer_load(sessions, replicas, active=active)
        figures.append(figure)
        emit(figure)
    if "balancer_leak" in names:
        figure, _ = balancer_leak(loads, replicas, warmup=min(warmup, loads - 1))
        figures.append(figure)
        emit(figure)
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/bench_balancer.py", description="Lasttest über HAProxy")
    parser.add_argument("--only", action="append", choices=NAMES, metavar="NAME", help=f"nur: {list(NAMES)}")
    parser.add_argument("--sessions", type=int, default=30, help="Browser-Sitzungen gleichzeitig (Standard 30)")
    parser.add_argument("--replicas", type=int, default=3, help="Repliken (Standard 3)")
    parser.add_argument("--loads", type=int, default=200, help="Seitenaufrufe für balancer_leak (Standard 200)")
    parser.add_argument("--warmup", type=int, default=50, help="davon zum Aufwärmen (Standard 50)")
    parser.add_argument(
        "--active", type=int, default=ACTIVE, help=f"davon zugleich bei der Arbeit (Standard {ACTIVE}; alle offen)"
    )
    parser.add_argument("--json", action="store_true", help="eine JSON-Zeile je Kennzahl")
    args = parser.parse_args(argv)
    if not (1 <= args.sessions <= 60 and 2 <= args.replicas <= 8 and 10 <= args.loads <= 1000):
        parser.error("--sessions 1–60, --replicas 2–8, --loads 10–1000")
    if not 0 < args.warmup < args.loads:
        parser.error("--warmup: mehr als 0 und weniger als --loads")
    emit = (
        (lambda f: print(json.dumps(asdict(f), ensure_ascii=False), flush=True))
        if args.json
        else (lambda f: print(f.line(), flush=True))
    )
    figures = run(
        args.only or list(NAMES),
        sessions=args.sessions,
        replicas=args.replicas,
        loads=args.loads,
        warmup=args.warmup,
        active=max(1, min(args.active, args.sessions)),
        emit=emit,
    )
    return 0 if all(f.passed for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())
