"""The scenario file, version 1 (``APP.md``): everything a plan depends on, as JSON.

``scenario_from_dict`` validates and collects *all* problems (German, naming the field and, for
months, the row) before raising :class:`O7InputError`; ``scenario_to_dict`` writes the same form
back, so that save → load gives exactly the same plan.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .costs import default_price_sheet, price_sheet_from_dict, price_sheet_to_dict
from .errors import O7InputError, Problem
from .formats.source import LIMITS, MB
from .model import Baustein2Setting, BausteinSetting, MonthData, Plan, PlanningParameters, PriceSheet
from .month import Month
from .planning import compute_plan
from .ranges import text_too_long
from .workdays import normalize_state

FORMAT = "o7-scenario"
VERSION = 1
MAX_SCENARIO_BYTES = LIMITS.file_bytes  # the one upload limit of every reader (formats/source.py)
VOLUME_BAUSTEINE = (3, 5, 6, 7)
MONTH_FIELDS = (
    "calls",
    "repeat_calls",
    "forwarded_calls",
    "conversations",
    "voicebox_messages",
    "outbound_calls",
    "emails",
    "overlap_notices",
    "bg_count",  # optional: BG of the month (the Prognose's calls per BG); written only where known
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Jobcenter:
    """Master data (Stammdaten) of the Jobcenter."""

    name: str = ""
    jcnr: str = ""
    region: str = ""
    regional_directorate: str = ""
    state: str = "BW"
    bg_count: int | None = None
    fte_jobcenter: float | None = None
    fte_additional: float | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreementTexts:
    """Free texts and signature data of the agreement appendix."""

    other_agreements: str = ""
    baustein2_text: str | None = None  # None: generated from the plan
    place_service_center: str = ""
    date_service_center: str = ""
    place_jobcenter: str = ""
    date_jobcenter: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class ForecastSetting:
    """Grundlage of the plan (``o7core.forecast``): ``method`` ``vorjahr`` (the BA way), ``bg`` or
    ``statistisch``; ``bg_forecast``: optional BG per contract month, ``((Month, BG), …)``."""

    method: str = "vorjahr"
    bg_forecast: tuple[tuple[Month, float], ...] = ()


def _default_bausteine() -> dict[int, BausteinSetting]:
    return {n: BausteinSetting() for n in VOLUME_BAUSTEINE}


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A complete planning scenario (Szenario)."""

    jobcenter: Jobcenter = field(default_factory=Jobcenter)
    service_center: str = ""
    contract_year: int = 2023
    term_years: int = 3
    bg_count_contract_year: int | None = None
    parameters: PlanningParameters = field(default_factory=PlanningParameters)
    baustein2: Baustein2Setting = field(default_factory=Baustein2Setting)
    bausteine: Mapping[int, BausteinSetting] = field(default_factory=_default_bausteine)
    prices: PriceSheet = field(default_factory=default_price_sheet)
    agreement: AgreementTexts = field(default_factory=AgreementTexts)
    months: tuple[MonthData, ...] = ()
    forecast: ForecastSetting = field(default_factory=ForecastSetting)
    #: Warteschlangen-Zuschlag (Machbarkeit) bought on top, productive hours per year; 0 = the BA-exact plan
    queue_surcharge_hours: float = 0.0

    @property
    def bg_for_costs(self) -> int | None:
        """BG of the contract year, or the Jobcenter's BG where it is missing."""
        return self.bg_count_contract_year if self.bg_count_contract_year is not None else self.jobcenter.bg_count

    def with_parameters(self, **changes: Any) -> Scenario:
        return replace(self, parameters=replace(self.parameters, **changes))


