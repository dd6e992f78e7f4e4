"""What a loaded file brings, and what it resets: the one rule of a Jobcenter change (``docs/jobcenterwechsel.md``).

A file of **another Jobcenter** (other JCNR; where a side has no JCNR, another name) starts a
fresh agreement: everything Jobcenter-specific comes from the file or from neutral defaults
(:func:`fresh_scenario`, the same function the command line plans with), never from the
Jobcenter loaded before. New data of the **same Jobcenter** keep what the user set
(:func:`updated_scenario`). Master data that contradict (same JCNR, other name; other
Bundesland) are not merged silently: :func:`decide` returns ``"ask"`` with the differences, and
the caller lets the user choose. Every load says, in short German lines, what came from the
file, what was reset and what was kept (:class:`LoadOutcome`).

Pure: no Streamlit, no I/O. The session (o7app/state.py) applies the outcome: on a fresh
agreement it also drops the loaded SC reports, the saved comparison basis and the saved scenarios.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from . import fmt
from .costs import default_price_sheet
from .errors import O7InputError, Problem
from .importing import ImportResult
from .model import MonthData, PriceSheet
from .scenario import Jobcenter, Scenario
from .workdays import STATES

__all__ = [
    "Difference",
    "LoadOutcome",
    "choose_price_sheet",
    "decide",
    "default_contract_year",
    "fresh_scenario",
    "load",
    "price_library",
    "price_warning",
    "updated_scenario",
]

MODE_FRESH = "fresh"  # another Jobcenter: a fresh agreement
MODE_SAME = "same"  # the same Jobcenter: the user's settings stay
MODE_ASK = "ask"  # master data contradict: the user chooses

MASTER_LABELS = {
    "name": "Jobcenter",
    "jcnr": "JCNR",
    "region": "Region",
    "regional_directorate": "Regionaldirektion",
    "state": "Bundesland",
    "bg_count": "BG-Zahl",
    "fte_jobcenter": "VZA",
    "fte_additional": "ZUSVZA",
}
PARAMETER_LABELS = {
    "target_reachability": "Ziel-Erreichbarkeit",
    "share_calls": "Berücksichtigung der Anrufe",
    "share_forwarded": "Berücksichtigung der Weiterleitungen",
    "share_repeat_deduction": "Abzug der Anrufwiederholungen",
}
#: What a fresh agreement resets; the session drops the same things (o7app/state.py).
SESSION_RESET = (
    "Monatsberichte des Service Centers (Seite Kennzahlen): nicht übernommen",
    "Vergleichsbasis und gespeicherte Szenarien: nicht übernommen",
    "Eingaben der Seite Kosten (BG-Prognose, Budget, Personalkostensatz): zurückgesetzt",
)


@dataclass(frozen=True, slots=True)
class Difference:
    """One master-data field in which the file contradicts the loaded Jobcenter."""

    label: str
    loaded: str
    in_file: str

    def __str__(self) -> str:
        return f"{self.label}: geladen „{self.loaded}“, in der Datei „{self.in_file}“"


@dataclass(frozen=True, slots=True)
class LoadOutcome:
    """A load applied: the new scenario and what the page tells the user."""

    scenario: Scenario
    fresh: bool  # True: a fresh agreement (the session drops reports, baseline, saved scenarios)
    jobcenter_before: str
    from_file: tuple[str, ...]
    reset: tuple[str, ...]
    kept: tuple[str, ...]
    warnings: tuple[Problem, ...] = ()
    name: str = ""
    baseline: tuple[str, Scenario] | None = None
    price_sheets: tuple[PriceSheet, ...] = ()

    @property
    def headline(self) -> str:
        who = self.scenario.jobcenter.name or "ein Jobcenter ohne Namen"
        if self.fresh:
            return f"Neue Vereinbarung für {who}: nichts vom bisher geladenen Jobcenter wird übernommen."
        return f"Neue Daten für {who}: Ihre Einstellungen bleiben."


@dataclass(frozen=True, slots=True)
class Decision:
    """How a file relates to the loaded Jobcenter: ``fresh``, ``same`` or ``ask`` (with the differences)."""

    mode: str
    reason: str
    differences: tuple[Difference, ...] = ()


# --------------------------------------------------------------------------- identity


def normal_jcnr(text: str) -> str:
    """``jc 62106`` → ``JC62106``; a bare number gets the ``JC`` prefix."""
    value = re.sub(r"\s+", "", str(text or "")).upper()
    return "JC" + value if value.isdigit() else value


def normal_name(text: str) -> str:
    """Names compared without case, spacing and the prefix ``Jobcenter``/``JC``."""
    value = re.sub(r"\s+", " ", str(text or "")).strip().casefold()
    return re.sub(r"^(jobcenter|jc)\s+", "", value)


def file_jobcenter(result: ImportResult) -> dict[str, object]:
    """The master data a file names (empty where it names none, e.g. a CSV with months only)."""
    if result.scenario is not None:
        jc = result.scenario.jobcenter
        return {k: getattr(jc, k) for k in MASTER_LABELS if getattr(jc, k) not in (None, "")}
    return {k: v for k, v in result.master.items() if k in MASTER_LABELS and v not in (None, "")}


def decide(current: Scenario, result: ImportResult, *, current_is_sample: bool = False) -> Decision:
    """Another Jobcenter (``fresh``), the same one (``same``) or contradicting master data (``ask``)."""
    jc = current.jobcenter
    found = file_jobcenter(result)
    file_jcnr, file_name = normal_jcnr(str(found.get("jcnr", ""))), normal_name(str(found.get("name", "")))
    cur_jcnr, cur_name = normal_jcnr(jc.jcnr), normal_name(jc.name)
    if file_jcnr and cur_jcnr:
        if file_jcnr != cur_jcnr:
            return Decision(MODE_FRESH, f"andere JCNR ({found['jcnr']} statt {jc.jcnr})")
        same_by = "gleiche JCNR"
    elif file_name and cur_name:
        if file_name != cur_name:
            return Decision(MODE_FRESH, f"anderes Jobcenter ({found['name']} statt {jc.name})")
        same_by = "gleicher Name"
    elif current_is_sample:
        return Decision(MODE_FRESH, "die Datei nennt kein Jobcenter; die Beispieldaten werden ersetzt")
    elif not found:
        return Decision(
            MODE_SAME,
            f"die Datei nennt kein Jobcenter; übernommen als neue Daten von {jc.name or 'dem geladenen Jobcenter'}",
        )
    else:
        same_by = "keine widersprechende JCNR"
    differences: list[Difference] = []
    if file_name and cur_name and file_name != cur_name:
        differences.append(Difference("Jobcenter", jc.name, str(found["name"])))
    if "state" in found and found["state"] != jc.state and not current_is_sample:
        differences.append(Difference("Bundesland", _state(jc.state), _state(str(found["state"]))))
    if current_is_sample and "state" in found and found["state"] != jc.state:
        return Decision(MODE_FRESH, "anderes Bundesland als die Beispieldaten")
    if differences:
        return Decision(MODE_ASK, "die Stammdaten widersprechen dem geladenen Jobcenter", tuple(differences))
    return Decision(MODE_SAME, same_by)


def _state(code: str) -> str:
    return f"{code} – {STATES[code]}" if code in STATES else code


# --------------------------------------------------------------------------- contract year and prices


def default_contract_year(months: Sequence[MonthData], fallback: int = 2023) -> int:
    """The year after the Bezugszeitraum ends (the agreement is made on past data for the next year)."""
    return months[-1].month.year + 1 if months else fallback


def price_library(extra: Iterable[PriceSheet] = ()) -> tuple[PriceSheet, ...]:
    """The shipped price sheet plus the ones loaded (a loaded sheet replaces a shipped one of its year)."""
    sheets: dict[int, PriceSheet] = {default_price_sheet().contract_year: default_price_sheet()}
    for sheet in extra:
        sheets[sheet.contract_year] = sheet
    return tuple(sheets[y] for y in sorted(sheets))


def choose_price_sheet(sheets: Sequence[PriceSheet], contract_year: int) -> tuple[PriceSheet, Problem | None]:
    """The price sheet of the contract year; else the latest earlier one (else the earliest), with a warning."""
    library = price_library(sheets)
    exact = [s for s in library if s.contract_year == contract_year]
    if exact:
        return exact[-1], None
    earlier = [s for s in library if s.contract_year < contract_year]
    chosen = earlier[-1] if earlier else library[0]
    return chosen, _price_problem(chosen.contract_year, contract_year)


def _price_problem(price_year: int, contract_year: int) -> Problem:
    return Problem(
        f"Für das Vertragsjahr {contract_year} ist kein Preisblatt geladen; gerechnet wird mit dem Preisblatt "
        f"{price_year}. Bitte das Preisblatt {contract_year} laden.",
        column="Preisblatt",
        value=str(price_year),
        expected=f"Preisblatt {contract_year}",
        severity="warning",
    )


def price_warning(scenario: Scenario) -> Problem | None:
    """The warning where the scenario's price sheet is not the one of its contract year."""
    if scenario.prices.contract_year == scenario.contract_year:
        return None
    return _price_problem(scenario.prices.contract_year, scenario.contract_year)


