"""The agreement appendix (Anlage zum Dienstleistungseinkauf O.7) as a frozen model.

``build_appendix(scenario, plan)`` turns a plan into exactly what the appendix prints: every
figure is rounded to its printed precision here, once (hours 0,1 h, VZA 0,01, Erfüllungsgrad
0,01 %, money to the cent), so that the XLSX, the PDF, the preview on the page and the check
(:mod:`o7core.check`) all see the same numbers. The writers live in :mod:`o7core.export_xlsx` and
:mod:`o7core.export_pdf`; the labels below are shared with the check, which finds the values of
a re-typed appendix by them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from . import fmt
from .costs import round_hours
from .model import BAUSTEIN_NAMES, Plan
from .month import Month
from .scenario import Scenario
from .text import clean_fields

SERVICE_NAME = "O.7 Service Center SGB II"
TITLE_PREFIX = "Anlage zum Dienstleistungseinkauf O.7"

# Labels of the printed appendix: the writers print them, the check looks for them.
LABEL_SERVICE_CENTER = "Service Center"
LABEL_JOBCENTER = "Jobcenter"
LABEL_JCNR = "JCNR"
LABEL_TERM = "Laufzeit in Jahren"
LABEL_HOURS_PER_FTE = "Produktivstunden je VZA und Jahr"
TABLE_HEADERS = ("Baustein", "Bezeichnung", "Stunden", "Stunden *", "VZA", "Erfüllungsgrad", "gewählt")
LABEL_TOTAL = "Gesamt"
COST_HEADERS = ("Laufzeit", "BG-Grundpreis", "Volumenpreis", "Gesamt")
HEADING_OTHER = "Sonstige Vereinbarungen"
HEADING_BAUSTEIN2 = "Baustein 2 – Konkretisierung"
NO_OTHER_AGREEMENTS = "Keine weiteren Vereinbarungen."
FOOTNOTE_SHORT = "* Bei Bezugszeitraum < 12 Monate auf 12 Monate hochgerechnet"
FOOTNOTE_LONG = "* Bei Bezugszeitraum > 12 Monate auf 12 Monate umgerechnet"
FOOTNOTE_BAUSTEIN2 = "** Ausgestaltung nach individueller Absprache zwischen gE und SC"

DRAFT_MARK = "ENTWURF"
#: What a signable appendix needs (``docs/jobcenterwechsel.md``): label → how it is missing.
REQUIRED_FIELDS = (
    "Service Center",
    "Vertragsjahr",
    "BG-Zahl des Vertragsjahres",
    "Ort und Datum Service Center",
    "Ort und Datum Jobcenter",
)

HUNDREDTH = Decimal("0.01")
PERCENT_PLACES = Decimal("0.0001")  # a fraction with 4 places = a percentage with 2


def round_fte(value: float | Decimal) -> Decimal:
    """VZA as printed in the appendix: two decimals, half up."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return d.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def round_fraction(value: float | Decimal) -> Decimal:
    """Erfüllungsgrad as printed: a fraction to 4 places (``8,52 %``)."""
    d = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    return d.quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


term_label = fmt.term  # ``1 Jahr``, ``2 Jahre``


@dataclass(frozen=True, slots=True)
class AppendixRow:
    """One line of the Baustein table, rounded as printed.

    ``hours``: Stunden of the Bezugszeitraum (0,1 h); ``hours_annualized``: Stunden * (12 months);
    ``fte``: VZA = Stunden * / Produktivstunden je VZA; ``fulfilment``: Erfüllungsgrad as a
    fraction (``None`` prints "–"). Baustein 2 has no hours (all ``None``).
    """

    number: int
    name: str
    chosen: bool
    hours: Decimal | None
    hours_annualized: Decimal | None
    fte: Decimal | None
    fulfilment: Decimal | None

    @property
    def label(self) -> str:
        return f"Baustein {self.number}"


@dataclass(frozen=True, slots=True)
class AppendixCost:
    """One line of the informational cost table: first contract year for one term, in €."""

    term_years: int
    base_price: Decimal  # BG-Grundpreis = BG × € je BG
    volume_price: Decimal  # Volumenpreis = Stunden × € je Stunde
    total: Decimal
    base_per_bg: Decimal
    per_hour: Decimal

    @property
    def label(self) -> str:
        return f"Laufzeit {term_label(self.term_years)}"


