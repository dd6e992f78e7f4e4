"""Load test through the balancer: N browser sessions on M replicas behind HAProxy (``deploy/cluster.py``).

Used by ``tests/browser/test_balancer.py`` (bounded) and ``scripts/bench_balancer.py`` (the full run that
``python -m o7core.bench`` reports). No pytest here. Everything runs on 127.0.0.1: the browser aborts
every other request.

Each session is one Playwright context (its own cookies, so its own Streamlit session) in one
Chromium. It uploads its own Jobcenter's data template (``jobcenter_file``: its own name, JCNR,
Bundesland, BG and call volumes), checks its figures against the core's plan for that file, moves
the target slider and checks each new figure, and downloads the Anlage (XLSX), whose numbers must
be the core's for the session's own scenario. Every text a session sees is kept; afterwards no
session may show a figure or a name that belongs to another session only (cross-over).

With ``kill`` set, one replica is killed (SIGKILL) once every session has done its first part: its
users must get the German notice of ``o7app.betrieb`` on a live replica and can go on there (upload
again, slider, Anlage); everybody else goes on undisturbed with their own data. ``kill=BUSY_REPLICA``
picks the replica at that moment: the one with the fewest users among those with users (so that a
run with few sessions always has users on the killed replica and on the others).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import random
import re
import statistics
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from deploy.cluster import COOKIE, Cluster
from tests.browser.support import (
    APP_CONNECTED,
    APP_IDLE,
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    RUN_DONE_JS,
    SETTLE_JS,
    VIEWPORT,
    WATCH_JS,
    is_local,
    sample_scenario,
)

MOVED_TEXT = "Die Verbindung zum Server wurde unterbrochen"
#: what the start page lists after loading a file without master data (o7core.load_rule._fresh_reset)
NO_NAME_TEXT = "die Datei nennt kein Jobcenter"
TARGET_SLIDER = '[data-testid="stSlider"]:has-text("Ziel telefonische Erreichbarkeit") input[type="range"]'
VZA_VALUE = (
    '[data-testid="stMetric"]:has([data-testid="stMetricLabel"]:has-text("Bedarf in VZA")) '
    '[data-testid="stMetricValue"]'
)
GESPRAECHE_VALUE = (
    '[data-testid="stMetric"]:has([data-testid="stMetricLabel"]:has-text("Erforderliche Gespräche")) '
    '[data-testid="stMetricValue"]'
)
SLIDER_MOVED_JS = """(before) => {
  for (const s of document.querySelectorAll('[data-testid="stSlider"]')) {
    if (s.textContent.includes('Ziel telefonische Erreichbarkeit')) {
      const el = s.querySelector('input[type="range"]');
      return !!el && el.getAttribute('aria-valuetext') !== before;
    }
  }
  return false;
}"""
STEP = 0.005  # one arrow key on the target slider
TIMEOUT = 240_000  # ms: one wait on a page (2 shared cores, 30 sessions, 3 replicas)
#: the bound of one wait in the running load test (``load_test(wait_ms=...)``; TIMEOUT unless set)
_LIMIT = {"ms": TIMEOUT}


def _wait_ms() -> float:
    return _LIMIT["ms"]


#: seconds between two sessions' starts: all are open at once all the same (the barrier before the
#: second part counts them on the replicas), but 30 Chromium pages do not parse Streamlit's 8 MB of
#: JavaScript in the same second
STAGGER = 1.0
#: sessions that work (open the page, upload, move the slider, download) at the same moment. All
#: sessions are open together (Streamlit counts them at the barrier, and they stay open to the end),
#: but on 2 shared cores 30 Chromium pages loading and 30 script runs at one moment only measure the
#: queue: with a bounded number at work every wait stays short and the run finishes on a busy machine.
#: The benchmark (scripts/bench_balancer.py --active) sets it to the number of sessions.
ACTIVE = 6
#: headless pages must not be throttled as background tabs while 30 of them run; no host but 127.0.0.1
#: resolves (the browser stays offline without a Playwright route, which would send each of the ~5000
#: requests of 30 page loads through this Python process: on 2 busy cores some then fail in the browser)
EXTRA_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]

#: (city, Bundesland) of the generated Jobcenters (invented files, real places)
CITIES = (
    ("Aalen", "BW"), ("Bamberg", "BY"), ("Celle", "NI"), ("Dessau-Roßlau", "ST"), ("Erfurt", "TH"),
    ("Fulda", "HE"), ("Gera", "TH"), ("Hameln-Pyrmont", "NI"), ("Ingolstadt", "BY"), ("Jena", "TH"),
    ("Kiel", "SH"), ("Lörrach", "BW"), ("Minden-Lübbecke", "NW"), ("Neuss", "NW"), ("Oldenburg", "NI"),
    ("Passau", "BY"), ("Quedlinburg", "ST"), ("Rostock", "MV"), ("Siegen-Wittgenstein", "NW"), ("Trier", "RP"),
    ("Ulm", "BW"), ("Villingen-Schwenningen", "BW"), ("Weimar", "TH"), ("Xanten", "NW"), ("Zwickau", "SN"),
    ("Bochum", "NW"), ("Cottbus", "BB"), ("Dortmund", "NW"), ("Essen", "NW"), ("Freiburg", "BW"),
    ("Görlitz", "SN"), ("Halle (Saale)", "ST"), ("Ilm-Kreis", "TH"), ("Kassel", "HE"), ("Leipzig", "SN"),
)  # fmt: skip


@dataclass(frozen=True)
class JobcenterFile:
    index: int
    name: str  # "JC Aalen"
    jcnr: str
    filename: str
    content: bytes
    scenario: Any  # the core's scenario after loading this file into a fresh session

    def figures(self, steps: int = 0) -> dict[str, str]:
        """Erforderliche Gespräche and Bedarf in VZA after ``steps`` arrow keys on the target slider."""
        from o7core import fmt
        from o7core.scenario import plan_scenario

        plan = plan_scenario(self.at(steps))
        return {
            "Erforderliche Gespräche": fmt.count(plan.totals.required_conversations),
            "Bedarf in VZA": fmt.fte(plan.totals.fte_required),
        }

    def at(self, steps: int):
        target = round(self.scenario.parameters.target_reachability + steps * STEP, 3)
        return replace(self.scenario, parameters=replace(self.scenario.parameters, target_reachability=target))

    def appendix_numbers(self, steps: int) -> list[float]:
        """The numbers in the core's Anlage (XLSX) for this file after ``steps`` slider steps."""
        from o7core.appendix import appendix_for
        from o7core.export_xlsx import to_xlsx

        return xlsx_numbers(to_xlsx(appendix_for(self.at(steps))))


