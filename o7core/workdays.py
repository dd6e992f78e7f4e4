"""Working-day calendar of the O.7 service time (Servicezeit).

Service time is Monday to Friday, without the statutory holidays (gesetzliche Feiertage) of the
Bundesland and without 24 and 31 December (``PLANNING_MODEL.md``). Holidays come from the
``holidays`` package (``holidays.Germany(subdiv=state)``), which is imported on first use so that
``import o7core`` stays cheap.
"""

from __future__ import annotations

import calendar as _stdcal
from datetime import date
from functools import lru_cache

from .errors import O7InputError, Problem
from .month import Month

#: ISO 3166-2:DE suffixes and the German names of the 16 Bundesländer.
STATES: dict[str, str] = {
    "BB": "Brandenburg",
    "BE": "Berlin",
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "HB": "Bremen",
    "HE": "Hessen",
    "HH": "Hamburg",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SH": "Schleswig-Holstein",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "TH": "Thüringen",
}
_BY_NAME = {name.casefold(): code for code, name in STATES.items()}
_BY_NAME.update({"nrw": "NW", "baden-wuerttemberg": "BW", "thueringen": "TH"})


def normalize_state(value: str, *, field: str = "Bundesland") -> str:
    """Return the two-letter code (``BW``) for ``BW``, ``DE-BW`` or ``Baden-Württemberg``.

    Raises :class:`O7InputError` with a German message for anything else.
    """
    text = str(value).strip()
    code = text.upper().removeprefix("DE-")
    if code in STATES:
        return code
    named = _BY_NAME.get(text.casefold())
    if named:
        return named
    raise O7InputError(
        Problem(
            f"Unbekanntes Bundesland „{text}“.",
            column=field,
            value=text,
            expected="Kürzel wie BW, BY, NW, SN, BE oder den Namen des Landes",
        )
    )


@lru_cache(maxsize=512)
def _holidays(state: str, year: int) -> frozenset[date]:
    import holidays  # local import: keeps `import o7core` fast

    return frozenset(holidays.country_holidays("DE", subdiv=state, years=year).keys())


@lru_cache(maxsize=8192)
def working_days(month: Month, state: str) -> int:
    """Working days (Arbeitstage) of ``month`` in Bundesland ``state``.

    Monday–Friday, minus statutory holidays of the state, minus 24 and 31 December.
    """
    if state not in STATES:
        state = normalize_state(state)
    free = _holidays(state, month.year)
    n_days = _stdcal.monthrange(month.year, month.month)[1]
    count = 0
    for day in range(1, n_days + 1):
        d = date(month.year, month.month, day)
        if d.weekday() >= 5 or d in free:
            continue
        if month.month == 12 and day in (24, 31):
            continue
        count += 1
    return count


def working_days_12(first: Month, state: str) -> int:
    """``W12``: working days of the 12 calendar months starting with ``first``."""
    return sum(working_days(first.shift(i), state) for i in range(12))


def hours_per_fte_day(productive_hours_per_fte: float, first: Month, state: str) -> float:
    """Productive hours of one VZA on one working day: ``productive_hours_per_fte / W12``."""
    return productive_hours_per_fte / working_days_12(first, state)
