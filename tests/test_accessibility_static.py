"""Static accessibility rules over the app's source (the browser audit is tests/browser/test_accessibility.py).

Icons are material symbols (``:material/info:``), never emoji: without an emoji font (a locked-down
office PC) an emoji renders as an empty box, and screen readers read its Unicode name.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APP_SOURCES = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "o7app").glob("*.py"))]


def test_icons_are_material_symbols_not_emoji() -> None:
    found = []
    for path in APP_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg in {"icon", "page_icon"} and isinstance(kw.value, ast.Constant):
                        value = kw.value.value
                        if isinstance(value, str) and not value.startswith(":material/"):
                            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {kw.arg}={value!r}")
    assert found == [], "emoji icons: " + "; ".join(found)


def test_no_st_number_input_anywhere() -> None:
    """Every typed number goes through the German input (o7app.widgets.number)."""
    found = []
    for path in APP_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr == "number_input":
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "st.number_input: " + "; ".join(found)


def test_every_data_grid_goes_through_present_table() -> None:
    """``o7app.present.table`` draws an HTML table whose text the page style sizes (the canvas grid of
    ``st.dataframe`` keeps 14 px, and costs ~350 ms of drawing per page switch): nothing calls ``st.dataframe``."""
    found = []
    for path in APP_SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in {"dataframe", "data_editor"}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == [], "st.dataframe outside o7app.present.table: " + "; ".join(found)
