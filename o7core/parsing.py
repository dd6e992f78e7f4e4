"""Parsing of German numbers, months and column headers as Jobcenters' files write them.

Shared by every reader. All functions raise ``ValueError`` with a short German reason; readers
turn that into a :class:`~o7core.errors.Problem` with file, row and column.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from .month import Month

_MONTH_NAMES = {
    "jan": 1, "januar": 1, "jän": 1, "jänner": 1, "jaen": 1, "jaenner": 1, "january": 1,
    "feb": 2, "februar": 2, "february": 2,
    "mär": 3, "mrz": 3, "märz": 3, "mar": 3, "maer": 3, "maerz": 3, "march": 3, "marz": 3,
    "apr": 4, "april": 4,
    "mai": 5, "may": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "okt": 10, "oktober": 10, "oct": 10, "october": 10,
    "nov": 11, "november": 11,
    "dez": 12, "dezember": 12, "dec": 12, "december": 12,
}  # fmt: skip


def normalize_header(text: object) -> str:
    """Case-folded header with umlauts as ae/oe/ue/ss, no punctuation or spaces: ``Gespräche`` → ``gespraeche``."""
    s = str(text or "").strip().casefold()
    s = s.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if ch.isalnum())
    return s


def parse_month(value: object) -> Month:
    """``2021-09``, ``09/2021``, ``09.2021``, ``9/21``, ``Sep 21``, ``Sept. 2021``, ``OkT 21``, ``Mrz 22``,
    ``01.09.2021``, ``2021-09-01``, a date/datetime cell, ``202109`` or an Excel date serial (``44440``)."""
    if isinstance(value, (datetime, date)):  # a date cell: the same years 1990–2100 as typed text
        return _month(value.year, value.month, value.isoformat())
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        serial = int(value)
        if 199001 <= serial <= 210012 and 1 <= serial % 100 <= 12:  # 202109
            return Month(serial // 100, serial % 100)
        if 32874 <= serial <= 73415:  # an Excel date serial (1990–2100) from a cell without date format
            day = date(1899, 12, 30).toordinal() + serial
            d = date.fromordinal(day)
            return Month(d.year, d.month)
    text = str(value or "").strip()
    if not text:
        raise ValueError("leerer Monat")
    low = text.casefold()
    m = re.fullmatch(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?(?:[ t]00:00:00)?", low)
    if m:
        return _month(int(m.group(1)), int(m.group(2)), text)
    m = re.fullmatch(r"(\d{4})[/.](\d{1,2})", low)
    if m:
        return _month(int(m.group(1)), int(m.group(2)), text)
    m = re.fullmatch(r"(?:(\d{1,2})\.)?(\d{1,2})[./](\d{2}|\d{4})", low)
    if m:
        return _month(_year(m.group(3)), int(m.group(2)), text)
    m = re.fullmatch(r"([a-zäöü]+)\.?[\s\-']*(\d{2}|\d{4})", low)
    if m:
        name = m.group(1)
        number = _MONTH_NAMES.get(name)
        if number is None:
            raise ValueError(f"unbekannter Monatsname „{m.group(1)}“")
        return _month(_year(m.group(2)), number, text)
    raise ValueError("kein erkennbarer Monat")


def _year(text: str) -> int:
    y = int(text)
    return 2000 + y if len(text) == 2 else y


def _month(year: int, month: int, text: str) -> Month:
    if not 1 <= month <= 12:
        raise ValueError(f"Monat {month} gibt es nicht")
    if not 1990 <= year <= 2100:
        raise ValueError(f"Jahr {year} liegt außerhalb von 1990–2100")
    return Month(year, month)


_NUMBER_JUNK = re.compile(r"[\s\u00a0\u202f€]")


def parse_number(value: object, *, kind: str = "decimal") -> float:
    """A German or plain number.

    ``kind="count"``: a count (Anzahl): ``7.672`` and ``7,672``-free groupings mean thousands;
    decimals like ``7,5`` are refused (a count is whole). ``kind="decimal"``: ``562,285`` and
    ``1.234,5`` are German, ``562.285`` with exactly three digits after a single dot is read as
    German thousands only for counts; otherwise a dot is a decimal point.
    ``kind="percent"``: ``55 %``, ``55,0%`` → 0.55; a plain number ≤ 1 is taken as a fraction.
    """
    if isinstance(value, bool):
        raise ValueError("Wahrheitswert statt Zahl")
    if isinstance(value, (int, float)):
        number = float(value)
        if number != number or number in (float("inf"), float("-inf")):
            raise ValueError("keine endliche Zahl")
        if kind == "count" and not number.is_integer():
            raise ValueError("eine Anzahl muss ganzzahlig sein")
        if kind == "percent" and number > 1:
            number /= 100
        return number
    text = _NUMBER_JUNK.sub("", str(value or ""))
    if not text:
        raise ValueError("leerer Wert")
    is_percent = text.endswith("%")
    text = text.rstrip("%")
    sign = 1.0
    if text.startswith(("-", "−")):
        sign, text = -1.0, text[1:]
    elif text.startswith("+"):
        text = text[1:]
    if not re.fullmatch(r"[\d.,]+", text) or not any(ch.isdigit() for ch in text):
        raise ValueError("keine Zahl")
    if "," in text and "." in text:
        if text.rfind(",") > text.rfind("."):  # 1.234,5
            text = text.replace(".", "").replace(",", ".")
        else:  # 1,234.5
            text = text.replace(",", "")
    elif "," in text:
        if text.count(",") > 1:
            text = text.replace(",", "")  # 1,234,567
        else:
            text = text.replace(",", ".")
    elif text.count(".") > 1:
        text = text.replace(".", "")  # 1.234.567
    elif "." in text and kind == "count":
        if re.fullmatch(r"\d{1,3}\.\d{3}", text):
            text = text.replace(".", "")  # 7.672 calls
        elif re.fullmatch(r"\d+\.0+", text):
            text = text.split(".")[0]  # 7672.0 from a program's export
        else:
            raise ValueError("eine Anzahl muss ganzzahlig sein")
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+|\d+\.", text):
        raise ValueError("keine Zahl")
    number = sign * float(text)
    if kind == "count" and not number.is_integer():
        raise ValueError("eine Anzahl muss ganzzahlig sein")
    if (kind == "percent" or is_percent) and (is_percent or number > 1):
        number /= 100
    return number


def parse_count(value: object) -> int:
    """A count (Anzahl) as German files write it: ``7.672`` and ``7672`` are 7672.

    Refused with a German reason: text (``ca. 500``, ``n/a``), negative numbers (``-12``) and
    fractions (``7,5``).
    """
    number = parse_number(value, kind="count")
    if number < 0:
        raise ValueError("eine Anzahl darf nicht negativ sein")
    return int(number)


def parse_percent(value: object) -> float:
    """A share as a fraction: ``55 %``, ``55,0%``, ``55`` and ``0,55`` are 0.55; must lie in 0–100 %."""
    number = parse_number(value, kind="percent")
    if not 0 <= number <= 1:
        raise ValueError("ein Anteil muss zwischen 0 % und 100 % liegen")
    return number


def parse_money(value: object) -> Decimal:
    """A euro amount as ``Decimal``: ``30,96``, ``30.96``, ``1.234,56 €``, ``30,96 EUR``; must be ≥ 0."""
    if isinstance(value, bool):
        raise ValueError("Wahrheitswert statt Betrag")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, float):
        result = Decimal(repr(value))
    else:
        text = _NUMBER_JUNK.sub("", str(value or ""))
        text = re.sub(r"(?i)eur(o)?$", "", text)
        if not text:
            raise ValueError("leerer Betrag")
        if "," in text and "." in text:
            if text.rfind(",") > text.rfind("."):
                text = text.replace(".", "").replace(",", ".")
            else:
                text = text.replace(",", "")
        elif "," in text:
            text = text.replace(",", ".")
        elif text.count(".") > 1:
            text = text.replace(".", "")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise ValueError("kein Betrag")
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValueError("kein Betrag") from None
    if not result.is_finite() or result < 0:
        raise ValueError("ein Betrag muss eine Zahl ≥ 0 sein")
    return result


def parse_duration_seconds(value: object) -> float:
    """Seconds from ``mm:ss``, ``h:mm:ss`` or a plain (German) number of seconds."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_number(value)
    text = str(value or "").strip()
    if ":" in text:
        parts = text.split(":")
        if len(parts) not in (2, 3) or not all(p.strip().isdigit() for p in parts):
            raise ValueError("keine Dauer der Form mm:ss")
        nums = [int(p) for p in parts]
        if any(n >= 60 for n in nums[1:]):
            raise ValueError("Minuten/Sekunden müssen unter 60 liegen")
        total = 0
        for n in nums:
            total = total * 60 + n
        return float(total)
    return parse_number(text)


