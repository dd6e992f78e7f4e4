"""Uploads are read in a worker process with a memory and a time cap, so that no file can stop the server.

One Streamlit process serves every session of a house. The readers keep their own budget
(``o7core/formats/source.py``, ``Limits``: sizes, sheets, cells, a cooperative read time of 5 s), but a
file that slips past those budgets must still not take the server down. So every uploaded file is read
by :func:`read` in a **separate process**:

- the process is forked from a small **zygote** process started once per server (``python -m
  o7app.upload_worker``, the readers and openpyxl imported there beforehand), which costs a fork per
  upload, not the import of openpyxl. (Not ``multiprocessing``: its children import the parent's
  ``__main__`` again, and in a Streamlit server that is the running page script ``app.py``.)
- its address space is capped with ``resource.setrlimit(RLIMIT_AS)`` at what it holds at the start plus
  :data:`MEMORY_BYTES`; a read that needs more ends with ``MemoryError`` in the worker, not in the server;
- it is killed after :data:`SECONDS` of wall time (twice the readers' own read time);
- at most :data:`MAX_WORKERS` uploads are read at the same time; further ones wait.

The session thread only waits on a pipe meanwhile (no Python code of the read runs in the server), so
other sessions keep answering. A refusal is one German :class:`~o7core.errors.Problem` naming the file;
the caller keeps whatever was loaded before. Outside Linux, or with ``O7_UPLOAD_WORKER=0``, the read runs
in the server process as before, bounded only by the readers' budget.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from o7core import fmt
from o7core.errors import O7InputError, Problem
from o7core.formats.source import LIMITS, MB

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
]

_slots = threading.BoundedSemaphore(MAX_WORKERS)
_lock = threading.Lock()
_zygote: subprocess.Popen[bytes] | None = None
_control: socket.socket | None = None

EXPECTED = "eine kleinere Datei oder nur das benötigte Blatt (z. B. die Monatswerte als CSV)"


def enabled() -> bool:
    """True where uploads are read in a capped worker process (Linux; ``O7_UPLOAD_WORKER=0`` switches it off)."""
    return sys.platform.startswith("linux") and os.environ.get("O7_UPLOAD_WORKER", "1") != "0"


def start() -> socket.socket | None:
    """Start the zygote once (again if it died); the app calls it at start so that the first upload is fast."""
    global _zygote, _control
    if not enabled():
        return None
    with _lock:
        if _zygote is None or _zygote.poll() is not None:
            if _control is not None:
                _control.close()
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
            root = Path(__file__).resolve().parent.parent
            env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
            _zygote = subprocess.Popen(
                [sys.executable, "-m", "o7app.upload_worker", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                cwd=root,
                env=env,
                stdin=subprocess.DEVNULL,
            )
            theirs.close()
            _control = ours
        return _control


def start_in_background() -> None:
    """:func:`start` without delaying the page that calls it."""
    if enabled() and _zygote is None:
        threading.Thread(target=start, name="o7-upload-worker-start", daemon=True).start()


# --------------------------------------------------------------------------- the zygote and its workers


def _zygote_main(control_fd: int) -> None:
    """The zygote: import the readers once, then fork one worker per connection the server sends."""
    import importlib

    for name in PRELOAD:
        with contextlib.suppress(ImportError):  # a reader that moved: the worker imports it when needed
            importlib.import_module(name)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the workers
    control = socket.socket(fileno=control_fd)
    while True:
        try:
            msg, fds, _flags, _addr = socket.recv_fds(control, 16, 4)
        except OSError:
            return
        if not msg:  # the server has gone: so does the zygote
            return
        for fd in fds:
            if os.fork() == 0:
                control.close()
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                code = 0
                try:
                    _work(socket.socket(fileno=fd))
                except BaseException:
                    code = 1
                os._exit(code)
            os.close(fd)


def _send(sock: socket.socket, data: bytes) -> None:
    sock.sendall(struct.pack("!Q", len(data)) + data)


def _recv_exact(sock: socket.socket, n: int, deadline: float | None) -> bytes:
    chunks: list[bytes] = []
    while n:
        if deadline is not None:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError
            sock.settimeout(left)
        chunk = sock.recv(min(n, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        n -= len(chunk)
    return b"".join(chunks)


def _recv(sock: socket.socket, deadline: float | None) -> bytes:
    (size,) = struct.unpack("!Q", _recv_exact(sock, 8, deadline))
    return _recv_exact(sock, size, deadline)


def _address_space() -> int:
    """Bytes of address space this process holds now (``/proc/self/statm``), 0 where unknown."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _work(conn: socket.socket) -> None:
    """In the worker: say its process id, take the request, cap memory and CPU, run the read, answer."""
    import resource

    _send(conn, struct.pack("!q", os.getpid()))
    func, args, kwargs, memory, seconds = pickle.loads(_recv(conn, None))
    base = _address_space()
    limit = (base + memory) if base else memory
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
    cpu = int(seconds) + 5  # a backstop should the server be gone: it stops the worker by SIGXCPU
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    try:
        out: tuple[str, Any] = ("ok", func(*args, **kwargs))
    except O7InputError as exc:  # the exception's args are its text; its problems travel on their own
        out = ("problems", exc.problems)
    except MemoryError:
        out = ("memory", None)
    except Exception as exc:  # re-raised in the server, where app.py shows it in German
        out = ("exception", exc)
    try:
        data = pickle.dumps(out)
    except MemoryError:
        data = pickle.dumps(("memory", None))
    except Exception as exc:  # an exception that cannot be pickled travels as text
        data = pickle.dumps(("exception", RuntimeError(f"{type(out[1]).__name__}: {exc}")))
    _send(conn, data)
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
        text = (
            "Die Datei konnte nicht gelesen werden: das Lesen brach unerwartet ab (z. B. weil es mehr als "
            f"{fmt.count(MEMORY_BYTES // MB)} MB Speicher brauchte). {keep}"
        )
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
            return payload
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
    request = pickle.dumps((func, args, kwargs, memory, seconds))
    if not _slots.acquire(timeout=seconds):
        return "busy"
    try:
        ours, theirs = socket.socketpair()
        with ours:
            for attempt in (1, 2):  # a zygote that died is started once more
                control = start()
                try:
                    assert control is not None
                    socket.send_fds(control, [b"r"], [theirs.fileno()])
                    break
                except OSError:
                    if attempt == 2:
                        return "crash"
                    with _lock:
                        if _zygote is not None:
                            _zygote.kill()
                            _zygote.wait()
            theirs.close()
            pid = -1
            try:
                # the first time the zygote still imports the readers: its answer may take a while
                (pid,) = struct.unpack("!q", _recv(ours, time.monotonic() + 120))
                _send(ours, request)
                out: tuple[str, Any] = pickle.loads(_recv(ours, time.monotonic() + seconds))
            except TimeoutError:
                if pid > 0:
                    _kill(pid)
                return "seconds"
            except (EOFError, OSError):  # the worker died without an answer (memory in C code, the OS)
                return "crash"
            return "memory" if out[0] == "memory" else out
    finally:
        _slots.release()


def _kill(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)


def read_upload(upload: Any, func: Callable[..., R], *args: Any, **kwargs: Any) -> R:
    """:func:`read` of a Streamlit upload, ``func(raw, name, *args, **kwargs)``, once per file and arguments.

    For pages that read their upload on every run (Machbarkeit, Anlage prüfen): the result (or the
    refusal) of the last read is kept in the session, so that moving a slider does not read the file again.
    """
    from . import state

    memo: dict[str, tuple[str, Any]] = state.store("o7_upload_memo")
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
    return payload


if __name__ == "__main__":
    _zygote_main(int(sys.argv[1]))
