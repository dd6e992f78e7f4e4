"""The intraday profile of the calls: how a month's calls spread over weekdays and half-hours.

Service time is Monday to Friday, 8:00–18:00: 5 weekdays × 20 half-hours. A :class:`Profile` holds a
relative weight per (weekday, half-hour) = the mean number of calls on one day of that weekday in
that half-hour (only the ratios count). It comes either from the shipped default
(``o7core/data/intraday_profile.csv``, an **assumption**: Monday higher, Friday lower, a morning
peak 9–11) or from the Service Center's interval report (CSV/XLSX, read through
:mod:`o7core.formats.source` with its size and zip limits and the German number parser):

``Wochentag`` *or* ``Datum``, ``Intervall`` (``08:00``, ``08:00-08:30``, ``8:15``; quarter hours are
added up to half-hours), ``Anrufe`` (or ``Gewicht`` in the default file), optional ``Abbrüche`` and
``Wartezeit`` (mean wait of the interval's calls in seconds or ``mm:ss``). With ``Datum`` the calls
of each weekday are averaged over its dates. With ``Abbrüche`` and ``Wartezeit`` the mean patience
is estimated for exponential patience, where ``P(abandon) = θ·E[W]``:
``θ̂ = Σ Abbrüche / Σ (Anrufe · Wartezeit)`` (abandon rate ÷ mean wait), patience = ``1/θ̂``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import Any

from .errors import HasProblems, O7InputError, Problem
from .parsing import normalize_header, parse_duration_seconds, parse_number

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag")
SLOTS = 20  # half-hours 8:00–18:00
FIRST_MINUTE = 8 * 60
SLOT_LABELS = tuple(f"{(FIRST_MINUTE + 30 * i) // 60:02d}:{(FIRST_MINUTE + 30 * i) % 60:02d}" for i in range(SLOTS))
DEFAULT_PROFILE_NAME = "Standardprofil (Annahme)"

_WEEKDAY_NAMES = {
    "montag": 0,
    "mo": 0,
    "dienstag": 1,
    "di": 1,
    "mittwoch": 2,
    "mi": 2,
    "donnerstag": 3,
    "do": 3,
    "freitag": 4,
    "fr": 4,
}
_COLUMNS = {
    "wochentag": "weekday",
    "tag": "weekday",
    "datum": "date",
    "intervall": "interval",
    "uhrzeit": "interval",
    "zeit": "interval",
    "anrufe": "calls",
    "angeboteneanrufe": "calls",
    "gewicht": "calls",
    "abbrueche": "abandoned",
    "abbruch": "abandoned",
    "aufgelegt": "abandoned",
    "wartezeit": "wait",
    "mittlerewartezeit": "wait",
    "wartezeitsek": "wait",
}
EXPECTED_REPORT = (
    "Intervallbericht mit den Spalten Wochentag oder Datum, Intervall, Anrufe (optional Abbrüche, Wartezeit)"
)


@dataclass(frozen=True, slots=True)
class Profile(HasProblems):
    """Relative call weights per weekday (0 = Monday) and half-hour (0 = 8:00–8:30).

    ``weights[d][s]``: mean calls on one day of weekday ``d`` in half-hour ``s`` (relative).
    ``patience_seconds``: the mean patience estimated from the report, or ``None``.
    ``is_assumption``: ``True`` for the shipped default profile.
    """

    name: str
    weights: tuple[tuple[float, ...], ...]
    patience_seconds: float | None = None
    is_assumption: bool = False
    problems: tuple[Problem, ...] = ()
    calls: float = 0.0  # calls in the report (0 for the default)
    abandoned: float | None = None

    def day_weight(self, weekday: int) -> float:
        return sum(self.weights[weekday])

    def peak_share(self) -> float:
        """Share of a week's calls in its busiest half-hour."""
        total = sum(self.day_weight(d) for d in range(5))
        return max(max(row) for row in self.weights) / total if total else 0.0


@lru_cache(maxsize=1)
def default_profile() -> Profile:
    """The shipped default profile (an assumption, see ``docs/machbarkeit.md``)."""
    raw = resources.files("o7core").joinpath("data/intraday_profile.csv").read_bytes()
    profile = read_profile(raw, "intraday_profile.csv")
    return Profile(DEFAULT_PROFILE_NAME, profile.weights, None, True, ())


def _slot(cell: Any) -> int | None:
    """Half-hour index of ``08:00``, ``08:00-08:30``, ``8:15 Uhr``, a time or an Excel fraction of a day."""
    if hasattr(cell, "hour") and hasattr(cell, "minute"):
        minute = cell.hour * 60 + cell.minute
    elif isinstance(cell, (int, float)) and not isinstance(cell, bool) and 0 <= cell < 1:
        minute = round(cell * 24 * 60)
    else:
        match = re.match(r"\s*(\d{1,2})[:.](\d{2})", str(cell or ""))
        if not match:
            return None
        minute = int(match.group(1)) * 60 + int(match.group(2))
    if minute < FIRST_MINUTE or minute >= FIRST_MINUTE + 30 * SLOTS:
        return -1
    return int(minute - FIRST_MINUTE) // 30


