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


class _PriceRows:
    """The rows below a price sheet's header: every problem names the sheet, row and column."""

    def __init__(self, table: Table, h: int) -> None:
        self.table = table
        self.h = h
        self.cols: dict[str, int] = {}
        for c, cell in enumerate(table.rows[h]):
            fld = PRICE_HEADERS.get(normalize_header(cell)) if isinstance(cell, str) else None
            if fld and fld not in self.cols:
                self.cols[fld] = c
        self.problems: list[Problem] = []

    def cell(self, row: tuple[Any, ...], fld: str) -> Any:
        c = self.cols.get(fld)
        return row[c] if c is not None and c < len(row) else None

    def where(self, fld: str) -> str:
        c = self.cols[fld]
        return f"{cell_text(self.table.rows[self.h][c])} (Spalte {column_letter(c)})"

    def add(self, message: str, r: int, fld: str, **kw: Any) -> None:
        self.problems.append(Problem(message, sheet=self.table.name, row=r + 1, column=self.where(fld), **kw))

    def term(self, r: int, row: tuple[Any, ...]) -> int | None:
        """The row's term 1, 2 or 3 (``None`` after a problem)."""
        try:
            term = parse_count(self.cell(row, "term"))
            if term not in (1, 2, 3):
                raise ValueError("nur 1, 2 oder 3 Jahre")
        except ValueError as exc:
            self.add(f"Ungültige Laufzeit ({exc}).", r, "term", value=cell_text(self.cell(row, "term")),
                     expected="1, 2 oder 3")  # fmt: skip
            return None
        return term

    def year(self, r: int, row: tuple[Any, ...], year: int | None) -> int | None:
        """The contract year so far, updated by this row's (one year per sheet)."""
        try:
            y = parse_count(self.cell(row, "year"))
            if not 2000 <= y <= 2100:
                raise ValueError("kein Jahr zwischen 2000 und 2100")
        except ValueError as exc:
            self.add(f"Ungültiges Vertragsjahr ({exc}).", r, "year", value=cell_text(self.cell(row, "year")),
                     expected="Jahr wie 2023")  # fmt: skip
            return year
        if year is not None and y != year:
            self.add(f"Das Preisblatt mischt die Vertragsjahre {year} und {y}.", r, "year",
                     expected="ein Vertragsjahr je Preisblatt")  # fmt: skip
        return y

    def prices(self, r: int, row: tuple[Any, ...]) -> list[Any]:
        """The row's € per BG and € per hour, those that could be read."""
        prices: list[Any] = []
        for fld in ("base", "hour"):
            try:
                prices.append(parse_money(self.cell(row, fld)))
            except ValueError as exc:
                self.add(f"Ungültiger Preis ({exc}).", r, fld, value=cell_text(self.cell(row, fld)),
                         expected="Eurobetrag wie 30,96")  # fmt: skip
        return prices


def price_sheet_from_table(table: Table) -> PriceSheet:
    """Read a price sheet table; raises :class:`O7InputError` with every problem."""
    h = find_price_header(table)
    if h is None:
        raise O7InputError(Problem("Keine Kopfzeile eines Preisblatts gefunden.", sheet=table.name, expected=EXPECTED))
    rows = _PriceRows(table, h)
    year: int | None = None
    terms: dict[int, TermPrice] = {}
    for r in range(h + 1, len(table.rows)):
        row = table.rows[r]
        if all(is_blank(c) for c in row):
            continue
        term = rows.term(r, row)
        if term is None:
            continue
        if term in terms:
            rows.add(f"Die Laufzeit {term} kommt doppelt vor.", r, "term", expected="jede Laufzeit einmal")
        if "year" in rows.cols:
            year = rows.year(r, row, year)
        prices = rows.prices(r, row)
        if len(prices) == 2:
            terms[term] = TermPrice(prices[0], prices[1])
    problems = rows.problems
    if not terms and not problems:
        problems.append(Problem("Das Preisblatt enthält keine Preise.", sheet=table.name, row=h + 2, expected=EXPECTED))
    if year is None and "year" not in rows.cols:
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
