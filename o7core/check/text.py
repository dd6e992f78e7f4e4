"""Reading an appendix from text: a PDF (ours, or one in the BA's layout) or text pasted from one.

The text is read line by line, by labels, as the PDF prints it:

- the title ``Anlage zum Dienstleistungseinkauf O.7 2023`` and the period ``01.10.2021 bis
  30.09.2022``,
- ``Jobcenter JC Göppingen`` / ``JCNR JC62106`` (ours) or ``Jobcenter JC62106 | JC Göppingen`` (BA),
- ``BG-Zahl(en) 2023 5.642``, ``Laufzeit in Jahren 3``, ``Produktivstunden je VZA und Jahr 1.200``
  (on one line or on several),
- the Baustein table below its header (``… Stunden  Stunden *  VZA  Erfüllungsgrad  gewählt``):
  per line ``Baustein N <Bezeichnung> Stunden Stunden* VZA Erfüllungsgrad ja|nein`` read from the
  right, ``–``/``-`` for no value; then ``Gesamt Stunden Stunden* VZA``,
- the cost table below a header naming ``BG-Grundpreis``, ``Volumenpreis`` and ``Gesamt`` in the
  printed order; its lines name the term (``1 Jahr``, ``Laufzeitvariante 2 Jahre``).

A figure's "cell" is its line of the text (``Textzeile 14``).
"""

from __future__ import annotations

import re

from ..errors import O7InputError, Problem
from ..parsing import normalize_header, parse_number
from .reading import (
    DASHES,
    NO,
    PERIOD,
    TERM,
    YES,
    Printed,
    PrintedAppendix,
    PrintedCost,
    PrintedRow,
    contract_year_of,
    period_of,
)

MAX_LINES = 3000
EXPECTED = (
    "die Anlage zum Dienstleistungseinkauf O.7 als Text: Titel, Kopfangaben, Bausteintabelle mit "
    "„Stunden“, „Stunden *“, „VZA“, „Erfüllungsgrad“ und Kostentabelle"
)

_NUMBER = re.compile(r"^[+-]?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?(?:%|€)?$")
_BG = re.compile(r"\bBG[-\s]?Zahl(?:en)?(?:\s+(?:20\d\d))?\s*:?\s+(\d{1,3}(?:\.\d{3})+|\d+)\b", re.IGNORECASE)
_LAUFZEIT = re.compile(r"\bLaufzeit in Jahren\s*:?\s+(\d+)\b", re.IGNORECASE)
_PHPF = re.compile(
    r"\bProduktivstunden je VZA(?: und Jahr)?\s*:?\s+(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?", re.IGNORECASE
)
_JCNR = re.compile(r"\bJC\d{5}\b")
_ROW = re.compile(r"^(?:Baustein|BS)\s*([1-7])(?:\s|$)(.*)$", re.IGNORECASE)
_TOTAL = re.compile(r"^(?:Gesamt|Summe)\b(.*)$", re.IGNORECASE)


def _clean(line: str) -> str:
    line = line.replace("\u00a0", " ").replace("\u202f", " ").replace("\t", " ")
    line = re.sub(r"\s+(%|€)", r"\1", line)
    return re.sub(r"\s+", " ", line).strip()


def _is_value(token: str) -> bool:
    return token in DASHES or _NUMBER.match(token) is not None


def _value(token: str, where: str, label: str, filename: str, *, percent: bool = False) -> Printed:
    if token in DASHES:
        return Printed(None, where, token, True)
    text = token.rstrip("%€")
    if "," not in text and re.fullmatch(r"[+-]?\d{1,3}(?:\.\d{3})+", text):
        text = text.replace(".", "")  # German thousands: 5.642, 1.200
    try:
        number = parse_number(text, kind="decimal")
    except (ValueError, O7InputError):
        raise O7InputError(
            Problem(
                f"„{label}“ ist keine Zahl.",
                file=filename,
                row=int(where.rsplit(" ", 1)[-1]) if where.rsplit(" ", 1)[-1].isdigit() else None,
                value=token,
                expected="eine Zahl wie 7.043,1 oder 550.731,60 €",
            )
        ) from None
    from decimal import Decimal

    d = Decimal(repr(number))
    if percent or token.endswith("%"):
        d = d / 100
    return Printed(d, where, token, True)


