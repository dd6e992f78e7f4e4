"""Presentation on a projector and screens that fit: the page style, the title slide, the Sitzungsvorlage button.

``apply_style`` puts one ``<style>`` block on every page (from ``app.py``): metric cards that wrap
instead of cutting their value to "46.…", and in presentation mode headline figures of 72 px, chart
text of 18 px, the sidebar collapsed and every control and upload hint hidden. ``title_slide`` is the
start page in presentation mode. ``vorlage_button`` is the one-click council briefing (PDF) in the
sidebar of every page; the PDF is built only when clicked, from the figures of this session.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Collection
from datetime import date

import pandas as pd
import streamlit as st

from o7core import Plan, Scenario, fmt

from . import state
from .text import md

#: headline figures: 36 px in Streamlit's default, twice that in presentation mode
METRIC_PX_PRESENTATION = 72


#: a cell that is a figure (German form, with its unit): right-aligned, never wrapped
_FIGURE = re.compile(r"[+\-−±]?\s?\d[\d.,:\s]*(?:\s?(?:%|€|h|Pkt\.|×|VZA|min|s))?")
#: cells that say "no value" and do not decide whether a column holds figures
_EMPTY = {"", "–", "—", "-", "k. A."}


def table(frame: pd.DataFrame | list[dict[str, str]], *, header: bool = True, strong: Collection[int] = ()) -> None:
    """A table at the full height of its rows (no inner scrolling: all 12 or 24 months visible) whose first
    column stays in view when a table wider than the window scrolls sideways.

    Drawn as one HTML table (:func:`table_html`) rather than ``st.dataframe``: the grid of ``st.dataframe``
    cost ~350 ms of the browser's time on every page switch (issue 19; ``st.table`` ~40 ms for 50 cells,
    growing with each cell, one Markdown element per cell), draws its text on a canvas at 14 px that no page
    style reaches, and cut long headers and texts off. The HTML table is text in the page: the page style of
    :func:`apply_style` sets its size (20 px in presentation mode), screen readers read it as a table.
    """
    frame = frame if isinstance(frame, pd.DataFrame) else pd.DataFrame(frame)
    st.html(table_html(frame, header=header, strong=strong))


def table_html(frame: pd.DataFrame, *, header: bool = True, strong: Collection[int] = ()) -> str:
    """``frame`` (cells as the page shows them, German formatted) as an HTML table; every header and cell
    escaped (``html.escape``), so that a name from an uploaded file stays text. The only computed HTML the
    app sends (``tests/test_security.py``).

    The first column is the row header (``th scope="row"``); a column whose cells are all figures
    (``1.234,5``, ``85,0 %``, ``12.345 €``, ``03:25``) is right-aligned. The scrolling frame is a labelled,
    focusable region, so that a keyboard user can scroll a wide table (WCAG 2.1.1). ``header=False``: no header
    row (a table of label and value); ``strong``: the positions of rows set in bold (a total).
    """
    columns = [str(c) for c in frame.columns]
    rows = [
        ["" if v is None or (isinstance(v, float) and v != v) else str(v) for v in row]
        for row in frame.itertuples(index=False)
    ]
    figures = [
        any(r[i].strip() not in _EMPTY for r in rows)
        and all(r[i].strip() in _EMPTY or _FIGURE.fullmatch(r[i].strip()) for r in rows)
        for i in range(len(columns))
    ]

    def cell(tag: str, text: str, i: int, scope: str = "", bold: bool = False) -> str:
        attrs = (f' scope="{scope}"' if scope else "") + (' class="n"' if figures[i] else "")
        content = html.escape(text, quote=True)
        return f"<{tag}{attrs}>{f'<strong>{content}</strong>' if bold and content else content}</{tag}>"

    head = "".join(cell("th", c, i, "col") for i, c in enumerate(columns))
    body = "".join(
        "<tr>"
        + "".join(cell("th" if i == 0 else "td", v, i, "row" if i == 0 else "", n in strong) for i, v in enumerate(r))
        + "</tr>"
        for n, r in enumerate(rows)
    )
    named = columns if header else [r[0] for r in rows]
    label = html.escape("Tabelle: " + ", ".join(named[:3]) + (" …" if len(named) > 3 else ""), quote=True)
    thead = f"<thead><tr>{head}</tr></thead>" if header else ""
    return (
        f'<div class="o7-table" role="region" tabindex="0" aria-label="{label}">'
        f"<table>{thead}<tbody>{body}</tbody></table></div>"
    )


def vorlage_data(scenario: Scenario, plan: Plan) -> Callable[[], bytes]:
    """A callable that builds this session's Sitzungsvorlage (for a deferred download).

    Everything the PDF needs is read now, in the script run; the callable itself runs outside it.
    The Kennzahlen go in when a report of the user's own is loaded (or sample report and sample
    data together), with the year and targets chosen on the Kennzahlen page.
    """
    from . import kpi_view

    report_file = kpi_view.active_report()
    # None: no report of the loaded Jobcenter (the sample's reports belong to the sample only)
    use_report = report_file is not None and (not kpi_view.report_is_sample() or state.is_sample())
    targets = state.page_value(state.KPI_TARGETS)
    stand = state.kpi_stand()
    compared = list(state.saved_scenarios().items())
    name = state.scenario_name()
    sources = [] if state.is_sample() else [name]
    if use_report and report_file is not None:
        sources.append(report_file.filename)

    def build() -> bytes:
        from o7core.kpi import ContractTargets, compute_kpis
        from o7core.vorlage import vorlage_pdf

        report = None
        if use_report and report_file is not None and report_file.months:
            years = sorted({m.month.year for m in report_file.months})
            year = (
                stand[0]
                if stand and stand[0] in years
                else (scenario.contract_year if scenario.contract_year in years else years[-1])
            )
            as_of = stand[1] if stand and stand[0] == year else None
            kwargs = {"targets": ContractTargets(reachability=targets[0], closure_rate=targets[1])} if targets else {}
            try:
                report = compute_kpis(
                    report_file.months, plan=plan, state=scenario.jobcenter.state, year=year, as_of=as_of, **kwargs
                )
            except Exception:  # the briefing is still useful without the Kennzahlen
                report = None
        return vorlage_pdf(
            scenario,
            plan=plan,
            report=report,
            compared=compared,
            scenario_name=name if compared else "",
            today=date.today(),
            sources=sources,
        )

    return build


def vorlage_button() -> None:
    """The download button of the Sitzungsvorlage (sidebar of every page)."""
    scenario = state.scenario()
    if not scenario.months:
        st.caption("Sitzungsvorlage: erst Monatswerte laden.")
        return
    try:
        plan = state.plan()
    except Exception:
        st.caption("Sitzungsvorlage: der Plan ist noch nicht berechenbar.")
        return
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in (scenario.jobcenter.name or "Jobcenter"))
    st.download_button(
        "Sitzungsvorlage (PDF)",
        data=vorlage_data(scenario, plan),
        file_name=f"Sitzungsvorlage_O7_{safe}.pdf",
        mime="application/pdf",
        icon=":material/picture_as_pdf:",
        on_click="ignore",
        key="w_vorlage_download",
        help="2–4 Seiten für Kreistag und Trägerversammlung: Beschlussvorschlag, Nutzen, Kosten, "
        "Diagramme, Kennzahlen und gespeicherte Szenarien – aus den Zahlen dieser Sitzung.",
    )


def title_slide() -> None:
    """The start page in presentation mode: Jobcenter, Bezugszeitraum, the decision, five key figures."""
    from o7core.vorlage import decision_sentence

    scenario = state.scenario()
    plan = state.try_plan()
    if plan is None or not scenario.months:
        return
    jc = scenario.jobcenter
    t = plan.totals
    with st.container(key="o7_slide"):
        st.caption(
            "Telefonische Erreichbarkeit · O.7 Service Center SGB II"
            + (" · Beispieldaten" if state.is_sample() else "")
        )
        st.title(md(jc.name or "Jobcenter"), anchor=False)
        st.markdown(
            f"Bezugszeitraum {fmt.period_text(scenario.months[0].month, scenario.months[-1].month)}"
            f" · Vertragsjahr {scenario.contract_year}"
        )
        with st.container(key="o7_slide_decision"):
            st.markdown(md(decision_sentence(scenario, plan)))
        term_cost = plan.cost_for(scenario.term_years)
        cards = [
            ("Ziel-Erreichbarkeit", fmt.percent(plan.target_reachability)),
            ("Erforderliche Gespräche", fmt.count(t.required_conversations)),
            ("Stunden je Jahr", fmt.hours(plan.hours_total_rounded)),
            ("Bedarf in VZA", fmt.fte(t.fte_required)),
            (f"€ im 1. Jahr ({scenario.term_years} J. Laufzeit)", fmt.money(term_cost.total if term_cost else None)),
        ]
        columns = st.columns(len(cards))
        for column, (label, value) in zip(columns, cards, strict=True):
            column.metric(label, value)


def apply_style() -> None:
    """The page style of every page (called by ``app.py`` before the page runs).

    Written out as constant strings: the app never sends computed HTML (``tests/test_security.py``).
    Always: rows of metric cards wrap (each card at least 11,5 rem wide) and a value never ends in
    "…": it may wrap at a space and its size shrinks with its card (container query units) down to
    22 px. Keyboard focus is always visible (WCAG 2.4.7): a 3 px ring in #0B5394 (7,8 : 1 on white) on the
    focused element, or on what shows it where Streamlit hides the real input (the label of a radio,
    checkbox or toggle, the thumb of a slider, the box of a text field, a table). Presentation mode: headline figures 72 px (Streamlit's default: 36 px) in cards of at least
    30 rem (so "1.580.759,46 €" fits), larger labels, narrower page margins, and every control, upload
    and hint in the main area hidden (the pages leave most of them out already; this is the net).
    """
    st.html(
        """<style>
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) {
  flex-wrap: wrap !important; row-gap: 0.75rem;
}
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
  flex: 1 1 11.5rem !important; min-width: min(100%, 11.5rem) !important; width: auto !important;
}
[data-testid="stMetric"] { container-type: inline-size; }
[data-testid="stMetricValue"], [data-testid="stMetricValue"] * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important;
}
[data-testid="stMetricValue"] { font-size: clamp(1.375rem, 15cqi, 2.25rem) !important; line-height: 1.15; }
[data-testid="stMetricLabel"], [data-testid="stMetricLabel"] * { white-space: normal !important; }
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] > * .st-key-o7_controls),
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] .st-key-o7_controls) { flex-wrap: wrap !important; }
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] .st-key-o7_controls) > [data-testid="stColumn"] {
  flex: 1 1 20rem !important; min-width: min(100%, 20rem) !important; width: auto !important;
}
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] .st-key-o7_controls) > [data-testid="stColumn"]:last-child {
  flex: 2.2 1 36rem !important; min-width: min(100%, 36rem) !important;
}
:focus-visible { outline: 3px solid #0B5394 !important; outline-offset: 2px !important; }
main:focus-visible, canvas:focus-visible { outline-offset: -3px !important; }
label:has(input:focus-visible), [data-testid="stTextInputRootElement"]:has(input:focus-visible),
div:has(> div > input[type="range"]:focus-visible) {
  outline: 3px solid #0B5394 !important; outline-offset: 2px !important; border-radius: 0.25rem;
}
.o7-table { overflow-x: auto; max-width: 100%; margin-bottom: 0.5rem; }
.o7-table table { border-collapse: separate; border-spacing: 0; min-width: 100%; font-size: 0.875rem; color: #1F2430; }
.o7-table th, .o7-table td { padding: 5px 10px; line-height: 1.5; border-bottom: 1px solid #D5D8DE; text-align: left; vertical-align: baseline; }
.o7-table thead th { font-weight: 600; vertical-align: bottom; border-bottom: 2px solid #8A8F99; min-width: 5rem; }
.o7-table tbody th { font-weight: 400; white-space: nowrap; position: sticky; left: 0; z-index: 1;
  background: #FFFFFF; box-shadow: inset -1px 0 0 #D5D8DE; }
.o7-table thead th:first-child { position: sticky; left: 0; z-index: 2; background: #FFFFFF; }
.o7-table .n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.o7-table tbody tr:hover > * { background: #F3F5F8; }
</style>"""
    )
    if state.presentation_mode():
        _close_sidebar()
        _presentation_style()


def _close_sidebar() -> None:
    # the frontend applies the collapsed initial state only while the user has not opened or closed the
    # sidebar by hand in this browser; this constant script closes it on entering the mode in any case
    # (the chevron at the top left opens it again, with the switch to leave the mode)
    with st.container(key="o7_present_sidebar"):
        st.html(
            """<style>.st-key-o7_present_sidebar { display: none; }</style>
<script>
(() => {
  let tries = 0;
  const close = () => {
    const bar = window.document.querySelector('[data-testid="stSidebar"]');
    if (bar && bar.getAttribute("data-collapsed") === "true") { return; }
    const button = bar && bar.querySelector('[data-testid="stSidebarCollapseButton"] button');
    if (button) { button.click(); return; }
    if (++tries < 50) { window.setTimeout(close, 100); }
  };
  close();
})();
</script>""",
            unsafe_allow_javascript=True,
        )


def _presentation_style() -> None:
    st.html(
        """<style>
[data-testid="stMainBlockContainer"] { padding-left: 2.5rem !important; padding-right: 2.5rem !important;
  padding-top: 2.5rem !important; max-width: 100% !important; }
[data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [data-testid="stMetric"]) > [data-testid="stColumn"] {
  flex: 1 1 30rem !important; min-width: min(100%, 30rem) !important;
}
[data-testid="stMain"] [data-testid="stMetricValue"] { font-size: 72px !important; line-height: 1.1; }
[data-testid="stMain"] [data-testid="stMetricValue"] * { font-size: inherit !important; line-height: inherit; }
[data-testid="stMain"] [data-testid="stMetricLabel"] p { font-size: 1.35rem !important; }
[data-testid="stMain"] [data-testid="stMetricDelta"] { font-size: 1.25rem !important; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p,
[data-testid="stMain"] [data-testid="stMarkdownContainer"] li { font-size: 1.2rem; }
[data-testid="stMain"] [data-testid="stCaptionContainer"] { font-size: 1.05rem; }
[data-testid="stMain"] [data-testid="stFileUploader"], [data-testid="stMain"] [data-testid="stNumberInput"],
[data-testid="stMain"] [data-testid="stTextInput"], [data-testid="stMain"] [data-testid="stTextArea"],
[data-testid="stMain"] [data-testid="stSelectbox"], [data-testid="stMain"] [data-testid="stMultiSelect"],
[data-testid="stMain"] [data-testid="stSlider"], [data-testid="stMain"] [data-testid="stSelectSlider"],
[data-testid="stMain"] [data-testid="stRadio"], [data-testid="stMain"] [data-testid="stCheckbox"],
[data-testid="stMain"] [data-testid="stButton"], [data-testid="stMain"] [data-testid="stDownloadButton"],
[data-testid="stMain"] [data-testid="stPageLink"], [data-testid="stMain"] [data-testid="stDateInput"],
[data-testid="stToolbarActions"], [data-testid="stMainMenu"] { display: none !important; }
[data-testid="stMain"] .o7-table th, [data-testid="stMain"] .o7-table td { font-size: 20px !important; }
.st-key-o7_slide [data-testid="stCaptionContainer"] { font-size: 1.5rem; }
.st-key-o7_slide h1 { font-size: 4rem !important; }
.st-key-o7_slide [data-testid="stMarkdownContainer"] p { font-size: 1.6rem; }
.st-key-o7_slide_decision { border-left: 0.5rem solid #0072B2; padding: 0.75rem 1.25rem; background: #E8F0F8; }
.st-key-o7_slide_decision [data-testid="stMarkdownContainer"] p { font-size: 2rem !important; line-height: 1.35;
  color: #1F2430; }
</style>"""
    )
