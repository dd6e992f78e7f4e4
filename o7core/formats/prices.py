"""The price sheet (Preisblatt): contract year, term, € per BG and year, € per productive hour.

JSON: ``{"contract_year": 2023, "terms": {"1": {"base_per_bg": "30.96", "per_hour": "49.20"}, …}}``
(also inside a scenario file under ``prices``). CSV/XLSX: one row per term with the columns
``Vertragsjahr; Laufzeit; Euro je BG; Euro je Stunde`` (``30,96`` or ``30.96``, ``€`` allowed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..costs import price_sheet_from_dict
from ..errors import O7InputError, Problem
from ..model import PriceSheet, TermPrice
from ..parsing import normalize_header, parse_count, parse_money
from .source import Table, cell_text, column_letter, is_blank

PRICE_HEADERS: Mapping[str, str] = {
    "vertragsjahr": "year",
    "jahr": "year",
    "preisjahr": "year",
    "laufzeit": "term",
    "laufzeitinjahren": "term",
    "laufzeitjahre": "term",
    "eurojebg": "base",
    "jebg": "base",
    "bggrundpreis": "base",
    "grundpreisjebg": "base",
    "preisjebg": "base",
    "eurojestunde": "hour",
    "jestunde": "hour",
    "volumenpreis": "hour",
    "preisjestunde": "hour",
    "volumenpreisjestunde": "hour",
}
EXPECTED = "Spalten Vertragsjahr; Laufzeit; Euro je BG; Euro je Stunde, eine Zeile je Laufzeit 1, 2, 3"


def find_price_header(table: Table) -> int | None:
    for index, row in enumerate(table.rows[:20]):
        fields = {PRICE_HEADERS.get(normalize_header(c)) for c in row if isinstance(c, str)}
        if {"term", "base", "hour"} <= fields:
            return index
    return None


def price_sheet_from_table(table: Table) -> PriceSheet:
    """Read a price sheet table; raises :class:`O7InputError` with every problem."""
    problems: list[Problem] = []
    h = find_price_header(table)
    if h is None:
        raise O7InputError(Problem("Keine Kopfzeile eines Preisblatts gefunden.", sheet=table.name, expected=EXPECTED))
    cols = {}
    for c, cell in enumerate(table.rows[h]):
        fld = PRICE_HEADERS.get(normalize_header(cell)) if isinstance(cell, str) else None
        if fld and fld not in cols:
            cols[fld] = c
    year: int | None = None
    terms: dict[int, TermPrice] = {}
    for r in range(h + 1, len(table.rows)):
        row = table.rows[r]
        if all(is_blank(c) for c in row):
            continue

        def cell(fld: str, row: tuple[Any, ...] = row) -> Any:
            c = cols.get(fld)
            return row[c] if c is not None and c < len(row) else None

        def where(fld: str) -> str:
            return f"{cell_text(table.rows[h][cols[fld]])} (Spalte {column_letter(cols[fld])})"

        try:
            term = parse_count(cell("term"))
            if term not in (1, 2, 3):
                raise ValueError("nur 1, 2 oder 3 Jahre")
        except ValueError as exc:
            problems.append(
                Problem(
                    f"Ungültige Laufzeit ({exc}).",
                    sheet=table.name,
                    row=r + 1,
                    column=where("term"),
                    value=cell_text(cell("term")),
                    expected="1, 2 oder 3",
                )
            )
            continue
        if term in terms:
            problems.append(
                Problem(
                    f"Die Laufzeit {term} kommt doppelt vor.",
                    sheet=table.name,
                    row=r + 1,
                    column=where("term"),
                    expected="jede Laufzeit einmal",
                )
            )
        if "year" in cols:
            try:
                y = parse_count(cell("year"))
                if not 2000 <= y <= 2100:
                    raise ValueError("kein Jahr zwischen 2000 und 2100")
            except ValueError as exc:
                problems.append(
                    Problem(
                        f"Ungültiges Vertragsjahr ({exc}).",
                        sheet=table.name,
                        row=r + 1,
                        column=where("year"),
                        value=cell_text(cell("year")),
                        expected="Jahr wie 2023",
                    )
                )
            else:
                if year is not None and y != year:
                    problems.append(
                        Problem(
                            f"Das Preisblatt mischt die Vertragsjahre {year} und {y}.",
                            sheet=table.name,
                            row=r + 1,
                            column=where("year"),
                            expected="ein Vertragsjahr je Preisblatt",
                        )
                    )
                year = y
        prices: list[Any] = []
        for fld in ("base", "hour"):
            try:
                prices.append(parse_money(cell(fld)))
            except ValueError as exc:
                problems.append(
                    Problem(
                        f"Ungültiger Preis ({exc}).",
                        sheet=table.name,
                        row=r + 1,
                        column=where(fld),
                        value=cell_text(cell(fld)),
                        expected="Eurobetrag wie 30,96",
                    )
                )
        if len(prices) == 2:
            terms[term] = TermPrice(prices[0], prices[1])
    if not terms and not problems:
        problems.append(Problem("Das Preisblatt enthält keine Preise.", sheet=table.name, row=h + 2, expected=EXPECTED))
    if year is None and "year" not in cols:
        problems.append(Problem("Die Spalte „Vertragsjahr“ fehlt.", sheet=table.name, row=h + 1, expected=EXPECTED))
    if problems:
        raise O7InputError(problems)
    return PriceSheet(year or 0, terms)


def price_sheet_from_json(text: str) -> PriceSheet:
    from .source import load_json

    data = load_json(text, expected='{"contract_year": 2023, "terms": …}')
    if isinstance(data, Mapping) and data.get("format") == "o7-scenario":
        data = data.get("prices") or {}
    return price_sheet_from_dict(data)
