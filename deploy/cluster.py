"""N Streamlit replicas of O.7 Planer behind HAProxy, on 127.0.0.1, from the checkout.

    python deploy/cluster.py --replicas 3 --port 8080      # until Strg+C
    python deploy/cluster.py --render 3 > deploy/haproxy.cfg

Each replica is ``deploy/replica.sh PORT`` (the same command line as the Containerfile's), with
``O7_REPLICA=rN`` (the balancer's cookie value for that replica) and one shared
``STREAMLIT_SERVER_COOKIE_SECRET``. The balancer is ``haproxy -db -f`` with the configuration
rendered from ``deploy/haproxy.cfg.in``. Everything listens on 127.0.0.1 only; every wait is
bounded; ``Cluster.stop()`` ends every process it started (SIGTERM, then SIGKILL), by its pid.

The load test (``scripts/bench_balancer.py``) and the browser tests (``tests/browser/test_balancer.py``)
use the class ``Cluster`` from here.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
TEMPLATE = DEPLOY / "haproxy.cfg.in"
ERRORFILE = DEPLOY / "503.http"
REPLICA = DEPLOY / "replica.sh"
HAPROXY = os.environ.get("O7_HAPROXY") or shutil.which("haproxy") or "/usr/sbin/haproxy"
#: Streamlit accepts a raw upload body of maxUploadSize + 1 MB (multipart framing); the balancer the same
MULTIPART_MARGIN = 1024 * 1024
COOKIE = "O7SERVER"


def max_upload_mb(config: Path = ROOT / ".streamlit" / "config.toml") -> int:
    """``server.maxUploadSize`` of the app's configuration (Streamlit's default 200 without one)."""
    if not config.exists():
        return 200
    return int(tomllib.loads(config.read_text(encoding="utf-8")).get("server", {}).get("maxUploadSize", 200))


def render(
    servers: list[tuple[str, str, int]],
    *,
    bind: str = "127.0.0.1:8080",
    errorfile: str = "deploy/503.http",
    stats_socket: str | None = None,
    upload_mb: int | None = None,
) -> str:
    """The HAProxy configuration for ``servers`` (name, host, port), from ``deploy/haproxy.cfg.in``."""
    mb = max_upload_mb() if upload_mb is None else upload_mb
    lines = [f"    server {name} {host}:{port} cookie {name} check" for name, host, port in servers]
    stats = f"    stats socket {stats_socket} mode 600 level admin\n" if stats_socket else ""
    return TEMPLATE.read_text(encoding="utf-8").format(
        replicas=len(servers),
        stats=stats,
        errorfile=errorfile,
        bind=bind,
        max_upload_mb=mb,
        max_body=mb * 1024 * 1024 + MULTIPART_MARGIN,
        servers="\n".join(lines),
    )


def example_config(replicas: int = 3) -> str:
    """The checked-in ``deploy/haproxy.cfg``: replicas on 127.0.0.1:8501… behind 127.0.0.1:8080."""
    return render([(f"r{i + 1}", "127.0.0.1", 8501 + i) for i in range(replicas)])


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def http_get(url: str, timeout: float = 2.0) -> tuple[int, bytes]:
    """GET without proxies (only 127.0.0.1 is asked); HTTP errors are returned, not raised."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _stop(process: subprocess.Popen[bytes], timeout: float = 15.0) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@dataclass
class Replica:
    name: str
    port: int
    process: subprocess.Popen[bytes]
    log_path: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def alive(self) -> bool:
        return self.process.poll() is None

    def rss_mb(self) -> float:
        """Resident memory of the Streamlit process in MiB (``/proc/PID/status``)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError(f"kein VmRSS für {self.name}")

    def metrics(self) -> dict[str, float]:
        """Streamlit's ``/_stcore/metrics`` of this replica (asked directly, not through the balancer)."""
        status, body = http_get(self.url + "/_stcore/metrics", timeout=5)
        if status != 200:
            raise RuntimeError(f"{self.name}: /_stcore/metrics antwortet {status}")
        values: dict[str, float] = {}
        for line in body.decode("utf-8", "replace").splitlines():
            if line and not line.startswith("#"):
                key, _, value = line.rpartition(" ")
                with contextlib.suppress(ValueError):
                    values[key] = values.get(key, 0.0) + float(value)
        return values

    def active_sessions(self) -> int:
        return int(sum(v for k, v in self.metrics().items() if k.startswith("active_sessions")))

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""