def jobcenter_file(index: int) -> JobcenterFile:
    """Jobcenter number ``index``: the sample's months with its own volumes, master data and format.

    Two of three files are the data template as XLSX (sheets Monatswerte and Stammdaten: name,
    JCNR, Bundesland, BG), every third one the template as CSV (months only, no master data). The
    expected scenario is the one the app makes of the file in a fresh session, by the app's own load
    rule (``o7core.load_rule``, docs/jobcenterwechsel.md): both kinds replace the sample with a fresh
    agreement, so a CSV session has no Jobcenter name at all (the page says so), not the sample's.
    """
    from o7core.importing import read_data_file
    from o7core.load_rule import MODE_ASK, decide, load, price_library
    from o7core.model import MonthData
    from o7core.template import months_to_csv, months_to_xlsx

    city, land = CITIES[index % len(CITIES)]
    rng = random.Random(1000 + index)
    base = sample_scenario()
    factor = 0.45 + 0.11 * index  # 0,45× … 3,6× the sample's calls: every session's figures differ
    months = []
    for m in base.months:
        wobble = factor * rng.uniform(0.93, 1.07)
        calls = round(m.calls * wobble)
        conversations = min(calls, round((m.conversations or 0) * wobble))
        months.append(
            MonthData(
                month=m.month,
                calls=calls,
                repeat_calls=min(calls, round((m.repeat_calls or 0) * wobble)),
                forwarded_calls=m.forwarded_calls,
                conversations=conversations,
            )
        )
    jobcenter = replace(
        base.jobcenter,
        name=f"JC {city}",
        jcnr=f"JC{91001 + index}",
        state=land,
        bg_count=round((base.jobcenter.bg_count or 10_000) * factor),
    )
    own = replace(base, jobcenter=jobcenter, months=tuple(months))
    as_csv = index % 3 == 2
    content = months_to_csv(own) if as_csv else months_to_xlsx(own)
    filename = f"jobcenter_{index + 1:02d}.{'csv' if as_csv else 'xlsx'}"
    result = read_data_file(content, filename)
    if not result.ok:  # pragma: no cover - the generator is wrong, not the app
        raise AssertionError([str(p) for p in result.problems])
    decision = decide(base, result, current_is_sample=True)
    if decision.mode == MODE_ASK:  # pragma: no cover - the app would ask; the generator is wrong
        raise AssertionError(decision)
    loaded = load(base, result, mode=decision.mode, price_sheets=price_library()).scenario
    return JobcenterFile(index, loaded.jobcenter.name, loaded.jobcenter.jcnr, filename, content, loaded)