def with_contract_year(scenario: Scenario, year: int, sheets: Sequence[PriceSheet] = ()) -> Scenario:
    """The scenario for another contract year, with the price sheet that fits it (see :func:`choose_price_sheet`)."""
    prices, _warning = choose_price_sheet((*sheets, scenario.prices), year)
    return replace(scenario, contract_year=year, prices=prices)


# --------------------------------------------------------------------------- the two ways of loading


def fresh_scenario(result: ImportResult, price_sheets: Sequence[PriceSheet] = ()) -> Scenario:
    """A fresh agreement from a file alone: what the app loads for another Jobcenter and what
    ``python -m o7core plan FILE`` plans. Months, master data and the file's own percentages from
    the file; contract year = the year after the Bezugszeitraum, with the fitting price sheet;
    everything else neutral (no Service Center, no BG of the contract year, no places and dates,
    no Baustein chosen, term 3 years)."""
    if not result.ok:
        raise O7InputError(result.errors)
    if result.scenario is not None:
        return result.scenario
    jobcenter = Jobcenter(**{k: v for k, v in result.master.items() if k in MASTER_LABELS})
    year = default_contract_year(result.months)
    prices, _warning = choose_price_sheet(price_sheets, year)
    scenario = Scenario(jobcenter=jobcenter, months=result.months, contract_year=year, prices=prices)
    if result.parameter_defaults:
        scenario = scenario.with_parameters(**result.parameter_defaults)
    return scenario