def _date(cell: Any) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = str(cell or "").strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"):
        try:
            return datetime.strptime(text.split(" ")[0], pattern).date()
        except ValueError:
            continue
    return None


def read_profile(raw: bytes, filename: str) -> Profile:
    """The interval report (or a profile file) as a :class:`Profile`; all problems at once.

    Raises :class:`O7InputError` when nothing usable is in the file.
    """
    from .formats.source import is_blank, read_tables

    try:
        tables = read_tables(raw)
    except O7InputError as exc:
        raise exc.located(file=filename) from None
    problems: list[Problem] = []
    for table in tables:
        rows = [r for r in table.rows]
        header_index = None
        for index, row in enumerate(rows[:30]):
            names = {normalize_header(c) for c in row if not is_blank(c)}
            if any(_COLUMNS.get(n) == "calls" for n in names) and any(_COLUMNS.get(n) == "interval" for n in names):
                header_index = index
                break
        if header_index is None:
            continue
        columns: dict[str, int] = {}
        for c, cell in enumerate(rows[header_index]):
            key = _COLUMNS.get(normalize_header(cell)) if not is_blank(cell) else None
            if key and key not in columns:
                columns[key] = c
        return _profile_from_rows(rows, header_index, columns, filename, table.name, problems)
    raise O7InputError(
        Problem(
            "Keine Kopfzeile mit den Spalten „Intervall“ und „Anrufe“ gefunden.",
            file=filename,
            expected=EXPECTED_REPORT,
        )
    )


