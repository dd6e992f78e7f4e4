"""Prognose (``o7core.forecast``): the methods by hand, the BA way unchanged, bad input in German."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from o7core import MonthData, O7InputError, plan_scenario, scenario_from_dict, scenario_to_dict, working_days
from o7core.forecast import METHODS, forecast, forecast_scenario, seasonal_naive, series_forecast, smape
from o7core.month import Month
from o7core.scenario import ForecastSetting, load_scenario
from tests.conftest import ROOT

SAMPLE = ROOT / "sample_data" / "goeppingen_scenario.json"
CSV = ROOT / "sample_data" / "goeppingen_2021_2022.csv"


@pytest.fixture(scope="module")
def sample():
    return load_scenario(SAMPLE)


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "o7core", *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def run_json(*args: str | Path) -> dict[str, Any]:
    done = run(*args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --------------------------------------------------------------------------- bg by hand


def test_bg_by_hand_ten_percent_fewer_bg_and_one_holiday_more():
    # BW, October: 2021 has 21 weekdays and 3 October on a Sunday (21 working days); 2022 has 21 weekdays
    # and 3 October on a Monday (20 working days): one holiday more.
    assert working_days(Month(2021, 10), "BW") == 21
    assert working_days(Month(2022, 10), "BW") == 20
    history = [MonthData(Month(2021, 10), calls=2100, repeat_calls=210, forwarded_calls=42)]
    result = forecast(history, method="bg", state="BW", contract_year=2022, history_bg=1000, contract_bg=900)
    (m,) = result.months
    assert m.month == Month(2022, 10) and m.source_month == Month(2021, 10)
    assert m.working_days == 20
    # 2100 / (1000 · 21) = 0,1 calls per BG and working day; · 900 BG · 20 days = 1800:
    # 10 % fewer BG → 1890, one working day fewer → 90 calls (one day's) fewer
    assert m.rate == pytest.approx(0.1, abs=1e-15)
    assert m.calls == pytest.approx(1800, abs=1e-9)
    assert m.repeat_calls == pytest.approx(180, abs=1e-9)
    assert m.forwarded_calls == pytest.approx(36, abs=1e-9)
    assert m.bg == 900


def test_bg_equals_the_formula_month_by_month(sample):
    result = forecast_scenario(sample, "bg")
    history = {m.month.month: m for m in sample.months}
    assert [str(m.month) for m in result.months] == [f"2023-{i:02d}" for i in range(1, 13)]
    for m in result.months:
        src = history[m.month.month]
        assert m.source_month == src.month
        expected = src.calls / (6032 * working_days(src.month, "BW")) * 5642 * working_days(m.month, "BW")
        assert m.calls == pytest.approx(expected, rel=0, abs=1e-9)
        assert m.working_days == working_days(m.month, "BW")
        assert m.repeat_calls == pytest.approx(src.repeat_calls / src.calls * expected, abs=1e-9)
    # the contract year 2023 in BW has 249 working days, the Bezugszeitraum 252
    assert sum(m.working_days for m in result.months) == 249


def test_bg_takes_the_month_s_own_bg_and_a_bg_forecast_per_month(sample):
    months = tuple(replace(m, bg_count=6000 + i) for i, m in enumerate(sample.months))
    bg_forecast = {Month(2023, 1): 5500.0}
    result = forecast(
        months, method="bg", state="BW", contract_year=2023, history_bg=6032, contract_bg=5642,
        contract_bg_by_month=bg_forecast,
    )  # fmt: skip
    jan = result.months[0]
    src = next(m for m in months if m.month == Month(2022, 1))
    assert src.bg_count == 6004
    assert jan.bg == 5500
    # January 2022 in BW: 20 working days (6 January a Thursday), January 2023: 21
    assert (working_days(src.month, "BW"), jan.working_days) == (20, 21)
    assert jan.calls == pytest.approx(src.calls / (6004 * 20) * 5500 * 21, abs=1e-9)
    assert result.months[1].bg == 5642


def test_bg_with_24_months_uses_the_latest_of_each_calendar_month(sample):
    earlier = tuple(replace(m, month=m.month.shift(-12), calls=m.calls * 2) for m in sample.months)
    result = forecast(
        earlier + sample.months, method="bg", state="BW", contract_year=2023, history_bg=6032, contract_bg=6032
    )
    assert len(result.months) == 12
    assert {m.source_month for m in result.months} == {m.month for m in sample.months}
    # the backtest holds out the last 12 months and predicts each from the month a year before
    assert result.backtest is not None and len(result.backtest.months) == 12
    assert result.backtest.trained_on == 12


def test_plan_on_bg_plans_the_contract_year(sample):
    plan = plan_scenario(sample, method="bg")
    result = forecast_scenario(sample, "bg")
    assert [m.month for m in plan.months] == [m.month for m in result.months]
    assert plan.totals.working_days_12 == 249
    assert plan.totals.planned_calls == pytest.approx(sum(m.calls - m.repeat_calls for m in result.months))
    # fewer BG (−6,5 %) and fewer working days: fewer hours than the BA way
    assert plan.hours_total_rounded < plan_scenario(sample).hours_total_rounded


# --------------------------------------------------------------------------- vorjahr: the BA way unchanged


def test_vorjahr_is_today_s_plan_exactly(sample):
    assert sample.forecast.method == "vorjahr"
    assert plan_scenario(sample, method="vorjahr") == plan_scenario(sample)
    result = forecast_scenario(sample)
    assert result.method == "vorjahr"
    assert result.month_data() == sample.months
    for f, m in zip(result.months, sample.months, strict=True):
        assert (f.month, f.calls, f.repeat_calls, f.forwarded_calls) == (
            m.month,
            m.calls,
            m.repeat_calls,
            m.forwarded_calls,
        )


def test_cli_vorjahr_equals_the_plan_s_months():
    plan = run_json("plan", SAMPLE)
    assert run_json("plan", SAMPLE, "--methode", "vorjahr") == plan
    prognose = run_json("prognose", SAMPLE, "--methode", "vorjahr")
    assert prognose["method"] == "vorjahr" and prognose["contract_year"] == 2023
    assert [(m["month"], m["working_days"]) for m in prognose["months"]] == [
        (m["month"], m["working_days"]) for m in plan["months"]
    ]
    for f, p in zip(prognose["months"], plan["months"], strict=True):
        assert f["calls"] - f["repeat_calls"] == p["planned_calls"]


def test_cli_prognose_bg_json(sample):
    data = run_json("prognose", CSV, "--scenario", SAMPLE, "--methode", "bg")
    assert data["method"] == "bg" and data["contract_year"] == 2023
    assert {"month", "working_days", "calls", "repeat_calls", "forwarded_calls"} <= set(data["months"][0])
    assert "lower" not in data["months"][0]
    by_cal = {m.month.month: m for m in sample.months}
    for row in data["months"]:
        month = Month.parse(row["month"])
        src = by_cal[month.month]
        rate = src.calls / (6032 * working_days(src.month, "BW"))
        assert row["working_days"] == working_days(month, "BW")
        assert abs(row["calls"] - rate * 5642 * row["working_days"]) < 1e-6
    plan = run_json("plan", CSV, "--scenario", SAMPLE, "--methode", "bg")
    assert [m["month"] for m in plan["months"]] == [m["month"] for m in data["months"]]
    assert set(plan) == {"months", "totals", "bausteine", "hours_total_rounded", "costs"}


def test_cli_vertragsjahr_and_state(sample):
    data = run_json("prognose", SAMPLE, "--methode", "bg", "--vertragsjahr", "2024", "--state", "BY")
    assert data["contract_year"] == 2024 and data["state"] == "BY"
    assert [m["working_days"] for m in data["months"]] == [working_days(Month(2024, i), "BY") for i in range(1, 13)]


def test_cli_table_is_german():
    done = run("prognose", SAMPLE, "--methode", "bg", "--format", "table")
    assert done.returncode == 0, done.stderr
    assert "Grundlage: nach BG und Arbeitstagen · Vertragsjahr 2023" in done.stdout
    assert "Jan 2023" in done.stdout and "5.642" in done.stdout


# --------------------------------------------------------------------------- statistisch


def test_statistical_on_12_months_is_ses_and_seasonal_naive(sample):
    result = forecast_scenario(sample, "statistisch")
    assert result.components == ("exponentielle Glättung", "saisonal naiv")
    assert result.backtest is None  # 12 months leave nothing to hold out
    assert len(result.months) == 12
    for m in result.months:
        assert m.lower is not None and m.upper is not None
        assert 0 < m.lower < m.calls < m.upper
        assert m.calls == pytest.approx(m.rate * 5642 * m.working_days)
    assert (
        result.band_text
        and "80 %" in result.band_text
        and "Rückblick ist mit 12 Monaten nicht möglich" in result.band_text
    )


def test_statistical_on_24_months_adds_theta_and_a_12_month_backtest(sample):
    earlier = tuple(replace(m, month=m.month.shift(-12), calls=round(m.calls * 1.05)) for m in sample.months)
    result = forecast(
        earlier + sample.months, method="statistisch", state="BW", contract_year=2023, history_bg=6032,
        contract_bg=5642,
    )  # fmt: skip
    assert result.components == ("exponentielle Glättung", "saisonal naiv", "Theta")
    bt = result.backtest
    assert bt is not None and bt.trained_on == 12 and len(bt.months) == 12
    assert bt.months[0] == Month(2021, 9)
    assert bt.smape == pytest.approx(smape(bt.actual, bt.predicted))
    assert 0 < bt.smape < 30
    assert "Rückblick (die letzten 12 Monate" in (result.band_text or "")


def test_series_forecast_pieces():
    y = [float(v) for v in range(1, 13)]
    assert seasonal_naive(y, 14) == [*y, 1.0, 2.0]
    mean, names = series_forecast([5.0] * 12, 3)
    assert mean == [5.0, 5.0, 5.0] and names == ("exponentielle Glättung", "saisonal naiv")
    assert smape([100, 0], [50, 0]) == pytest.approx(200 * 50 / 150 / 2)


# --------------------------------------------------------------------------- bad input


def test_statistical_needs_12_months(sample):
    with pytest.raises(O7InputError) as err:
        forecast_scenario(replace(sample, months=sample.months[:11]), "statistisch")
    assert "mindestens 12 Monate" in str(err.value) and "11" in str(err.value)


@pytest.mark.parametrize("method", ["bg", "statistisch"])
def test_missing_bg_is_a_german_problem(sample, method):
    no_bg = replace(sample, jobcenter=replace(sample.jobcenter, bg_count=None), bg_count_contract_year=None)
    with pytest.raises(O7InputError) as err:
        forecast_scenario(no_bg, method)
    text = str(err.value)
    assert "fehlt die Zahl der Bedarfsgemeinschaften (BG) im Bezugszeitraum" in text
    assert "fehlt die Zahl der Bedarfsgemeinschaften (BG) im Vertragsjahr" in text
    assert "Error" not in text and "Traceback" not in text


def test_empty_contract_bg_means_the_master_data_bg_as_for_the_costs(sample):
    same = replace(sample, bg_count_contract_year=None)
    assert same.bg_for_costs == 6032
    for f, m in zip(forecast_scenario(same, "bg").months, sample.months[4:] + sample.months[:4], strict=True):
        # only the working days change: 6 032 BG in both
        assert f.source_month == m.month
        assert f.calls == pytest.approx(m.calls / working_days(m.month, "BW") * f.working_days, abs=1e-9)


def test_bg_zero_is_a_german_problem(sample):
    with pytest.raises(O7InputError, match="größer als 0"):
        forecast(sample.months, method="bg", state="BW", contract_year=2023, history_bg=0, contract_bg=5642)
    with pytest.raises(O7InputError, match="im Vertragsjahr muss größer als 0"):
        forecast(sample.months, method="bg", state="BW", contract_year=2023, history_bg=6032, contract_bg=0)
    zero_month = (replace(sample.months[0], bg_count=0), *sample.months[1:])
    with pytest.raises(O7InputError, match=r"BG im Monat 09/2021 muss größer als 0"):
        forecast(zero_month, method="bg", state="BW", contract_year=2023, history_bg=6032, contract_bg=5642)


def test_unknown_method_and_contract_year_inside_the_history(sample):
    with pytest.raises(O7InputError, match="Unbekannte Grundlage"):
        forecast_scenario(sample, "holt-winters")
    with pytest.raises(O7InputError, match="beginnt nicht nach dem Bezugszeitraum"):
        forecast_scenario(sample, "statistisch", contract_year=2022)


def test_cli_bad_input_exit_2_german():
    done = run("prognose", CSV, "--methode", "bg", "--format", "json")  # a CSV has no master data: no BG
    assert done.returncode == 2 and done.stdout == ""
    assert "Bedarfsgemeinschaften (BG) im Bezugszeitraum" in done.stderr and "Traceback" not in done.stderr
    done = run("prognose", SAMPLE, "--methode", "statistisch", "--vertragsjahr", "2022")
    assert done.returncode == 2 and "Vertragsjahr 2022" in done.stderr
    done = run("prognose", SAMPLE, "--methode", "arima")
    assert done.returncode == 2 and "ungültiger Wert" in done.stderr


# --------------------------------------------------------------------------- the scenario file


def test_scenario_stores_method_and_bg_forecast(sample):
    setting = ForecastSetting(method="bg", bg_forecast=((Month(2023, 1), 5600.0), (Month(2023, 2), 5590.5)))
    s = replace(sample, forecast=setting)
    data = scenario_to_dict(s)
    assert data["version"] == 1
    assert data["forecast"] == {"method": "bg", "bg_forecast": {"2023-01": 5600, "2023-02": 5590.5}}
    again = scenario_from_dict(json.loads(json.dumps(data)))
    assert again.forecast == setting
    assert plan_scenario(again) == plan_scenario(s)
    assert plan_scenario(s) != plan_scenario(sample, method="bg")  # the BG forecast of January/February counts
    assert plan_scenario(again).months[0].planned_calls == pytest.approx(
        forecast_scenario(s).month_data()[0].calls - forecast_scenario(s).month_data()[0].repeat_calls
    )
    # the BA way writes no key at all: files stay as before
    assert "forecast" not in scenario_to_dict(sample)


def test_scenario_forecast_key_bad_values_german(sample):
    data = {**scenario_to_dict(sample), "forecast": {"method": "orakel", "bg_forecast": {"2023-13": 5, "2023-02": 0}}}
    with pytest.raises(O7InputError) as err:
        scenario_from_dict(data)
    text = str(err.value)
    assert "forecast.method" in text and "Unbekannte Grundlage" in text
    assert "forecast.bg_forecast.2023-13" in text and "forecast.bg_forecast.2023-02" in text


def test_month_bg_round_trips_through_the_scenario_file(sample):
    months = tuple(replace(m, bg_count=6032) for m in sample.months)
    data = scenario_to_dict(replace(sample, months=months))
    assert data["months"][0]["bg_count"] == 6032
    assert scenario_from_dict(data).months == months
    assert "bg_count" not in scenario_to_dict(sample)["months"][0]


def test_every_method_is_named():
    assert METHODS == ("vorjahr", "bg", "statistisch")


def test_import_o7core_does_not_load_statsmodels():
    code = "import sys, o7core, o7core.forecast; print('statsmodels' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
