"""Uploads are read in a capped worker process (o7app/upload_worker.py): same results, German refusals.

The readers here are module-level functions, so that the worker (forked from the forkserver) finds them
by name. No timed assertions: the caps are set small and the test checks which refusal comes back.
"""

from __future__ import annotations

import os
import time

import pytest

from o7app import upload_worker
from o7core.errors import O7InputError, Problem
from o7core.importing import ImportResult, read_data_file, read_price_file
from o7core.sc_report import read_sc_report
from tests.conftest import ROOT
from tests.security import attacks

SAMPLES = ROOT / "sample_data"

pytestmark = pytest.mark.skipif(not upload_worker.enabled(), reason="no forkserver/resource on this platform")


def sleeps_forever(raw: bytes, filename: str) -> None:
    while True:
        time.sleep(0.05)


def takes_memory(raw: bytes, filename: str) -> int:
    chunks = [bytearray(64 * 1024 * 1024) for _ in range(64)]  # 4 GB, far above the cap of the test
    return len(chunks)


def dies(raw: bytes, filename: str) -> None:
    os._exit(3)


def refuses(raw: bytes, filename: str) -> None:
    raise O7InputError(Problem("Die Spalte „Monat“ fehlt.", file=filename, row=1, column="Monat"))


def breaks(raw: bytes, filename: str) -> None:
    raise ZeroDivisionError("kaputt")


def process_id() -> int:
    return os.getpid()


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.iterdir()))
def test_every_sample_file_reads_the_same_in_the_worker(name: str) -> None:
    raw = (SAMPLES / name).read_bytes()
    assert upload_worker.read(read_data_file, raw, name, filename=name) == read_data_file(raw, name)
    assert upload_worker.read(read_sc_report, raw, name, filename=name) == read_sc_report(raw, name)


def test_the_read_runs_in_another_process() -> None:
    assert upload_worker.read(process_id, filename="x") != os.getpid()


def test_a_read_problem_travels_with_file_row_and_column() -> None:
    with pytest.raises(O7InputError) as caught:
        upload_worker.read(refuses, b"", "monate.csv", filename="monate.csv")
    (problem,) = caught.value.problems
    assert problem == Problem("Die Spalte „Monat“ fehlt.", file="monate.csv", row=1, column="Monat")
    raw = b"Vertragsjahr;Laufzeit;Euro je BG;Euro je Stunde\n2023;1;1e999999999;49,20\n"
    with pytest.raises(O7InputError) as in_process:
        read_price_file(raw, "preise.csv")
    with pytest.raises(O7InputError) as in_worker:
        upload_worker.read(read_price_file, raw, "preise.csv", filename="preise.csv")
    assert in_worker.value.problems == in_process.value.problems


def test_a_read_that_never_ends_is_stopped_with_a_german_message() -> None:
    with pytest.raises(O7InputError) as caught:
        upload_worker.read(sleeps_forever, b"x", "endlos.xlsx", filename="endlos.xlsx", seconds=0.5)
    (problem,) = caught.value.problems
    assert problem.file == "endlos.xlsx"
    assert problem.message.startswith("Die Datei konnte nicht in der erlaubten Zeit von 10 Sekunden gelesen werden")
    assert "Die bisher geladenen Daten bleiben erhalten." in problem.message
    # the slot is free again: the next upload is read
    assert upload_worker.read(process_id, filename="x") != os.getpid()


def test_a_read_that_takes_too_much_memory_is_stopped_and_the_server_keeps_its_memory() -> None:
    with pytest.raises(O7InputError) as caught:
        upload_worker.read(takes_memory, b"x", "gross.xlsx", filename="gross.xlsx", memory=200 * 1024 * 1024)
    (problem,) = caught.value.problems
    assert problem.message.startswith("Die Datei konnte nicht mit dem erlaubten Speicher von 512 MB gelesen werden")
    assert problem.expected and "kleinere Datei" in problem.expected


def test_a_worker_that_dies_gives_a_german_message_not_an_exception() -> None:
    with pytest.raises(O7InputError) as caught:
        upload_worker.read(dies, b"x", "a.csv", filename="a.csv")
    assert "das Lesen brach unerwartet ab" in caught.value.problems[0].message


def test_an_unexpected_exception_of_a_reader_reaches_the_page_guard_unchanged() -> None:
    with pytest.raises(ZeroDivisionError, match="kaputt"):
        upload_worker.read(breaks, b"x", "a.csv", filename="a.csv")


def test_a_reader_with_problems_in_its_result_gets_the_refusal_as_its_result() -> None:
    result = upload_worker.read(
        sleeps_forever,
        b"x",
        "endlos.csv",
        filename="endlos.csv",
        seconds=0.3,
        on_refusal=lambda p: ImportResult("endlos.csv", "unknown", problems=p),
    )
    assert not result.ok and result.errors[0].file == "endlos.csv"
    assert "erlaubten Zeit" in result.errors[0].message


@pytest.mark.parametrize("label", list(attacks.CATALOGUE))
def test_every_file_of_the_catalogue_is_refused_by_its_budget_inside_the_worker(label: str) -> None:
    """The readers' own budget refuses first (with the limit and the file's value); the caps are the backstop."""
    build, _limit, suffix = attacks.CATALOGUE[label]
    name = "angriff" + suffix
    result = upload_worker.read(read_data_file, build(), name, filename=name)
    assert not result.ok and result.errors[0].file == name
    assert not any("erlaubten Zeit" in p.message or "erlaubten Speicher" in p.message for p in result.errors)


def test_without_the_worker_the_read_runs_in_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("O7_UPLOAD_WORKER", "0")
    assert upload_worker.read(process_id, filename="x") == os.getpid()
