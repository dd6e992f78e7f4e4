"""One test per formula of PLANNING_MODEL.md, each with a small case computed by hand.

Most cases use the BW months 09/2021–08/2022 (working days 22, 21, 21, 21, 20, 20, 23, 19, 21, 20, 21,
23 = 252, checked in test_workdays.py) and the "unit" parameters: 3 600 s per conversation and
252 productive hours per VZA, so that one VZA works one hour (= one conversation) per working day
(hpd = 1) and every figure can be checked with pencil and paper.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from o7core import (
    Baustein2Setting,
    BausteinSetting,
    MonthData,
    O7InputError,
    Plan,
    PlanningParameters,
    PriceSheet,
    TermPrice,
    capacity_for_target,
    compute_plan,
    default_price_sheet,
    first_year_costs,
    round_cent,
    round_hours,
)
from o7core.month import Month

FIRST = Month(2021, 9)
WD = [22, 21, 21, 21, 20, 20, 23, 19, 21, 20, 21, 23]  # BW, 09/2021–08/2022
UNIT = {"aht_seconds": 2880.0, "callback_seconds_per_conversation": 360.0, "mail_seconds_per_conversation": 360.0}


def months(calls: list[float], **columns: list[float | None]) -> list[MonthData]:
    out = []
    for i, c in enumerate(calls):
        extra = {name: values[i] for name, values in columns.items()}
        out.append(MonthData(FIRST.shift(i), c, **extra))
    return out


def unit_params(**changes: object) -> PlanningParameters:
    values: dict[str, object] = {"target_reachability": 0.5, "productive_hours_per_fte": 252.0, **UNIT}
    values.update(changes)
    return PlanningParameters(**values)  # type: ignore[arg-type]


def plan(ms: list[MonthData], params: PlanningParameters | None = None, **kw: object) -> Plan:
    return compute_plan(ms, params or unit_params(), state=kw.pop("state", "BW"), **kw)  # type: ignore[arg-type]


def baustein(p: Plan, number: int):
    return next(b for b in p.bausteine if b.number == number)


# --------------------------------------------------------------------------- planned calls


def test_planned_calls_with_shares_a_b_c() -> None:
    ms = months([1000, 2000], repeat_calls=[300, 0], forwarded_calls=[200, 40])
    p = plan(ms, unit_params(share_calls=0.8, share_forwarded=0.5, share_repeat_deduction=0.5))
    # 1000·0.8 + 200·0.5 − 300·0.5 = 800 + 100 − 150 = 750;  2000·0.8 + 40·0.5 − 0 = 1620
    assert [m.planned_calls for m in p.months] == pytest.approx([750, 1620])
    assert p.totals.planned_calls == pytest.approx(2370)


def test_planned_calls_never_below_zero() -> None:
    # 100·1 + 0 − 300·1 = −200 → 0; no calls planned means no reachability for that month
    p = plan(months([100, 500], repeat_calls=[300, 100]))
    assert p.months[0].planned_calls == 0
    assert p.months[0].required_conversations == 0
    assert p.months[0].possible_reachability is None
    assert p.totals.planned_calls == pytest.approx(400)


def test_defaults_take_all_calls_no_forwarded_and_deduct_repeats() -> None:
    p = compute_plan(months([1000], repeat_calls=[100], forwarded_calls=[50]), PlanningParameters(), state="BW")
    assert p.months[0].planned_calls == pytest.approx(900)


# --------------------------------------------------------------------------- conversations, hours, VZA


def test_required_conversations_are_planned_times_target() -> None:
    p = plan(months([1000, 333]), unit_params(target_reachability=0.55))
    assert [m.required_conversations for m in p.months] == pytest.approx([550, 183.15])
    assert p.totals.required_conversations == pytest.approx(733.15)


def test_three_hour_kinds() -> None:
    # required 100 conversations; call 2 880 s = 0.8 h, callbacks 360 s = 0.1 h, mailing 360 s = 0.1 h each
    p = plan(months([200]))
    m = p.months[0]
    assert (m.hours_call, m.hours_callback, m.hours_mail) == pytest.approx((80, 10, 10))
    assert m.hours_total == pytest.approx(100)
    params = unit_params(
        aht_seconds=562.285, callback_seconds_per_conversation=1.7645, mail_seconds_per_conversation=21.744
    )
    m = plan(months([7200]), params).months[0]  # 3 600 conversations → hours = seconds per conversation
    assert (m.hours_call, m.hours_callback, m.hours_mail) == pytest.approx((562.285, 1.7645, 21.744))


def test_fte_per_month_and_total() -> None:
    calls = [2 * wd for wd in WD]  # planned = 2·wd, required = wd, hours = wd
    p = plan(months(calls))
    # per month: hours / (hpd · wd) = wd / (1 · wd) = 1
    assert [m.fte_required for m in p.months] == pytest.approx([1.0] * 12)
    assert p.totals.hours_total == pytest.approx(252)
    assert p.totals.fte_required == pytest.approx(1.0)
    # with 1 200 h per VZA: hpd = 1200/252; Sep 2021: 22 h / (1200/252 · 22) = 0.21
    p = plan(months(calls), unit_params(productive_hours_per_fte=1200.0))
    assert p.months[0].fte_required == pytest.approx(252 / 1200)
    assert p.totals.fte_required == pytest.approx(252 / 1200)


def test_w12_hpd_and_k_of_a_full_year() -> None:
    p = plan(months([100] * 12), unit_params(productive_hours_per_fte=1200.0))
    assert p.totals.working_days == 252
    assert p.totals.working_days_12 == 252
    assert p.totals.hours_per_fte_day == pytest.approx(1200 / 252)
    assert p.totals.annualization_factor == 1.0
    assert [m.working_days for m in p.months] == WD


def test_seconds_per_conversation() -> None:
    assert (
        PlanningParameters(
            aht_seconds=500, callback_seconds_per_conversation=7, mail_seconds_per_conversation=13
        ).seconds_per_conversation
        == 520
    )


# --------------------------------------------------------------------------- capacity limit


def test_no_month_capped_reaches_target_exactly() -> None:
    p = plan(months([2 * wd for wd in WD]))
    # C = 1 VZA holds wd conversations a month = exactly the required ones
    assert p.totals.capacity_fte == pytest.approx(1.0)
    assert [m.possible_conversations for m in p.months] == pytest.approx(WD)
    assert [m.possible_reachability for m in p.months] == pytest.approx([0.5] * 12)
    assert p.totals.possible_reachability == pytest.approx(0.5)
    assert p.totals.possible_conversations_per_day == pytest.approx(1.0)
    assert p.totals.capacity_fte_for_target == pytest.approx(1.0)


def test_capped_month_brings_the_year_below_target() -> None:
    # October (21 working days) has only 10 planned calls, all other months 2·wd.
    calls = [2 * wd for wd in WD]
    calls[1] = 10
    p = plan(months(calls))
    sum_planned = 504 - 42 + 10  # 472
    assert p.totals.required_conversations == pytest.approx(236)
    c = 236 / 252  # the total VZA the target needs
    assert p.totals.capacity_fte == pytest.approx(c)
    assert p.months[1].possible_conversations == pytest.approx(10)  # capped at its volume (c·21 = 19.7)
    assert p.months[1].possible_reachability == pytest.approx(1.0)
    assert p.months[0].possible_conversations == pytest.approx(c * 22)
    annual = (10 + c * (252 - 21)) / sum_planned  # 226.33 / 472 = 0.4795
    assert p.totals.possible_reachability == pytest.approx(annual)
    assert p.totals.possible_reachability < 0.5
    # smallest C that still reaches 50 %: 10 + C·231 = 236 → C = 226/231
    assert p.totals.capacity_fte_for_target == pytest.approx(226 / 231)


def test_capacity_for_target_reaches_the_target_and_one_percent_less_does_not() -> None:
    calls = [2 * wd for wd in WD]
    calls[1] = 10
    ms = months(calls)
    need = plan(ms).totals.capacity_fte_for_target
    reached = plan(ms, unit_params(capacity_fte=need)).totals.possible_reachability
    short = plan(ms, unit_params(capacity_fte=need * 0.99)).totals.possible_reachability
    assert reached == pytest.approx(0.5)
    assert short is not None and short < 0.5 - 1e-6


def test_given_capacity_limits_every_month() -> None:
    p = plan(months([2 * wd for wd in WD]), unit_params(capacity_fte=0.5))
    assert [m.possible_conversations for m in p.months] == pytest.approx([0.5 * wd for wd in WD])
    assert p.totals.possible_reachability == pytest.approx(0.25)
    assert p.totals.capacity_fte == 0.5
    assert p.totals.possible_conversations_per_day == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        (0.05, 8 / 30),  # need 8 on [0, 1]: 30·C = 8
        (0.5, 3.5),  # need 80 on [1, 5]: 10 + 20·C = 80
        (0.9, 8.4),  # need 144 on [5, 10]: 60 + 10·C = 144
        (1.0, 10.0),  # need 160: the last breakpoint
    ],
)
def test_capacity_solver_exact_piecewise(target: float, expected: float) -> None:
    # planned 10, 50, 100 at 10 conversations per VZA: breakpoints at C = 1, 5 and 10
    planned, rates = [10.0, 50.0, 100.0], [10.0, 10.0, 10.0]
    c = capacity_for_target(planned, rates, target)
    assert c == pytest.approx(expected)
    reach = sum(min(p, c * r) for p, r in zip(planned, rates, strict=True))
    assert reach == pytest.approx(target * 160)
    assert sum(min(p, 0.99 * c * r) for p, r in zip(planned, rates, strict=True)) < target * 160


def test_capacity_solver_ignores_months_without_calls() -> None:
    assert capacity_for_target([0.0, 40.0], [5.0, 10.0], 0.5) == pytest.approx(2.0)
    assert capacity_for_target([0.0, 0.0], [5.0, 10.0], 0.5) == 0.0


# --------------------------------------------------------------------------- Baustein 2


def test_baustein2_jc_conversations_for_a_joint_target() -> None:
    calls = [2 * wd for wd in WD]
    calls[1] = 10
    b2 = Baustein2Setting(chosen=True, joint_target_reachability=0.7)
    p = plan(months(calls), baustein2=b2)
    c = 236 / 252
    # September: 0.7·44 − c·22 = 30.8 − 20.6 = 10.2 conversations, per working day 0.46
    assert p.months[0].jc_conversations == pytest.approx(0.7 * 44 - c * 22)
    assert p.months[0].jc_conversations_per_day == pytest.approx((0.7 * 44 - c * 22) / 22)
    # October: 0.7·10 = 7 < 10 possible → nothing for the JC (never negative)
    assert p.months[1].jc_conversations == 0
    total = sum(0.7 * 2 * wd - c * wd for i, wd in enumerate(WD) if i != 1)
    assert p.totals.jc_conversations == pytest.approx(total)
    assert p.totals.jc_conversations_per_day == pytest.approx(total / 252)
    assert p.totals.joint_reachability is None  # the JC stated no capacity of its own
    assert baustein(p, 2).chosen and baustein(p, 2).hours is None


@pytest.mark.parametrize(("q", "joint"), [(0.3, (252 + 0.3 * 252) / 504), (1.0, 0.7), (0.0, 0.5)])
def test_baustein2_joint_reachability_with_jc_daily_capacity(q: float, joint: float) -> None:
    # SC possible wd, JC would need 0.7·2wd − wd = 0.4·wd; it can do q·wd
    b2 = Baustein2Setting(chosen=True, joint_target_reachability=0.7, jc_capacity_per_day=q)
    p = plan(months([2 * wd for wd in WD]), baustein2=b2)
    assert p.totals.jc_conversations_per_day == pytest.approx(0.4)
    assert p.totals.joint_reachability == pytest.approx(joint)


def test_without_joint_target_the_jc_takes_nothing() -> None:
    p = plan(months([2 * wd for wd in WD]), baustein2=Baustein2Setting(chosen=False))
    assert p.totals.jc_conversations == 0
    assert all(m.jc_conversations == 0 for m in p.months)
    assert not baustein(p, 2).chosen


# --------------------------------------------------------------------------- B1 / B4 and prior-year fulfilment


def test_b1_b4_split_above_the_prior_year() -> None:
    calls = [2 * wd for wd in WD]  # required 252 conversations = 252 h
    prior = [20.0] * 10 + [0.0, 0.0]  # P = 200
    p = plan(months(calls, conversations=prior))
    assert p.totals.prior_year_conversations == 200
    assert p.totals.fulfilment_vs_prior_year == pytest.approx(252 / 200)
    b1, b4 = baustein(p, 1), baustein(p, 4)
    assert b1.hours == pytest.approx(200) and b1.fulfilment == pytest.approx(1.0)
    assert b4.hours == pytest.approx(52) and b4.fulfilment == pytest.approx(0.26)
    assert b1.chosen and b4.chosen
    assert b1.fte == pytest.approx(200 / 252) and b4.fte == pytest.approx(52 / 252)


def test_b1_b4_split_below_the_prior_year() -> None:
    p = plan(months([2 * wd for wd in WD], conversations=[25.0] * 12))  # P = 300 > 252
    b1, b4 = baustein(p, 1), baustein(p, 4)
    assert b1.hours == pytest.approx(252)
    assert b1.fulfilment == pytest.approx(252 / 300)
    assert b4.hours == 0 and not b4.chosen
    assert b4.fulfilment == pytest.approx((252 - 300) / 300)
    assert p.totals.fulfilment_vs_prior_year == pytest.approx(0.84)


def test_prior_year_unknown_puts_everything_in_b1() -> None:
    p = plan(months([2 * wd for wd in WD]))
    b1, b4 = baustein(p, 1), baustein(p, 4)
    assert b1.hours == pytest.approx(252) and b1.fulfilment == 1.0
    assert b4.hours == 0 and not b4.chosen and b4.fulfilment is None
    assert p.totals.prior_year_conversations is None
    assert p.totals.fulfilment_vs_prior_year is None
    assert p.warnings == ()


def test_prior_year_missing_in_some_months_is_treated_as_unknown_with_a_warning() -> None:
    prior: list[float | None] = [20.0] * 11 + [None]
    p = plan(months([2 * wd for wd in WD], conversations=prior))
    assert p.totals.prior_year_conversations is None
    assert baustein(p, 1).hours == pytest.approx(252)
    assert p.warnings and "Vorjahr" in p.warnings[0]


# --------------------------------------------------------------------------- volume Bausteine 3/5/6/7


def test_volume_bausteine_from_entered_volumes() -> None:
    settings = {
        3: BausteinSetting(chosen=True, volume_per_year=1200, minutes_per_item=5, share=0.5),  # 50 h
        5: BausteinSetting(chosen=True, volume_per_year=600, minutes_per_item=6, share=1.0),  # 60 h
        6: BausteinSetting(chosen=False, volume_per_year=999, minutes_per_item=10, share=1.0),  # not chosen
        7: BausteinSetting(chosen=True, volume_per_year=252, minutes_per_item=60, share=0.25),  # 63 h
    }
    p = plan(months([2 * wd for wd in WD]), bausteine=settings)
    got = {n: (baustein(p, n).hours_annualized, baustein(p, n).fte) for n in (3, 5, 6, 7)}
    assert got[3] == pytest.approx((50, 50 / 252))
    assert got[5] == pytest.approx((60, 60 / 252))
    assert got[6] == pytest.approx((0, 0))
    assert got[7] == pytest.approx((63, 0.25))
    assert not baustein(p, 6).chosen
    # B1 252 h + 50 + 60 + 63 = 425 h
    assert p.hours_total_rounded == Decimal("425.0")


def test_volume_bausteine_from_history_columns() -> None:
    history = {
        "voicebox_messages": [10.0] * 12,  # 120 a year
        "outbound_calls": [5.0] * 12,  # 60
        "emails": [30.0] * 12,  # 360
        "overlap_notices": [None] * 11 + [12.0],  # 12 (missing months count as 0)
    }
    settings = {n: BausteinSetting(chosen=True, minutes_per_item=3, share=0.5) for n in (3, 5, 6, 7)}
    p = plan(months([2 * wd for wd in WD], **history), bausteine=settings)
    # volume · 3 min / 60 · 0.5 = volume / 40
    for number, volume in ((3, 120), (5, 60), (6, 360), (7, 12)):
        assert baustein(p, number).hours_annualized == pytest.approx(volume / 40), number
        assert baustein(p, number).hours == pytest.approx(volume / 40), number


def test_entered_volume_wins_over_history() -> None:
    settings = {3: BausteinSetting(chosen=True, volume_per_year=0.0, minutes_per_item=3, share=1.0)}
    p = plan(months([2 * wd for wd in WD], voicebox_messages=[100.0] * 12), bausteine=settings)
    assert baustein(p, 3).hours_annualized == 0


# --------------------------------------------------------------------------- a 9-month period


def test_nine_month_period_is_annualised_by_working_days() -> None:
    wd9 = WD[:9]  # 09/2021–05/2022: 188 working days; W12 from 09/2021 stays 252
    settings = {3: BausteinSetting(chosen=True, minutes_per_item=2, share=0.5)}
    p = plan(months([2 * wd for wd in wd9], voicebox_messages=[10.0] * 9), bausteine=settings)
    k = 252 / 188
    assert p.totals.working_days == 188
    assert p.totals.working_days_12 == 252
    assert p.totals.annualization_factor == pytest.approx(k)
    assert k != pytest.approx(12 / 9)
    assert p.totals.hours_per_fte_day == pytest.approx(1.0)
    # 188 h in 188 working days = 1 VZA; annualised 188·k / 252 = 1
    assert p.totals.hours_total == pytest.approx(188)
    assert p.totals.fte_required == pytest.approx(1.0)
    # capacity and target agree: C = 1 holds wd a month = exactly the required conversations
    assert p.totals.possible_reachability == pytest.approx(0.5)
    b1 = baustein(p, 1)
    assert (b1.hours, b1.hours_annualized, b1.fte) == pytest.approx((188, 252, 1.0))
    # B3 from history: 90 voiceboxes in 9 months → 90·k a year · 2 min / 60 · 0.5
    b3 = baustein(p, 3)
    assert b3.hours_annualized == pytest.approx(90 * k * 2 / 60 * 0.5)
    assert b3.hours == pytest.approx(1.5)
    assert p.hours_total_rounded == round_hours(252 + 90 * k / 60)  # 253.5 h


# --------------------------------------------------------------------------- rounding of hours and costs


def test_total_hours_are_the_sum_of_unrounded_hours_then_rounded() -> None:
    # B1 252 h; B3 and B5 each 0.06 h (3.6 items · 1 min): 252.12 → 252.1
    # (rounding each Baustein first would give 252.0 + 0.1 + 0.1 = 252.2)
    settings = {
        3: BausteinSetting(chosen=True, volume_per_year=3.6, minutes_per_item=1, share=1.0),
        5: BausteinSetting(chosen=True, volume_per_year=3.6, minutes_per_item=1, share=1.0),
    }
    p = plan(months([2 * wd for wd in WD]), bausteine=settings)
    assert p.hours_total_rounded == Decimal("252.1")


def test_total_hours_leave_out_unchosen_bausteine() -> None:
    settings = {3: BausteinSetting(chosen=False, volume_per_year=6000, minutes_per_item=1, share=1.0)}
    assert plan(months([2 * wd for wd in WD]), bausteine=settings).hours_total_rounded == Decimal("252.0")


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        (236.05, "236.1"),
        (0.05, "0.1"),
        (7013.575399166666 + 589.1292685416666, "7602.7"),
        (7043.14 + 600.24, "7643.4"),  # the seed: 7 043,1 + 600,2 printed as 7 643,4
        (0.04999, "0.0"),
    ],
)
def test_round_hours_half_up(hours: float, expected: str) -> None:
    assert round_hours(hours) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"), [("4.925", "4.93"), ("0.005", "0.01"), ("0.0049", "0.00"), ("2.675", "2.68")]
)
def test_round_cent_half_up(value: str, expected: str) -> None:
    assert round_cent(Decimal(value)) == Decimal(expected)


def test_costs_half_up_to_the_cent() -> None:
    prices = PriceSheet(2023, {1: TermPrice(Decimal("0.125"), Decimal("49.25"))})
    (line,) = first_year_costs(Decimal("0.1"), 1, prices)
    assert line.base_price == Decimal("0.13")  # 1 · 0.125 → half up (half even would give 0.12)
    assert line.volume_price == Decimal("4.93")  # 0.1 h · 49.25 = 4.925 → 4.93
    assert line.total == Decimal("5.06")
    assert all(isinstance(x, Decimal) for x in (line.base_price, line.volume_price, line.total))


def test_costs_of_a_plan_use_rounded_hours_and_the_bg() -> None:
    # 252 h; BG 1 000; 2023 prices: 1 year 30 960.00 + 252·49.20 = 12 398.40
    p = plan(months([2 * wd for wd in WD]), prices=default_price_sheet(), bg_count=1000)
    assert [(c.term_years, c.base_price, c.volume_price, c.total) for c in p.costs] == [
        (1, Decimal("30960.00"), Decimal("12398.40"), Decimal("43358.40")),
        (2, Decimal("30000.00"), Decimal("12096.00"), Decimal("42096.00")),
        (3, Decimal("29520.00"), Decimal("11944.80"), Decimal("41464.80")),
    ]
    assert p.cost_for(2) is p.costs[1]
    assert plan(months([2 * wd for wd in WD]), prices=default_price_sheet()).costs == ()


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("params", "column"),
    [
        ({"target_reachability": 0.0}, "parameters.target_reachability"),
        ({"target_reachability": 1.5}, "parameters.target_reachability"),
        ({"share_calls": -0.1}, "parameters.share_calls"),
        ({"aht_seconds": 0.0}, "parameters.aht_seconds"),
        ({"productive_hours_per_fte": 0.0}, "parameters.productive_hours_per_fte"),
        ({"capacity_fte": 0.0}, "parameters.capacity_fte"),
    ],
)
def test_bad_parameters_raise_german_errors(params: dict[str, float], column: str) -> None:
    with pytest.raises(O7InputError, match="muss") as info:
        plan(months([100]), unit_params(**params))
    assert [p.column for p in info.value.problems] == [column]


def test_bad_months_raise_german_errors() -> None:
    with pytest.raises(O7InputError, match="keine Monatswerte"):
        plan([])
    with pytest.raises(O7InputError, match="doppelt"):
        plan([MonthData(FIRST, 1), MonthData(FIRST, 2)])
    with pytest.raises(O7InputError, match="Lücke im Bezugszeitraum"):
        plan([MonthData(FIRST, 1), MonthData(FIRST.shift(2), 2)])
    with pytest.raises(O7InputError, match="negativ") as info:
        plan(months([100, -1]))
    assert info.value.problems[0].row == 2 and info.value.problems[0].column == "Anrufe"
    with pytest.raises(O7InputError, match="höchstens 24"):
        plan(months([1] * 25))
    with pytest.raises(O7InputError, match="Bedarfsgemeinschaften"):
        plan(months([100]), prices=default_price_sheet(), bg_count=0)
    with pytest.raises(O7InputError, match="Unbekanntes Bundesland"):
        plan(months([100]), state="Bavaria")
