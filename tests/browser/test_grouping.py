"""The browser tests run in xdist groups (tests/browser/conftest.py): two load tests at once rewrote each other's
upload files, and UI tests on both workers beside a load test made the keyboard test lose its focus ring."""

from __future__ import annotations

import pytest


def test_this_browser_test_runs_in_the_browser_group(request: pytest.FixtureRequest) -> None:
    if not request.config.getvalue("loadgroup"):
        pytest.skip("not run with pytest-xdist --dist loadgroup (e.g. -n 0)")
    assert request.node.nodeid.endswith("@browser"), (
        f"{request.node.nodeid}: pytest-xdist did not put the browser tests in one group (pytest and pytest-xdist "
        "disagree on where a node id lives; see requirements-dev.txt)"
    )
