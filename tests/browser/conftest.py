"""Real-browser fixtures: ``streamlit run app.py`` on 127.0.0.1 and Debian's Chromium via Playwright.

Without Chromium (or the Playwright package) the tests skip with the reason shown in the summary;
with ``REQUIRE_BROWSER=1`` (set by ``.ci/run``) they fail instead. The browser reaches only
127.0.0.1: every other request is aborted, so the suite proves the app works without internet.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect
except ImportError:  # the chromium fixture skips (or fails under REQUIRE_BROWSER=1) with the reason
    PlaywrightTimeout = TimeoutError  # type: ignore[assignment,misc]
    expect = None  # type: ignore[assignment]

from tests.browser.support import (
    APP_CONNECTED,
    APP_IDLE,
    CHROMIUM,
    CHROMIUM_ARGS,
    DOC_SCREENSHOTS,
    PAGES,
    RUN_DONE_JS,
    SCREENSHOTS,
    SETTLE_JS,
    VIEWPORT,
    WATCH_JS,
    AppServer,
    is_local,
    page_url,
    start_server,
)

REQUIRE_BROWSER = os.environ.get("REQUIRE_BROWSER") == "1"
if expect is not None:
    expect.set_options(timeout=15_000)  # figures appear a moment after the run; a busy CI machine is slower
#: set O7_DOC_SCREENSHOTS=1 to refresh the README screenshots in docs/screenshots/
UPDATE_DOC_SCREENSHOTS = os.environ.get("O7_DOC_SCREENSHOTS") == "1"


#: the test modules of the xdist group "load" (see pytest_collection_modifyitems)
LOAD_GROUP = ("test_balancer.py", "test_keyboard.py")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist's own hook, which reads xdist_group into the node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            # the browser tests in two groups (``--dist loadgroup``), each on one worker: the load tests with their
            # clusters of replicas and the keyboard test ("load") and all others ("browser"). No two load tests run
            # at once (they would share upload files); the keyboard test never runs beside a load test (there it
            # saw a field it tabbed to pushed out of the window by the end of a slow rerun, 2 of 2 runs); all
            # browser tests on one worker took the suite to 14 minutes on two cores
            group = "load" if Path(str(item.fspath)).name in LOAD_GROUP else "browser"
            item.add_marker(pytest.mark.xdist_group(group))


def _unavailable(reason: str) -> None:
    if REQUIRE_BROWSER:
        pytest.fail(f"REQUIRE_BROWSER=1, but {reason}", pytrace=False)
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """One headless Chromium for the whole session (Debian's binary, no Playwright download)."""
    if not CHROMIUM.exists() and shutil.which(str(CHROMIUM)) is None:
        _unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set O7_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -r requirements-dev.txt)")
    pw = sync_playwright().start()
    try:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception as exc:
        pw.stop()
        _unavailable(f"Chromium at {CHROMIUM} does not start: {exc}")
    yield browser
    browser.close()
    pw.stop()


@pytest.fixture(scope="session")
def app_server(chromium: Any) -> Iterator[AppServer]:
    """The app as a user gets it; stopped (SIGTERM, then kill) at the end of the session."""
    server = start_server(log_name=f"streamlit-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.log")
    # one visit to "/" before the tests: the first start of the script costs imports and the
    # sample plan, and would otherwise count against whichever test happens to run first
    context = chromium.new_context(viewport=VIEWPORT)
    warm = context.new_page()
    warm.goto(server.url + "/")
    warm.wait_for_selector(APP_CONNECTED, timeout=60_000)
    warm.wait_for_selector('[data-testid="stSidebar"] [data-testid="stText"]', timeout=60_000)
    context.close()
    yield server
    server.stop()


@pytest.fixture
def page(chromium: Any, app_server: AppServer) -> Iterator[Any]:
    """A fresh browser context (its own Streamlit session), offline except for the app."""
    context = chromium.new_context(viewport=VIEWPORT, locale="de-DE", accept_downloads=True)
    errors: list[str] = []

    def offline(route: Any) -> None:
        # a Jobcenter network has no internet: every request outside the app is an error (favicons, fonts, CDNs)
        if is_local(route.request.url):
            route.continue_()
        else:
            errors.append(f"Anfrage nach außen: {route.request.url[:100]}")
            route.abort()

    context.route("**/*", offline)
    pg = context.new_page()
    if os.environ.get("O7_CPU_THROTTLE"):
        context.new_cdp_session(pg).send(
            "Emulation.setCPUThrottlingRate", {"rate": float(os.environ["O7_CPU_THROTTLE"])}
        )
    pg.set_default_timeout(30_000)
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.o7_errors = errors  # type: ignore[attr-defined]
    yield pg
    context.close()


# --------------------------------------------------------------------------- helpers used by the tests


