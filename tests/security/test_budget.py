"""One budget for every reader: the catalogue of hostile files is refused by the limit it attacks, in German,
by every reader and every CLI command, and far below the 10 s / 500 MB the issue allows (measured by
``scripts/angriffe.py``, figures in ``docs/sicherheit.md``; no timed assertions here)."""

from __future__ import annotations

import contextlib
import io
import json
import resource
import subprocess
import sys
from dataclasses import replace

import pytest

from o7app.board import collection_from_bytes
from o7core import cli
from o7core.check import check_xlsx
from o7core.errors import O7InputError, Problem
from o7core.formats import source
from o7core.formats.source import LIMIT_NAMES, LIMITS, Limits, xlsx_tables
from o7core.importing import read_data_file, read_price_file
from o7core.region import read_region_files
from o7core.sc_report import read_sc_report
from o7core.scenario import scenario_from_bytes
from tests.conftest import ROOT, SAMPLE_DIR
from tests.security import attacks

XLSX = {k: v for k, v in attacks.CATALOGUE.items() if v[2] == ".xlsx"}
TEXT = {k: v for k, v in attacks.CATALOGUE.items() if v[2] == ".csv"}
JSONS = {k: v for k, v in attacks.CATALOGUE.items() if v[2] == ".json"}
_CACHE: dict[str, bytes] = {}


def _raw(name: str) -> bytes:
    if name not in _CACHE:
        _CACHE[name] = attacks.CATALOGUE[name][0]()
    return _CACHE[name]


def _problems(call) -> tuple[Problem, ...]:
    """The problems a reader reports, whether it returns them or raises them; never any other exception."""
    try:
        result = call()
    except O7InputError as exc:
        return exc.problems
    return tuple(p for p in getattr(result, "problems", ()) if p.is_error)


def _assert_refused_by(problems: tuple[Problem, ...], limit: str) -> None:
    assert problems, "the hostile file was accepted"
    text = " ".join(str(p) for p in problems)
    assert "Error" not in text and "Exception" not in text, text
    if limit:  # on a busy machine the time budget may stop a slow read first: also the right refusal
        assert f"„{LIMIT_NAMES[limit][0]}“" in text or "„Lesezeit“" in text, text


def _readers_for(suffix: str):
    common = {
        "Datenvorlage": lambda raw: read_data_file(raw, "angriff" + suffix),
        "Monatsbericht": lambda raw: read_sc_report(raw, "angriff" + suffix),
        "Region": lambda raw: read_region_files([("angriff" + suffix, raw)]),
        "Preisblatt": lambda raw: read_price_file(raw, "angriff" + suffix),
    }
    if suffix == ".xlsx":
        common["Anlage prüfen"] = lambda raw: check_xlsx(raw, "angriff.xlsx")
    if suffix == ".json":
        common = {
            "Datenvorlage": common["Datenvorlage"],
            "Preisblatt": common["Preisblatt"],
            "Szenario": lambda raw: scenario_from_bytes(raw, "angriff.json"),
            "Kosten-Szenarien": lambda raw: collection_from_bytes(raw, "angriff.json"),
        }
    return common


@pytest.mark.parametrize("name", list(XLSX))
@pytest.mark.parametrize("reader", list(_readers_for(".xlsx")))
def test_every_xlsx_reader_refuses_each_attack_by_its_limit(name: str, reader: str) -> None:
    limit = attacks.CATALOGUE[name][1]
    if reader == "Anlage prüfen" and limit in ("rows", "columns", "cells"):
        limit = ""  # it reads only the window of 400 rows × 40 columns the appendix uses: refused for its content
    problems = _problems(lambda: _readers_for(".xlsx")[reader](_raw(name)))
    if not limit:  # within every limit: refused for its content, not for its size
        assert problems and "Error" not in " ".join(map(str, problems))
        return
    _assert_refused_by(problems, limit)


