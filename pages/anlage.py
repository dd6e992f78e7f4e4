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

from o7app import anlage_view, present, state, upload_worker
from o7app import widgets as w
from o7app.text import cleaned, md, upload_limit_caption
from o7core import O7InputError
from o7core.appendix import (
    HEADING_BAUSTEIN2,
    HEADING_OTHER,
    NO_OTHER_AGREEMENTS,
    baustein2_text,
    build_appendix,
)
from o7core.check import CheckResult, check_bytes, check_text, consequence_rows, findings_rows
from o7core.ranges import TEXT_LENGTHS

state.ensure_router()

DATE_FORMAT = "%d.%m.%Y"


def parse_date(text: str) -> date | None:
    try:
        return datetime.strptime(text.strip(), DATE_FORMAT).date()
    except ValueError:
        return None


def reset_baustein2_text(generated: str) -> None:
    s = state.scenario()
    state.update(agreement=replace(s.agreement, baustein2_text=None))
    state.set_widget_value("w_anlage_b2", generated)


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


def check_section() -> None:
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
        present.table(pd.DataFrame(findings_rows(result)))
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
            st.markdown(f"**{m} {'Wert stimmt' if m == 1 else 'Werte stimmen'} nur deshalb nicht (Folgefehler)**")
            st.caption("Diese Zahlen sind aus einem Fehler oben richtig berechnet; nach dessen Korrektur stimmen sie.")
            present.table(pd.DataFrame(consequence_rows(result)))
    for note in result.notes:
        st.info(md(note), icon=":material/info:")


st.header("Anlage zum Dienstleistungseinkauf")
if state.try_plan() is None:
    st.stop()
# the first view: state of the appendix and its two files; the editors, the preview and the check are groups
# that draw only while open (a page switch sends only what the first view shows, issue 19)
presenting = state.presentation_mode()
head = st.container()
if not presenting:
    with w.group("Texte, Orte und Daten bearbeiten", "w_group_anlage_edit") as group:
        if group.open:
            editors()
scenario = state.scenario()
appendix = build_appendix(scenario, state.plan())
with head:
    st.caption(anlage_view.facts(appendix))
    if appendix.is_draft:
        st.error(
            "**Entwurf – nicht unterschriftsreif.** Es fehlt:\n"
            + "\n".join(f"- {md(item)}" for item in appendix.missing)
            + "\n\nXLSX und PDF tragen den Vermerk „ENTWURF“. Service Center, Vertragsjahr und BG-Zahl "
            "des Vertragsjahres auf der Seite „Start / Daten“ eintragen, Orte und Daten unter "
            "„Texte, Orte und Daten bearbeiten“.",
            icon=":material/draft:",
        )
    anlage_view.downloads(appendix)
with w.group("Vorschau der Anlage (wie gedruckt)", "w_group_anlage_preview", expanded=presenting) as group:
    if group.open:
        anlage_view.preview(appendix)
if not presenting:
    with w.group("Anlage prüfen", "w_group_anlage_check") as group:
        if group.open:
            check_section()
