"""What every command of ``python -m o7core`` shares: the exit codes, reading an input file within the
upload limit, the scenario a call plans, writing JSON, text and output files, and the argument type of
a target share. Bad input raises :class:`O7InputError` with German problems (``o7core.cli.main``
prints them and exits with :data:`EXIT_BAD_INPUT`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..errors import O7InputError, Problem

if TYPE_CHECKING:
    from ..scenario import Scenario

#: bad input: German problems on stderr, nothing on stdout
EXIT_BAD_INPUT = 2
#: ``check``: the appendix was read, and something in it deviates
EXIT_FINDINGS = 1


@dataclass(frozen=True)
class Command:
    """One subcommand: its name, its help line, its arguments and what it runs (returns the exit code)."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


def read_bytes(path: str) -> bytes:
    """The file's bytes, refused by its size *before* reading (nothing above the upload limit is loaded),
    and read with a bound so that a file growing meanwhile (or a pipe) cannot exceed it either."""
    from ..formats.source import MAX_FILE_BYTES, check_size

    p = Path(path)
    try:
        size = p.stat().st_size
        if p.is_file():
            check_size(size)
        with p.open("rb") as fh:
            raw = fh.read(MAX_FILE_BYTES + 1)
        check_size(len(raw))
        return raw
    except O7InputError as exc:
        raise exc.located(file=p.name) from None
    except FileNotFoundError:
        raise O7InputError(Problem("Die Datei gibt es nicht.", file=str(path))) from None
    except IsADirectoryError:
        raise O7InputError(Problem("Das ist ein Ordner, keine Datei.", file=str(path))) from None
    except OSError as exc:
        raise O7InputError(Problem(f"Die Datei kann nicht gelesen werden ({exc.strerror}).", file=str(path))) from None


def write_file(out: Path, content: bytes, *, what: str = "Die Datei") -> None:
    """Write an output file; a German problem (``what`` kann nicht geschrieben werden) if that fails."""
    try:
        out.write_bytes(content)
    except OSError as exc:
        raise O7InputError(Problem(f"{what} kann nicht geschrieben werden ({exc.strerror}).", file=str(out))) from None


def write_json(data: Any) -> None:
    """``--format json``: the data on stdout, UTF-8 as it is, one space indent."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def write_text(text: str) -> None:
    """``--format table``: the German text on stdout."""
    sys.stdout.write(text + "\n")


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded to their widest cell: the first left-aligned, the others right-aligned."""
    widths = [max(len(str(r[i])) for r in (header, *rows)) for i in range(len(header))]
    return [
        "  ".join(str(c).rjust(w) if i else str(c).ljust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True)))
        for r in (header, *rows)
    ]


def target(text: str) -> float:
    """A share as ``--target`` takes it: 0.55, 0,55 or 55 %; more than 0 and at most 1."""
    from ..parsing import parse_number

    # "decimal", not "percent": a plain 1.5 must be refused, not read as 1,5 % ("55 %" still gives 0.55)
    try:
        value = parse_number(text, kind="decimal")
    except ValueError:
        raise argparse.ArgumentTypeError(f"„{text}“ ist keine Erreichbarkeit (z. B. 0.55 oder 55 %)") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(
            f"Ziel-Erreichbarkeit „{text}“ muss größer als 0 und höchstens 1 sein (z. B. 0.55 oder 55 %)"
        )
    return value


def load_scenario_for(
    data_path: str,
    scenario_path: str | None,
    *,
    target: float | None = None,
    state: str | None = None,
    warn: TextIO | None = None,
) -> Scenario:
    """The scenario a CLI call plans: months from DATA; everything else from ``--scenario``
    (or DATA's own master data and defaults where no scenario is given).

    Problems of DATA and of the scenario file are reported together; warnings go to ``warn``.
    """
    from ..importing import read_data_file
    from ..load_rule import fresh_scenario, price_warning
    from ..scenario import load_scenario, scenario_warnings
    from ..workdays import normalize_state

    problems: list[Problem] = []
    try:
        result = read_data_file(read_bytes(data_path), Path(data_path).name)
        problems.extend(result.problems)
    except O7InputError as exc:
        result = None
        problems.extend(exc.problems)
    base = None
    if scenario_path:
        try:
            base = load_scenario(scenario_path)
            problems.extend(
                p.located(file=Path(scenario_path).name) for p in scenario_warnings(replace(base, months=()))
            )
        except O7InputError as exc:
            problems.extend(exc.problems)
    if result is None or any(p.is_error for p in problems):
        raise O7InputError(problems)
    if base is not None:
        scenario = replace(base, months=result.months)
    else:
        scenario = fresh_scenario(result)  # the same rule as the app's load of another Jobcenter
    price = price_warning(scenario)
    if price is not None:
        problems.append(price)
    if warn is not None:
        for problem in problems:
            print(problem, file=warn)
    if target is not None:
        scenario = scenario.with_parameters(target_reachability=target)
    if state is not None:
        scenario = replace(
            scenario, jobcenter=replace(scenario.jobcenter, state=normalize_state(state, field="--state"))
        )
    return scenario