@pytest.mark.parametrize("name", list(TEXT))
@pytest.mark.parametrize("reader", ["Datenvorlage", "Monatsbericht", "Region", "Preisblatt"])
def test_every_text_reader_refuses_each_attack_by_its_limit(name: str, reader: str) -> None:
    problems = _problems(lambda: _readers_for(".csv")[reader](_raw(name)))
    _assert_refused_by(problems, attacks.CATALOGUE[name][1])


@pytest.mark.parametrize("name", list(JSONS))
@pytest.mark.parametrize("reader", ["Datenvorlage", "Preisblatt", "Szenario", "Kosten-Szenarien"])
def test_every_json_reader_refuses_each_attack_by_its_limit(name: str, reader: str) -> None:
    problems = _problems(lambda: _readers_for(".json")[reader](_raw(name)))
    _assert_refused_by(problems, attacks.CATALOGUE[name][1])


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", ["plan", "check", "kennzahlen", "anlage"])
@pytest.mark.parametrize("name", ["2.000 Blätter, je ein Teil", "2.000 Blätter auf einem Teil"])
def test_two_thousand_sheets_end_every_command_with_exit_2_and_a_german_message(tmp_path, command, name) -> None:
    path = tmp_path / "blaetter.xlsx"
    path.write_bytes(_raw(name))
    extra = ["--out", str(tmp_path / "a.pdf")] if command == "anlage" else []
    code, out, err = _cli(command, str(path), *extra)
    assert code == 2 and out == ""
    assert "blaetter.xlsx" in err and "Grenze" in err and "erlaubt sind höchstens" in err, err
    assert "Error" not in err and "Traceback" not in err


def test_the_two_thousand_sheet_file_stays_far_below_500_mb_in_a_fresh_process(tmp_path) -> None:
    """Peak memory (max RSS) of each CLI command on the issue's file, in a process of its own."""
    path = tmp_path / "blaetter.xlsx"
    path.write_bytes(_raw("2.000 Blätter, je ein Teil"))
    for command in ("plan", "check", "kennzahlen"):
        code = (
            # VmHWM is this process's own peak; ru_maxrss would carry over the (large) pytest parent's
            # peak across fork and exec
            "import re, sys; from o7core import cli\n"
            f"rc = cli.main([{command!r}, {str(path)!r}])\n"
            "status = open('/proc/self/status').read()\n"
            "print(re.search(r'VmHWM:\\s+(\\d+)', status).group(1), file=sys.stderr); sys.exit(rc)"
        )
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
        assert done.returncode == 2, done.stderr
        peak_kb = int(done.stderr.strip().splitlines()[-1])
        assert peak_kb < 500 * 1024, (command, peak_kb)
        assert "Grenze" in done.stderr


def test_the_sample_files_are_far_inside_every_limit() -> None:
    for path in sorted(SAMPLE_DIR.iterdir()):
        raw = path.read_bytes()
        if path.suffix == ".xlsx":
            tables = xlsx_tables(raw)
            assert tables and all(len(t.rows) < LIMITS.rows for t in tables)


def _tiny(**changes) -> Limits:
    return replace(LIMITS, **changes)


@pytest.mark.parametrize(
    ("limit", "value"),
    [
        ("sheets", 1),
        ("rows", 5),
        ("columns", 3),
        ("cells", 10),
        ("field_chars", 3),
        ("seconds", 0.0),
        ("entries", 5),
        ("unpacked_bytes", 1000),
        ("part_bytes", 500),
        ("styles_bytes", 100),
    ],
)
def test_each_xlsx_limit_stops_the_read_at_its_figure(limit: str, value: float) -> None:
    """The sample planning data hold 13 rows × 5 columns on two sheets: each limit set below it refuses them."""
    raw = (SAMPLE_DIR / "goeppingen_2021_2022.xlsx").read_bytes()
    with pytest.raises(O7InputError) as info:
        if limit == "seconds":
            budget = source.Budget(_tiny(seconds=value))
            budget.deadline -= 1  # already past: the first check refuses
            wb = source.open_workbook(raw)
            source.sheet_rows(wb.worksheets[0], budget)
        else:
            xlsx_tables(raw, limits=_tiny(**{limit: value}))
    message = str(info.value)
    assert f"„{LIMIT_NAMES[limit][0]}“" in message and "erlaubt sind höchstens" in message, message


