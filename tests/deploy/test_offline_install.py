"""Offline install: the wheelhouse of scripts/wheelhouse.sh installs into a fresh venv with --no-index.

Slow (a venv with Streamlit and pandas, about 1–2 minutes), so it runs where CI=true (.ci/run) or
O7_OFFLINE_INSTALL=1, not in the fast suite of every landing. The wheelhouse is cached in .cache/
(gitignored) and downloaded again only when requirements.txt changes.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "wheelhouse"

pytestmark = [
    pytest.mark.offline_install,
    pytest.mark.skipif(
        not (os.environ.get("CI") == "true" or os.environ.get("O7_OFFLINE_INSTALL") == "1"),
        reason="langsam: läuft mit CI=true (.ci/run) oder O7_OFFLINE_INSTALL=1",
    ),
]


def _wheelhouse() -> Path:
    stamp = CACHE / "requirements.sha256"
    digest = hashlib.sha256((ROOT / "requirements.txt").read_bytes()).hexdigest()
    if not (stamp.exists() and stamp.read_text().strip() == digest):
        run = subprocess.run(
            ["bash", str(ROOT / "scripts" / "wheelhouse.sh"), str(CACHE)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
        stamp.write_text(digest)
    return CACHE


def test_install_from_the_wheelhouse_without_an_index_and_plan_the_sample(tmp_path: Path) -> None:
    wheels = _wheelhouse()
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=180)
    python = venv / "bin" / "python"
    PIP_INSTALL = [str(python), "-m", "pip", "install", "--isolated", "--no-index", "--find-links"]
    # --isolated: no pip configuration, no index, no find-links of this machine: only the wheelhouse
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    install = subprocess.run(
        [*PIP_INSTALL, str(wheels), "-r", str(ROOT / "requirements.txt"), "--disable-pip-version-check", "-q"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert install.returncode == 0, install.stdout[-3000:] + install.stderr[-3000:]
    # the app's packages are there (streamlit with the login extra)…
    check = subprocess.run(
        [str(python), "-c", "import streamlit, authlib, pandas, openpyxl, fpdf; print(streamlit.__version__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert check.returncode == 0, check.stderr
    pinned = next(
        line.split("==")[1]
        for line in (ROOT / "requirements.txt").read_text().splitlines()
        if line.startswith("streamlit==")
    )
    assert check.stdout.strip() == pinned
    # …and the command line plans the sample exactly as the development install does
    cmd = ["-m", "o7core", "plan", "sample_data/goeppingen_scenario.json", "--format", "json"]
    offline = subprocess.run([str(python), *cmd], cwd=ROOT, capture_output=True, text=True, env=env, timeout=300)
    assert offline.returncode == 0, offline.stderr
    here = subprocess.run([sys.executable, *cmd], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert json.loads(offline.stdout) == json.loads(here.stdout)
    assert json.loads(offline.stdout)["totals"]
    # the SBOM of exactly this runtime (requirements.txt and its dependencies, nothing of the tests)
    sbom = ROOT / "test-artifacts" / "sbom.cdx.json"
    made = subprocess.run(
        ["bash", str(ROOT / "scripts" / "sbom.sh"), str(python), str(sbom)], cwd=ROOT, capture_output=True, text=True
    )
    assert made.returncode == 0, made.stderr[-2000:]
    components = {c["name"].lower(): c["version"] for c in json.loads(sbom.read_text())["components"]}
    assert components["streamlit"] == pinned
    assert "pytest" not in components and "playwright" not in components