# --------------------------------------------------------------------------- numbers typed into the app


@dataclass(frozen=True)
class TypedNumber:
    """A number typed into a field of the app, and how it was read.

    ``decimals`` is the number of digits after the decimal separator as typed (so that the field
    can show the value back without losing them); ``note`` says in German how the text was read
    where that is not obvious (a dot as decimal point, a lone dot as thousands separator), else ``""``.
    """

    value: float
    decimals: int
    note: str = ""


_GERMAN_GROUPS = re.compile(r"[1-9]\d{0,2}(\.\d{3})+")
_ENGLISH_GROUPS = re.compile(r"[1-9]\d{0,2}(,\d{3})+")
_UNITS = {"€": ("€", "eur", "euro"), "%": ("%",)}


def parse_typed_number(text: str, *, kind: str = "decimal", unit: str | None = None) -> TypedNumber | None:
    """A number as a German user types it into a field; ``None`` for an empty field.

    The rules are those of :func:`parse_number` for files, so that a value reads the same in a
    file and in a field: ``562,285`` and ``1.234,5`` are German, ``7.672`` and ``5.642`` are
    thousands in a count (``kind="count"``), fractions are refused in a count. One case differs on
    purpose: a lone dot followed by exactly three digits (``1.234``, ``500.000``) is a thousands
    separator in *every* field, because the app shows its own values that way (``1.600``
    Produktivstunden) and must read back what it shows; in a decimal field the note says so. Any
    other dot is a decimal point (``562.5``, ``0.75``), also noted. ``unit`` (``"€"`` or ``"%"``)
    may follow or precede the number (``500.000 €``, ``2,5 %``) and is dropped: the field's label
    names the unit, so ``2,5 %`` in a percent field is 2.5. Raises ``ValueError`` with a German
    reason for anything else.
    """
    sign, s = _typed_sign_and_digits(text, unit)
    if s is None:
        return None
    number_text, note = _typed_number_text(s, kind=kind, unit=unit)
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+|\d+\.", number_text):
        raise ValueError("keine Zahl")
    value = sign * float(number_text)
    if kind == "count" and not value.is_integer():
        raise ValueError("eine Anzahl muss ganzzahlig sein")
    decimals = len(number_text.partition(".")[2]) if kind != "count" else 0
    if value == 0:
        value = 0.0  # no -0
    return TypedNumber(value, decimals, note)


