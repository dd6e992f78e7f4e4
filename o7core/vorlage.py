"""The council briefing ("Sitzungsvorlage") as a PDF of 2–4 A4 pages, in plain German.

``build_vorlage`` collects the content (every figure formatted by :mod:`o7core.fmt`, every cost from
:mod:`o7core.costs`); ``to_pdf`` lays it out with fpdf2 and the embedded DejaVu
fonts of :mod:`o7core.export_pdf`; ``render_chart`` turns the Vega-Lite specs of :mod:`o7core.charts` —
the same ones the Planung and Kosten pages draw — into PNG images offline (``vl-convert-python``, no
network). ``vorlage_pdf`` does all three.

Content: the decision asked for (target, Bausteine, term), what it buys (conversations, hours, VZA)
and what it costs (first year, whole term, € per BG and per conversation for every term, the next
point of reachability), the planning target next to the contract's 75 % and why they differ, the
monthly chart and the cost curve, the running year's Kennzahlen when a report is given, saved
scenarios side by side, sources and the date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import charts, fmt
from .costs.comparison import compare_scenarios
from .costs.curve import cost_curve
from .costs.terms import TermCost, annual_conversations, fte_total, scenario_term_costs
from .kpi import DEFAULT_CLOSURE_TARGET, DEFAULT_REACHABILITY_TARGET, KpiReport
from .model import Plan
from .scenario import Scenario, plan_scenario

SERVICE = "O.7 Service Center SGB II"
#: chart size in the PDF (CSS pixels of the Vega view; rendered at 2× for print)
CHART_WIDTH = 620
CHART_HEIGHT = 250
CHART_FONT = "DejaVu Sans"
#: at most this many scenario columns per table (more scenarios: a second table below)
SCENARIO_COLUMNS = 4


term_label = fmt.term  # ``1 Jahr``, ``2 Jahre``


def term_dative(years: int) -> str:
    """``1 Jahr`` / ``3 Jahren`` (after "von", "bei")."""
    return fmt.term(years, dative=True)


def _join(items: Sequence[str]) -> str:
    """``a``, ``a und b``, ``a, b und c``."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " und " + items[-1]


def chosen_bausteine(plan: Plan) -> list[str]:
    """``Baustein 1 (Inbound-Telefonie)`` … of every chosen Baustein, in number order."""
    return [f"Baustein {b.number} ({b.name})" for b in sorted(plan.bausteine, key=lambda b: b.number) if b.chosen]


def decision_sentence(scenario: Scenario, plan: Plan) -> str:
    """The decision in one sentence (title slide and briefing)."""
    numbers = [str(b.number) for b in sorted(plan.bausteine, key=lambda b: b.number) if b.chosen]
    cost = plan.cost_for(scenario.term_years)
    text = (
        f"Einkauf von {SERVICE} für {term_label(scenario.term_years)} ab {scenario.contract_year}: "
        f"Ziel-Erreichbarkeit {fmt.percent(plan.target_reachability)}, "
        f"{'Baustein' if len(numbers) == 1 else 'Bausteine'} {_join(numbers) or fmt.DASH}, "
        f"{fmt.hours(plan.hours_total_rounded)} Stunden je Jahr"
    )
    if cost is not None:
        text += f" – {fmt.money(cost.total)} im ersten Jahr"
    return text + "."


# --------------------------------------------------------------------------- content


@dataclass(frozen=True, slots=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...]  # relative
    bold_rows: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: Table | None = None
    notes: tuple[str, ...] = ()
    chart: str | None = None  # key into Vorlage.charts


@dataclass(frozen=True, slots=True)
class Vorlage:
    title: str
    subtitle: str
    decision: str
    sections: tuple[Section, ...]
    charts: dict[str, dict[str, Any]] = field(default_factory=dict)  # key → Vega-Lite spec
    footer: str = ""


def _points_text(delta: float) -> str:
    return fmt.points(delta * 100, sign=False)


def _signed_money(value: Decimal) -> str:
    return fmt.signed(fmt.money(value), value)


