"""A tiny OpenID Connect provider on 127.0.0.1 for the login test (``test_anmeldung_oidc.py``). No pytest here.

It serves what Streamlit's ``st.login`` (Authlib's Starlette client) asks of a real provider, and
nothing more:

- ``/.well-known/openid-configuration``: the discovery document (issuer, endpoints, RS256, PKCE S256);
- ``/authorize``: the browser comes here from ``/auth/login``; the provider "knows" the user (as after a
  single sign-on at the office) and sends the browser straight back to ``redirect_uri`` with a one-time
  ``code`` and the ``state`` it was given;
- ``/token``: Streamlit's server exchanges the code (client id and secret by HTTP Basic, the PKCE
  verifier, the same ``redirect_uri``) for an access token and an ID token signed with RS256, which
  carries the ``nonce`` of the login;
- ``/jwks``: the public key that Authlib checks the ID token's signature with.

Every check a real provider makes on these requests is made here too; a request that fails one is
answered with an OAuth error and recorded in ``errors``, so a test can assert that there were none.
The user who logs in next is ``next_user`` (set by the test before it clicks "Anmelden").
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "o7-planer"
CLIENT_SECRET = "stub-geheimnis-nur-fuer-den-test"


class StubProvider:
    """The provider; ``start()`` serves it on a free port of 127.0.0.1 in a daemon thread."""

    def __init__(self) -> None:
        self.key = RSAKey.generate_key(2048, parameters={"kid": "o7-stub-1", "use": "sig", "alg": "RS256"})
        self.next_user: dict[str, str] = {"sub": "u-1", "name": "Erika Mustermann", "email": "erika@jc.example"}
        self.codes: dict[str, dict[str, Any]] = {}
        self.errors: list[str] = []
        self.requests: list[str] = []  # "GET /authorize", "POST /token" … in order
        self.issued: list[str] = []  # the subjects of the ID tokens handed out
        self._server: ThreadingHTTPServer | None = None

    # ------------------------------------------------------------------ serving

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def metadata_url(self) -> str:
        return self.url + "/.well-known/openid-configuration"

    def start(self) -> StubProvider:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet: the test reads provider.requests
                pass

            def do_GET(self) -> None:
                provider._handle(self, "GET")

            def do_POST(self) -> None:
                provider._handle(self, "POST")

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> StubProvider:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ------------------------------------------------------------------ the endpoints

    def discovery(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": self.url + "/authorize",
            "token_endpoint": self.url + "/token",
            "jwks_uri": self.url + "/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256"],
            "scopes_supported": ["openid", "email", "profile"],
        }

    def _handle(self, http: BaseHTTPRequestHandler, method: str) -> None:
        parsed = urllib.parse.urlsplit(http.path)
        self.requests.append(f"{method} {parsed.path}")
        query = dict(urllib.parse.parse_qsl(parsed.query))
        if method == "GET" and parsed.path == "/.well-known/openid-configuration":
            self._json(http, 200, self.discovery())
        elif method == "GET" and parsed.path == "/jwks":
            self._json(http, 200, KeySet([self.key]).as_dict(private=False))
        elif method == "GET" and parsed.path == "/authorize":
            self._authorize(http, query)
        elif method == "POST" and parsed.path == "/token":
            length = int(http.headers.get("Content-Length") or 0)
            form = dict(urllib.parse.parse_qsl(http.rfile.read(length).decode("ascii")))
            self._token(http, form)
        else:
            self._json(http, 404, {"error": "not_found"})

    def _authorize(self, http: BaseHTTPRequestHandler, query: dict[str, str]) -> None:
        problems = []
        if query.get("client_id") != CLIENT_ID:
            problems.append(f"client_id {query.get('client_id')!r}")
        if query.get("response_type") != "code":
            problems.append(f"response_type {query.get('response_type')!r}")
        if "openid" not in query.get("scope", "").split():
            problems.append(f"scope {query.get('scope')!r} ohne openid")
        for name in ("redirect_uri", "state", "nonce", "code_challenge"):
            if not query.get(name):
                problems.append(f"{name} fehlt")
        if query.get("code_challenge_method") != "S256":
            problems.append(f"code_challenge_method {query.get('code_challenge_method')!r}")
        if problems:
            self.errors.append("authorize: " + ", ".join(problems))
            self._json(http, 400, {"error": "invalid_request", "error_description": "; ".join(problems)})
            return
        code = secrets.token_urlsafe(24)
        self.codes[code] = {
            "redirect_uri": query["redirect_uri"],
            "nonce": query["nonce"],
            "challenge": query["code_challenge"],
            "user": dict(self.next_user),
            "expires": time.time() + 120,
        }
        target = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": query["state"]})
        http.send_response(302)
        http.send_header("Location", target)
        http.send_header("Content-Length", "0")
        http.end_headers()

    def _client(self, http: BaseHTTPRequestHandler, form: dict[str, str]) -> tuple[str, str]:
        header = http.headers.get("Authorization", "")
        if header.startswith("Basic "):
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
            return urllib.parse.unquote(user), urllib.parse.unquote(password)
        return form.get("client_id", ""), form.get("client_secret", "")

    def _token(self, http: BaseHTTPRequestHandler, form: dict[str, str]) -> None:
        client_id, client_secret = self._client(http, form)
        grant = self.codes.pop(form.get("code", ""), None)  # a code is good for one exchange only
        problems = []
        if (client_id, client_secret) != (CLIENT_ID, CLIENT_SECRET):
            problems.append(f"Client {client_id!r} mit falschem Geheimnis")
        if form.get("grant_type") != "authorization_code":
            problems.append(f"grant_type {form.get('grant_type')!r}")
        if grant is None or grant["expires"] < time.time():
            problems.append("unbekannter oder abgelaufener code")
        else:
            if form.get("redirect_uri") != grant["redirect_uri"]:
                problems.append(f"redirect_uri {form.get('redirect_uri')!r} statt {grant['redirect_uri']!r}")
            verifier = form.get("code_verifier", "")
            digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=")
            if digest.decode("ascii") != grant["challenge"]:
                problems.append("PKCE: code_verifier passt nicht zur code_challenge")
        if problems:
            self.errors.append("token: " + ", ".join(problems))
            self._json(http, 400, {"error": "invalid_grant", "error_description": "; ".join(problems)})
            return
        assert grant is not None
        now = int(time.time())
        claims = {
            "iss": self.url,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": grant["nonce"],
            **grant["user"],
        }
        id_token = jwt.encode({"alg": "RS256", "kid": "o7-stub-1"}, claims, self.key)
        self.issued.append(grant["user"]["sub"])
        self._json(
            http,
            200,
            {
                "access_token": secrets.token_urlsafe(24),
                "token_type": "Bearer",
                "expires_in": 300,
                "id_token": id_token,
            },
        )

    @staticmethod
    def _json(http: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        raw = json.dumps(body).encode("utf-8")
        http.send_response(status)
        http.send_header("Content-Type", "application/json")
        http.send_header("Cache-Control", "no-store")
        http.send_header("Content-Length", str(len(raw)))
        http.end_headers()
        http.wfile.write(raw)


def secrets_toml(provider: StubProvider, cookie_secret: str) -> str:
    """The ``[auth]`` section of ``.streamlit/secrets.toml`` for this provider (docs/betrieb.md, Anmeldung)."""
    return (
        "[auth]\n"
        'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n'
    )


__all__ = ["CLIENT_ID", "CLIENT_SECRET", "StubProvider", "secrets_toml"]