@dataclass(frozen=True, slots=True)
class SignatureBlock:
    """Signature block of one party: who signs, where and when (free text, may be empty)."""

    party: str  # "Service Center" | "Jobcenter"
    organisation: str
    place: str
    date: str

    @property
    def place_date(self) -> str:
        return ", ".join(x for x in (self.place.strip(), self.date.strip()) if x)

    @property
    def signature_label(self) -> str:
        return f"Unterschrift {self.party}"


@dataclass(frozen=True, slots=True)
class Appendix:
    """Everything the agreement appendix prints, rounded as printed."""

    contract_year: int
    period_first: Month
    period_last: Month
    period_months: int
    service_center: str
    jobcenter: str
    jcnr: str
    state: str
    bg_count: int | None
    term_years: int
    productive_hours_per_fte: Decimal
    annualization_factor: float
    rows: tuple[AppendixRow, ...]
    total_hours: Decimal  # Σ Stunden of the chosen Bausteine (unrounded parts), to 0,1 h
    total_hours_annualized: Decimal  # = plan.hours_total_rounded, the base of the Volumenpreis
    total_fte: Decimal  # total Stunden * / Produktivstunden je VZA
    baustein2_chosen: bool
    other_agreements: str
    baustein2_text: str
    baustein2_text_generated: bool
    signatures: tuple[SignatureBlock, ...]
    costs: tuple[AppendixCost, ...]
    price_year: int
    missing: tuple[str, ...] = ()  # required fields not filled in: the appendix is a draft

    @property
    def is_draft(self) -> bool:
        return bool(self.missing)

    @property
    def draft_text(self) -> str:
        """``ENTWURF – nicht unterschriftsreif. Es fehlt: …`` (empty when the appendix is complete)."""
        if not self.missing:
            return ""
        return f"{DRAFT_MARK} – nicht unterschriftsreif. Es fehlt: " + "; ".join(self.missing) + "."

    @property
    def title(self) -> str:
        return f"{TITLE_PREFIX} {self.contract_year}"

    @property
    def period_text(self) -> str:
        return fmt.period_text(self.period_first, self.period_last)

    @property
    def period_sentence(self) -> str:
        n = self.period_months
        return (
            f"Grundlage der Planung ist der Bezugszeitraum vom {self.period_text} "
            f"({n} {'Monat' if n == 1 else 'Monate'})."
        )

    @property
    def bg_label(self) -> str:
        return f"BG-Zahl {self.contract_year}"

    @property
    def footnote(self) -> str:
        return FOOTNOTE_LONG if self.period_months > 12 else FOOTNOTE_SHORT

    @property
    def fte_note(self) -> str:
        return f"VZA = Stunden * / {fmt.number(self.productive_hours_per_fte, 0)} Produktivstunden je VZA und Jahr"

    @property
    def cost_intro(self) -> str:
        bg = fmt.count(self.bg_count) if self.bg_count is not None else "–"
        return (
            f"Nachrichtlich (unverbindlich): voraussichtliche Kosten im ersten Laufzeitjahr nach dem "
            f"Preisblatt {self.price_year} – BG {bg}, {fmt.hours(self.total_hours_annualized)} Stunden"
        )

    @property
    def file_stem(self) -> str:
        """``Anlage_O7_2023_JC62106``: safe as a file name."""
        ident = re.sub(r"[^A-Za-z0-9_-]+", "", self.jcnr.replace(" ", "")) or "Jobcenter"
        return f"Anlage_O7_{self.contract_year}_{ident[:40]}"

    def row(self, number: int) -> AppendixRow:
        return next(r for r in self.rows if r.number == number)


def baustein2_text(scenario: Scenario, plan: Plan) -> str:
    """The generated Baustein 2 sentence: the JC's conversations per working day for the joint target."""
    b2 = scenario.baustein2
    if not b2.chosen:
        return ""
    what = "der Voiceboxen" if b2.mode == "Voiceboxen" else "der Anrufe"
    first = f"Das Jobcenter wählt Baustein 2 (Lastverteilung) mit Aufteilung {what}."
    j = b2.joint_target_reachability
    if j is None:
        return first + " Umfang und Ablauf stimmen gE und SC individuell ab."
    per_day = fmt.count(plan.totals.jc_conversations_per_day)
    joint = fmt.percent(j, trim=True)
    return (
        f"{first} Für eine gemeinsame Erreichbarkeit von {joint} sind ca. {per_day} Gespräche "
        f"täglich durch das JC zu führen."
    )


