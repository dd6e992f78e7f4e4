"""Kennzahlen against hand-computed cases (``o7core.kpi``)."""

from __future__ import annotations

import json

import pytest

from o7core import Month, MonthData, O7InputError, PlanningParameters, compute_plan
from o7core.kpi import (
    LEVEL_BAD,
    LEVEL_NONE,
    LEVEL_OK,
    LEVEL_WARN,
    ContractTargets,
    ReportMonth,
    assess_hours,
    assess_rate,
    compute_kpis,
    kpi_to_dict,
    plan_by_month_of_year,
)

# Working days in Baden-Württemberg 2023, counted on the calendar: Jan 22 weekdays − 6 Jan = 21,
# Feb 20, Mar 23, Apr 20 − Good Friday − Easter Monday = 18, May 23 − 1 May − Ascension − Whit Monday = 20,
# Jun 22 − Corpus Christi = 21, Jul 21, Aug 23, Sep 21, Oct 22 − 3 Oct = 21, Nov 22 − 1 Nov = 21,
# Dec 21 − 25/26 Dec = 19 (24 and 31 Dec are Sundays) → 249.
WD_BW_2023 = (21, 20, 23, 18, 20, 21, 21, 23, 21, 21, 21, 19)


def simple_plan(months: range = range(1, 13), calls: float = 1000):
    """A plan whose figures are easy by hand: 1 000 calls a month in 2022, target 50 %, 600 s per
    conversation, capacity so large that every planned call is a possible conversation.
    Hours: 12 · 1 000 · 0.5 · 600 / 3 600 = 1 000 h a year."""
    history = [MonthData(Month(2022, m), calls=calls) for m in months]
    params = PlanningParameters(
        target_reachability=0.5,
        aht_seconds=600,
        callback_seconds_per_conversation=0,
        mail_seconds_per_conversation=0,
        capacity_fte=100,
    )
    return compute_plan(history, params, state="BW")


JAN = ReportMonth(
    Month(2023, 1), calls=1000, conversations=750, talk_seconds=480, acw_seconds=60, closed=525, tickets=200
)
FEB_EMPTY = ReportMonth(
    Month(2023, 2), calls=0, conversations=0, talk_seconds=None, acw_seconds=None, closed=0, tickets=0
)
MAR = ReportMonth(
    Month(2023, 3), calls=2000, conversations=1400, talk_seconds=500, acw_seconds=70, closed=1050, tickets=300
)


def test_month_figures_by_hand():
    report = compute_kpis([JAN, FEB_EMPTY, MAR], plan=simple_plan(), state="BW", year=2023)
    jan, _, mar = report.months
    assert jan.reachability == pytest.approx(0.75)
    assert jan.closure_rate == pytest.approx(0.70)
    assert jan.ticket_rate == pytest.approx(200 / 750)
    assert jan.handling_seconds == pytest.approx(540)
    assert jan.hours_talk == pytest.approx(100.0)  # 750 · 480 / 3 600
    assert jan.hours_acw == pytest.approx(12.5)  # 750 · 60 / 3 600
    assert jan.hours_used == pytest.approx(112.5)
    assert jan.working_days == 21
    assert jan.contracted_hours == pytest.approx(1000 * 21 / 249)
    assert mar.hours_used == pytest.approx(1400 * 570 / 3600)
    assert mar.reachability == pytest.approx(0.70)
    assert mar.closure_rate == pytest.approx(0.75)


def test_month_without_calls_has_no_rates_and_no_crash():
    report = compute_kpis([JAN, FEB_EMPTY, MAR], plan=simple_plan(), state="BW", year=2023)
    feb = report.months[1]
    assert feb.reachability is None
    assert feb.closure_rate is None
    assert feb.hours_used == 0
    assert feb.reachability_signal.level == LEVEL_NONE
    assert feb.reachability_signal.word == "keine Daten"
    # the previous-month delta of March has no February rate to compare with
    assert report.months[2].reachability_change is None
    # but February still counts into the cumulation (its zero calls change nothing)
    assert feb.cum_reachability == pytest.approx(0.75)


def test_cumulation_and_year_totals_by_hand():
    report = compute_kpis([JAN, FEB_EMPTY, MAR], plan=simple_plan(), state="BW", year=2023)
    mar = report.months[2]
    assert mar.cum_calls == 3000
    assert mar.cum_conversations == 2150
    assert mar.cum_reachability == pytest.approx(2150 / 3000)
    assert mar.cum_closure_rate == pytest.approx(1575 / 2150)
    assert mar.cum_tickets == 500
    assert mar.cum_hours_used == pytest.approx(112.5 + 1400 * 570 / 3600)
    assert mar.cum_contracted_hours == pytest.approx(1000 * (21 + 20 + 23) / 249)
    t = report.year_totals
    assert t.months_reported == 3
    assert t.reachability == pytest.approx(2150 / 3000)
    assert t.closure_rate == pytest.approx(1575 / 2150)
    assert t.talk_seconds == pytest.approx((750 * 480 + 1400 * 500) / 2150)
    assert t.acw_seconds == pytest.approx((750 * 60 + 1400 * 70) / 2150)
    assert t.contracted_hours_year == pytest.approx(1000.0)
    assert t.working_days_year == sum(WD_BW_2023) == 249
    assert t.hours_used_ratio == pytest.approx((112.5 + 1400 * 570 / 3600) / (1000 * 64 / 249))