def plan_scenario(scenario: Scenario, *, method: str | None = None, contract_year: int | None = None) -> Plan:
    """Compute the plan of a scenario (costs with its BG and price sheet).

    The months planned are those of the scenario's Grundlage (``scenario.forecast.method``, or
    ``method``): ``vorjahr`` plans the history unchanged (the BA way); ``bg`` and ``statistisch``
    plan the contract year's forecast months (:mod:`o7core.forecast`).
    """
    if scenario.queue_surcharge_hours > 0:
        return _plan_with_surcharge(scenario, method=method, contract_year=contract_year)
    months = scenario.months
    if (method or scenario.forecast.method) != "vorjahr":
        from .forecast import forecast_scenario

        months = forecast_scenario(scenario, method, contract_year=contract_year).month_data()
    return compute_plan(
        months,
        scenario.parameters,
        state=scenario.jobcenter.state,
        bausteine=scenario.bausteine,
        baustein2=scenario.baustein2,
        prices=scenario.prices,
        bg_count=scenario.bg_for_costs,
    )


def _plan_with_surcharge(scenario: Scenario, *, method: str | None = None, contract_year: int | None = None) -> Plan:
    """The plan with ``scenario.queue_surcharge_hours`` bought on top (opt-in on the Machbarkeit page).

    The capacity grows by ``hours / productive_hours_per_fte`` VZA (so the linear possible conversations
    grow), Baustein 1 (Inbound-Telefonie) carries the extra hours, and the rounded hours and the costs
    follow; a warning says that the plan (and so the Anlage) is no longer the BA-exact one.
    """
    from . import fmt
    from .costs import first_year_costs, round_hours

    hours = scenario.queue_surcharge_hours
    plain = replace(scenario, queue_surcharge_hours=0.0)
    base = plan_scenario(plain, method=method, contract_year=contract_year)
    p = scenario.parameters
    extra_fte = hours / p.productive_hours_per_fte
    more = plan_scenario(
        replace(plain, parameters=replace(p, capacity_fte=base.totals.capacity_fte + extra_fte)),
        method=method,
        contract_year=contract_year,
    )
    k = more.totals.annualization_factor
    rows = tuple(
        replace(
            b,
            hours=(b.hours or 0.0) + hours / k,
            hours_annualized=(b.hours_annualized or 0.0) + hours,
            fte=(b.fte or 0.0) + extra_fte,
        )
        if b.number == 1
        else b
        for b in more.bausteine
    )
    hours_rounded = round_hours(sum(r.hours_annualized or 0.0 for r in rows if r.chosen))
    costs = (
        first_year_costs(hours_rounded, more.bg_count, scenario.prices)
        if scenario.prices is not None and more.bg_count
        else ()
    )
    warning = (
        f"Der Plan enthält {fmt.hours(hours)} Stunden Warteschlangen-Zuschlag (Machbarkeit) in Baustein 1; "
        "er weicht damit von der BA-Planungshilfe ab."
    )
    return replace(
        more, bausteine=rows, hours_total_rounded=hours_rounded, costs=costs, warnings=(*more.warnings, warning)
    )


# --------------------------------------------------------------------------- reading


