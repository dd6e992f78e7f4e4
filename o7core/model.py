"""Frozen dataclasses for the inputs and results of the O.7 planning model.

Units are stated per field: counts are per month (Anzahl), times in seconds per conversation,
hours in productive hours (Produktivzeit), capacities in VZA (Vollzeitäquivalente), shares and
reachabilities as fractions (0.55, not 55).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from .month import Month

BAUSTEIN_NAMES: Mapping[int, str] = MappingProxyType(
    {
        1: "Inbound-Telefonie",
        2: "Lastverteilung zwischen gE und SC",
        3: "Voiceboxen außerhalb Servicezeit",
        4: "Steigerung Anzahl Gespräche",
        5: "Outbound-Telefonie",
        6: "E-Mail-Bearbeitung",
        7: "Sachbearbeitung",
    }
)

#: History column that feeds each volume Baustein when no ``volume_per_year`` is entered.
VOLUME_COLUMNS: Mapping[int, str] = MappingProxyType(
    {3: "voicebox_messages", 5: "outbound_calls", 6: "emails", 7: "overlap_notices"}
)


@dataclass(frozen=True, slots=True)
class MonthData:
    """History of one month of the Bezugszeitraum (counts per month)."""

    month: Month
    calls: float  # Anrufe SC
    repeat_calls: float = 0  # Anrufwiederholungen
    forwarded_calls: float = 0  # Anrufweiterleitungen an das Jobcenter
    conversations: float | None = None  # Gespräche des Vorjahres (None: unknown)
    voicebox_messages: float | None = None  # Baustein 3
    outbound_calls: float | None = None  # Baustein 5
    emails: float | None = None  # Baustein 6
    overlap_notices: float | None = None  # Baustein 7
    bg_count: float | None = None  # BG of this month (None: the master data's BG of the Bezugszeitraum)


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanningParameters:
    """The live sliders of the planning aid.

    ``aht_seconds``: talk time plus after-call work per conversation (seconds).
    ``callback_seconds_per_conversation`` / ``mail_seconds_per_conversation``: extra seconds per
    conversation for callbacks (Rückrufe) and mailing (Versand).
    ``capacity_fte``: available capacity in VZA; ``None`` means what the target needs.
    The defaults of the three time figures reproduce the BA planning aid's example (Göppingen).
    """

    target_reachability: float = 0.55
    share_calls: float = 1.0
    share_forwarded: float = 0.0
    share_repeat_deduction: float = 1.0
    aht_seconds: float = 562.285
    callback_seconds_per_conversation: float = 1.7645
    mail_seconds_per_conversation: float = 21.744
    productive_hours_per_fte: float = 1200.0
    capacity_fte: float | None = None

    @property
    def seconds_per_conversation(self) -> float:
        """``s``: handling, callback and mailing seconds of one conversation."""
        return self.aht_seconds + self.callback_seconds_per_conversation + self.mail_seconds_per_conversation


@dataclass(frozen=True, slots=True, kw_only=True)
class BausteinSetting:
    """Settings of a volume Baustein (3, 5, 6 or 7).

    ``volume_per_year``: items per year; ``None`` takes the annualised history column.
    ``minutes_per_item``: productive minutes per item; ``share``: share taken over (0–1).
    """

    chosen: bool = False
    volume_per_year: float | None = None
    minutes_per_item: float = 0.0
    share: float = 1.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Baustein2Setting:
    """Baustein 2, Lastverteilung: the JC's share of the calls or voiceboxes.

    ``joint_target_reachability``: the joint reachability SC + JC aimed at (fraction).
    ``jc_capacity_per_day``: conversations the JC can take per working day (``q``).
    """

    chosen: bool = False
    mode: str = "Anrufe"  # "Anrufe" | "Voiceboxen"
    joint_target_reachability: float | None = None
    jc_capacity_per_day: float | None = None


@dataclass(frozen=True, slots=True)
class TermPrice:
    """Prices of one contract term: € per BG and year, € per productive hour."""

    base_per_bg: Decimal
    per_hour: Decimal


@dataclass(frozen=True, slots=True)
class PriceSheet:
    """Price sheet (Preisblatt) of one contract year: term in years → prices."""

    contract_year: int
    terms: Mapping[int, TermPrice]
    source: str = ""


@dataclass(frozen=True, slots=True)
class MonthResult:
    """Figures of one month, unrounded."""

    month: Month
    working_days: int
    planned_calls: float
    required_conversations: float
    hours_call: float
    hours_callback: float
    hours_mail: float
    hours_total: float
    fte_required: float
    possible_conversations: float
    possible_reachability: float | None  # None where no calls are planned
    jc_conversations: float
    jc_conversations_per_day: float


@dataclass(frozen=True, slots=True)
class PlanTotals:
    """Totals of the Bezugszeitraum, unrounded."""

    working_days: int
    working_days_12: int  # W12
    annualization_factor: float  # k = W12 / Σwd
    hours_per_fte_day: float  # hpd
    calls: float
    repeat_calls: float
    forwarded_calls: float
    planned_calls: float
    required_conversations: float
    hours_call: float
    hours_callback: float
    hours_mail: float
    hours_total: float
    fte_required: float
    capacity_fte: float  # C used for the capacity limit
    capacity_fte_for_target: float  # smallest C that reaches the target for the year
    possible_conversations: float
    possible_conversations_per_day: float  # C·hpd·3600/s
    possible_reachability: float | None
    prior_year_conversations: float | None  # P
    fulfilment_vs_prior_year: float | None
    jc_conversations: float
    jc_conversations_per_day: float
    joint_reachability: float | None


@dataclass(frozen=True, slots=True)
class BausteinResult:
    """One line of the Baustein table (Stunden, Stunden *, VZA, Erfüllungsgrad, gewählt)."""

    number: int
    name: str
    chosen: bool
    hours: float | None  # the period; None for Baustein 2
    hours_annualized: float | None  # Stunden *: hours · k
    fte: float | None
    fulfilment: float | None


@dataclass(frozen=True, slots=True)
class CostLine:
    """Costs of the first contract year for one term, in € (Decimal, to the cent)."""

    term_years: int
    base_price: Decimal
    volume_price: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class Plan:
    """The result of the planning model for one scenario."""

    months: tuple[MonthResult, ...]
    totals: PlanTotals
    bausteine: tuple[BausteinResult, ...]
    hours_total_rounded: Decimal  # Σ unrounded annualised hours of the chosen Bausteine, to 0.1 h
    costs: tuple[CostLine, ...]
    bg_count: int | None  # BG used for the costs
    target_reachability: float
    warnings: tuple[str, ...] = field(default=())

    def cost_for(self, term_years: int) -> CostLine | None:
        return next((c for c in self.costs if c.term_years == term_years), None)
