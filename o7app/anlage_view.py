"""Drawing of the Anlage page: the appendix as it prints (preview), its XLSX and PDF downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from o7core import fmt
from o7core.appendix import (
    COST_HEADERS,
    FOOTNOTE_BAUSTEIN2,
    HEADING_BAUSTEIN2,
    HEADING_OTHER,
    LABEL_HOURS_PER_FTE,
    LABEL_JCNR,
    LABEL_JOBCENTER,
    LABEL_SERVICE_CENTER,
    LABEL_TERM,
    LABEL_TOTAL,
    NO_OTHER_AGREEMENTS,
    SERVICE_NAME,
    TABLE_HEADERS,
    Appendix,
)
from o7core.export_pdf import to_pdf
from o7core.export_xlsx import to_xlsx

from . import present, state
from .text import md


def facts(ap: Appendix) -> str:
    """The appendix in one line under the header (Markdown-safe): who, contract year, BG, term, hours, VZA."""
    who = " · ".join(
        x
        for x in (
            md(ap.service_center) if ap.service_center else "Service Center fehlt",
            md(ap.jobcenter) + (f" ({md(ap.jcnr)})" if ap.jcnr else ""),
        )
        if x
    )
    return (
        f"{who} · Vertragsjahr {ap.contract_year} · BG {fmt.count(ap.bg_count)} · Laufzeit {fmt.term(ap.term_years)} · "
        f"{fmt.hours(ap.total_hours_annualized)} Stunden * · {fmt.fte(float(ap.total_fte))} VZA"
    )


def preview(ap: Appendix) -> None:
    """The appendix as it prints."""
    with st.container(border=True):
        st.subheader(f"{ap.title} – Entwurf" if ap.is_draft else ap.title, anchor=False)
        if ap.is_draft:
            st.markdown(f":red[**{md(ap.draft_text)}**]")
        st.text(f"Dienstleistung {SERVICE_NAME}\n{ap.period_sentence}")
        head = pd.DataFrame(
            [
                (LABEL_SERVICE_CENTER, ap.service_center or fmt.DASH),
                (LABEL_JOBCENTER, ap.jobcenter or fmt.DASH),
                (LABEL_JCNR, ap.jcnr or fmt.DASH),
                (ap.bg_label, fmt.count(ap.bg_count)),
                (LABEL_TERM, str(ap.term_years)),
                (LABEL_HOURS_PER_FTE, fmt.number(ap.productive_hours_per_fte, 0)),
            ],
            columns=["Feld", "Wert"],
        )
        present.table(head, header=False)
        _preview_body(ap)


def _preview_body(ap: Appendix) -> None:
    """The Bausteine table, notes, other agreements, signatures and costs of the preview."""
    rows = [
        (
            r.label,
            r.name + (" **" if r.number == 2 and ap.baustein2_chosen else ""),
            fmt.hours(r.hours),
            fmt.hours(r.hours_annualized),
            fmt.number(r.fte, 2) if r.fte is not None else fmt.DASH,
            fmt.percent(float(r.fulfilment), 2) if r.fulfilment is not None else fmt.DASH,
            "ja" if r.chosen else "nein",
        )
        for r in ap.rows
    ]
    rows.append(
        (
            LABEL_TOTAL,
            "",
            fmt.hours(ap.total_hours),
            fmt.hours(ap.total_hours_annualized),
            fmt.number(ap.total_fte, 2),
            "",
            "",
        )
    )
    present.table(pd.DataFrame(rows, columns=list(TABLE_HEADERS)), strong=[len(rows) - 1])
    notes = [ap.footnote, ap.fte_note] + ([FOOTNOTE_BAUSTEIN2] if ap.baustein2_chosen else [])
    st.caption("  \n".join(md(n) for n in notes))

    st.markdown(f"**{HEADING_OTHER}**")
    st.text(ap.other_agreements.strip() or NO_OTHER_AGREEMENTS)
    if ap.baustein2_chosen:
        st.markdown(f"**{HEADING_BAUSTEIN2}**")
        st.text(ap.baustein2_text.strip() or fmt.DASH)

    columns = st.columns(2, gap="large")
    for column, block in zip(columns, ap.signatures, strict=False):
        with column:
            st.markdown(f"**Für das {block.party}**")
            st.text(f"{block.organisation or fmt.DASH}\nOrt, Datum: {block.place_date or '…'}\n\n\n")
            st.text("_" * 44)
            st.caption(block.signature_label)

    if ap.costs:
        st.caption(md(ap.cost_intro))
        costs = pd.DataFrame(
            [
                (
                    c.label if c.term_years != ap.term_years else f"{c.label} (gewählt)",
                    fmt.money(c.base_price),
                    fmt.money(c.volume_price),
                    fmt.money(c.total),
                )
                for c in ap.costs
            ],
            columns=list(COST_HEADERS),
        )
        chosen = [i for i, c in enumerate(ap.costs) if c.term_years == ap.term_years]
        present.table(costs, strong=chosen)
    else:
        st.caption("Ohne BG-Zahl werden keine Kosten berechnet (Seite Start / Daten).")


def files(ap: Appendix) -> tuple[bytes, bytes]:
    """XLSX and PDF of the appendix, made once per change (kept in this session only)."""
    return state.memo(to_xlsx, ap), state.memo(to_pdf, ap)


def downloads(ap: Appendix) -> None:
    xlsx, pdf = files(ap)
    left, right = st.columns(2)
    left.download_button(
        "Anlage als Excel (XLSX)",
        data=xlsx,
        file_name=f"{ap.file_stem}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/table_view:",
        on_click="ignore",
        width="stretch",
        key="w_anlage_download_xlsx",
    )
    right.download_button(
        "Anlage als PDF",
        data=pdf,
        file_name=f"{ap.file_stem}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        width="stretch",
        type="primary",
        key="w_anlage_download_pdf",
    )