def build_vorlage(
    scenario: Scenario,
    *,
    plan: Plan | None = None,
    report: KpiReport | None = None,
    compared: Sequence[tuple[str, Scenario]] = (),
    scenario_name: str = "",
    today: date | None = None,
    sources: Sequence[str] = (),
) -> Vorlage:
    """The briefing's content for ``scenario`` (its plan is computed when not given).

    ``report``: the Service Center's Kennzahlen of the running year (optional); ``compared``: saved
    scenarios (name, scenario) shown side by side with the briefed one; ``sources``: file names of the
    data used (shown under "Quellen").
    """
    plan = plan if plan is not None else plan_scenario(scenario)
    today = today or date.today()
    jc = scenario.jobcenter
    name = jc.name or "Jobcenter"
    first, last = scenario.months[0].month, scenario.months[-1].month
    chart_specs: dict[str, dict[str, Any]] = {}
    sections = [
        _buys_section(scenario, plan),
        _cost_section(scenario, plan),
        _target_section(scenario, plan, report),
        *_chart_sections(scenario, plan, chart_specs),
    ]
    if report is not None:
        sections.append(_kpi_section(report))
    if compared:
        sections += _comparison_sections(scenario, compared, scenario_name)
    sections.append(_sources_section(scenario, report, sources, today))

    subtitle_bits = [f"Bezugszeitraum {fmt.period_text(first, last)}", f"Vertragsjahr {scenario.contract_year}"]
    if jc.jcnr:
        subtitle_bits.insert(0, f"JCNR {jc.jcnr}")
    return Vorlage(
        title=f"Sitzungsvorlage: Telefonische Erreichbarkeit – {name}",
        subtitle=" · ".join(subtitle_bits) + f" · Stand {fmt.day(today)}",
        decision=decision_sentence(scenario, plan),
        sections=tuple(sections),
        charts=chart_specs,
        footer=f"Sitzungsvorlage O.7 · {name} · {fmt.day(today)}",
    )


def _buys_section(scenario: Scenario, plan: Plan) -> Section:
    """What it buys: calls, target, conversations, hours, VZA."""
    t = plan.totals
    name = scenario.jobcenter.name or "Jobcenter"
    first, last = scenario.months[0].month, scenario.months[-1].month
    annual = annual_conversations(plan)
    fte_all = fte_total(plan, scenario.parameters.productive_hours_per_fte)
    buys = [
        ("Geplante Anrufe im Bezugszeitraum", fmt.count(t.planned_calls)),
        ("Ziel-Erreichbarkeit (Planungsziel)", fmt.percent(plan.target_reachability)),
        ("Erforderliche Gespräche im Bezugszeitraum", fmt.count(t.required_conversations)),
    ]
    if len(plan.months) != 12 or abs(t.annualization_factor - 1) > 1e-9:
        buys.append(("Erforderliche Gespräche je Jahr (hochgerechnet)", fmt.count(annual)))
    buys += [
        ("Produktivstunden je Jahr (Anlage)", fmt.hours(plan.hours_total_rounded)),
        ("Bedarf in VZA (Vollzeitkräfte im Service Center)", fmt.fte(t.fte_required)),
    ]
    if abs(fte_all - t.fte_required) >= 0.005:
        buys.append(("VZA aller gewählten Bausteine", fmt.fte(fte_all)))
    if t.possible_reachability is not None and t.possible_reachability < plan.target_reachability - 1e-9:
        buys.append(("Mögliche Erreichbarkeit bei der verfügbaren Kapazität", fmt.percent(t.possible_reachability)))
    bausteine = chosen_bausteine(plan)
    return Section(
        "Was der Einkauf bringt",
        (
            f"Das Service Center nimmt für das {name} Anrufe an und klärt die Anliegen möglichst "
            f"abschließend. Eingekauft werden {_join(bausteine) or 'keine Bausteine'}. "
            f"Grundlage sind die Anrufe von {fmt.period_text(first, last)} ({len(plan.months)} Monate).",
        ),
        Table(("Was", "Wert"), tuple(buys), (3, 1.3)),
    )