class _Reader:
    """Collects problems while converting the JSON values."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def fail(
        self, field: str, message: str, value: Any = None, expected: str | None = None, row: int | None = None
    ) -> None:
        shown = (
            None if value is None else json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value
        )
        self.problems.append(Problem(message, column=field, value=shown, expected=expected, row=row))

    def number(
        self,
        obj: Mapping[str, Any],
        key: str,
        field: str,
        default: float | None,
        *,
        allow_none: bool = True,
        row: int | None = None,
    ) -> float | None:
        if key not in obj:
            return default
        value = obj[key]
        if value is None:
            if allow_none:
                return None
            self.fail(field, "Pflichtwert fehlt.", value, "eine Zahl", row)
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.fail(field, "Keine gültige Zahl.", value, "eine Zahl (Punkt als Dezimalzeichen)", row)
            return default
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            shown = "eine Zahl mit mehr als 300 Stellen" if isinstance(value, int) else value
            self.fail(field, "Die Zahl ist zu groß oder keine endliche Zahl.", shown, "eine Zahl", row)
            return default
        return number

    def integer(self, obj: Mapping[str, Any], key: str, field: str, default: int | None) -> int | None:
        value = self.number(obj, key, field, None if default is None else float(default))
        if value is None:
            return None
        if value != int(value):
            self.fail(field, "Muss eine ganze Zahl sein.", obj.get(key), "ganze Zahl")
            return default
        return int(value)

    def text(self, obj: Mapping[str, Any], key: str, field: str, default: str = "") -> str:
        value = obj.get(key, default)
        if value is None:
            return default
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.fail(field, "Muss ein Text sein.", value, "Text")
            return default
        too_long = text_too_long(field, str(value))
        if too_long is not None:  # refused, never cut by a page later: the saved file equals the loaded one
            self.fail(field, too_long.message, str(value)[:40] + "…", too_long.expected or "")
            return default
        return str(value)

    def flag(self, obj: Mapping[str, Any], key: str, field: str, default: bool) -> bool:
        value = obj.get(key, default)
        if not isinstance(value, bool):
            self.fail(field, "Muss true oder false sein.", value, "true oder false")
            return default
        return value

    def section(self, obj: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = obj.get(key, {})
        if value is None:
            return {}
        if not isinstance(value, Mapping):
            self.fail(key, "Muss ein Objekt sein.", value, "ein JSON-Objekt {…}")
            return {}
        return value


def months_from_list(items: Any, reader: _Reader | None = None, *, field: str = "months") -> tuple[MonthData, ...]:
    """Monthly history from the scenario's ``months`` list (row = position in the list, from 1)."""
    own = reader is None
    reader = reader or _Reader()
    if not isinstance(items, list):
        reader.fail(field, "Muss eine Liste von Monaten sein.", None, '[{"month": "2021-09", "calls": …}, …]')
        items = []
    out: list[MonthData] = []
    for index, item in enumerate(items):
        row = index + 1
        if not isinstance(item, Mapping):
            reader.fail(f"{field}[{row}]", "Muss ein Objekt sein.", item, '{"month": …, "calls": …}', row)
            continue
        try:
            month = Month.parse(item.get("month", ""))
        except (ValueError, TypeError):
            reader.fail(
                f"{field}[{row}].month",
                "Ungültiger Monat.",
                item.get("month"),
                "JJJJ-MM mit Monat 01–12, z. B. 2021-09",
                row,
            )
            continue
        values: dict[str, float | None] = {}
        for key in MONTH_FIELDS:
            default = None if key not in ("repeat_calls", "forwarded_calls") else 0.0
            if key == "calls" and "calls" not in item:
                reader.fail(
                    f"{field}[{row}].calls", f"Anrufe fehlen im Monat {month.label_numeric}.", None, "Anzahl ≥ 0", row
                )
                continue
            value = reader.number(
                item, key, f"{field}[{row}].{key}", default, allow_none=key not in ("calls",), row=row
            )
            if key in ("repeat_calls", "forwarded_calls") and value is None:
                value = 0.0
            if value is not None and value < 0:
                reader.fail(f"{field}[{row}].{key}", "Darf nicht negativ sein.", item.get(key), "Anzahl ≥ 0", row)
            values[key] = value
        if "calls" in values and values["calls"] is not None:
            out.append(MonthData(month=month, **values))  # type: ignore[arg-type]
    if own and reader.problems:
        raise O7InputError(reader.problems)
    return tuple(out)


