"""Drawing of the Kosten page: terms, cost curve, budget, scenario board, in-house comparison.

The page reads nothing itself: :func:`page` draws every section, each section reads its widgets,
calls ``o7core.costs`` (or ``o7app.board``) and draws. Values that are not part of the scenario
(price escalation, BG forecast, budget, in-house rate) are kept with :func:`o7app.state.keep`, so that
they survive page switches; the term is the scenario's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pandas as pd
import streamlit as st

from o7core import O7InputError, Plan, Scenario, charts, fmt, plan_scenario
from o7core.costs.budget import reachability_for_budget
from o7core.costs.comparison import ScenarioComparison, compare_scenarios
from o7core.costs.curve import CostCurve, cost_curve
from o7core.costs.in_house import STAFFING_RATIO_NOTE, InHouseComparison, InHouseRate, in_house_comparison
from o7core.costs.terms import TermCost, YearCost, annual_conversations, scenario_term_costs
from o7core.load_rule import price_warning
from o7core.ranges import RANGES

from . import board, data_view, present, state, upload_worker
from . import charts as app_charts
from . import widgets as w
from .text import cleaned, md, upload_limit_caption

term_label = charts.term_label
#: the group of the term inputs and the price sheet upload (open by itself where the price sheet does not fit)
PRICES_GROUP = "w_group_kosten_prices"


def points(delta: float | None) -> str:
    """A reachability difference in percentage points: ``+5,0 Pkt.``."""
    if delta is None:
        return fmt.DASH
    return fmt.signed(fmt.number(delta * 100, 1), delta) + "\u00a0Pkt."


def signed_money(value: Decimal | None) -> str:
    return fmt.DASH if value is None else fmt.signed(fmt.money(value), value)


@dataclass(frozen=True)
class TermInputs:
    """The inputs of the term comparison: the chosen term, the price escalation and the BG forecast."""

    term: int
    escalation: Decimal
    bg_forecast: tuple[int | None, ...]


def page() -> None:
    """The whole Kosten page: the answer first, every section in a group that draws only while it is open.

    The first view is the header, the line of facts, the cards of the chosen term and a short text a
    controller can read out; the inputs, tables and charts sit in :func:`o7app.widgets.group` s, closed on
    arrival, so that a page switch sends only what the first view shows (issue 19). A closed group's inputs
    keep their values (:func:`o7app.state.kept_value`); in presentation mode the sections with charts are open.
    """
    st.header("Kosten")
    scenario = state.scenario()
    plan = state.try_plan()
    if plan is None:
        st.stop()
    presenting = state.presentation_mode()
    bg = scenario.bg_for_costs
    if not bg or not plan.costs:
        st.warning(
            "Für die Kosten fehlt die Zahl der Bedarfsgemeinschaften (BG) im Vertragsjahr. "
            "Bitte auf der Seite „Start / Daten“ die BG eintragen."
        )
        st.stop()
    price_problem = _head(scenario, plan, bg)
    summary = st.container()
    inputs = _kept_term_inputs(scenario)
    if not presenting:
        with w.group(
            "Laufzeit, Preissteigerung, BG-Prognose und Preisblatt", PRICES_GROUP, expanded=price_problem
        ) as group:
            if group.open:
                inputs = _term_inputs(scenario)
                st.markdown("**Preisblatt laden**")
                data_view.price_upload("w_price_upload_kosten")
    with summary:
        inputs, terms = _term_costs(scenario, plan, inputs)
        chosen = next(t for t in terms if t.term_years == inputs.term)
        curve = state.memo(cost_curve, scenario, plan)
        _cards(chosen, inputs.term)
        st.markdown(summary_text(scenario, plan, inputs, terms, curve))
    with w.group("Laufzeiten im Vergleich", "w_group_kosten_terms", expanded=presenting) as group:
        if group.open:
            _terms(scenario, plan, inputs, terms)
    with w.group("Was kostet ein Punkt Erreichbarkeit?", "w_group_kosten_curve", expanded=presenting) as group:
        if group.open:
            _cost_curve(scenario, plan, inputs.term, chosen, curve)
    with w.group("Budget → Erreichbarkeit", "w_group_kosten_budget") as group:
        if group.open:
            _budget(scenario, plan, inputs.term, chosen, presenting)
    with w.group("Szenarien im Vergleich", "w_group_kosten_board") as group:
        if group.open:
            _board(scenario, inputs, presenting)
    with w.group("Eigenbetrieb statt Service Center?", "w_group_kosten_inhouse") as group:
        if group.open:
            _in_house(plan, inputs.term, presenting)


def _cards(chosen: TermCost, term: int) -> None:
    """The four figures of the chosen term: 1st year, whole term, € per conversation, € per BG."""
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(f"Kosten im 1. Jahr ({term_label(term)})", fmt.money(chosen.first_year.total))
    m2.metric(f"Gesamte Laufzeit ({term_label(term)})", fmt.money(chosen.whole_term))
    m3.metric("€ je Gespräch", fmt.money(chosen.per_conversation))
    m4.metric("€ je BG", fmt.money(chosen.per_bg))


def summary_text(scenario: Scenario, plan: Plan, inputs: TermInputs, terms: list[TermCost], curve: CostCurve) -> str:
    """The Kurzfassung under the cards (Markdown, only figures and fixed words): what the chosen term costs,
    which term is cheapest in the 1st year, what one point of reachability more costs."""
    term = inputs.term
    chosen = next(t for t in terms if t.term_years == term)
    text = (
        f"**Kurzfassung:** Für {fmt.percent(scenario.parameters.target_reachability)} Ziel-Erreichbarkeit "
        f"braucht der Plan {fmt.count(annual_conversations(plan))} Gespräche und "
        f"{fmt.hours(plan.hours_total_rounded)} Stunden je Jahr. Bei {fmt.term(term, dative=True)} Laufzeit kostet das im "
        f"1. Vertragsjahr {fmt.money(chosen.first_year.total)}, über die ganze Laufzeit {fmt.money(chosen.whole_term)}"
    )
    if inputs.escalation or any(v is not None for v in inputs.bg_forecast):
        text += f" (mit {fmt.number(inputs.escalation, 2)} % Preissteigerung je Jahr und den eingetragenen BG)"
    text += "."
    cheapest = min(terms, key=lambda t: (t.first_year.total, t.term_years))
    if cheapest.term_years != term:
        text += (
            f" Im 1. Jahr günstiger ist {term_label(cheapest.term_years)} Laufzeit "
            f"({fmt.money(cheapest.first_year.total)})."
        )
    per_point = curve.cost_per_point.get(term)
    if per_point is not None:
        text += f" Jeder weitere Punkt Ziel-Erreichbarkeit kostet rund {fmt.money(per_point)} im Jahr."
    return text


def _head(scenario: Scenario, plan: Plan, bg: int) -> bool:
    """The line of facts under the header and the price sheet's warning; True if there is one."""
    st.caption(
        f"{md(scenario.jobcenter.name or 'Jobcenter')} · Vertragsjahr {scenario.contract_year} · "
        f"BG {fmt.count(bg)} · {fmt.hours(plan.hours_total_rounded)} Stunden je Jahr · "
        f"Preisblatt {scenario.prices.contract_year}"
        + (f" ({md(scenario.prices.source)})" if scenario.prices.source else "")
    )
    price_problem = price_warning(scenario)
    if price_problem is not None:
        st.warning(price_problem.message, icon=":material/warning:")
    return price_problem is not None


