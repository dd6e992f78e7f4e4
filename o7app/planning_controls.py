"""The controls of the Planung page: one group per block of the BA planning aid, read into the scenario.

Each group reads its widgets (``o7app.widgets``: German numbers, values kept across page switches) and
returns the settings it stands for; :func:`read_controls` puts them into the session's scenario in one
``state.update``, so the figures drawn after it are those of the controls as they are now.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from o7core import Baustein2Setting, BausteinSetting, Scenario, fmt
from o7core.forecast import METHOD_LABELS, METHODS
from o7core.model import BAUSTEIN_NAMES, VOLUME_COLUMNS

from . import state
from . import widgets as w

#: the volume of each optional Baustein, as the planning aid names it
VOLUME_LABELS = {3: "Voiceboxen", 5: "Outbound-Anrufe", 6: "E-Mails/Postfach", 7: "Überschneidungsmitteilungen"}
CAPACITY_AUTO = "w_capacity_auto"
CAPACITY = "w_capacity"


@dataclass(frozen=True)
class Times:
    """Zeiten und Kapazität: seconds per conversation, productive hours per VZA and year, VZA (``None``: = Bedarf)."""

    aht_seconds: float | None
    callback_seconds: float | None
    mail_seconds: float | None
    productive_hours: float | None
    capacity_fte: float | None


def set_capacity_for_target() -> None:
    """Button callback: the smallest capacity (VZA) that reaches the annual target despite capped months."""
    value = state.plan().totals.capacity_fte_for_target
    state.update_parameters(capacity_fte=value)
    state.set_widget_value(CAPACITY_AUTO, False)
    state.set_widget_value(CAPACITY, value)


def read_controls() -> None:
    """Draw the controls of the Planung page and put what they say into the session's scenario.

    The target slider is the one control of the first view; every other block is a
    :func:`o7app.widgets.group`, closed on arrival: only an open group draws its widgets, the settings of a
    closed one stay as they are in the scenario (a page switch sends only what the first view shows, issue 19).
    """
    s = state.scenario()
    p = s.parameters
    target, term, method = p.target_reachability, s.term_years, s.forecast.method
    with w.group("Ziel, Laufzeit und Grundlage der Anrufe", "w_group_basis") as group:
        if group.open:
            target = _target(s)
            term, method = _term_and_basis(s)
    share_calls, share_forwarded, share_repeat = p.share_calls, p.share_forwarded, p.share_repeat_deduction
    times = Times(
        p.aht_seconds,
        p.callback_seconds_per_conversation,
        p.mail_seconds_per_conversation,
        p.productive_hours_per_fte,
        p.capacity_fte,
    )
    with w.group("Zeiten und Kapazität", "w_group_times") as group:
        if group.open:
            times = _times_and_capacity(s)
    b2, bausteine = s.baustein2, dict(s.bausteine)
    with w.group("Berücksichtigung und Bausteine 2, 3, 5, 6, 7", "w_group_bausteine") as group:
        if group.open:
            st.markdown("**Berücksichtigung in der Planung**")
            share_calls = w.percent_slider("Anrufe SC", "w_share_calls", p.share_calls, step="one")
            share_forwarded = w.percent_slider(
                "Weiterleitungen an das JC (Erhöhung)", "w_share_forwarded", p.share_forwarded, step="one"
            )
            share_repeat = w.percent_slider(
                "Anrufwiederholungen (Abzug)", "w_share_repeat", p.share_repeat_deduction, step="one"
            )
            st.markdown("**Baustein 2 – Lastverteilung**")
            b2 = _baustein2(s.baustein2)
            bausteine = _optional_bausteine(s)

    parameters = replace(
        p,
        target_reachability=target,
        share_calls=share_calls,
        share_forwarded=share_forwarded,
        share_repeat_deduction=share_repeat,
        aht_seconds=times.aht_seconds if times.aht_seconds else p.aht_seconds,
        callback_seconds_per_conversation=times.callback_seconds or 0.0,
        mail_seconds_per_conversation=times.mail_seconds or 0.0,
        productive_hours_per_fte=times.productive_hours if times.productive_hours else p.productive_hours_per_fte,
        capacity_fte=times.capacity_fte,
    )
    state.update(
        parameters=parameters,
        baustein2=b2,
        bausteine=bausteine,
        term_years=term,
        forecast=replace(s.forecast, method=method),
    )


def _target(s: Scenario) -> float:
    """Ziel-Erreichbarkeit (fraction): the one control of the first view."""
    return w.percent_slider(
        "Ziel telefonische Erreichbarkeit",
        "w_target",
        s.parameters.target_reachability,
        low=0.05,
        help="Anteil der geplanten Anrufe, die als Gespräch angenommen werden sollen.",
    )


def _term_and_basis(s: Scenario) -> tuple[int, str]:
    """Laufzeit (years), Grundlage (a method of ``o7core.forecast``)."""
    term = w.select("Laufzeit", "w_term", (1, 2, 3), s.term_years, format_func=fmt.term, radio=True, horizontal=True)
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
    return term, method


def _times_and_capacity(s: Scenario) -> Times:
    p = s.parameters
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
        "Versand je Gespräch (Sekunden)", "w_mail", p.mail_seconds_per_conversation, max_value=36000.0, decimals=3
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
        CAPACITY_AUTO,
        p.capacity_fte is None,
        help="Aus: eigene verfügbare Kapazität in VZA eingeben.",
    )
    capacity = None
    if not auto:
        start = p.capacity_fte if p.capacity_fte is not None else round(state.plan().totals.fte_required, 2)
        capacity = w.number(
            "Verfügbare Kapazität (VZA)", CAPACITY, start, min_value=0.01, max_value=10000.0, decimals=2
        )
    st.button(
        "Kapazität für Jahresziel",
        on_click=set_capacity_for_target,
        help="Setzt die kleinste Kapazität, mit der das Jahresziel trotz gedeckelter Monate erreicht wird.",
    )
    return Times(aht, callback, mail, php, capacity)


def _baustein2(b2: Baustein2Setting) -> Baustein2Setting:
    """Baustein 2 (Lastverteilung): chosen, kind, joint target (fraction), the JC's own conversations per day."""
    chosen = w.checkbox("Baustein 2 wählen", "w_b2_chosen", b2.chosen)
    mode = w.select("Art", "w_b2_mode", ("Anrufe", "Voiceboxen"), b2.mode, radio=True, horizontal=True)
    joint = w.percent_slider(
        "Gemeinsame Ziel-Erreichbarkeit SC + JC",
        "w_b2_joint",
        b2.joint_target_reachability if b2.joint_target_reachability is not None else 0.70,
        low=0.05,
    )
    per_day = w.number(
        "Eigene Kapazität des JC (Gespräche je Arbeitstag, leer = offen)",
        "w_b2_q",
        b2.jc_capacity_per_day,
        decimals=1,
        optional=True,
        placeholder="offen",
    )
    return Baustein2Setting(chosen=chosen, mode=mode, joint_target_reachability=joint, jc_capacity_per_day=per_day)


def _optional_bausteine(s: Scenario) -> dict[int, BausteinSetting]:
    """Bausteine 3, 5, 6, 7: chosen, volume per year (``None``: from the months), minutes per item, SC share."""
    bausteine = dict(s.bausteine)
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
    return bausteine