def updated_scenario(current: Scenario, result: ImportResult) -> Scenario:
    """New data of the same Jobcenter: months and master data from the file, the user's settings kept."""
    if not result.ok:
        raise O7InputError(result.errors)
    if result.scenario is not None:
        return result.scenario
    master = {k: v for k, v in result.master.items() if k in MASTER_LABELS}
    return replace(current, jobcenter=replace(current.jobcenter, **master), months=result.months)


def load(
    current: Scenario,
    result: ImportResult,
    *,
    mode: str,
    price_sheets: Sequence[PriceSheet] = (),
) -> LoadOutcome:
    """Apply a good import in ``mode`` (``fresh`` or ``same``, see :func:`decide`) and describe it."""
    if mode not in (MODE_FRESH, MODE_SAME):
        raise ValueError(f"unknown load mode {mode!r}")
    file = result.scenario_file
    sheets = tuple(price_sheets) + (file.price_sheets if file is not None else ())
    fresh = mode == MODE_FRESH
    new = fresh_scenario(result, sheets) if fresh else updated_scenario(current, result)
    before = current.jobcenter.name or "dem bisher geladenen Jobcenter"
    from_file = _from_file(result, new)
    if result.scenario is not None:
        reset: list[str] = []
        kept: list[str] = []
        if fresh:
            reset.extend(SESSION_RESET[:1])
            if file is None or file.baseline is None:
                reset.append(SESSION_RESET[1])
            reset.append(SESSION_RESET[2])
        else:
            kept.append("Monatsberichte des Service Centers (Seite Kennzahlen)")
            if file is None or file.baseline is None:
                kept.append("Vergleichsbasis")
    elif fresh:
        reset = _fresh_reset(new)
        kept = []
    else:
        reset = []
        kept = _kept(current, result, new)
    if fresh and price_sheets:
        years = ", ".join(str(s.contract_year) for s in price_library(price_sheets))
        kept.append(f"Preisblätter {years} (gelten für alle Jobcenter)")
    warning = price_warning(new)
    return LoadOutcome(
        scenario=new,
        fresh=fresh,
        jobcenter_before=before,
        from_file=tuple(from_file),
        reset=tuple(reset),
        kept=tuple(kept),
        warnings=(warning,) if warning is not None else (),
        name=file.name if file is not None else "",
        baseline=file.baseline if file is not None else None,
        price_sheets=sheets,
    )


