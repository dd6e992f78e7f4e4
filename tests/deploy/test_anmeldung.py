"""The optional login (o7app.anmeldung): off by default, refuses to start with an incomplete configuration."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from o7app.anmeldung import ENV, config_problems, mode

ROOT = Path(__file__).resolve().parents[2]
COMPLETE = {
    "redirect_uri": "https://o7.example.org/oauth2callback",
    "cookie_secret": "x" * 40,
    "client_id": "o7-planer",
    "client_secret": "geheim",
    "server_metadata_url": "https://idp.example.org/.well-known/openid-configuration",
}


def test_off_by_default_and_for_the_off_words() -> None:
    for value in ("", "aus", "0", "AUS ", "false"):
        assert mode({ENV: value}) == "aus"
        assert config_problems(None, {ENV: value}) == []
    assert mode({}) == "aus"


def test_complete_configuration_has_no_problems() -> None:
    assert config_problems(COMPLETE, {ENV: "oidc"}) == []


def test_each_missing_key_is_named_in_german() -> None:
    assert config_problems(None, {ENV: "oidc"}) == ["In .streamlit/secrets.toml fehlt der Abschnitt [auth]."]
    for key in COMPLETE:
        problems = config_problems({k: v for k, v in COMPLETE.items() if k != key}, {ENV: "oidc"})
        assert problems == [f"In [auth] von .streamlit/secrets.toml fehlen: {key}."]
    assert config_problems({"redirect_uri": "", "client_id": "x"}, {ENV: "oidc"}) == [
        "In [auth] von .streamlit/secrets.toml fehlen: redirect_uri, cookie_secret, client_secret, server_metadata_url."
    ]


def test_bad_values_are_named() -> None:
    bad = {**COMPLETE, "redirect_uri": "https://o7.example.org/", "cookie_secret": "kurz", "server_metadata_url": "idp"}
    assert config_problems(bad, {ENV: "oidc"}) == [
        "redirect_uri = „https://o7.example.org/“ muss auf /oauth2callback enden.",
        "cookie_secret ist 4 Zeichen lang; nötig sind mindestens 32 Zeichen.",
        "server_metadata_url = „idp“ ist keine http(s)-Adresse.",
    ]
    assert config_problems(COMPLETE, {ENV: "ja"}) == [
        "O7_ANMELDUNG = „ja“ ist kein bekannter Wert; erwartet „oidc“ (an) oder leer (aus)."
    ]


def _app(monkeypatch: pytest.MonkeyPatch, value: str | None, secrets: dict | None) -> AppTest:
    if value is None:
        monkeypatch.delenv(ENV, raising=False)
    else:
        monkeypatch.setenv(ENV, value)
    monkeypatch.delenv("O7_REPLICA", raising=False)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    if secrets is not None:
        at.secrets["auth"] = secrets
    at.run()
    return at


def test_without_the_switch_the_app_opens_as_before(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(monkeypatch, None, None)
    assert not at.exception
    assert not at.error
    assert [b.label for b in at.button if b.label in ("Anmelden", "Abmelden")] == []
    assert any(m.label == "Erforderliche Gespräche" for m in at.metric)


def test_switch_on_with_incomplete_config_stops_with_a_german_message(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(monkeypatch, "oidc", {"redirect_uri": "https://o7.example.org/oauth2callback"})
    assert not at.exception
    text = at.error[0].value
    assert "Die Anmeldung ist eingeschaltet, aber nicht vollständig eingerichtet" in text
    assert "cookie_secret, client_id, client_secret, server_metadata_url" in text
    assert list(at.metric) == []  # no page ran: no data, no figures
    assert [b.label for b in at.button] == []


def test_switch_on_with_complete_config_asks_for_the_login(monkeypatch: pytest.MonkeyPatch) -> None:
    at = _app(monkeypatch, "oidc", COMPLETE)
    assert not at.exception
    assert not at.error
    assert [b.label for b in at.button] == ["Anmelden"]
    assert "Bitte melden Sie sich" in at.info[0].value
    assert list(at.metric) == []