def _cost_section(scenario: Scenario, plan: Plan) -> Section:
    """What it costs: a table of the terms, the chosen term in words, the next reachability points."""
    if not (plan.costs and scenario.bg_for_costs):
        return Section(
            "Was der Einkauf kostet",
            (
                "Für die Kosten fehlt die Zahl der Bedarfsgemeinschaften (BG) im Vertragsjahr; "
                "sie ist in den Stammdaten einzutragen.",
            ),
        )
    term = scenario.term_years
    terms = scenario_term_costs(scenario, plan)
    table = _term_cost_table(terms, term)
    cost_section: list[str] = []
    chosen = next((tc for tc in terms if tc.term_years == term), None)
    if chosen is not None:
        cost_section.append(
            f"Bei der vorgeschlagenen Laufzeit von {term_dative(term)} kostet der Einkauf im ersten Jahr "
            f"{fmt.money(chosen.first_year.total)}, über die ganze Laufzeit {fmt.money(chosen.whole_term)} "
            f"(BG-Grundpreis für {fmt.count(scenario.bg_for_costs)} Bedarfsgemeinschaften plus Volumenpreis "
            f"je Stunde, Preisblatt {scenario.prices.contract_year}, ohne Preissteigerung)."
        )
    cost_section.append(
        "Kosten im ersten Jahr je nach Laufzeit: "
        + "; ".join(f"{term_label(tc.term_years)}: {fmt.money(tc.first_year.total)}" for tc in terms)
        + "."
    )
    cost_section.append(_next_points_sentence(scenario, plan))
    return Section(
        "Was der Einkauf kostet",
        tuple(cost_section),
        table,
        ("Fett: vorgeschlagene Laufzeit. € je Gespräch = Kosten im 1. Jahr ÷ erforderliche Gespräche je Jahr.",),
    )


def _term_cost_table(terms: Sequence[TermCost], term: int) -> Table:
    """First year, whole term, € per BG and per conversation for each term; the chosen term in bold."""
    rows = []
    bold = set()
    for i, tc in enumerate(terms):
        rows.append(
            (
                term_label(tc.term_years),
                fmt.money(tc.first_year.total),
                fmt.money(tc.whole_term),
                fmt.money(tc.per_bg),
                fmt.money(tc.per_conversation),
            )
        )
        if tc.term_years == term:
            bold.add(i)
    return Table(
        ("Laufzeit", "Kosten im 1. Jahr", "Gesamte Laufzeit", "€ je BG", "€ je Gespräch"),
        tuple(rows),
        (1.1, 1.5, 1.5, 1.0, 1.1),
        frozenset(bold),
    )


def _next_points_sentence(scenario: Scenario, plan: Plan) -> str:
    """What one and five more points of reachability cost a year (or that the target is already 100 %)."""
    term = scenario.term_years
    target = plan.target_reachability
    steps = [s for s in (0.01, 0.05) if target + s <= 1.0 + 1e-9]
    parts = []
    current = plan.cost_for(term)
    for step in steps:
        other = plan_scenario(scenario.with_parameters(target_reachability=round(target + step, 6)))
        line = other.cost_for(term)
        if line is not None and current is not None:
            parts.append(
                f"{'ein Punkt mehr' if step == 0.01 else 'fünf Punkte mehr'} ({fmt.percent(target + step)}) "
                f"{'kostet' if step == 0.01 else 'kosten'} "
                f"{_signed_money(line.total - current.total)} im Jahr "
                f"({fmt.signed(fmt.hours(float(other.hours_total_rounded - plan.hours_total_rounded)), other.hours_total_rounded - plan.hours_total_rounded)} Stunden)"
            )
    if parts:
        return "Der nächste Punkt Erreichbarkeit: " + "; ".join(parts) + "."
    return "Das Planungsziel ist schon 100 %: mehr Erreichbarkeit lässt sich nicht einkaufen."


def _target_section(scenario: Scenario, plan: Plan, report: KpiReport | None) -> Section:
    """The planning target next to the contract's target, and why they differ."""
    term = scenario.term_years
    contract = report.targets.reachability if report is not None else DEFAULT_REACHABILITY_TARGET
    closure = report.targets.closure_rate if report is not None else DEFAULT_CLOSURE_TARGET
    why = [
        f"Die Leistungsbeschreibung sagt eine Erreichbarkeit von {fmt.percent(contract)} im Jahresdurchschnitt "
        f"und eine Fallabschlussquote von mindestens {fmt.percent(closure)} zu. Das ist ein Qualitätsversprechen "
        "des Service Centers; es wird im Monatsbericht an den Anrufen gemessen, die tatsächlich beim Service "
        "Center ankommen.",
        f"Das Planungsziel von {fmt.percent(plan.target_reachability)} ist dagegen eine Haushaltsentscheidung des "
        "Jobcenters: Es legt fest, für wie viele der geplanten Anrufe Gesprächszeit bezahlt wird "
        "(geplante Anrufe × Planungsziel = erforderliche Gespräche → Stunden → Kosten). Die geplanten Anrufe "
        "sind die Anrufe des Vorjahres, um Anrufwiederholungen bereinigt; wer mehrmals anruft, wird nur einmal "
        "eingeplant.",
    ]
    if plan.costs and scenario.bg_for_costs and abs(plan.target_reachability - contract) > 1e-9:
        at_contract = plan_scenario(scenario.with_parameters(target_reachability=contract))
        line, now = at_contract.cost_for(term), plan.cost_for(term)
        if line is not None and now is not None:
            why.append(
                f"Würde das Planungsziel auf {fmt.percent(contract)} gesetzt, wären {fmt.count(at_contract.totals.required_conversations)} "
                f"Gespräche, {fmt.hours(at_contract.hours_total_rounded)} Stunden und {fmt.money(line.total)} im ersten Jahr "
                f"nötig ({_signed_money(line.total - now.total)} gegenüber dem Vorschlag)."
            )
    return Section(
        f"Planungsziel {fmt.percent(plan.target_reachability)} und Vertragsziel {fmt.percent(contract)}", tuple(why)
    )


