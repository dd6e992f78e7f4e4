"""``o7app.state.memo``: a pure result computed once per session while its arguments stay equal."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from o7app import state


@pytest.fixture
def session(monkeypatch) -> dict:
    """A bare session dictionary in place of ``st.session_state``."""
    values: dict = {}
    monkeypatch.setattr(state, "st", SimpleNamespace(session_state=values))
    return values


def counted():
    calls: list[tuple] = []

    def double(x, *, factor=2):
        calls.append((x, factor))
        return [x * factor]

    return double, calls


def test_equal_arguments_compute_once(session) -> None:
    double, calls = counted()
    first = state.memo(double, 3)
    assert state.memo(double, 3) is first and first == [6]
    assert state.memo(double, 3, factor=2) == [6] and len(calls) == 2  # another keyword set is another call
    assert state.memo(double, 3, factor=2) == [6] and len(calls) == 2
    assert state.memo(double, 4) == [8] and calls[-1] == (4, 2)


def test_only_the_newest_argument_sets_are_kept(session) -> None:
    double, calls = counted()
    for x in range(state.MEMO_SIZE):
        state.memo(double, x)
    state.memo(double, 0)  # used again: the newest one now
    state.memo(double, state.MEMO_SIZE)  # pushes out the oldest, 1
    assert len(calls) == state.MEMO_SIZE + 1
    state.memo(double, 0)
    assert len(calls) == state.MEMO_SIZE + 1
    state.memo(double, 1)
    assert calls[-1] == (1, 2)


def test_functions_of_the_same_arguments_are_kept_apart(session) -> None:
    double, _ = counted()

    def triple(x):
        return [x * 3]

    assert state.memo(double, 2) == [4]
    assert state.memo(triple, 2) == [6]


def test_an_error_is_not_kept(session) -> None:
    calls = []

    def fails(x):
        calls.append(x)
        raise ValueError(x)

    for _ in range(2):
        with pytest.raises(ValueError):
            state.memo(fails, 1)
    assert calls == [1, 1]


def test_the_memo_belongs_to_the_jobcenter() -> None:
    # another Jobcenter's agreement drops every remembered result with the other session values of the old one
    assert state._MEMO in state.JOBCENTER_SESSION_KEYS