def _kept_term_inputs(scenario: Scenario) -> TermInputs:
    """Term, price escalation and BG of the 2nd and 3rd year as last entered (the group may be closed)."""
    terms_available = sorted(scenario.prices.terms)
    escalation = Decimal(repr(float(state.kept_value("w_kosten_escalation", 0.0) or 0.0)))
    bg_forecast: tuple[int | None, ...] = tuple(
        None if v is None else int(v)
        for v in (state.kept_value("w_kosten_bg2", None), state.kept_value("w_kosten_bg3", None))
    )
    term = scenario.term_years if scenario.term_years in terms_available else terms_available[-1]
    return TermInputs(term, escalation, bg_forecast)


def _term_inputs(scenario: Scenario) -> TermInputs:
    """Term, price escalation and BG of the 2nd and 3rd year, read from their widgets."""
    terms_available = sorted(scenario.prices.terms)
    term = _kept_term_inputs(scenario).term
    c_term, c_esc, c_bg2, c_bg3 = st.columns(4)
    state.restore_widget("w_kosten_term", term)
    term = c_term.selectbox("Gewählte Laufzeit", terms_available, key="w_kosten_term", format_func=term_label)
    state.update(term_years=term)
    with c_esc:
        esc = w.number(
            "Preissteigerung je Jahr (%)",
            "w_kosten_escalation",
            state.kept_value("w_kosten_escalation", 0.0),
            max_value=50.0,
            decimals=2,
            unit="%",
            help="Ab dem 2. Vertragsjahr steigen € je BG und € je Stunde um diesen Satz (auf den Cent gerundet). "
            "0 % rechnet mit den Preisen des Preisblatts für die ganze Laufzeit.",
        )
    state.keep("w_kosten_escalation", esc)
    forecast = []
    for column, key, year in ((c_bg2, "w_kosten_bg2", 2), (c_bg3, "w_kosten_bg3", 3)):
        with column:
            value = w.number(
                f"BG im {year}. Vertragsjahr (Prognose)",
                key,
                state.kept_value(key, None),
                kind="count",
                min_value=1,
                max_value=RANGES["bg"].high,
                optional=True,
                placeholder=f"wie im {year - 1}. Jahr",
                help="Leer lassen: die BG des Vorjahres gelten weiter.",
            )
        state.keep(key, value)
        forecast.append(None if value is None else int(value))
    return TermInputs(term, Decimal(repr(float(esc or 0.0))), tuple(forecast))


