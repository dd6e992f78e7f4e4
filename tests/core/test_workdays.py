"""Working days (Arbeitstage) per Bundesland, counted by hand from the calendar.

Each expected figure below was counted from a printed calendar: Monday–Friday of the month,
minus the statutory holidays of the Bundesland that fall on a weekday, minus 24 and 31 December.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from o7core import STATES, O7InputError, normalize_state, working_days, working_days_12
from o7core.month import Month
from o7core.workdays import hours_per_fte_day

# Golden case: BW, 09/2021–08/2022 (PLANNING_MODEL.md).
BW_2021_09_TO_2022_08 = [22, 21, 21, 21, 20, 20, 23, 19, 21, 20, 21, 23]


@pytest.mark.parametrize(
    ("state", "year", "month", "expected", "why"),
    [
        # January 2022: 21 weekdays; Epiphany (Thu 6 Jan) only in BW, BY (and ST).
        ("BW", 2022, 1, 20, "Heilige Drei Könige, Do 06.01."),
        ("BY", 2022, 1, 20, "Heilige Drei Könige, Do 06.01."),
        ("NW", 2022, 1, 21, "kein Feiertag an einem Werktag"),
        ("BE", 2022, 1, 21, "kein Feiertag an einem Werktag"),
        ("SN", 2022, 1, 21, "kein Feiertag an einem Werktag"),
        # November 2022: 22 weekdays; All Saints Tue 1 Nov (BW, BY, NW); Buß- und Bettag Wed 16 Nov (SN).
        ("SN", 2022, 11, 21, "Buß- und Bettag, Mi 16.11."),
        ("BW", 2022, 11, 21, "Allerheiligen, Di 01.11."),
        ("BY", 2022, 11, 21, "Allerheiligen, Di 01.11."),
        ("NW", 2022, 11, 21, "Allerheiligen, Di 01.11."),
        ("BE", 2022, 11, 22, "kein Feiertag an einem Werktag"),
        # October 2022: 21 weekdays; Unity Day Mon 3 Oct everywhere; Reformation Day Mon 31 Oct in SN.
        ("SN", 2022, 10, 19, "Tag der Deutschen Einheit und Reformationstag"),
        ("BW", 2022, 10, 20, "Tag der Deutschen Einheit"),
        ("BE", 2022, 10, 20, "Tag der Deutschen Einheit"),
        # March 2023: 23 weekdays; International Women's Day Wed 8 March is a holiday in Berlin since 2019.
        ("BE", 2023, 3, 22, "Internationaler Frauentag, Mi 08.03."),
        ("BW", 2023, 3, 23, "kein Feiertag"),
        ("BE", 2019, 3, 20, "Frauentag 2019 zum ersten Mal, Fr 08.03."),
        ("BE", 2018, 3, 21, "nur Karfreitag 30.03., Frauentag gab es 2018 noch nicht"),
        # June 2022: 22 weekdays; Whit Monday 6 June everywhere; Corpus Christi Thu 16 June in BW, BY, NW.
        ("NW", 2022, 6, 20, "Pfingstmontag und Fronleichnam"),
        ("BW", 2022, 6, 20, "Pfingstmontag und Fronleichnam"),
        ("BE", 2022, 6, 21, "nur Pfingstmontag"),
        ("SN", 2022, 6, 21, "nur Pfingstmontag"),
    ],
)
def test_working_days_of_known_months(state: str, year: int, month: int, expected: int, why: str) -> None:
    assert working_days(Month(year, month), state) == expected, why


def test_golden_period_bw() -> None:
    first = Month(2021, 9)
    assert [working_days(first.shift(i), "BW") for i in range(12)] == BW_2021_09_TO_2022_08
    assert working_days_12(first, "BW") == 252


@pytest.mark.parametrize("state", sorted(STATES))
def test_24_and_31_december_are_never_working_days(state: str) -> None:
    # December 2024: 22 weekdays; 25/26 (Wed/Thu) are holidays, 24 and 31 (both Tuesdays) are off too.
    assert working_days(Month(2024, 12), state) == 18
    # December 2021: 23 weekdays; Christmas falls on the weekend, 24 and 31 are Fridays.
    assert working_days(Month(2021, 12), state) == 21


def _count_by_hand(first: Month, free: set[date]) -> int:
    """W12 counted independently of the holidays package: weekdays minus a hand-written list."""
    start = date(first.year, first.month, 1)
    last = first.shift(12)
    end = date(last.year, last.month, 1)
    count = 0
    day = start
    while day < end:
        if day.weekday() < 5 and day not in free and not (day.month == 12 and day.day in (24, 31)):
            count += 1
        day += timedelta(days=1)
    return count


def test_w12_by_hand() -> None:
    # Berlin 2023: 260 weekdays; on weekdays fall 8.3., Karfreitag 7.4., Ostermontag 10.4., 1.5.,
    # Himmelfahrt 18.5., Pfingstmontag 29.5., 3.10., 25.12. and 26.12. (24.12. and 31.12. are Sundays).
    be_2023 = {
        date(2023, m, d) for m, d in [(3, 8), (4, 7), (4, 10), (5, 1), (5, 18), (5, 29), (10, 3), (12, 25), (12, 26)]
    }
    assert _count_by_hand(Month(2023, 1), be_2023) == 251
    assert working_days_12(Month(2023, 1), "BE") == 251
    # Sachsen 2022: 260 weekdays; Karfreitag 15.4., Ostermontag 18.4., Himmelfahrt 26.5., Pfingstmontag 6.6.,
    # 3.10., Reformationstag 31.10., Buß- und Bettag 16.11., 26.12.
    sn_2022 = {date(2022, m, d) for m, d in [(4, 15), (4, 18), (5, 26), (6, 6), (10, 3), (10, 31), (11, 16), (12, 26)]}
    assert working_days_12(Month(2022, 1), "SN") == _count_by_hand(Month(2022, 1), sn_2022) == 252
    # Baden-Württemberg 2022: as Sachsen without 31.10./16.11., plus 6.1., Fronleichnam 16.6., Allerheiligen 1.11.
    bw_2022 = (sn_2022 - {date(2022, 10, 31), date(2022, 11, 16)}) | {
        date(2022, 1, 6),
        date(2022, 6, 16),
        date(2022, 11, 1),
    }
    assert working_days_12(Month(2022, 1), "BW") == _count_by_hand(Month(2022, 1), bw_2022) == 251


def test_w12_spans_two_calendar_years() -> None:
    first = Month(2021, 9)
    assert working_days_12(first, "NW") == sum(working_days(first.shift(i), "NW") for i in range(12))
    # NW lacks BW's Epiphany (Thu 6.1.2022); both have All Saints (Mon 1.11.2021) and Corpus Christi.
    assert working_days_12(first, "NW") == working_days_12(first, "BW") + 1


def test_hours_per_fte_day() -> None:
    assert hours_per_fte_day(1200, Month(2021, 9), "BW") == pytest.approx(1200 / 252)


@pytest.mark.parametrize(
    ("text", "code"), [("BW", "BW"), ("de-by", "BY"), (" Sachsen ", "SN"), ("NRW", "NW"), ("Berlin", "BE")]
)
def test_state_names_and_codes(text: str, code: str) -> None:
    assert normalize_state(text) == code
    assert working_days(Month(2022, 11), text) == working_days(Month(2022, 11), code)


@pytest.mark.parametrize("bad", ["XX", "Bavaria", "", "DE"])
def test_unknown_state_is_a_german_input_error(bad: str) -> None:
    with pytest.raises(O7InputError, match="Unbekanntes Bundesland") as info:
        working_days(Month(2022, 1), bad)
    problem = info.value.problems[0]
    assert problem.column == "Bundesland"
    assert "BW" in (problem.expected or "")