def scenario_from_dict(data: Any, *, require_months: bool = False) -> Scenario:
    """Validate a scenario v1 object and build a :class:`Scenario`; all problems at once."""
    r = _Reader()
    _check_format(r, data)
    jobcenter = _read_jobcenter(r, r.section(data, "jobcenter"))
    term, year, bg_contract = _read_contract(r, data)
    params = _read_parameters(r, r.section(data, "parameters"))
    baustein2 = _read_baustein2(r, r.section(data, "baustein2"))
    bausteine = _read_bausteine(r, r.section(data, "bausteine"))
    prices = _read_prices(r, data.get("prices"))
    agreement = _read_agreement(r, r.section(data, "agreement"))
    months: tuple[MonthData, ...] = ()
    if "months" in data and data["months"] is not None:
        months = months_from_list(data["months"], r)
    elif require_months:
        r.fail("months", "Die Szenariodatei enthält keine Monatswerte.", None, "eine Liste „months“")
    forecast = _forecast_setting(r, data.get("forecast"))
    surcharge_hours = _read_surcharge(r, data)

    from .planning import validate_parameters

    r.problems.extend(validate_parameters(params, bausteine=bausteine, baustein2=baustein2))
    if months:
        r.problems.extend(p for p in _month_problems(months) if p.is_error)
    if r.problems:
        raise O7InputError(r.problems)
    return Scenario(
        jobcenter=jobcenter,
        service_center=r.text(data, "service_center", "service_center"),
        contract_year=year,
        term_years=term,
        bg_count_contract_year=bg_contract,
        parameters=params,
        baustein2=baustein2,
        bausteine=bausteine,
        prices=prices,
        agreement=agreement,
        months=tuple(sorted(months, key=lambda m: m.month)),
        forecast=forecast,
        queue_surcharge_hours=surcharge_hours,
    )


def _check_format(r: _Reader, data: Any) -> None:
    """A JSON object of format ``o7-scenario``, version 1; anything else is refused before the fields are read."""
    if not isinstance(data, Mapping):
        raise O7InputError(
            Problem(
                "Die Szenariodatei enthält kein JSON-Objekt.", expected='{"format": "o7-scenario", "version": 1, …}'
            )
        )
    if data.get("format", FORMAT) != FORMAT:
        r.fail("format", "Das ist keine O.7-Szenariodatei.", data.get("format"), f"„{FORMAT}“")
    if data.get("version", VERSION) != VERSION:
        r.fail(
            "version",
            "Diese Version der Szenariodatei wird nicht unterstützt.",
            data.get("version"),
            f"Version {VERSION}",
        )
    if r.problems:
        raise O7InputError(r.problems)


def _positive_bg(r: _Reader, field: str, bg: int | None, raw: Any) -> None:
    if bg is not None and bg <= 0:
        r.fail(field, "Die Zahl der Bedarfsgemeinschaften muss größer als 0 sein.", raw, "ganze Zahl > 0")


def _read_jobcenter(r: _Reader, raw: Mapping[str, Any]) -> Jobcenter:
    """Stammdaten: name, JCNR, region, Regionaldirektion, Bundesland, BG and VZA of the Jobcenter."""
    state_raw = r.text(raw, "state", "jobcenter.state", "BW")
    try:
        state = normalize_state(state_raw, field="jobcenter.state")
    except O7InputError as exc:
        r.problems.extend(exc.problems)
        state = "BW"
    bg = r.integer(raw, "bg_count", "jobcenter.bg_count", None)
    _positive_bg(r, "jobcenter.bg_count", bg, raw.get("bg_count"))
    return Jobcenter(
        name=r.text(raw, "name", "jobcenter.name"),
        jcnr=r.text(raw, "jcnr", "jobcenter.jcnr"),
        region=r.text(raw, "region", "jobcenter.region"),
        regional_directorate=r.text(raw, "regional_directorate", "jobcenter.regional_directorate"),
        state=state,
        bg_count=bg,
        fte_jobcenter=r.number(raw, "fte_jobcenter", "jobcenter.fte_jobcenter", None),
        fte_additional=r.number(raw, "fte_additional", "jobcenter.fte_additional", None),
    )


