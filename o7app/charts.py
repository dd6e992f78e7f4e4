"""Altair helpers with German number and month labels (Vega expressions, no locale files)."""

from __future__ import annotations


def german_number_expr(decimals: int = 0, field: str = "datum.value", suffix: str = "") -> str:
    """A Vega label expression that prints ``1.234,5`` instead of ``1,234.5``."""
    base = f"format({field}, ',.{decimals}f')"
    swapped = (
        f"replace(replace(replace({base}, regexp(',', 'g'), '#'), regexp('\\\\.', 'g'), ','), regexp('#', 'g'), '.')"
    )
    return swapped + (f" + '{suffix}'" if suffix else "")


def german_percent_expr(decimals: int = 0, field: str = "datum.value") -> str:
    """``0.55`` → ``55 %`` (``55,0 %`` with one decimal)."""
    return german_number_expr(decimals, f"{field} * 100", suffix="\u00a0%")


# Colour-blind-safe palette (Okabe–Ito): blue, orange, sky blue, bluish green, vermillion, grey
BLUE = "#0072B2"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
VERMILLION = "#D55E00"
GREY = "#999999"
