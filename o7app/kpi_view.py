"""Helpers of the Kennzahlen page: the loaded SC report in this session, the table and the charts.

The report lives in the session state of this session only (:mod:`o7app.state`) (never in a shared cache, a module
variable or a file). The embedded sample reports are loaded on the first visit.
"""

from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from o7core import fmt
from o7core.kpi import LEVEL_BAD, LEVEL_NONE, LEVEL_OK, LEVEL_WARN, KpiReport, MonthKpi, Signal, YearComparison
from o7core.month import Month
from o7core.sc_report import ReportImport, read_sc_report

from . import state, upload_worker
from .charts import (
    BLUE,
    GREY,
    ORANGE,
    SKY,
    VERMILLION,
    german_number_expr,
    german_percent_expr,
    styled,
    value_span,
)

SAMPLE_REPORT = state.SAMPLE_DIR / "sc_berichte_2023.csv"


#: Status colours, colour-blind safe (Okabe–Ito) and always paired with a symbol and a word.
LEVEL_COLOURS = {LEVEL_OK: BLUE, LEVEL_WARN: ORANGE, LEVEL_BAD: VERMILLION, LEVEL_NONE: GREY}
BADGE_COLOURS = {LEVEL_OK: "blue", LEVEL_WARN: "orange", LEVEL_BAD: "red", LEVEL_NONE: "gray"}


@lru_cache(maxsize=1)
def _sample_bytes() -> bytes:
    # the embedded sample file is the same for everyone and never changes: reading it once is safe
    return SAMPLE_REPORT.read_bytes()


def report_template() -> bytes:
    """An empty report to fill in: the header line of the sample, without its (invented) figures."""
    header = next(line for line in _sample_bytes().decode("utf-8-sig").splitlines() if line.startswith("Monat"))
    return ("\ufeff" + header + "\r\n").encode("utf-8")


def sample_report() -> ReportImport:
    return read_sc_report(_sample_bytes(), SAMPLE_REPORT.name)


def active_report() -> ReportImport | None:
    """The report of the loaded Jobcenter in this session: the embedded sample reports belong to
    the sample (and appear only while it is loaded); any other Jobcenter has none until one is uploaded."""
    if not state.has_page_value(state.SC_REPORT):
        if not state.is_sample():
            return None
        state.set_page_value(state.SC_REPORT, sample_report())
        state.set_page_value(state.SC_REPORT_IS_SAMPLE, True)
    if state.page_value(state.SC_REPORT_IS_SAMPLE) and not state.is_sample():
        return None
    return state.page_value(state.SC_REPORT)


def report_is_sample() -> bool:
    return active_report() is not None and bool(state.page_value(state.SC_REPORT_IS_SAMPLE))


def load_report(result: ReportImport, *, is_sample: bool = False) -> bool:
    """Make a good report the active one (what an upload calls); a bad one leaves the last good
    report loaded. True when the report changed."""
    if not result.ok:
        return False
    state.set_page_value(state.SC_REPORT, result)
    state.set_page_value(state.SC_REPORT_IS_SAMPLE, is_sample or result.is_sample)
    state.forget("w_kpi_as_of", "w_kpi_year", state.KPI_STAND)
    return True


def handle_upload(name: str, raw: bytes, file_id: str) -> bool:
    """Read an uploaded report once; keep its messages for display. True when the report changed."""
    if state.page_value(state.SC_REPORT_UPLOAD_DONE) == file_id:
        return False
    state.set_page_value(state.SC_REPORT_UPLOAD_DONE, file_id)
    result = upload_worker.read(
        read_sc_report, raw, name, filename=name, on_refusal=lambda p: ReportImport(name, problems=p)
    )
    state.set_page_value(state.SC_REPORT_LAST_UPLOAD, result)
    return load_report(result)


def last_upload() -> ReportImport | None:
    return state.page_value(state.SC_REPORT_LAST_UPLOAD)


# --------------------------------------------------------------------------- formatting