def _read_contract(r: _Reader, data: Mapping[str, Any]) -> tuple[int, int, int | None]:
    """Laufzeit (1, 2 or 3 years), Vertragsjahr and the BG of the contract year."""
    term = r.integer(data, "term_years", "term_years", 3)
    if term not in (1, 2, 3):
        r.fail("term_years", "Die Laufzeit muss 1, 2 oder 3 Jahre betragen.", data.get("term_years"), "1, 2 oder 3")
        term = 3
    year = r.integer(data, "contract_year", "contract_year", 2023) or 2023
    if not 2000 <= year <= 2100:
        r.fail("contract_year", "Ungültiges Vertragsjahr.", data.get("contract_year"), "Jahr wie 2023")
    bg_contract = r.integer(data, "bg_count_contract_year", "bg_count_contract_year", None)
    _positive_bg(r, "bg_count_contract_year", bg_contract, data.get("bg_count_contract_year"))
    return term, year, bg_contract


#: the fields of ``parameters`` in the scenario file: those of :class:`PlanningParameters`, in their order
_PARAMETER_NAMES = tuple(f.name for f in fields(PlanningParameters))


def _read_parameters(r: _Reader, raw: Mapping[str, Any]) -> PlanningParameters:
    """The planning parameters; a missing one takes the planning aid's default (capacity: none, i.e. as needed)."""
    d = PlanningParameters()
    values: dict[str, Any] = {
        name: r.number(raw, name, f"parameters.{name}", getattr(d, name), allow_none=(name == "capacity_fte"))
        for name in _PARAMETER_NAMES
    }
    return PlanningParameters(**values)


def _read_baustein2(r: _Reader, raw: Mapping[str, Any]) -> Baustein2Setting:
    """Baustein 2 (Lastverteilung): chosen, mode, joint target and the Jobcenter's capacity per day."""
    return Baustein2Setting(
        chosen=r.flag(raw, "chosen", "baustein2.chosen", False),
        mode=r.text(raw, "mode", "baustein2.mode", "Anrufe"),
        joint_target_reachability=r.number(
            raw, "joint_target_reachability", "baustein2.joint_target_reachability", None
        ),
        jc_capacity_per_day=r.number(raw, "jc_capacity_per_day", "baustein2.jc_capacity_per_day", None),
    )


def _read_bausteine(r: _Reader, raw: Mapping[str, Any]) -> dict[int, BausteinSetting]:
    """The volume Bausteine 3, 5, 6 and 7; one not in the file keeps its defaults (not chosen)."""
    bausteine = _default_bausteine()
    for key, value in raw.items():
        if str(key) not in {str(n) for n in VOLUME_BAUSTEINE}:
            r.fail(
                f"bausteine.{key}",
                "Unbekannter Baustein: nur 3, 5, 6 und 7 haben Einstellungen.",
                str(key),
                "3, 5, 6 oder 7",
            )
            continue
        if not isinstance(value, Mapping):
            r.fail(f"bausteine.{key}", "Muss ein Objekt sein.", value, '{"chosen": …, "minutes_per_item": …}')
            continue
        f = f"bausteine.{key}."
        bausteine[int(key)] = BausteinSetting(
            chosen=r.flag(value, "chosen", f + "chosen", False),
            volume_per_year=r.number(value, "volume_per_year", f + "volume_per_year", None),
            minutes_per_item=r.number(value, "minutes_per_item", f + "minutes_per_item", 0.0, allow_none=False) or 0.0,
            share=r.number(value, "share", f + "share", 1.0, allow_none=False) or 0.0,
        )
    return bausteine


def _read_prices(r: _Reader, raw: Any) -> PriceSheet:
    """The price sheet of the file, or the embedded one of 2023 where the file has none."""
    if raw is None:
        return default_price_sheet()
    try:
        return price_sheet_from_dict(raw)
    except O7InputError as exc:
        r.problems.extend(exc.problems)
        return default_price_sheet()


def _read_agreement(r: _Reader, raw: Mapping[str, Any]) -> AgreementTexts:
    """Free texts and signature places and dates of the agreement appendix."""
    return AgreementTexts(
        other_agreements=r.text(raw, "other_agreements", "agreement.other_agreements"),
        baustein2_text=(
            r.text(raw, "baustein2_text", "agreement.baustein2_text") if raw.get("baustein2_text") is not None else None
        ),
        place_service_center=r.text(raw, "place_service_center", "agreement.place_service_center"),
        date_service_center=r.text(raw, "date_service_center", "agreement.date_service_center"),
        place_jobcenter=r.text(raw, "place_jobcenter", "agreement.place_jobcenter"),
        date_jobcenter=r.text(raw, "date_jobcenter", "agreement.date_jobcenter"),
    )


