"""``python -m o7core plan FILE --scenario S --format json`` for every good file (same totals as the
clean file) and for broken ones (exit 2, nothing on stdout, a German message naming the place)."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from o7core.cli import main
from o7core.plan_json import plan_to_dict
from o7core.scenario import plan_scenario, scenario_to_json
from scripts.planning_aid_export import planning_aid_text, planning_aid_xlsx
from tests.conftest import ROOT, SAMPLE_DIR

from .helpers import SAMPLE_SCENARIO, csv_bytes, pdf_bytes, sample_scenario, seed_layout
from .test_formats import _other_jobcenter

GERMAN_MONTHS = ["Jan", "Feb", "März", "Apr", "Mai", "Juni", "Juli", "Aug", "Sept.", "Okt", "Nov", "Dez"]


def _plan_json(capsys, *args: str) -> dict:
    code = main(["plan", *args, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def _windows_export(scenario) -> bytes:
    """What German Excel saves as "CSV (Trennzeichen-getrennt)": cp1252, `;`, month names, dotted thousands."""
    rows = [["Monat", "Anrufe", "Anrufwiederholungen", "Weiterleitungen", "Gespräche"]]
    for m in scenario.months:
        rows.append(
            [f"{GERMAN_MONTHS[m.month.month - 1]} {m.month.year}"]
            + [f"{round(v):,}".replace(",", ".") for v in (m.calls, m.repeat_calls, m.forwarded_calls, m.conversations)]
        )
    return csv_bytes(rows, encoding="cp1252")


def test_every_good_form_of_the_sample_gives_the_same_plan(tmp_path, capsys):
    scenario = sample_scenario()
    files = {
        "clean.csv": (SAMPLE_DIR / "goeppingen_2021_2022.csv").read_bytes(),
        "vorlage.xlsx": (SAMPLE_DIR / "goeppingen_2021_2022.xlsx").read_bytes(),
        "planungshilfe.xlsx": (SAMPLE_DIR / "planungshilfe_goeppingen.xlsx").read_bytes(),
        "planungshilfe.txt": planning_aid_text(scenario),
        "planungshilfe_wie_gedruckt.txt": seed_layout(scenario),
        "export_windows.csv": _windows_export(scenario),
    }
    plans = {}
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
        plans[name] = _plan_json(capsys, str(tmp_path / name), "--scenario", str(SAMPLE_SCENARIO))
    clean = plans.pop("clean.csv")
    assert clean["totals"]["planned_calls"] == pytest.approx(84_950)
    for name, plan in plans.items():
        assert plan == clean, name


def test_planning_aid_of_another_jobcenter_with_its_own_scenario(tmp_path, capsys):
    other = _other_jobcenter()
    (tmp_path / "ph.xlsx").write_bytes(planning_aid_xlsx(other))
    (tmp_path / "s.json").write_text(scenario_to_json(replace(other, months=())), encoding="utf-8")
    plan = _plan_json(capsys, str(tmp_path / "ph.xlsx"), "--scenario", str(tmp_path / "s.json"))
    assert plan == json.loads(json.dumps(plan_to_dict(plan_scenario(other))))


def test_without_scenario_the_planning_aids_own_defaults_apply(tmp_path, capsys):
    other = _other_jobcenter()
    (tmp_path / "ph.xlsx").write_bytes(planning_aid_xlsx(other))
    own = _plan_json(capsys, str(tmp_path / "ph.xlsx"))
    assert own["totals"]["planned_calls"] == pytest.approx(plan_scenario(other).totals.planned_calls)


def test_with_scenario_everything_but_the_months_comes_from_the_scenario(tmp_path, capsys):
    other = _other_jobcenter()  # its file says: forwarded calls 50 %, repeat calls 80 %, target 62 %
    (tmp_path / "ph.xlsx").write_bytes(planning_aid_xlsx(other))
    plan = _plan_json(capsys, str(tmp_path / "ph.xlsx"), "--scenario", str(SAMPLE_SCENARIO))
    expected = plan_scenario(replace(sample_scenario(), months=other.months))
    assert plan["totals"]["planned_calls"] == pytest.approx(expected.totals.planned_calls)
    assert plan["totals"]["required_conversations"] == pytest.approx(expected.totals.required_conversations)


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o7core", "plan", *args, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )


def _bad_counts() -> bytes:
    return csv_bytes([["Monat", "Anrufe"], ["2021-09", "7.672"], ["2021-10", "ca. 500"]])


def _bomb() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"0" * (70 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("anrufe.csv", _bad_counts, ["Zeile 3", "Anrufe (Spalte B)", "ca. 500", "ganze Zahl"]),
        ("daten.xlsx", pdf_bytes, ["daten.xlsx", "PDF-Dokument"]),
        ("bombe.xlsx", _bomb, ["bombe.xlsx", "ZIP-Bombe"]),
        ("leer.csv", lambda: b"", ["leer.csv", "leer"]),
    ],
)
def test_broken_files_exit_2_with_a_german_message_and_nothing_on_stdout(tmp_path, name, make, expected):
    (tmp_path / name).write_bytes(make())
    done = _run(str(tmp_path / name), "--scenario", str(SAMPLE_SCENARIO))
    assert done.returncode == 2
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    for text in expected:
        assert text in done.stderr


def test_a_200_mb_file_is_refused_by_its_size(tmp_path):
    big = tmp_path / "gross.csv"
    with big.open("wb") as fh:
        fh.write(b"Monat;Anrufe\n")
        fh.truncate(200 * 1024 * 1024)  # sparse: the test does not write 200 MB either
    done = _run(str(big))
    assert done.returncode == 2 and done.stdout == ""
    assert "200 MB" in done.stderr and "gross.csv" in done.stderr


def test_broken_scenario_and_broken_data_are_reported_together(tmp_path, capsys):
    (tmp_path / "anrufe.csv").write_bytes(_bad_counts())
    (tmp_path / "s.json").write_text('{"format": "o7-scenario", "version": 7}', encoding="utf-8")
    code = main(["plan", str(tmp_path / "anrufe.csv"), "--scenario", str(tmp_path / "s.json"), "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "anrufe.csv" in err and "s.json" in err and "Version" in err


def test_warnings_go_to_stderr_and_the_plan_still_to_stdout(tmp_path, capsys):
    scenario = sample_scenario()
    (tmp_path / "ph.txt").write_bytes(seed_layout(scenario, calls_total=1))
    plan = _plan_json(capsys, str(tmp_path / "ph.txt"), "--scenario", str(SAMPLE_SCENARIO))
    assert plan["totals"]["planned_calls"] == pytest.approx(84_950)
    main(["plan", str(tmp_path / "ph.txt"), "--format", "json"])
    _, err = capsys.readouterr()
    assert "Hinweis" in err and "weicht von der Summe der Monate" in err
