"""The settings that keep a page switch and a slider move close to Streamlit's floor (issue 19,
docs/benchmark.md): no full garbage collection after every run, the imports frozen once per process."""

from __future__ import annotations

import gc

import pytest

from o7app import betrieb
from tests.app.conftest import open_app
from tests.conftest import streamlit_options


def test_streamlit_runs_no_full_collection_after_each_run() -> None:
    """``runner.postScriptGC`` as Streamlit reads it from .streamlit/config.toml: a gc.collect(2) after every
    run cost ~180 ms of each switch with the app's libraries loaded."""
    assert streamlit_options("runner.postScriptGC", "runner.fastReruns") == {
        "runner.postScriptGC": False,
        "runner.fastReruns": True,
    }


def test_the_imports_are_frozen_once_per_process(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    frozen = [0]

    def freeze_count() -> int:  # O(n) over the permanent generation: asked once per process, not per run
        calls.append("count")
        return frozen[0]

    def freeze() -> None:
        calls.append("freeze")
        frozen[0] = 1000

    monkeypatch.setattr(betrieb, "_frozen", False)
    monkeypatch.setattr(gc, "get_freeze_count", freeze_count)
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", freeze)
    betrieb.freeze_imports()
    betrieb.freeze_imports()  # the second run of the process: nothing more, not even the count
    betrieb.freeze_imports()
    assert calls == ["count", "collect", "freeze"]


def test_an_earlier_freeze_of_the_process_is_not_repeated(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(betrieb, "_frozen", False)
    monkeypatch.setattr(gc, "get_freeze_count", lambda: 5000)
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    betrieb.freeze_imports()
    assert calls == []


def test_the_app_freezes_after_its_first_run(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    monkeypatch.setattr(betrieb, "freeze_imports", lambda: seen.append(1))
    open_app()  # fails on any exception
    assert seen == [1]