def _read_surcharge(r: _Reader, data: Mapping[str, Any]) -> float:
    """The Warteschlangen-Zuschlag bought on top (hours per year, ≥ 0; 0 where missing)."""
    hours = r.number(data, "queue_surcharge_hours", "queue_surcharge_hours", 0.0, allow_none=False) or 0.0
    if hours < 0:
        r.fail("queue_surcharge_hours", "Darf nicht negativ sein.", data.get("queue_surcharge_hours"), "Stunden ≥ 0")
        hours = 0.0
    return hours


def _forecast_setting(r: _Reader, raw: Any) -> ForecastSetting:
    """The optional ``forecast`` key: ``{"method": "bg", "bg_forecast": {"2023-01": 5642, …}}``."""
    if raw is None:
        return ForecastSetting()
    if not isinstance(raw, Mapping):
        r.fail("forecast", "Muss ein Objekt sein.", raw, '{"method": "vorjahr", "bg_forecast": {…}}')
        return ForecastSetting()
    method = r.text(raw, "method", "forecast.method", "vorjahr")
    if method not in ("vorjahr", "bg", "statistisch"):
        r.fail("forecast.method", "Unbekannte Grundlage der Planung.", method, "vorjahr, bg oder statistisch")
        method = "vorjahr"
    bg_raw = raw.get("bg_forecast") or {}
    if not isinstance(bg_raw, Mapping):
        r.fail("forecast.bg_forecast", "Muss ein Objekt sein.", bg_raw, '{"2023-01": 5642, …}')
        bg_raw = {}
    bg: list[tuple[Month, float]] = []
    for key, value in bg_raw.items():
        field_name = f"forecast.bg_forecast.{key}"
        try:
            month = Month.parse(str(key))
        except ValueError:
            r.fail(field_name, "Ungültiger Monat.", str(key), "JJJJ-MM, z. B. 2023-01")
            continue
        number = r.number(bg_raw, key, field_name, None)
        if number is None:
            continue
        if number <= 0:
            r.fail(field_name, "Die Zahl der Bedarfsgemeinschaften muss größer als 0 sein.", value, "Zahl > 0")
            continue
        bg.append((month, number))
    return ForecastSetting(method=method, bg_forecast=tuple(sorted(bg)))


@dataclass(frozen=True, slots=True)
class ScenarioFile:
    """What a scenario file gives back besides the scenario (optional keys, version 1 stays readable).

    ``name``: the scenario's name (``"name"``); ``baseline``: the saved comparison basis
    (``"baseline": {"name": …, "scenario": {…}}``, a scenario of its own, planned on load);
    ``price_sheets``: further price sheets of other contract years (``"price_sheets": [{…}, …]``).
    """

    scenario: Scenario
    name: str = ""
    baseline: tuple[str, Scenario] | None = None
    price_sheets: tuple[PriceSheet, ...] = ()