def xlsx_numbers(raw: bytes) -> list[float]:
    """Every numeric cell of a workbook, sorted (dates and texts left out)."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    out = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            out.extend(float(v) for v in row if isinstance(v, int | float) and not isinstance(v, bool))
    return sorted(round(v, 6) for v in out)


# --------------------------------------------------------------------------- one session


@dataclass
class Session:
    file: JobcenterFile
    steps: int
    replica: str = ""
    replica_after: str = ""
    moved: bool = False
    seen: list[str] = field(default_factory=list)
    own_values: set[str] = field(default_factory=set)  # every figure this session may show
    marks: set[str] = field(default_factory=set)  # its "Erforderliche Gespräche" figures and its name
    latencies: list[float] = field(default_factory=list)
    uploads: list[float] = field(default_factory=list)  # seconds from choosing the file to its own figure
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    failed: list[str] = field(default_factory=list)  # requests the browser gave up (after a kill: expected)
    anlage_ok: bool | None = None
    slider_steps: int = 0  # where the slider stands now (steps from the file's own target)
    failover: float | None = None  # seconds from the kill to the German notice on the new replica


class Run:
    """Shared state of one load test: the barrier before the kill, and the kill itself."""

    def __init__(self, cluster: Cluster, sessions: list[Session], kill: str | None, active: int) -> None:
        self.cluster = cluster
        self.sessions = sessions
        self.kill = kill
        #: at most this many sessions work at the same moment (load, upload, slider, Anlage); the others
        #: stay open on their replica, so all sessions are open at once at the barrier
        self.active = asyncio.Semaphore(active)
        self.arrived = 0
        self.all_arrived = asyncio.Event()
        self.killed = asyncio.Event()
        self.sessions_at_kill: dict[str, int] = {}
        self.killed_at = 0.0

    def arrive(self) -> None:
        self.arrived += 1
        if self.arrived == len(self.sessions):
            self.all_arrived.set()


async def _wait(page, what: str, js: str, arg=None, polling: int = 100, timeout: float | None = None) -> None:
    try:
        await page.wait_for_function(js, arg=arg, timeout=timeout or _wait_ms(), polling=polling)
    except Exception as exc:
        raise RuntimeError(f"{what}: {str(exc).splitlines()[0][:120]}") from exc


async def _settled(page) -> None:
    await page.wait_for_selector(APP_IDLE, timeout=_wait_ms())
    await _wait(page, "Seite kommt nicht zur Ruhe", SETTLE_JS, 250)


async def _run_over(page) -> None:
    with contextlib.suppress(Exception):
        await page.wait_for_function(RUN_DONE_JS, timeout=3_000, polling=50)
    await _settled(page)


async def _text(page) -> str:
    main = await page.locator('[data-testid="stMain"]').inner_text()
    side = await page.locator('[data-testid="stSidebar"]').inner_text()
    return side + "\n" + main


async def _cookie(context) -> str:
    return {c["name"]: c["value"] for c in await context.cookies()}.get(COOKIE, "")


async def _goto_page(page, title: str, ready: str) -> None:
    await page.evaluate(WATCH_JS)
    await page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).click()
    await page.wait_for_selector(ready, timeout=_wait_ms())
    await _run_over(page)


async def _open_group(page, label: str, inside: str) -> None:
    """Open the group headed ``label`` unless ``inside`` (a selector of its content) is there already: the pages
    arrive with their groups closed (issue 19)."""
    if await page.locator(inside).count() > 0:
        return
    await page.evaluate(WATCH_JS)
    await page.locator('[data-testid="stExpander"] summary').filter(has_text=label).first.click()
    await page.wait_for_selector(inside, timeout=_wait_ms())
    await _run_over(page)


async def _upload(page, s: Session) -> None:
    await _open_group(page, "Eigene Daten hochladen", '[data-testid="stFileUploader"]')
    path = ARTIFACTS / "lasttest" / s.file.filename
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(s.file.content)
    uploader = page.locator('[data-testid="stFileUploader"]').filter(has_text="Datei mit Monatswerten")
    await page.evaluate(WATCH_JS)
    start = time.perf_counter()
    await uploader.locator('input[type="file"]').set_input_files(str(path))
    await page.get_by_text(f"„{s.file.filename}“ geladen").wait_for(timeout=_wait_ms())
    expected = s.file.figures(0)["Erforderliche Gespräche"]
    await page.locator(GESPRAECHE_VALUE).filter(has_text=expected).wait_for(timeout=_wait_ms())
    s.uploads.append(time.perf_counter() - start)
    await _run_over(page)
    s.slider_steps = 0
    text = await _text(page)
    s.seen.append(text)
    # the page names the Jobcenter of the file; a file without master data (CSV with months only)
    # replaces the sample all the same, and the page asks for name, JCNR and Bundesland instead
    expected_name = s.file.name or NO_NAME_TEXT
    if expected_name not in text:
        s.errors.append(f"„{expected_name}“ fehlt nach dem Hochladen von {s.file.filename}")
    if not s.file.name and sample_scenario().jobcenter.name in text:
        s.errors.append(f"Name der Beispieldaten nach dem Hochladen von {s.file.filename} (ohne Stammdaten)")


def _slider_steps(s: Session, valuetext: str | None) -> int:
    """Where the target slider stands (its aria-valuetext, "56,0 %"), in steps from the file's own target."""
    from o7core.parsing import parse_percent

    value = parse_percent(valuetext or "")
    return round((value - s.file.scenario.parameters.target_reachability) / STEP)


