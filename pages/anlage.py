"""Seite Anlage: die Anlage zum Dienstleistungseinkauf – Vorschau, Texte, Export und Prüfung.

Reads the agreement widgets (texts, places, dates) into ``scenario.agreement``, builds the
appendix with ``o7core.appendix``, previews it as it prints, offers XLSX and PDF, and checks an
uploaded appendix with ``o7core.check``. In presentation mode the editors are hidden.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pandas as pd
import streamlit as st

from o7app import state, upload_worker
from o7app.text import cleaned, md, upload_limit_caption
from o7core import O7InputError, fmt
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
    baustein2_text,
    build_appendix,
)
from o7core.check import CheckResult, check_bytes, check_text, consequence_rows, findings_rows
from o7core.export_pdf import to_pdf
from o7core.export_xlsx import to_xlsx
from o7core.ranges import TEXT_LENGTHS

state.ensure_router()

_FILES = "o7_anlage_files"  # (appendix, xlsx bytes, pdf bytes) of this session
DATE_FORMAT = "%d.%m.%Y"


def parse_date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), DATE_FORMAT).date()
    except ValueError:
        return None


def reset_baustein2_text(generated: str) -> None:
    s = state.scenario()
    state.update(agreement=replace(s.agreement, baustein2_text=None))
    st.session_state["w_anlage_b2"] = generated


def editors() -> None:
    """Texts, places and dates of the appendix, stored in ``scenario.agreement``."""
    s = state.scenario()
    plan = state.plan()
    a = s.agreement
    generated = baustein2_text(s, plan)
    state.restore_widget("w_anlage_other", a.other_agreements)
    state.restore_widget("w_anlage_b2", a.baustein2_text if a.baustein2_text is not None else generated)
    state.restore_widget("w_anlage_place_sc", a.place_service_center)
    state.restore_widget("w_anlage_place_jc", a.place_jobcenter)
    state.restore_widget("w_anlage_date_sc", parse_date(a.date_service_center))
    state.restore_widget("w_anlage_date_jc", parse_date(a.date_jobcenter))

    with st.expander("Texte, Orte und Daten bearbeiten", expanded=True, icon=":material/edit:"):
        other = st.text_area(
            HEADING_OTHER,
            key="w_anlage_other",
            height=90,
            placeholder=NO_OTHER_AGREEMENTS,
            help="Erscheint in der Anlage unter „Sonstige Vereinbarungen“.",
            max_chars=TEXT_LENGTHS["other_agreements"],
        )
        other = cleaned(other, multiline=True)
        b2 = a.baustein2_text
        if s.baustein2.chosen:
            b2 = st.text_area(
                HEADING_BAUSTEIN2,
                key="w_anlage_b2",
                height=90,
                help="Vorschlag aus der Planung (Gespräche je Arbeitstag durch das JC und gemeinsame "
                "Erreichbarkeit); frei änderbar.",
                max_chars=TEXT_LENGTHS["baustein2_text"],
            )
            b2 = cleaned(b2, multiline=True)
            st.button(
                "Text aus der Planung neu erzeugen",
                on_click=reset_baustein2_text,
                args=(generated,),
                disabled=a.baustein2_text is None,
                icon=":material/refresh:",
            )
        else:
            st.caption("Baustein 2 ist nicht gewählt: die Anlage enthält keinen Text dazu.")
        left, right = st.columns(2)
        with left:
            place_sc = cleaned(st.text_input("Ort Service Center", key="w_anlage_place_sc", max_chars=200))
            date_sc = st.date_input("Datum Service Center", key="w_anlage_date_sc", format="DD.MM.YYYY")
        with right:
            place_jc = cleaned(st.text_input("Ort Jobcenter", key="w_anlage_place_jc", max_chars=200))
            date_jc = st.date_input("Datum Jobcenter", key="w_anlage_date_jc", format="DD.MM.YYYY")

    def date_text(value: object, old: str) -> str:
        if isinstance(value, date):
            return value.strftime(DATE_FORMAT)
        return "" if parse_date(old) is not None else old  # cleared, or free text kept

    new = replace(
        a,
        other_agreements=other,
        baustein2_text=None if b2 is None or b2 == generated else b2,
        place_service_center=place_sc,
        date_service_center=date_text(date_sc, a.date_service_center),
        place_jobcenter=place_jc,
        date_jobcenter=date_text(date_jc, a.date_jobcenter),
    )
    state.update(agreement=new)


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
        head = head.map(md).set_index("Feld")
        head.index.name = None
        st.table(head, border="horizontal")

        rows = [
            (
                r.label,
                md(r.name + (" **" if r.number == 2 and ap.baustein2_chosen else "")),
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
                f"**{LABEL_TOTAL}**",
                "",
                f"**{fmt.hours(ap.total_hours)}**",
                f"**{fmt.hours(ap.total_hours_annualized)}**",
                f"**{fmt.number(ap.total_fte, 2)}**",
                "",
                "",
            )
        )
        table = pd.DataFrame(rows, columns=[md(h) for h in TABLE_HEADERS]).set_index(md(TABLE_HEADERS[0]))
        st.table(table)
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
                        md(c.label) if c.term_years != ap.term_years else f"**{md(c.label)}** (gewählt)",
                        fmt.money(c.base_price),
                        fmt.money(c.volume_price),
                        fmt.money(c.total),
                    )
                    for c in ap.costs
                ],
                columns=list(COST_HEADERS),
            ).set_index(COST_HEADERS[0])
            st.table(costs)
        else:
            st.caption("Ohne BG-Zahl werden keine Kosten berechnet (Seite Start / Daten).")


def files(ap: Appendix) -> tuple[bytes, bytes]:
    """XLSX and PDF of the appendix, made once per change (kept in this session only)."""
    cached = st.session_state.get(_FILES)
    if cached is not None and cached[0] == ap:
        return cached[1], cached[2]
    xlsx, pdf = to_xlsx(ap), to_pdf(ap)
    st.session_state[_FILES] = (ap, xlsx, pdf)
    return xlsx, pdf


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


def _check_upload_or_text() -> CheckResult | None:
    """The uploaded file, else the pasted text, checked; ``None`` while there is neither (or it is unreadable)."""
    upload = st.file_uploader(
        "Anlage als Excel, PDF oder Text",
        type=["xlsx", "pdf", "txt"],
        key="w_anlage_check_upload",
        help="Aus O.7 Planer, im selben Aufbau abgetippt, oder die PDF des Service Centers (mit Text, kein Scan).",
    )
    upload_limit_caption()
    pasted = st.text_area(
        "… oder den Text der Anlage einfügen",
        key="w_anlage_check_text",
        height=110,
        placeholder="Aus der PDF kopiert: Titel, BG-Zahl, Bausteintabelle bis zur Kostentabelle",
    )
    prices = state.scenario().prices
    try:
        if upload is not None:
            return upload_worker.read_upload(upload, check_bytes, fallback_prices=prices)
        if pasted.strip():
            return check_text(pasted, "eingefügter Text", fallback_prices=prices)
    except O7InputError as exc:
        state.show_problems(exc.problems, title="Die Anlage kann nicht geprüft werden.")
    return None


# widths in pixels: the figures and the difference are never cut off; the rule takes the rest
_FINDING_COLUMNS = {
    "Feld": st.column_config.TextColumn("Feld", width=210),
    "Zelle": st.column_config.TextColumn("Zelle", width=100),
    "gedruckt": st.column_config.TextColumn("gedruckt", width=115),
    "richtig": st.column_config.TextColumn("richtig", width=115),
    "Differenz": st.column_config.TextColumn("Differenz", width=165),
    "Regel": st.column_config.TextColumn("Regel"),
}


def check_section() -> None:
    st.subheader("Anlage prüfen", anchor=False)
    st.caption(
        "Eine ausgefüllte Anlage hochladen oder ihren Text einfügen: Stunden, VZA, Summen, Erfüllungsgrad "
        "und Kosten werden nachgerechnet. Genannt wird die Zahl, die falsch ist – nicht jede Zahl, die "
        "nur deshalb nicht stimmt, weil sie aus ihr berechnet wurde."
    )
    result = _check_upload_or_text()
    if result is None:
        return
    who = " ".join(x for x in (result.jobcenter, f"({result.jcnr})" if result.jcnr else "") if x)
    st.caption(md(f"{who} · Vertragsjahr {result.contract_year or '?'} · {result.prices_source}"))
    if result.ok:
        st.success(f"Keine Abweichungen – {result.checked} Werte nachgerechnet.", icon=":material/check_circle:")
    else:
        n = len(result.findings)
        st.error(
            f"{n} Fehler in der Anlage bei {result.checked} nachgerechneten Werten.",
            icon=":material/error:",
        )
        st.dataframe(
            pd.DataFrame(findings_rows(result)),
            hide_index=True,
            width="stretch",
            column_config=_FINDING_COLUMNS,
            key="w_anlage_check_findings",
        )
        st.markdown("**Für das Schreiben an das Service Center** (je Fehler ein Satz zum Kopieren):")
        for finding in result.findings:
            st.code(finding.sentence, language=None, wrap_lines=True)
        for i, alternative in enumerate(result.alternatives, start=2):
            st.warning(
                md(f"Gleich einfache Erklärung {i}: " + " ".join(f.sentence for f in alternative)),
                icon=":material/help:",
            )
        if result.consequences:
            m = len(result.consequences)
            with st.expander(
                f"{m} {'Wert stimmt' if m == 1 else 'Werte stimmen'} nur deshalb nicht (Folgefehler)",
                icon=":material/subdirectory_arrow_right:",
            ):
                st.caption(
                    "Diese Zahlen sind aus einem Fehler oben richtig berechnet; nach dessen Korrektur stimmen sie."
                )
                st.dataframe(pd.DataFrame(consequence_rows(result)), hide_index=True, width="stretch")
    for note in result.notes:
        st.info(md(note), icon=":material/info:")


st.header("Anlage zum Dienstleistungseinkauf")
if state.try_plan() is None:
    st.stop()
if not state.presentation_mode():
    editors()
scenario = state.scenario()
appendix = build_appendix(scenario, state.plan())
if appendix.is_draft:
    st.error(
        "**Entwurf – nicht unterschriftsreif.** Es fehlt:\n"
        + "\n".join(f"- {md(item)}" for item in appendix.missing)
        + "\n\nXLSX und PDF tragen den Vermerk „ENTWURF“. Service Center, Vertragsjahr und BG-Zahl "
        "des Vertragsjahres auf der Seite „Start / Daten“ eintragen, Orte und Daten oben.",
        icon=":material/draft:",
    )
downloads(appendix)
preview(appendix)
if not state.presentation_mode():
    check_section()
