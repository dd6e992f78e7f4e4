"""Machbarkeit – can the target really be reached with the hours bought? Erlang A per half-hour.

Thin: reads the widgets (interval report, patience, staffing rule, pool), calls
``o7core.feasibility.assess`` once, draws. The surcharge can be carried into the plan as extra hours
(off by default: the BA-exact plan stays the default for the Anlage).
"""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from o7app import present, state, upload_worker
from o7app import widgets as w
from o7app.charts import draw, feasibility_chart
from o7app.text import md
from o7core import O7InputError, feasibility, fmt
from o7core.intraday import read_profile

state.ensure_router()
_UPLOADS_DONE = "o7_machbarkeit_uploads_done"


presenting = state.presentation_mode()
scenario = state.scenario()
if state.try_plan() is None:
    st.stop()
# the check always looks at the BA-exact plan, without a surcharge carried over before
base = replace(scenario, queue_surcharge_hours=0.0)

st.header("Machbarkeit")
st.caption(
    "Reichen die eingekauften Stunden für das Ziel, wenn Anrufe in Spitzen kommen und Anrufer nach einer Weile "
    "auflegen? Die Planungshilfe rechnet linear (mögliche Gespräche = Kapazität); hier wird jede halbe Stunde der "
    "Servicezeit als Warteschlange mit Abbrüchen gerechnet (Erlang A)."
)

answer = st.container()  # the sentence and the cards above the group of the assumptions that feed them
profile = state.page_value(state.INTRADAY_PROFILE)
# the assumptions as last set on this page (kept while their group is closed, and in presentation mode)
patience, rule, pool = state.page_value(state.FEASIBILITY_OPTIONS, (None, "proportional", 1))
if not presenting:
    with w.group(
        "Annahmen ändern: Intervallbericht, Geduld, Personaleinsatz, Pool", "w_group_machbarkeit_input"
    ) as group:
        if group.open:
            upload = st.file_uploader(
                "Intervallbericht des Service Centers (CSV oder XLSX)",
                type=["csv", "txt", "xlsx"],
                key="w_machbarkeit_upload",
                help="Spalten: Wochentag oder Datum, Intervall (z. B. 08:00), Anrufe; optional Abbrüche und "
                "Wartezeit (mittlere Wartezeit in Sekunden oder mm:ss) – daraus wird die Geduld geschätzt.",
            )
            if upload is not None and state.first_time(_UPLOADS_DONE, upload.file_id):
                try:
                    profile = upload_worker.read_upload(upload, read_profile)
                    state.set_page_value(state.INTRADAY_PROFILE, profile)
                    if profile.warnings:
                        state.show_problems(profile.warnings)
                except O7InputError as exc:
                    state.show_problems(exc.problems, title="Der Intervallbericht kann nicht verwendet werden.")
            if profile is not None:
                # the report stays loaded when the group is closed and opened again; only this button drops it
                st.caption(f"Geladen: Intervallbericht „{md(profile.name)}“.")
                if st.button("Intervallbericht entfernen (Standardprofil)", key="w_machbarkeit_drop"):
                    state.forget(state.INTRADAY_PROFILE)
                    state.forget("w_machbarkeit_patience")
                    st.rerun()
            default_patience = (profile.patience_seconds if profile and profile.patience_seconds else None) or (
                feasibility.DEFAULT_PATIENCE_SECONDS
            )
            left, middle, right = st.columns(3)
            with left:
                patience = w.number(
                    "Geduld der Anrufer (Sekunden im Mittel)",
                    "w_machbarkeit_patience",
                    round(default_patience, 1),
                    min_value=1.0,
                    max_value=3600.0,
                    decimals=0,
                    unit="s",
                    help="Wie lange ein Anrufer im Mittel wartet, bevor er auflegt. "
                    "Ohne Intervallbericht: 120 s (Annahme).",
                )
            with middle:
                rule = w.select(
                    "Personaleinsatz über den Tag",
                    "w_machbarkeit_rule",
                    list(feasibility.RULES),
                    "proportional",
                    format_func=lambda r: feasibility.RULES[r],
                    radio=True,
                    help="Proportional: das Service Center plant seine Schichten nach dem Anrufprofil. "
                    "Gleichmäßig: gleich viele Kräfte den ganzen Tag.",
                )
            with right:
                pool = w.number(
                    "Pool: Jobcenter, die das Service Center gemeinsam bedient",
                    "w_machbarkeit_pool",
                    1,
                    kind="count",
                    min_value=1,
                    max_value=1000,
                    help="1 = dieses Jobcenter allein. Ein großes Team gleicht Spitzen besser aus.",
                )