def _chart_sections(scenario: Scenario, plan: Plan, chart_specs: dict[str, dict[str, Any]]) -> list[Section]:
    """The monthly chart and (with costs) the cost-per-reachability curve; their specs go into ``chart_specs``."""
    term = scenario.term_years
    chart_specs["monthly"] = charts.monthly_chart(plan, height=CHART_HEIGHT)
    sections = [
        Section(
            "Anrufe, mögliche Gespräche und Erreichbarkeit je Monat",
            (
                "Graue Balken: geplante Anrufe; hellblaue Balken: Gespräche, die mit der eingekauften Kapazität möglich "
                "sind; blaue Linie: mögliche Erreichbarkeit; orange gestrichelt: das Planungsziel.",
            ),
            chart="monthly",
        )
    ]
    if plan.costs and scenario.bg_for_costs:
        curve = cost_curve(scenario, plan)
        chart_specs["curve"] = charts.cost_curve_chart(curve, term, height=CHART_HEIGHT)
        sections.append(
            Section(
                "Was kostet ein Punkt Erreichbarkeit?",
                (
                    f"Kosten im ersten Jahr bei {term_dative(term)} Laufzeit über dem Planungsziel; der rote Punkt ist der "
                    f"Vorschlag. Jeder weitere Punkt kostet rund {fmt.money(curve.cost_per_point[term])} im Jahr "
                    f"({fmt.hours(curve.hours_per_point)} Stunden).",
                ),
                chart="curve",
            )
        )
    return sections


def _kpi_section(report: KpiReport) -> Section:
    """The Kennzahlen of the running year: months reported, calls, the signals, hours used."""
    y = report.year_totals
    rows_k = [
        ("Berichtete Monate", f"{y.months_reported} von 12"),
        ("Anrufe / Gespräche", f"{fmt.count(y.calls)} / {fmt.count(y.conversations)}"),
    ]
    for sig in report.signals:
        shown = fmt.hours(sig.value) if sig.unit == "%" else fmt.percent(sig.value)
        rows_k.append((sig.label, f"{shown}  {sig.symbol} {sig.word}"))
    if y.hours_used is not None and y.contracted_hours_to_date is not None:
        rows_k.append(
            (
                "Stunden verbraucht / vereinbart bis zum Stand",
                f"{fmt.hours(y.hours_used)} / {fmt.hours(y.contracted_hours_to_date)}",
            )
        )
    stand = report.latest.month if report.latest is not None else None
    return Section(
        f"Laufendes Jahr {report.year}: Kennzahlen des Service Centers"
        + (f" (Stand {fmt.month_label(stand)})" if stand else ""),
        tuple(s.text for s in report.signals),
        Table(("Kennzahl", "Stand"), tuple(rows_k), (3, 1.6)),
    )


