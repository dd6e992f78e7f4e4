"""``python -m o7core kennzahlen``: the Kennzahlen on the command line."""

from __future__ import annotations

import json

import pytest

from o7core.cli import main


def test_json_with_scenario_and_stand(sample_dir, capsys):
    code = main(
        [
            "kennzahlen",
            str(sample_dir / "sc_berichte_2023.csv"),
            "--scenario",
            str(sample_dir / "goeppingen_scenario.json"),
            "--as-of",
            "2023-03",
            "--format",
            "json",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    assert [m["month"] for m in data["months"]] == ["2023-01", "2023-02", "2023-03"]
    jan = data["months"][0]
    assert jan["reachability"] == pytest.approx(4978 / 6457)
    assert jan["hours_used"] == pytest.approx(4978 * (8 * 60 + 23 + 62) / 3600)
    assert data["totals"]["forecast"]["months_planned"] == 9
    assert data["totals"]["contracted_hours_year"] == pytest.approx(7602.7)


def test_table_shows_german_figures_and_status(sample_dir, capsys):
    assert main(["kennzahlen", str(sample_dir / "sc_berichte_2023.csv")]) == 0
    out = capsys.readouterr().out
    assert "Jan 2023" in out and "6.457" in out and "77,1\u00a0%" in out
    assert "Erreichbarkeit bisher" in out and "Fallabschlussquote bisher" in out


def test_bad_report_exits_2_with_row_and_column(tmp_path, capsys):
    bad = tmp_path / "bericht.csv"
    bad.write_text("Monat;Anrufe;Gespräche\n01/2023;100;150\n", encoding="utf-8")
    assert main(["kennzahlen", str(bad)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "Zeile 2" in captured.err and "Gespräche" in captured.err


def test_bad_target_exits_2(sample_dir, capsys):
    with pytest.raises(SystemExit) as info:  # refused by the argument parser, as ``plan --target`` is
        main(["kennzahlen", str(sample_dir / "sc_berichte_2023.csv"), "--target", "1.5"])
    assert info.value.code == 2
    assert "Ziel-Erreichbarkeit" in capsys.readouterr().err