@dataclass
class Cluster:
    """``replicas`` Streamlit processes and one HAProxy, all on 127.0.0.1."""

    replicas: int = 3
    port: int | None = None
    run_dir: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    members: list[Replica] = field(default_factory=list)
    balancer: subprocess.Popen[bytes] | None = None
    _own_dir: bool = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def stats_socket(self) -> Path:
        assert self.run_dir is not None
        return self.run_dir / "haproxy.sock"

    def start(self, timeout: float = 120.0) -> Cluster:
        if not Path(HAPROXY).exists():
            raise RuntimeError(f"kein HAProxy unter {HAPROXY} (apt-get install haproxy)")
        if self.run_dir is None:
            self.run_dir = Path(tempfile.mkdtemp(prefix="o7-cluster-"))
            self._own_dir = True
        self.run_dir.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        env = dict(os.environ)
        env.setdefault("STREAMLIT_SERVER_COOKIE_SECRET", secrets.token_hex(32))
        env.update(self.env)
        env["PYTHON"] = sys.executable
        try:
            for i in range(self.replicas):
                name, port = f"r{i + 1}", free_port()
                log_path = self.run_dir / f"{name}.log"
                with log_path.open("wb") as log:
                    process = subprocess.Popen(
                        [str(REPLICA), str(port)],
                        cwd=ROOT,
                        env={**env, "O7_REPLICA": name, "O7_ADDRESS": "127.0.0.1"},
                        stdout=log,
                        stderr=subprocess.STDOUT,
                    )
                self.members.append(Replica(name, port, process, log_path))
            deadline = time.monotonic() + timeout
            for replica in self.members:
                self._wait_healthy(replica.url, deadline, replica)
            config = self.run_dir / "haproxy.cfg"
            config.write_text(
                render(
                    [(r.name, "127.0.0.1", r.port) for r in self.members],
                    bind=f"127.0.0.1:{self.port}",
                    errorfile=str(ERRORFILE),
                    stats_socket=str(self.stats_socket),
                ),
                encoding="utf-8",
            )
            check = subprocess.run([HAPROXY, "-c", "-q", "-f", str(config)], capture_output=True, text=True)
            if check.returncode != 0:
                raise RuntimeError(f"HAProxy-Konfiguration ungültig:\n{check.stdout}{check.stderr}")
            with (self.run_dir / "haproxy.log").open("wb") as log:
                self.balancer = subprocess.Popen(
                    [HAPROXY, "-db", "-f", str(config)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
            self._wait_healthy(self.url, deadline, None)
        except BaseException:
            self.stop()
            raise
        return self

    def _wait_healthy(self, url: str, deadline: float, replica: Replica | None) -> None:
        while time.monotonic() < deadline:
            process = replica.process if replica else self.balancer
            if process is not None and process.poll() is not None:
                log = replica.log() if replica else self.balancer_log()
                raise RuntimeError(f"{replica.name if replica else 'HAProxy'} endete mit {process.returncode}:\n{log}")
            with contextlib.suppress(OSError):
                status, body = http_get(url + "/_stcore/health")
                if status == 200 and body.strip() == b"ok":
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{url} nicht gesund innerhalb der Frist")

    def balancer_log(self) -> str:
        path = (self.run_dir or Path("/nonexistent")) / "haproxy.log"
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def replica(self, name: str) -> Replica:
        return next(r for r in self.members if r.name == name)

    def kill(self, name: str) -> None:
        """SIGKILL one replica, as a crash would (no goodbye to its browsers)."""
        replica = self.replica(name)
        replica.process.kill()
        replica.process.wait(timeout=10)

    def haproxy_command(self, command: str) -> str:
        """One command on HAProxy's stats socket (e.g. ``show stat``)."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(5)
            s.connect(str(self.stats_socket))
            s.sendall(command.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode("utf-8", "replace")

    def server_states(self) -> dict[str, str]:
        """Replica name → HAProxy's view (``UP``, ``DOWN`` …) from ``show stat``."""
        text = self.haproxy_command("show stat")
        header = text.splitlines()[0].lstrip("# ").split(",")
        states = {}
        for line in text.splitlines()[1:]:
            row = dict(zip(header, line.split(","), strict=False))
            if row.get("pxname") == "o7_replicas" and row.get("svname") not in ("BACKEND", None):
                states[row["svname"]] = row.get("status", "")
        return states

    def wait_state(self, name: str, state: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.server_states().get(name, "").startswith(state):
                return
            time.sleep(0.2)
        raise RuntimeError(f"HAProxy meldet {name} nicht als {state}: {self.server_states()}")

    def stop(self) -> None:
        if self.balancer is not None:
            _stop(self.balancer, timeout=10)
        for replica in self.members:
            _stop(replica.process)
        if self._own_dir and self.run_dir is not None and not os.environ.get("O7_KEEP_CLUSTER_LOGS"):
            shutil.rmtree(self.run_dir, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python deploy/cluster.py", description="O.7 Planer: N Repliken hinter HAProxy auf 127.0.0.1"
    )
    parser.add_argument("--replicas", type=int, default=3, help="Anzahl der Streamlit-Repliken (Standard 3)")
    parser.add_argument("--port", type=int, default=8080, help="Port des Balancers (Standard 8080)")
    parser.add_argument("--run-dir", type=Path, help="Ordner für Konfiguration und Protokolle (Standard: temporär)")
    parser.add_argument("--render", type=int, metavar="N", help="nur die Konfiguration für N Repliken ausgeben")
    args = parser.parse_args(argv)
    if args.render:
        sys.stdout.write(example_config(args.render))
        return 0
    if not 1 <= args.replicas <= 64:
        parser.error("--replicas: 1 bis 64")
    cluster = Cluster(replicas=args.replicas, port=args.port, run_dir=args.run_dir)
    stop = False

    def on_signal(signum: int, frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    cluster.start()
    print(f"O.7 Planer: {cluster.url}  ({args.replicas} Repliken, Protokolle in {cluster.run_dir})", flush=True)
    for r in cluster.members:
        print(f"  {r.name}: {r.url} (pid {r.process.pid})", flush=True)
    try:
        while not stop:
            time.sleep(0.5)
            down = [r.name for r in cluster.members if not r.alive()]
            if down:
                print(f"Replik beendet: {', '.join(down)} (HAProxy leitet ihre Nutzer um)", flush=True)
                for name in down:
                    cluster.members.remove(cluster.replica(name))
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