patience_arg = float(patience) if isinstance(patience, (int, float)) and patience > 0 else None
state.set_page_value(state.FEASIBILITY_OPTIONS, (patience_arg, rule, pool))
if patience_arg is not None and profile is None and abs(patience_arg - feasibility.DEFAULT_PATIENCE_SECONDS) < 1e-9:
    patience_arg = None  # the documented default, named as an assumption
if (
    patience_arg is not None
    and profile is not None
    and profile.patience_seconds is not None
    and abs(patience_arg - round(profile.patience_seconds, 1)) < 0.051
):
    patience_arg = None  # the report's own estimate
try:
    result = state.memo(
        feasibility.assess, base, profile=profile, patience_seconds=patience_arg, rule=rule, pool=int(pool or 1)
    )
except O7InputError as exc:
    state.show_problems(exc.problems)
    st.stop()

with answer:
    if result.target_holds:
        st.success(result.sentence(), icon=":material/check_circle:")
    else:
        st.warning(result.sentence(), icon=":material/warning:")

    s = result.surcharge
    cols = st.columns(4)
    cols[0].metric(
        "Erreichbarkeit linear",
        fmt.percent(result.linear_reachability),
    )
    cols[1].metric(
        "Erreichbarkeit realistisch",
        fmt.percent(result.realistic_reachability),
        delta=fmt.signed(
            fmt.number(((result.realistic_reachability or 0) - (result.linear_reachability or 0)) * 100, 1),
            (result.realistic_reachability or 0) - (result.linear_reachability or 0),
        )
        + "\u00a0Pkt.",
    )
    cols[2].metric(
        "Zuschlag Stunden je Jahr",
        f"{fmt.number(s.hours_per_year, 0)} Std." if s.reachable else "nicht erreichbar",
    )
    cols[3].metric(
        f"Zuschlag € im 1. Jahr ({s.term_years} J.)",
        fmt.money(s.cost_per_year) if s.cost_per_year is not None else fmt.DASH,
    )

with w.group("Monatsverlauf: linear und realistisch", "w_group_machbarkeit_months", expanded=presenting) as group:
    if group.open:
        order = [fmt.month_label(m.month) for m in result.months]
        draw(feasibility_chart(result), presenting)
        st.caption(f"Gestrichelt: Ziel {fmt.percent(result.target_reachability)}. Grau linear, blau realistisch.")

        table = pd.DataFrame(
            {
                "Monat": order,
                "Anrufe": [fmt.count(m.planned_calls) for m in result.months],
                "Stunden (Kapazität)": [fmt.hours(m.capacity_hours) for m in result.months],
                "linear": [fmt.percent(m.linear_reachability) for m in result.months],
                "realistisch": [fmt.percent(m.realistic_reachability) for m in result.months],
                "Spitze Anrufe je ½ Std.": [fmt.number(m.peak_calls_per_interval, 0) for m in result.months],
            }
        )
        present.table(table)