def _term_costs(scenario: Scenario, plan: Plan, inputs: TermInputs) -> tuple[TermInputs, list[TermCost]]:
    """Every term's costs with the inputs in force (without escalation where it cannot be computed)."""
    try:
        terms = state.memo(
            scenario_term_costs, scenario, plan, escalation_percent=inputs.escalation, bg_forecast=inputs.bg_forecast
        )
    except O7InputError as exc:
        state.show_problems(
            exc.problems, title="Die mehrjährige Rechnung ist nicht möglich; gerechnet wird ohne Steigerung."
        )
        inputs = TermInputs(inputs.term, Decimal(0), ())
        terms = state.memo(scenario_term_costs, scenario, plan)
    return inputs, list(terms)


def _terms(scenario: Scenario, plan: Plan, inputs: TermInputs, terms: list[TermCost]) -> None:
    """Section 1: the terms side by side, the chart of their years and the table of every contract year."""
    st.caption(
        f"{fmt.count(annual_conversations(plan))} erforderliche Gespräche je Jahr bei "
        f"{fmt.percent(scenario.parameters.target_reachability)} Ziel-Erreichbarkeit. € je Gespräch = Kosten im "
        "1. Jahr ÷ erforderliche Gespräche je Jahr; € je BG = Kosten im 1. Jahr ÷ BG im Vertragsjahr."
    )
    present.table(pd.DataFrame([_term_row(t) for t in terms]))
    forecast_given = any(v is not None for v in inputs.bg_forecast)
    if inputs.escalation or forecast_given:
        st.caption(
            f"Gesamte Laufzeit mit {fmt.number(inputs.escalation, 2)} % Preissteigerung je Jahr ab dem 2. Vertragsjahr"
            + (" und BG-Prognose" if forecast_given else "")
            + "; jedes Jahr nach der Regel des 1. Jahres, Preise auf den Cent gerundet."
        )
    else:
        st.caption("Gesamte Laufzeit = Kosten des 1. Jahres × Jahre (ohne Preissteigerung, gleiche BG).")
    year_rows = [_year_row(t, y) for t in terms for y in t.years]
    app_charts.draw(
        app_charts.term_years_chart(year_rows, terms, sorted(scenario.prices.terms)), state.presentation_mode()
    )
    st.markdown("**Kosten je Vertragsjahr**")
    years = pd.DataFrame(year_rows)
    present.table(years.drop(columns=["Jahr", "Kosten"]).rename(columns={"Kosten (Text)": "Summe"}))


