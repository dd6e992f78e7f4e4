"""A small mutation test run (what ``mutmut`` does, without a dependency): ``python scripts/mutation.py
o7core/planning.py [--tests tests/core/test_formulas.py …] [--limit N]``.

Each mutant changes one operator or constant inside one function of the module (``<`` ↔ ``<=``,
``>`` ↔ ``>=``, ``==`` ↔ ``!=``, ``in`` ↔ ``not in``, ``+`` ↔ ``-``, ``*`` ↔ ``/``, ``//`` and ``%`` → ``/``,
``and`` ↔ ``or``, ``not x`` → ``x``, ``-x`` → ``x``, a number ``n`` → ``n + 1``, ``True`` ↔ ``False``,
``min`` ↔ ``max``). Strings (messages), docstrings, default values and module-level constants are not
mutated. The suite runs in a forked child with the mutated function's code swapped into the loaded
function (``__code__``), so every module that imported the function sees the mutant and the imports
are paid once. A mutant is *killed* when the tests fail (or take longer than ``--timeout``), else it
*survives*. Tests that start a subprocess (``-k "not cli"`` by default) cannot see a mutant and are left out.

The score of the last run is in ``docs/architektur.md``.
"""

from __future__ import annotations

import argparse
import ast
import copy
import importlib
import io
import os
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from types import CodeType, FunctionType, ModuleType

ROOT = Path(__file__).resolve().parent.parent

SWAP_COMPARE: dict[type[ast.cmpop], type[ast.cmpop]] = {
    ast.Lt: ast.LtE,
    ast.LtE: ast.Lt,
    ast.Gt: ast.GtE,
    ast.GtE: ast.Gt,
    ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq,
    ast.In: ast.NotIn,
    ast.NotIn: ast.In,
    ast.Is: ast.IsNot,
    ast.IsNot: ast.Is,
}
SWAP_BINOP: dict[type[ast.operator], type[ast.operator]] = {
    ast.Add: ast.Sub,
    ast.Sub: ast.Add,
    ast.Mult: ast.Div,
    ast.Div: ast.Mult,
    ast.FloorDiv: ast.Div,
    ast.Mod: ast.Div,
    ast.Pow: ast.Mult,
}


@dataclass(frozen=True)
class Mutant:
    function: str  # qualified name, e.g. "compute_plan" or "Class.method"
    line: int
    description: str
    index: int  # which mutation point of the function (in ast.walk order)


def _points(node: ast.AST) -> Iterator[tuple[ast.AST, str]]:
    """Mutation points below ``node``: (the node, what the mutation does). Docstrings are skipped."""
    for child in ast.walk(node):
        if isinstance(child, ast.Compare):
            for i, op in enumerate(child.ops):
                if type(op) in SWAP_COMPARE:
                    yield child, f"cmp{i}:{type(op).__name__}->{SWAP_COMPARE[type(op)].__name__}"
        elif isinstance(child, ast.BinOp | ast.AugAssign) and type(child.op) in SWAP_BINOP:
            yield child, f"op:{type(child.op).__name__}->{SWAP_BINOP[type(child.op)].__name__}"
        elif isinstance(child, ast.BoolOp):
            yield child, "and->or" if isinstance(child.op, ast.And) else "or->and"
        elif isinstance(child, ast.UnaryOp) and isinstance(child.op, ast.Not | ast.USub):
            yield child, f"drop {type(child.op).__name__}"
        elif isinstance(child, ast.Constant) and type(child.value) in (int, float, bool):
            yield child, f"const {child.value!r}->{_mutated_constant(child.value)!r}"
        elif isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id in ("min", "max"):
            yield child, f"{child.func.id}->{'max' if child.func.id == 'min' else 'min'}"


def _mutated_constant(value: object) -> object:
    if isinstance(value, bool):
        return not value
    assert isinstance(value, int | float)
    return value + 1


def _apply(node: ast.AST, description: str) -> None:
    if isinstance(node, ast.Compare):
        i = int(description[3 : description.index(":")])
        node.ops[i] = SWAP_COMPARE[type(node.ops[i])]()
    elif isinstance(node, ast.BinOp | ast.AugAssign):
        node.op = SWAP_BINOP[type(node.op)]()
    elif isinstance(node, ast.BoolOp):
        node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
    elif isinstance(node, ast.UnaryOp):
        node.op = ast.UAdd()  # "not x" -> "+x" would change the type: use the operand itself below
    elif isinstance(node, ast.Constant):
        node.value = _mutated_constant(node.value)
    elif isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        node.func.id = "max" if node.func.id == "min" else "min"


class _DropUnary(ast.NodeTransformer):
    def visit_UnaryOp(self, node: ast.UnaryOp) -> ast.AST:
        self.generic_visit(node)
        return node.operand if isinstance(node.op, ast.UAdd) and getattr(node, "_mutant", False) else node


def _functions(tree: ast.Module) -> Iterator[tuple[str, ast.FunctionDef]]:
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            yield node.name, node
        elif isinstance(node, ast.ClassDef):
            for item in node.body:
                if isinstance(item, ast.FunctionDef):
                    yield f"{node.name}.{item.name}", item


