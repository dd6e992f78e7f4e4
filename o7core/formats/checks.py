"""Plausibility of a monthly history, shared by every reader and the scenario file.

Decisions (see ``docs/import.md``):

* **Errors** (the file is refused): no month; a month twice; a gap; more than 24 months; no call
  at all; repeat calls above calls in a month (the planned calls would be cut to 0: almost
  always swapped columns); conversations above calls (a reachability above 100 % cannot be, and
  the prior-year comparison of Baustein 1/4 would be wrong by exactly that amount).
* **Warnings** (the data are used): forwarded calls above calls; a month with 0 calls;
  conversations given for some months only (Baustein 1/4 are then planned without the prior-year
  comparison).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence

from ..errors import Problem
from ..model import MonthData
from ..month import Month
from ..ranges import out_of_range, range_text

MAX_MONTHS = 24

#: field → German column name used in messages.
LABELS = {
    "month": "Monat",
    "calls": "Anrufe",
    "repeat_calls": "Anrufwiederholungen",
    "forwarded_calls": "Weiterleitungen",
    "conversations": "Gespräche",
    "voicebox_messages": "Voiceboxen",
    "outbound_calls": "Outbound",
    "emails": "E-Mails",
    "overlap_notices": "Überschneidungsmitteilungen",
    "bg_count": "BG",
}

#: the numeric fields of a month, checked against :data:`o7core.ranges.RANGES`
COUNT_FIELDS = tuple(f for f in LABELS if f != "month")
#: the counts the planning needs checked (BG of a month is the Prognose's, checked by it)
PLAN_COUNT_FIELDS = tuple(f for f in COUNT_FIELDS if f != "bg_count")

#: (index in the sequence, field) → (row, column) of that value in the file.
Locator = Callable[[int, str], tuple[int | None, str | None]]


def _default_locator(index: int, field: str) -> tuple[int | None, str | None]:
    return index + 1, LABELS.get(field, field)


class _Findings:
    """The problems of one history in file order, each placed by the locator."""

    def __init__(self, months: Sequence[MonthData], locate: Locator) -> None:
        self.months = months
        self.locate = locate
        self.problems: list[Problem] = []

    def add(self, index: int, field: str, message: str, *, value: object = None, expected: str | None = None,
            warning: bool = False) -> None:  # fmt: skip
        row, column = self.locate(index, field)
        self.problems.append(
            Problem(
                message,
                row=row,
                column=column,
                value=None if value is None else _shown(value),
                expected=expected,
                severity="warning" if warning else "error",
            )
        )


def check_months(
    months: Sequence[MonthData], locate: Locator = _default_locator, *, plausibility: bool = True
) -> list[Problem]:
    """All problems of a history in file order (``months`` as read, not sorted): the one check of a monthly
    history, used by every reader, the scenario file and the planning itself (:func:`validate_months`).

    The period (1 to 24 consecutive months, none twice) and the range of every count are always checked.
    ``plausibility``: also the rules for what a file says (no call at all, repeat calls or conversations above
    calls, BG ≤ 0, and the warnings); a reader has already reported a cell it could not read (its value is
    NaN here), so only without ``plausibility`` is a negative or non-numeric count reported.
    """
    if not months:
        return [
            Problem(
                "Es sind keine Monatswerte vorhanden.", column="Monat", expected="1 bis 24 aufeinanderfolgende Monate"
            )
        ]
    found = _Findings(months, locate)
    _period_problems(found)
    if plausibility and all(m.calls == 0 or m.calls != m.calls for m in months) and any(m.calls == 0 for m in months):
        found.add(0, "calls", "In keinem Monat gibt es Anrufe: ohne Anrufe lässt sich nichts planen.",
                  expected="Anrufe SC je Monat")  # fmt: skip
    for index, m in enumerate(months):
        _count_problems(found, index, m, plausibility=plausibility)
        if plausibility:
            _relation_problems(found, index, m)
    if plausibility:
        _conversation_gaps(found)
    return found.problems


def validate_months(months: Sequence[MonthData]) -> list[Problem]:
    """What makes a history unplannable (the errors of :func:`check_months` without the file's plausibility):
    no month, a month twice, a gap, more than 24 months, a count that is negative, not a number or too large."""
    return [p for p in check_months(months, plausibility=False) if p.is_error]


def _period_problems(found: _Findings) -> None:
    """A month twice, a gap, more than :data:`MAX_MONTHS` months."""
    months, locate = found.months, found.locate
    first_index: dict[Month, int] = {}
    for index, m in enumerate(months):
        if m.month in first_index:
            other, _ = locate(first_index[m.month], "month")
            also = f" (zuerst in Zeile {other})" if other is not None else ""
            found.add(index, "month", f"Der Monat {m.month.label_numeric} kommt doppelt vor{also}.",
                      value=m.month.label, expected="jeden Monat genau einmal")  # fmt: skip
        else:
            first_index[m.month] = index
    ordered = sorted(first_index)
    for prev, cur in itertools.pairwise(ordered):
        if cur != prev.shift(1):
            missing: list[str] = []
            gap = prev.shift(1)
            while gap != cur and len(missing) < 13:
                missing.append(gap.label_numeric)
                gap = gap.shift(1)
            shown = ", ".join(missing[:6]) + (" …" if len(missing) > 6 else "")
            found.add(first_index[cur], "month",
                      f"Lücke im Bezugszeitraum: zwischen {prev.label_numeric} und {cur.label_numeric} fehlt {shown}.",
                      value=cur.label, expected="lückenlos aufeinanderfolgende Monate")  # fmt: skip
    if len(first_index) > MAX_MONTHS:
        index = first_index[ordered[MAX_MONTHS]]
        found.add(index, "month",
                  f"Der Bezugszeitraum hat {len(first_index)} Monate; höchstens {MAX_MONTHS} sind möglich "
                  f"({ordered[0].label_numeric} bis {ordered[-1].label_numeric}).",
                  expected="1 bis 24 Monate, z. B. die letzten 12")  # fmt: skip


def _count_problems(found: _Findings, index: int, m: MonthData, *, plausibility: bool) -> None:
    """Every count of a month against :data:`o7core.ranges.RANGES` (BG only with ``plausibility``)."""
    for fld in COUNT_FIELDS if plausibility else PLAN_COUNT_FIELDS:
        value = getattr(m, fld)
        if value is None:
            continue
        if value != value or value < 0:
            if not plausibility:  # a reader reported the cell itself
                found.add(index, fld,
                          f"{LABELS[fld]} im Monat {m.month.label_numeric} ist negativ, keine Zahl oder größer als "
                          f"{range_text('count')}.", value=value,
                          expected=f"eine Anzahl von {range_text('count')}")  # fmt: skip
            continue
        if fld == "bg_count" and value <= 0:
            continue  # reported by the relation rules
        row, column = found.locate(index, fld)
        kind = "bg" if fld == "bg_count" else "count"
        problem = out_of_range(kind, value, LABELS[fld], row=row, column=column)
        if problem is not None:
            found.problems.append(problem)


def _relation_problems(found: _Findings, index: int, m: MonthData) -> None:
    """What a month's figures say of each other (swapped columns, reachability above 100 %, …)."""
    label = m.month.label_numeric
    if m.calls == 0 and not all(x.calls == 0 for x in found.months):
        found.add(index, "calls", f"Im Monat {label} gibt es 0 Anrufe; bitte prüfen, ob Werte fehlen.", value=0,
                  warning=True)  # fmt: skip
    if m.repeat_calls > m.calls:
        found.add(index, "repeat_calls",
                  f"Im Monat {label} gibt es mehr Anrufwiederholungen ({_shown(m.repeat_calls)}) als Anrufe "
                  f"({_shown(m.calls)}); vermutlich sind Spalten vertauscht.",
                  value=m.repeat_calls, expected="Anrufwiederholungen ≤ Anrufe")  # fmt: skip
    if m.conversations is not None and m.conversations > m.calls:
        found.add(index, "conversations",
                  f"Im Monat {label} gibt es mehr Gespräche ({_shown(m.conversations)}) als Anrufe "
                  f"({_shown(m.calls)}): eine Erreichbarkeit über 100 % ist nicht möglich.",
                  value=m.conversations, expected="Gespräche ≤ Anrufe")  # fmt: skip
    if m.bg_count is not None and m.bg_count <= 0:
        found.add(index, "bg_count", f"Die Zahl der BG im Monat {label} muss größer als 0 sein.", value=m.bg_count,
                  expected="ganze Zahl > 0, z. B. 6.032")  # fmt: skip
    if m.forwarded_calls > m.calls:
        found.add(index, "forwarded_calls",
                  f"Im Monat {label} gibt es mehr Weiterleitungen an das Jobcenter ({_shown(m.forwarded_calls)}) "
                  f"als Anrufe ({_shown(m.calls)}); bitte prüfen.",
                  value=m.forwarded_calls, expected="Weiterleitungen ≤ Anrufe", warning=True)  # fmt: skip


def _conversation_gaps(found: _Findings) -> None:
    """A warning where conversations are given for some months only."""
    months = found.months
    have_conv = [m.conversations is not None for m in months]
    if any(have_conv) and not all(have_conv):
        missing_idx = [i for i, h in enumerate(have_conv) if not h]
        names = ", ".join(months[i].month.label_numeric for i in missing_idx[:6])
        found.add(missing_idx[0], "conversations",
                  f"Gespräche fehlen für {len(missing_idx)} Monat(e) ({names}): Baustein 1 und 4 werden ohne "
                  "Vorjahresvergleich geplant.",
                  expected="Gespräche für alle Monate oder für keinen", warning=True)  # fmt: skip


def _shown(value: object) -> str:
    from .. import fmt

    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return str(value)
    return fmt.figure(value)
