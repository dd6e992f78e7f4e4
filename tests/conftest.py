"""Shared fixtures: the golden cases of ../shared/golden and the embedded sample."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
GOLDEN_DIR = Path(os.environ.get("O7_GOLDEN_DIR", ROOT.parent / "shared" / "golden"))


def streamlit_options(*names: str) -> dict:
    """The options ``names`` as Streamlit itself reads them from .streamlit/config.toml (a fresh process in
    the repository root, so that the values must survive Streamlit's own parsing)."""
    code = (
        "import json, sys, streamlit.config as c; c.get_config_options(force_reparse=True); "
        "print(json.dumps({k: c.get_option(k) for k in sys.argv[1:]}))"
    )
    out = subprocess.run([sys.executable, "-c", code, *names], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def load_golden(name: str) -> dict:
    path = GOLDEN_DIR / name
    if not path.exists():
        pytest.fail(f"golden case {path} missing: the tests need ../shared/golden beside the repository")
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def golden_goeppingen() -> dict:
    return load_golden("goeppingen_2021_2022.json")


@pytest.fixture(scope="session")
def golden_anlage() -> dict:
    return load_golden("anlage_2023.json")


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    return SAMPLE_DIR
