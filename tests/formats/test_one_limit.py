"""One limit for uploads in every message: every reader refuses an over-limit file naming the same figure.

The figure is the one of ``o7core.formats.source.LIMITS.file_bytes``; Streamlit's own upload limit
(``.streamlit/config.toml`` ``server.maxUploadSize``) and the caption beside every uploader say the same.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from collections.abc import Callable

import pytest

from o7app.board import collection_from_bytes
from o7core.check import check_bytes, check_xlsx
from o7core.errors import O7InputError, Problem
from o7core.formats.source import LIMITS, MB
from o7core.importing import read_data_file, read_price_file
from o7core.intraday import read_profile
from o7core.region import read_region_files
from o7core.sc_report import read_sc_report
from o7core.scenario import load_scenario, scenario_from_bytes
from tests.conftest import ROOT

LIMIT_MB = f"{LIMITS.file_bytes // MB} MB"
#: every figure in MB that a message names ("20 MB", "20,5 MB", "200 MB")
MB_FIGURE = re.compile(r"\d[\d.,]*\s?MB")


def _over(head: bytes = b"Monat;Anrufe\n") -> bytes:
    return head + b"1" * (LIMITS.file_bytes + 1 - len(head))


def _raised(read: Callable[[], object]) -> tuple[Problem, ...]:
    with pytest.raises(O7InputError) as info:
        read()
    return info.value.problems


READERS: dict[str, Callable[[], tuple[Problem, ...]]] = {
    "Datenvorlage": lambda: read_data_file(_over(), "gross.csv").problems,
    "Preisblatt": lambda: _raised(lambda: read_price_file(_over(), "gross.csv")),
    "Monatsbericht": lambda: read_sc_report(_over(), "gross.csv").problems,
    "Intervallbericht": lambda: _raised(lambda: read_profile(_over(), "gross.csv")),
    "Anlage (Datei)": lambda: _raised(lambda: check_bytes(_over(), "gross.csv")),
    "Anlage (XLSX)": lambda: _raised(lambda: check_xlsx(_over(b"PK\x03\x04"), "gross.xlsx")),
    "Region": lambda: read_region_files([("gross.csv", _over())]).problems,
    "Szenariensammlung": lambda: _raised(lambda: collection_from_bytes(_over(b"{"), "gross.json")),
    "Szenariodatei": lambda: _raised(lambda: scenario_from_bytes(_over(b"{"), "gross.json")),
}


def _size_messages(problems: tuple[Problem, ...]) -> list[str]:
    return [f"{p.message} {p.expected or ''}" for p in problems if p.is_error]


@pytest.mark.parametrize("reader", list(READERS))
def test_every_reader_names_the_one_limit_for_an_over_limit_file(reader):
    messages = _size_messages(READERS[reader]())
    assert messages, f"{reader}: no refusal"
    figures = {f for m in messages for f in MB_FIGURE.findall(m)}
    assert LIMIT_MB in figures, (reader, messages)
    assert figures <= {LIMIT_MB}, (reader, messages)  # no second limit (2/50/60 MB) anywhere


def test_all_readers_name_the_same_limit():
    figures = {f for read in READERS.values() for m in _size_messages(read()) for f in MB_FIGURE.findall(m)}
    assert figures == {LIMIT_MB}


def test_a_scenario_file_on_disk_and_the_command_line_name_the_same_limit(tmp_path):
    big = tmp_path / "gross.json"
    with big.open("wb") as fh:
        fh.write(b"{")
        fh.truncate(LIMITS.file_bytes + MB)  # sparse: nothing of it is written
    problems = _raised(lambda: load_scenario(big))
    assert f"bis {LIMIT_MB}" in problems[0].expected
    done = subprocess.run(
        [sys.executable, "-m", "o7core", "plan", str(big), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert f"erlaubt sind höchstens {LIMIT_MB}" in done.stderr


def test_streamlit_upload_limit_and_the_uploader_caption_are_the_same_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * MB == LIMITS.file_bytes
    from o7app.text import upload_limit_caption

    shown: list[str] = []

    class Where:
        def caption(self, text: str) -> None:
            shown.append(text)

    upload_limit_caption(Where())
    assert set(MB_FIGURE.findall(shown[0])) == {LIMIT_MB, f"{LIMITS.file_bytes // MB}.0MB"}