def missing_for_signature(scenario: Scenario) -> tuple[str, ...]:
    """The required fields of a signable appendix that are missing, in German (empty: complete).

    Service Center, the contract year (it must lie after the Bezugszeitraum), the BG of the
    contract year (the price basis; the latest BG of the data is not enough) and place and date
    of both signatures.
    """
    missing = []
    if not scenario.service_center.strip():
        missing.append("Service Center")
    if scenario.months and scenario.contract_year <= scenario.months[-1].month.year:
        last = scenario.months[-1].month
        missing.append(
            f"Vertragsjahr ({scenario.contract_year} liegt nicht nach dem Bezugszeitraum bis "
            f"{last.month:02d}/{last.year})"
        )
    if scenario.bg_count_contract_year is None:
        missing.append(f"BG-Zahl des Vertragsjahres {scenario.contract_year}")
    a = scenario.agreement
    for party, place, when in (
        ("Service Center", a.place_service_center, a.date_service_center),
        ("Jobcenter", a.place_jobcenter, a.date_jobcenter),
    ):
        gaps = [x for x, v in (("Ort", place), ("Datum", when)) if not v.strip()]
        if gaps:
            missing.append(f"{' und '.join(gaps)} der Unterschrift {party}")
    return tuple(missing)


def build_appendix(scenario: Scenario, plan: Plan) -> Appendix:
    """The appendix of a scenario and its plan (``plan_scenario(scenario)``)."""
    phpf = Decimal(repr(float(scenario.parameters.productive_hours_per_fte)))
    rows = []
    for b in plan.bausteine:
        if b.number == 2 or b.hours is None or b.hours_annualized is None:
            rows.append(AppendixRow(b.number, BAUSTEIN_NAMES[b.number], b.chosen, None, None, None, None))
            continue
        rows.append(
            AppendixRow(
                number=b.number,
                name=b.name,
                chosen=b.chosen,
                hours=round_hours(b.hours),
                hours_annualized=round_hours(b.hours_annualized),
                fte=round_fte(b.fte if b.fte is not None else b.hours_annualized / float(phpf)),
                fulfilment=round_fraction(b.fulfilment) if b.fulfilment is not None and b.chosen else None,
            )
        )
    total_period = round_hours(sum(b.hours or 0.0 for b in plan.bausteine if b.chosen))
    total_annual = plan.hours_total_rounded
    agreement = scenario.agreement
    generated = agreement.baustein2_text is None
    text_b2 = baustein2_text(scenario, plan) if generated else (agreement.baustein2_text or "")
    jc = scenario.jobcenter
    costs = tuple(
        AppendixCost(
            c.term_years,
            c.base_price,
            c.volume_price,
            c.total,
            scenario.prices.terms[c.term_years].base_per_bg,
            scenario.prices.terms[c.term_years].per_hour,
        )
        for c in plan.costs
    )
    appendix = Appendix(
        contract_year=scenario.contract_year,
        period_first=plan.months[0].month,
        period_last=plan.months[-1].month,
        period_months=len(plan.months),
        service_center=scenario.service_center,
        jobcenter=jc.name,
        jcnr=jc.jcnr,
        state=jc.state,
        bg_count=plan.bg_count,
        term_years=scenario.term_years,
        productive_hours_per_fte=phpf,
        annualization_factor=plan.totals.annualization_factor,
        rows=tuple(rows),
        total_hours=total_period,
        total_hours_annualized=total_annual,
        total_fte=round_fte(total_annual / phpf),
        baustein2_chosen=scenario.baustein2.chosen,
        other_agreements=agreement.other_agreements,
        baustein2_text=text_b2,
        baustein2_text_generated=generated,
        signatures=(
            SignatureBlock(
                "Service Center",
                scenario.service_center,
                agreement.place_service_center,
                agreement.date_service_center,
            ),
            SignatureBlock(
                "Jobcenter",
                " ".join(x for x in (jc.name, f"({jc.jcnr})" if jc.jcnr else "") if x),
                agreement.place_jobcenter,
                agreement.date_jobcenter,
            ),
        ),
        costs=costs,
        price_year=scenario.prices.contract_year,
        missing=missing_for_signature(scenario),
    )
    # text is text: no control character (a pasted vertical tab …) reaches the XLSX or the PDF
    return clean_fields(appendix, multiline=frozenset({"other_agreements", "baustein2_text"}))


def appendix_for(scenario: Scenario) -> Appendix:
    """Plan the scenario and build its appendix (raises ``O7InputError`` on bad input)."""
    from .scenario import plan_scenario

    return build_appendix(scenario, plan_scenario(scenario))
