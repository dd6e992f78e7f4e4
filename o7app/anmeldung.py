"""Optional login with ``st.login`` (OpenID Connect, ``streamlit[auth]``): off unless the operator turns it on.

Switch: the environment variable ``O7_ANMELDUNG=oidc`` on every replica. The provider is configured
in ``.streamlit/secrets.toml`` (Streamlit's own ``[auth]`` section, see docs/betrieb.md):

    [auth]
    redirect_uri = "https://o7.example.org/oauth2callback"
    cookie_secret = "… at least 32 random characters, the same on every replica …"
    client_id = "o7-planer"
    client_secret = "…"
    server_metadata_url = "https://idp.example.org/realms/ba/.well-known/openid-configuration"

With the switch on and the configuration incomplete, the app shows a German message naming what is
missing and does not start the login (nor the app). A logged-in user's data live in the session of
their browser tab only (``o7app.state``); a different user logging in within the same session starts
with an empty session, and "Abmelden" clears the session before Streamlit removes the login cookie.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

import streamlit as st

from . import state

ENV = "O7_ANMELDUNG"
ON = ("oidc",)
OFF = ("", "aus", "0", "nein", "off", "false")
SHARED_KEYS = ("redirect_uri", "cookie_secret")
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
MIN_SECRET = 32
_USER = "o7_login_subject"


def mode(environ: Mapping[str, str] = os.environ) -> str:
    """``"aus"`` or ``"oidc"``; anything else is a configuration error (``config_problems`` names it)."""
    value = environ.get(ENV, "").strip().lower()
    return "aus" if value in OFF else value


def config_problems(auth: Mapping[str, Any] | None, environ: Mapping[str, str] = os.environ) -> list[str]:
    """German messages for everything that keeps the login from working; empty when it can start."""
    value = mode(environ)
    if value == "aus":
        return []
    if value not in ON:
        return [f"{ENV} = „{environ.get(ENV, '')}“ ist kein bekannter Wert; erwartet „oidc“ (an) oder leer (aus)."]
    problems = []
    try:
        import authlib  # noqa: F401  (streamlit[auth]: st.login needs it)
    except ImportError:
        problems.append("Das Paket Authlib fehlt (pip install -r requirements.txt installiert es).")
    if not auth:
        problems.append("In .streamlit/secrets.toml fehlt der Abschnitt [auth].")
        return problems
    missing = [k for k in (*SHARED_KEYS, *PROVIDER_KEYS) if not str(auth.get(k, "") or "").strip()]
    if missing:
        problems.append("In [auth] von .streamlit/secrets.toml fehlen: " + ", ".join(missing) + ".")
    redirect = str(auth.get("redirect_uri", "") or "")
    if redirect and not redirect.endswith("/oauth2callback"):
        problems.append(f"redirect_uri = „{redirect}“ muss auf /oauth2callback enden.")
    secret = str(auth.get("cookie_secret", "") or "")
    if secret and len(secret) < MIN_SECRET:
        problems.append(f"cookie_secret ist {len(secret)} Zeichen lang; nötig sind mindestens {MIN_SECRET} Zeichen.")
    metadata = str(auth.get("server_metadata_url", "") or "")
    if metadata and not metadata.startswith(("https://", "http://")):
        problems.append(f"server_metadata_url = „{metadata}“ ist keine http(s)-Adresse.")
    return problems


def _auth_section() -> Mapping[str, Any] | None:
    try:
        section = st.secrets.get("auth")
    except Exception:  # no secrets.toml at all, or one that does not parse
        return None
    return dict(section) if section else None


def pending() -> bool:
    """The login is switched on and this browser is not logged in (or the configuration is incomplete)."""
    return mode() != "aus" and not st.user.get("is_logged_in", False)


def gate() -> None:
    """With the login switched on: only a logged-in user gets past this call (else ``st.stop()``)."""
    if mode() == "aus":
        return
    problems = config_problems(_auth_section())
    if problems:
        st.error(
            "**Die Anmeldung ist eingeschaltet, aber nicht vollständig eingerichtet.** Die App startet erst, "
            "wenn das behoben ist (Betrieb: docs/betrieb.md, Abschnitt Anmeldung).\n\n"
            + "\n".join(f"- {p}" for p in problems),
            icon=":material/lock:",
        )
        st.stop()
    if not st.user.get("is_logged_in", False):
        st.title("O.7 Planer")
        st.info("Bitte melden Sie sich mit Ihrem Dienstkonto an.", icon=":material/lock:")
        if st.button("Anmelden", type="primary", key="o7_login"):
            st.login()
        st.stop()
    subject = str(st.user.get("sub") or st.user.get("email") or "")
    if state.page_value(_USER) not in (None, subject):
        state.clear_session()  # another user in the same browser session: nothing of the previous user stays
    state.set_page_value(_USER, subject)
    with st.sidebar:
        st.caption(f"Angemeldet: {st.user.get('name') or st.user.get('email') or subject}")
        if st.button("Abmelden", key="o7_logout"):
            state.clear_session()
            st.logout()
