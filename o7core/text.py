"""Text from files and users is text: control characters removed before anything is shown or exported.

A vertical tab (what Word's Shift+Enter becomes when pasted), a NUL, a form feed or a bidirectional override
cannot be written to an XLSX cell, breaks PDF lines or hides what a text says. :func:`clean` replaces them:
tabs and line breaks by a space in one-line fields (kept as ``\\n`` in multi-line ones), every other control
character (Unicode category Cc) and the bidirectional overrides are removed. Pages say when this
happened (:func:`has_controls`).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from typing import Any, TypeVar

T = TypeVar("T")

_BREAKS = re.compile(r"\r\n|[\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


#: bidirectional embeddings, overrides and isolates: they reorder what a text shows (U+202E hides a name's end)
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _bad(ch: str) -> bool:
    return (unicodedata.category(ch) == "Cc" and ch != "\n") or ch in BIDI


def has_controls(text: str, *, multiline: bool = False) -> bool:
    """``True`` when :func:`clean` would change ``text`` (apart from the line breaks a multi-line field keeps)."""
    return clean(text, multiline=multiline) != (text.replace("\r\n", "\n") if multiline else text)


def clean(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters; line breaks become ``\\n`` (multi-line) or a space."""
    if text.isprintable() and not BIDI.intersection(text):
        return text
    out = _BREAKS.sub("\n" if multiline else " ", text).replace("\t", " ")
    out = "".join(ch for ch in out if not _bad(ch) or (multiline and ch == "\n"))
    return out


def clean_fields(obj: T, *, multiline: frozenset[str] = frozenset()) -> T:
    """A frozen dataclass with every ``str`` field (and the strings of nested dataclasses and tuples) cleaned."""
    if not dataclasses.is_dataclass(obj) or isinstance(obj, type):
        return obj
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(obj):
        value = getattr(obj, f.name)
        new = _clean_value(value, f.name in multiline, multiline)
        if new is not value:
            changes[f.name] = new
    return dataclasses.replace(obj, **changes) if changes else obj


def _clean_value(value: Any, keep_lines: bool, multiline: frozenset[str]) -> Any:
    if isinstance(value, str):
        new = clean(value, multiline=keep_lines)
        return value if new == value else new
    if isinstance(value, tuple):
        items = tuple(_clean_value(v, keep_lines, multiline) for v in value)
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return clean_fields(value, multiline=multiline)
    return value