def _typed_sign_and_digits(text: str, unit: str | None) -> tuple[float, str | None]:
    """Sign and the digits with their separators of a typed number, the unit and blanks dropped;
    ``None`` for an empty field. Raises ``ValueError`` for anything but digits, ``.`` and ``,``."""
    s = re.sub(r"[\s\u00a0\u202f]", "", str(text or "")).casefold()
    if unit is not None:
        for token in sorted(_UNITS.get(unit, (unit.casefold(),)), key=len, reverse=True):
            if s.endswith(token):
                s = s[: -len(token)]
                break
            if s.startswith(token):
                s = s[len(token) :]
                break
    if not s:
        return 1.0, None
    sign = 1.0
    if s[0] in "-−":
        sign, s = -1.0, s[1:]
    elif s[0] == "+":
        s = s[1:]
    if not s or not re.fullmatch(r"[\d.,]+", s) or not any(ch.isdigit() for ch in s):
        if any(u in s for units in _UNITS.values() for u in units):
            raise ValueError("keine Zahl (die Einheit bitte weglassen oder die des Feldes verwenden)")
        raise ValueError("keine Zahl")
    return sign, s


def _typed_number_text(s: str, *, kind: str, unit: str | None) -> tuple[str, str]:
    """The digits with a decimal point only, and the note on how the separators were read."""
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):  # 1.234,5
            whole, _, frac = s.rpartition(",")
            if not _GERMAN_GROUPS.fullmatch(whole):
                raise ValueError("Tausenderpunkte stehen nicht in Dreiergruppen (richtig: 1.234,5)")
            return whole.replace(".", "") + "." + frac, ""
        whole, _, frac = s.rpartition(".")  # 1,234.5: English
        if not _ENGLISH_GROUPS.fullmatch(whole):
            raise ValueError("Komma und Punkt passen nicht zusammen (richtig: 1.234,5)")
        return (
            whole.replace(",", "") + "." + frac,
            "englische Schreibweise gelesen (Komma trennt Tausender, Punkt Nachkommastellen)",
        )
    if "," in s:
        if s.count(",") > 1:
            if not _ENGLISH_GROUPS.fullmatch(s):
                raise ValueError("mehr als ein Komma")
            return s.replace(",", ""), "Kommas als Tausendertrennzeichen gelesen"
        return s.replace(",", "."), ""
    if s.count(".") > 1:
        if not _GERMAN_GROUPS.fullmatch(s):
            raise ValueError("Tausenderpunkte stehen nicht in Dreiergruppen (richtig: 1.234.567)")
        return s.replace(".", ""), ""
    if "." not in s:
        return s, ""
    if _GERMAN_GROUPS.fullmatch(s):  # 1.234, 500.000, 5.642
        if kind != "count" and unit != "€":  # cents have two digits: 500.000 € is clear
            return s.replace(".", ""), (
                f"Punkt als Tausendertrennzeichen gelesen; Nachkommastellen bitte mit Komma schreiben ({s.replace('.', ',')})"
            )
        return s.replace(".", ""), ""
    if kind == "count" and re.fullmatch(r"\d+\.0+", s):
        return s.split(".")[0], ""
    return s, "" if kind == "count" else "Punkt als Dezimalzeichen gelesen"