def open_page(pg: Any, server: AppServer, name: str, *, ready: str | None = None) -> None:
    """Open page ``name`` (a key of ``PAGES``), wait until the script has run to its end and the page has been drawn.

    The frontend draws the last elements of a run a moment after the script state turns
    ``notRunning``; ``ready`` (a selector) or, without it, a main area that stops changing
    marks the page as drawn.
    """
    pg.goto(f"{server.url}/{page_url(name)}")
    pg.wait_for_selector(APP_CONNECTED)
    pg.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stMain"] h2')
    pg.wait_for_selector(APP_IDLE)
    if ready is not None:
        pg.wait_for_selector(ready)
    settle(pg)


def settle(pg: Any, quiet_ms: int = 400, timeout: float = 20_000) -> None:
    """Wait until the main area's DOM has not changed for ``quiet_ms`` and the script is idle."""
    pg.wait_for_function(SETTLE_JS, arg=quiet_ms, timeout=timeout, polling=100)


def watch_run(pg: Any) -> None:
    """Call before an interaction that reruns the script; ``wait_run`` then waits for that rerun."""
    pg.evaluate(WATCH_JS)


def wait_run(pg: Any, timeout: float = 5_000) -> None:
    """Wait until the rerun started after ``watch_run`` is over (script state back to ``notRunning``).

    On a busy machine the frontend can apply "started" and "finished" in one render, so that the
    attribute never shows ``running``; after ``timeout`` the wait settles for an idle, quiet page.
    The tests then check the new content with ``expect`` (which retries), never the wait alone.
    """
    with contextlib.suppress(PlaywrightTimeout):
        pg.wait_for_function(RUN_DONE_JS, timeout=timeout, polling=50)
    pg.wait_for_selector(APP_IDLE)
    settle(pg, quiet_ms=200)


CLOSED_GROUP = '[data-testid="stMain"] [data-testid="stExpander"] details:not([open]) > summary'


def open_group(pg: Any, label: str) -> None:
    """Open the group (``o7app.widgets.group``) whose heading contains ``label`` and wait for its rerun: a page
    arrives with its groups closed, and a group draws its content only once it is opened (issue 19)."""
    summary = pg.locator(CLOSED_GROUP).filter(has_text=label).first
    if summary.count() == 0:
        return  # open already
    watch_run(pg)
    summary.click()
    wait_run(pg)


def open_groups(pg: Any, limit: int = 8) -> None:
    """Open every group of the page: all closed ones in view at once, then those their content brought.

    The clicks of one round come faster than the reruns they ask for; Streamlit folds them into one rerun
    whose widget states hold every group open (the frontend sends all its widget states with each request),
    so a page with eight groups costs one or two reruns here instead of eight.
    """
    for _ in range(limit):
        if pg.locator(CLOSED_GROUP).count() == 0:
            return
        watch_run(pg)
        pg.evaluate("(sel) => document.querySelectorAll(sel).forEach((summary) => summary.click())", CLOSED_GROUP)
        wait_run(pg)
    assert pg.locator(CLOSED_GROUP).count() == 0, "a group of the page does not open"


def assert_no_error(pg: Any) -> None:
    """No exception box, no traceback text, no uncaught script error in the browser."""
    assert pg.locator('[data-testid="stException"]').count() == 0, pg.locator(
        '[data-testid="stException"]'
    ).first.inner_text()
    body = pg.locator('[data-testid="stMain"]').inner_text()
    assert "Traceback" not in body
    assert "Diese Seite wird gerade gebaut" not in body, "page is still a placeholder"
    assert pg.o7_errors == [], pg.o7_errors
    assert pg.get_by_text("Page not found").count() == 0


def metric_values(pg: Any) -> dict[str, str]:
    """Metric label → shown value (non-breaking spaces as in the DOM)."""
    values = {}
    for metric in pg.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        values[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return values


def metric(pg: Any, label: str) -> Any:
    """The value locator of the metric whose label contains ``label`` (for ``expect``)."""
    card = pg.locator('[data-testid="stMetric"]').filter(
        has=pg.locator('[data-testid="stMetricLabel"]', has_text=label)
    )
    return card.locator('[data-testid="stMetricValue"]')


def metric_value(pg: Any, label_start: str) -> str:
    for label, value in metric_values(pg).items():
        if label.startswith(label_start):
            return value
    raise AssertionError(f"no metric starting with {label_start!r}: {metric_values(pg)}")


def screenshot(pg: Any, name: str) -> Path:
    """Viewport screenshot to test-artifacts/screenshots/ (and docs/screenshots/ on request)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    pg.screenshot(path=str(path))
    if UPDATE_DOC_SCREENSHOTS:
        DOC_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOC_SCREENSHOTS / f"{name}.png")
    return path


__all__ = [
    "PAGES",
    "assert_no_error",
    "metric",
    "metric_value",
    "metric_values",
    "open_group",
    "open_groups",
    "open_page",
    "screenshot",
    "settle",
    "wait_run",
    "watch_run",
]
