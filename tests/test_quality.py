"""Lint, format and types as tests: ``ruff check``, ``ruff format --check`` over the repository, ``mypy --strict`` on o7core.

Each test runs the tool the way a developer would (settings from pyproject.toml) and fails with the
tool's own output, so the message says which file and line to fix.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def _run(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def _require(module: str) -> None:
    if shutil.which(module) is None and _run(module, "--version").returncode != 0:
        pytest.fail(f"{module} is not installed: pip install -r requirements-dev.txt", pytrace=False)


def test_ruff_check() -> None:
    _require("ruff")
    result = _run("ruff", "check", "--no-cache", "--output-format", "concise", ".")
    assert result.returncode == 0, "ruff check found problems:\n" + result.stdout + result.stderr


def test_ruff_format() -> None:
    _require("ruff")
    result = _run("ruff", "format", "--no-cache", "--check", ".")
    assert result.returncode == 0, (
        "ruff format would change these files (run `ruff format .`):\n" + result.stdout + result.stderr
    )


def test_mypy_on_o7core() -> None:
    _require("mypy")
    # --cache-dir=/dev/null: no .mypy_cache shared between parallel runs in one working tree;
    # --strict on the core: every function typed, no Any returned where a type is declared
    result = _run("mypy", "--strict", "--cache-dir=/dev/null", "--no-error-summary", "o7core", timeout=600)
    assert result.returncode == 0, "mypy --strict o7core:\n" + result.stdout + result.stderr
