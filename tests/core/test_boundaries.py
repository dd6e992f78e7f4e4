"""Tests at the boundaries that the first round's suite left open (each kills a known mutant).

- ``fmt.number`` never prints a negative zero;
- the terminal table puts Stunden (the period) and Stunden * (annualised) in their own columns,
  checked on a 9-month period where the two differ;
- ``assess_hours`` is "im Rahmen" at exactly the contracted hours and "knapp" at exactly the band edge;
- the KPI forecast adds the plan's *calls* (not its possible conversations) for the months to come,
  checked on a plan whose capacity binds;
- Anlage prüfen takes a printed VZA as exact to its printed 0,01 VZA: one hundredth off is a finding
  (a 10× looser tolerance would let it pass).

How each mutant was applied by hand and killed: ``docs/architektur.md`` ("Mutation tests").
"""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from o7core import Month, MonthData, PlanningParameters, compute_plan, fmt
from o7core.kpi import LEVEL_BAD, LEVEL_OK, LEVEL_WARN, ReportMonth, assess_hours, compute_kpis
from o7core.model import BausteinSetting
from o7core.table import plan_table
from tests.conftest import SAMPLE_DIR


@pytest.mark.parametrize(("value", "decimals", "shown"), [(-0.04, 1, "0,0"), (-0.4, 0, "0"), (-0.0, 2, "0,00")])
def test_number_never_shows_negative_zero(value: float, decimals: int, shown: str) -> None:
    assert fmt.number(value, decimals) == shown


def test_number_keeps_a_real_negative_sign() -> None:
    assert fmt.number(-0.05, 1) == "-0,1"  # half up away from zero: a real value, not a rounding zero


def test_table_columns_stunden_and_stunden_stern_on_a_short_period() -> None:
    # 9 months: k > 1 (working days of 12 months over those of the period), so Stunden * > Stunden
    history = [MonthData(Month(2024, m), calls=2000, outbound_calls=300) for m in range(1, 10)]
    plan = compute_plan(
        history,
        PlanningParameters(target_reachability=0.6),
        state="BY",
        bausteine={5: BausteinSetting(chosen=True, minutes_per_item=6.0)},
    )
    b5 = next(b for b in plan.bausteine if b.number == 5)
    assert b5.hours is not None and b5.hours_annualized is not None
    assert fmt.hours(b5.hours_annualized) != fmt.hours(b5.hours)
    assert b5.hours_annualized == pytest.approx(b5.hours * plan.totals.annualization_factor)
    line = next(row for row in plan_table(None, plan).splitlines() if row.startswith("5 "))
    columns = line.split()
    at = columns.index(fmt.hours(b5.hours))
    assert columns[at + 1] == fmt.hours(b5.hours_annualized), line


def test_hours_exactly_as_contracted_are_within_the_contract() -> None:
    assert assess_hours("h", "Stunden", 100.0, 100.0).level == LEVEL_OK


def test_hours_exactly_at_the_band_edge_are_knapp_and_just_above_are_exceeded() -> None:
    assert assess_hours("h", "Stunden", 105.0, 100.0, band_percent=5.0).level == LEVEL_WARN
    assert assess_hours("h", "Stunden", 105.01, 100.0, band_percent=5.0).level == LEVEL_BAD
    assert assess_hours("h", "Stunden", 100.01, 100.0, band_percent=5.0).level == LEVEL_WARN


def test_forecast_adds_planned_calls_not_possible_conversations() -> None:
    history = [MonthData(Month(2022, m), calls=1000) for m in range(1, 13)]
    # 1 VZA of 1 200 h a year at 600 s per conversation: far fewer possible conversations than calls
    plan = compute_plan(
        history,
        PlanningParameters(
            target_reachability=0.9,
            aht_seconds=600,
            callback_seconds_per_conversation=0,
            mail_seconds_per_conversation=0,
            capacity_fte=1.0,
        ),
        state="BW",
    )
    assert all(m.possible_conversations < m.planned_calls for m in plan.months)
    jan = ReportMonth(Month(2023, 1), calls=1000, conversations=750, talk_seconds=480, acw_seconds=60)
    f = compute_kpis([jan], plan=plan, state="BW", year=2023).year_totals.forecast
    later = [m for m in plan.months if m.month.month != 1]
    assert f.calls == pytest.approx(1000 + sum(m.planned_calls for m in later))
    assert f.conversations == pytest.approx(750 + sum(m.possible_conversations for m in later))
    assert f.reachability == pytest.approx(f.conversations / f.calls)


@pytest.fixture(scope="module")
def sample_appendix_xlsx() -> bytes:
    from o7core.appendix import build_appendix
    from o7core.export_xlsx import to_xlsx
    from o7core.scenario import load_scenario, plan_scenario

    scenario = load_scenario(SAMPLE_DIR / "goeppingen_scenario.json")
    return to_xlsx(build_appendix(scenario, plan_scenario(scenario)))


def _with_vza(raw: bytes, row_label: str, change: float) -> bytes:
    wb = load_workbook(io.BytesIO(raw))
    ws = wb["Anlage"]
    row = next(c[0].row for c in ws.iter_rows(min_col=1, max_col=1) if c[0].value == row_label)
    head = next(c[0].row for c in ws.iter_rows(min_col=1, max_col=1) if c[0].value == "Baustein")
    col = next(c.column for c in ws[head] if c.value == "VZA")
    ws.cell(row, col).value = round(ws.cell(row, col).value + change, 2)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.parametrize("change", [0.0, 0.01, -0.01])
def test_a_vza_one_hundredth_off_is_a_finding(sample_appendix_xlsx: bytes, change: float) -> None:
    from o7core.check import check_bytes

    result = check_bytes(_with_vza(sample_appendix_xlsx, "Baustein 1", change), "Anlage.xlsx")
    assert [f.field for f in result.findings] == ([] if change == 0 else ["Baustein 1 – VZA"])