def test_plan_against_actual_matched_by_month_of_year():
    report = compute_kpis([JAN, MAR], plan=simple_plan(), state="BW", year=2023)
    jan = report.months[0]
    assert jan.plan_calls == pytest.approx(1000)
    assert jan.plan_conversations == pytest.approx(1000)  # capacity never binds in this plan
    assert jan.plan_reachability == pytest.approx(1.0)
    assert jan.conversations_vs_plan == pytest.approx(-250)
    assert jan.reachability_vs_plan == pytest.approx(-25.0)


def test_plan_of_a_24_month_period_is_averaged_per_month_of_year():
    history = [MonthData(Month(2021, 1).shift(i), calls=1000 if i < 12 else 3000) for i in range(24)]
    plan = compute_plan(history, PlanningParameters(capacity_fte=100), state="BW")
    assert plan_by_month_of_year(plan)[5].calls == pytest.approx(2000)


def test_forecast_of_a_partial_year_takes_the_plan_for_the_months_to_come():
    report = compute_kpis([JAN, FEB_EMPTY, MAR], plan=simple_plan(), state="BW", year=2023)
    f = report.year_totals.forecast
    assert not f.complete
    assert f.months_reported == 3
    assert f.months_planned == 9
    # 2 150 conversations of 3 000 calls so far, then 9 plan months of 1 000 calls and 1 000 conversations
    assert f.reachability == pytest.approx((2150 + 9000) / (3000 + 9000))
    assert f.hours_used == pytest.approx(112.5 + 1400 * 570 / 3600 + 1000 * (249 - 64) / 249)
    assert report.signal("reachability_forecast").label == "Erreichbarkeit Jahr (Prognose)"


def test_forecast_of_a_complete_year_is_the_actual_value():
    months = [
        ReportMonth(Month(2023, m), calls=1000, conversations=700 + 10 * m, talk_seconds=500, acw_seconds=60)
        for m in range(1, 13)
    ]
    report = compute_kpis(months, plan=simple_plan(), state="BW", year=2023)
    f = report.year_totals.forecast
    assert f.complete
    assert f.reachability == pytest.approx(sum(700 + 10 * m for m in range(1, 13)) / 12000)
    assert report.signal("reachability_forecast").label == "Erreichbarkeit Jahr"


def test_a_gap_in_the_reports_is_forecast_from_the_plan_with_a_warning():
    report = compute_kpis([JAN, MAR], plan=simple_plan(), state="BW", year=2023)
    assert report.year_totals.forecast.months_planned == 10
    assert any("02/2023" in p.message and "kein Bericht" in p.message for p in report.warnings)


def test_forecast_without_a_plan_month_has_a_reason():
    plan = simple_plan(months=range(1, 10))  # Jan–Sep 2022: no plan for Oct–Dec
    report = compute_kpis([JAN, MAR], plan=plan, state="BW", year=2023)
    f = report.year_totals.forecast
    assert f.reachability is None
    assert "Okt 2023" in f.reason
    assert report.signal("reachability_forecast").level == LEVEL_NONE
    # the months that have a plan are still compared
    assert report.months[0].plan_calls == pytest.approx(1000)


def test_report_month_outside_the_plan_has_no_plan_figure_and_a_warning():
    plan = simple_plan(months=range(2, 13))  # no January in the Bezugszeitraum
    report = compute_kpis([JAN, MAR], plan=plan, state="BW", year=2023)
    assert report.months[0].plan_calls is None
    assert report.months[1].plan_calls == pytest.approx(1000)
    assert any("Jan 2023" in p.message and not p.is_error for p in report.warnings)


def test_report_month_outside_the_contract_year_warns_and_does_not_count():
    dec_2022 = ReportMonth(Month(2022, 12), calls=500, conversations=100, talk_seconds=500, acw_seconds=60)
    with_outside = compute_kpis([dec_2022, JAN, MAR], plan=simple_plan(), state="BW", year=2023)
    without = compute_kpis([JAN, MAR], plan=simple_plan(), state="BW", year=2023)
    warning = next(p for p in with_outside.warnings if "außerhalb" in p.message)
    assert not warning.is_error
    assert "12/2022" in warning.message
    dec = with_outside.months[0]
    assert not dec.in_year
    assert dec.reachability == pytest.approx(0.2)
    assert dec.cum_reachability is None
    assert dec.contracted_hours is None
    assert with_outside.year_totals.reachability == pytest.approx(without.year_totals.reachability)
    assert with_outside.months[1].reachability_change == pytest.approx((0.75 - 0.2) * 100)


def test_as_of_ignores_later_reports():
    report = compute_kpis([JAN, FEB_EMPTY, MAR], plan=simple_plan(), state="BW", year=2023, as_of=Month(2023, 2))
    assert [m.month for m in report.months] == [Month(2023, 1), Month(2023, 2)]
    assert report.year_totals.forecast.months_planned == 10
    assert report.latest is not None and report.latest.month == Month(2023, 2)


