"""All the text a page shows (main area and sidebar), as a user would read it, for AppTest."""

from __future__ import annotations

import contextlib
import re

import pandas as pd
from google.protobuf import text_format


def _walk(node, out: list[str]) -> None:
    value = getattr(node, "value", None) if not hasattr(node, "children") else None
    if isinstance(value, pd.DataFrame):
        out.append(value.to_string())
    elif hasattr(value, "data") and isinstance(getattr(value, "data", None), pd.DataFrame):  # a Styler
        out.append(value.data.to_string())
    proto = getattr(node, "proto", None)
    if proto is not None and not hasattr(node, "children"):
        try:
            out.append(text_format.MessageToString(proto, as_utf8=True))
        except Exception:  # pragma: no cover - a proto without text form
            out.append(str(proto))
    for child in getattr(node, "children", {}).values():
        _walk(child, out)


def page_text(at) -> str:
    """Every string of every element on the page and in the sidebar (tables included)."""
    out: list[str] = []
    _walk(at._tree, out)
    for table in at.table:  # st.table: the frame is in an arrow proto
        with contextlib.suppress(Exception):
            out.append(table.value.to_string())
    # the proto's text form doubles a backslash; Markdown escapes (``\\:``) are dropped as a reader sees them
    return re.sub(r"\\\\(.)", r"\1", "\n".join(out))


def sample_hits(text: str, values: tuple[str, ...]) -> list[str]:
    """The sample values found in ``text``; numbers only as whole numbers (``5.642``, not ``15.642,3``)."""
    hits = []
    for value in values:
        if re.fullmatch(r"[\d.,/]+", value):
            pattern = rf"(?<![\d.,/]){re.escape(value)}(?![\d/]|[.,]\d)"
        else:
            pattern = re.escape(value)
        for m in re.finditer(pattern, text, flags=re.IGNORECASE):
            hits.append(text[max(0, m.start() - 60) : m.end() + 60].replace("\n", " "))
    return hits
