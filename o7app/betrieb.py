"""Operation behind a balancer: the notice after a replica change, and the optional login.

``app.py`` calls ``vor_der_seite()`` once per run, before the page. Without configuration it does
nothing (the single-user case: ``streamlit run app.py``).

- **Replica change**: ``deploy/cluster.py`` (and the Containerfile) name each replica in
  ``O7_REPLICA``; HAProxy keeps a browser on its replica with the cookie ``O7SERVER``. When a
  replica dies, HAProxy sends its browsers to a live replica, where Streamlit starts a new, empty
  session. The browser still sends the cookie of the old replica with that first connection, so
  the new session knows it was moved and says so in German (the uploaded file is not there).
- **Login** (``O7_ANMELDUNG=oidc``): see ``o7app.anmeldung``.
"""

from __future__ import annotations

import gc
import os

import streamlit as st

from . import state

COOKIE = "O7SERVER"
#: set by deploy/haproxy.cfg from the cookie the browser sent (HAProxy does not pass the cookie itself on)
BEFORE_HEADER = "X-O7-Replica-Before"
_MOVED = "o7_replica_moved_from"
_CHECKED = "o7_replica_checked"
_DISMISSED = "o7_replica_notice_dismissed"

MOVED_TEXT = (
    "**Die Verbindung zum Server wurde unterbrochen.** Sie arbeiten jetzt auf einem anderen Server weiter. "
    "Was Sie zuvor hochgeladen oder eingestellt hatten, ist dort nicht vorhanden: Geladen sind wieder die "
    "Beispieldaten. Bitte laden Sie Ihre Datei auf „Start / Daten“ erneut hoch oder öffnen Sie Ihr "
    "gespeichertes Szenario. Heruntergeladene Dateien auf Ihrem Rechner sind nicht betroffen."
)


_frozen = False  # set by the first freeze_imports() of the process


def freeze_imports() -> None:
    """Once per process, after the first run: every object made so far (modules, Streamlit, pandas, pyarrow,
    the pages' imports: ~170.000) moves to the collector's permanent generation (``gc.freeze``).

    A full collection then walks only what the sessions made since, instead of ~180 ms each time. Frozen
    objects are still freed by reference counting; a reference cycle among them is not collected until the
    process ends (the leak check of tests/browser/test_balancer.py watches the replicas' memory).

    Asked on every run, so the answer is a flag of this module: ``gc.get_freeze_count()`` counts the
    permanent generation object by object (~11 ms for 120.000 objects, on every page switch and slider move).
    """
    global _frozen
    if _frozen:
        return
    _frozen = True
    if gc.get_freeze_count() == 0:  # a second app module in the same process may have frozen already
        gc.collect()
        gc.freeze()


def replica_name() -> str | None:
    """This process's replica name (``O7_REPLICA``), or None when it runs alone."""
    return os.environ.get("O7_REPLICA") or None


def login_pending() -> bool:
    """True while the login is switched on and nobody is logged in (app.py then lists no page)."""
    from . import anmeldung

    return anmeldung.pending()


def vor_der_seite() -> None:
    """Everything the operation needs before a page runs: the login gate, the replica notice."""
    from . import anmeldung

    anmeldung.gate()
    replica_notice()


# Runs once per page in the browser (no user text in it). The balancer's cookie names the replica;
# when the WebSocket comes back after a break and the cookie names another replica, the old session
# is gone: the page reloads on the new replica with ``?o7_wechsel=OLD``, so that the new session
# starts at once (with the German notice below) instead of showing the old figures until the next click.
WATCH_JS = """<script>
(() => {
  if (window.__o7_replica_watch) { return; }
  window.__o7_replica_watch = true;
  const read = () => (document.cookie.match(/(?:^|;\\s*)O7SERVER=([^;]*)/) || [])[1] || null;
  const start = read();
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || !start) { return; }
  let lost = false;
  new MutationObserver(() => {
    const state = app.getAttribute('data-test-connection-state');
    if (state && state !== 'CONNECTED') { lost = true; return; }
    if (state === 'CONNECTED' && lost) {
      lost = false;
      const now = read();
      if (now && now !== start) {
        const url = new URL(window.location.href);
        url.searchParams.set('o7_wechsel', start);
        window.location.replace(url.toString());
      }
    }
  }).observe(app, {attributes: true, attributeFilter: ['data-test-connection-state']});
})();
</script>"""
PARAM = "o7_wechsel"


def replica_notice() -> None:
    """Tell a user whose replica went away that this is a new, empty session (once per session)."""
    me = replica_name()
    if me is None:
        return
    if not state.has_page_value(_CHECKED):
        state.set_page_value(_CHECKED, True)
        # the reload after a change (see WATCH_JS), or the cookie the browser sent with this
        # session's first connection (passed on by HAProxy as a header): both name the old replica
        before = st.query_params.get(PARAM) or st.context.headers.get(BEFORE_HEADER)
        if before and before != me:
            state.set_page_value(_MOVED, before)
    if PARAM in st.query_params:
        del st.query_params[PARAM]
    st.sidebar.html(WATCH_JS, unsafe_allow_javascript=True)
    if state.page_value(_MOVED) and not state.page_value(_DISMISSED):
        box = st.warning(MOVED_TEXT, icon=":material/sync_problem:")
        if st.button("Hinweis ausblenden", key="o7_replica_notice_close"):
            state.set_page_value(_DISMISSED, True)
            box.empty()


__all__ = ["MOVED_TEXT", "login_pending", "replica_name", "replica_notice", "vor_der_seite"]
