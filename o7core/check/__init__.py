"""Anlage prüfen: read a filled-in appendix and name the root cause of every inconsistency.

``check_xlsx(raw, filename)`` reads the workbook (:mod:`.reading`: ours, or one re-typed by hand
in the same visible layout), builds the rules of the appendix and finds the smallest set of
printed figures whose correction makes the whole appendix consistent (:mod:`.solver`,
:mod:`.checker`). Those figures are the **findings**; figures that are wrong only because they
were computed from a finding are its **consequences**, listed apart (:mod:`.result`).
"""

from __future__ import annotations

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

__all__ = [
    "CheckResult",
    "Finding",
    "Printed",
    "PrintedAppendix",
    "PrintedCost",
    "PrintedRow",
    "check_appendix",
    "check_xlsx",
    "consequence_rows",
    "finding_to_dict",
    "findings_rows",
    "guard_xlsx",
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