def _from_file(result: ImportResult, new: Scenario) -> list[str]:
    months = new.months
    lines = []
    if months:
        lines.append(
            f"Monatswerte: {len(months)} {'Monat' if len(months) == 1 else 'Monate'}, "
            f"{fmt.period_text(months[0].month, months[-1].month)}"
        )
    if result.scenario is not None:
        jc = new.jobcenter
        lines.append(f"Stammdaten: {jc.name or 'ohne Namen'}" + (f" ({jc.jcnr})" if jc.jcnr else ""))
        lines.append(
            "Vereinbarung: Service Center, Vertragsjahr, BG des Vertragsjahres, Laufzeit, Bausteine, Texte, "
            "Orte und Daten, Preisblatt"
        )
        lines.append("Planungswerte (Ziel-Erreichbarkeit, Anteile, Bearbeitungszeiten)")
        if result.scenario_file is not None and result.scenario_file.baseline is not None:
            lines.append(f"Vergleichsbasis „{result.scenario_file.baseline[0]}“")
        return lines
    found = [k for k in MASTER_LABELS if k in result.master]
    if found:
        lines.append("Stammdaten: " + ", ".join(_master_text(k, result.master[k]) for k in found))
    if result.parameter_defaults:
        lines.append(
            "Planungswerte der Datei: "
            + ", ".join(f"{PARAMETER_LABELS.get(k, k)} {fmt.percent(v)}" for k, v in result.parameter_defaults.items())
        )
    return lines


def _master_text(key: str, value: object) -> str:
    if key == "bg_count" and isinstance(value, int):
        return f"{MASTER_LABELS[key]} {fmt.count(value)}"
    if isinstance(value, float):
        return f"{MASTER_LABELS[key]} {fmt.number(value, 2)}"
    return f"{MASTER_LABELS[key]} {value}"


def _fresh_reset(new: Scenario) -> list[str]:
    bg = new.jobcenter.bg_count
    lines = [
        "Service Center: leer – bitte auf der Seite „Start / Daten“ eintragen",
        f"Vertragsjahr: {new.contract_year} (das Jahr nach dem Bezugszeitraum)",
        "BG-Zahl des Vertragsjahres: leer – "
        + (f"gerechnet wird mit der BG-Zahl der Datei ({fmt.count(bg)})" if bg else "ohne BG-Zahl keine Kosten"),
        f"Laufzeit: {fmt.term(new.term_years)}",
        "Bausteine 2, 3, 5, 6 und 7: nicht gewählt; Text zu Baustein 2: aus der Planung",
        "Sonstige Vereinbarungen, Orte und Daten der Unterschriften: leer",
    ]
    if not new.jobcenter.name:
        lines.append("Stammdaten: die Datei nennt kein Jobcenter – bitte Name, JCNR und Bundesland eintragen")
    elif "state" not in {k for k in MASTER_LABELS if getattr(new.jobcenter, k)}:
        lines.append("Bundesland: BW (Standard) – bitte prüfen")
    lines.extend(SESSION_RESET)
    return lines


def _kept(current: Scenario, result: ImportResult, new: Scenario) -> list[str]:
    lines = []
    if current.service_center:
        lines.append(f"Service Center: {current.service_center}")
    lines.append(f"Vertragsjahr: {current.contract_year}")
    if new.months and current.contract_year <= new.months[-1].month.year:
        lines[-1] += f" (liegt nicht nach dem neuen Bezugszeitraum; üblich wäre {default_contract_year(new.months)})"
    if current.bg_count_contract_year:
        lines.append(f"BG-Zahl des Vertragsjahres: {fmt.count(current.bg_count_contract_year)}")
    lines.append(f"Laufzeit: {fmt.term(current.term_years)}")
    chosen = [str(n) for n, b in sorted(current.bausteine.items()) if b.chosen]
    if current.baustein2.chosen:
        chosen.insert(0, "2")
    lines.append("Gewählte Bausteine: " + (", ".join(chosen) if chosen else "keine über 1 und 4 hinaus"))
    a = current.agreement
    if a.other_agreements or a.baustein2_text:
        lines.append("Texte der Anlage (Sonstige Vereinbarungen, Baustein 2)")
    places = [x for x in (a.place_service_center, a.date_service_center, a.place_jobcenter, a.date_jobcenter) if x]
    if places:
        lines.append("Orte und Daten: " + ", ".join(places))
    p = current.parameters
    changed = [
        f"{PARAMETER_LABELS[k]} {fmt.percent(getattr(p, k))} (Datei: {fmt.percent(v)})"
        for k, v in result.parameter_defaults.items()
        if k in PARAMETER_LABELS and abs(getattr(p, k) - v) > 1e-9
    ]
    lines.append("Planungswerte" + (": " + ", ".join(changed) if changed else " (Ziel-Erreichbarkeit, Anteile)"))
    lines.append("Monatsberichte des Service Centers und Vergleichsbasis")
    return lines