def scenario_file_from_dict(data: Any, *, require_months: bool = False) -> ScenarioFile:
    """The scenario and the optional keys ``name``, ``baseline`` and ``price_sheets``; all problems at once."""
    scenario = scenario_from_dict(data, require_months=require_months)
    problems: list[Problem] = []
    name = data.get("name")
    if name is not None and not isinstance(name, str):
        problems.append(Problem("Muss ein Text sein.", column="name", value=json.dumps(name), expected="Text"))
        name = None
    baseline: tuple[str, Scenario] | None = None
    raw_base = data.get("baseline")
    if raw_base is not None:
        if not isinstance(raw_base, Mapping) or not isinstance(raw_base.get("scenario"), Mapping):
            problems.append(
                Problem(
                    "Die Vergleichsbasis muss ein Objekt mit „name“ und „scenario“ sein.",
                    column="baseline",
                    expected='{"name": "…", "scenario": {…}}',
                )
            )
        else:
            base_data = dict(raw_base["scenario"])
            if "months" not in base_data or base_data["months"] is None:
                base_data["months"] = data.get("months")
            try:
                base = scenario_from_dict(base_data, require_months=require_months)
                baseline = (str(raw_base.get("name") or "Vergleichsbasis")[:200], base)
            except O7InputError as exc:
                problems.extend(replace(p, column=f"baseline.{p.column or 'scenario'}") for p in exc.problems)
    sheets: list[PriceSheet] = []
    raw_sheets = data.get("price_sheets")
    if raw_sheets is not None:
        if not isinstance(raw_sheets, list):
            problems.append(
                Problem("Muss eine Liste von Preisblättern sein.", column="price_sheets", expected="[{…}, …]")
            )
        else:
            for index, item in enumerate(raw_sheets[:50]):
                try:
                    sheets.append(price_sheet_from_dict(item, where=f"price_sheets[{index + 1}]"))
                except O7InputError as exc:
                    problems.extend(exc.problems)
    if problems:
        raise O7InputError(problems)
    return ScenarioFile(scenario, (name or "").strip()[:200], baseline, tuple(sheets))


def _month_problems(months: tuple[MonthData, ...]) -> list[Problem]:
    from .formats.checks import check_months

    def locate(index: int, field: str) -> tuple[int | None, str | None]:
        return index + 1, f"months[{index + 1}].{field}"

    return check_months(months, locate)


def scenario_warnings(s: Scenario) -> list[Problem]:
    """What a controller should look at although the scenario can be planned (German warnings)."""
    warnings: list[Problem] = []
    if s.parameters.target_reachability >= 1:
        warnings.append(
            Problem(
                "Eine Ziel-Erreichbarkeit von 100 % ist in der Praxis nicht erreichbar und plant jeden Anruf als "
                "Gespräch ein (vereinbart sind im Jahresmittel 75 %).",
                column="parameters.target_reachability",
                value="100 %",
                expected="ein Ziel unter 100 %, z. B. 55 % bis 80 %",
                severity="warning",
            )
        )
    if s.months:
        warnings.extend(p for p in _month_problems(s.months) if not p.is_error)
    return warnings


def is_scenario_dict(data: Any) -> bool:
    return isinstance(data, Mapping) and data.get("format") == FORMAT


def load_scenario(path: str | Path, *, require_months: bool = False) -> Scenario:
    """Read a scenario file; problems name the file."""
    name = Path(path).name
    try:
        size = Path(path).stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise O7InputError(
                Problem(
                    f"Die Szenariodatei ist {size // MB} MB groß und wird nicht gelesen.",
                    file=name,
                    expected=f"eine Szenariodatei bis {MAX_SCENARIO_BYTES // MB} MB",
                )
            )
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise O7InputError(Problem("Die Szenariodatei gibt es nicht.", file=name)) from None
    except OSError as exc:
        raise O7InputError(Problem(f"Datei kann nicht gelesen werden ({exc.strerror}).", file=name)) from None
    return scenario_from_bytes(raw, name, require_months=require_months)


def scenario_from_bytes(raw: bytes, name: str = "Szenario", *, require_months: bool = False) -> Scenario:
    """Read a scenario file's bytes; every problem names the file."""
    if not raw.strip():
        raise O7InputError(
            Problem("Die Szenariodatei ist leer.", file=name, expected="JSON-Datei im Format o7-scenario")
        )
    if len(raw) > MAX_SCENARIO_BYTES:
        raise O7InputError(
            Problem(
                "Die Szenariodatei ist zu groß und wird nicht gelesen.",
                file=name,
                expected=f"eine Szenariodatei bis {MAX_SCENARIO_BYTES // MB} MB",
            )
        )
    from .formats.source import load_json

    try:  # the one budget of every reader: size, depth, duplicate keys, NaN (formats/source.py)
        data = load_json(raw, expected="JSON-Datei im Format o7-scenario")
    except O7InputError as exc:
        raise exc.located(file=name) from None
    try:
        return scenario_from_dict(data, require_months=require_months)
    except O7InputError as exc:
        raise exc.located(file=name) from None


