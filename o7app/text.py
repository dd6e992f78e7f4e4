"""Text from files and users is shown as text: the one Markdown escape for every page."""

from __future__ import annotations

_MARKDOWN_SPECIAL = "\\`*_{}[]()#+!|<>$~:"


def md(text: object) -> str:
    """``text`` escaped for ``st.markdown`` and friends, so that a name like ``[k](javascript:…)``
    or ``**x**`` is shown exactly as typed (CommonMark allows a backslash before any ASCII punctuation)."""
    out = str(text)
    for ch in _MARKDOWN_SPECIAL:
        out = out.replace(ch, "\\" + ch)
    return out