async def _move(page, s: Session) -> None:
    """One arrow key right on the target slider; the time until the session's own new figure is shown.

    On a busy machine a key press can take longer than the wait for it and then land after the
    press repeated for it: the slider stands a step further. The figure expected is always the one
    for where the slider stands (read from the slider), so such a late press is no false error.
    """
    await _open_group(page, "Ziel, Laufzeit und Grundlage", TARGET_SLIDER)
    thumb = page.locator(TARGET_SLIDER)
    await thumb.focus()
    before = await thumb.get_attribute("aria-valuetext")
    for n in range(1, 4):  # every figure that up to three presses can show is this session's own
        s.own_values.update(s.file.figures(s.slider_steps + n).values())
    for attempt in range(3):  # a key press that lands while React replaces the slider is lost: repeat it
        await page.evaluate(WATCH_JS)
        start = time.perf_counter()
        await thumb.press("ArrowRight")
        try:
            await page.wait_for_function(SLIDER_MOVED_JS, arg=before, timeout=20_000)
            break
        except Exception:
            if attempt == 2:
                raise
            s.retries += 1
    steps = _slider_steps(s, await thumb.get_attribute("aria-valuetext"))
    expected = s.file.figures(steps)
    await page.locator(VZA_VALUE).filter(has_text=expected["Bedarf in VZA"]).wait_for(timeout=_wait_ms())
    s.latencies.append(time.perf_counter() - start)
    await _run_over(page)
    late = _slider_steps(s, await thumb.get_attribute("aria-valuetext"))
    if late != steps:  # a repeated press landed after all
        expected = s.file.figures(late)
        await page.locator(VZA_VALUE).filter(has_text=expected["Bedarf in VZA"]).wait_for(timeout=_wait_ms())
        await _run_over(page)
    if late <= s.slider_steps:
        s.errors.append(f"Schieberegler steht auf Schritt {late}, erwartet mehr als {s.slider_steps}")
    s.slider_steps = late
    s.marks.add(expected["Erforderliche Gespräche"])
    s.seen.append(await _text(page))


async def _anlage(page, s: Session) -> None:
    await _goto_page(page, "Anlage", '[data-testid="stDownloadButton"]')
    button = page.locator('[data-testid="stDownloadButton"]').filter(has_text="Excel")
    async with page.expect_download(timeout=_wait_ms()) as info:
        await button.click()
    download = await info.value
    path = await download.path()
    got = xlsx_numbers(Path(path).read_bytes())
    s.anlage_ok = got == s.file.appendix_numbers(s.slider_steps)
    if not s.anlage_ok:
        s.errors.append("Anlage (XLSX) enthält nicht die Zahlen des eigenen Szenarios")
    s.seen.append(await _text(page))


async def _check_clean(page, s: Session) -> None:
    if await page.locator('[data-testid="stException"]').count():
        s.errors.append("Fehlerkasten (stException)")
    text = await _text(page)
    for bad in ("Traceback", "Connection error", "Is Streamlit still running"):
        if bad in text:
            s.errors.append(f"„{bad}“ auf der Seite")


ON_NEW_REPLICA_JS = """(killed) => {
  const app = document.querySelector('[data-testid="stApp"]');
  const cookie = (document.cookie.match(/(?:^|;\\s*)O7SERVER=([^;]*)/) || [])[1] || '';
  return !!app && app.getAttribute('data-test-connection-state') === 'CONNECTED' && cookie !== '' &&
    cookie !== killed && !new URL(window.location.href).searchParams.has('o7_wechsel');
}"""


