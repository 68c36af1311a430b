"""`newsdesk serve --demo` as a user runs it: a real process, a real port, real databases."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as r:  # loopback only
        return r.status, r.read().decode()


@pytest.mark.slow
def test_serve_demo_shows_a_populated_site_and_stops_cleanly(database_url: str, tmp_path: Path) -> None:
    port, demo_port = free_port(), free_port()
    env = dict(os.environ, NEWSDESK_DATABASE_URL=database_url, NEWSDESK_DEMO_PORT=str(demo_port))
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "serve", "--demo", "--port", str(port)],
        cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(base + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "serve did not come up in 60 s"
            time.sleep(0.2)
        status, html = get(base + "/")
        assert status == 200 and html.count(">Read more</a>") == 20
        assert 'dir="rtl"' in html and "…" in html
        sources = json.loads(get(base + "/api/v1/sources")[1])["sources"]
        assert len(sources) == 4 and all(s["item_count"] > 0 and s["last_error"] is None for s in sources)
        # the demo's watchlist: items tagged at ingest, in English and Persian
        status, page = get(base + "/entities/narvan-dasht")
        assert status == 200 and "<mark>نارون" in page
        assert "<mark>Harbourton" in get(base + "/entities/harbourton")[1]
    finally:
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert f"open http://127.0.0.1:{port}/" in err
