"""Plausible ranges of every value from a file, a scenario or an input, checked before any plan is made.

One table (:data:`RANGES`, :data:`TEXT_LENGTHS`) for the readers, the scenario file, the planning parameters,
the price sheet and the pages' inputs (the German number input of ``o7app`` parses, this module judges).
Whatever passes these checks plans, formats and exports without an exception (``tests/security``). Each
refusal is a German :class:`~o7core.errors.Problem` naming the field, the row where known and the allowed
range. The ranges are wide: 100 times what the largest Jobcenter needs, far below what breaks arithmetic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from .errors import Problem


@dataclass(frozen=True, slots=True)
class Range:
    low: float
    high: float
    low_open: bool = False  # the value must be *above* ``low``


#: kind of value → allowed range
RANGES: dict[str, Range] = {
    "count": Range(0, 10_000_000),  # calls, conversations … of one month (a large Jobcenter: ~200.000)
    "bg": Range(1, 1_000_000),  # Bedarfsgemeinschaften (Berlin: ~300.000)
    "fte": Range(0, 100_000),  # VZA of the Jobcenter
    "capacity_fte": Range(0, 10_000, low_open=True),  # VZA of the Service Center for one Jobcenter
    "productive_hours": Range(100, 8760),  # productive hours per VZA and year (BA: 1.200)
    "seconds": Range(0, 36_000),  # handling times per conversation
    "price": Range(0, 100_000),  # € per BG, € per hour
    "budget": Range(0, 10_000_000_000),  # € per year
    "volume": Range(0, 100_000_000),  # items per year of a volume Baustein
    "per_day": Range(0, 1_000_000),  # conversations per working day
    "year": Range(1990, 2100),
}

#: text field (last part of its name) → most characters; others: :data:`DEFAULT_TEXT_LENGTH`
TEXT_LENGTHS: dict[str, int] = {"jcnr": 20, "other_agreements": 2000, "baustein2_text": 2000}
DEFAULT_TEXT_LENGTH = 200


def _shown(value: float | Decimal) -> str:
    from . import fmt

    try:
        if isinstance(value, Decimal) and (not value.is_finite() or abs(value.adjusted()) > 30):
            return "eine Zahl mit mehr als 30 Stellen" if value.is_finite() else "keine endliche Zahl"
        if isinstance(value, float) and not math.isfinite(value):
            return "keine endliche Zahl"
        if isinstance(value, int) and abs(value) > 10**30:
            return "eine Zahl mit mehr als 30 Stellen"
        if abs(float(value)) >= 1e15:
            return fmt.figure(value)
        return fmt.number(value, 0 if float(value).is_integer() else 2)
    except (ArithmeticError, ValueError, OverflowError):
        return "keine darstellbare Zahl"


def range_text(kind: str) -> str:
    r = RANGES[kind]
    low = ("über " if r.low_open else "") + _shown(r.low)
    return f"{low} bis {_shown(r.high)}"


def out_of_range(
    kind: str,
    value: float | int | Decimal | None,
    label: str,
    *,
    row: int | None = None,
    column: str | None = None,
    severity: str = "error",
) -> Problem | None:
    """A German problem when ``value`` is outside the range of ``kind`` (or not a finite number); else ``None``."""
    if value is None:
        return None
    r = RANGES[kind]
    try:
        number = Decimal(value) if not isinstance(value, Decimal) else value
        ok = number.is_finite() and (number > r.low if r.low_open else number >= r.low) and number <= r.high
    except (ArithmeticError, ValueError, TypeError):
        ok = False
    if ok:
        return None
    return Problem(
        f"{label} liegt außerhalb des erlaubten Bereichs ({range_text(kind)}).",
        row=row,
        column=column or label,
        value=_shown(value) if isinstance(value, (int, float, Decimal)) else str(value)[:40],
        expected=f"einen Wert von {range_text(kind)}",
        severity=severity,
    )


def text_too_long(field: str, value: str, *, row: int | None = None, column: str | None = None) -> Problem | None:
    """A German problem when a text is longer than its field allows (it is refused, never cut silently)."""
    limit = TEXT_LENGTHS.get(field.rsplit(".", 1)[-1], DEFAULT_TEXT_LENGTH)
    if len(value) <= limit:
        return None
    from . import fmt

    return Problem(
        f"Der Text ist {fmt.count(len(value))} Zeichen lang; erlaubt sind höchstens {fmt.count(limit)}.",
        row=row,
        column=column or field,
        value=value[:40] + "…",
        expected=f"höchstens {fmt.count(limit)} Zeichen",
    )