def _term_row(t: TermCost) -> dict[str, str]:
    return {
        "Laufzeit": term_label(t.term_years),
        "BG-Grundpreis 1. Jahr": fmt.money(t.first_year.base_price),
        "Volumenpreis 1. Jahr": fmt.money(t.first_year.volume_price),
        "Kosten 1. Jahr": fmt.money(t.first_year.total),
        "Gesamte Laufzeit": fmt.money(t.whole_term),
        "Ø je Jahr": fmt.money(t.average_per_year),
        "€ je Gespräch": fmt.money(t.per_conversation),
        "€ je BG": fmt.money(t.per_bg),
    }


def _year_row(t: TermCost, y: YearCost) -> dict[str, object]:
    return {
        "Laufzeit": term_label(t.term_years),
        "Vertragsjahr": f"{y.year}. Jahr ({y.contract_year})",
        "Jahr": y.year,
        "Kosten": float(y.total),
        "Kosten (Text)": fmt.money(y.total),
        "BG": fmt.count(y.bg_count),
        "€ je BG": fmt.money(y.base_per_bg),
        "€ je Stunde": fmt.money(y.per_hour),
        "BG-Grundpreis": fmt.money(y.base_price),
        "Volumenpreis": fmt.money(y.volume_price),
    }


def _cost_curve(scenario: Scenario, plan: Plan, term: int, chosen: TermCost, curve: CostCurve) -> None:
    """Section 2: what one point of reachability costs (the same Vega-Lite spec as in the Sitzungsvorlage)."""
    app_charts.draw(app_charts.cost_curve_chart(curve, term), state.presentation_mode())
    per_point = curve.cost_per_point[term]
    text = (
        f"Jeder weitere Punkt Ziel-Erreichbarkeit kostet bei {fmt.term(term, dative=True)} Laufzeit rund "
        f"{fmt.money(per_point)} im Jahr ({fmt.hours(curve.hours_per_point)} Stunden)."
    )
    target_now = scenario.parameters.target_reachability
    if target_now + 0.05 <= 1.0:
        higher = scenario.with_parameters(target_reachability=round(target_now + 0.05, 6))
        plus5 = state.memo(plan_scenario, higher).cost_for(term)
        if plus5 is not None:
            text += (
                f" Von {fmt.percent(target_now)} auf {fmt.percent(target_now + 0.05)}: "
                f"{signed_money(plus5.total - chosen.first_year.total)} je Jahr."
            )
    st.markdown(text)


def _budget(scenario: Scenario, plan: Plan, term: int, chosen: TermCost, presenting: bool) -> None:
    """Section 3: the highest target reachability a budget pays for."""
    budget: float | None = state.kept_value("w_kosten_budget", float(chosen.first_year.total))
    if not presenting:
        budget = w.number(
            f"Budget je Jahr in € (1. Vertragsjahr, {term_label(term)} Laufzeit)",
            "w_kosten_budget",
            budget,
            max_value=RANGES["budget"].high,  # 1e30 € would overflow the cent arithmetic (o7core/ranges.py)
            decimals=2,
            fixed=True,
            unit="€",
            optional=True,
            help="Was kostet welche Erreichbarkeit? Gesucht ist die höchste Ziel-Erreichbarkeit, "
            "deren Kosten im 1. Jahr (BG-Grundpreis und Volumenpreis) das Budget nicht übersteigen.",
        )
        state.keep("w_kosten_budget", budget)
    if budget is None:
        return
    try:
        answer = state.memo(reachability_for_budget, scenario, Decimal(repr(float(budget))), term, plan)
    except O7InputError as exc:
        state.show_problems(exc.problems)
        return
    if answer.target is None:
        st.warning(
            f"Ein Budget von {fmt.money(answer.budget)} reicht nicht: schon der BG-Grundpreis und die festen "
            f"Bausteine kosten {fmt.money(answer.minimum_cost)} im Jahr."
        )
    elif answer.cost is not None:
        b1, b2, b3, b4 = st.columns(4)
        b1.metric("Erreichbare Ziel-Erreichbarkeit", fmt.percent(answer.target, 2))
        b2.metric("VZA", fmt.fte(answer.fte))
        b3.metric("Kosten im 1. Jahr", fmt.money(answer.cost.total))
        b4.metric("Rest vom Budget", fmt.money(answer.remaining))
        note = f"{fmt.hours(answer.hours_rounded)} Stunden je Jahr."
        if answer.capped:
            note += " Das Budget reicht für 100 % Ziel-Erreichbarkeit."
        elif answer.next_cost is not None:
            note += f" 0,01 Punkte mehr kosten {fmt.money(answer.next_cost)}."
        reached = answer.possible_reachability
        if reached is not None and answer.target is not None and reached < answer.target - 1e-9:
            note += (
                f" Wegen Monaten, die am Anrufvolumen gedeckelt sind, erreicht der Plan im Jahr "
                f"{fmt.percent(answer.possible_reachability)}."
            )
        st.caption(note)


