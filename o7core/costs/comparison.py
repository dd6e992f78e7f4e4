"""Scenarios side by side: the figures of named scenarios and their deltas to a baseline."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from ..errors import O7InputError, Problem
from ..model import Plan
from ..scenario import Scenario, plan_scenario
from .inputs import ZERO
from .terms import annual_conversations, fte_total, scenario_term_costs


@dataclass(frozen=True, slots=True)
class ScenarioFigures:
    """Key figures of one named scenario (Szenario A, B, C …)."""

    name: str
    term_years: int  # the scenario's chosen term
    target_reachability: float
    possible_reachability: float | None
    conversations: float  # required conversations per year (annualised)
    hours_rounded: Decimal
    fte: float  # VZA of all chosen Bausteine
    bg_count: int | None
    first_year: Mapping[int, Decimal]  # term → first-year total
    whole_term: Mapping[int, Decimal]  # term → whole-term total

    @property
    def chosen_first_year(self) -> Decimal | None:
        return self.first_year.get(self.term_years)

    @property
    def chosen_whole_term(self) -> Decimal | None:
        return self.whole_term.get(self.term_years)


@dataclass(frozen=True, slots=True)
class ScenarioDelta:
    """Figures of a scenario minus those of the baseline (``None`` where either is unknown)."""

    name: str
    target_reachability: float
    possible_reachability: float | None
    conversations: float
    hours_rounded: Decimal
    fte: float
    first_year: Mapping[int, Decimal]
    whole_term: Mapping[int, Decimal]
    chosen_first_year: Decimal | None
    chosen_whole_term: Decimal | None


@dataclass(frozen=True, slots=True)
class ScenarioComparison:
    baseline: str
    rows: tuple[ScenarioFigures, ...]
    deltas: tuple[ScenarioDelta, ...]  # aligned with ``rows``; the baseline's own delta is zero


def scenario_figures(
    name: str,
    scenario: Scenario,
    plan: Plan | None = None,
    *,
    escalation_percent: Decimal | float | str = ZERO,
    bg_forecast: Sequence[int | None] = (),
) -> ScenarioFigures:
    plan = plan if plan is not None else plan_scenario(scenario)
    terms = scenario_term_costs(scenario, plan, escalation_percent=escalation_percent, bg_forecast=bg_forecast)
    return ScenarioFigures(
        name=name,
        term_years=scenario.term_years,
        target_reachability=scenario.parameters.target_reachability,
        possible_reachability=plan.totals.possible_reachability,
        conversations=annual_conversations(plan),
        hours_rounded=plan.hours_total_rounded,
        fte=fte_total(plan, scenario.parameters.productive_hours_per_fte),
        bg_count=scenario.bg_for_costs,
        first_year=MappingProxyType({t.term_years: t.first_year.total for t in terms}),
        whole_term=MappingProxyType({t.term_years: t.whole_term for t in terms}),
    )


def _delta_map(a: Mapping[int, Decimal], b: Mapping[int, Decimal]) -> Mapping[int, Decimal]:
    return MappingProxyType({t: a[t] - b[t] for t in sorted(a) if t in b})


def _opt_diff(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else a - b


def _opt_dec(a: Decimal | None, b: Decimal | None) -> Decimal | None:
    return None if a is None or b is None else a - b


def compare_scenarios(
    scenarios: Mapping[str, Scenario] | Sequence[tuple[str, Scenario]],
    *,
    baseline: str | None = None,
    escalation_percent: Decimal | float | str = ZERO,
    bg_forecast: Sequence[int | None] = (),
) -> ScenarioComparison:
    """Named scenarios side by side, each with its deltas to ``baseline`` (default: the first).

    Every scenario is planned in full; problems name the scenario they come from.
    """
    items = list(scenarios.items()) if isinstance(scenarios, Mapping) else list(scenarios)
    if not items:
        raise O7InputError(Problem("Es ist kein Szenario zum Vergleichen vorhanden.", column="Szenarien"))
    names = [n for n, _ in items]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise O7InputError(
            Problem(
                "Jedes Szenario braucht einen eigenen Namen.",
                column="Szenarien",
                value=", ".join(duplicates),
                expected="verschiedene Namen",
            )
        )
    base_name = names[0] if baseline is None else baseline
    if base_name not in names:
        raise O7InputError(
            Problem(
                "Das Vergleichsszenario (Basis) gibt es nicht.",
                column="Basis",
                value=base_name,
                expected="einer der Namen " + ", ".join(names),
            )
        )
    rows: list[ScenarioFigures] = []
    problems: list[Problem] = []
    for name, scenario in items:
        try:
            rows.append(
                scenario_figures(name, scenario, escalation_percent=escalation_percent, bg_forecast=bg_forecast)
            )
        except O7InputError as exc:
            problems.extend(
                Problem(
                    f"Szenario „{name}“: {p.message}",
                    file=p.file,
                    sheet=p.sheet,
                    row=p.row,
                    column=p.column,
                    value=p.value,
                    expected=p.expected,
                    severity=p.severity,
                )
                for p in exc.problems
            )
    if problems:
        raise O7InputError(problems)
    base = rows[names.index(base_name)]
    deltas = tuple(
        ScenarioDelta(
            name=r.name,
            target_reachability=r.target_reachability - base.target_reachability,
            possible_reachability=_opt_diff(r.possible_reachability, base.possible_reachability),
            conversations=r.conversations - base.conversations,
            hours_rounded=r.hours_rounded - base.hours_rounded,
            fte=r.fte - base.fte,
            first_year=_delta_map(r.first_year, base.first_year),
            whole_term=_delta_map(r.whole_term, base.whole_term),
            chosen_first_year=_opt_dec(r.chosen_first_year, base.chosen_first_year),
            chosen_whole_term=_opt_dec(r.chosen_whole_term, base.chosen_whole_term),
        )
        for r in rows
    )
    return ScenarioComparison(base_name, tuple(rows), deltas)
