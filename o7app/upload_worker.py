"""Uploads are read in a worker process with a memory and a time cap, so that no file can stop the server.

One Streamlit process serves every session of a house. The readers keep their own budget
(``o7core/readers/source.py``, ``Limits``: sizes, sheets, cells, a cooperative read time of 5 s), but a
file that slips past those budgets must still not take the server down. So every uploaded file is read
by :func:`read` in a **separate process**:

- the process is forked from a ``forkserver`` started once per server (the readers are imported there
  beforehand), which costs a few milliseconds per upload, not the import of openpyxl;
- its address space is capped with ``resource.setrlimit(RLIMIT_AS)`` at what it holds at the start plus
  :data:`MEMORY_BYTES`; a read that needs more ends with ``MemoryError`` in the worker, not in the server;
- it is killed after :data:`SECONDS` of wall time (twice the readers' own read time);
- at most :data:`MAX_WORKERS` uploads are read at the same time; further ones wait.

The session thread only waits on a pipe meanwhile (no Python code of the read runs in the server), so
other sessions keep answering. A refusal is one German :class:`~o7core.errors.Problem` naming the file;
the caller keeps whatever was loaded before. Where ``fork``/``resource`` do not exist (Windows), or with
``O7_UPLOAD_WORKER=0``, the read runs in the server process as before, bounded only by the readers' budget.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from o7core import fmt
from o7core.errors import O7InputError, Problem
from o7core.readers.source import LIMITS, MB

R = TypeVar("R")

#: memory a read may take on top of what the worker holds when it starts (the catalogue needs < 150 MB)
MEMORY_BYTES = 512 * MB
#: wall time of one read in the worker (the readers stop themselves after ``LIMITS.seconds``)
SECONDS = 2 * LIMITS.seconds
#: uploads read at the same time (the server has few cores; a further upload waits for a free worker)
MAX_WORKERS = 3

#: the readers imported once in the forkserver, so that a worker starts without importing them
PRELOAD = [
    "o7core.importing",
    "o7core.sc_report",
    "o7core.region",
    "o7core.intraday",
    "o7core.check",
    "o7app.board",
    "openpyxl",
    "openpyxl.worksheet._reader",
    "pypdf",
    # the server's main module is the ``streamlit`` script; every worker imports it (guarded by ``__main__``)
    "streamlit.web.cli",
]

_slots = threading.BoundedSemaphore(MAX_WORKERS)
_start_lock = threading.Lock()
_context: Any = None

#: exit codes of a worker that died of its memory cap without answering (SIGKILL, SIGSEGV, SIGABRT)
_MEMORY_DEATHS = (-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT)

EXPECTED = "eine kleinere Datei oder nur das benötigte Blatt (z. B. die Monatswerte als CSV)"


def enabled() -> bool:
    """True where uploads are read in a capped worker process (Linux/macOS with ``resource``)."""
    if os.environ.get("O7_UPLOAD_WORKER", "1") == "0":
        return False
    try:
        import resource  # noqa: F401
    except ImportError:  # pragma: no cover - Windows
        return False
    return "forkserver" in multiprocessing.get_all_start_methods()


def start() -> None:
    """Start the forkserver (idempotent; the app calls it at start so that the first upload is fast)."""
    global _context
    if not enabled():
        return
    with _start_lock:
        if _context is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(PRELOAD)
            from multiprocessing import forkserver

            forkserver.ensure_running()
            _context = ctx


def start_in_background() -> None:
    """:func:`start` without delaying the page that calls it."""
    if enabled() and _context is None:
        threading.Thread(target=start, name="o7-upload-worker-start", daemon=True).start()


def _address_space() -> int:
    """Bytes of address space this process holds now (``/proc/self/statm``), 0 where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn: Any, memory: int, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """In the worker: cap the memory, run the read, send ``(kind, payload)`` back."""
    import resource

    base = _address_space()
    limit = (base + memory) if base else memory
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        out: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except O7InputError as exc:  # the exception's args are its text; its problems travel on their own
        out = ("problems", exc.problems)
    except MemoryError:
        out = ("memory", None)
    except BaseException as exc:  # re-raised in the server, where app.py shows it in German
        out = ("exception", exc)
    try:
        data = pickle.dumps(out)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    except Exception as exc:  # an exception that cannot be pickled travels as text
        data = pickle.dumps(("exception", RuntimeError(f"{type(out[1]).__name__}: {exc}")))
    conn.send_bytes(data)
    conn.close()