def test_the_limits_let_the_sample_through_with_one_step_of_room() -> None:
    raw = (SAMPLE_DIR / "goeppingen_2021_2022.xlsx").read_bytes()
    tables = {t.name: t for t in xlsx_tables(raw)}
    rows = max(len(t.rows) for t in tables.values())
    cols = max(len(r) for t in tables.values() for r in t.rows)
    xlsx_tables(raw, limits=_tiny(rows=rows, columns=cols))  # exactly at the limit: accepted
    with pytest.raises(O7InputError, match="Anzahl der Zeilen"):
        xlsx_tables(raw, limits=_tiny(rows=rows - 1, columns=cols))
    with pytest.raises(O7InputError, match="Anzahl der Spalten"):
        xlsx_tables(raw, limits=_tiny(rows=rows, columns=cols - 1))


@pytest.mark.parametrize(
    ("text", "limits", "limit"),
    [
        ("a;b\n" * 10, _tiny(rows=5), "rows"),
        ("a;b;c;d\n", _tiny(columns=3), "columns"),
        ("abcd;b\n", _tiny(field_chars=3), "field_chars"),
    ],
)
def test_each_text_limit_stops_the_read(text: str, limits: Limits, limit: str) -> None:
    with pytest.raises(O7InputError, match=LIMIT_NAMES[limit][0]):
        source.text_table(text, limits)


def test_blank_lines_past_the_row_limit_do_not_count() -> None:
    table, _ = source.text_table("a;b\n" * 5 + "\n" * 50, _tiny(rows=5))
    assert len(table.rows) == 5


def test_cr_only_line_endings_are_lines() -> None:
    """Excel for Mac writes CSV with CR only."""
    table, delimiter = source.text_table("Monat;Anrufe\r2021-09;7672\r2021-10;7010\r")
    assert delimiter == ";" and table.rows == (("Monat", "Anrufe"), ("2021-09", "7672"), ("2021-10", "7010"))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('{"a": 1, "a": 2}', "zweimal"),
        ('{"a": NaN}', "NaN"),
        ('{"a": Infinity}', "Infinity"),
        ('{"a": 1e999}', "zu groß"),
        ("[" * 41 + "]" * 41, "Verschachtelungstiefe"),
        ('{"a": 1', "kein gültiges JSON"),
    ],
)
def test_json_is_read_within_the_budget(text: str, needle: str) -> None:
    with pytest.raises(O7InputError, match=needle) as info:
        source.load_json(text, expected="eine JSON-Datei")
    assert "Error" not in str(info.value)


def test_json_at_the_depth_limit_is_read() -> None:
    assert source.load_json("[" * 40 + "]" * 40, expected="x") == [
        [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]
    ]


def test_every_limit_has_a_german_name_and_one_message() -> None:
    fields = set(Limits.__dataclass_fields__)
    assert fields == set(LIMIT_NAMES)
    for name in fields:
        message = str(source.over_limit(name, getattr(LIMITS, name) * 2))
        assert LIMIT_NAMES[name][0] in message and "erlaubt sind höchstens" in message


def test_the_scenario_json_of_the_sample_is_inside_the_budget() -> None:
    data = source.load_json((SAMPLE_DIR / "goeppingen_scenario.json").read_bytes(), expected="x")
    assert data == json.loads((SAMPLE_DIR / "goeppingen_scenario.json").read_text(encoding="utf-8"))
    assert resource  # imported for the subprocess check above