class _IntervalRows:
    """The sums of an interval report, row by row: calls per weekday and half-hour, the days seen, abandoned
    calls and waiting time (for the patience, as long as every row gives both); every problem at once."""

    def __init__(self, columns: dict[str, int], filename: str, sheet: str | None, problems: list[Problem]) -> None:
        self.columns = columns
        self.filename = filename
        self.sheet = sheet
        self.problems = problems
        self.sums = [[0.0] * SLOTS for _ in range(5)]
        self.dates: list[set[date]] = [set() for _ in range(5)]
        self.total_calls = 0.0
        self.abandoned = 0.0
        self.wait_total = 0.0
        self.have_patience = "abandoned" in columns and "wait" in columns
        self.outside = 0
        self.used_rows = 0

    def cell(self, row: tuple[Any, ...], key: str) -> Any:
        index = self.columns.get(key)
        return row[index] if index is not None and index < len(row) else None

    def problem(self, message: str, row_number: int, key: str, value: Any, expected: str) -> None:
        from .formats.source import cell_text

        self.problems.append(
            Problem(
                message,
                file=self.filename,
                sheet=self.sheet,
                row=row_number,
                column=key,
                value=cell_text(value),
                expected=expected,
            )
        )

    def weekday(self, row: tuple[Any, ...], row_number: int) -> tuple[int, date | None] | None:
        """Weekday (0 = Monday) and date of a row, from its ``Datum`` or its ``Wochentag``; ``None`` after a
        problem."""
        from .formats.source import is_blank

        if "date" in self.columns and not is_blank(self.cell(row, "date")):
            day = _date(self.cell(row, "date"))
            if day is None:
                self.problem("Kein gültiges Datum.", row_number, "Datum", self.cell(row, "date"),
                             "TT.MM.JJJJ, z. B. 06.03.2023")  # fmt: skip
                return None
            if day.weekday() > 4:
                self.problem("Das Datum fällt auf ein Wochenende, außerhalb der Servicezeit (Mo–Fr).", row_number,
                             "Datum", self.cell(row, "date"), "ein Werktag")  # fmt: skip
                return None
            return day.weekday(), day
        weekday = _WEEKDAY_NAMES.get(normalize_header(self.cell(row, "weekday")))
        if weekday is None:
            self.problem("Unbekannter Wochentag.", row_number, "Wochentag", self.cell(row, "weekday"),
                         "Montag bis Freitag (oder Mo, Di, Mi, Do, Fr)")  # fmt: skip
            return None
        return weekday, None

    def add(self, row: tuple[Any, ...], row_number: int, *, weight: bool) -> None:
        """One data row: its calls into the weekday's half-hour, its abandoned calls and waiting time."""
        when = self.weekday(row, row_number)
        if when is None:
            return
        weekday, day = when
        slot = _slot(self.cell(row, "interval"))
        if slot is None:
            self.problem("Kein gültiges Intervall.", row_number, "Intervall", self.cell(row, "interval"),
                         "Uhrzeit wie 08:00")  # fmt: skip
            return
        if slot < 0:
            self.outside += 1
            return
        try:
            kind = "count" if "calls" in self.columns and not weight else "decimal"
            calls = parse_number(self.cell(row, "calls"), kind=kind)
            if calls < 0:
                raise ValueError("negativ")
        except ValueError:
            self.problem("Keine Anzahl von Anrufen.", row_number, "Anrufe", self.cell(row, "calls"),
                         "Zahl ≥ 0, z. B. 1.234")  # fmt: skip
            return
        self.sums[weekday][slot] += calls
        if day is not None:
            self.dates[weekday].add(day)
        self.total_calls += calls
        self.used_rows += 1
        if self.have_patience:
            self.add_patience(row, row_number, calls)

    def add_patience(self, row: tuple[Any, ...], row_number: int, calls: float) -> None:
        """Abandoned calls and mean waiting time of a row; the patience is dropped at the first gap or problem."""
        from .formats.source import is_blank

        ab_cell, wait_cell = self.cell(row, "abandoned"), self.cell(row, "wait")
        if is_blank(ab_cell) or is_blank(wait_cell):
            self.have_patience = False
            return
        try:
            ab = parse_number(ab_cell, kind="count")
            if ab < 0 or ab > calls:
                raise ValueError("außerhalb")
        except ValueError:
            self.problem("Die Abbrüche sind keine Anzahl zwischen 0 und den Anrufen.", row_number, "Abbrüche",
                         ab_cell, "Zahl ≥ 0 und ≤ Anrufe")  # fmt: skip
            self.have_patience = False
            return
        try:
            wait = parse_duration_seconds(wait_cell)
            if wait < 0:
                raise ValueError("negativ")
        except ValueError:
            self.problem("Keine Wartezeit.", row_number, "Wartezeit", wait_cell,
                         "Sekunden oder mm:ss, mittlere Wartezeit")  # fmt: skip
            self.have_patience = False
            return
        self.abandoned += ab
        self.wait_total += calls * wait

    def profile(self) -> Profile:
        """The profile of the rows read (raises when a row had an error or no call is in the service time)."""
        filename, sheet, problems = self.filename, self.sheet, self.problems
        if self.outside:
            problems.append(
                Problem(
                    f"{self.outside} Zeilen liegen außerhalb der Servicezeit (Mo–Fr 8–18 Uhr) und zählen nicht.",
                    file=filename,
                    sheet=sheet,
                    severity="warning",
                )
            )
        if any(p.is_error for p in problems):
            raise O7InputError(problems)
        if self.used_rows == 0 or self.total_calls <= 0:
            raise O7InputError(
                Problem(
                    "Der Intervallbericht enthält keine Anrufe in der Servicezeit.",
                    file=filename,
                    sheet=sheet,
                    expected=EXPECTED_REPORT,
                )
            )
        weights = [tuple(v / (len(self.dates[d]) or 1) for v in self.sums[d]) for d in range(5)]
        for d in range(5):
            if sum(weights[d]) == 0:
                problems.append(
                    Problem(
                        f"Für {WEEKDAYS[d]} enthält der Bericht keine Anrufe; dort wird mit keinen Anrufen gerechnet.",
                        file=filename,
                        sheet=sheet,
                        severity="warning",
                    )
                )
        patience = None
        if self.have_patience and self.abandoned > 0 and self.wait_total > 0:
            patience = self.wait_total / self.abandoned
        return Profile(
            filename,
            tuple(weights),
            patience,
            False,
            tuple(problems),
            self.total_calls,
            self.abandoned if self.have_patience else None,
        )


def _profile_from_rows(
    rows: list[tuple[Any, ...]],
    header_index: int,
    columns: dict[str, int],
    filename: str,
    sheet: str | None,
    problems: list[Problem],
) -> Profile:
    from .formats.source import cell_text, is_blank

    if "weekday" not in columns and "date" not in columns:
        raise O7InputError(
            Problem(
                "Es fehlt die Spalte „Wochentag“ oder „Datum“.", file=filename, sheet=sheet, expected=EXPECTED_REPORT
            )
        )
    read = _IntervalRows(columns, filename, sheet, problems)
    weight = normalize_header(rows[header_index][columns["calls"]]) == "gewicht"
    for index in range(header_index + 1, len(rows)):
        row = rows[index]
        if all(is_blank(c) for c in row) or str(row[0] if row else "").lstrip().startswith("#"):
            continue
        first = cell_text(row[0]).casefold() if row else ""
        if first.startswith(("summe", "gesamt")):
            continue
        read.add(row, index + 1, weight=weight)
    return read.profile()
