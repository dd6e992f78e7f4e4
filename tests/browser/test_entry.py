"""Deep links into a freshly started server: the first visitor's bookmark must get the whole app.

Streamlit registers the files of a ``pages/`` folder beside the entry point as pages of their own
until ``app.py`` has called ``st.navigation`` once. Without ``state.ensure_router()`` a server
whose very first request is ``/planung`` runs ``pages/planung.py`` alone: no sidebar with the
Jobcenter, no presentation switch, a page list of file names. This test guards that fix.
"""

from __future__ import annotations

from tests.browser.conftest import expect
from tests.browser.support import APP_CONNECTED, APP_IDLE, VIEWPORT, is_local, start_server


def test_first_request_of_a_fresh_server_may_be_a_deep_link(chromium) -> None:
    server = start_server(log_name="streamlit-deeplink.log")
    context = chromium.new_context(viewport=VIEWPORT, locale="de-DE")
    context.route("**/*", lambda route: route.continue_() if is_local(route.request.url) else route.abort())
    try:
        page = context.new_page()
        page.goto(server.url + "/planung")
        page.wait_for_selector(APP_CONNECTED)
        page.wait_for_selector('[data-testid="stMain"] h1, [data-testid="stMain"] h2')
        page.wait_for_selector(APP_IDLE)
        # titles from st.navigation, not file names; the sidebar of app.py with its switch
        expect(page.locator('[data-testid="stSidebarNav"]')).to_contain_text("Start / Daten")
        expect(page.locator('[data-testid="stSidebar"]').get_by_text("Präsentationsmodus")).to_have_count(1)
        expect(page.locator('[data-testid="stMetric"]').first).to_be_visible()
    finally:
        context.close()
        server.stop()