def _board(scenario: Scenario, inputs: TermInputs, presenting: bool) -> None:
    """Section 4: saved scenarios side by side against a basis; save, manage, download and load them."""
    saved = state.saved_scenarios()
    if not presenting:
        _save_controls(saved, scenario)
    current_name = board.unique_name(f"Aktuell: {state.scenario_name()}", saved)
    named = [(current_name, scenario), *saved.items()]
    if not saved:
        st.caption(
            "Noch keine Szenarien gespeichert. Den aktuellen Plan speichern, Regler ändern, wieder speichern – dann vergleichen."
        )
    else:
        names = [n for n, _ in named]
        state.restore_widget("w_board_baseline", current_name)
        if state.widget_value("w_board_baseline") not in names:
            state.set_widget_value("w_board_baseline", current_name)
        base_name = (
            st.selectbox("Vergleichen mit (Basis)", names, key="w_board_baseline") if not presenting else names[0]
        )
        base_name = base_name if base_name in names else current_name
        try:
            comparison = state.memo(
                compare_scenarios,
                named,
                baseline=base_name,
                escalation_percent=inputs.escalation,
                bg_forecast=inputs.bg_forecast,
            )
        except O7InputError as exc:
            state.show_problems(exc.problems)
            comparison = None
        if comparison is not None:
            _comparison(comparison)
        if not presenting:
            _manage(saved)
    if not presenting:
        _files(saved)


def _save_controls(saved: dict[str, Scenario], scenario: Scenario) -> None:
    c_name, c_save = st.columns([3, 1], vertical_alignment="bottom")
    state.restore_widget("w_board_name", board.next_name(saved))
    new_name = c_name.text_input("Name für den aktuellen Plan", key="w_board_name", max_chars=board.MAX_NAME)
    if c_save.button("Aktuellen Plan speichern", key="w_board_save", type="primary"):
        try:
            used = board.save(saved, new_name, scenario)
            state.forget("w_board_name")
            st.toast(f"Gespeichert als „{md(used)}“.")
            st.rerun()
        except O7InputError as exc:
            state.show_problems(exc.problems)


def _comparison(comparison: ScenarioComparison) -> None:
    """The figures of every scenario, their differences to the basis and the cost bars."""
    values, deltas = [], []
    for r, d in zip(comparison.rows, comparison.deltas, strict=True):
        values.append(
            {
                "Szenario": r.name,
                "Ziel-Erreichbarkeit": fmt.percent(r.target_reachability),
                "mögliche Erreichbarkeit": fmt.percent(r.possible_reachability),
                "Gespräche je Jahr": fmt.count(r.conversations),
                "Stunden": fmt.hours(r.hours_rounded),
                "VZA": fmt.fte(r.fte),
                "Laufzeit": term_label(r.term_years),
                "Kosten 1. Jahr": fmt.money(r.chosen_first_year),
                "Gesamte Laufzeit": fmt.money(r.chosen_whole_term),
                **{f"1. Jahr bei {fmt.term(t, dative=True)}": fmt.money(v) for t, v in r.first_year.items()},
            }
        )
        deltas.append(
            {
                "Szenario": d.name,
                "Ziel-Erreichbarkeit": points(d.target_reachability),
                "mögliche Erreichbarkeit": points(d.possible_reachability),
                "Gespräche je Jahr": fmt.signed(fmt.count(d.conversations), d.conversations),
                "Stunden": fmt.signed(fmt.hours(d.hours_rounded), d.hours_rounded),
                "VZA": fmt.signed(fmt.fte(d.fte), d.fte),
                "Kosten 1. Jahr": signed_money(d.chosen_first_year),
                "Gesamte Laufzeit": signed_money(d.chosen_whole_term),
                **{f"1. Jahr bei {fmt.term(t, dative=True)}": signed_money(v) for t, v in d.first_year.items()},
            }
        )
    present.table(pd.DataFrame(values))
    st.markdown(f"**Abweichung zu „{md(comparison.baseline)}“**")
    present.table(pd.DataFrame(deltas))
    app_charts.draw(app_charts.scenario_costs_chart(comparison.rows), state.presentation_mode())