def mmss(seconds: float | None) -> str:
    """Average seconds as ``8:23`` (minutes:seconds)."""
    if seconds is None:
        return fmt.DASH
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def points(value: float | None) -> str:
    """Signed percentage points: ``+0,9 Pkt.``."""
    if value is None:
        return fmt.DASH
    return fmt.signed(fmt.number(value, 1), round(value, 1)) + "\u00a0Pkt."


def status_label(signal: Signal) -> str:
    """``✓ erfüllt``: symbol and word, readable without colour."""
    return f"{signal.symbol} {signal.word}"


def badge(signal: Signal) -> None:
    st.badge(status_label(signal), color=BADGE_COLOURS[signal.level])  # type: ignore[arg-type]


# --------------------------------------------------------------------------- table


def month_table(report: KpiReport) -> pd.DataFrame:
    """The monthly figures in German formats, one row per reported month."""
    rows = []
    for m in report.months:
        rows.append(
            {
                "Monat": fmt.month_label(m.month) + ("" if m.in_year else " (außerhalb)"),
                "Anrufe": fmt.count(m.calls),
                "Gespräche": fmt.count(m.conversations),
                "Erreichbarkeit": fmt.percent(m.reachability),
                "Status Erreichbarkeit": status_label(m.reachability_signal),
                "Erreichbarkeit kumuliert": fmt.percent(m.cum_reachability),
                "abschließend geklärt": fmt.count(m.closed),
                "Fallabschlussquote": fmt.percent(m.closure_rate),
                "Status Fallabschluss": status_label(m.closure_signal),
                "Weiterleitungen an das JC": fmt.count(m.tickets),
                "Gesprächsdauer (min:s)": mmss(m.talk_seconds),
                "Nachbearbeitung (min:s)": mmss(m.acw_seconds),
                "Bearbeitungszeit (min:s)": mmss(m.handling_seconds),
                "Stunden verbraucht": fmt.hours(m.hours_used),
                "Stunden anteilig vereinbart": fmt.hours(m.contracted_hours),
                "Gespräche Plan": fmt.count(m.plan_conversations),
                "Erreichbarkeit Plan": fmt.percent(m.plan_reachability),
            }
        )
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- charts


def _base(report: KpiReport) -> tuple[list[MonthKpi], list[str]]:
    months = list(report.in_year) or list(report.months)
    return months, [fmt.month_label(m.month) for m in months]


def _x(order: list[str]) -> alt.X:
    return alt.X("Monat:N", sort=order, title=None, axis=alt.Axis(labelAngle=0))


def _rate_records(
    months: list[MonthKpi], value: str, cumulative: str | None, target: float, signal_of: str
) -> list[dict]:
    """One row per month for :func:`_rate_chart`: the value, its status (symbol, word, colour), cumulated, target."""
    records = []
    for m in months:
        v = getattr(m, value)
        sig: Signal = getattr(m, signal_of)
        records.append(
            {
                "Monat": fmt.month_label(m.month),
                "Wert": v,
                "Wert_txt": fmt.percent(v),
                "Status": status_label(sig),
                "Symbol": sig.symbol,
                "Farbe": LEVEL_COLOURS[sig.level],
                "kumuliert": getattr(m, cumulative) if cumulative else None,
                "kumuliert_txt": fmt.percent(getattr(m, cumulative)) if cumulative else "",
                "Ziel": target,
                "Ziel_txt": fmt.percent(target),
            }
        )
    return records


