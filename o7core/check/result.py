"""Results of Anlage prüfen: root-cause findings, their consequences, and their German texts.

A :class:`Finding` is one printed figure that is wrong at its root (a slip); a consequence (also a
:class:`Finding`, with ``causes``) is a figure that is wrong only because it was computed from a
slip – it is consistent with the printed figures it is made of. :func:`result_to_dict` is the
JSON of ``python -m o7core check``; :func:`result_table` its plain-text form; ``Finding.sentence``
the German sentence a controller can paste into a letter to the Service Center.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .. import fmt


def show(kind: str, value: Decimal | bool | None) -> str:
    """A value as the appendix prints it."""
    if value is None:
        return "leer"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if kind == "hours":
        return fmt.hours(value)
    if kind == "fte":
        return fmt.number(value, 2)
    if kind == "percent":
        return fmt.percent(float(value), 2)
    if kind == "money":
        return fmt.money(value)
    return fmt.number(value, 0)


@dataclass(frozen=True, slots=True)
class Finding:
    """One printed figure against what it should print.

    ``kind`` is ``hours`` | ``fte`` | ``percent`` | ``money`` | ``count`` | ``flag``; values are
    ``Decimal`` (fractions for percent) or ``bool`` for ``flag``; ``printed`` is ``None`` where the
    cell is empty; ``correct`` is ``None`` where no single value is implied (then
    ``correct_hint`` says what is allowed). ``row``/``column`` name the line and column of the
    appendix (``Baustein 4`` / ``Stunden *``); ``cell`` is the spreadsheet cell where there is one.
    ``causes`` is empty for a root cause; for a consequence it names the finding(s) it follows from.
    """

    field: str
    cell: str | None
    kind: str
    printed: Decimal | bool | None
    correct: Decimal | bool | None
    rule: str
    key: str = ""
    row: str = ""
    column: str | None = None
    causes: tuple[str, ...] = ()
    correct_hint: str = ""

    @property
    def difference(self) -> Decimal | None:
        if isinstance(self.printed, Decimal) and isinstance(self.correct, Decimal):
            return self.printed - self.correct
        return None

    @property
    def printed_text(self) -> str:
        return show(self.kind, self.printed)

    @property
    def correct_text(self) -> str:
        if self.correct is None:
            return self.correct_hint or "unbestimmt"
        return show(self.kind, self.correct)

    @property
    def difference_text(self) -> str:
        d = self.difference
        if d is None:
            return fmt.DASH
        if self.kind == "percent":
            text = fmt.number(d * 100, 2) + " Prozentpunkte"
        else:
            text = show(self.kind, d)
        return fmt.signed(text, d)

    @property
    def place(self) -> str:
        """``Zeile „Baustein 4“, Spalte „Stunden *“ (Zelle D15)``."""
        where = f"Zeile „{self.row or self.field}“"
        if self.column:
            where += f", Spalte „{self.column}“"
        if self.cell:
            where += (
                f" (Zelle {self.cell})"
                if self.cell[:1].isalpha() and self.cell[-1:].isdigit() and " " not in self.cell
                else f" ({self.cell})"
            )
        return where

    @property
    def sentence(self) -> str:
        """One German sentence for a letter: where, what is printed, what is right, why."""
        printed = self.printed_text if self.printed is not None else "nichts"
        if self.correct is None:
            right = f"richtig wäre {self.correct_hint or 'ein anderer Wert'}"
        else:
            right = f"richtig ist {self.correct_text}"
            if self.difference is not None:
                right += f" (Differenz {self.difference_text})"
        return f"In {self.place} steht {printed}; {right}, weil {self.rule}."


@dataclass(frozen=True, slots=True)
class CheckResult:
    """The outcome of a check.

    ``findings``: the root causes of the smallest explanation; ``consequences``: figures wrong only
    because they follow from a finding; ``alternatives``: other explanations of the same size (each
    a tuple of findings), when the printed figures do not decide between them.
    """

    filename: str
    sheet: str
    own_export: bool  # True: our XLSX with its hidden sheet "Daten"
    contract_year: int | None
    jobcenter: str
    jcnr: str
    prices_source: str
    checked: int
    findings: tuple[Finding, ...]
    notes: tuple[str, ...] = field(default=())
    consequences: tuple[Finding, ...] = field(default=())
    alternatives: tuple[tuple[Finding, ...], ...] = field(default=())
    source: str = "xlsx"  # xlsx | pdf | text

    @property
    def ok(self) -> bool:
        return not self.findings


def _value(v: Decimal | bool | None) -> str | bool | None:
    return v if v is None or isinstance(v, bool) else str(v)


def finding_to_dict(f: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "field": f.field,
        "row": f.row,
        "column": f.column,
        "cell": f.cell,
        "kind": f.kind,
        "printed": _value(f.printed),
        "correct": _value(f.correct),
        "difference": _value(f.difference),
        "printed_text": f.printed_text,
        "correct_text": f.correct_text,
        "difference_text": f.difference_text,
        "rule": f.rule,
        "sentence": f.sentence,
    }
    if f.causes:
        out["cause"] = f.causes[0] if len(f.causes) == 1 else list(f.causes)
    return out


def result_to_dict(result: CheckResult) -> dict[str, Any]:
    """JSON form: numbers as decimal strings (fractions for percent), texts as printed in German.

    ``findings`` holds the root causes only; ``consequences`` the figures that follow from them,
    each with ``cause`` = the ``field`` of its finding; ``alternatives`` other equally small
    explanations (lists of findings).
    """
    return {
        "file": result.filename,
        "source": result.source,
        "sheet": result.sheet,
        "ok": result.ok,
        "own_export": result.own_export,
        "contract_year": result.contract_year,
        "jobcenter": result.jobcenter,
        "jcnr": result.jcnr,
        "prices": result.prices_source,
        "checked": result.checked,
        "findings": [finding_to_dict(f) for f in result.findings],
        "consequences": [finding_to_dict(f) for f in result.consequences],
        "alternatives": [[finding_to_dict(f) for f in alt] for alt in result.alternatives],
        "notes": list(result.notes),
    }


def findings_rows(result: CheckResult) -> list[dict[str, str]]:
    """The findings as table rows with German column names (page and CLI table)."""
    return [
        {
            "Feld": f.field,
            "Zelle": f.cell or "",
            "gedruckt": f.printed_text,
            "richtig": f.correct_text,
            "Differenz": f.difference_text,
            "Regel": f.rule,
        }
        for f in result.findings
    ]


def consequence_rows(result: CheckResult) -> list[dict[str, str]]:
    """The consequences as table rows: which finding each one follows from."""
    return [
        {
            "Feld": f.field,
            "Zelle": f.cell or "",
            "gedruckt": f.printed_text,
            "nach Korrektur": f.correct_text,
            "Folge von": ", ".join(f.causes),
        }
        for f in result.consequences
    ]


def _table(rows: list[dict[str, str]]) -> list[str]:
    cols = list(rows[0])
    widths = {c: max(len(c), *(len(r[c]) for r in rows)) for c in cols}
    lines = ["  ".join(c.ljust(widths[c]) for c in cols), "  ".join("-" * widths[c] for c in cols)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in cols).rstrip() for r in rows]
    return lines


def summary(result: CheckResult) -> str:
    """``1 Fehler (Ursache) bei 52 geprüften Werten; 3 Werte sind nur deshalb falsch (Folgefehler).``"""
    n = len(result.findings)
    text = f"{n} Fehler (Ursache) bei {result.checked} geprüften Werten"
    if result.consequences:
        m = len(result.consequences)
        text += f"; {m} {'Wert ist' if m == 1 else 'Werte sind'} nur deshalb falsch (Folgefehler)"
    return text + "."


def result_table(result: CheckResult) -> str:
    """A plain text report for the command line."""
    head = f"Anlage prüfen: {result.filename}"
    who = " ".join(x for x in (result.jobcenter, f"({result.jcnr})" if result.jcnr else "") if x)
    lines = [head, f"{who} · Vertragsjahr {result.contract_year or '?'} · {result.prices_source}".strip(" ·")]
    if result.findings:
        lines.append(summary(result))
        lines.append("")
        lines += _table(findings_rows(result))
        lines.append("")
        lines += [f"- {f.sentence}" for f in result.findings]
        if result.consequences:
            lines.append("")
            lines.append("Folgefehler (stimmen nach der Korrektur der Ursache):")
            lines += _table(consequence_rows(result))
        for i, alt in enumerate(result.alternatives, start=2):
            lines.append("")
            lines.append(f"Gleich gute Erklärung {i}:")
            lines += [f"- {f.sentence}" for f in alt]
    else:
        lines.append(f"Keine Abweichungen – {result.checked} Werte geprüft.")
    for note in result.notes:
        lines.append(f"Hinweis: {note}")
    return "\n".join(lines)