def _manage(saved: dict[str, Scenario]) -> None:
    """Rename, load or delete one saved scenario."""
    st.markdown("**Gespeicherte Szenarien verwalten**")
    picked = st.selectbox("Szenario", list(saved), key="w_board_pick")
    c_new, c_rename = st.columns([3, 1], vertical_alignment="bottom")
    renamed = c_new.text_input("Neuer Name", key="w_board_rename", max_chars=board.MAX_NAME)
    if c_rename.button("Umbenennen", key="w_board_do_rename") and picked is not None:
        try:
            board.rename(saved, picked, renamed)
            state.forget("w_board_rename")
            st.rerun()
        except O7InputError as exc:
            state.show_problems(exc.problems)
    c_load, c_delete = st.columns(2)
    if c_load.button("Als aktuellen Plan laden", key="w_board_load") and picked in saved:
        state.set_scenario(saved[picked], replace_all=True, name=picked, is_sample=False)
        st.rerun()
    if c_delete.button("Löschen", key="w_board_delete") and picked in saved:
        board.delete(saved, picked)
        st.rerun()


def _files(saved: dict[str, Scenario]) -> None:
    """Download every saved scenario as one JSON file; load such a file (each upload once)."""
    c_down, c_up = st.columns(2)
    c_down.download_button(
        "Alle Szenarien herunterladen (JSON)",
        data=board.collection_to_json(saved).encode("utf-8"),
        file_name="o7_szenarien.json",
        mime="application/json",
        disabled=not saved,
        key="w_board_download",
    )
    upload = c_up.file_uploader("Szenarien laden (JSON)", type=["json"], key="w_board_upload")
    upload_limit_caption(c_up)
    if upload is not None and state.first_time(_UPLOADS_DONE, upload.file_id):
        try:
            collection = upload_worker.read(
                board.collection_from_bytes, upload.getvalue(), upload.name, filename=upload.name
            )
            added = board.merge(saved, collection)
            st.toast("Geladen: " + ", ".join(md(a) for a in added))
            st.rerun()
        except O7InputError as exc:
            state.show_problems(
                exc.problems, title="Die Szenarien können nicht geladen werden. Die gespeicherten bleiben."
            )


_UPLOADS_DONE = "o7_kosten_uploads_done"


def _in_house(plan: Plan, term: int, presenting: bool) -> None:
    """Section 5: the same productive hours with own staff, at the Jobcenter's own rate."""
    st.info(STAFFING_RATIO_NOTE, icon=":material/info:")
    rate = state.kept_value("w_inhouse_rate", None)
    rate_year = state.kept_value("w_inhouse_year", None)
    rate_source = state.kept_value("w_inhouse_source", "")
    own_hours = state.kept_value("w_inhouse_hours", None)
    overhead = state.kept_value("w_inhouse_overhead", 0.0)
    if not presenting:
        rate, rate_year, rate_source, own_hours, overhead = _in_house_inputs(rate, rate_year, own_hours, overhead)
    if rate is None or own_hours is None:
        st.caption("Für den Vergleich fehlen noch der Personalkostensatz und die eigenen Produktivstunden je VZA.")
        return
    try:
        inhouse = state.memo(
            in_house_comparison,
            plan,
            InHouseRate(
                cost_per_fte_year=Decimal(repr(float(rate))),
                year=None if rate_year is None else int(rate_year),
                source=str(rate_source or ""),
            ),
            Decimal(repr(float(own_hours))),
            term_years=term,
            overhead_percent=Decimal(repr(float(overhead or 0.0))),
        )
    except O7InputError as exc:
        state.show_problems(exc.problems)
        return
    _in_house_result(inhouse, term)


