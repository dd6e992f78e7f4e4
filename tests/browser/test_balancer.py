"""Three replicas behind HAProxy from deploy/ (127.0.0.1): sticky sessions, headers, limits, failover.

The load test itself is ``tests/browser/lasttest.py``; the full run with figures is
``scripts/bench_balancer.py`` (``python -m o7core.bench``). Here the bounded version the issue asks
for: 30 sessions open at once, each with its own Jobcenter's file (upload, one slider step; every
5th also the Anlage as XLSX), at most ``lasttest.ACTIVE`` of them working at the same moment (2 cores);
and 4 sessions with one replica killed (German notice, upload again, go on); and memory over 30 page loads
(the 200-load figure is ``python scripts/bench_balancer.py --only balancer_leak``).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.client
import os
import re
import shutil
from collections.abc import Iterator

import pytest

from deploy.cluster import COOKIE, HAPROXY, Cluster, max_upload_mb
from tests.browser.lasttest import BUSY_REPLICA, LEAK_SESSION_TTL, load_test, page_loads
from tests.browser.support import ARTIFACTS

pytestmark = pytest.mark.skipif(
    not os.path.exists(HAPROXY) and shutil.which("haproxy") is None and os.environ.get("REQUIRE_BROWSER") != "1",
    reason="kein HAProxy (apt-get install haproxy)",
)
SESSIONS = int(os.environ.get("O7_BALANCER_SESSIONS", "30"))
#: the Anlage (page switch, XLSX) of every 5th session in the 30-session run (6 of them); the run with a
#: replica killed checks every session's Anlage, and scripts/bench_balancer.py all 30
ANLAGE_EVERY = 5
#: an upper bound for one load test (seconds), not a speed goal: on a quiet 2-core machine it takes a few minutes
RUN_TIMEOUT = float(os.environ.get("O7_LOAD_TIMEOUT", "1200"))
#: the run with a replica killed: sessions (on 3 replicas), and one wait on a page (generous, far below
#: lasttest.TIMEOUT: a stuck step fails with its name)
KILL_SESSIONS = 4
KILL_WAIT_MS = 90_000


@pytest.fixture(scope="module")
def cluster(chromium) -> Iterator[Cluster]:
    with Cluster(replicas=3) as c:
        yield c


def _run(coro):
    """The async load test in its own thread: the session's sync Playwright owns this thread's event loop."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result(timeout=RUN_TIMEOUT)


def _summary(report) -> str:
    """One line for the log (pytest -s or -rP): what the run did, not a timed assertion."""
    return (
        f"Lasttest: {report.sessions} Sitzungen, je Replik {report.per_replica}, Streamlit {report.server_sessions}, "
        f"{len(report.errors)} Fehler, {len(report.crossovers)} Überkreuzungen, umgezogen {report.moved}, "
        f"Regler→Zahl p50 {report.p50_ms:.0f} ms p95 {report.p95_ms:.0f} ms, "
        f"Hochladen→Zahl p50 {report.upload_p50_ms:.0f} ms p95 {report.upload_p95_ms:.0f} ms, {report.anlagen} Anlagen, "
        f"RSS {report.rss_end_mb}, {report.seconds:.0f} s"
    )