def _comparison_sections(
    scenario: Scenario, compared: Sequence[tuple[str, Scenario]], scenario_name: str
) -> list[Section]:
    """The briefed scenario beside the saved ones, ``SCENARIO_COLUMNS`` to a table."""
    named = [(scenario_name or "Vorschlag", scenario), *compared]
    names = [n for n, _ in named]
    seen: dict[str, int] = {}
    unique = []
    for n in names:  # the comparison needs distinct names
        seen[n] = seen.get(n, 0) + 1
        unique.append(n if seen[n] == 1 else f"{n} ({seen[n]})")
    comparison = compare_scenarios(list(zip(unique, [s for _, s in named], strict=True)))
    all_terms = sorted({k for r in comparison.rows for k in r.first_year})
    sections = []
    for start in range(0, len(comparison.rows), SCENARIO_COLUMNS):
        group = comparison.rows[start : start + SCENARIO_COLUMNS]
        lines: list[tuple[str, ...]] = [
            ("Ziel-Erreichbarkeit", *(fmt.percent(r.target_reachability) for r in group)),
            ("Mögliche Erreichbarkeit", *(fmt.percent(r.possible_reachability) for r in group)),
            ("Gespräche je Jahr", *(fmt.count(r.conversations) for r in group)),
            ("Stunden je Jahr", *(fmt.hours(r.hours_rounded) for r in group)),
            ("VZA", *(fmt.fte(r.fte) for r in group)),
            ("Laufzeit", *(term_label(r.term_years) for r in group)),
            *(
                (f"1. Jahr bei {term_dative(k)} Laufzeit", *(fmt.money(r.first_year.get(k)) for r in group))
                for k in all_terms
            ),
            ("Gesamte Laufzeit", *(fmt.money(r.chosen_whole_term) for r in group)),
        ]
        sections.append(
            Section(
                "Szenarien im Vergleich" + ("" if start == 0 else " (Fortsetzung)"),
                ("Der Vorschlag (erste Spalte) neben den gespeicherten Szenarien.",) if start == 0 else (),
                Table(("", *(r.name for r in group)), tuple(lines), (1.6, *([1.2] * len(group)))),
            )
        )
    return sections


def _sources_section(scenario: Scenario, report: KpiReport | None, sources: Sequence[str], today: date) -> Section:
    """Where the figures come from, and the date."""
    name = scenario.jobcenter.name or "Jobcenter"
    first, last = scenario.months[0].month, scenario.months[-1].month
    src = [
        f"Monatswerte des {name}"
        + (f" ({', '.join(sources)})" if sources else "")
        + f", {fmt.period_text(first, last)}.",
        f"Preisblatt {scenario.prices.contract_year}"
        + (f" ({scenario.prices.source})" if scenario.prices.source else "")
        + ".",
        "Leistungsbeschreibung O.7 Service Center SGB II (Vertragsziele 75 % Erreichbarkeit, 70 % Fallabschluss).",
        "Rechenweg der BA-Planungshilfe (O.7 Planer).",
    ]
    if report is not None:
        src.append(f"Monatsberichte des Service Centers {report.year}.")
    return Section("Quellen und Stand", (" ".join(src), f"Erstellt am {fmt.day(today)} mit dem O.7 Planer."))


# --------------------------------------------------------------------------- charts


@lru_cache(maxsize=1)
def _fonts_registered() -> bool:
    import vl_convert as vlc

    from .export_pdf import FONT_DIR

    vlc.register_font_directory(str(FONT_DIR))
    return True


def render_chart(spec: dict[str, Any], *, width: int = CHART_WIDTH, scale: float = 2.0) -> bytes:
    """PNG of a Vega-Lite spec, rendered offline with the embedded DejaVu font (print text style)."""
    import vl_convert as vlc

    _fonts_registered()
    printable = charts.with_config({**spec, "width": width}, presentation=False, font=CHART_FONT)
    printable["background"] = "white"
    return bytes(vlc.vegalite_to_png(printable, scale=scale))


# --------------------------------------------------------------------------- PDF