def _fail(message: str, filename: str) -> O7InputError:
    return O7InputError(Problem(message, file=filename, expected=EXPECTED))


def read_appendix_text(text: str, filename: str = "Anlage (Text)", *, sheet: str = "Text") -> PrintedAppendix:
    """Read the printed figures of an appendix from its text (extracted from a PDF or pasted)."""
    lines = [_clean(line) for line in text.splitlines()[:MAX_LINES]]
    if not any(lines):
        raise _fail("Der Text ist leer.", filename)
    start = next((i for i, ln in enumerate(lines) if "dienstleistungseinkauf" in ln.casefold()), 0)
    header = next(
        (
            i
            for i in range(start, len(lines))
            if "erfuellungsgrad" in normalize_header(lines[i]) and "vza" in normalize_header(lines[i])
        ),
        None,
    )
    if header is None:
        raise _fail(
            "Im Text gibt es keine Bausteintabelle (Kopfzeile mit „Stunden“, „VZA“, „Erfüllungsgrad“); "
            "das ist keine Anlage zum Dienstleistungseinkauf.",
            filename,
        )
    head = lines[start:header]
    contract_year = next((y for ln in lines[start : header + 1] if (y := contract_year_of(ln)) is not None), None)
    period = next((period_of(ln) for ln in head if PERIOD.search(ln)), None)

    def labelled(pattern: re.Pattern[str], label: str) -> Printed:
        for i in range(start, header):
            m = pattern.search(lines[i])
            if m:
                token = m.group(1) + (f",{m.group(2)}" if m.lastindex and m.lastindex >= 2 and m.group(2) else "")
                return _value(token, _where(i), label, filename)
        return Printed()

    bg = labelled(_BG, "BG-Zahl")
    term = labelled(_LAUFZEIT, "Laufzeit in Jahren")
    phpf = labelled(_PHPF, "Produktivstunden je VZA")
    jobcenter, jcnr = _jobcenter(head)
    rows, total_line = _baustein_rows(lines, header, filename)
    total_hours, total_annual, total_fte = _totals(lines, total_line, filename)
    return PrintedAppendix(
        filename=filename,
        sheet=sheet,
        contract_year=contract_year,
        period=period,
        jobcenter=jobcenter,
        jcnr=jcnr,
        bg_count=bg,
        term_years=term,
        hours_per_fte=phpf,
        rows=tuple(rows),
        total_hours=total_hours,
        total_hours_annualized=total_annual,
        total_fte=total_fte,
        costs=_costs(lines, (total_line or header) + 1, filename, _where),
        data={},
    )


def _where(i: int) -> str:
    """The "cell" of a figure read from text: its line."""
    return f"Textzeile {i + 1}"


def _jobcenter(head: list[str]) -> tuple[str, str]:
    """Name and JCNR of the Jobcenter: ``Jobcenter …`` / ``JCNR …`` (ours) or ``Jobcenter JC62106 | Name`` (BA)."""
    jobcenter, jcnr = "", ""
    for ln in head:
        if ln.startswith("Jobcenter "):
            value = ln[len("Jobcenter ") :].strip()
            if "|" in value:
                left, right = (x.strip() for x in value.split("|", 1))
                jcnr, jobcenter = (left, right) if _JCNR.fullmatch(left) else (right, left)
            else:
                jobcenter = value
        elif ln.startswith("JCNR "):
            jcnr = ln[len("JCNR ") :].strip()
    if not jcnr:
        m = next((m for m in (_JCNR.search(ln) for ln in head) if m), None)
        jcnr = m.group(0) if m else ""
    return jobcenter, jcnr


def _baustein_rows(lines: list[str], header: int, filename: str) -> tuple[list[PrintedRow], int | None]:
    """The Baustein lines below the table header (read from the right) and the line of ``Gesamt``."""
    rows: list[PrintedRow] = []
    total_line: int | None = None
    seen: set[int] = set()
    for i in range(header + 1, min(header + 40, len(lines))):
        ln = lines[i]
        if _TOTAL.match(ln) and sum(_is_value(t) for t in ln.split()) >= 2:
            total_line = i
            break
        m = _ROW.match(ln)
        if not m or int(m.group(1)) in seen:
            continue
        row = _baustein_row(int(m.group(1)), m.group(2).split(), i, filename)
        if row is not None:
            seen.add(row.number)
            rows.append(row)
    if not rows:
        raise _fail(
            f"Unter der Kopfzeile der Bausteintabelle ({_where(header)}) stehen keine Bausteine mit Zahlen.", filename
        )
    return rows, total_line


