"""One formatting module: no module of the core outside ``o7core/fmt.py`` formats numbers, terms or points by hand.

Read with ``ast``: number format specs in f-strings, ``format()`` and ``%`` (``{x:.1f}``, ``{x:,}``, ``{x:g}``,
``"%.1f" % x``), the decimal comma put in by ``.replace(".", ",")`` (or the thousands dot by ``.replace(",", ".")``
on formatted text), ``round()`` for print inside an f-string, "1 Jahr/Jahre" written out, and a points unit glued
to a number (``" Punkte"``, ``"Pkt."``). Zero-padded integers (``{month:02d}``, ``{year:04d}``: dates, times, ISO
months) and plain alignment (``{text:<8}``) are not number formatting. Justified exceptions are listed below with
the reason; each must still exist, so that the list stays true.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

PACKAGE = ROOT / "o7core"
FORMATTER = PACKAGE / "fmt.py"

#: (file, function, rule) → why it is not German display formatting
EXCEPTIONS: dict[tuple[str, str, str], str] = {
    ("o7core/template.py", "_csv", "replace"): (
        "a file format: the data template's CSV for German Excel writes the exact value with a decimal comma "
        "(no rounding, no grouping), which the template reader reads back"
    ),
    ("o7core/parsing.py", "_typed_number_text", "replace"): (
        "a reading hint that repeats the typed text itself with the comma the reader asks for (1.234 → 1,234)"
    ),
}

#: alignment/width only, or a zero-padded integer (dates, times) or hex byte (colours)
_ALLOWED_SPEC = re.compile(r"^([<>^=]?\d*|0\d+[dxX])$")
_NUMBER_DIRECTIVE = re.compile(r"%[-+ #0]*\d*(\.\d+)?[dfFeEgG]")


def _spec_text(spec: ast.expr | None) -> str | None:
    if spec is None:
        return None
    if isinstance(spec, ast.JoinedStr):
        return "".join(str(v.value) if isinstance(v, ast.Constant) else "{}" for v in spec.values)
    return "{}"


def _literal_parts(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    return []


def hand_formatting(source: str, filename: str = "<source>") -> list[tuple[str, str, int, str]]:
    """``(function, rule, line, code)`` for every piece of number formatting done by hand in ``source``."""
    found: list[tuple[str, str, int, str]] = []

    def visit(node: ast.AST, where: str) -> None:
        for child in ast.iter_child_nodes(node):
            name = where
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{where}.{child.name}" if where else child.name
            rule = _rule(child)
            if rule:
                found.append(
                    (
                        name.rsplit(".", 1)[-1] if name else "",
                        rule,
                        getattr(child, "lineno", 0),
                        ast.unparse(child)[:100],
                    )
                )
            visit(child, name)

    visit(ast.parse(source, filename), "")
    return found


def _has_number_field(template: str) -> bool:
    """A ``str.format`` template with a replacement field whose spec is more than alignment or zero padding."""
    return re.search(r"\{[^{}]*:(?![<>^=]?\d*\}|0\d+[dxX]\})[^{}]*\}", template) is not None


def _formatted(node: ast.expr) -> bool:
    """An f-string or a ``format()`` / ``str.format()`` result (English text of a number, to be Germanised)."""
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        return getattr(func, "id", None) == "format" or getattr(func, "attr", None) == "format"
    return False


def _rule(node: ast.AST) -> str | None:
    if isinstance(node, ast.FormattedValue):
        spec = _spec_text(node.format_spec)
        if spec is not None and not _ALLOWED_SPEC.match(spec):
            return "spec"
        if isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "round":
            return "round"
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) and func.id == "format" and len(node.args) == 2:
            spec = node.args[1]
            if not (isinstance(spec, ast.Constant) and _ALLOWED_SPEC.match(str(spec.value))):
                return "spec"
        if (
            isinstance(func, ast.Attribute)
            and func.attr == "format"
            and any(map(_has_number_field, _literal_parts(func.value)))
        ):
            return "spec"
        if isinstance(func, ast.Attribute) and func.attr == "replace" and len(node.args) >= 2:
            args = [a.value if isinstance(a, ast.Constant) else None for a in node.args[:2]]
            if args == [".", ","]:
                return "replace"
            if args == [",", "."] and _formatted(func.value):
                return "replace"
    if (
        isinstance(node, ast.BinOp)
        and isinstance(node.op, ast.Mod)
        and any(_NUMBER_DIRECTIVE.search(part) for part in _literal_parts(node.left))
    ):
        return "spec"
    if isinstance(node, ast.IfExp):
        texts = " ".join(_literal_parts(node.body) + _literal_parts(node.orelse))
        if re.search(r"\bJahr\b", texts) and re.search(r"\bJahren?\b", texts):
            return "plural"
    for part in _literal_parts(node) if isinstance(node, ast.Constant | ast.JoinedStr) else []:
        if "Pkt." in part or re.match(r"^[ \u00a0]Punkte\b", part):
            return "points"
    return None


def _core_files() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize(
    ("code", "rule"),
    [
        ('f"{x:.1f}"', "spec"),
        ('f"{x:,}".replace(",", ".")', "spec"),
        ('f"{x:g} %"', "spec"),
        ('"%.2f €" % x', "spec"),
        ('"{:,.0f}".format(x)', "spec"),
        ('format(x, ".1f")', "spec"),
        ('str(x).replace(".", ",")', "replace"),
        ('f"{round(x, 1)} h"', "round"),
        ('"1 Jahr" if n == 1 else f"{n} Jahre"', "plural"),
        ('"1 Jahr" if n == 1 else f"{n} Jahren"', "plural"),
        ('f"{d} Pkt."', "points"),
        ('text + " Punkte"', "points"),
    ],
)
def test_hand_formatting_is_found(code: str, rule: str) -> None:
    assert rule in {r for _f, r, _l, _c in hand_formatting(f"def f(x, n, d, text):\n    return {code}\n")}, code


@pytest.mark.parametrize(
    "code",
    [
        'f"{m.month:02d}/{m.year:04d}"',
        'f"{label:<8}"',
        'text.replace(",", ".")',
        "fmt.number(x, 1)",
        '"1, 2 oder 3 Jahre"',
    ],
)
def test_machine_formats_and_parsing_are_not_hand_formatting(code: str) -> None:
    assert hand_formatting(f"def f(m, label, text, x):\n    return {code}\n") == [], code


def test_no_number_formatting_outside_fmt() -> None:
    used: set[tuple[str, str, str]] = set()
    found = []
    for path in _core_files():
        rel = path.relative_to(ROOT).as_posix()
        for function, rule, line, code in hand_formatting(path.read_text(encoding="utf-8"), rel):
            key = (rel, function, rule)
            if key in EXCEPTIONS or path == FORMATTER:
                used.add(key)
                continue
            found.append(f"{rel}:{line} ({function or 'module'}, {rule}): {code}  → use o7core.fmt")
    stale = [f"exception {key} no longer matches anything; delete it" for key in EXCEPTIONS if key not in used]
    assert not found and not stale, "\n".join(found + stale)