def to_pdf(vorlage: Vorlage, images: dict[str, bytes] | None = None) -> bytes:
    """The briefing as PDF bytes (A4 portrait, DejaVu Sans embedded); ``images``: key → PNG of each chart."""
    from io import BytesIO

    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    from .export_pdf import FONT, FONT_BOLD, FONT_REGULAR, safe_text

    images = images if images is not None else {k: render_chart(s) for k, s in vorlage.charts.items()}
    v = vorlage

    class _Doc(FPDF):
        def footer(self) -> None:
            self.set_y(-12)
            self.set_font(FONT, "", 7.5)
            self.set_text_color(80, 80, 80)
            self.cell(0, 4, safe_text(v.footer), align="L")
            self.set_x(self.l_margin)
            self.cell(0, 4, f"Seite {self.page_no()} von {{nb}}", align="R")
            self.set_text_color(0, 0, 0)

    pdf = _Doc(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(safe_text(v.title))
    pdf.set_creator("O.7 Planer")
    pdf.set_lang("de-DE")
    pdf.add_font(FONT, "", fname=FONT_REGULAR)
    pdf.add_font(FONT, "B", fname=FONT_BOLD)
    pdf.set_margins(18, 14, 18)
    pdf.set_auto_page_break(auto=True, margin=16)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.epw

    def para(text: str, size: float = 9.5, height: float = 4.6, bold: bool = False) -> None:
        pdf.set_font(FONT, "B" if bold else "", size)
        pdf.multi_cell(width, height, safe_text(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    pdf.set_font(FONT, "B", 15)
    pdf.multi_cell(width, 7, safe_text(v.title), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_text_color(60, 60, 60)
    para(v.subtitle, 9)
    pdf.set_text_color(0, 0, 0)
    pdf.ln(3)
    # the decision in a shaded box
    pdf.set_fill_color(232, 240, 248)
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(
        width, 5.5, "Beschlussvorschlag", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT, padding=(2, 3, 0, 3)
    )
    pdf.set_font(FONT, "", 10.5)
    pdf.multi_cell(
        width, 5.5, safe_text(v.decision), fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT, padding=(1, 3, 2, 3)
    )
    pdf.ln(3)

    for section in v.sections:
        needed = (
            14.0 + (80.0 if section.chart else 0.0) + (6.0 * (len(section.table.rows) + 1) if section.table else 0.0)
        )
        if pdf.get_y() + min(needed, 120.0) > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.set_font(FONT, "B", 11)
        pdf.multi_cell(width, 6, safe_text(section.heading), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for text in section.paragraphs:
            para(text)
            pdf.ln(0.8)
        if section.table is not None:
            _table(pdf, section.table, width)
            pdf.ln(1)
        for note in section.notes:
            pdf.set_text_color(70, 70, 70)
            para(note, 7.8, 3.8)
            pdf.set_text_color(0, 0, 0)
        if section.chart and section.chart in images:
            png = images[section.chart]
            pdf.image(BytesIO(png), x=pdf.l_margin, w=width)
        pdf.ln(3)
    return bytes(pdf.output())


def _table(pdf: Any, tbl: Table, width: float) -> None:
    """A table drawn cell by cell (``cell`` keeps the non-breaking spaces of ``1.234,56 €`` in the PDF's
    text); a value wider than its column is set in a smaller font, never cut; the header wraps."""
    from .export_pdf import FONT, safe_text

    total = sum(tbl.widths)
    widths = [w / total * width for w in tbl.widths]
    pad, size, line = 1.2, 8.8, 4.6

    def header() -> None:
        pdf.set_font(FONT, "B", size)
        lines = [
            len(pdf.multi_cell(w - 2 * pad, line, safe_text(text), dry_run=True, output="LINES"))
            for w, text in zip(widths, tbl.header, strict=True)
        ]
        height = max(lines) * line + 1.2
        x, y = pdf.l_margin, pdf.get_y()
        pdf.set_fill_color(230, 230, 230)
        for i, (w, text) in enumerate(zip(widths, tbl.header, strict=True)):
            pdf.rect(x, y, w, height, style="DF")
            pdf.set_xy(x + pad, y + 0.6)
            pdf.multi_cell(w - 2 * pad, line, safe_text(text), align="L" if i == 0 else "R")
            x += w
        pdf.set_xy(pdf.l_margin, y + height)

    header()
    row_h = 5.2
    for r, values in enumerate(tbl.rows):
        if pdf.get_y() + row_h > pdf.page_break_trigger:
            pdf.add_page()
            header()
        style = "B" if r in tbl.bold_rows else ""
        for i, (w, text) in enumerate(zip(widths, values, strict=True)):
            shown = safe_text(text)
            fit = size
            pdf.set_font(FONT, style, fit)
            while pdf.get_string_width(shown) > w - 2 * pad and fit > 5.5:
                fit -= 0.3
                pdf.set_font(FONT, style, fit)
            pdf.cell(w, row_h, shown, border=1, align="L" if i == 0 else "R")
        pdf.ln(row_h)


def vorlage_pdf(
    scenario: Scenario,
    *,
    plan: Plan | None = None,
    report: KpiReport | None = None,
    compared: Sequence[tuple[str, Scenario]] = (),
    scenario_name: str = "",
    today: date | None = None,
    sources: Sequence[str] = (),
) -> bytes:
    """The Sitzungsvorlage as PDF bytes (content, charts and layout in one call)."""
    v = build_vorlage(
        scenario,
        plan=plan,
        report=report,
        compared=compared,
        scenario_name=scenario_name,
        today=today,
        sources=sources,
    )
    return to_pdf(v)
