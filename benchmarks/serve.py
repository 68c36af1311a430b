"""Serve benchmark: requests/s and p50/p99 latency of newsdesk's pages, feed and API with
100,000 items, against a bare FastAPI endpoint returning a constant string, in the same run.

    .venv/bin/python benchmarks/serve.py [--items 100000] [--seconds 10] [--connections 50]

Needs `wrk` (Debian package). Both servers are real processes (uvicorn, one worker) on
loopback; wrk runs with 2 threads and N connections against each URL in turn, so the load
generator shares the machine's CPUs with the server alike for every URL.
Goal (issue 3): the listing >= 0.5x the bare endpoint's requests/s, p99 <= 100 ms.
The fixed URLs are answered from newsdesk's response cache after the first request (as a
busy site's front page is); a last target requests item pages at random across all items,
which the cache mostly misses, to show the rendering path itself.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BARE_APP = """
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
app = FastAPI()
@app.get("/", response_class=PlainTextResponse)
def root() -> str:
    return "hello"
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def populate(url: str, n_items: int) -> int:
    """n_items items in 100 sources, written through the store like a worker would."""
    sys.path.insert(0, str(ROOT / "src"))
    from newsdesk.model import FetchRecord, NormalizedItem, SourceKind, SourceStatus
    from newsdesk.store import open_store

    store = open_store(url)
    now = datetime.now(UTC)
    per_source = max(1, n_items // 100)
    body = "<p>" + "Words of a paragraph in the article body. " * 30 + "</p>"
    for s in range(100):
        src = store.add_source(f"https://outlet{s}.example/feed", kind=SourceKind.FEED,
                               name=f"Outlet {s}", tags=(f"tag{s % 10}",), now=now)
        for start in range(0, per_source, 1000):
            items = tuple(
                NormalizedItem(
                    keys=(f"url:{s:06d}{i:034d}",), guid=None,
                    url=f"https://outlet{s}.example/a/{i}", title=f"Headline {s}-{i} about the subject",
                    teaser="A teaser of about thirty words that says what the article is about " * 3 + "…",
                    summary_html=None, content_html=body, author="A. Writer",
                    published_at=now - timedelta(minutes=i * 7 + s), updated_at=None,
                    language="fa" if i % 5 == 0 else "en", content_hash=f"{s}-{i}")
                for i in range(start, min(per_source, start + 1000))
            )
            store.apply_fetch(FetchRecord(source_id=src.id, started_at=now, duration_ms=1,
                                          outcome="ok", next_check_at=now + timedelta(hours=1),
                                          interval_seconds=1800, status=SourceStatus.ACTIVE,
                                          items=items), "bench")
    count = store.count_items()
    store.close()
    print(f"populated {count} items", file=sys.stderr)
    return count  # ids run 1..count in a fresh database


def wait_up(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # loopback only
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not come up")


RANDOM_ITEMS = """
math.randomseed(42)
request = function()
  return wrk.format("GET", "/items/" .. math.random(1, {n}))
end
"""


def wrk(url: str, seconds: int, connections: int, script: Path | None = None) -> dict[str, float]:
    extra = ["-s", str(script)] if script else []
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *extra, url],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    lat = {}
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        assert m, out
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        lat[pct] = float(m.group(1)) * scale
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": lat["50"], "p99": lat["99"],
            "non2xx": float(errors.group(1)) if errors else 0.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: apt-get install wrk")
    work = Path(tempfile.mkdtemp(prefix="newsdesk-serve-"))
    db = f"sqlite:///{work / 'serve.db'}"
    item_id = populate(db, args.items)  # also the highest item id
    (work / "bare.py").write_text(BARE_APP)
    bare_port, nd_port = free_port(), free_port()
    env = dict(os.environ, NEWSDESK_DATABASE_URL=db, NEWSDESK_LOG_LEVEL="WARNING")
    py = sys.executable
    procs = [
        subprocess.Popen([py, "-m", "uvicorn", "bare:app", "--port", str(bare_port),
                          "--log-level", "warning", "--no-access-log"], cwd=work,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
        subprocess.Popen([py, "-m", "newsdesk", "serve", "--no-worker", "--port", str(nd_port)],
                         cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL),
    ]
    try:
        bare = f"http://127.0.0.1:{bare_port}"
        nd = f"http://127.0.0.1:{nd_port}"
        wait_up(bare + "/")
        wait_up(nd + "/healthz")
        targets = [("bare FastAPI /", bare + "/"), ("newsdesk /", nd + "/"),
                   ("newsdesk item page", f"{nd}/items/{item_id}"),
                   ("newsdesk /feed.atom", nd + "/feed.atom"),
                   ("newsdesk /api/v1/items", nd + "/api/v1/items")]
        results = {}
        for name, url in targets:
            urllib.request.urlopen(url, timeout=10).read()  # warm up (and prove it answers)
            results[name] = wrk(url, args.seconds, args.connections)
        # the same item page for random ids among all items: the cache (4,096 entries)
        # mostly misses, so this is the rendering path with its database reads
        script = work / "random_items.lua"
        script.write_text(RANDOM_ITEMS.replace("{n}", str(item_id)))
        results["item pages, random (uncached)"] = wrk(nd, args.seconds, args.connections, script)
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    base = results["bare FastAPI /"]["rps"]
    print(f"{args.items} items, SQLite, {args.connections} connections, wrk -t2, {args.seconds} s each, "
          f"{os.cpu_count()} CPUs")
    print(f"{'target':<32}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'vs bare':>10}{'non-2xx':>9}")
    for name, r in results.items():
        print(f"{name:<32}{r['rps']:>10.0f}{r['p50']:>10.2f}{r['p99']:>10.2f}"
              f"{r['rps'] / base:>9.2f}x{r['non2xx']:>9.0f}")
    listing = results["newsdesk /"]
    ok = listing["rps"] >= 0.5 * base and listing["p99"] <= 100
    print(f"goal: listing >= 0.5x bare and p99 <= 100 ms: {'met' if ok else 'NOT MET'}")


if __name__ == "__main__":
    main()