async def _after_kill(page, run: Run, s: Session, anlage: bool) -> None:
    """The second part with a replica killed: its users see the German notice and go on elsewhere."""
    step = "weiter nach dem Ausfall"
    try:
        if s.replica == run.kill:
            step = "Hinweis nach dem Ausfall"
            await page.get_by_text(MOVED_TEXT).wait_for(timeout=_wait_ms())
            # the notice is on the page the watch script reloaded on the new replica: connected there, the
            # cookie names a live replica, and the reload's ?o7_wechsel= is gone again (nothing reloads later)
            await _wait(page, "neue Replik nach dem Ausfall", ON_NEW_REPLICA_JS, arg=run.kill)
            await _settled(page)
            s.failover = time.perf_counter() - run.killed_at
            s.moved = True
            s.seen.append(await _text(page))
            step = "erneut hochladen"
            await page.locator('[data-testid="stSidebarNav"] a').filter(has_text="Start / Daten").click()
            await page.wait_for_selector('[data-testid="stMain"] [data-testid="stExpander"]', timeout=_wait_ms())
            await _settled(page)
            await _upload(page, s)
            await _goto_page(page, "Planung", VZA_VALUE)
        step = "Schieberegler nach dem Ausfall"
        await _move(page, s)
        if anlage:
            step = "Anlage nach dem Ausfall"
            await _anlage(page, s)
    except Exception as exc:
        raise RuntimeError(f"{step}: {str(exc).splitlines()[0][:160]}") from exc
    if s.replica != run.kill and MOVED_TEXT in await _text(page):
        s.errors.append("Hinweis auf Serverwechsel, obwohl die eigene Replik lebt")


async def session(browser, run: Run, s: Session, *, anlage: bool, delay: float) -> None:
    await asyncio.sleep(delay)
    context = await browser.new_context(viewport=VIEWPORT, locale="de-DE", accept_downloads=True)
    page = await context.new_page()
    page.set_default_timeout(_wait_ms())
    page.set_default_navigation_timeout(_wait_ms())
    page.on("pageerror", lambda exc: s.errors.append(f"Skriptfehler im Browser: {str(exc)[:120]}"))
    page.on(
        "request",
        lambda request: None if is_local(request.url) else s.errors.append(f"Anfrage nach außen: {request.url[:80]}"),
    )
    page.on("requestfailed", lambda request: s.failed.append(f"{request.url[-60:]}: {request.failure}"))
    s.own_values.update(s.file.figures(0).values())
    s.marks.update({s.file.figures(0)["Erforderliche Gespräche"], s.file.name} - {""})
    arrived = False
    step = "Start"
    try:
        async with run.active:
            step = "Seite öffnen"
            await page.goto(run.cluster.url + "/", wait_until="commit")
            await page.wait_for_selector(APP_CONNECTED, timeout=_wait_ms())
            await page.wait_for_selector('[data-testid="stMetric"]', timeout=_wait_ms())
            await _settled(page)
            s.replica = await _cookie(context)
            step = "Hochladen"
            await _upload(page, s)
            step = "Planung"
            await _goto_page(page, "Planung", VZA_VALUE)
            for _ in range(s.steps):
                step = f"Schieberegler {s.slider_steps + 1}"
                await _move(page, s)
            await _check_clean(page, s)
        run.arrive()
        arrived = True
        await run.killed.wait()  # all sessions stay open until they have been counted (and one replica killed)
        async with run.active:
            if run.kill is None:  # no kill (or none possible: reported as an error)
                if anlage:
                    step = "Anlage"
                    await _anlage(page, s)
            else:
                step = "nach dem Ausfall"
                await _after_kill(page, run, s, anlage)
            await _check_clean(page, s)
        s.replica_after = await _cookie(context)
    except Exception as exc:  # a stuck session is a finding of the load test, not its crash
        s.errors.append(f"{type(exc).__name__} bei „{step}“: {str(exc).splitlines()[0][:160]}")
        with contextlib.suppress(Exception):
            await page.screenshot(path=str(ARTIFACTS / "lasttest" / f"fehler_{s.file.index + 1:02d}.png"))
    finally:
        if not arrived:
            run.arrive()
        await context.close()


#: ``load_test(kill=BUSY_REPLICA)``: kill a replica that has users, while other replicas have users too
BUSY_REPLICA = "auto"


