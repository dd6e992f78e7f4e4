"""``python -m o7core plan``: the JSON of APP.md, the overrides, and bad input (exit 2, German, no traceback)."""

from __future__ import annotations

import copy
import json
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from o7core import working_days
from o7core.month import Month
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data" / "goeppingen_scenario.json"
CSV = ROOT / "sample_data" / "goeppingen_2021_2022.csv"

MONTH_KEYS = {
    "month",
    "working_days",
    "planned_calls",
    "required_conversations",
    "hours_call",
    "hours_callback",
    "hours_mail",
    "hours_total",
    "fte_required",
    "possible_conversations",
    "possible_reachability",
    "jc_conversations",
    "jc_conversations_per_day",
}
TOTAL_KEYS = (MONTH_KEYS - {"month"}) | {"fulfilment_vs_prior_year", "joint_reachability"}
BAUSTEIN_KEYS = {"number", "name", "chosen", "hours", "hours_annualized", "fte", "fulfilment"}
COST_KEYS = {"term_years", "base_price", "volume_price", "total"}
MONEY = re.compile(r"^\d+\.\d{2}$")


def run_cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o7core", "plan", *map(str, args)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )


def plan_json(*args: str | Path) -> dict[str, Any]:
    run = run_cli(*args, "--format", "json")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    return json.loads(run.stdout)


@pytest.fixture(scope="module")
def sample_plan() -> dict[str, Any]:
    return plan_json(SAMPLE)


@pytest.fixture(scope="module")
def sample_dict() -> dict[str, Any]:
    return json.loads(SAMPLE.read_text(encoding="utf-8"))


