"""The price sheet (Preisblatt): € per BG and € per hour for each term, from and to the JSON form of
the scenario file, and the sheet shipped with the package. German problems for bad prices."""

from __future__ import annotations

import json
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any

from ..errors import O7InputError, Problem
from ..model import PriceSheet, TermPrice
from ..ranges import out_of_range


def _decimal(value: Any, where: str) -> Decimal:
    try:
        result = Decimal(str(value).strip().replace(",", ".")) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        raise O7InputError(
            Problem("Kein gültiger Eurobetrag.", column=where, value=str(value), expected="Zahl wie 30.96")
        ) from None
    if not result.is_finite() or result < 0:
        raise O7InputError(
            Problem("Preis muss eine Zahl ≥ 0 sein.", column=where, value=str(value)[:40], expected="Zahl wie 30.96")
        )
    problem = out_of_range("price", result, "Der Preis", column=where)
    if problem is not None:
        raise O7InputError(problem)
    return result


def price_sheet_from_dict(data: Mapping[str, Any], *, where: str = "prices") -> PriceSheet:
    """Build a :class:`PriceSheet` from the scenario's ``prices`` object (money as strings)."""
    if not isinstance(data, Mapping):
        raise O7InputError(Problem("Preisblatt muss ein Objekt sein.", column=where))
    problems: list[Problem] = []
    try:
        year = int(data.get("contract_year", 0))
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        problems.append(
            Problem(
                "Vertragsjahr des Preisblatts fehlt oder ist ungültig.",
                column=f"{where}.contract_year",
                value=str(data.get("contract_year")),
                expected="Jahr wie 2023",
            )
        )
    terms_raw = data.get("terms")
    terms: dict[int, TermPrice] = {}
    if not isinstance(terms_raw, Mapping) or not terms_raw:
        problems.append(
            Problem("Preisblatt enthält keine Laufzeiten.", column=f"{where}.terms", expected="Laufzeiten 1, 2, 3")
        )
    else:
        for key, entry in terms_raw.items():
            field = f"{where}.terms.{key}"
            if str(key) not in ("1", "2", "3") or not isinstance(entry, Mapping):
                problems.append(
                    Problem(
                        "Unbekannte Laufzeit im Preisblatt.", column=field, value=str(key), expected="1, 2 oder 3 Jahre"
                    )
                )
                continue
            try:
                terms[int(key)] = TermPrice(
                    _decimal(entry.get("base_per_bg"), f"{field}.base_per_bg"),
                    _decimal(entry.get("per_hour"), f"{field}.per_hour"),
                )
            except O7InputError as exc:
                problems.extend(exc.problems)
    if problems:
        raise O7InputError(problems)
    return PriceSheet(year, terms, str(data.get("source", "")))


def price_sheet_to_dict(prices: PriceSheet) -> dict[str, Any]:
    out: dict[str, Any] = {
        "contract_year": prices.contract_year,
        "terms": {
            str(term): {"base_per_bg": str(p.base_per_bg), "per_hour": str(p.per_hour)}
            for term, p in sorted(prices.terms.items())
        },
    }
    if prices.source:
        out["source"] = prices.source
    return out


def default_price_sheet(year: int = 2023) -> PriceSheet:
    """The price sheet shipped with the package (``o7core/data/prices_<year>.json``)."""
    text = resources.files("o7core").joinpath("data", f"prices_{year}.json").read_text(encoding="utf-8")
    return price_sheet_from_dict(json.loads(text))