def test_without_a_plan_the_contract_figures_are_empty():
    report = compute_kpis([JAN, MAR], state="BW")
    assert report.year == 2023
    assert report.months[0].contracted_hours is None
    assert report.year_totals.forecast.reachability is None
    assert report.signal("hours_ytd").level == LEVEL_NONE
    assert report.signal("reachability_ytd").value == pytest.approx(2150 / 3000)


def test_signals_against_the_default_targets():
    report = compute_kpis([JAN, MAR], plan=simple_plan(), state="BW", year=2023)
    reach = report.signal("reachability_ytd")  # 71,7 %: 3,3 points below 75 %
    assert reach.target == 0.75
    assert reach.margin == pytest.approx((2150 / 3000 - 0.75) * 100)
    assert reach.level == LEVEL_BAD and reach.word == "verfehlt" and reach.symbol == "✗"
    closure = report.signal("closure_ytd")  # 73,3 %: 3,3 points above 70 %
    assert closure.level == LEVEL_OK and closure.word == "erfüllt" and closure.symbol == "✓"
    assert "73,3" in closure.text and "70,0" in closure.text
    hours = report.signal("hours_ytd")
    assert hours.level == LEVEL_BAD and hours.word == "überschritten"


def test_targets_can_be_set_by_the_contract():
    targets = ContractTargets(reachability=0.70, closure_rate=0.80)
    report = compute_kpis([JAN, MAR], plan=simple_plan(), state="BW", year=2023, targets=targets)
    assert report.signal("reachability_ytd").word == "knapp"  # 71,7 % against 70 %: +1,7 points
    assert report.signal("closure_ytd").word == "verfehlt"


@pytest.mark.parametrize(
    ("value", "target", "word", "level"),
    [
        (0.78, 0.75, "erfüllt", LEVEL_OK),
        (0.72, 0.70, "erfüllt", LEVEL_OK),  # +2,0 points exactly, despite 1.9999… in floating point
        (0.76, 0.75, "knapp", LEVEL_WARN),
        (0.70, 0.70, "knapp", LEVEL_WARN),
        (0.7499, 0.75, "verfehlt", LEVEL_BAD),
        (None, 0.75, "keine Daten", LEVEL_NONE),
    ],
)
def test_assess_rate(value, target, word, level):
    s = assess_rate("x", "Erreichbarkeit", value, target, band_points=2.0)
    assert (s.word, s.level) == (word, level)


def test_assess_hours():
    assert assess_hours("h", "Stunden", 100, 100).word == "im Rahmen"
    assert assess_hours("h", "Stunden", 104, 100).word == "knapp"
    over = assess_hours("h", "Stunden", 110, 100)
    assert over.word == "überschritten"
    assert over.margin == pytest.approx(10.0)
    assert "110,0 h" in over.text and "100,0 h" in over.text
    assert assess_hours("h", "Stunden", 100, None).level == LEVEL_NONE


@pytest.mark.parametrize(
    ("month", "match"),
    [
        (ReportMonth(Month(2023, 1), calls=100, conversations=120), "Mehr Gespräche als Anrufe"),
        (ReportMonth(Month(2023, 1), calls=100, conversations=80, closed=90), "größer als die Zahl der Gespräche"),
        (ReportMonth(Month(2023, 1), calls=-1, conversations=0), "negativ"),
    ],
)
def test_inconsistent_report_is_refused(month, match):
    with pytest.raises(O7InputError, match=match):
        compute_kpis([month], state="BW")


def test_duplicate_month_and_bad_targets_are_reported_together():
    with pytest.raises(O7InputError) as info:
        compute_kpis([JAN, JAN], state="BW", targets=ContractTargets(reachability=0))
    messages = [p.message for p in info.value.problems]
    assert any("doppelt" in m for m in messages)
    assert any("Ziel-Erreichbarkeit" in m for m in messages)


def test_unknown_state_is_refused():
    with pytest.raises(O7InputError, match="Bundesland"):
        compute_kpis([JAN], state="XX")


def test_other_state_changes_the_pro_rata_hours():
    bw = compute_kpis([JAN, MAR], plan=simple_plan(), state="BW", year=2023)
    be = compute_kpis([JAN, MAR], plan=simple_plan(), state="BE", year=2023)
    # Berlin does not keep 6 January: 22 working days in January 2023 instead of 21
    assert be.months[0].working_days == 22
    assert be.months[0].contracted_hours != pytest.approx(bw.months[0].contracted_hours)


def test_json_form_is_serialisable():
    data = kpi_to_dict(compute_kpis([JAN, FEB_EMPTY, MAR], plan=simple_plan(), state="BW", year=2023))
    text = json.dumps(data)
    assert data["months"][0]["month"] == "2023-01"
    assert data["months"][1]["reachability"] is None
    assert data["totals"]["forecast"]["months_planned"] == 9
    assert "reachability_forecast" in text
