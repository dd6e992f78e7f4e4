"""``python -m o7core anlage`` and ``check``: files, exit codes 0/1/2, nothing on stdout on bad input."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from o7core import cli
from tests.appendix.conftest import cost_col, edit, find_row
from tests.appendix.test_sources import SEED_APPENDIX_TEXT
from tests.conftest import ROOT, SAMPLE_DIR

SCENARIO = str(SAMPLE_DIR / "goeppingen_scenario.json")


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("anlage")
    xlsx, pdf = folder / "Anlage.xlsx", folder / "Anlage.pdf"
    assert cli.main(["anlage", SCENARIO, "--out", str(xlsx)]) == 0
    assert cli.main(["anlage", SCENARIO, "--scenario", SCENARIO, "--out", str(pdf)]) == 0
    return xlsx, pdf


def test_anlage_writes_xlsx_and_pdf(exported):
    xlsx, pdf = exported
    assert xlsx.read_bytes()[:2] == b"PK"
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_check_clean_export_exits_0(exported, capsys):
    capsys.readouterr()
    assert cli.main(["check", str(exported[0]), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["findings"] == [] and out["checked"] > 30


def test_check_changed_copy_exits_1(exported, tmp_path, capsys):
    def change(ws):
        r, c = find_row(ws, "Laufzeit 1 Jahr"), cost_col(ws, "Gesamt")
        ws.cell(r, c).value = ws.cell(r, c).value + 100

    changed = tmp_path / "geändert.xlsx"
    changed.write_bytes(edit(exported[0].read_bytes(), change))
    capsys.readouterr()
    assert cli.main(["check", str(changed), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [f["field"] for f in out["findings"]] == ["Kosten 1 Jahr – Gesamt"]
    assert out["findings"][0]["difference"] == "100.00"
    assert cli.main(["check", str(changed)]) == 1
    assert "Kosten 1 Jahr – Gesamt" in capsys.readouterr().out


def _main(argv: list[str]) -> int:
    try:
        return cli.main(argv)
    except SystemExit as exc:  # argparse refuses a call before any command runs
        return int(exc.code or 0)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "/nonexistent/anlage.xlsx"],
        ["check", "PNG"],
        ["anlage", SCENARIO, "--out", "anlage.txt"],
        ["anlage", "/nonexistent/daten.csv", "--out", "x.xlsx"],
        ["check"],
    ],
    ids=["missing_file", "png_image", "unknown_format", "missing_data", "no_argument"],
)
def test_bad_input_exits_2_with_german_message(argv, exported, tmp_path, capsys):
    png = tmp_path / "anlage.pdf"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    argv = [str(png) if a == "PNG" else a for a in argv]
    capsys.readouterr()
    code = _main(argv)
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert "Fehler" in err and "Traceback" not in err


def test_module_entry_point(exported):
    run = subprocess.run(
        [sys.executable, "-m", "o7core", "check", str(exported[0]), "--format", "table"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert "Keine Abweichungen" in run.stdout


def test_check_reads_our_pdf(exported, capsys):
    capsys.readouterr()
    assert cli.main(["check", str(exported[1]), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["source"] == "pdf" and out["findings"] == [] and out["consequences"] == []


def test_check_seed_text_json_has_root_causes_and_consequences(tmp_path, capsys):
    seed = tmp_path / "anlage.txt"
    seed.write_text(SEED_APPENDIX_TEXT, encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["check", str(seed), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [f["field"] for f in out["findings"]] == [
        "Baustein 4 – Erfüllungsgrad",
        "Gesamt – VZA",
        "Kosten 2 Jahre – Gesamt",
        "Kosten 3 Jahre – Volumenpreis",
    ]
    assert [(c["field"], c["cause"], c["correct"]) for c in out["consequences"]] == [
        ("Kosten 3 Jahre – Gesamt", "Kosten 3 Jahre – Volumenpreis", "528849.00")
    ]
    assert out["findings"][1]["sentence"].startswith("In Zeile „Gesamt“, Spalte „VZA“ (Textzeile ")
    assert all(f["sentence"].endswith(".") for f in out["findings"])


def test_check_reads_text_from_stdin(monkeypatch, capsys):
    import io

    monkeypatch.setattr(sys, "stdin", io.StringIO(SEED_APPENDIX_TEXT))
    capsys.readouterr()
    assert cli.main(["check", "-"]) == 1
    out = capsys.readouterr().out
    assert "4 Fehler (Ursache)" in out and "Folgefehler" in out
