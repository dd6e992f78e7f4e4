"""In-house comparison: the same productive hours done by the Jobcenter's own staff at a user-entered
personnel cost rate, and what the staffing ratio means for each (seed 000)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..errors import O7InputError, Problem
from ..model import Plan
from .inputs import HUNDRED, ZERO, to_decimal
from .rule import round_cent
from .terms import annual_conversations

#: Service Center staff and the staffing ratio (seed 000: Leistungsbeschreibung O.7).
STAFFING_RATIO_NOTE = (
    "Beschäftigte des Service Centers sind kein Personal des Jobcenters: Sie zählen nicht bei der "
    "Berechnung der Betreuungsschlüssel nach § 44c SGB II und stehen weder im Stellenplan noch im "
    "Personalhaushalt des Jobcenters. Eigene Beschäftigte für die Telefonie zählen dagegen mit und "
    "brauchen Stellen im Stellenplan."
)


@dataclass(frozen=True, slots=True, kw_only=True)
class InHouseRate:
    """Personnel cost rate of one VZA per year, as the user entered it (with its year and source,
    e.g. the BMF Personalkostensätze or the Jobcenter's own budget figures)."""

    cost_per_fte_year: Decimal  # € per VZA and year (employer's gross)
    year: int | None = None  # year the rate refers to
    source: str = ""  # where the rate comes from


@dataclass(frozen=True, slots=True)
class InHouseComparison:
    """The same productive hours done by the Jobcenter's own staff (Eigenbetrieb)."""

    rate: InHouseRate
    productive_hours_per_fte: Decimal  # the Jobcenter's own productive hours per VZA and year
    overhead_percent: Decimal  # Arbeitsplatz- und Sachkosten as % of the personnel costs
    hours_per_year: Decimal  # the plan's productive hours (rounded to 0.1 h, as the SC bills them)
    conversations_per_year: float
    fte_needed: Decimal  # hours / own productive hours per VZA (unrounded Decimal)
    personnel_cost: Decimal
    overhead_cost: Decimal
    total: Decimal
    service_center_term_years: int
    service_center_cost: Decimal  # first-year cost of the SC purchase for that term
    difference: Decimal  # total − service_center_cost (> 0: own staff cost more)
    staffing_note: str = STAFFING_RATIO_NOTE


def validate_in_house(rate: InHouseRate, productive_hours_per_fte: Decimal, overhead_percent: Decimal) -> list[Problem]:
    problems: list[Problem] = []
    if not ZERO < rate.cost_per_fte_year <= Decimal(10_000_000):
        problems.append(
            Problem(
                "Die Personalkosten je VZA und Jahr müssen größer als 0 € sein.",
                column="Personalkosten je VZA und Jahr (€)",
                value=str(rate.cost_per_fte_year),
                expected="Betrag > 0 €, z. B. aus den Personalkostensätzen des eigenen Haushalts",
            )
        )
    if rate.year is not None and not 2000 <= rate.year <= 2100:
        problems.append(
            Problem(
                "Ungültiges Bezugsjahr des Kostensatzes.",
                column="Jahr des Kostensatzes",
                value=str(rate.year),
                expected="Jahr wie 2023",
            )
        )
    if not ZERO < productive_hours_per_fte <= 8760:
        problems.append(
            Problem(
                "Die eigenen Produktivstunden je VZA und Jahr müssen größer als 0 und höchstens 8.760 sein.",
                column="Produktivstunden je VZA und Jahr (Jobcenter)",
                value=str(productive_hours_per_fte),
                expected="Stunden > 0 und ≤ 8.760",
            )
        )
    if not ZERO <= overhead_percent <= 300:
        problems.append(
            Problem(
                "Der Zuschlag für Arbeitsplatz- und Sachkosten muss zwischen 0 und 300 % liegen.",
                column="Zuschlag Arbeitsplatz/Sachkosten (%)",
                value=str(overhead_percent),
                expected="Prozentwert von 0 bis 300",
            )
        )
    return problems


def in_house_comparison(
    plan: Plan,
    rate: InHouseRate,
    productive_hours_per_fte: Decimal | float | int | str,
    *,
    term_years: int,
    overhead_percent: Decimal | float | int | str = ZERO,
) -> InHouseComparison:
    """The plan's productive hours done by the Jobcenter's own staff, against the SC purchase.

    ``hours`` = the plan's rounded annual hours (the hours the SC is paid for: the same
    conversations, callbacks, mailing and chosen Bausteine); ``VZA = hours / own productive hours
    per VZA``; personnel cost ``= round_cent(hours · rate / own hours)``; overhead ``=
    round_cent(personnel · overhead % / 100)``; difference = own total − SC first-year cost for
    ``term_years`` (the BG base price included: it pays the SC's infrastructure).
    """
    own_hours = to_decimal(
        productive_hours_per_fte, "Produktivstunden je VZA und Jahr (Jobcenter)", "Die Produktivstunden"
    )
    overhead = to_decimal(overhead_percent, "Zuschlag Arbeitsplatz/Sachkosten (%)", "Der Zuschlag")
    problems = validate_in_house(rate, own_hours, overhead)
    sc = plan.cost_for(term_years)
    if sc is None:
        problems.append(
            Problem(
                "Für den Vergleich fehlen die Kosten des Service Centers (BG oder Preisblatt fehlen).",
                column="Laufzeit",
                value=str(term_years),
                expected="BG des Vertragsjahres und ein Preis für diese Laufzeit",
            )
        )
    if problems:
        raise O7InputError(problems)
    assert sc is not None
    hours = plan.hours_total_rounded
    personnel = round_cent(hours * rate.cost_per_fte_year / own_hours)
    overhead_cost = round_cent(personnel * overhead / HUNDRED)
    total = personnel + overhead_cost
    return InHouseComparison(
        rate=rate,
        productive_hours_per_fte=own_hours,
        overhead_percent=overhead,
        hours_per_year=hours,
        conversations_per_year=annual_conversations(plan),
        fte_needed=hours / own_hours,
        personnel_cost=personnel,
        overhead_cost=overhead_cost,
        total=total,
        service_center_term_years=term_years,
        service_center_cost=sc.total,
        difference=total - sc.total,
    )