def _rate_chart(
    report: KpiReport,
    *,
    value: str,
    cumulative: str | None,
    target: float,
    title: str,
    signal_of: str,
    height: int,
) -> alt.TopLevelMixin:
    months, order = _base(report)
    records = _rate_records(months, value, cumulative, target, signal_of)
    data = pd.DataFrame(records)
    values = [r["Wert"] for r in records if r["Wert"] is not None] + [target]
    values += [r["kumuliert"] for r in records if r["kumuliert"] is not None]
    low = max(0.0, math.floor((min(values) - 0.05) * 20) / 20)  # a 5-point step below the lowest value
    y_scale = alt.Scale(domain=[low, 1.0], zero=False, nice=False)
    x = _x(order)
    # points, not bars: the axis does not start at 0 %, and a cut bar would mislead
    points = (
        alt.Chart(data)
        .mark_point(filled=True, size=220, opacity=1)
        .encode(
            x=x,
            y=alt.Y("Wert:Q", title=title, scale=y_scale, axis=alt.Axis(labelExpr=german_percent_expr(0))),
            color=alt.Color("Farbe:N", scale=None),
            shape=alt.Shape("Status:N", legend=None),
            tooltip=[
                alt.Tooltip("Monat:N"),
                alt.Tooltip("Wert_txt:N", title=title),
                alt.Tooltip("Status:N"),
                alt.Tooltip("Ziel_txt:N", title="Ziel"),
            ],
        )
    )
    symbols = (
        alt.Chart(data)
        .mark_text(dy=-16, fontSize=15, fontWeight="bold")
        .encode(x=x, y=alt.Y("Wert:Q", scale=y_scale), text="Symbol:N", color=alt.Color("Farbe:N", scale=None))
    )
    rule = (
        alt.Chart(pd.DataFrame([{"Ziel": target, "Ziel_txt": f"Ziel {fmt.percent(target)}"}]))
        .mark_rule(color="#333333", strokeDash=[6, 4], strokeWidth=2)
        .encode(y=alt.Y("Ziel:Q", scale=y_scale), tooltip=[alt.Tooltip("Ziel_txt:N", title="Vertragsziel")])
    )
    rule_label = (
        alt.Chart(pd.DataFrame([{"Ziel": target, "Ziel_txt": f"Ziel {fmt.percent(target, 0)}"}]))
        .mark_text(align="left", dx=4, dy=10, color="#333333", fontSize=13)
        .encode(x=alt.value(0), y=alt.Y("Ziel:Q", scale=y_scale), text="Ziel_txt:N")
    )
    layers: list[alt.Chart] = [rule, rule_label]
    if cumulative:
        layers.append(
            alt.Chart(data)
            .mark_line(color=SKY, strokeWidth=3)
            .encode(
                x=x,
                y=alt.Y("kumuliert:Q", scale=y_scale),
                tooltip=[alt.Tooltip("Monat:N"), alt.Tooltip("kumuliert_txt:N", title="kumuliert seit Januar")],
            )
        )
    layers += [points, symbols]
    return alt.layer(*layers).properties(
        height=height, description=_rate_description(report, months, value, cumulative, target, title, signal_of)
    )


def _rate_description(
    report: KpiReport,
    months: list[MonthKpi],
    value: str,
    cumulative: str | None,
    target: float,
    title: str,
    signal_of: str,
) -> str:
    """``Erreichbarkeit je Monat 2023: Ziel 75,0 %, erreicht 61 % bis 78 % (9 von 12 Monaten erfüllt), …``."""
    values = [getattr(m, value) for m in months]
    met = sum(1 for m in months if getattr(m, signal_of).level == LEVEL_OK)
    rated = sum(1 for m in months if getattr(m, signal_of).level != LEVEL_NONE)
    text = (
        f"{title} je Monat {report.year}: Ziel {fmt.percent(target)}, erreicht "
        f"{value_span(values, lambda v: fmt.percent(v, 0))} ({met} von {rated} Monaten erfüllt)"
    )
    cumulated = [getattr(m, cumulative) for m in months if getattr(m, cumulative) is not None] if cumulative else []
    if cumulated:
        last = cumulated[-1]
        text += f", kumuliert seit Januar zuletzt {fmt.percent(last)}"
    return text + "."


def reachability_chart(report: KpiReport, *, height: int = 320) -> alt.TopLevelMixin:
    """Reachability per month (bars, status colour and symbol), cumulated (line), target (dashed)."""
    return _rate_chart(
        report,
        value="reachability",
        cumulative="cum_reachability",
        target=report.targets.reachability,
        title="Erreichbarkeit",
        signal_of="reachability_signal",
        height=height,
    )


def closure_chart(report: KpiReport, *, height: int = 320) -> alt.TopLevelMixin:
    """Closure rate per month against the minimum target."""
    return _rate_chart(
        report,
        value="closure_rate",
        cumulative="cum_closure_rate",
        target=report.targets.closure_rate,
        title="Fallabschlussquote",
        signal_of="closure_signal",
        height=height,
    )


