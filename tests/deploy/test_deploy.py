"""deploy/: the HAProxy configuration, the replica command line and the Containerfile agree with the app."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from deploy.cluster import MULTIPART_MARGIN, example_config, max_upload_mb, render

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def test_checked_in_config_is_the_rendering_for_three_replicas() -> None:
    assert (DEPLOY / "haproxy.cfg").read_text(encoding="utf-8") == example_config(3)


def test_config_has_sticky_cookie_health_checks_and_limits() -> None:
    cfg = example_config(3)
    assert "cookie O7SERVER insert" in cfg
    assert "option httpchk GET /_stcore/health" in cfg and "http-check expect string ok" in cfg
    assert "option redispatch" in cfg
    assert re.findall(r"server (r\d) 127\.0\.0\.1:(\d+) cookie (r\d) check", cfg) == [
        ("r1", "8501", "r1"),
        ("r2", "8502", "r2"),
        ("r3", "8503", "r3"),
    ]
    # upload size: server.maxUploadSize (MB) plus Streamlit's own 1 MB for the multipart framing
    assert max_upload_mb() == 20
    assert f"gt {20 * 1024 * 1024 + MULTIPART_MARGIN} }}" in cfg
    assert "http-response set-header X-Frame-Options DENY" in cfg
    assert "frame-ancestors 'none'" in cfg
    assert "deny deny_status 404 if { path_beg /_stcore/metrics }" in cfg
    assert "timeout tunnel" in cfg


def test_upload_limit_follows_the_config(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("[server]\nmaxUploadSize = 5\n", encoding="utf-8")
    assert max_upload_mb(config) == 5
    assert max_upload_mb(tmp_path / "missing.toml") == 200  # Streamlit's default
    cfg = render([("r1", "127.0.0.1", 9000)], upload_mb=5)
    assert f"gt {5 * 1024 * 1024 + MULTIPART_MARGIN} }}" in cfg


@pytest.mark.skipif(shutil.which("haproxy") is None, reason="kein HAProxy installiert (apt-get install haproxy)")
def test_haproxy_accepts_the_config(tmp_path: Path) -> None:
    for n in (1, 3, 8):
        path = tmp_path / f"h{n}.cfg"
        path.write_text(example_config(n), encoding="utf-8")
        run = subprocess.run(["haproxy", "-c", "-q", "-f", str(path)], cwd=ROOT, capture_output=True, text=True)
        assert run.returncode == 0, run.stdout + run.stderr


def test_containerfile_runs_the_same_replica_command_as_a_non_root_user() -> None:
    text = (ROOT / "Containerfile").read_text(encoding="utf-8")
    assert "deploy/replica.sh" in text
    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users and users[-1] not in ("root", "0")
    # the only download at build time: the pinned requirements (or none with a wheelhouse)
    for line in re.findall(r"^RUN .*$", text, re.M):
        assert not re.search(r"\b(curl|wget|apt-get|git clone)\b", line), line
    assert "-r /tmp/wheels/requirements.txt" in text and "--no-index --find-links /tmp/wheels" in text
    assert "HEALTHCHECK" in text and "/_stcore/health" in text
    replica = (DEPLOY / "replica.sh").read_text(encoding="utf-8")
    assert "streamlit run app.py" in replica and "O7_ADDRESS" in replica


def test_containerfile_copies_every_folder_the_app_reads() -> None:
    """A folder left out of the image breaks only there (static/: the Karte's deck.gl)."""
    copied = set(
        re.findall(r"^COPY\s+(?:--\S+\s+)*(\S+)/\s", (ROOT / "Containerfile").read_text(encoding="utf-8"), re.M)
    )
    assert {"o7core", "o7app", "pages", "sample_data", "static", "deploy"} <= copied


def test_every_pinned_requirement_is_exact() -> None:
    for name in ("requirements.txt", "requirements-dev.txt"):
        for line in (ROOT / name).read_text(encoding="utf-8").splitlines():
            line = line.split("#")[0].strip()
            if line and not line.startswith("-r"):
                assert re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[0-9][0-9A-Za-z.\-+]*", line), (name, line)
