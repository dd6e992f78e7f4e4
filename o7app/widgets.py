"""Widgets that keep their value in the scenario across page switches, with German labels.

Each helper restores its key from the scenario value where Streamlit dropped it, creates the
widget with that key (and no ``value=``), and returns the current value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from o7app.text import cleaned
from o7core import fmt
from o7core.parsing import parse_typed_number

from . import state
from .text import md

PERCENT_STEPS_HALF = tuple(round(x * 0.005, 3) for x in range(0, 201))  # 0 %, 0,5 % … 100 %
PERCENT_STEPS_ONE = tuple(round(x * 0.01, 2) for x in range(0, 101))


#: the German labels of the fixed slider steps (``55,0 %``), made once at import: Streamlit formats every option
#: of every slider on every rerun (Planung: about 2.200 labels), and each label through babel cost ~0,1 ms
_STEP_LABELS = {v: fmt.percent(v, 1) for v in (*PERCENT_STEPS_HALF, *PERCENT_STEPS_ONE)}


def _percent_label(value: float) -> str:
    """The label of one slider option: from the table of fixed steps, else (a scenario's own value) formatted."""
    label = _STEP_LABELS.get(value)
    return label if label is not None else fmt.percent(value, 1)


def percent_slider(
    label: str,
    key: str,
    value: float,
    *,
    low: float = 0.0,
    high: float = 1.0,
    step: str = "half",
    help: str | None = None,
    disabled: bool = False,
) -> float:
    """A slider over percentages shown in German (``55,0 %``); returns a fraction."""
    steps = PERCENT_STEPS_HALF if step == "half" else PERCENT_STEPS_ONE
    # the scenario's exact value is always an option, so that a loaded plan is never changed by its slider
    options = sorted({o for o in steps if low - 1e-9 <= o <= high + 1e-9} | {value})
    state.restore_widget(key, value)
    if state.widget_value(key) not in options:
        options = sorted({*options, state.widget_value(key)})
    return float(
        st.select_slider(label, options=options, key=key, format_func=_percent_label, help=help, disabled=disabled)
    )


_FIELDS = "o7_number_fields"  # widget key → (text the field shows, the value that text stands for)
_CONFIRMED = "o7_number_confirmed"  # widget key → text the user confirmed despite the factor-10 check
_NOTES = "o7_number_notes"  # widget key → (text, how the input was read)
#: a change by this factor or more (up or down) is held until the user confirms it
CONFIRM_FACTOR = 10.0


def number(
    label: str,
    key: str,
    value: float | None,
    *,
    kind: str = "decimal",
    min_value: float | None = 0.0,
    max_value: float | None = None,
    decimals: int = 0,
    unit: str | None = None,
    optional: bool = False,
    fixed: bool = False,
    grouping: bool = True,
    help: str | None = None,
    disabled: bool = False,
    placeholder: str | None = None,
) -> float | None:
    """The one German number input of the app: a text field that reads and shows numbers the German way.

    Reads what the user types with :func:`o7core.parsing.parse_typed_number` (``562,5``, ``1.234,5``,
    ``5.642``, ``500.000 €``, ``2,5 %``, ``562.5``) and shows the value back with
    :func:`o7core.fmt.field_number` (``562,285``). Returns the value in force: ``value`` (the
    current one) while the input cannot be read, lies outside ``min_value``–``max_value`` or
    changes the value by a factor of 10 or more and is not yet confirmed; a German message below
    the field says why and what still applies. ``kind="count"`` for whole numbers (a dot groups
    thousands: ``7.672``). ``optional`` allows an empty field (returns ``None``). ``unit`` (``"€"``,
    ``"%"``) may be typed and is shown in the messages. The value applies on Enter and on leaving the field.
    """
    fields: dict[str, tuple[str, float | None]] = state.store(_FIELDS)
    confirmed: dict[str, str] = state.store(_CONFIRMED)
    notes: dict[str, tuple[str, str]] = state.store(_NOTES)

    def show(v: float | None, typed_decimals: int = 0) -> str:
        return fmt.field_number(v, max(decimals, typed_decimals), fixed=fixed, grouping=grouping)

    def put(v: float | None) -> None:
        state.set_widget_value(key, show(v))
        fields[key] = (state.widget_value(key), v)

    def with_unit(text: str) -> str:
        return f"{text}\u00a0{unit}" if unit and text else text

    current = state.page_value(key, _MISSING)
    record = fields.get(key)
    if current is _MISSING:  # first visit, or Streamlit dropped the key after a page switch
        put(value)
    elif not isinstance(current, str):  # a number put into the key by a button (e.g. capacity for the target)
        put(None if current is None else float(current))
    elif record is not None and current == record[0] and not _same(record[1], value):
        put(value)  # the value changed elsewhere (a loaded scenario): show it
    record = fields.get(key)
    text = state.widget_value(key)

    result: float | None = value
    problem = ""
    pending: tuple[str, float] | None = None
    if record is not None and text == record[0]:
        result = record[1]
    else:
        try:
            typed = parse_typed_number(text, kind=kind, unit=unit)
        except ValueError as exc:
            hint = " Tausender mit Punkt (5.642) oder ohne Trennzeichen schreiben." if kind == "count" else ""
            problem = f"„{md(text.strip())}“ ist nicht lesbar: {exc}.{hint}"
        else:
            if typed is None:
                if optional:
                    result = None
                    fields[key] = ("", None)
                else:
                    problem = "Bitte eine Zahl eingeben."
            else:
                x = typed.value
                canonical = show(x, typed.decimals)
                if (min_value is not None and x < min_value) or (max_value is not None and x > max_value):
                    problem = f"{with_unit(canonical)} liegt außerhalb des erlaubten Bereichs: {_range_text(min_value, max_value, show, with_unit)}."
                elif _factor(value, x) >= CONFIRM_FACTOR and confirmed.get(key) != text:
                    pending = (canonical, x)
                else:
                    confirmed.pop(key, None)
                    state.set_widget_value(key, canonical)
                    fields[key] = (canonical, x)
                    if typed.note or _not_obvious(text, canonical):
                        notes[key] = (canonical, typed.note)
                    else:
                        notes.pop(key, None)
                    result = x
    if problem or pending:
        notes.pop(key, None)

    st.text_input(label, key=key, help=help, disabled=disabled, placeholder=placeholder)

    still = f" Es gilt weiter: {with_unit(show(value)) or 'leer'}." if value is not None or optional else ""
    if problem:
        st.error(problem + still)
    elif pending is not None:
        canonical, x = pending
        factor = _factor(value, x)
        about = "" if abs(factor - round(factor)) < 1e-9 else "rund "
        times = fmt.number(factor, 0)
        if abs(x) > abs(value or 0):
            change = f"ist {about}{times}-mal so groß wie der bisherige Wert {with_unit(show(value))}"
        else:
            change = f"ist {about}1/{times} des bisherigen Werts {with_unit(show(value))}"
        st.warning(
            f"{with_unit(canonical)} {change}. Bitte prüfen: {with_unit(show(value))} gilt weiter, "
            "bis Sie die Änderung bestätigen oder die Eingabe korrigieren."
        )
        st.button(f"Ja, {with_unit(canonical)} übernehmen", key=f"{key}__ja", on_click=_confirm, args=(key, text))
        st.button(
            f"Nein, {with_unit(show(value))} behalten",
            key=f"{key}__nein",
            on_click=_reject,
            args=(key, show(value), value),
        )
    elif key in notes and notes[key][0] == state.widget_value(key):
        shown, note = notes[key]
        st.caption(f"Gelesen als {with_unit(shown)}" + (f" – {note}." if note else "."))
    return result


_MISSING = object()


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= 1e-12 * max(1.0, abs(a), abs(b))


def _factor(old: float | None, new: float) -> float:
    """How many times larger or smaller ``new`` is than ``old`` (1 where either is 0 or empty)."""
    if old is None or old == 0 or new == 0:
        return 1.0
    ratio = abs(new / old)
    return max(ratio, 1 / ratio)


def _not_obvious(typed: str, canonical: str) -> bool:
    """True unless the field's German text only adds or drops spaces, a unit or thousands points."""
    core = "".join(ch for ch in typed if ch.isdigit() or ch in ",.-−+").lstrip("+")

    def bare(t: str) -> str:
        t = t.replace(".", "")
        return t.rstrip("0").rstrip(",") if "," in t else t

    return bare(core) != bare(canonical)


def _range_text(low: float | None, high: float | None, show: Any, with_unit: Any) -> str:
    if low is not None and high is not None:
        return f"{with_unit(show(low))} bis {with_unit(show(high))}"
    if low is not None:
        return f"mindestens {with_unit(show(low))}"
    return f"höchstens {with_unit(show(high))}"


def _confirm(key: str, text: str) -> None:
    state.store(_CONFIRMED)[key] = text


def _reject(key: str, text: str, value: float | None) -> None:
    state.set_widget_value(key, text)
    state.store(_FIELDS)[key] = (text, value)
    state.store(_CONFIRMED).pop(key, None)


def group(label: str, key: str, *, expanded: bool = False) -> Any:
    """An expander whose content is made only while it is open: ``with group(...) as g: if g.open: ...``.

    Opening or closing it reruns the script (``on_change="rerun"``); a closed group sends nothing to the
    browser, where every slider, radio and field costs drawing time on each page switch (issue 19). The
    caller keeps the scenario's settings of a closed group unchanged. Open or closed is kept while the page
    is shown; after a page switch the group starts as ``expanded`` again.
    """
    return st.expander(label, expanded=expanded, key=key, on_change="rerun")


def tabs(labels: Sequence[str], key: str) -> Sequence[Any]:
    """Tabs whose content is made only for the tab shown: ``for tab in tabs(...): with tab: if tab.open: ...``.

    A tab change reruns the script (``on_change="rerun"``); the hidden tabs send nothing to the browser,
    where each Vega-Lite chart costs ~65 ms of drawing on every page switch (issue 19). The tab shown is
    kept in ``st.session_state[key]`` (its label) while the page is shown.
    """
    return st.tabs(list(labels), key=key, on_change="rerun")


def checkbox(label: str, key: str, value: bool, *, help: str | None = None, disabled: bool = False) -> bool:
    state.restore_widget(key, value)
    return bool(st.checkbox(label, key=key, help=help, disabled=disabled))


def toggle(label: str, key: str, value: bool, *, help: str | None = None) -> bool:
    state.restore_widget(key, value)
    return bool(st.toggle(label, key=key, help=help))


def select(
    label: str,
    key: str,
    options: Sequence[Any],
    value: Any,
    *,
    format_func: Any = str,
    help: str | None = None,
    horizontal: bool = False,
    radio: bool = False,
) -> Any:
    state.restore_widget(key, value if value in options else options[0])
    if radio:
        return st.radio(label, options, key=key, format_func=format_func, help=help, horizontal=horizontal)
    return st.selectbox(label, options, key=key, format_func=format_func, help=help)


def text(
    label: str, key: str, value: str, *, help: str | None = None, max_chars: int | None = 200, area: bool = False
) -> str:
    state.restore_widget(key, value)
    if area:
        return cleaned(str(st.text_area(label, key=key, help=help, max_chars=max_chars)), multiline=True)
    return cleaned(str(st.text_input(label, key=key, help=help, max_chars=max_chars)))
