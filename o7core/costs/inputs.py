"""What every cost question checks of its input (a BG count, a price sheet, a number typed in German),
and the resolution of the target reachability the curve and the budget answer use."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from ..errors import O7InputError, Problem
from ..model import PriceSheet

#: Resolution of the target reachability: the curve and the budget answer use basis points
#: (1/10 000), so that every target is the exact float of its decimal form (0.555 == 5550/10000).
BASIS = 10_000
ZERO = Decimal(0)
HUNDRED = Decimal(100)


def to_decimal(value: Decimal | float | int | str, field: str, label: str) -> Decimal:
    if isinstance(value, Decimal):
        result = value
    else:
        try:
            result = Decimal(repr(value) if isinstance(value, float) else str(value).strip().replace(",", "."))
        except (InvalidOperation, ValueError):
            raise O7InputError(
                Problem(f"{label} ist keine Zahl.", column=field, value=str(value), expected="Zahl wie 2,5")
            ) from None
    if not result.is_finite():
        raise O7InputError(Problem(f"{label} ist keine Zahl.", column=field, value=str(value), expected="Zahl"))
    return result


def require_bg(bg_count: int | None, field: str = "bg_count_contract_year") -> int:
    if bg_count is None or bg_count <= 0:
        raise O7InputError(
            Problem(
                "Für die Kosten fehlt die Zahl der Bedarfsgemeinschaften (BG) im Vertragsjahr.",
                column=field,
                value=None if bg_count is None else str(bg_count),
                expected="ganze Zahl > 0",
            )
        )
    return bg_count


def require_prices(prices: PriceSheet) -> None:
    if not prices.terms:
        raise O7InputError(
            Problem("Das Preisblatt enthält keine Laufzeit.", column="prices.terms", expected="Laufzeiten 1, 2, 3")
        )


def percent_points(step: int) -> Decimal:
    """A step in basis points as percentage points (50 → 0.5)."""
    return Decimal(step) / Decimal(BASIS // 100)
