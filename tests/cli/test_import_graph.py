"""No import circle inside o7core, and no command module of the CLI reaching into another module's
private names. The import graph is read with ``ast`` from the source: every ``import`` and
``from … import`` (at the top *and* inside functions, where a circle hides best), except those under
``if TYPE_CHECKING:`` (never executed)."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT


def module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """All import statements, skipping the bodies of ``if TYPE_CHECKING:``."""
    found: list[ast.Import | ast.ImportFrom] = []
    stack: list[ast.AST] = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and ast.unparse(node.test) in ("TYPE_CHECKING", "typing.TYPE_CHECKING"):
            stack.extend(node.orelse)
            continue
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        stack.extend(ast.iter_child_nodes(node))
    return found


def import_graph(root: Path, package: str) -> dict[str, set[str]]:
    """``module → modules of the package it imports`` (parent packages, imported implicitly, left out)."""
    paths = {module_name(root, p): p for p in sorted((root / package).rglob("*.py"))}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        here = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        deps: set[str] = set()
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                deps.update(a.name for a in node.names)
                continue
            base = here[: len(here) - node.level + 1] if node.level else []
            target = ".".join([*base, *([node.module] if node.module else [])])
            submodules = {f"{target}.{a.name}" for a in node.names} & paths.keys()
            deps.update(submodules)
            if len(submodules) < len(node.names):
                deps.add(target)
        graph[name] = {d for d in deps if d in paths and d != name and not name.startswith(d + ".")}
    return graph


def find_circle(graph: dict[str, set[str]]) -> list[str]:
    """One import circle as ``[a, b, …, a]``, or ``[]``."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    path: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return [*path[path.index(nxt) :], nxt]
            if nxt not in state and (circle := visit(nxt)):
                return circle
        path.pop()
        state[node] = 2
        return []

    for start in sorted(graph):
        if start not in state and (circle := visit(start)):
            return circle
    return []


def test_o7core_has_no_import_circle() -> None:
    graph = import_graph(ROOT, "o7core")
    assert len(graph) > 30 and "o7core.cli" in graph and "o7core.cli.common" in graph["o7core.cli.plan"]
    assert find_circle(graph) == []


def test_the_check_finds_a_circle_through_a_deferred_import(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from .. import a\n")
    (pkg / "a.py").write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import B\n")
    (pkg / "b.py").write_text("def f():\n    from .sub import c\n")
    (pkg / "sub" / "c.py").write_text("import pkg.b\n")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.a"] == set()  # type-only imports never run
    assert find_circle(graph) == ["pkg.b", "pkg.sub.c", "pkg.b"]
    (pkg / "a.py").write_text("from .b import f\n")
    (pkg / "sub" / "c.py").write_text("from .. import a\n")
    assert find_circle(import_graph(tmp_path, "pkg")) == ["pkg.a", "pkg.b", "pkg.sub.c", "pkg.a"]


def test_no_cli_module_imports_a_private_name() -> None:
    """The commands share what they need through public names (``o7core.cli.common``)."""
    private = [
        f"{path.relative_to(ROOT)}:{node.lineno} {alias.name}"
        for path in sorted((ROOT / "o7core" / "cli").glob("*.py"))
        for node in _imports(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ImportFrom) and node.level
        for alias in node.names
        if alias.name.startswith("_")
    ]
    assert private == []


def test_every_command_is_listed_once() -> None:
    from o7core import cli

    names = [c.name for c in cli.COMMANDS]
    assert names == ["plan", "anlage", "check", "machbarkeit", "prognose", "kennzahlen", "vorlage"]
    subparsers = next(a for a in cli.build_parser()._actions if a.dest == "command")
    assert list(subparsers.choices) == names  # type: ignore[attr-defined]