def times_chart(report: KpiReport, *, height: int = 320) -> alt.Chart:
    """Talk time and after-call work per conversation, stacked, in minutes."""
    months, order = _base(report)
    kinds = ["Gesprächsdauer", "Nachbearbeitung"]
    records = []
    for m in months:
        for kind, seconds in zip(kinds, (m.talk_seconds, m.acw_seconds), strict=True):
            if seconds is None:
                continue
            records.append(
                {
                    "Monat": fmt.month_label(m.month),
                    "Art": kind,
                    "Minuten": seconds / 60,
                    "Dauer": mmss(seconds) + " min",
                    "Bearbeitungszeit": mmss(m.handling_seconds) + " min",
                }
            )
    data = pd.DataFrame(records, columns=["Monat", "Art", "Minuten", "Dauer", "Bearbeitungszeit"])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=_x(order),
            y=alt.Y(
                "Minuten:Q",
                stack="zero",
                title="Minuten je Gespräch",
                axis=alt.Axis(labelExpr=german_number_expr(0)),
            ),
            color=alt.Color(
                "Art:N",
                scale=alt.Scale(domain=kinds, range=[BLUE, ORANGE]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            order=alt.Order("Art:N", sort="ascending"),
            tooltip=[
                alt.Tooltip("Monat:N"),
                alt.Tooltip("Art:N"),
                alt.Tooltip("Dauer:N", title="Dauer je Gespräch"),
                alt.Tooltip("Bearbeitungszeit:N", title="Bearbeitungszeit zusammen"),
            ],
        )
        .properties(
            height=height,
            description=(
                f"Gesprächszeiten je Monat {report.year} in Minuten je Gespräch: Gesprächsdauer "
                f"{value_span((m.talk_seconds for m in months), mmss)}, Nachbearbeitung "
                f"{value_span((m.acw_seconds for m in months), mmss)}, Bearbeitungszeit zusammen "
                f"{value_span((m.handling_seconds for m in months), mmss)} (min:s)."
            ),
        )
    )


