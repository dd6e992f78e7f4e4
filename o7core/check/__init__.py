"""Anlage prüfen: read a filled-in appendix and name the root cause of every inconsistency.

``check_bytes(raw, filename)`` takes what the Service Center sends: our XLSX or one re-typed in
the same layout (:mod:`.reading`), a PDF – ours or a text PDF in the BA's layout – or a text file
(:mod:`.text`); ``check_text(text)`` takes text pasted from a PDF. Every file goes through the
safe reading edge (:mod:`o7core.formats.source`: size, magic bytes, archive limits, bounded PDF
text). The check builds the rules of the appendix and finds the smallest set of
printed figures whose correction makes the whole appendix consistent (:mod:`.solver`,
:mod:`.checker`). Those figures are the **findings**; figures that are wrong only because they
were computed from a finding are its **consequences**, listed apart (:mod:`.result`).
"""

from __future__ import annotations

from .. import fmt
from ..errors import O7InputError, Problem
from ..formats import source
from ..model import PriceSheet
from .checker import check_appendix
from .reading import Printed, PrintedAppendix, PrintedCost, PrintedRow, guard_xlsx, read_appendix_xlsx
from .result import (
    CheckResult,
    Finding,
    consequence_rows,
    finding_to_dict,
    findings_rows,
    result_table,
    result_to_dict,
    summary,
)
from .text import read_appendix_text

__all__ = [
    "CheckResult",
    "Finding",
    "Printed",
    "PrintedAppendix",
    "PrintedCost",
    "PrintedRow",
    "check_appendix",
    "check_bytes",
    "check_text",
    "check_xlsx",
    "consequence_rows",
    "finding_to_dict",
    "findings_rows",
    "guard_xlsx",
    "read_appendix_text",
    "read_appendix_xlsx",
    "result_table",
    "result_to_dict",
    "summary",
]


def check_xlsx(
    raw: bytes,
    filename: str = "Anlage.xlsx",
    *,
    prices: PriceSheet | None = None,
    fallback_prices: PriceSheet | None = None,
) -> CheckResult:
    """Read and check an appendix workbook. Raises :class:`O7InputError` for a file it cannot read."""
    return check_appendix(read_appendix_xlsx(raw, filename), prices=prices, fallback_prices=fallback_prices)


EXPECTED_FILE = (
    "die Anlage zum Dienstleistungseinkauf als Excel-Datei (.xlsx), als PDF (aus O.7 Planer oder im "
    "Aufbau der BA) oder als Text"
)


def check_text(
    text: str,
    filename: str = "eingefügter Text",
    *,
    prices: PriceSheet | None = None,
    fallback_prices: PriceSheet | None = None,
) -> CheckResult:
    """Check an appendix given as text (pasted from its PDF, or a text file)."""
    if len(text) > source.MAX_PDF_TEXT_CHARS:
        raise O7InputError(
            Problem(
                "Der Text ist zu lang für eine Anlage und wird nicht gelesen.",
                file=filename,
                expected=f"höchstens {fmt.count(source.MAX_PDF_TEXT_CHARS)} Zeichen",
            )
        )
    printed = read_appendix_text(text, filename)
    return check_appendix(printed, prices=prices, fallback_prices=fallback_prices, source="text")


def check_bytes(
    raw: bytes,
    filename: str = "Anlage",
    *,
    prices: PriceSheet | None = None,
    fallback_prices: PriceSheet | None = None,
) -> CheckResult:
    """Check an appendix file of any accepted kind, recognised by its first bytes (not its name).

    Raises :class:`O7InputError` with a German message naming the file when it is none of them.
    """
    try:
        source.check_size(len(raw))
        if raw[:2] == b"PK":
            return check_xlsx(raw, filename, prices=prices, fallback_prices=fallback_prices)
        if raw.startswith(b"%PDF"):
            text = source.pdf_text(raw, expected=EXPECTED_FILE)
            printed = read_appendix_text(text, filename, sheet="PDF")
            return check_appendix(printed, prices=prices, fallback_prices=fallback_prices, source="pdf")
        what = source.binary_kind(raw)
        if what:
            raise O7InputError(Problem(f"Die Datei ist {what}, keine Anlage.", expected=EXPECTED_FILE))
        text, _encoding = source.decode_text(raw)
        printed = read_appendix_text(text, filename)
        return check_appendix(printed, prices=prices, fallback_prices=fallback_prices, source="text")
    except O7InputError as exc:
        raise exc.located(file=filename) from None