def refusal(filename: str, reason: str) -> Problem:
    """The German refusal of a read that the worker stopped: ``reason`` is ``seconds``, ``memory``, ``crash`` or ``busy``."""
    keep = "Die bisher geladenen Daten bleiben erhalten."
    if reason == "seconds":
        text = (
            f"Die Datei konnte nicht in der erlaubten Zeit von {fmt.count(SECONDS)} Sekunden gelesen werden; "
            f"das Lesen wurde abgebrochen. {keep}"
        )
    elif reason == "memory":
        text = (
            f"Die Datei konnte nicht mit dem erlaubten Speicher von {fmt.count(MEMORY_BYTES // MB)} MB gelesen "
            f"werden; das Lesen wurde abgebrochen. {keep}"
        )
    elif reason == "crash":
        text = f"Die Datei konnte nicht gelesen werden: das Lesen brach unerwartet ab. {keep}"
    else:
        text = (
            "Der Server liest gerade andere Dateien und konnte diese Datei nicht rechtzeitig annehmen. "
            f"{keep} Bitte die Datei in einer Minute erneut hochladen."
        )
        return Problem(text, file=filename)
    return Problem(text, file=filename, expected=EXPECTED)


def read(
    func: Callable[..., R],
    *args: Any,
    filename: str,
    on_refusal: Callable[[tuple[Problem, ...]], R] | None = None,
    seconds: float | None = None,
    memory: int | None = None,
    **kwargs: Any,
) -> R:
    """``func(*args, **kwargs)`` run in a capped worker process; its result, or its ``O7InputError`` re-raised.

    ``func`` must be a module-level function (it is sent to the worker by name), its arguments and
    result picklable. A read stopped by the time or memory cap raises :class:`O7InputError` with one
    German problem naming ``filename`` – or, with ``on_refusal``, returns ``on_refusal(problems)`` (for
    readers that report problems in their result instead of raising).
    """
    if not enabled():
        return func(*args, **kwargs)
    seconds = SECONDS if seconds is None else seconds
    memory = MEMORY_BYTES if memory is None else memory
    reason = _run(func, args, kwargs, seconds, memory)
    if isinstance(reason, tuple):
        kind, payload = reason
        if kind == "ok":
            return payload  # type: ignore[no-any-return]
        if kind == "problems":
            raise O7InputError(payload)
        raise payload
    problems = (refusal(filename, reason),)
    if on_refusal is not None:
        return on_refusal(problems)
    raise O7InputError(problems)


def _run(
    func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], seconds: float, memory: int
) -> tuple[str, Any] | str:
    """The worker's ``(kind, payload)``, or the reason it was stopped: ``seconds``, ``memory``, ``crash``, ``busy``."""
    start()
    if not _slots.acquire(timeout=seconds):
        return "busy"
    try:
        receive, send = _context.Pipe(duplex=False)
        process = _context.Process(target=_child, args=(send, memory, func, args, kwargs), daemon=True)
        process.start()  # returns once the forkserver has forked (the first time: after its imports)
        deadline = time.monotonic() + seconds
        send.close()
        try:
            if not receive.poll(max(0.0, deadline - time.monotonic())):
                return "seconds"
            try:
                out: tuple[str, Any] = pickle.loads(receive.recv_bytes())
            except EOFError:  # the worker died without an answer: out of memory in C code, or killed by the OS
                process.join(2)
                return "memory" if process.exitcode in _MEMORY_DEATHS else "crash"
            return "memory" if out[0] == "memory" else out
        finally:
            receive.close()
            if process.is_alive():
                process.kill()
            process.join(2)
    finally:
        _slots.release()


def read_upload(upload: Any, func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """:func:`read` of a Streamlit upload, ``func(raw, name, *args, **kwargs)``, once per file and arguments.

    For pages that read their upload on every run (Machbarkeit, Anlage prüfen): the result (or the
    refusal) of the last read is kept in the session, so that moving a slider does not read the file again.
    """
    import streamlit as st

    memo: dict[str, tuple[str, Any]] = st.session_state.setdefault("o7_upload_memo", {})
    key = repr((upload.file_id, args, sorted(kwargs.items())))
    slot = f"{func.__module__}.{func.__qualname__}"
    if slot in memo and memo[slot][0] == key:
        kind, payload = memo[slot][1]
    else:
        try:
            kind, payload = "ok", read(func, upload.getvalue(), upload.name, *args, filename=upload.name, **kwargs)
        except O7InputError as exc:
            kind, payload = "problems", exc.problems
        memo[slot] = (key, (kind, payload))
    if kind == "problems":
        raise O7InputError(payload)
    return payload  # type: ignore[no-any-return]
