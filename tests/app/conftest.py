"""AppTest helpers: every page is opened through the real entry point ``app.py``."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


def open_app(page: str | None = None, *, timeout: float = 60) -> AppTest:
    """Run ``app.py`` (and switch to ``pages/<page>.py``), failing on any exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page is not None:
        at.switch_page(f"pages/{page}.py")
        at.run()
    assert_clean(at)
    return at


def assert_clean(at: AppTest) -> None:
    """No exception element and no traceback text anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]
    texts = [str(getattr(e, "value", "")) for e in at.main] if hasattr(at, "main") else []
    assert not any("Traceback" in t for t in texts)


@pytest.fixture
def app() -> AppTest:
    return open_app()
