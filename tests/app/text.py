"""All the text a page shows (main area and sidebar), as a user would read it, for AppTest."""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser

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


class _TableReader(HTMLParser):
    """The tables of ``o7app.present.table_html``: per table its header row (``None`` without one) and its body
    rows, as text, unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[tuple[list[str] | None, list[list[str]]]] = []
        self._head: list[str] | None = None
        self._in_head = False
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag == "table":
            self.tables.append((None, []))
        elif tag == "thead":
            self._in_head = True
            self.tables[-1] = ([], self.tables[-1][1])
        elif tag == "tr" and self.tables and not self._in_head:
            self.tables[-1][1].append([])
        elif tag in ("th", "td"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("th", "td") and self._cell is not None:
            head, rows = self.tables[-1]
            (head if self._in_head and head is not None else rows[-1]).append("".join(self._cell))
            self._cell = None


def tables(at) -> list[pd.DataFrame]:
    """Every table of ``o7app.present.table`` on the page (main area), in page order, as the frame it shows
    (a table without header row has the columns 0, 1, …)."""
    frames = []
    for element in at.main.get("html"):
        if 'class="o7-table"' not in element.proto.body:
            continue
        reader = _TableReader()
        reader.feed(element.proto.body)
        for head, rows in reader.tables:
            frames.append(pd.DataFrame(rows, columns=head))
    return frames


def table_with(at, column: str) -> pd.DataFrame:
    """The one table of the page with a column named ``column``."""
    (found,) = [t for t in tables(at) if column in t.columns]
    return found


def page_text(at) -> str:
    """Every string of every element on the page and in the sidebar (tables included)."""
    out: list[str] = []
    _walk(at._tree, out)
    for table in at.table:  # st.table: the frame is in an arrow proto
        with contextlib.suppress(Exception):
            out.append(table.value.to_string())
    out.extend(frame.to_string() for frame in tables(at))  # unescaped, as a reader sees the cells
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
