"""Numbers typed into the app's fields (o7core.parsing.parse_typed_number, o7core.fmt.field_number).

Typed numbers follow the file rules of ``parse_number``: a field and a file read the same text
to the same value, except the lone ``1.234`` in a decimal field (thousands, as the field shows it).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from o7core import fmt
from o7core.parsing import parse_count, parse_number, parse_typed_number


@pytest.mark.parametrize(
    ("text", "kind", "unit", "expected", "decimals"),
    [
        ("562,5", "decimal", None, 562.5, 1),
        ("562,285", "decimal", None, 562.285, 3),
        ("1.234", "decimal", None, 1234.0, 0),
        ("1.234", "count", None, 1234.0, 0),
        ("1.234,5", "decimal", None, 1234.5, 1),
        ("5.642", "count", None, 5642.0, 0),
        ("500.000 €", "decimal", "€", 500000.0, 0),
        ("500.000,00 €", "decimal", "€", 500000.0, 2),
        ("€ 1.234,56", "decimal", "€", 1234.56, 2),
        ("30,96 EUR", "decimal", "€", 30.96, 2),
        ("2,5 %", "decimal", "%", 2.5, 1),
        ("2,5%", "decimal", "%", 2.5, 1),
        ("2,5", "decimal", "%", 2.5, 1),
        ("562.5", "decimal", None, 562.5, 1),
        ("0.125", "decimal", None, 0.125, 3),
        ("1234.567", "decimal", None, 1234.567, 3),
        ("1.234.567", "count", None, 1234567.0, 0),
        ("7672.0", "count", None, 7672.0, 0),
        (" 7 672 ", "count", None, 7672.0, 0),
        ("1\u00a0234,5", "decimal", None, 1234.5, 1),
        ("-3,5", "decimal", None, -3.5, 1),
        ("−3,5", "decimal", None, -3.5, 1),
        ("+4", "decimal", None, 4.0, 0),
        (",5", "decimal", None, 0.5, 1),
        ("0", "count", None, 0.0, 0),
    ],
)
def test_german_typing_is_read(text, kind, unit, expected, decimals):
    typed = parse_typed_number(text, kind=kind, unit=unit)
    assert typed is not None
    assert typed.value == pytest.approx(expected, abs=0, rel=1e-15)
    assert typed.decimals == decimals


@pytest.mark.parametrize("text", ["", "   ", "\u00a0", "€"])
def test_an_empty_field_is_none(text):
    assert parse_typed_number(text, unit="€") is None


@pytest.mark.parametrize(
    ("text", "kind", "unit", "reason"),
    [
        ("abc", "decimal", None, "keine Zahl"),
        ("ca. 500", "count", None, "keine Zahl"),
        ("7,5", "count", None, "ganzzahlig"),
        ("5,642", "count", None, "ganzzahlig"),
        ("7.5", "count", None, "ganzzahlig"),
        ("1.23,5", "decimal", None, "Dreiergruppen"),
        ("12.34.567", "decimal", None, "Dreiergruppen"),
        ("1,2,3", "decimal", None, "mehr als ein Komma"),
        ("1,23.5", "decimal", None, "Komma und Punkt"),
        ("5 %", "decimal", None, "Einheit"),
        ("5 €", "decimal", "%", "Einheit"),
        ("1e5", "decimal", None, "keine Zahl"),
        ("-", "decimal", None, "keine Zahl"),
        ("..", "decimal", None, "keine Zahl"),
    ],
)
def test_unreadable_input_is_refused_in_german(text, kind, unit, reason):
    with pytest.raises(ValueError, match=reason):
        parse_typed_number(text, kind=kind, unit=unit)


def test_the_reading_is_noted_where_it_is_not_obvious():
    assert parse_typed_number("562,5").note == ""
    assert "Dezimalzeichen" in parse_typed_number("562.5").note
    note = parse_typed_number("562.285").note
    assert "Tausendertrennzeichen" in note and "562,285" in note  # and says how to write the decimal
    assert parse_typed_number("5.642", kind="count").note == ""  # a count has no decimals: clear
    assert parse_typed_number("500.000 €", unit="€").note == ""  # cents have two digits: clear
    assert "englisch" in parse_typed_number("1,234.5").note


@pytest.mark.parametrize("text", ["7.672", "7672", "10.462", "1.234.567", "7672.0", " 7 672 "])
def test_counts_read_as_the_import_reads_them(text):
    assert parse_typed_number(text, kind="count").value == parse_count(text)


@pytest.mark.parametrize("text", ["562,285", "1.234,5", "4,85", "562.5", "0,75", "1.234.567", "1,234.5"])
def test_decimals_read_as_the_import_reads_them(text):
    assert parse_typed_number(text).value == pytest.approx(parse_number(text, kind="decimal"))


@pytest.mark.parametrize(
    ("value", "decimals", "options", "text"),
    [
        (562.285, 3, {}, "562,285"),
        (562.5, 3, {}, "562,5"),
        (1.7645, 4, {}, "1,7645"),
        (1600.0, 0, {}, "1.600"),
        (0.0, 2, {}, "0"),
        (526919.82, 2, {"fixed": True}, "526.919,82"),
        (500000.0, 2, {"fixed": True}, "500.000,00"),
        (2023.0, 0, {"grouping": False}, "2023"),
        (None, 2, {}, ""),
    ],
)
def test_fields_show_values_the_german_way(value, decimals, options, text):
    assert fmt.field_number(value, decimals, **options) == text


@given(
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from([0, 1, 2, 3]),
    st.booleans(),
)
def test_what_a_field_shows_reads_back_to_the_same_value(value, decimals, fixed):
    text = fmt.field_number(value, decimals, fixed=fixed)
    typed = parse_typed_number(text)
    assert typed is not None
    shown = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    assert typed.value == pytest.approx(float(shown), rel=1e-12, abs=1e-9)
