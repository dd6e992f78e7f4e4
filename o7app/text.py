"""Text from files and users is shown as text: the one Markdown escape for every page."""

from __future__ import annotations

import re

# also "@" (GFM autolinks a@b.de), "&" (entities) and quotes; "www." and line starts are handled in md()
_MARKDOWN_SPECIAL = "\\`*_{}[]()#+!|<>$~:@&\"'"
_WWW = re.compile(r"(?i)\b(www)\.")
# Streamlit's Markdown links URLs, www. and mail addresses in the *text* after parsing (GFM autolink
# literals), escaped or not: an invisible word joiner (U+2060) between the parts breaks the pattern
_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(https?|ftp|mailto|www)(?=[:.])|(?<=[\w.+-])(?=@)")
_LINE_START = re.compile(r"(?m)^(\s*)([-=])|^(\s*\d+)([.)])")


def md(text: object) -> str:
    """``text`` escaped for ``st.markdown`` and friends, so that a name like ``[k](javascript:…)``, a bare
    ``http://…`` or ``www.…`` (GFM autolinks), ``**x**`` or a leading ``- ``/``1. `` is shown exactly as typed
    (CommonMark allows a backslash before any ASCII punctuation; an invisible word joiner stops the autolinks)."""
    out = _AUTOLINK.sub(lambda m: (m.group(1) or "") + _JOINER, str(text))
    for ch in _MARKDOWN_SPECIAL:
        out = out.replace(ch, "\\" + ch)
    out = _WWW.sub(r"\1\\.", out)
    return _LINE_START.sub(
        lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(2) else f"{m.group(3)}\\{m.group(4)}", out
    )


def cleaned(text: str, *, multiline: bool = False) -> str:
    """A typed text without control characters (o7core.text.clean); the page says when some were removed."""
    from o7core.text import clean

    out = clean(text, multiline=multiline)
    if out != (text.replace("\r\n", "\n") if multiline else text):
        import streamlit as st

        st.caption("Steuerzeichen (z. B. ein Zeilenumbruch aus Word) wurden aus diesem Text entfernt.")
    return out


def upload_limit_caption(where=None) -> None:
    """The German note next to every uploader: Streamlit's own refusal of a too large file is English."""
    import streamlit as st

    from o7core.formats.source import LIMITS, MB

    (where or st).caption(
        f"Höchstens {LIMITS.file_bytes // MB} MB je Datei. Eine größere Datei lehnt der Browser mit der englischen "
        f"Meldung „File must be {LIMITS.file_bytes // MB}.0MB or smaller“ ab."
    )
