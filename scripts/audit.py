"""Known vulnerabilities of the pinned runtime packages: ``python scripts/audit.py [--strict]``.

Runs ``pip-audit -r requirements.txt -f json`` (pip-audit resolves the pins with all their
dependencies in a temporary venv and asks its vulnerability service, PyPI's JSON API by default)
and sums up in German.

Exit status: 0 no known vulnerability; 1 at least one; 2 packages could not be checked (only with
``--strict``; without it a clear "NICHT GEPRÜFT" line is printed and the exit status stays 0).
On this development machine and its CI the package index is reached through a mirror that serves
packages but not PyPI's JSON API, and api.osv.dev is not reachable at all: every package comes back
"Dependency not found on PyPI", i.e. unchecked. That is reported as such, never as "no
vulnerabilities". On a machine with access to pypi.org (or ``--service osv`` with access to osv.dev)
the same command really checks; run it there with ``--strict``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python scripts/audit.py", description="pip-audit der gepinnten Pakete")
    parser.add_argument("--strict", action="store_true", help="Exit 2, wenn Pakete nicht geprüft werden konnten")
    parser.add_argument(
        "--service", choices=("pypi", "osv"), default="pypi", help="Schwachstellendienst (pip-audit -s)"
    )
    parser.add_argument("-r", dest="requirements", default=str(ROOT / "requirements.txt"), help="requirements-Datei")
    args = parser.parse_args(argv)
    cmd = [sys.executable, "-m", "pip_audit", "-r", args.requirements, "-f", "json", "-s", args.service]
    cmd += ["--progress-spinner", "off"]
    run = subprocess.run(cmd, capture_output=True, text=True, timeout=900)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit lief nicht durch (Exit {run.returncode}):\n{run.stderr[-2000:]}", file=sys.stderr)
        return 2
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    skipped = [d for d in deps if d.get("skip_reason")]
    checked = len(deps) - len(skipped)
    print(f"pip-audit ({args.service}): {len(deps)} Pakete aufgelöst, {checked} geprüft, {len(skipped)} nicht geprüft")
    for d in vulnerable:
        for v in d["vulns"]:
            fixes = ", ".join(v.get("fix_versions", [])) or "keine"
            print(f"  SCHWACHSTELLE {d['name']} {d.get('version')}: {v.get('id')} (behoben in: {fixes})")
    if skipped:
        reasons = {d["skip_reason"].split(":")[0] for d in skipped}
        print(f"  NICHT GEPRÜFT: {', '.join(sorted(d['name'] for d in skipped))}")
        print(f"  Grund: {'; '.join(sorted(reasons))} – der Schwachstellendienst ist von hier nicht erreichbar")
    if vulnerable:
        return 1
    if skipped and args.strict:
        return 2
    if not skipped:
        print("  keine bekannten Schwachstellen")
    return 0


if __name__ == "__main__":
    sys.exit(main())