def _baustein_row(number: int, tokens: list[str], i: int, filename: str) -> PrintedRow | None:
    """``Baustein N <Bezeichnung> Stunden Stunden* VZA Erfüllungsgrad ja|nein``; ``None`` for a wrapped name
    or prose starting with "Baustein"."""
    chosen: bool | None = None
    if tokens and tokens[-1].casefold() in YES | NO and not _NUMBER.match(tokens[-1]):
        chosen = tokens.pop().casefold() in YES
    values: list[str] = []
    while tokens and _is_value(tokens[-1]) and len(values) < 4:
        values.insert(0, tokens.pop())
    if len(values) < 4 and tokens and re.search(r"\d", tokens[-1]):
        raise O7InputError(
            Problem(
                f"„Baustein {number}“: „{tokens[-1]}“ ist keine Zahl.",
                file=filename,
                row=i + 1,
                value=tokens[-1],
                expected="eine Zahl wie 7.043,1, 0,49 oder 8,52 %",
            )
        )
    if len(values) < 3:
        return None
    values += ["–"] * (4 - len(values))
    label = f"Baustein {number}"
    w = _where(i)
    return PrintedRow(
        number,
        chosen,
        w if chosen is not None else None,
        _value(values[0], w, label, filename),
        _value(values[1], w, label, filename),
        _value(values[2], w, label, filename),
        _value(values[3], w, label, filename, percent=True),
    )


def _totals(lines: list[str], total_line: int | None, filename: str) -> tuple[Printed, Printed, Printed]:
    """Stunden, Stunden * and VZA of the ``Gesamt`` line (empty without one)."""
    if total_line is None:
        return Printed(), Printed(), Printed()
    values = [t for t in lines[total_line].split() if _is_value(t)]
    w = _where(total_line)
    got = [_value(t, w, "Gesamt", filename) for t in values[:3]]
    got += [Printed()] * (3 - len(got))
    return got[0], got[1], got[2]


def _costs(lines: list[str], below: int, filename: str, where: object) -> tuple[PrintedCost, ...]:
    head = next(
        (
            i
            for i in range(below, len(lines))
            if "volumenpreis" in normalize_header(lines[i]) and "grundpreis" in normalize_header(lines[i])
        ),
        None,
    )
    if head is None:
        return ()
    words = lines[head].casefold()
    order = sorted(
        (pos, key)
        for key, pos in (
            ("base", words.find("grundpreis")),
            ("volume", words.find("volumenpreis")),
            ("total", _total_word(words)),
        )
        if pos >= 0
    )
    keys = [key for _pos, key in order]
    out: list[PrintedCost] = []
    seen: set[int] = set()
    for i in range(head + 1, min(head + 10, len(lines))):
        m = TERM.search(lines[i])
        if not m or not 1 <= int(m.group(1)) <= 3 or int(m.group(1)) in seen:
            continue
        tokens = [t for t in lines[i][m.end() :].split() if _NUMBER.match(t)]
        if len(tokens) < len(keys):
            continue
        seen.add(int(m.group(1)))
        w = where(i)  # type: ignore[operator]
        label = f"Kosten {m.group(1)} J."
        values = {key: _value(tok, w, label, filename) for key, tok in zip(keys, tokens, strict=False)}
        out.append(
            PrintedCost(
                int(m.group(1)),
                values.get("base", Printed()),
                values.get("volume", Printed()),
                values.get("total", Printed()),
            )
        )
    return tuple(out)


def _total_word(words: str) -> int:
    """Position of the column word "Gesamt" in a cost header (not the "gesamt" of a longer word)."""
    m = re.search(r"(?<![a-zäöü])gesamt(?![a-zäöü])", words)
    return m.start() if m else -1


__all__ = ["read_appendix_text"]