if not presenting:
    with w.group(
        "Zuschlag in die Planung übernehmen", "w_group_machbarkeit_carry", expanded=scenario.queue_surcharge_hours > 0
    ) as group:
        carry = scenario.queue_surcharge_hours > 0
        if group.open:
            carry = w.toggle(
                "Zuschlag als zusätzliche Stunden in die Planung übernehmen",
                "w_machbarkeit_carry",
                scenario.queue_surcharge_hours > 0,
                help="Aus: der Plan bleibt exakt wie die BA-Planungshilfe (Standard für die Anlage). "
                "An: Baustein 1 erhält die Stunden des Zuschlags, Kosten und Anlage rechnen mit ihnen.",
            )
        wanted = s.hours_per_year if carry and s.reachable else 0.0
        if abs(scenario.queue_surcharge_hours - wanted) > 1e-9:
            state.update(queue_surcharge_hours=wanted)
            st.rerun()
        if carry:
            st.info(
                f"Der Plan enthält {fmt.number(wanted, 1)} Stunden Warteschlangen-Zuschlag in Baustein 1; "
                "die Anlage weicht damit von der BA-Planungshilfe ab.",
                icon=":material/info:",
            )

    with w.group("Empfindlichkeit: Geduld, Personaleinsatz, Pool", "w_group_machbarkeit_sensitivity") as group:
        if group.open:
            st.caption("Realistische Erreichbarkeit des Jahres bei anderen Annahmen (Rechenzeit einige Sekunden).")
            if st.button("Empfindlichkeit berechnen", key="w_machbarkeit_sensitivity"):
                rows_s = feasibility.sensitivity(base, profile=profile)
                state.set_page_value(state.FEASIBILITY_SENSITIVITY, (id(scenario), rows_s))
            stored = state.page_value(state.FEASIBILITY_SENSITIVITY)
            if stored is not None and stored[0] == id(scenario):
                grid = pd.DataFrame(
                    {
                        "Geduld": [f"{fmt.number(r.patience_seconds, 0)} s" for r in stored[1]],
                        "Personaleinsatz": [feasibility.RULES[r.rule] for r in stored[1]],
                        "Pool": [r.pool for r in stored[1]],
                        "realistisch": [fmt.percent(r.realistic_reachability) for r in stored[1]],
                    }
                )
                wide = grid.pivot_table(
                    index=["Geduld", "Personaleinsatz"], columns="Pool", values="realistisch", aggfunc="first"
                )
                wide.columns = [f"Pool {c}" for c in wide.columns]
                present.table(wide.reset_index())

with w.group("Wie wird gerechnet? (Annahmen)", "w_group_machbarkeit_method") as group:
    if group.open:
        profile_text = (
            "das mitgelieferte Standardprofil – eine **Annahme** (Montag höher, Freitag niedriger, Spitze 9–11 Uhr)"
            if result.profile_is_assumption
            else f"der Intervallbericht „{md(result.profile_name)}“"
        )
        st.markdown(
            f"""
- Die Anrufe jedes Monats werden auf seine Arbeitstage und die halben Stunden Mo–Fr 8–18 Uhr verteilt, nach
  {profile_text}.
- Die Kapazität des Plans ({fmt.fte(result.capacity_fte)} VZA, {fmt.number(result.aht_seconds, 1)} s je Gespräch
  einschließlich Nachbearbeitung, Rückruf und Versand) wird {feasibility.RULES[result.rule]} auf dieselben halben
  Stunden verteilt; Bruchteile von Kräften gelten als Mischung (4,3 = 70 % der halben Stunde 4, 30 % 5 Kräfte).
- Je halbe Stunde: Erlang A (M/M/n+M) – Anrufer legen nach einer zufälligen Wartezeit auf, im Mittel nach
  {fmt.number(result.patience_seconds, 0)} s ({result.patience_source}). Erreichbarkeit = angenommene ÷ angebotene Anrufe.
- Pool {result.pool}: das Service Center bedient {result.pool} gleich große Jobcenter aus einem Team.
- Nicht berücksichtigt: Wahlwiederholungen (wer auflegt und erneut anruft, zählt als neuer Anruf), Pausen und
  Besprechungen innerhalb der Produktivzeit, Qualifikationen. Formeln und Quellen: `docs/machbarkeit.md`.
"""
        )
        for warning in result.warnings:
            st.caption(warning)
