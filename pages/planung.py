"""Planung – the live planning aid: sliders in, figures out, every change at once."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from o7app import planning_view as view
from o7app import present, state
from o7app import widgets as w
from o7app.text import md
from o7core import Baustein2Setting, BausteinSetting, fmt
from o7core.forecast import METHOD_LABELS, METHODS
from o7core.model import BAUSTEIN_NAMES, VOLUME_COLUMNS

state.ensure_router()

VOLUME_LABELS = {3: "Voiceboxen", 5: "Outbound-Anrufe", 6: "E-Mails/Postfach", 7: "Überschneidungsmitteilungen"}


def _set_capacity_for_target() -> None:
    """Button callback: the smallest capacity that reaches the annual target despite capped months."""
    plan = state.plan()
    value = plan.totals.capacity_fte_for_target
    state.update_parameters(capacity_fte=value)
    st.session_state["w_capacity_auto"] = False
    st.session_state["w_capacity"] = value


def _controls() -> None:
    s = state.scenario()
    p = s.parameters
    st.subheader("Einstellungen")
    target = w.percent_slider(
        "Ziel telefonische Erreichbarkeit",
        "w_target",
        p.target_reachability,
        low=0.05,
        help="Anteil der geplanten Anrufe, die als Gespräch angenommen werden sollen.",
    )
    term = w.select(
        "Laufzeit",
        "w_term",
        (1, 2, 3),
        s.term_years,
        format_func=lambda t: "1 Jahr" if t == 1 else f"{t} Jahre",
        radio=True,
        horizontal=True,
    )
    method = w.select(
        "Grundlage",
        "w_method",
        METHODS,
        s.forecast.method,
        format_func=METHOD_LABELS.get,
        radio=True,
        help="Vorjahr: die Monate des Bezugszeitraums unverändert, wie die BA-Planungshilfe (die Anlage bleibt "
        "BA-genau). Nach BG und Arbeitstagen: Anrufe je BG und Arbeitstag × BG und Arbeitstage des Vertragsjahres. "
        "Prognose: statistische Vorhersage mit 80-%-Spanne (mindestens 12 Monate).",
    )

    with st.expander("Berücksichtigung in der Planung", expanded=False):
        share_calls = w.percent_slider("Anrufe SC", "w_share_calls", p.share_calls, step="one")
        share_forwarded = w.percent_slider(
            "Weiterleitungen an das JC (Erhöhung)", "w_share_forwarded", p.share_forwarded, step="one"
        )
        share_repeat = w.percent_slider(
            "Anrufwiederholungen (Abzug)", "w_share_repeat", p.share_repeat_deduction, step="one"
        )

    with st.expander("Zeiten und Kapazität", expanded=True):
        aht = w.number(
            "Bearbeitungszeit je Gespräch (Sekunden, Gespräch + Nachbearbeitung)",
            "w_aht",
            p.aht_seconds,
            min_value=1.0,
            max_value=36000.0,
            decimals=3,
        )
        callback = w.number(
            "Rückrufe je Gespräch (Sekunden)",
            "w_callback",
            p.callback_seconds_per_conversation,
            max_value=36000.0,
            decimals=4,
        )
        mail = w.number(
            "Versand je Gespräch (Sekunden)",
            "w_mail",
            p.mail_seconds_per_conversation,
            max_value=36000.0,
            decimals=3,
        )
        php = w.number(
            "Produktivstunden je VZA und Jahr",
            "w_php",
            p.productive_hours_per_fte,
            min_value=1.0,
            max_value=8760.0,
            decimals=0,
        )
        auto = w.toggle(
            "Kapazität = Bedarf für das Ziel",
            "w_capacity_auto",
            p.capacity_fte is None,
            help="Aus: eigene verfügbare Kapazität in VZA eingeben.",
        )
        capacity = None
        if not auto:
            start = p.capacity_fte if p.capacity_fte is not None else round(state.plan().totals.fte_required, 2)
            capacity = w.number(
                "Verfügbare Kapazität (VZA)",
                "w_capacity",
                start,
                min_value=0.01,
                max_value=10000.0,
                decimals=2,
            )
        st.button(
            "Kapazität für Jahresziel",
            on_click=_set_capacity_for_target,
            help="Setzt die kleinste Kapazität, mit der das Jahresziel trotz gedeckelter Monate erreicht wird.",
        )

    b2 = s.baustein2
    with st.expander("Baustein 2 – Lastverteilung", expanded=False):
        b2_chosen = w.checkbox("Baustein 2 wählen", "w_b2_chosen", b2.chosen)
        b2_mode = w.select("Art", "w_b2_mode", ("Anrufe", "Voiceboxen"), b2.mode, radio=True, horizontal=True)
        joint = w.percent_slider(
            "Gemeinsame Ziel-Erreichbarkeit SC + JC",
            "w_b2_joint",
            b2.joint_target_reachability if b2.joint_target_reachability is not None else 0.70,
            low=0.05,
        )
        q = w.number(
            "Eigene Kapazität des JC (Gespräche je Arbeitstag, leer = offen)",
            "w_b2_q",
            b2.jc_capacity_per_day,
            decimals=1,
            optional=True,
            placeholder="offen",
        )

    bausteine = dict(s.bausteine)
    with st.expander("Bausteine 3, 5, 6, 7", expanded=False):
        for number in (3, 5, 6, 7):
            b = s.bausteine.get(number, BausteinSetting())
            st.markdown(f"**Baustein {number} – {BAUSTEIN_NAMES[number]}**")
            chosen = w.checkbox("wählen", f"w_b{number}_chosen", b.chosen)
            history = sum(getattr(m, VOLUME_COLUMNS[number]) or 0 for m in s.months)
            volume = w.number(
                f"{VOLUME_LABELS[number]} je Jahr (leer = aus den Monatswerten: {fmt.count(history)} im Zeitraum)",
                f"w_b{number}_volume",
                b.volume_per_year,
                kind="count",
                optional=True,
                placeholder="aus Monatswerten",
            )
            minutes = w.number(
                "Minuten je Vorgang", f"w_b{number}_minutes", b.minutes_per_item, max_value=600.0, decimals=2
            )
            share = w.percent_slider("Anteil, den das SC übernimmt", f"w_b{number}_share", b.share, step="one")
            bausteine[number] = BausteinSetting(
                chosen=chosen, volume_per_year=volume, minutes_per_item=minutes or 0.0, share=share
            )

    new_parameters = replace(
        p,
        target_reachability=target,
        share_calls=share_calls,
        share_forwarded=share_forwarded,
        share_repeat_deduction=share_repeat,
        aht_seconds=aht if aht else p.aht_seconds,
        callback_seconds_per_conversation=callback or 0.0,
        mail_seconds_per_conversation=mail or 0.0,
        productive_hours_per_fte=php if php else p.productive_hours_per_fte,
        capacity_fte=capacity,
    )
    new_b2 = Baustein2Setting(chosen=b2_chosen, mode=b2_mode, joint_target_reachability=joint, jc_capacity_per_day=q)
    state.update(
        parameters=new_parameters,
        baustein2=new_b2,
        bausteine=bausteine,
        term_years=term,
        forecast=replace(s.forecast, method=method),
    )


def _results(headline: DeltaGenerator) -> None:
    """The figures of the plan; the metric cards go into ``headline`` (full width, above the controls)."""
    s = state.scenario()
    with headline:
        plan = state.try_plan(title=view.grundlage_problem_title(s))
    if plan is None:
        return
    t = plan.totals
    basis = view.grundlage(s, plan, presentation=state.presentation_mode())
    with headline:
        view.metric_cards(plan, s, state.baseline())
        if basis is not None:
            st.info(basis[0])

    if t.possible_reachability is not None and t.possible_reachability < plan.target_reachability - 1e-9:
        capped = sum(1 for m in plan.months if m.possible_conversations >= m.planned_calls - 1e-9)
        st.warning(
            f"Mit {fmt.fte(t.capacity_fte)} VZA wird das Jahresziel von {fmt.percent(plan.target_reachability)} verfehlt: "
            f"möglich sind {fmt.percent(t.possible_reachability)}. "
            + (f"{capped} Monat(e) sind auf ihr Anrufvolumen gedeckelt. " if capped else "")
            + f"Für das Jahresziel sind mindestens {fmt.fte(t.capacity_fte_for_target)} VZA nötig "
            "(Schaltfläche „Kapazität für Jahresziel“)."
        )

    if not state.presentation_mode():
        c1, c2, _ = st.columns([1, 1, 1])
        if c1.button(
            "Vergleichsbasis merken", help="Die Kennzahlen zeigen danach die Veränderung gegenüber diesem Stand."
        ):
            state.save_baseline()
            st.rerun()
        if state.baseline() is not None and c2.button("Vergleichsbasis löschen"):
            state.clear_baseline()
            st.rerun()
        if state.baseline() is not None:
            st.caption(f"Veränderungen gegenüber der Vergleichsbasis „{state.baseline()[0]}“.")

    presenting = state.presentation_mode()
    st.vega_lite_chart(
        view.monthly_chart(plan, height=480 if presenting else 340, presentation=presenting), width="stretch"
    )
    if basis is not None:
        st.vega_lite_chart(basis[1], width="stretch")
        st.caption(basis[2])

    tab_b, tab_m, tab_2 = st.tabs(["Bausteine", "Monatstabelle (wie Planungshilfe)", "Baustein 2"])
    with tab_b:
        present.table(view.bausteine_frame(plan))
        st.caption(
            "Stunden: Bezugszeitraum; Stunden *: auf 12 Monate hochgerechnet (nach Arbeitstagen). VZA je Baustein = Stunden * ÷ Produktivstunden je VZA."
        )
        if t.fulfilment_vs_prior_year is not None:
            st.caption(f"Gesprächserfüllung zum Vorjahr: {fmt.percent(t.fulfilment_vs_prior_year)}")
    with tab_m:
        present.table(view.planning_aid_frame(plan))
    with tab_2:
        st.markdown(view.baustein2_sentence(s, plan))


st.header("Planung")
_scenario = state.scenario()
if _scenario.months:
    st.caption(
        f"{md(_scenario.jobcenter.name)} · Bezugszeitraum {fmt.period_text(_scenario.months[0].month, _scenario.months[-1].month)}"
        + (" · Beispieldaten" if state.is_sample() else "")
    )


@st.fragment
def planning_area() -> None:
    # the headline cards are drawn after the controls have been read, into a container above them
    headline = st.container()
    if state.presentation_mode():
        _results(headline)
        return
    left, right = st.columns([1, 2.2], gap="large")
    with left, st.container(key="o7_controls"):  # the key lets the layout wrap in a narrow window
        _controls()
    with right:
        _results(headline)


if not _scenario.months:
    st.info("Es sind noch keine Monatswerte geladen. Bitte auf der Seite „Start / Daten“ eine Datei hochladen.")
else:
    planning_area()
