"""Widgets that keep their value in the scenario across page switches, with German labels.

Each helper restores its key from the scenario value where Streamlit dropped it, creates the
widget with that key (and no ``value=``), and returns the current value.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import streamlit as st

from o7core import fmt

from . import state

PERCENT_STEPS_HALF = tuple(round(x * 0.005, 3) for x in range(0, 201))  # 0 %, 0,5 % … 100 %
PERCENT_STEPS_ONE = tuple(round(x * 0.01, 2) for x in range(0, 101))


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
    if st.session_state[key] not in options:
        options = sorted({*options, st.session_state[key]})
    return float(
        st.select_slider(
            label, options=options, key=key, format_func=lambda v: fmt.percent(v, 1), help=help, disabled=disabled
        )
    )


def number(
    label: str,
    key: str,
    value: float | None,
    *,
    min_value: float = 0.0,
    max_value: float | None = None,
    step: float = 1.0,
    decimals: int = 0,
    help: str | None = None,
    disabled: bool = False,
    placeholder: str | None = None,
) -> float | None:
    """A number input (``None`` allowed where ``value`` may be empty)."""
    state.restore_widget(key, value)
    fmt_str = f"%.{decimals}f"
    result: Any = st.number_input(
        label,
        key=key,
        min_value=min_value,
        max_value=max_value,
        step=step,
        format=fmt_str,
        help=help,
        disabled=disabled,
        placeholder=placeholder,
    )
    return None if result is None else float(result)


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
        return str(st.text_area(label, key=key, help=help, max_chars=max_chars))
    return str(st.text_input(label, key=key, help=help, max_chars=max_chars))
