"""Helpers of the Kennzahlen page: the loaded SC report in this session and the tables (the charts are in
:mod:`o7app.charts`).

The report lives in the session state of this session only (:mod:`o7app.state`) (never in a shared cache, a module
variable or a file). The embedded sample reports are loaded on the first visit.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st

from o7core import fmt
from o7core.kpi import LEVEL_BAD, LEVEL_NONE, LEVEL_OK, LEVEL_WARN, KpiReport, Signal, YearComparison
from o7core.month import Month
from o7core.sc_report import ReportImport, read_sc_report

from . import state, upload_worker

SAMPLE_REPORT = state.SAMPLE_DIR / "sc_berichte_2023.csv"


#: Streamlit's badge colours for the status levels (the chart colours are ``o7app.charts.LEVEL_COLOURS``)
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
