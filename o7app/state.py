"""Session state of one user: the active scenario, its plan, the baseline, view settings.

The *scenario* (``o7core.Scenario``, frozen) is the single source of truth. Widgets on the pages
carry keys; ``restore_widget`` puts the scenario's value back into a widget key that Streamlit
dropped after a page switch, so every slider keeps its value across pages and reruns.
Uploaded data live here, in ``st.session_state`` of this session only: never in a global cache,
a module variable or a file on the server.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

from o7core import Month, O7InputError, Plan, PriceSheet, Problem, Scenario, plan_scenario
from o7core.load_rule import LoadOutcome, price_library, with_contract_year
from o7core.scenario import scenario_from_bytes

from .text import md

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "sample_data"
SAMPLE_SCENARIO = SAMPLE_DIR / "goeppingen_scenario.json"

_SCENARIO = "o7_scenario"
_SCENARIO_NAME = "o7_scenario_name"
_PLAN = "o7_plan"
_BASELINE = "o7_baseline"
_IS_SAMPLE = "o7_is_sample"
_PRESENTATION = "o7_presentation"
_SAVED = "o7_saved_scenarios"
_PRICES = "o7_price_sheets"  # price sheets loaded in this session (every contract year), for every Jobcenter
_LOAD_SUMMARY = "o7_load_summary"  # LoadOutcome of the last load, listed on the start page
SAMPLE_NAME = "Beispiel Göppingen"
T = TypeVar("T")

#: Session values that belong to the loaded Jobcenter: a fresh agreement (another Jobcenter) drops
#: them (o7core.load_rule). SC reports and their page state, the Kosten page's own inputs, the
#: appendix files. The baseline and the saved scenarios are reset below.
JOBCENTER_SESSION_KEYS = (
    "o7_sc_report",  # SC_REPORT
    "o7_sc_report_is_sample",  # SC_REPORT_IS_SAMPLE
    "o7_sc_report_last_upload",  # SC_REPORT_LAST_UPLOAD
    "o7_kpi_targets",  # KPI_TARGETS
    "o7_kpi_stand",  # KPI_STAND
    "o7_kosten_inputs",  # _KEPT
    "o7_memo",  # _MEMO
)


def ensure_router() -> None:
    """Make every page run inside ``app.py``'s navigation, also on a first deep link.

    With a ``pages/`` folder beside ``app.py`` (the project's layout), Streamlit runs a requested
    page *file* directly (its old multipage mode) until ``st.navigation`` has been called once in the
    server process. A first visit to ``/karte`` would then show the page without the router, sidebar
    and wide layout. Each page calls this first: it switches Streamlit to ``st.navigation`` mode
    (what ``st.navigation`` itself does) and reruns, so ``app.py`` routes the same URL.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


@lru_cache(maxsize=1)
def _sample_bytes() -> bytes:
    # the embedded sample is the same for everyone and never changes: reading it once is safe
    return SAMPLE_SCENARIO.read_bytes()


def sample_scenario() -> Scenario:
    """The embedded sample (JC Göppingen, planning aid 09/2021–08/2022)."""
    return scenario_from_bytes(_sample_bytes(), SAMPLE_SCENARIO.name, require_months=True)


def _init() -> None:
    if _SCENARIO not in st.session_state:
        s = sample_scenario()
        st.session_state[_SCENARIO] = s
        st.session_state[_SCENARIO_NAME] = SAMPLE_NAME
        st.session_state[_IS_SAMPLE] = True
        st.session_state[_BASELINE] = None
        st.session_state[_SAVED] = {}


def scenario() -> Scenario:
    """The active scenario of this session (the sample on first visit)."""
    _init()
    return st.session_state[_SCENARIO]


GROUP_PREFIX = "w_group_"  # the keys of o7app.widgets.group (open or closed)


def set_scenario(
    new: Scenario, *, replace_all: bool = False, name: str | None = None, is_sample: bool | None = None
) -> None:
    """Make ``new`` the active scenario.

    ``replace_all`` marks a new data set or a loaded scenario file: the widgets then take their
    values from the scenario instead of keeping their own. Which groups are open (``w_group_*``) is layout,
    not a value: an upload's group stays open to show what the file brought.
    """
    _init()
    st.session_state[_SCENARIO] = new
    if name is not None:
        st.session_state[_SCENARIO_NAME] = name
    if is_sample is not None:
        st.session_state[_IS_SAMPLE] = is_sample
    if replace_all:
        for key in [
            k for k in st.session_state if isinstance(k, str) and k.startswith("w_") and not k.startswith(GROUP_PREFIX)
        ]:
            del st.session_state[key]


def update_parameters(**changes: Any) -> None:
    """Change planning parameters of the active scenario (only where they differ)."""
    s = scenario()
    if any(getattr(s.parameters, k) != v for k, v in changes.items()):
        set_scenario(replace(s, parameters=replace(s.parameters, **changes)))


def update(**changes: Any) -> None:
    """Change top-level fields of the active scenario (only where they differ)."""
    s = scenario()
    if any(getattr(s, k) != v for k, v in changes.items()):
        set_scenario(replace(s, **changes))


def scenario_name() -> str:
    _init()
    return st.session_state[_SCENARIO_NAME]


def set_scenario_name(name: str) -> None:
    _init()
    st.session_state[_SCENARIO_NAME] = name.strip() or "Szenario"


def is_sample() -> bool:
    _init()
    return bool(st.session_state[_IS_SAMPLE])


def plan() -> Plan:
    """The plan of the active scenario, computed once per scenario change."""
    s = scenario()
    cached = st.session_state.get(_PLAN)
    if cached is not None and cached[0] is s:
        return cached[1]
    result = plan_scenario(s)
    st.session_state[_PLAN] = (s, result)
    return result


_MEMO = "o7_memo"
#: argument sets remembered per function by :func:`memo` (the last ones used, newest first)
MEMO_SIZE = 4


def memo_key(fn: Callable[..., Any]) -> str:
    """The name under which :func:`memo` keeps the results of ``fn`` in the session."""
    return f"{fn.__module__}.{fn.__qualname__}"


def memo(fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """``fn(*args, **kwargs)``, computed once per session while the arguments stay equal (``==``).

    For the pure functions of the core (their result depends on the arguments alone), whose cost a page
    would otherwise pay on every run: a page switch, a click, a slider move elsewhere. Kept in this
    session only, as everything of the user's (never in a global cache), the last :data:`MEMO_SIZE`
    argument sets per function. An exception is not kept: the next run tries again and shows it again.
    Callers must not change the result (the core's results are frozen dataclasses, tuples, bytes).
    """
    entries: list[tuple[tuple[Any, ...], dict[str, Any], Any]] = st.session_state.setdefault(_MEMO, {}).setdefault(
        memo_key(fn), []
    )
    for i, (known_args, known_kwargs, result) in enumerate(entries):
        if known_args == args and known_kwargs == kwargs:
            if i:
                entries.insert(0, entries.pop(i))
            return result
    result = fn(*args, **kwargs)
    entries.insert(0, (args, kwargs, result))
    del entries[MEMO_SIZE:]
    return result


def try_plan(*, title: str | None = None) -> Plan | None:
    """The plan, or ``None`` after showing the German problems (under ``title``) where the scenario cannot
    be planned."""
    try:
        return plan()
    except O7InputError as exc:
        show_problems(exc.problems, title=title)
        return None


def baseline() -> tuple[str, Plan] | None:
    """The saved comparison plan (name, plan) for the deltas on the metric cards."""
    _init()
    return st.session_state[_BASELINE]


def save_baseline(name: str | None = None) -> None:
    st.session_state[_BASELINE] = (name or scenario_name(), plan())
    st.session_state[_BASELINE + "_scenario"] = scenario()


def baseline_scenario() -> tuple[str, Scenario] | None:
    """The comparison basis as a scenario (for the scenario file), where one is saved."""
    base = baseline()
    s = st.session_state.get(_BASELINE + "_scenario")
    return (base[0], s) if base is not None and s is not None else None


def clear_baseline() -> None:
    st.session_state[_BASELINE] = None
    st.session_state.pop(_BASELINE + "_scenario", None)


def price_sheets() -> tuple[PriceSheet, ...]:
    """The price sheets of this session: the shipped one and every one loaded (one per contract year)."""
    return price_library(st.session_state.get(_PRICES, ()))


def add_price_sheets(sheets: Iterable[PriceSheet]) -> None:
    """Keep loaded price sheets (a sheet replaces the one of its year) and price the scenario with the fitting one."""
    st.session_state[_PRICES] = price_library((*st.session_state.get(_PRICES, ()), *sheets))
    s = scenario()
    set_scenario(with_contract_year(s, s.contract_year, price_sheets()))


def set_contract_year(year: int) -> None:
    """Another contract year, priced with its own price sheet (or the latest earlier one, with a warning)."""
    s = scenario()
    if year != s.contract_year:
        set_scenario(with_contract_year(s, year, price_sheets()))


def apply_load(outcome: LoadOutcome, *, name: str) -> None:
    """Make a load the active scenario (``o7core.load_rule``): a fresh agreement also drops everything
    that belonged to the Jobcenter loaded before (SC reports, baseline, saved scenarios, page inputs)."""
    _init()
    if outcome.fresh:
        for key in JOBCENTER_SESSION_KEYS:
            st.session_state.pop(key, None)
        clear_baseline()
        st.session_state[_SAVED] = {}
    if outcome.price_sheets:
        st.session_state[_PRICES] = price_library((*st.session_state.get(_PRICES, ()), *outcome.price_sheets))
    set_scenario(outcome.scenario, replace_all=True, name=outcome.name or name, is_sample=False)
    if outcome.baseline is not None:
        base_name, base = outcome.baseline
        try:
            st.session_state[_BASELINE] = (base_name, plan_scenario(base))
            st.session_state[_BASELINE + "_scenario"] = base
        except O7InputError:
            clear_baseline()
    st.session_state[_LOAD_SUMMARY] = outcome


def restore_sample() -> None:
    """Back to the embedded sample: a fresh agreement of its own (its reports come back on Kennzahlen)."""
    for key in JOBCENTER_SESSION_KEYS:
        st.session_state.pop(key, None)
    clear_baseline()
    st.session_state[_SAVED] = {}
    st.session_state.pop(_LOAD_SUMMARY, None)
    set_scenario(sample_scenario(), replace_all=True, name=SAMPLE_NAME, is_sample=True)


def load_summary() -> LoadOutcome | None:
    """What the last load brought, reset and kept (shown on the start page)."""
    return st.session_state.get(_LOAD_SUMMARY)


def saved_scenarios() -> dict[str, Scenario]:
    """Named scenarios saved in this session (A, B, C …), for the cost comparison."""
    _init()
    return st.session_state[_SAVED]


def presentation_mode() -> bool:
    """True in presentation mode (council meeting): controls hidden, larger figures."""
    return bool(st.session_state.get(_PRESENTATION, False))


def presentation_key() -> str:
    return _PRESENTATION


def presentation_from_link() -> None:
    """``?praesentation=1`` in the address starts the session in presentation mode (a link for the projector)."""
    if _PRESENTATION not in st.session_state and st.query_params.get("praesentation") in ("1", "ja", "true"):
        st.session_state[_PRESENTATION] = True


def restore_widget(key: str, value: Any) -> None:
    """Give widget ``key`` the scenario's value where Streamlit has dropped it (page switch)."""
    if key not in st.session_state:
        st.session_state[key] = value


_KEPT = "o7_kosten_inputs"  # page inputs that are not part of the scenario (Kosten: escalation, BG, budget …)
_KEPT_SESSION = "o7_kept_session"  # page inputs kept for the whole session, across Jobcenters (Karte)


# --------------------------------------------------------------------------- page values (one accessor each)
#: the Kennzahlen page: the SC report of this session and what was chosen on the page
SC_REPORT = "o7_sc_report"  # the active o7core.sc_report.ReportImport
SC_REPORT_IS_SAMPLE = "o7_sc_report_is_sample"
SC_REPORT_LAST_UPLOAD = "o7_sc_report_last_upload"  # ReportImport of the last upload (good or bad), for its messages
SC_REPORT_UPLOAD_DONE = "o7_sc_report_upload_done"  # file_id of the upload already read
KPI_TARGETS = "o7_kpi_targets"  # (reachability, closure_rate) fractions chosen on the page
KPI_STAND = "o7_kpi_stand"  # (year, as_of month or None) chosen on the page
#: the start page: the file name of an SC report loaded from there
REPORT_LOADED_FROM_START = "o7_report_loaded_from_start"
#: the start page: uploads read once, the last import, a good file waiting for the user's choice
DATA_UPLOAD_DONE = "o7_upload_done"
DATA_LAST_IMPORT = "o7_last_import"
DATA_PENDING = "o7_pending_load"  # a good file waiting for the user's choice (master data differ, or an SC report)
PRICE_UPLOAD_DONE = "o7_price_upload_done"
PRICE_UPLOAD_LAST = "o7_price_upload_last"  # (file name, PriceSheet or problems) of the last price-sheet upload
#: the Machbarkeit page
INTRADAY_PROFILE = "o7_machbarkeit_profile"
FEASIBILITY_SENSITIVITY = "o7_machbarkeit_sensitivity"
FEASIBILITY_OPTIONS = "o7_machbarkeit_options"  # (patience, rule, pool) as last set, for the presentation mode
#: the Karte page: the region of a good upload, the map and the clicks on it
KARTE_REGION = "o7_karte_region"  # (Region, label of its files) after a good upload
KARTE_UPLOAD_RESULT = "o7_karte_upload_result"  # (file label, RegionImport) of the last upload
KARTE_MAP_GENERATION = "o7_karte_map_generation"  # counts region changes: a new region gets a new, fitted map
KARTE_BASE = "o7_karte_base"  # (inputs, region, RegionMap) of the map without a selection


def page_value(key: str, default: Any = None) -> Any:
    """The session value ``key`` (one of the names above), ``default`` where there is none."""
    return st.session_state.get(key, default)


def set_page_value(key: str, value: Any) -> None:
    st.session_state[key] = value


def forget(*keys: str) -> None:
    """Drop session values (widget keys too): the next run starts them afresh."""
    for key in keys:
        st.session_state.pop(key, None)


def store(name: str) -> dict[str, Any]:
    """A module's own dictionary in the session (``o7app.widgets``: what each number field shows; the upload
    memo of ``o7app.upload_worker``), created empty on first use."""
    return st.session_state.setdefault(name, {})


def clear_session() -> None:
    """Drop everything of this session (another user logs in, or the user logs out)."""
    for key in list(st.session_state.keys()):
        del st.session_state[key]


def has_page_value(key: str) -> bool:
    return key in st.session_state


def widget_value(key: str) -> Any:
    """The current value of widget ``key`` (restore it first with :func:`restore_widget`)."""
    return st.session_state[key]


def set_widget_value(key: str, value: Any) -> None:
    """Set widget ``key`` before the widget is drawn (a choice that is no longer offered, a regenerated text)."""
    st.session_state[key] = value


def kpi_targets(default: tuple[float, float]) -> tuple[float, float]:
    """The contract targets chosen on the Kennzahlen page (reachability, closure rate)."""
    return st.session_state.get(KPI_TARGETS, default)


def kpi_stand(default: tuple[int, Month | None] | None = None) -> tuple[int, Month | None] | None:
    """Year and "Stand" chosen on the Kennzahlen page (kept outside the widget keys, for presentation mode)."""
    return st.session_state.get(KPI_STAND, default)


def _kept(scope: str) -> dict[str, Any]:
    return st.session_state.setdefault(_KEPT if scope == "jobcenter" else _KEPT_SESSION, {})


def kept_value(key: str, default: Any, *, scope: str = "jobcenter") -> Any:
    """The last value of page input ``key`` in this session (``default`` before the first).

    ``scope="jobcenter"``: the value belongs to the loaded Jobcenter and is dropped with it (Kosten);
    ``scope="session"``: it stays for the whole session (Karte: the region is not the Jobcenter's).
    """
    return _kept(scope).get(key, default)


def keep(key: str, value: Any, *, scope: str = "jobcenter") -> None:
    """Keep the value of page input ``key`` for the next visit of the page (the widget key itself is dropped)."""
    _kept(scope)[key] = value


def forget_kept(key: str, *, scope: str = "jobcenter") -> None:
    _kept(scope).pop(key, None)


def restore_kept(key: str, default: Any, *, scope: str = "jobcenter") -> None:
    """Put the kept value of widget ``key`` (or ``default``) back where Streamlit has dropped it."""
    restore_widget(key, _kept(scope).get(key, default))


def kept_widget(widget: Callable[..., Any], label: str, key: str, default: Any, *, scope: str, **kwargs: Any) -> Any:
    """Draw ``widget`` (e.g. ``st.toggle``) under ``key`` with its kept value; keep what it returns."""
    restore_kept(key, default, scope=scope)
    value = widget(label, key=key, **kwargs)
    keep(key, value, scope=scope)
    return value


def first_time(name: str, item: str) -> bool:
    """True the first time ``item`` (an upload's file id) is seen under ``name`` in this session."""
    done: set[str] = st.session_state.setdefault(name, set())
    if item in done:
        return False
    done.add(item)
    return True


def show_problems(problems: Iterable[Problem], *, title: str | None = None) -> None:
    """All problems of an input at once: errors in red, warnings in yellow, each with its place."""
    from o7core.errors import condense

    problems = condense(problems)  # thousands of identical errors: a handful of lines and „… und 4.990 weitere“
    errors = [p for p in problems if p.is_error]
    warnings = [p for p in problems if not p.is_error]
    if errors:
        head = title or (
            "Die Datei kann nicht verwendet werden. Die bisherigen Daten bleiben geladen." if errors else ""
        )
        st.error(head + "\n\n" + "\n".join(f"- {_text(p)}" for p in errors), icon=":material/block:")
    if warnings:
        st.warning("\n".join(f"- {_text(p)}" for p in warnings), icon=":material/warning:")


def _text(problem: Problem) -> str:
    # Markdown-escape user-supplied parts so that file content is shown as text
    return md(str(problem))
