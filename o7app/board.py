"""The scenario board of the Kosten page: named scenarios (A, B, C …) saved in the session.

The board is the ordered ``dict`` name → :class:`~o7core.Scenario` that ``state.saved_scenarios()``
keeps in this user's session. These helpers change it in place and read/write it as one JSON file
(a collection of scenario files v1, each with its name); they do not import Streamlit, so the
page stays thin and the rules are tested without a browser.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping, MutableMapping
from typing import Any

from o7core import O7InputError, Problem, Scenario, scenario_from_dict, scenario_to_dict

COLLECTION_FORMAT = "o7-scenario-collection"
COLLECTION_VERSION = 1
MAX_NAME = 60
MAX_SCENARIOS = 26


def next_name(board: Mapping[str, Scenario]) -> str:
    """The first free name of ``Szenario A`` … ``Szenario Z`` (then ``Szenario 27`` …)."""
    for letter in string.ascii_uppercase:
        name = f"Szenario {letter}"
        if name not in board:
            return name
    number = len(string.ascii_uppercase) + 1
    while f"Szenario {number}" in board:
        number += 1
    return f"Szenario {number}"


def clean_name(name: str) -> str:
    """The name as shown: whitespace collapsed, at most 60 characters; an empty name is refused."""
    text = " ".join(str(name).split())
    if not text:
        raise O7InputError(
            Problem("Der Name des Szenarios ist leer.", column="Name", expected="ein Name wie „Szenario A“")
        )
    if len(text) > MAX_NAME:
        raise O7InputError(
            Problem(
                f"Der Name des Szenarios ist länger als {MAX_NAME} Zeichen.",
                column="Name",
                value=text[:MAX_NAME] + "…",
                expected=f"höchstens {MAX_NAME} Zeichen",
            )
        )
    return text


def unique_name(name: str, board: Mapping[str, Scenario]) -> str:
    """``name``, or ``name (2)``, ``name (3)`` … where it is taken."""
    if name not in board:
        return name
    number = 2
    while f"{name} ({number})" in board:
        number += 1
    return f"{name} ({number})"


def save(board: MutableMapping[str, Scenario], name: str, scenario: Scenario, *, overwrite: bool = False) -> str:
    """Save ``scenario`` under ``name`` (a taken name gets a number unless ``overwrite``); the name used."""
    text = clean_name(name)
    if not overwrite:
        text = unique_name(text, board)
    if text not in board and len(board) >= MAX_SCENARIOS:
        raise O7InputError(
            Problem(
                f"Es können höchstens {MAX_SCENARIOS} Szenarien gespeichert werden.",
                column="Szenarien",
                expected="ein Szenario löschen und dann speichern",
            )
        )
    board[text] = scenario
    return text


def rename(board: MutableMapping[str, Scenario], old: str, new: str) -> str:
    """Rename ``old`` to ``new`` keeping its place in the order; the name used."""
    if old not in board:
        raise O7InputError(Problem("Dieses Szenario gibt es nicht (mehr).", column="Szenario", value=old))
    text = clean_name(new)
    if text == old:
        return old
    if text in board:
        raise O7InputError(
            Problem(
                "Ein Szenario mit diesem Namen gibt es schon.",
                column="Neuer Name",
                value=text,
                expected="ein noch nicht verwendeter Name",
            )
        )
    items = [(text if key == old else key, value) for key, value in board.items()]
    board.clear()
    board.update(items)
    return text


def delete(board: MutableMapping[str, Scenario], name: str) -> None:
    if name not in board:
        raise O7InputError(Problem("Dieses Szenario gibt es nicht (mehr).", column="Szenario", value=name))
    del board[name]


def collection_to_dict(board: Mapping[str, Scenario]) -> dict[str, Any]:
    """All saved scenarios as one object: each entry is a complete scenario file v1 plus its ``name``."""
    return {
        "format": COLLECTION_FORMAT,
        "version": COLLECTION_VERSION,
        "scenarios": [{"name": name, **scenario_to_dict(s)} for name, s in board.items()],
    }


def collection_to_json(board: Mapping[str, Scenario]) -> str:
    return json.dumps(collection_to_dict(board), ensure_ascii=False, indent=1)


def collection_from_bytes(raw: bytes, filename: str = "Szenarien.json") -> list[tuple[str, Scenario]]:
    """Read a collection file (or a single scenario file) back: ``[(name, scenario), …]``.

    Every problem names the file, the scenario's position (row = its number in the list) and
    the field; nothing is returned unless every scenario is valid.
    """
    from o7core.formats.source import load_json

    try:  # the one budget of every reader: size, depth, duplicate keys, NaN (o7core/formats/source.py)
        data = load_json(raw, expected="eine mit „Alle Szenarien herunterladen“ gespeicherte JSON-Datei")
    except O7InputError as exc:
        raise exc.located(file=filename) from None
    entries, single = _entries(data, filename)
    out: list[tuple[str, Scenario]] = []
    problems: list[Problem] = []
    for index, entry in enumerate(entries):
        try:
            out.append(_entry(entry, index))
        except O7InputError as exc:
            problems.extend(_entry_problems(exc, filename, None if single else index + 1))
    if problems:
        raise O7InputError(problems)
    return out


def _entries(data: Any, filename: str) -> tuple[list[Any], bool]:
    """The scenarios of a collection (or the one of a scenario file: ``single``), within :data:`MAX_SCENARIOS`."""
    if isinstance(data, Mapping) and data.get("format") == "o7-scenario":
        return [data], True
    if not (isinstance(data, Mapping) and data.get("format") == COLLECTION_FORMAT):
        raise O7InputError(
            Problem(
                "Das ist keine Szenariendatei des O.7 Planers.",
                file=filename,
                column="format",
                expected=f"„{COLLECTION_FORMAT}“ oder „o7-scenario“",
            )
        )
    if data.get("version") != COLLECTION_VERSION:
        raise O7InputError(
            Problem(
                "Diese Version der Szenariensammlung wird nicht unterstützt.",
                file=filename,
                column="version",
                value=json.dumps(data.get("version")),
                expected=f"Version {COLLECTION_VERSION}",
            )
        )
    entries = data.get("scenarios") if isinstance(data.get("scenarios"), list) else []
    if not entries:
        raise O7InputError(
            Problem(
                "Die Sammlung enthält keine Szenarien.",
                file=filename,
                column="scenarios",
                expected="eine Liste von Szenarien",
            )
        )
    if len(entries) > MAX_SCENARIOS:
        raise O7InputError(
            Problem(
                f"Die Sammlung enthält {len(entries)} Szenarien, höchstens {MAX_SCENARIOS} sind möglich.",
                file=filename,
                column="scenarios",
                expected=f"höchstens {MAX_SCENARIOS} Szenarien",
            )
        )
    return list(entries), False


def _entry(entry: Any, index: int) -> tuple[str, Scenario]:
    """One saved scenario and its name (``Szenario N`` where it has none)."""
    scenario = scenario_from_dict(entry, require_months=True)
    raw_name = entry.get("name") if isinstance(entry, Mapping) else None
    name = clean_name(raw_name) if isinstance(raw_name, str) and raw_name.strip() else f"Szenario {index + 1}"
    return name, scenario


def _entry_problems(exc: O7InputError, filename: str, row: int | None) -> list[Problem]:
    """A scenario's problems placed in the collection: the file, its number as the row, ``scenarios[N].`` fields."""
    where = "" if row is None else f"scenarios[{row}]."
    return [
        Problem(
            p.message,
            file=filename,
            row=p.row if p.row is not None else row,
            column=where + (p.column or ""),
            value=p.value,
            expected=p.expected,
            severity=p.severity,
        )
        for p in exc.problems
    ]


def merge(board: MutableMapping[str, Scenario], items: list[tuple[str, Scenario]]) -> list[str]:
    """Add loaded scenarios to the board (a taken name gets a number); the names used."""
    if len(board) + len(items) > MAX_SCENARIOS:
        raise O7InputError(
            Problem(
                f"Zusammen wären es {len(board) + len(items)} Szenarien, höchstens {MAX_SCENARIOS} sind möglich.",
                column="Szenarien",
                expected="zuerst Szenarien löschen",
            )
        )
    return [save(board, name, scenario) for name, scenario in items]
