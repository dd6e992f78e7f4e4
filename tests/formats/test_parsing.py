"""German numbers and months as Jobcenters' files write them (o7core.parsing)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from o7core.month import Month
from o7core.parsing import (
    normalize_header,
    parse_count,
    parse_duration_seconds,
    parse_money,
    parse_month,
    parse_number,
    parse_percent,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("7.672", 7672),
        ("7672", 7672),
        ("10.462", 10462),
        ("1.234.567", 1234567),
        ("7672.0", 7672),
        (7672.0, 7672),
        (" 7 672 ", 7672),
        ("0", 0),
    ],
)
def test_counts_read_the_german_way(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("ca. 500", "keine Zahl"),
        ("n/a", "keine Zahl"),
        ("-12", "negativ"),
        ("7,5", "ganzzahlig"),
        ("7.5", "ganzzahlig"),
        (7.5, "ganzzahlig"),
        ("", "leer"),
        (True, "Wahrheitswert"),
    ],
)
def test_counts_refuse_what_is_not_a_count(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_count(text)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("562,285", "decimal", 562.285),
        ("1.234,5", "decimal", 1234.5),
        ("4,85", "decimal", 4.85),
        ("100,0%", "percent", 1.0),
        ("55,0 %", "percent", 0.55),
        ("55", "percent", 0.55),
        ("0,55", "percent", 0.55),
        ("0,0%", "percent", 0.0),
    ],
)
def test_decimals_and_percentages(text, kind, expected):
    assert parse_number(text, kind=kind) == pytest.approx(expected)


def test_percent_outside_0_to_100_is_refused():
    with pytest.raises(ValueError, match="zwischen 0 % und 100 %"):
        parse_percent("120 %")


@pytest.mark.parametrize(
    "text",
    ["Sep 21", "Sept. 2021", "SEP 21", "09/2021", "9/21", "09.2021", "01.09.2021", "2021-09", "2021/09", "Sep-21",
     "September 2021", datetime(2021, 9, 1), date(2021, 9, 30), 44440, 44468.0, 202109],
)  # fmt: skip
def test_months_in_every_form_mean_september_2021(text):
    assert parse_month(text) == Month(2021, 9)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("OkT 21", Month(2021, 10)), ("Mrz 22", Month(2022, 3)), ("März 2022", Month(2022, 3)),
     ("Maerz 22", Month(2022, 3)), ("Jul 2024", Month(2024, 7)), ("Dez. 21", Month(2021, 12))],
)  # fmt: skip
def test_german_month_names(text, expected):
    assert parse_month(text) == expected


@pytest.mark.parametrize(("text", "reason"), [("Sepx 21", "Monatsname"), ("13/2021", "Monat 13"), ("", "leer"),
                                              ("irgendwann", "kein erkennbarer Monat")])  # fmt: skip
def test_bad_months(text, reason):
    with pytest.raises(ValueError, match=reason):
        parse_month(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30,96", "30.96"), ("30.96", "30.96"), ("1.234,56 €", "1234.56"), ("49,20 EUR", "49.20"), (47.4, "47.4")],
)
def test_money_is_decimal(text, expected):
    assert parse_money(text) == Decimal(expected)


def test_negative_money_is_refused():
    with pytest.raises(ValueError, match="≥ 0"):
        parse_money("-3,00")


def test_headers_match_with_umlauts_or_ae_and_any_case():
    assert normalize_header("Gespräche") == normalize_header("GESPRAECHE") == "gespraeche"
    assert normalize_header("Über-schneidungs Mitteilungen") == "ueberschneidungsmitteilungen"


def test_durations():
    assert parse_duration_seconds("9:22") == 562
    assert parse_duration_seconds("562,285") == pytest.approx(562.285)
