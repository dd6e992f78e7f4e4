"""A seeded fuzzing suite: mutated variants of every sample file through every reader and every CLI command.

Bounded for CI (a fixed seed, a fixed number of mutants per file; well under a minute on 2 cores). Properties:
never an exception other than the German refusal, never a Python exception class in a message, never more than
the budget (every read goes through ``o7core.formats.source``), and a *neutral* mutation (line endings, a BOM,
blank lines, column order) that the CLI accepts gives exactly the clean file's figures.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from o7app.board import collection_from_bytes
from o7core import cli
from o7core.check import check_xlsx
from o7core.errors import O7InputError
from o7core.importing import read_data_file, read_price_file
from o7core.region import read_region_files
from o7core.sc_report import read_sc_report
from o7core.scenario import scenario_from_bytes
from tests.conftest import SAMPLE_DIR

SEED = 21
MUTANTS_PER_FILE = 14
SAMPLES = sorted(p.name for p in SAMPLE_DIR.iterdir() if p.suffix in (".csv", ".xlsx", ".json"))
NUMBER = re.compile(rb"(?<![\w.])\d+(?:[.,]\d+)?(?![\w.])")


# --------------------------------------------------------------------------- mutators (bytes -> bytes)


def flip(raw: bytes, rng: random.Random) -> bytes:
    data = bytearray(raw)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(data))
        data[i] ^= 1 << rng.randrange(8)
    return bytes(data)


def truncate(raw: bytes, rng: random.Random) -> bytes:
    return raw[: rng.randrange(1, len(raw))]


def nul(raw: bytes, rng: random.Random) -> bytes:
    i = rng.randrange(len(raw))
    return raw[:i] + b"\x00" * rng.randint(1, 4) + raw[i:]


def long_line(raw: bytes, rng: random.Random) -> bytes:
    i = raw.find(b"\n")
    return raw[: max(i, 0)] + b";" + b"x" * rng.choice((20_000, 140_000)) + raw[max(i, 0) :]


def _number(raw: bytes, rng: random.Random, text: bytes) -> bytes:
    hits = list(NUMBER.finditer(raw))
    if not hits:
        return raw + text
    m = rng.choice(hits)
    return raw[: m.start()] + text + raw[m.end() :]


def huge(raw: bytes, rng: random.Random) -> bytes:
    return _number(raw, rng, rng.choice((b"1e308", b"1e30", b"9" * 401, b"-1", b"5e-324", b"1e999999999")))


def nan(raw: bytes, rng: random.Random) -> bytes:
    return _number(raw, rng, rng.choice((b"NaN", b"Infinity", b"-Infinity", b"nan", b"inf")))


def serial_date(raw: bytes, rng: random.Random) -> bytes:
    return re.sub(rb"20\d\d-\d\d", b"44440", raw, count=1)


def reorder_months(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.splitlines(keepends=True)
    if len(lines) < 4:
        return raw
    body = lines[1:]
    rng.shuffle(body)
    return lines[0] + b"".join(body)


def many_months(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.splitlines(keepends=True)
    if len(lines) < 3:
        return raw
    extra = [re.sub(rb"20(\d\d)-(\d\d)", b"19%02d-01" % (i % 100), lines[1]) for i in range(30)]
    return b"".join(lines + extra)


def drop_column(raw: bytes, rng: random.Random) -> bytes:
    lines = raw.splitlines()
    if not lines or b";" not in lines[0]:
        return raw
    k = rng.randrange(lines[0].count(b";") + 1)
    return b"\n".join(b";".join(c for j, c in enumerate(ln.split(b";")) if j != k) for ln in lines) + b"\n"


def dup_key(raw: bytes, rng: random.Random) -> bytes:
    return raw.replace(b'"version": 1', b'"version": 1, "version": 1', 1) if raw.lstrip()[:1] == b"{" else raw


def wrong_type(raw: bytes, rng: random.Random) -> bytes:
    if raw.lstrip()[:1] != b"{":
        return raw
    data = json.loads(raw)
    key = rng.choice(sorted(data))
    data[key] = rng.choice(([], {}, "x", 1e308, None, True, [[[]]]))
    return json.dumps(data).encode()


def merged(raw: bytes, rng: random.Random) -> bytes:
    if raw[:2] != b"PK":
        return raw
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(raw))
    ws = wb.worksheets[0]
    ws.merge_cells("A2:B3")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


MUTATORS: list[Callable[[bytes, random.Random], bytes]] = [
    flip, truncate, nul, long_line, huge, nan, serial_date, reorder_months, many_months, drop_column, dup_key,
    wrong_type, merged,
]  # fmt: skip


# neutral mutations of a text file: a reader that accepts them must give the clean file's figures
def cr_only(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r")


def crlf(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def bom(raw: bytes) -> bytes:
    return b"\xef\xbb\xbf" + raw


def blank_lines(raw: bytes) -> bytes:
    return raw + b"\n\n\n"


NEUTRAL = [cr_only, crlf, bom, blank_lines]


# --------------------------------------------------------------------------- readers and CLI


READERS: dict[str, Callable[[bytes], object]] = {
    "Datenvorlage": lambda raw: read_data_file(raw, "f"),
    "Monatsbericht": lambda raw: read_sc_report(raw, "f"),
    "Region": lambda raw: read_region_files([("f", raw)]),
    "Preisblatt": lambda raw: read_price_file(raw, "f"),
    "Szenario": lambda raw: scenario_from_bytes(raw, "f"),
    "Kosten-Szenarien": lambda raw: collection_from_bytes(raw, "f"),
    "Anlage prüfen": lambda raw: check_xlsx(raw, "f.xlsx"),
}


def _messages(call: Callable[[], object]) -> str:
    try:
        result = call()
    except O7InputError as exc:
        return "\n".join(map(str, exc.problems))
    return "\n".join(map(str, getattr(result, "problems", ())))


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return code, out.getvalue(), err.getvalue()


def _commands(path: Path) -> list[list[str]]:
    scenario = str(SAMPLE_DIR / "goeppingen_scenario.json")
    return [
        ["plan", str(path), "--format", "json"],
        ["kennzahlen", str(path), "--format", "json"],
        ["check", str(path), "--format", "json"],
        ["plan", scenario, "--scenario", str(path), "--format", "json"],
    ]


def _assert_german(text: str) -> None:
    assert "Traceback" not in text
    assert not re.search(r"\b[A-Z]\w*(Error|Exception)\b", text), text


@pytest.mark.parametrize("sample", SAMPLES)
def test_mutants_never_raise_and_never_name_an_exception_class(sample: str, tmp_path: Path) -> None:
    clean = (SAMPLE_DIR / sample).read_bytes()
    rng = random.Random(f"{SEED}-{sample}")
    for n in range(MUTANTS_PER_FILE):
        mutator = MUTATORS[n % len(MUTATORS)] if n < len(MUTATORS) else rng.choice(MUTATORS)
        raw = mutator(clean, rng)
        for reader in READERS.values():
            text = _messages(lambda raw=raw, reader=reader: reader(raw))
            _assert_german(text)
        path = tmp_path / f"mutant{Path(sample).suffix}"
        path.write_bytes(raw)
        for argv in _commands(path):
            code, out, err = _cli(*argv)
            assert code in (0, 1, 2), (mutator.__name__, argv, code)
            _assert_german(err)
            if code == 2:
                assert out == "", (mutator.__name__, argv)


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.endswith(".csv")])
@pytest.mark.parametrize("mutation", NEUTRAL, ids=lambda f: f.__name__)
def test_neutral_mutations_give_the_clean_figures_or_a_refusal(sample: str, mutation, tmp_path: Path) -> None:
    clean_path = SAMPLE_DIR / sample
    mutant = tmp_path / sample
    mutant.write_bytes(mutation(clean_path.read_bytes()))
    for argv_clean, argv_mut in zip(_commands(clean_path), _commands(mutant), strict=True):
        code_clean, out_clean, _ = _cli(*argv_clean)
        code_mut, out_mut, err = _cli(*argv_mut)
        _assert_german(err)
        if code_mut == 0:
            assert code_clean == 0 and out_mut == out_clean, (mutation.__name__, argv_mut)
