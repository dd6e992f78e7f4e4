"""The login (``O7_ANMELDUNG=oidc``, ``st.login``) in Chromium against a local OpenID Connect provider.

The provider is ``tests/browser/oidc_stub.py`` on 127.0.0.1 (discovery, authorize, token, JWKS; RS256
ID tokens, PKCE S256, one-time codes). The app runs as an operator would run it: ``streamlit run
app.py`` with ``O7_ANMELDUNG=oidc`` and an ``[auth]`` section in the secrets file. The whole flow is the
real one: Streamlit's ``/auth/login`` sends the browser to the provider, the provider back to
``/oauth2callback``, Streamlit's server exchanges the code and checks the signed ID token, and the
app sees ``st.user``. Nothing leaves 127.0.0.1.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.conftest import assert_no_error, expect, metric, open_group, screenshot, wait_run, watch_run
from tests.browser.lasttest import jobcenter_file
from tests.browser.oidc_stub import StubProvider, secrets_toml
from tests.browser.support import (
    APP_CONNECTED,
    APP_IDLE,
    ARTIFACTS,
    ROOT,
    VIEWPORT,
    AppServer,
    expected_planung,
    free_port,
    is_local,
    sample_scenario,
)

LOGIN_TEXT = "Bitte melden Sie sich mit Ihrem Dienstkonto an."


@pytest.fixture(scope="module")
def provider() -> Iterator[StubProvider]:
    with StubProvider() as p:
        yield p


@pytest.fixture(scope="module")
def login_server(
    chromium: Any, provider: StubProvider, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[AppServer]:
    """``streamlit run app.py`` with the login switched on and the stub as provider."""
    folder = tmp_path_factory.mktemp("anmeldung")
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(secrets_toml(provider, secrets.token_hex(24)), encoding="utf-8")
    port = free_port()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    log_path = ARTIFACTS / "streamlit-anmeldung.log"
    env = {k: v for k, v in os.environ.items() if k != "O7_REPLICA"}
    env["O7_ANMELDUNG"] = "oidc"
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--secrets.files",
        str(secrets_file),
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    server = AppServer(process, f"http://127.0.0.1:{port}", log_path)
    deadline = time.monotonic() + 120
    try:
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit run app.py endete mit {process.returncode}:\n{server.log()}")
            try:
                with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit nicht gesund innerhalb von 120 s:\n{server.log()}")
            time.sleep(0.2)
        yield server
    finally:
        server.stop()


def _browser_page(chromium: Any) -> tuple[Any, Any, list[str]]:
    context = chromium.new_context(viewport=VIEWPORT, locale="de-DE")
    errors: list[str] = []

    def offline(route: Any) -> None:
        if is_local(route.request.url):  # the app and the provider: both on 127.0.0.1
            route.continue_()
        else:
            errors.append(f"Anfrage nach außen: {route.request.url[:100]}")
            route.abort()

    context.route("**/*", offline)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.o7_errors = errors
    return context, page, errors


def _open(page: Any, server: AppServer) -> None:
    page.goto(server.url + "/")
    page.wait_for_selector(APP_CONNECTED, timeout=90_000)
    page.wait_for_selector(APP_IDLE, timeout=90_000)


def _log_in(page: Any, provider: StubProvider, user: dict[str, str]) -> None:
    provider.next_user = user
    expect(page.get_by_text(LOGIN_TEXT)).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Anmelden").click()
    # /auth/login → provider /authorize → /oauth2callback → "/" (a new page load, a new session)
    page.wait_for_url(lambda url: url.rstrip("/").endswith(str(page.o7_base)), timeout=60_000)
    page.wait_for_selector(APP_CONNECTED, timeout=90_000)
    expect(page.locator('[data-testid="stSidebar"]').get_by_text(f"Angemeldet: {user['name']}")).to_be_visible(
        timeout=60_000
    )


def test_without_login_the_german_login_page_and_nothing_of_the_app(chromium, login_server, provider) -> None:
    context, page, _errors = _browser_page(chromium)
    try:
        _open(page, login_server)
        expect(page.get_by_text(LOGIN_TEXT)).to_be_visible(timeout=60_000)
        expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
        screenshot(page, "anmeldung_oidc_login")
        # no figure, no page of the app, no data before the login
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.locator('[data-testid="stFileUploader"]').count() == 0
        assert "Erforderliche Gespräche" not in page.locator('[data-testid="stMain"]').inner_text()
        # no list of pages either (neither the app's nor Streamlit's file names of pages/)
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0
        # a deep link to a page of the app leads to the same login page
        page.goto(login_server.url + "/planung")
        page.wait_for_selector(APP_CONNECTED, timeout=90_000)
        expect(page.get_by_text(LOGIN_TEXT)).to_be_visible(timeout=60_000)
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert page.get_by_text("Page not found").count() == 0
        # the OAuth callback without a login started here leads back to the login page, not into the app
        page.goto(login_server.url + "/oauth2callback?code=erfunden&state=erfunden")
        page.wait_for_selector(APP_CONNECTED, timeout=90_000)
        expect(page.get_by_text(LOGIN_TEXT)).to_be_visible(timeout=60_000)
        assert page.locator('[data-testid="stMetric"]').count() == 0
        assert_no_error(page)
    finally:
        context.close()
    assert provider.issued == []  # no ID token was handed out


def test_logged_in_users_reach_the_app_each_with_their_own_data(chromium, login_server, provider) -> None:
    sample = expected_planung(sample_scenario())["Erforderliche Gespräche"]
    erika = {"sub": "u-erika", "name": "Erika Mustermann", "email": "erika@jc.example"}
    max_ = {"sub": "u-max", "name": "Max Beispiel", "email": "max@jc.example"}
    own = jobcenter_file(0)  # JC Aalen's data template (XLSX): figures of its own
    own_figure = own.figures(0)["Erforderliche Gespräche"]
    assert own_figure != sample
    path = ARTIFACTS / "anmeldung" / own.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(own.content)

    first, page, _ = _browser_page(chromium)
    second, other, _ = _browser_page(chromium)
    try:
        page.o7_base = other.o7_base = login_server.url.removeprefix("http://")
        _open(page, login_server)
        _log_in(page, provider, erika)
        # in the app: the start page with the sample's figures, the uploader, the sidebar with the pages
        expect(metric(page, "Erforderliche Gespräche")).to_have_text(sample, timeout=60_000)
        expect(page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Planung")).to_be_visible()
        screenshot(page, "anmeldung_oidc_angemeldet")
        open_group(page, "Eigene Daten hochladen")
        uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Datei mit Monatswerten")
        watch_run(page)
        uploader.locator('input[type="file"]').set_input_files(str(path))
        wait_run(page)
        expect(page.get_by_text(f"„{own.filename}“ geladen")).to_be_visible(timeout=60_000)
        expect(metric(page, "Erforderliche Gespräche")).to_have_text(own_figure, timeout=60_000)
        assert_no_error(page)

        # another user in another browser logs in while Erika works: the sample, not Erika's file
        _open(other, login_server)
        _log_in(other, provider, max_)
        expect(metric(other, "Erforderliche Gespräche")).to_have_text(sample, timeout=60_000)
        text = other.locator('[data-testid="stApp"]').inner_text()
        assert own.name not in text and own_figure not in text and "Erika" not in text
        assert_no_error(other)

        # Erika still has her own data; "Abmelden" ends her login and shows the login page again
        expect(metric(page, "Erforderliche Gespräche")).to_have_text(own_figure)
        page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Abmelden").click()
        expect(page.get_by_text(LOGIN_TEXT)).to_be_visible(timeout=60_000)
        assert page.locator('[data-testid="stMetric"]').count() == 0
        # a reload after the logout stays logged out (Streamlit removed the login cookie)
        _open(page, login_server)
        expect(page.get_by_text(LOGIN_TEXT)).to_be_visible(timeout=60_000)
        assert page.locator('[data-testid="stMetric"]').count() == 0
    finally:
        first.close()
        second.close()
    assert provider.errors == []  # every request of the login passed the provider's checks
    assert provider.issued == ["u-erika", "u-max"]
    assert provider.requests.count("POST /token") == 2
