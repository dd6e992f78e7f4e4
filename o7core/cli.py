"""Command line of O.7 Planer: ``python -m o7core plan|anlage|check …``.

Bad input ends with a German message on stderr (file, row, column), exit status 2 and nothing
on stdout; never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import NoReturn, TextIO

from .errors import O7InputError, Problem

EXIT_BAD_INPUT = 2


_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"es fehlt: \1"),
    (r"unrecognized arguments: (.*)", r"unbekannte Angaben: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: ungültiger Wert \2, erlaubt sind \3"),
    (r"argument (\S+): expected one argument", r"\1 braucht einen Wert"),
    (r"argument (\S+): (.*)", r"\1: \2"),
)


def _german_argparse_message(message: str) -> str:
    """argparse's own (English) error messages in German."""
    import re

    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _GermanHelp(argparse.HelpFormatter):
    """argparse's help in German: "Aufruf:" instead of "usage:"."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:
        super().add_usage(usage, actions, groups, prefix="Aufruf: " if prefix is None else prefix)


class _GermanParser(argparse.ArgumentParser):
    """An argument parser whose help and errors are German."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", _GermanHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"Fehler: ungültiger Aufruf ({_german_argparse_message(message)}).", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def _read_bytes(path: str) -> bytes:
    """The file's bytes, refused by its size *before* reading (nothing above the upload limit is loaded),
    and read with a bound so that a file growing meanwhile (or a pipe) cannot exceed it either."""
    from .readers.source import MAX_FILE_BYTES, check_size

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


def load_scenario_for(
    data_path: str,
    scenario_path: str | None,
    *,
    target: float | None = None,
    state: str | None = None,
    warn: TextIO | None = None,
):
    """The scenario a CLI call plans: months from DATA; everything else from ``--scenario``
    (or DATA's own master data and defaults where no scenario is given).

    Problems of DATA and of the scenario file are reported together; warnings go to ``warn``.
    """
    from .importing import read_data_file
    from .load_rule import fresh_scenario, price_warning
    from .scenario import load_scenario, scenario_warnings
    from .workdays import normalize_state

    problems: list[Problem] = []
    try:
        result = read_data_file(_read_bytes(data_path), Path(data_path).name)
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


def _cmd_plan(args: argparse.Namespace) -> int:
    from .plan_json import plan_to_dict
    from .scenario import plan_scenario

    scenario = load_scenario_for(args.data, args.scenario, target=args.target, state=args.state, warn=sys.stderr)
    if args.methode is None and args.vertragsjahr is None:
        plan = plan_scenario(scenario)
    else:  # --methode: plan on the forecast months (o7core.forecast)
        from .forecast_cli import contract_year

        plan = plan_scenario(scenario, method=args.methode, contract_year=contract_year(args, scenario))
    for warning in plan.warnings:
        print(f"Hinweis: {warning}", file=sys.stderr)
    if args.format == "json":
        sys.stdout.write(json.dumps(plan_to_dict(plan), ensure_ascii=False, indent=1) + "\n")
    else:
        from .table import plan_table

        sys.stdout.write(plan_table(scenario, plan) + "\n")
    return 0


def _target(text: str) -> float:
    from .parsing import parse_number

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


#: Subcommands: name → (help, add_arguments, run). Other modules add theirs via ``register``.
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]] = {}


def register(
    name: str,
    help_text: str,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    run: Callable[[argparse.Namespace], int],
) -> None:
    COMMANDS[name] = (help_text, add_arguments, run)


def _plan_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("data", metavar="DATA", help="Datenvorlage (CSV/XLSX), Planungshilfe oder Szenariodatei (JSON)")
    p.add_argument("--scenario", metavar="SZENARIO.json", help="Szenario: alles außer den Monatswerten")
    p.add_argument("--target", type=_target, help="Ziel-Erreichbarkeit, z. B. 0.55")
    p.add_argument("--state", help="Bundesland (Kürzel wie BW)")
    from .forecast_cli import add_method_arguments

    add_method_arguments(p)
    p.add_argument("--format", choices=("json", "table"), default="table", help="Ausgabeformat (Standard: table)")


register("plan", "Plan berechnen (Gespräche, Stunden, VZA, Bausteine, Kosten)", _plan_arguments, _cmd_plan)


def build_parser() -> argparse.ArgumentParser:
    _load_extensions()
    parser = _GermanParser(prog="python -m o7core", description="O.7 Planer – Kommandozeile")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_GermanParser)
    for name, (help_text, add_arguments, _run) in COMMANDS.items():
        add_arguments(sub.add_parser(name, help=help_text, description=help_text))
    return parser


def _load_extensions() -> None:
    """Import the modules that register further subcommands (appendix export and check, KPIs).

    They are imported here, not at the top, so that ``plan`` does not pay for openpyxl and fpdf2.
    """
    from . import appendix_cli, feasibility_cli, forecast_cli, kpi_cli, vorlage_cli  # noqa: F401


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return COMMANDS[args.command][2](args)
    except O7InputError as exc:
        from .errors import condense

        for problem in condense(exc.problems):
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print("Fehler: Die Eingabe ist zu groß, um sie zu verarbeiten.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # never a traceback for a user: a short German message instead
        print(f"Fehler: Die Eingabe konnte nicht verarbeitet werden ({type(exc).__name__}: {exc}).", file=sys.stderr)
        return EXIT_BAD_INPUT
