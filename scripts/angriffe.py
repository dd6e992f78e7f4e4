"""Measure the attack catalogue: each hostile file through ``plan``, ``check`` and ``kennzahlen`` in a process of
its own; wall time and peak memory (max RSS) of each refusal, as a Markdown table (docs/sicherheit.md).

    python scripts/angriffe.py            # the whole catalogue
    python scripts/angriffe.py --json     # the figures as JSON lines
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.security.attacks import CATALOGUE  # noqa: E402

COMMANDS = ("plan", "check", "kennzahlen")


def run(command: str, path: Path) -> tuple[int, float, float, str]:
    """Exit status, seconds, peak MB and the first line of stderr of ``python -m o7core COMMAND PATH``."""
    start = time.monotonic()
    proc = subprocess.Popen(
        [sys.executable, "-m", "o7core", command, str(path)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert proc.stderr is not None
    err = proc.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - start
    return proc.returncode, seconds, usage.ru_maxrss / 1024, (err.strip().splitlines() or [""])[0]


def main() -> int:
    as_json = "--json" in sys.argv
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, (build, limit, suffix) in CATALOGUE.items():
            raw = build()
            path = Path(tmp) / f"angriff{suffix}"
            path.write_bytes(raw)
            for command in COMMANDS:
                code, seconds, mb, first = run(command, path)
                rows.append(
                    {
                        "file": name,
                        "bytes": len(raw),
                        "command": command,
                        "exit": code,
                        "seconds": seconds,
                        "peak_mb": mb,
                        "limit": limit,
                        "message": first,
                    }
                )
                if as_json:
                    print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    if not as_json:
        print("| Datei | Größe | Befehl | Exit | Zeit | Spitzenspeicher |")
        print("|---|---:|---|---:|---:|---:|")
        for r in rows:
            size = f"{r['bytes'] / 1024:,.0f} KB".replace(",", ".")
            seconds = f"{r['seconds']:.2f}".replace(".", ",")
            print(f"| {r['file']} | {size} | `{r['command']}` | {r['exit']} | {seconds} s | {r['peak_mb']:.0f} MB |")
    return 0 if all(r["exit"] == 2 for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
