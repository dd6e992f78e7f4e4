"""AppTest helpers: every page is opened through the real entry point ``app.py``."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime import pages_manager
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

APP = str(ROOT / "app.py")


class _PathWithoutPagesFolder(type(Path())):  # type: ignore[misc]
    """AppTest resets Streamlit's process-wide "pages/ folder" flag before *every* run, so each
    interaction would first run the page file in Streamlit's old multipage mode (as a real server
    does only on its very first request) and ``state.ensure_router`` would rerun it, dropping a
    button's click. Hiding the folder from that one check makes AppTest behave like a server that
    has started: app.py routes every run. The cold-start deep link is covered by the browser tests."""

    def exists(self, *args, **kwargs) -> bool:
        if self.name == "pages" and self.parent == ROOT:
            return False
        return super().exists(*args, **kwargs)


pages_manager.Path = _PathWithoutPagesFolder  # type: ignore[misc]


def open_app(page: str | None = None, *, opened: bool = False, timeout: float = 60) -> AppTest:
    """Run ``app.py`` (and switch to ``pages/<page>.py``), failing on any exception; ``opened``: with every
    group of the page open (:func:`open_all_groups`), as a user who has clicked each heading sees it."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.run()
    if page is not None and page != "daten":  # Start / Daten is the page app.py opens on
        at.switch_page(f"pages/{page}.py")
        at.run()
    if opened:
        open_all_groups(at)
    assert_clean(at)
    return at


def open_group(at: AppTest, key: str) -> AppTest:
    """Open the ``o7app.widgets.group`` ``key`` (an expander that draws its content only while open), as a
    click on its heading does in the browser, and rerun."""
    at.session_state[key] = True
    return at.run()


def group_keys(at: AppTest) -> list[str]:
    """The keys of the ``o7app.widgets.group`` s on the page (expanders with a key), in page order."""
    return [e.proto.id.rsplit("-", 1)[-1] for e in at.get("expander") if e.proto.id.startswith("$$ID-")]


def open_all_groups(at: AppTest) -> AppTest:
    """Open every group of the page (and the groups that appear only then), as clicks on their headings do."""
    opened: set[str] = set()
    while closed := [k for k in group_keys(at) if k not in opened]:
        for key in closed:
            at.session_state[key] = True
        opened.update(closed)
        at.run()
    return at


def show(at: AppTest, page: str) -> AppTest:
    """Switch to ``pages/<page>.py`` and open every group there (a page switch closes them), failing on errors."""
    at.switch_page(f"pages/{page}.py").run()
    open_all_groups(at)
    assert_clean(at)
    return at


def remembered(at: AppTest, fn) -> tuple[tuple, object]:
    """(arguments, result) of the newest call of ``fn`` that ``o7app.state.memo`` keeps in the session."""
    from o7app.state import memo_key

    args, _, result = at.session_state["o7_memo"][memo_key(fn)][0]
    return args, result


def each_tab(at: AppTest, key: str | None):
    """Show each tab of the ``o7app.widgets.tabs`` ``key`` in turn (a click on it in the browser) and yield
    the page after its run; a page without such tabs (``key`` ``None``) is yielded once, as it is."""
    if key is None:
        yield at
        return
    (container,) = [c for c in at.get("tab_container") if c.proto.tab_container.id.endswith("-" + key)]
    labels = [tab.label for tab in container.children.values()]
    assert labels, key
    for label in labels:
        at.session_state[key] = label
        at.run()
        assert_clean(at)
        yield at


def assert_clean(at: AppTest) -> None:
    """No exception element and no traceback text anywhere on the page."""
    assert not at.exception, [e.value for e in at.exception]
    texts = [str(getattr(e, "value", "")) for e in at.main] if hasattr(at, "main") else []
    assert not any("Traceback" in t for t in texts)


@pytest.fixture
def app() -> AppTest:
    return open_app()