def hours_chart(report: KpiReport, *, height: int = 320) -> alt.TopLevelMixin:
    """Burn-up: cumulated hours used against cumulated contracted hours (pro rata) and the year's hours."""
    months, order = _base(report)
    series = ["verbraucht (kumuliert)", "vereinbart anteilig (kumuliert)"]
    records = []
    for m in months:
        for name, v in zip(series, (m.cum_hours_used, m.cum_contracted_hours), strict=True):
            if v is None:
                continue
            records.append(
                {"Monat": fmt.month_label(m.month), "Reihe": name, "Stunden": v, "Stunden_txt": fmt.hours(v)}
            )
    data = pd.DataFrame(records, columns=["Monat", "Reihe", "Stunden", "Stunden_txt"])
    x = _x(order)
    lines = (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=x,
            y=alt.Y("Stunden:Q", title="Stunden", axis=alt.Axis(labelExpr=german_number_expr(0))),
            color=alt.Color(
                "Reihe:N",
                scale=alt.Scale(domain=series, range=[ORANGE, BLUE]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            strokeDash=alt.StrokeDash("Reihe:N", scale=alt.Scale(domain=series, range=[[1, 0], [6, 4]]), legend=None),
            tooltip=[alt.Tooltip("Monat:N"), alt.Tooltip("Reihe:N"), alt.Tooltip("Stunden_txt:N", title="Stunden")],
        )
    )
    layers: list[alt.Chart] = [lines]
    year_hours = report.year_totals.contracted_hours_year
    if year_hours is not None:
        frame = pd.DataFrame([{"Stunden": year_hours, "txt": f"vereinbart im Jahr: {fmt.hours(year_hours)} h"}])
        layers.append(
            alt.Chart(frame)
            .mark_rule(color=GREY, strokeDash=[2, 2], strokeWidth=2)
            .encode(y="Stunden:Q", tooltip=[alt.Tooltip("txt:N", title="Jahresstunden")])
        )
        layers.append(
            alt.Chart(frame)
            .mark_text(align="left", dx=4, dy=-8, color="#333333", fontSize=13)
            .encode(x=alt.value(0), y="Stunden:Q", text="txt:N")
        )
    return alt.layer(*layers).properties(height=height, description=_hours_description(report, months))


def _hours_description(report: KpiReport, months: list[MonthKpi]) -> str:
    """``Stunden kumuliert bis Dez 2023: verbraucht 41.000,0 h, vereinbart anteilig 42.000,0 h; …``."""
    used = next((m for m in reversed(months) if m.cum_hours_used is not None), None)
    text = f"Stunden {report.year} kumuliert"
    if used is None:
        text += ": ohne Werte"
    else:
        text += (
            f" bis {fmt.month_label(used.month)}: verbraucht {fmt.hours(used.cum_hours_used)} h, "
            f"vereinbart anteilig {fmt.hours(used.cum_contracted_hours)} h"
        )
    year_hours = report.year_totals.contracted_hours_year
    if year_hours is not None:
        text += f"; vereinbart im Jahr {fmt.hours(year_hours)} h"
    return text + "."


def plan_actual_chart(report: KpiReport, *, height: int = 320) -> alt.Chart:
    """Conversations per month: plan (what the contracted capacity delivers) against actual."""
    months, order = _base(report)
    kinds = ["Plan", "Ist"]
    records = []
    for m in months:
        for kind, v, reach in (
            ("Plan", m.plan_conversations, m.plan_reachability),
            ("Ist", m.conversations, m.reachability),
        ):
            if v is None:
                continue
            records.append(
                {
                    "Monat": fmt.month_label(m.month),
                    "Art": kind,
                    "Gespräche": v,
                    "Gespräche_txt": fmt.count(v),
                    "Erreichbarkeit_txt": fmt.percent(reach),
                }
            )
    data = pd.DataFrame(records, columns=["Monat", "Art", "Gespräche", "Gespräche_txt", "Erreichbarkeit_txt"])
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=_x(order),
            xOffset=alt.XOffset("Art:N", sort=kinds),
            y=alt.Y("Gespräche:Q", title="Gespräche je Monat", axis=alt.Axis(labelExpr=german_number_expr(0))),
            color=alt.Color(
                "Art:N", scale=alt.Scale(domain=kinds, range=[GREY, BLUE]), legend=alt.Legend(title=None, orient="top")
            ),
            tooltip=[
                alt.Tooltip("Monat:N"),
                alt.Tooltip("Art:N"),
                alt.Tooltip("Gespräche_txt:N", title="Gespräche"),
                alt.Tooltip("Erreichbarkeit_txt:N", title="Erreichbarkeit"),
            ],
        )
        .properties(
            height=height,
            description=(
                f"Gespräche je Monat {report.year}: Plan {value_span((m.plan_conversations for m in months), fmt.count)}, "
                f"Ist {value_span((m.conversations for m in months), fmt.count)}."
            ),
        )
    )


def plan_actual_reachability_chart(report: KpiReport, *, height: int = 260) -> alt.Chart:
    """Reachability per month: plan against actual, lines."""
    months, order = _base(report)
    kinds = ["Plan", "Ist"]
    records = [
        {"Monat": fmt.month_label(m.month), "Art": kind, "Erreichbarkeit": v, "txt": fmt.percent(v)}
        for m in months
        for kind, v in (("Plan", m.plan_reachability), ("Ist", m.reachability))
        if v is not None
    ]
    data = pd.DataFrame(records, columns=["Monat", "Art", "Erreichbarkeit", "txt"])
    return (
        alt.Chart(data)
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=_x(order),
            y=alt.Y(
                "Erreichbarkeit:Q",
                scale=alt.Scale(domain=[0, 1]),
                axis=alt.Axis(labelExpr=german_percent_expr(0)),
            ),
            color=alt.Color(
                "Art:N", scale=alt.Scale(domain=kinds, range=[GREY, BLUE]), legend=alt.Legend(title=None, orient="top")
            ),
            strokeDash=alt.StrokeDash("Art:N", scale=alt.Scale(domain=kinds, range=[[6, 4], [1, 0]]), legend=None),
            tooltip=[alt.Tooltip("Monat:N"), alt.Tooltip("Art:N"), alt.Tooltip("txt:N", title="Erreichbarkeit")],
        )
        .properties(
            height=height,
            description=(
                f"Erreichbarkeit je Monat {report.year}: Plan "
                f"{value_span((m.plan_reachability for m in months), lambda v: fmt.percent(v, 0))}, Ist "
                f"{value_span((m.reachability for m in months), lambda v: fmt.percent(v, 0))}."
            ),
        )
    )