def _in_house_inputs(
    rate: float | None, rate_year: float | None, own_hours: float | None, overhead: float | None
) -> tuple[float | None, float | None, str, float | None, float | None]:
    st.caption(
        "Die gleichen produktiven Stunden mit eigenem Personal. Es gibt bewusst keinen voreingestellten "
        "Kostensatz: bitte den eigenen Personalkostensatz mit Jahr und Quelle eintragen."
    )
    i1, i2, i3 = st.columns(3)
    with i1:
        rate = w.number(
            "Personalkosten je VZA und Jahr (€)",
            "w_inhouse_rate",
            rate,
            decimals=2,
            fixed=True,
            unit="€",
            optional=True,
            placeholder="eigener Kostensatz",
            help="Arbeitgeberkosten einer Vollzeitkraft im Jahr, z. B. aus dem Personalhaushalt.",
        )
    with i2:
        rate_year = w.number(
            "Jahr des Kostensatzes",
            "w_inhouse_year",
            rate_year,
            kind="count",
            min_value=2000,
            max_value=2100,
            grouping=False,
            optional=True,
            placeholder="z. B. 2023",
        )
    state.restore_kept("w_inhouse_source", "")
    with i3:
        rate_source = cleaned(st.text_input("Quelle des Kostensatzes", key="w_inhouse_source", max_chars=200))
    i4, i5, _ = st.columns(3)
    with i4:
        own_hours = w.number(
            "Produktivstunden je VZA und Jahr (Jobcenter)",
            "w_inhouse_hours",
            own_hours,
            max_value=8760.0,
            decimals=1,
            optional=True,
            placeholder="eigene Produktivzeit",
            help="Stunden, die eine eigene Vollzeitkraft im Jahr tatsächlich am Telefon arbeitet "
            "(nach Urlaub, Krankheit, Fortbildung, Teambesprechungen).",
        )
    with i5:
        overhead = w.number(
            "Zuschlag Arbeitsplatz/Sachkosten (%)",
            "w_inhouse_overhead",
            overhead,
            max_value=300.0,
            decimals=1,
            unit="%",
            help="Optional: Arbeitsplatz-, Sach- und Gemeinkosten als Zuschlag auf die Personalkosten.",
        )
    for key, value in (
        ("w_inhouse_rate", rate),
        ("w_inhouse_year", rate_year),
        ("w_inhouse_source", rate_source),
        ("w_inhouse_hours", own_hours),
        ("w_inhouse_overhead", overhead),
    ):
        state.keep(key, value)
    return rate, rate_year, rate_source, own_hours, overhead


def _in_house_result(inhouse: InHouseComparison, term: int) -> None:
    h1, h2, h3, h4 = st.columns(4)
    h1.metric("Eigene VZA nötig", fmt.fte(float(inhouse.fte_needed)))
    h2.metric("Eigenbetrieb je Jahr", fmt.money(inhouse.total))
    h3.metric(f"Service Center ({term_label(term)}, 1. Jahr)", fmt.money(inhouse.service_center_cost))
    h4.metric(
        "Eigenbetrieb minus Service Center",
        signed_money(inhouse.difference),
        help="Positiv: eigenes Personal ist teurer; negativ: günstiger.",
    )
    rows = [
        ("Produktive Stunden je Jahr", fmt.hours(inhouse.hours_per_year)),
        ("Gespräche je Jahr", fmt.count(inhouse.conversations_per_year)),
        ("Produktivstunden je eigener VZA", fmt.hours(inhouse.productive_hours_per_fte)),
        ("Eigene VZA", fmt.fte(float(inhouse.fte_needed))),
        ("Personalkosten", fmt.money(inhouse.personnel_cost)),
        (
            f"Zuschlag Arbeitsplatz/Sachkosten ({fmt.number(inhouse.overhead_percent, 1)} %)",
            fmt.money(inhouse.overhead_cost),
        ),
        ("Eigenbetrieb gesamt", fmt.money(inhouse.total)),
        (f"Service Center, {term_label(term)}, 1. Jahr", fmt.money(inhouse.service_center_cost)),
    ]
    present.table(pd.DataFrame([{"Posten": p, "Wert": v} for p, v in rows]))
    source = inhouse.rate.source.strip() or "ohne Quellenangabe"
    year_text = f"Stand {inhouse.rate.year}" if inhouse.rate.year else "ohne Jahr"
    st.caption(
        f"Kostensatz {fmt.money(inhouse.rate.cost_per_fte_year)} je VZA und Jahr ({year_text}; Quelle: {md(source)})."
    )