# --------------------------------------------------------------------------- writing


def _num(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def months_to_list(months: tuple[MonthData, ...]) -> list[dict[str, Any]]:
    return [
        {
            "month": str(m.month),
            **{key: _num(getattr(m, key)) for key in MONTH_FIELDS if key != "bg_count" or m.bg_count is not None},
        }
        for m in months
    ]


def scenario_to_dict(s: Scenario) -> dict[str, Any]:
    out = _scenario_to_dict(s)
    if s.forecast != ForecastSetting():  # optional key: files of the BA way stay as before
        out["forecast"] = {
            "method": s.forecast.method,
            "bg_forecast": {str(m): _num(v) for m, v in s.forecast.bg_forecast},
        }
    return out


def _scenario_to_dict(s: Scenario) -> dict[str, Any]:
    p = s.parameters
    return {
        "format": FORMAT,
        "version": VERSION,
        "jobcenter": {
            "name": s.jobcenter.name,
            "jcnr": s.jobcenter.jcnr,
            "region": s.jobcenter.region,
            "regional_directorate": s.jobcenter.regional_directorate,
            "state": s.jobcenter.state,
            "bg_count": s.jobcenter.bg_count,
            "fte_jobcenter": s.jobcenter.fte_jobcenter,
            "fte_additional": s.jobcenter.fte_additional,
        },
        "service_center": s.service_center,
        "contract_year": s.contract_year,
        "term_years": s.term_years,
        "bg_count_contract_year": s.bg_count_contract_year,
        "parameters": {name: getattr(p, name) for name in _PARAMETER_NAMES},
        "baustein2": {
            "chosen": s.baustein2.chosen,
            "mode": s.baustein2.mode,
            "joint_target_reachability": s.baustein2.joint_target_reachability,
            "jc_capacity_per_day": s.baustein2.jc_capacity_per_day,
        },
        "bausteine": {
            str(n): {
                "chosen": b.chosen,
                "volume_per_year": b.volume_per_year,
                "minutes_per_item": b.minutes_per_item,
                "share": b.share,
            }
            for n, b in sorted(s.bausteine.items())
        },
        "prices": price_sheet_to_dict(s.prices),
        "agreement": {
            "other_agreements": s.agreement.other_agreements,
            "baustein2_text": s.agreement.baustein2_text,
            "place_service_center": s.agreement.place_service_center,
            "date_service_center": s.agreement.date_service_center,
            "place_jobcenter": s.agreement.place_jobcenter,
            "date_jobcenter": s.agreement.date_jobcenter,
        },
        "months": months_to_list(s.months),
        **({"queue_surcharge_hours": s.queue_surcharge_hours} if s.queue_surcharge_hours else {}),
    }


def scenario_to_json(
    s: Scenario,
    *,
    name: str | None = None,
    baseline: tuple[str, Scenario] | None = None,
    price_sheets: tuple[PriceSheet, ...] = (),
) -> str:
    """The scenario file; ``name``, ``baseline`` and further ``price_sheets`` are optional keys."""
    data = scenario_to_dict(s)
    if name:
        data = {"format": FORMAT, "version": VERSION, "name": name, **data}
    if baseline is not None:
        base = scenario_to_dict(baseline[1])
        for key in ("format", "version"):
            base.pop(key)
        if base["months"] == data["months"]:
            base.pop("months")  # same months as the scenario: not written twice
        data["baseline"] = {"name": baseline[0], "scenario": base}
    others = [price_sheet_to_dict(p) for p in price_sheets if p.contract_year != s.prices.contract_year]
    if others:
        data["price_sheets"] = others
    return json.dumps(data, ensure_ascii=False, indent=1)
