"""Kennzahlen year over year: the selected contract year against the previous one."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from o7core.kpi import ReportMonth, compare_years, compute_kpis
from o7core.month import Month
from o7core.sc_report import read_sc_report

SAMPLE = Path(__file__).resolve().parents[2] / "sample_data" / "sc_berichte_2023.csv"


@pytest.fixture(scope="module")
def two_years() -> list[ReportMonth]:
    """The sample 2023 and an invented 2022: 10 % more calls, 5 000 conversations, 3 500 closed each month."""
    months = list(read_sc_report(SAMPLE.read_bytes(), SAMPLE.name).months)
    earlier = [
        replace(
            m,
            month=Month(2022, m.month.month),
            calls=round(m.calls * 1.1),
            conversations=5000,
            closed=3500,
        )
        for m in months
    ]
    return earlier + months


def test_whole_years_side_by_side(two_years) -> None:
    result = compare_years(two_years, 2023)
    assert result is not None
    assert (result.year, result.previous_year) == (2023, 2022)
    assert len(result.months) == 12 and result.current.months == result.previous.months == 12
    now = [m for m in two_years if m.month.year == 2023]
    before = [m for m in two_years if m.month.year == 2022]
    assert result.current.calls == sum(m.calls for m in now)
    assert result.previous.calls == sum(m.calls for m in before)
    assert result.previous.reachability == pytest.approx(60_000 / sum(m.calls for m in before))
    assert result.previous.closure_rate == pytest.approx(42_000 / 60_000)
    expected_now = compute_kpis(now, year=2023).year_totals
    assert result.current.reachability == pytest.approx(expected_now.reachability)
    assert result.current.closure_rate == pytest.approx(expected_now.closure_rate)
    assert result.current.hours_used == pytest.approx(expected_now.hours_used)
    assert result.reachability_change == pytest.approx(
        (result.current.reachability - result.previous.reachability) * 100
    )
    assert result.calls_per_month_change == pytest.approx((result.current.calls - result.previous.calls) / 12)
    first = result.months[0]
    assert first.month_of_year == 1
    assert first.calls_change == now[0].calls - before[0].calls
    assert first.reachability_change == pytest.approx(
        (now[0].conversations / now[0].calls - 5000 / before[0].calls) * 100
    )
    assert first.closure_change == pytest.approx(((now[0].closed or 0) / now[0].conversations - 3500 / 5000) * 100)


def test_running_year_compares_the_same_months(two_years) -> None:
    result = compare_years(two_years, 2023, as_of=Month(2023, 3))
    assert result is not None
    assert result.current.months == result.previous.months == 3  # Jan–Mar against Jan–Mar, not the whole 2022
    before = [m for m in two_years if m.month.year == 2022][:3]
    assert result.previous.calls == sum(m.calls for m in before)
    assert len(result.months) == 12  # every month of either year is listed
    assert result.months[5].current is None and result.months[5].previous is not None
    assert result.months[5].calls_change is None


def test_no_previous_year_no_comparison(two_years) -> None:
    only_2023 = [m for m in two_years if m.month.year == 2023]
    assert compare_years(only_2023, 2023) is None
    assert compare_years(two_years, 2022) is None  # 2021 is not in the report
