"""The BA cost rule of ``PLANNING_MODEL.md`` ("Costs") and its rounding, in ``Decimal``.

First contract year for a term ``T``:
``base_price = round_cent(bg_count · base_per_bg[T])``,
``volume_price = round_cent(hours_total_rounded · per_hour[T])``, ``total = base + volume``;
hours are rounded half-up to 0.1 h, money half-up (kaufmännisch) to the cent.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from ..model import CostLine, PriceSheet, TermPrice

CENT = Decimal("0.01")
TENTH = Decimal("0.1")


def round_cent(value: Decimal) -> Decimal:
    """Commercial rounding (kaufmännisch, half up) to the cent."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def round_hours(hours: float | Decimal) -> Decimal:
    """Hours rounded half-up to 0.1 h, from the shortest decimal form of the float."""
    value = hours if isinstance(hours, Decimal) else Decimal(repr(float(hours)))
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def cost_line(term_years: int, hours_rounded: Decimal, bg_count: int, price: TermPrice) -> CostLine:
    base = round_cent(Decimal(bg_count) * price.base_per_bg)
    volume = round_cent(hours_rounded * price.per_hour)
    return CostLine(term_years, base, volume, base + volume)


def first_year_costs(hours_rounded: Decimal, bg_count: int, prices: PriceSheet) -> tuple[CostLine, ...]:
    """Costs of the first contract year for every term of the price sheet, shortest term first."""
    return tuple(cost_line(term, hours_rounded, bg_count, prices.terms[term]) for term in sorted(prices.terms))