def write_scenario(tmp_path: Path, data: dict[str, Any], name: str = "szenario.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------- the JSON


def test_plan_json_has_exactly_the_keys_of_app_md(sample_plan: dict[str, Any]) -> None:
    assert set(sample_plan) == {"months", "totals", "bausteine", "hours_total_rounded", "costs"}
    assert len(sample_plan["months"]) == 12
    for month in sample_plan["months"]:
        assert set(month) == MONTH_KEYS
        assert re.fullmatch(r"\d{4}-\d{2}", month["month"])
    assert set(sample_plan["totals"]) == TOTAL_KEYS
    assert [b["number"] for b in sample_plan["bausteine"]] == [1, 2, 3, 4, 5, 6, 7]
    for b in sample_plan["bausteine"]:
        assert set(b) == BAUSTEIN_KEYS
    assert [c["term_years"] for c in sample_plan["costs"]] == [1, 2, 3]
    for c in sample_plan["costs"]:
        assert set(c) == COST_KEYS


def test_money_as_decimal_strings_and_figures_unrounded(sample_plan: dict[str, Any]) -> None:
    for c in sample_plan["costs"]:
        for key in ("base_price", "volume_price", "total"):
            assert isinstance(c[key], str) and MONEY.match(c[key]), c
        assert Decimal(c["base_price"]) + Decimal(c["volume_price"]) == Decimal(c["total"])
    totals = sample_plan["totals"]
    assert isinstance(totals["hours_total"], float)
    assert totals["hours_total"] != round(totals["hours_total"], 1)  # not rounded for display
    assert totals["possible_reachability"] == pytest.approx(0.55)  # a fraction, not percent
    assert sample_plan["hours_total_rounded"] == 7602.7


def test_table_format(sample_plan: dict[str, Any]) -> None:
    run = run_cli(SAMPLE, "--format", "table")
    assert run.returncode == 0, run.stderr
    assert "7.602,7" in run.stdout and "526.919,82" in run.stdout and "Sep 2021" in run.stdout


# --------------------------------------------------------------------------- overrides


@pytest.mark.parametrize("target", ["0.6", "60 %", "0,6"])
def test_target_override(sample_plan: dict[str, Any], target: str) -> None:
    out = plan_json(SAMPLE, "--target", target)
    for got, base in zip(out["months"], sample_plan["months"], strict=True):
        assert got["planned_calls"] == base["planned_calls"]
        assert got["required_conversations"] == pytest.approx(0.6 * base["planned_calls"])
    assert out["totals"]["possible_reachability"] == pytest.approx(0.6)
    assert Decimal(out["costs"][0]["volume_price"]) > Decimal(sample_plan["costs"][0]["volume_price"])


def test_state_override(sample_plan: dict[str, Any]) -> None:
    out = plan_json(SAMPLE, "--state", "BE")
    got = {m["month"]: m["working_days"] for m in out["months"]}
    assert got == {m: working_days(Month.parse(m), "BE") for m in got}
    # Berlin has no Epiphany (Thu 6.1.2022): 21 working days in January 2022 against 20 in BW
    assert got["2022-01"] == 21
    assert out["totals"]["working_days"] != sample_plan["totals"]["working_days"]


def test_data_with_scenario_takes_months_from_data_and_the_rest_from_the_scenario(
    tmp_path: Path, sample_dict: dict[str, Any], sample_plan: dict[str, Any]
) -> None:
    other = copy.deepcopy(sample_dict)
    other["months"] = [{"month": "2020-01", "calls": 100}, {"month": "2020-02", "calls": 200}]
    other["jobcenter"]["state"] = "NW"
    other["bg_count_contract_year"] = 4000
    other["parameters"]["target_reachability"] = 0.6
    other["bausteine"]["3"] = {"chosen": True, "volume_per_year": 1200, "minutes_per_item": 5, "share": 0.5}
    out = plan_json(CSV, "--scenario", write_scenario(tmp_path, other))
    # the months are the CSV's (the golden 09/2021–08/2022), not the scenario's two months of 2020
    assert [m["month"] for m in out["months"]] == [m["month"] for m in sample_plan["months"]]
    assert [m["planned_calls"] for m in out["months"]] == [m["planned_calls"] for m in sample_plan["months"]]
    # everything else from the scenario: target 60 %, NW calendar, B3 50 h, BG 4 000
    assert out["totals"]["required_conversations"] == pytest.approx(0.6 * 84950)
    assert out["months"][4]["working_days"] == working_days(Month(2022, 1), "NW") == 21
    b3 = next(b for b in out["bausteine"] if b["number"] == 3)
    assert b3["chosen"] and b3["hours_annualized"] == pytest.approx(50)
    assert out["costs"][0]["base_price"] == "123840.00"  # 4 000 · 30.96


# --------------------------------------------------------------------------- bad input


def _broken(sample: dict[str, Any], change: str) -> dict[str, Any]:
    data = copy.deepcopy(sample)
    if change == "target":
        data["parameters"]["target_reachability"] = 1.5
    elif change == "negative":
        data["months"][2]["calls"] = -5
    elif change == "state":
        data["jobcenter"]["state"] = "XY"
    elif change == "bg0":
        data["bg_count_contract_year"] = 0
    elif change == "month13":
        data["months"][0]["month"] = "2024-13"
    elif change == "missing_calls":
        del data["months"][5]["calls"]
    elif change == "version":
        data["version"] = 2
    return data


@pytest.mark.parametrize(
    ("change", "needles"),
    [
        ("target", ["parameters.target_reachability", "1.5"]),
        ("negative", ["months[3].calls", "Zeile 3", "negativ"]),
        ("state", ["jobcenter.state", "Unbekanntes Bundesland", "XY"]),
        ("bg0", ["bg_count_contract_year", "Bedarfsgemeinschaften"]),
        ("month13", ["months[1].month", "Zeile 1", "2024-13"]),
        ("missing_calls", ["months[6].calls", "Anrufe fehlen"]),
        ("version", ["version", "nicht unterstützt"]),
    ],
)
def test_broken_scenario_file(tmp_path: Path, sample_dict: dict[str, Any], change: str, needles: list[str]) -> None:
    path = write_scenario(tmp_path, _broken(sample_dict, change), f"kaputt_{change}.json")
    run = run_cli(path, "--format", "json")
    assert_refused(run, [f"kaputt_{change}.json", *needles])


def assert_refused(run: subprocess.CompletedProcess[str], needles: list[str]) -> None:
    assert run.returncode == 2, run.stdout[:200]
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    assert "Fehler" in run.stderr
    for needle in needles:
        assert needle in run.stderr, (needle, run.stderr)


def test_scenario_option_not_json(tmp_path: Path) -> None:
    bad = tmp_path / "szenario.json"
    bad.write_text("das ist { kein JSON", encoding="utf-8")
    assert_refused(
        run_cli(CSV, "--scenario", bad, "--format", "json"), ["szenario.json", "kein gültiges JSON", "Zeile 1"]
    )


def test_data_not_json_nor_a_table(tmp_path: Path) -> None:
    bad = tmp_path / "daten.json"
    bad.write_text("das ist { kein JSON", encoding="utf-8")
    assert_refused(run_cli(bad, "--format", "json"), ["daten.json", "kein gültiges JSON"])


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["--target", "1.5"], ["--target", "1.5", "höchstens 1"]),
        (["--target", "0"], ["--target", "größer als 0"]),
        (["--state", "XX"], ["--state", "Unbekanntes Bundesland"]),
    ],
)
def test_bad_options(args: list[str], needles: list[str]) -> None:
    assert_refused(run_cli(SAMPLE, *args, "--format", "json"), needles)


def test_missing_files(tmp_path: Path) -> None:
    assert_refused(run_cli(tmp_path / "gibtsnicht.csv", "--format", "json"), ["gibtsnicht.csv", "gibt es nicht"])
    assert_refused(
        run_cli(CSV, "--scenario", tmp_path / "fehlt.json", "--format", "json"), ["fehlt.json", "gibt es nicht"]
    )


@pytest.mark.parametrize(
    ("args", "german"),
    [
        (["plan"], "es fehlt: DATA"),
        (["plan", "x.csv", "--format", "xml"], "ungültiger Wert 'xml'"),
        (["plan", "x.csv", "--bogus"], "unbekannte Angaben: --bogus"),
        (["plan", "x.csv", "--target"], "--target braucht einen Wert"),
    ],
)
def test_call_errors_are_german(args: list[str], german: str) -> None:
    result = subprocess.run([sys.executable, "-m", "o7core", *args], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 2
    assert result.stdout == ""
    assert german in result.stderr
    assert "Aufruf: python -m o7core" in result.stderr