def _victim(sessions: list[Session]) -> str | None:
    """The replica with the fewest users (at least one) among several with users; None if all are on one."""
    users: dict[str, int] = {}
    for s in sessions:
        if s.replica:
            users[s.replica] = users.get(s.replica, 0) + 1
    if len(users) < 2:
        return None
    return min(sorted(users), key=lambda r: users[r])


async def _killer(run: Run) -> None:
    await run.all_arrived.wait()
    # every session is open here (none has closed its tab yet): Streamlit's own count per replica
    run.sessions_at_kill = {r.name: r.active_sessions() for r in run.cluster.members if r.alive()}
    if run.kill == BUSY_REPLICA:
        run.kill = _victim(run.sessions)
        if run.kill is None:
            for s in run.sessions:
                s.errors.append("alle Sitzungen auf einer Replik: keine zum Ausfallen mit anderen daneben")
    if run.kill is not None:
        run.cluster.kill(run.kill)
    run.killed_at = time.perf_counter()
    run.killed.set()


# --------------------------------------------------------------------------- the whole test


@dataclass
class Report:
    sessions: int
    replicas: int
    per_replica: dict[str, int]  # sessions by the balancer's cookie at the start
    server_sessions: dict[str, int]  # Streamlit's active sessions per replica (/_stcore/metrics) once all are open
    errors: list[str]
    crossovers: list[str]
    moved: int
    killed: str | None
    p50_ms: float  # slider → the session's own new figure
    p95_ms: float
    upload_p50_ms: float  # file chosen → the session's own figure on the start page
    upload_p95_ms: float
    moves: int
    retries: int
    anlagen: int
    rss_start_mb: dict[str, float]
    rss_end_mb: dict[str, float]
    seconds: float
    failover_max_s: float | None = None  # kill → German notice on the new replica, slowest moved user

    @property
    def ok(self) -> bool:
        spread = all(n > 0 for n in self.per_replica.values()) and len(self.per_replica) == self.replicas
        return not self.errors and not self.crossovers and spread

    def mb_per_session(self) -> float | None:
        grown = [
            (self.rss_end_mb[r] - self.rss_start_mb[r]) / n
            for r, n in self.per_replica.items()
            if n and r in self.rss_end_mb and r != self.killed
        ]
        return statistics.mean(grown) if grown else None


def crossovers(sessions: list[Session]) -> list[str]:
    """Figures or names that one session showed but only another session could have."""
    sample = set(sample_figures().values()) | {sample_scenario().jobcenter.name}
    found = []
    for s in sessions:
        text = "\n".join(s.seen)
        mine = s.own_values | s.marks | sample
        for other in sessions:
            if other is s:
                continue
            for value in other.marks - mine:
                # a whole figure or name, not a part of a longer number ("20.976" in "120.976,5")
                if re.search(rf"(?<![\d.,]){re.escape(value)}(?![\d]|,\d)", text):
                    found.append(f"{s.file.name} ({s.file.filename}) zeigt {value} aus {other.file.filename}")
    return found


def sample_figures() -> dict[str, str]:
    from o7core import fmt
    from o7core.scenario import plan_scenario

    plan = plan_scenario(sample_scenario())
    return {
        "Erforderliche Gespräche": fmt.count(plan.totals.required_conversations),
        "Bedarf in VZA": fmt.fte(plan.totals.fte_required),
    }


async def _warm(browser, url: str, count: int) -> None:
    """One page per replica before the clock starts (the first script run of a process imports pandas …)."""

    async def one() -> None:
        context = await browser.new_context(viewport=VIEWPORT)
        try:
            page = await context.new_page()
            page.set_default_timeout(_wait_ms())
            page.set_default_navigation_timeout(_wait_ms())
            await page.goto(url + "/", wait_until="commit")
            await page.wait_for_selector('[data-testid="stMetric"]', timeout=_wait_ms())
        finally:
            await context.close()

    await asyncio.gather(*(one() for _ in range(count)))


