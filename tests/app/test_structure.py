"""The shape of the app layer (issue 18): thin pages, one module that owns the session.

Each check fails on the first file that breaks it, and names it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

APP_FILES = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "o7app").glob("*.py")])
PAGE_LINES = 250  # a page reads widgets, calls one function and draws


def _uses_session_state(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Attribute) and node.attr == "session_state"]


def test_only_the_session_module_touches_session_state() -> None:
    offenders = {
        str(p.relative_to(ROOT)): lines for p in APP_FILES if p.name != "state.py" and (lines := _uses_session_state(p))
    }
    assert offenders == {}, f"st.session_state außerhalb von o7app/state.py: {offenders}"


def test_the_check_sees_session_state(tmp_path: Path) -> None:
    sample = tmp_path / "page.py"
    sample.write_text("import streamlit as st\nx = st.session_state.get('a')\n", encoding="utf-8")
    assert _uses_session_state(sample) == [2]


@pytest.mark.parametrize("page", sorted((ROOT / "pages").glob("*.py")), ids=lambda p: p.name)
def test_pages_are_thin(page: Path) -> None:
    lines = len(page.read_text(encoding="utf-8").splitlines())
    assert lines <= PAGE_LINES, f"{page.name}: {lines} Zeilen (höchstens {PAGE_LINES})"
