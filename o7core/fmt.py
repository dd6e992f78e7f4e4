"""German display formatting, the one place for it (pages, tables and exports use this).

Built on Babel's ``de_DE`` locale: ``1.234,5``, ``55,0 %``, ``550.731,60 €``, ``07.11.2022``,
``Sep 2021``. The display precisions of ``PLANNING_MODEL.md``: counts 0 decimals, hours 1,
monthly VZA 1, annual VZA 2, percentages 1 (0 in monthly tables), money 2.
A missing value (``None``) is shown as an en dash.
"""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import cache

from babel import Locale
from babel.numbers import NumberPattern, parse_pattern

from .month import Month

LOCALE = "de_DE"
#: parsed once: ``format_decimal(…, locale="de_DE")`` parses the locale and its data on every call, which was
#: two thirds of the time of a number (a Kennzahlen run formats ~400 of them)
_DE = Locale.parse(LOCALE)
_DE.number_symbols  # noqa: B018  (loads the locale data now, not in the first of several threads)
DASH = "–"
NBSP = "\u00a0"


def _quantize(value: float | Decimal, decimals: int) -> Decimal:
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if not d.is_finite():
        raise ValueError(f"{value!r} ist keine endliche Zahl")
    return d.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _digits(value: float | Decimal) -> int:
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return max(0, d.adjusted()) if d.is_finite() else 0


def number(value: float | Decimal | None, decimals: int = 0) -> str:
    """``1.234,5``: German grouping and decimal comma, rounded half up."""
    if value is None:
        return DASH
    with localcontext() as ctx:  # 1e30 with 2 decimals needs 33 digits, more than the default 28 (also in Babel)
        ctx.prec = max(ctx.prec, _digits(value) + decimals + 3)
        q = _quantize(value, decimals)
        if q == 0:
            q = abs(q)  # no "-0,0"
        # what babel.numbers.format_decimal(q, format=…, locale=LOCALE) does, with the locale parsed once
        text: str = _pattern(decimals).apply(
            q, _DE, decimal_quantization=True, group_separator=True, numbering_system="latn"
        )
        return text


@cache
def _pattern(decimals: int) -> NumberPattern:
    return parse_pattern("#,##0" + ("." + "0" * decimals if decimals else ""))


def count(value: float | None) -> str:
    """Counts (Anzahl): no decimals."""
    return number(value, 0)


def hours(value: float | Decimal | None) -> str:
    """Hours (Stunden): one decimal."""
    return number(value, 1)


def fte(value: float | None, *, annual: bool = True) -> str:
    """VZA: two decimals for annual figures, one for monthly ones."""
    return number(value, 2 if annual else 1)


def percent(value: float | None, decimals: int = 1, *, trim: bool = False) -> str:
    """A fraction as percent: ``0.55`` → ``55,0 %``; ``trim``: a whole percent without decimals (``55 %``,
    but ``55,5 %``)."""
    if value is None:
        return DASH
    if trim and round(value * 100, 6).is_integer():
        decimals = 0
    return number(value * 100, decimals) + NBSP + "%"


def money(value: Decimal | float | None) -> str:
    """Euro to the cent: ``550.731,60 €``."""
    if value is None:
        return DASH
    return number(value, 2) + NBSP + "€"


def signed(text: str, value: float | Decimal) -> str:
    """Prefix a formatted delta with ``+`` where positive."""
    return ("+" + text) if value > 0 and not text.startswith("+") else text


def delta(value: float, decimals: int = 1) -> str:
    """A signed change: ``+1,2``, ``−0,8`` (typographic minus), ``0,0``; the sign as the rounded figure shows it."""
    return signed(number(value, decimals), round(value, decimals)).replace("-", "−")


def points(value: float, decimals: int = 1, *, sign: bool = True) -> str:
    """Percentage points (Prozentpunkte): ``+1,2 Punkte``, ``−0,8 Punkte``; ``sign=False``: ``1,2 Punkte``."""
    return (delta(value, decimals) if sign else number(value, decimals)) + NBSP + "Punkte"


def term(years: int, *, dative: bool = False) -> str:
    """A contract term (Laufzeit): ``1 Jahr``, ``2 Jahre``; ``dative`` after "von", "bei": ``3 Jahren``."""
    if years == 1:
        return f"{years} Jahr"
    return f"{years} Jahren" if dative else f"{years} Jahre"


def figure(value: float | Decimal | int) -> str:
    """A number as a message quotes it (a value found in a file, a field or a bound): ``7,5``, ``36.000``,
    ``-12``, ``0,000123``: up to six decimals without trailing zeros; from 10^15 (and below 10^-6) ``1,23e+15``;
    never raises."""
    v = float(value)
    if v != v:
        return "keine Zahl"
    if v in (float("inf"), float("-inf")):
        return "unendlich" if v > 0 else "minus unendlich"
    if abs(v) >= 1e15 or 0 < abs(v) < 1e-6:
        return f"{v:.3g}".replace(".", ",")
    return field_number(value, 6)


def day(value: date | None) -> str:
    """``07.11.2022``."""
    return DASH if value is None else value.strftime("%d.%m.%Y")


def month_label(month: Month, *, numeric: bool = False) -> str:
    """``Sep 2021`` or ``09/2021``."""
    return month.label_numeric if numeric else month.label


def period_text(first: Month, last: Month) -> str:
    """``01.09.2021 bis 31.08.2022``: the Bezugszeitraum as the BA documents write it."""
    import calendar

    end_day = calendar.monthrange(last.year, last.month)[1]
    return f"01.{first.month:02d}.{first.year} bis {end_day:02d}.{last.month:02d}.{last.year}"


def json_number(value: float) -> str:
    """A number as the scenario file (JSON) writes it, decimal point and no grouping (``1.5``, ``36000``): for
    quoting a value found in such a file, so that it can be searched for there."""
    return f"{value:g}"


def field_number(
    value: float | Decimal | None, decimals: int = 0, *, fixed: bool = False, grouping: bool = True
) -> str:
    """A value as an input field shows it: ``562,285``, ``1.600``, ``526.919,82``; empty for ``None``.

    Rounded half up to ``decimals``; trailing zeros after the comma are dropped (``562,5``, not
    ``562,500``) unless ``fixed`` (money: ``500.000,00``); ``grouping=False`` for years (``2023``).
    :func:`o7core.parsing.parse_typed_number` reads every such text back to the value.
    """
    if value is None:
        return ""
    text = number(value, decimals)
    if not grouping:
        text = text.replace(".", "")
    if decimals and not fixed:
        text = text.rstrip("0").rstrip(",")
    return text
