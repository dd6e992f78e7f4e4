"""Command line of O.7 Planer: ``python -m o7core plan|anlage|check|machbarkeit|prognose|kennzahlen|vorlage …``.

Bad input ends with a German message on stderr (file, row, column), exit status 2 and nothing
on stdout; never a traceback.

One module per command family (:mod:`.plan`, :mod:`.appendix`, :mod:`.feasibility`, :mod:`.forecast`,
:mod:`.kpi`, :mod:`.vorlage`), each with its ``COMMANDS``; :mod:`.common` holds what they share
(reading input files, writing JSON, exit codes); :mod:`.parser` the German argument parser. The
commands import their heavy libraries (openpyxl, fpdf2, statsmodels) only when they run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from ..errors import O7InputError
from . import appendix, feasibility, forecast, kpi, plan, vorlage
from .common import EXIT_BAD_INPUT, Command
from .parser import GermanParser

#: every subcommand, in the order of the help
COMMANDS: tuple[Command, ...] = (
    *plan.COMMANDS,
    *appendix.COMMANDS,
    *feasibility.COMMANDS,
    *forecast.COMMANDS,
    *kpi.COMMANDS,
    *vorlage.COMMANDS,
)


def build_parser() -> GermanParser:
    parser = GermanParser(prog="python -m o7core", description="O.7 Planer – Kommandozeile")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=GermanParser)
    for command in COMMANDS:
        command.add_arguments(sub.add_parser(command.name, help=command.help, description=command.help))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    run = next(c.run for c in COMMANDS if c.name == args.command)
    try:
        return run(args)
    except O7InputError as exc:
        from ..errors import condense

        for problem in condense(exc.problems):
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except MemoryError:
        print("Fehler: Die Eingabe ist zu groß, um sie zu verarbeiten.", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # never a traceback for a user: a short German message instead
        print(f"Fehler: Die Eingabe konnte nicht verarbeitet werden ({type(exc).__name__}: {exc}).", file=sys.stderr)
        return EXIT_BAD_INPUT
