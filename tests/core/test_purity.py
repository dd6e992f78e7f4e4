"""The core stays pure: nothing under ``o7core/`` imports streamlit (directly or through an import)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "o7core"
FORBIDDEN = "streamlit"


def forbidden_imports(source: str, filename: str = "<source>") -> list[str]:
    """``line: statement`` for every import of streamlit (also ``import_module("streamlit…")``)."""
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("import_module", "__import__") and isinstance(node.args[0].value, str):
                names = [node.args[0].value]
        if any(n == FORBIDDEN or n.startswith(FORBIDDEN + ".") for n in names):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def core_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize(
    "source",
    [
        "import streamlit as st",
        "import os, streamlit.components.v1",
        "from streamlit.testing.v1 import AppTest",
        "def f():\n    import streamlit\n",
        "import importlib\nimportlib.import_module('streamlit')",
        "__import__('streamlit')",
    ],
)
def test_the_check_finds_streamlit_imports(source: str) -> None:
    assert forbidden_imports(source)


@pytest.mark.parametrize("source", ["import streamlit_like", "from . import streamlit", "x = 'streamlit'"])
def test_the_check_ignores_lookalikes(source: str) -> None:
    assert forbidden_imports(source) == []


def test_no_core_file_imports_streamlit() -> None:
    files = core_files()
    assert len(files) >= 10, "o7core/ not found"
    found = {
        str(path.relative_to(ROOT)): hits
        for path in files
        if (hits := forbidden_imports(path.read_text(encoding="utf-8"), str(path)))
    }
    assert found == {}


def test_importing_every_core_module_loads_no_streamlit() -> None:
    modules = sorted(module_name(p) for p in core_files() if p.name != "__main__.py")
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'streamlit' or m.startswith('streamlit.'))))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == []
    assert "o7core.planning" in modules and "o7core.cli" in modules
