"""argparse in German: "Aufruf:" instead of "usage:", German errors, exit status 2 on a bad call."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable
from typing import Any, NoReturn

from .common import EXIT_BAD_INPUT

_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.*)", r"es fehlt: \1"),
    (r"unrecognized arguments: (.*)", r"unbekannte Angaben: \1"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)", r"\1: ungültiger Wert \2, erlaubt sind \3"),
    (r"argument (\S+): expected one argument", r"\1 braucht einen Wert"),
    (r"argument (\S+): (.*)", r"\1: \2"),
)


def german_argparse_message(message: str) -> str:
    """argparse's own (English) error messages in German."""
    for pattern, replacement in _ARGPARSE_MESSAGES:
        if re.fullmatch(pattern, message):
            return re.sub(pattern, replacement, message)
    return message


class _GermanHelp(argparse.HelpFormatter):
    """argparse's help in German: "Aufruf:" instead of "usage:"."""

    def add_usage(
        self,
        usage: str | None,
        actions: Iterable[argparse.Action],
        groups: Iterable[argparse._MutuallyExclusiveGroup],
        prefix: str | None = None,
    ) -> None:
        super().add_usage(usage, actions, groups, prefix="Aufruf: " if prefix is None else prefix)


class GermanParser(argparse.ArgumentParser):
    """An argument parser whose help and errors are German."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _GermanHelp)
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self._positionals.title = "Argumente"
        self._optionals.title = "Optionen"
        self.add_argument("-h", "--help", action="help", help="diese Hilfe zeigen und beenden")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        print(f"Fehler: ungültiger Aufruf ({german_argparse_message(message)}).", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)