def _quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0,5 = median, 0,95 = p95) of ``values``; 0 without values."""
    if not values:
        return 0.0
    if len(values) == 1:
        return values[0]
    if q == 0.5:
        return statistics.median(values)
    return statistics.quantiles(values, n=100, method="inclusive")[round(q * 100) - 1]


async def load_test(
    cluster: Cluster,
    *,
    sessions: int = 30,
    steps: int = 2,
    kill: str | None = None,
    anlage: bool = True,
    active: int = ACTIVE,
    anlage_every: int = 1,
    wait_ms: float = TIMEOUT,
) -> Report:
    """``sessions`` users at once through ``cluster``'s balancer (Chromium, Playwright).

    With ``anlage``, every ``anlage_every``-th session (the first, …) also downloads its Anlage.
    ``wait_ms`` bounds each single wait on a page (a stuck step is reported with its name).
    """
    _LIMIT["ms"] = wait_ms
    try:
        return await _load_test(cluster, sessions, steps, kill, anlage, active, anlage_every)
    finally:
        _LIMIT["ms"] = TIMEOUT


async def _load_test(
    cluster: Cluster, sessions: int, steps: int, kill: str | None, anlage: bool, active: int, anlage_every: int
) -> Report:
    from playwright.async_api import async_playwright

    if not CHROMIUM.exists():
        raise RuntimeError(f"kein Chromium unter {CHROMIUM}")
    files = [jobcenter_file(i) for i in range(sessions)]
    if len({f.figures(0)["Erforderliche Gespräche"] for f in files}) != sessions:
        raise AssertionError("Prüfung untauglich: die Dateien ergeben nicht lauter verschiedene Zahlen")
    all_sessions = [Session(f, steps) for f in files]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS + EXTRA_ARGS
        )
        try:
            await _warm(browser, cluster.url, cluster.replicas * 2)
            rss_start = {r.name: r.rss_mb() for r in cluster.members}
            run = Run(cluster, all_sessions, kill, active)
            started = time.perf_counter()
            await asyncio.gather(
                _killer(run),
                *(
                    session(browser, run, s, anlage=anlage and i % anlage_every == 0, delay=STAGGER * i)
                    for i, s in enumerate(all_sessions)
                ),
            )
            seconds = time.perf_counter() - started
            rss_end = {r.name: r.rss_mb() for r in cluster.members if r.alive()}
            server = run.sessions_at_kill
            kill = run.kill  # the replica chosen for BUSY_REPLICA
        finally:
            await browser.close()
    per_replica = {r.name: 0 for r in cluster.members}
    for s in all_sessions:
        if s.replica:
            per_replica[s.replica] = per_replica.get(s.replica, 0) + 1
    errors = [f"{s.file.name} ({s.file.filename}, {s.replica or '?'}): {e}" for s in all_sessions for e in s.errors]
    errors += [f"{s.file.name}: abgebrochene Anfragen {s.failed[:3]}" for s in all_sessions if s.errors and s.failed]
    if kill is not None:
        for s in all_sessions:
            if s.replica == kill and not s.moved and not s.errors:
                errors.append(f"{s.file.name}: kein Hinweis nach dem Ausfall von {kill}")
            if s.replica != kill and s.replica_after and s.replica_after != s.replica:
                errors.append(f"{s.file.name}: von {s.replica} nach {s.replica_after} verschoben, ohne Ausfall")
    times = sorted(t for s in all_sessions for t in s.latencies)
    uploads = sorted(t for s in all_sessions for t in s.uploads)
    return Report(
        sessions=sessions,
        replicas=cluster.replicas,
        per_replica=per_replica,
        server_sessions=server,
        errors=errors,
        crossovers=crossovers(all_sessions),
        moved=sum(s.moved for s in all_sessions),
        killed=kill,
        p50_ms=_quantile(times, 0.5) * 1000,
        p95_ms=_quantile(times, 0.95) * 1000,
        upload_p50_ms=_quantile(uploads, 0.5) * 1000,
        upload_p95_ms=_quantile(uploads, 0.95) * 1000,
        moves=len(times),
        retries=sum(s.retries for s in all_sessions),
        anlagen=sum(bool(s.anlage_ok) for s in all_sessions),
        rss_start_mb=rss_start,
        rss_end_mb=rss_end,
        seconds=seconds,
        failover_max_s=max((s.failover for s in all_sessions if s.failover is not None), default=None),
    )


#: Streamlit keeps a closed tab's session for ``server.disconnectedSessionTTL`` (120 s in .streamlit/config.toml);
#: the leak run sets it short, so that the memory read at a mark is the app's, not that of 2 minutes of closed tabs
LEAK_SESSION_TTL = 5


@dataclass
class LeakRun:
    """Memory of each replica over ``loads`` real page loads (``page_loads``)."""

    loads: int
    warmup: int
    marks: dict[int, dict[str, float]]  # loads done → RSS (MiB) per replica: 0, warmup, loads
    sessions: dict[int, dict[str, int]]  # loads done → Streamlit's open sessions per replica at that mark
    per_replica: dict[str, int]  # page loads per replica (by the balancer's cookie)
    failed: list[str]
    load_p50_ms: float
    load_p95_ms: float
    seconds: float

    def growth_per_100(self) -> dict[str, float]:
        """MiB per 100 page loads after the warm-up, per replica (from the marks at ``warmup`` and ``loads``)."""
        measured = self.loads - self.warmup
        first, last = self.marks[self.warmup], self.marks[self.loads]
        return {r: (last[r] - first[r]) * 100 / measured for r in last if r in first and measured > 0}


async def _rss_after_ttl(cluster: Cluster, ttl: float) -> tuple[dict[str, float], dict[str, int]]:
    """RSS and connected sessions per replica, ``ttl`` + 1 s after the last load's tab was closed.

    Streamlit drops an expired session when its session store is next changed (the next closed tab), so at
    every mark the few sessions of the last ``ttl`` seconds may still be held: the same few at each mark.
    """
    await asyncio.sleep(ttl + 1)
    return {r.name: r.rss_mb() for r in cluster.members}, {r.name: r.active_sessions() for r in cluster.members}


async def page_loads(
    cluster: Cluster, count: int = 200, *, warmup: int = 50, parallel: int = 3, ttl: float = LEAK_SESSION_TTL
) -> LeakRun:
    """``count`` real page loads of the app through the balancer in one Chromium; RSS per replica at 0, ``warmup``, ``count``.

    ``parallel`` browser contexts, each pinned to one replica by the balancer's cookie (round robin over the
    replicas), so that every replica gets its share; each load is a new tab in one of them (a new Streamlit
    session, as a user's new tab): open ``/``, wait until the app is connected, the sample's figures are drawn
    and the script is idle, close the tab (its WebSocket closes, Streamlit keeps the session for ``ttl``
    seconds). The contexts keep the browser's HTTP cache, as a user's browser does, so the run measures the
    replicas, not 200 downloads of Streamlit's JavaScript. Each wait bounded at 60 s; a failed load is counted,
    not retried.
    """
    from playwright.async_api import async_playwright

    if not 0 < warmup < count:
        raise ValueError("0 < warmup < count")
    started = time.perf_counter()
    marks = {0: {r.name: r.rss_mb() for r in cluster.members}}
    sessions = {0: {r.name: r.active_sessions() for r in cluster.members}}
    per_replica = {r.name: 0 for r in cluster.members}
    failed: list[str] = []
    times: list[float] = []

    async def one(context, replica: str, i: int) -> None:
        page = await context.new_page()
        try:
            page.set_default_timeout(60_000)
            t0 = time.perf_counter()
            await page.goto(cluster.url + "/", wait_until="commit", timeout=60_000)
            await page.wait_for_selector(APP_CONNECTED, timeout=60_000)
            await page.locator(GESPRAECHE_VALUE).wait_for(timeout=60_000)
            await page.wait_for_selector(APP_IDLE, timeout=60_000)
            times.append(time.perf_counter() - t0)
            if await _cookie(context) != replica:
                failed.append(f"Aufruf {i + 1}: nicht auf {replica}")
            per_replica[replica] += 1
            if await page.locator('[data-testid="stException"]').count():
                failed.append(f"Aufruf {i + 1}: Fehlerkasten")
        except Exception as exc:
            failed.append(f"Aufruf {i + 1}: {str(exc).splitlines()[0][:120]}")
        finally:
            await page.close()

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS + EXTRA_ARGS
        )
        try:
            contexts = []
            for k in range(parallel):
                replica = cluster.members[k % len(cluster.members)].name
                context = await browser.new_context(viewport=VIEWPORT, locale="de-DE")
                await context.add_cookies([{"name": COOKIE, "value": replica, "url": cluster.url}])
                contexts.append((context, replica))
            done = 0
            for mark in (warmup, count):
                while done < mark:
                    batch = contexts[: mark - done]
                    await asyncio.gather(*(one(c, r, done + k) for k, (c, r) in enumerate(batch)))
                    done += len(batch)
                marks[mark], sessions[mark] = await _rss_after_ttl(cluster, ttl)
        finally:
            await browser.close()
    return LeakRun(
        loads=count,
        warmup=warmup,
        marks=marks,
        sessions=sessions,
        per_replica=per_replica,
        failed=failed,
        load_p50_ms=_quantile(sorted(times), 0.5) * 1000,
        load_p95_ms=_quantile(sorted(times), 0.95) * 1000,
        seconds=time.perf_counter() - started,
    )


__all__ = [
    "LEAK_SESSION_TTL",
    "JobcenterFile",
    "LeakRun",
    "Report",
    "crossovers",
    "jobcenter_file",
    "load_test",
    "page_loads",
]