def _body_points(fn: ast.FunctionDef) -> list[tuple[ast.AST, str]]:
    body = fn.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return [p for stmt in body for p in _points(stmt)]


def mutants(tree: ast.Module) -> list[Mutant]:
    out = []
    for name, fn in _functions(tree):
        for index, (node, description) in enumerate(_body_points(fn)):
            out.append(Mutant(name, getattr(node, "lineno", fn.lineno), description, index))
    return out


def mutated_code(tree: ast.Module, mutant: Mutant, filename: str) -> CodeType:
    """The code object of the mutant's function, compiled from the mutated module."""
    tree = copy.deepcopy(tree)
    fn = dict(_functions(tree))[mutant.function]
    node, description = _body_points(fn)[mutant.index]
    _apply(node, description)
    if isinstance(node, ast.UnaryOp):
        node._mutant = True  # type: ignore[attr-defined]
        tree = _DropUnary().visit(tree)
    ast.fix_missing_locations(tree)
    module_code = compile(tree, filename, "exec")
    return _find_code(module_code, mutant.function)


def _find_code(module_code: CodeType, qualname: str) -> CodeType:
    stack = [module_code]
    while stack:
        code = stack.pop()
        for const in code.co_consts:
            if isinstance(const, CodeType):
                if const.co_qualname == qualname:
                    return const
                stack.append(const)
    raise KeyError(qualname)


def _target(module: ModuleType, qualname: str) -> FunctionType:
    obj: object = module
    for part in qualname.split("."):
        obj = getattr(obj, part) if not isinstance(obj, type) else obj.__dict__[part]
    while hasattr(obj, "__wrapped__"):  # lru_cache and friends
        obj = obj.__wrapped__
    if isinstance(obj, staticmethod | classmethod):
        obj = obj.__func__
    if isinstance(obj, property):
        obj = obj.fget
    assert isinstance(obj, FunctionType), qualname
    return obj


def run_tests(tests: list[str], timeout: float, patch: tuple[FunctionType, CodeType] | None) -> str:
    """``killed``, ``survived`` or ``timeout``, from a forked child that runs pytest."""
    pid = os.fork()
    if pid == 0:  # child
        try:
            import pytest

            if patch is not None:
                patch[0].__code__ = patch[1]
            with redirect_stdout(io.StringIO()), redirect_stderr(io.StringIO()):
                # -n 0: in this process, where the patch is (an xdist worker would import the code afresh)
                code = pytest.main(["-x", "-q", "-n", "0", "-p", "no:cacheprovider", *tests])
            os._exit(0 if code == 0 else 1)
        except BaseException:
            os._exit(1)
    started = time.monotonic()
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return "survived" if os.waitstatus_to_exitcode(status) == 0 else "killed"
        if time.monotonic() - started > timeout:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return "timeout"
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("module", help="e.g. o7core/planning.py")
    parser.add_argument("--tests", nargs="+", default=["tests/core"], help="test files or folders")
    parser.add_argument("-k", default="not cli and not subprocess", help="pytest -k expression")
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--limit", type=int, default=0, help="only the first N mutants (0 = all)")
    parser.add_argument("--every", type=int, default=1, help="a sample: every N-th mutant (1 = all)")
    args = parser.parse_args(argv)
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    path = Path(args.module)
    name = ".".join(path.with_suffix("").parts)
    module = importlib.import_module(name)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    tests = [*args.tests, "-k", args.k]
    import pytest

    # import the test modules once, in the parent (the children inherit them)
    with redirect_stdout(io.StringIO()):
        pytest.main(["--collect-only", "-q", "-n", "0", "-p", "no:cacheprovider", *tests])
    baseline = run_tests(tests, args.timeout * 3, None)
    if baseline != "survived":
        print(f"the tests fail without a mutant ({baseline}): fix them first", file=sys.stderr)
        return 2
    found = mutants(tree)[:: args.every]
    if args.limit:
        found = found[: args.limit]
    results: dict[str, int] = {"killed": 0, "timeout": 0, "survived": 0}
    survivors = []
    for number, mutant in enumerate(found, 1):
        target = _target(module, mutant.function)
        code = mutated_code(tree, mutant, str(path))
        if code.co_code == target.__code__.co_code and code.co_consts == target.__code__.co_consts:
            continue  # compiles to the same code (an equivalent mutant): not counted
        outcome = run_tests(tests, args.timeout, (target, code))
        results[outcome] += 1
        if outcome == "survived":
            survivors.append(mutant)
        print(f"{number}/{len(found)} {outcome:8} {mutant.function}:{mutant.line} {mutant.description}", flush=True)
    total = sum(results.values())
    dead = results["killed"] + results["timeout"]
    print(f"\n{path}: {total} mutants, {dead} killed ({results['timeout']} by timeout), {len(survivors)} survived")
    print(f"score: {100 * dead / total:.1f} %" if total else "no mutants")
    for m in survivors:
        print(f"  survived: {m.function}:{m.line} {m.description}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
