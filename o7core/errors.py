"""Problems found in input, with German messages that say where and what was expected."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem in an input: an error (the input cannot be used) or a warning (it can)."""

    message: str
    file: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    expected: str | None = None
    severity: str = "error"  # "error" | "warning"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def located(self, *, file: str | None = None, sheet: str | None = None, expected: str | None = None) -> Problem:
        """The same problem with file, sheet and expected form filled in where still unknown."""
        return Problem(
            self.message,
            file=self.file or file,
            sheet=self.sheet or sheet,
            row=self.row,
            column=self.column,
            value=self.value,
            expected=self.expected or expected,
            severity=self.severity,
        )

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(f"Datei „{self.file}“")
        if self.sheet:
            where.append(f"Blatt „{self.sheet}“")
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte/Feld „{self.column}“")
        text = (", ".join(where) + ": " if where else "") + self.message
        if self.value is not None and self.value not in self.message:
            text += f" Gefunden: „{self.value}“."
        if self.expected:
            text += f" Erwartet: {self.expected}."
        prefix = "Hinweis" if self.severity == "warning" else "Fehler"
        return f"{prefix}: {text}"


class HasProblems:
    """Mixin for read results that carry ``problems``: split into errors and warnings."""

    __slots__ = ()
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.is_error)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if not p.is_error)


class O7InputError(ValueError):
    """Raised when input cannot be used; carries every problem found, in German."""

    def __init__(self, problems: Problem | Iterable[Problem]) -> None:
        if isinstance(problems, Problem):
            problems = [problems]
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def located(
        self, *, file: str | None = None, sheet: str | None = None, expected: str | None = None
    ) -> O7InputError:
        return O7InputError(p.located(file=file, sheet=sheet, expected=expected) for p in self.problems)


def condense(problems: Iterable[Problem], *, keep: int = 3, most: int = 12) -> list[Problem]:
    """At most a handful of lines for thousands of identical problems: of each kind (the message with its
    figures blanked) the first ``keep`` are kept, then one line „… und 4.990 weitere gleichartige“.
    Lists of up to ``most`` problems are returned unchanged."""
    import re

    items = list(problems)
    if len(items) <= most:
        return items
    kinds: dict[tuple[str, str], list[Problem]] = {}
    for p in items:
        kinds.setdefault((p.severity, re.sub(r"\d[\d.,]*", "#", p.message)), []).append(p)
    out: list[Problem] = []
    for (severity, _), group in kinds.items():
        out.extend(group[:keep])
        if len(group) > keep:
            from . import fmt

            rest = fmt.count(len(group) - keep)
            out.append(
                Problem(
                    f"… und {rest} weitere gleichartige {'Fehler' if severity == 'error' else 'Hinweise'} "
                    f"(zuerst: {group[keep].message[:80]})",
                    file=group[keep].file,
                    severity=severity,
                )
            )
    return out