def big_fonts(chart: alt.TopLevelMixin, presentation: bool) -> Any:
    """The one chart text style (dark, ≥ 4,5:1; 18 px in presentation mode, readable from the back of a room)."""
    return styled(chart, presentation)


# --------------------------------------------------------------------------- year over year


def _signed(text: str, value: float | None) -> str:
    return fmt.DASH if value is None else fmt.signed(text, round(value, 6))


def _pts(value: float | None) -> str:
    return _signed(fmt.number(value, 1) + "\u00a0Pkt.", value) if value is not None else fmt.DASH


def year_comparison_frame(result: YearComparison) -> pd.DataFrame:
    """One row per month of the year: each figure this year, last year and the difference."""
    y, p = result.year, result.previous_year
    rows = []
    for row in result.months:
        cur, prev = row.current, row.previous
        rows.append(
            {
                "Monat": fmt.month_label(Month(y, row.month_of_year)).split()[0],
                f"Anrufe {y}": fmt.count(cur.calls) if cur else fmt.DASH,
                f"Anrufe {p}": fmt.count(prev.calls) if prev else fmt.DASH,
                "Δ Anrufe": _signed(fmt.count(row.calls_change), row.calls_change),
                f"Erreichbarkeit {y}": fmt.percent(cur.reachability) if cur else fmt.DASH,
                f"Erreichbarkeit {p}": fmt.percent(prev.reachability) if prev else fmt.DASH,
                "Δ Erreichbarkeit": _pts(row.reachability_change),
                f"Fallabschluss {y}": fmt.percent(cur.closure_rate) if cur else fmt.DASH,
                f"Fallabschluss {p}": fmt.percent(prev.closure_rate) if prev else fmt.DASH,
                "Δ Fallabschluss": _pts(row.closure_change),
                f"Stunden {y}": fmt.hours(cur.hours_used) if cur else fmt.DASH,
                f"Stunden {p}": fmt.hours(prev.hours_used) if prev else fmt.DASH,
                "Δ Stunden": _signed(fmt.hours(row.hours_change), row.hours_change),
            }
        )
    return pd.DataFrame(rows)


def year_over_year(result: YearComparison | None) -> None:
    """The section "Vorjahresvergleich" of the Kennzahlen page (only when the report covers the previous year)."""
    if result is None:
        return
    from . import present

    c, p = result.current, result.previous
    st.subheader(f"{result.year} gegen {result.previous_year}")
    span = "das ganze Jahr" if c.months == 12 else f"die {c.months} Monate, die in beiden Jahren berichtet sind"
    st.caption(f"Verglichen werden {span}; Δ = {result.year} minus {result.previous_year}.")
    cols = st.columns(4)
    cols[0].metric(
        "Erreichbarkeit",
        fmt.percent(c.reachability),
        _pts(result.reachability_change),
        help=f"{result.previous_year}: {fmt.percent(p.reachability)}",
    )
    cols[1].metric(
        "Fallabschlussquote",
        fmt.percent(c.closure_rate),
        _pts(result.closure_change),
        help=f"{result.previous_year}: {fmt.percent(p.closure_rate)}",
    )
    cols[2].metric(
        "Stunden verbraucht",
        fmt.hours(c.hours_used),
        _signed(fmt.hours(result.hours_change), result.hours_change),
        delta_color="off",
        help=f"{result.previous_year}: {fmt.hours(p.hours_used)}",
    )
    cols[3].metric(
        "Anrufe je Monat",
        fmt.count(c.calls_per_month),
        _signed(fmt.count(result.calls_per_month_change), result.calls_per_month_change),
        delta_color="off",
        help=f"{result.previous_year}: {fmt.count(p.calls_per_month)}",
    )
    present.table(year_comparison_frame(result))
