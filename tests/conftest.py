"""Shared fixtures: the golden cases of ../shared/golden and the embedded sample."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
GOLDEN_DIR = Path(os.environ.get("O7_GOLDEN_DIR", ROOT.parent / "shared" / "golden"))


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