def _request(cluster: Cluster, method: str, path: str, headers: dict[str, str] | None = None, body: bytes = b""):
    conn = http.client.HTTPConnection("127.0.0.1", cluster.port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.msg, response.read()  # msg: headers, case-insensitive
    finally:
        conn.close()


def _o7_cookie(headers) -> str | None:
    """The balancer's cookie among the Set-Cookie headers (Streamlit sets its XSRF cookie too)."""
    for header in headers.get_all("Set-Cookie") or []:
        if header.startswith(f"{COOKIE}="):
            return header
    return None


def test_balancer_sets_a_sticky_cookie_refuses_framing_and_hides_the_metrics(cluster) -> None:
    status, headers, _ = _request(cluster, "GET", "/")
    assert status == 200
    cookie = _o7_cookie(headers)
    assert cookie is not None
    assert cookie.startswith(f"{COOKIE}=r") and "SameSite=Lax" in cookie
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Content-Security-Policy"] == "frame-ancestors 'none'"
    assert "Server" not in headers  # no product name of the replica's web server
    value = cookie.split(";")[0]
    # with the cookie every request stays on its replica (the cookie handed back names the same one);
    # without it, the next browser gets the next replica
    for _ in range(5):
        status, again, _ = _request(cluster, "GET", "/_stcore/health", {"Cookie": value})
        assert status == 200 and (_o7_cookie(again) or value).split(";")[0] == value
    others = {(_o7_cookie(_request(cluster, "GET", "/")[1]) or "").split(";")[0] for _ in range(6)}
    assert others == {f"{COOKIE}=r1", f"{COOKIE}=r2", f"{COOKIE}=r3"}
    # the metrics of Streamlit are not public through the balancer, but a replica itself has them
    assert _request(cluster, "GET", "/_stcore/metrics")[0] == 404
    assert _request(cluster, "GET", "/_stcore/metrics?x=1", {"Cookie": value})[0] == 404
    assert cluster.members[0].active_sessions() >= 0


def test_upload_limit_is_the_apps_max_upload_size(cluster) -> None:
    limit = max_upload_mb() * 1024 * 1024 + 1024 * 1024
    too_big = {"Content-Length": str(limit + 1), "Cookie": f"{COOKIE}=r1"}
    conn = http.client.HTTPConnection("127.0.0.1", cluster.port, timeout=30)
    try:
        conn.putrequest("PUT", "/_stcore/upload_file/x/y")
        for k, v in too_big.items():
            conn.putheader(k, v)
        conn.endheaders()
        response = conn.getresponse()
        assert response.status == 413  # refused from the header alone, before any byte of the body
    finally:
        conn.close()
    # at the limit the balancer lets it through (Streamlit answers: no such session, not 413)
    status, _, _ = _request(
        cluster, "PUT", "/_stcore/upload_file/x/y", {"Content-Length": "10", "Cookie": f"{COOKIE}=r1"}, b"0123456789"
    )
    assert status != 413


def _failed_requests(cluster: Cluster, limit: int = 12) -> str:
    """The balancer's log lines of requests that did not end 1xx–3xx, and the logs kept for a look afterwards.

    A session stuck in the load test (once: an upload whose chip turned red, cause not in the test's
    output) is then explained by what HAProxy saw: the replica, the status, the retries and the timers.
    """
    if cluster.run_dir is None:
        return ""
    kept = ARTIFACTS / "lasttest" / "cluster"
    shutil.copytree(cluster.run_dir, kept, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.sock"))
    log = cluster.run_dir / "haproxy.log"
    lines = log.read_text(encoding="utf-8", errors="replace").splitlines() if log.exists() else []
    failed = [line for line in lines if re.search(r'\s[45]\d\d\s\d+\s.*"', line) or " -1 " in line]
    return f"\nBalancer (Protokolle in {kept}):\n" + "\n".join(failed[-limit:] or ["keine Anfrage mit 4xx/5xx"])


def test_thirty_sessions_with_their_own_files_on_three_replicas(cluster) -> None:
    report = _run(load_test(cluster, sessions=SESSIONS, steps=1, anlage=True, anlage_every=ANLAGE_EVERY))
    print(_summary(report))
    assert report.errors == [], "\n".join(report.errors) + _failed_requests(cluster)
    assert report.crossovers == []
    assert set(report.per_replica) == {"r1", "r2", "r3"}
    assert all(n > 0 for n in report.per_replica.values()), report.per_replica
    assert sum(report.per_replica.values()) == SESSIONS
    # Streamlit itself counts the sessions on each replica (asked directly, not through the balancer)
    assert all(report.server_sessions[r] >= n for r, n in report.per_replica.items()), report.server_sessions
    assert report.moves == SESSIONS
    # each Anlage (XLSX) holds the numbers of its own session's scenario
    assert report.anlagen == len(range(0, SESSIONS, ANLAGE_EVERY))


def test_a_killed_replica_sends_its_users_on_with_a_german_notice(chromium) -> None:
    with Cluster(replicas=3) as c:
        # the replica killed is one with users while others have users too (BUSY_REPLICA); each wait is
        # bounded at 90 s, so that a stuck step fails with its name instead of after 240 s
        report = _run(
            load_test(c, sessions=KILL_SESSIONS, steps=1, kill=BUSY_REPLICA, anlage=True, wait_ms=KILL_WAIT_MS)
        )
    print(
        _summary(report) + f", {report.killed} getötet, Ausfall → Hinweis höchstens {report.failover_max_s or 0:.1f} s"
    )
    assert report.errors == [], "\n".join(report.errors)
    assert report.crossovers == []
    assert report.killed is not None and report.per_replica[report.killed] > 0
    assert report.moved == report.per_replica[report.killed]  # each of its users got the German notice
    assert report.moved < KILL_SESSIONS  # and others went on undisturbed on their own replica
    # the Anlage of each session has that session's numbers, also after the move
    assert report.anlagen == KILL_SESSIONS


#: page loads of the leak check (the first LEAK_WARMUP are the warm-up; 2 tabs at a time on one replica) and
#: its bound in MiB for the 20 loads after the warm-up: generous (measured: +0,4 MB, +0,3 MB with 40 loads), a leak of
#: 1,5 MB per page load fails it. The 200-load figure on 3 replicas is the benchmark's (balancer_leak).
LEAK_LOADS, LEAK_WARMUP, LEAK_BOUND_MB = 30, 10, 30.0


def test_memory_of_a_replica_does_not_grow_with_page_loads(chromium) -> None:
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(LEAK_SESSION_TTL)}
    with Cluster(replicas=1, env=env) as c:
        run = _run(page_loads(c, count=LEAK_LOADS, warmup=LEAK_WARMUP, parallel=2))
    growth = run.marks[LEAK_LOADS]["r1"] - run.marks[LEAK_WARMUP]["r1"]
    print(
        f"Speicher r1: Anfang {run.marks[0]['r1']:.0f} MB, nach {LEAK_WARMUP} Aufrufen {run.marks[LEAK_WARMUP]['r1']:.0f} MB, "
        f"nach {LEAK_LOADS} {run.marks[LEAK_LOADS]['r1']:.0f} MB (+{growth:.1f} MB), "
        f"Seite bis Zahlen p50 {run.load_p50_ms:.0f} ms, {run.seconds:.0f} s"
    )
    assert run.failed == [], run.failed
    assert run.per_replica == {"r1": LEAK_LOADS}
    assert run.sessions[LEAK_LOADS] == {"r1": 0}  # every tab closed: no session left connected
    assert growth < LEAK_BOUND_MB, run.marks
