"""Real worker processes: several share the work without doubling it, and a worker killed
at random moments (SIGKILL) loses nothing and stores nothing twice. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from newsdesk.model import SourceKind
from newsdesk.store import Store
from newsdesk.store.schema import fetch_log, items, sources
from tests.servers.feeds import entries, rss
from tests.servers.hostile import HostileServer, Reply, dynamic, start_hostile_server

FEEDS, PER_FEED = 30, 20
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def site() -> Iterator[HostileServer]:
    server = start_hostile_server()
    for n in range(FEEDS):
        body = rss(entries(PER_FEED, site=f"https://site{n}.example"), title=f"Feed {n}")

        def slow(_request: object, body: bytes = body) -> Reply:
            time.sleep(0.03)  # long enough for a kill to land mid-run
            return Reply(body=body, etag='"v1"')

        server.route(f"/feed/{n}.xml", dynamic(slow))
    yield server
    server.close()


def _env(store: Store) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "NEWSDESK_DATABASE_URL": store.url, "NEWSDESK_FETCH_ALLOW_NETWORKS": "127.0.0.1/32",
        "NEWSDESK_FETCH_PER_HOST_DELAY": "0", "NEWSDESK_FETCH_PER_HOST_CONCURRENCY": "4",
        "NEWSDESK_FETCH_CONCURRENCY": "4", "NEWSDESK_FETCH_LEASE_SECONDS": "10",
        "NEWSDESK_LOG_LEVEL": "WARNING",
    })
    return env


def _start(store: Store, *args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "newsdesk", *args], env=_env(store), cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _add_all(store: Store, site: HostileServer) -> None:
    from datetime import UTC, datetime

    for n in range(FEEDS):
        store.add_source(site.url(f"/feed/{n}.xml"), kind=SourceKind.FEED, name=f"Feed {n}",
                         now=datetime.now(UTC))


def _count(store: Store, table: object) -> int:
    with store.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


@pytest.mark.slow
def test_three_workers_share_the_due_sources(store: Store, site: HostileServer) -> None:
    _add_all(store, site)
    procs = [_start(store, "fetch") for _ in range(3)]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outputs
    assert _count(store, items) == FEEDS * PER_FEED
    assert _count(store, fetch_log) == FEEDS  # each due source fetched by exactly one worker
    assert len(site.requests) == FEEDS


def _children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.add(int(entry))
            except OSError:
                continue
    return found


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie is gone already
    except OSError:
        return False


def _wait_gone(pids: set[int], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        alive = {p for p in pids if _running(p)}
        if not alive:
            return
        time.sleep(0.05)
    raise AssertionError(f"processes outlived their killed worker: {sorted(alive)}")


def _invariants(store: Store) -> None:
    with store.read() as conn:
        if store.dialect == "sqlite":
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
            assert conn.execute(text("PRAGMA foreign_key_check")).all() == []
        per_source = dict(conn.execute(
            select(items.c.source_id, func.count()).group_by(items.c.source_id)).all())
        fetched = conn.execute(select(sources.c.id, sources.c.etag)).all()
    for source_id, etag in fetched:
        # validators never advance without their items: a later 304 would hide them forever
        if etag is not None:
            assert per_source.get(source_id) == PER_FEED, (source_id, per_source.get(source_id))
        assert per_source.get(source_id, 0) in (0, PER_FEED)


@pytest.mark.slow
def test_sigkilled_worker_loses_nothing_and_duplicates_nothing(store: Store, site: HostileServer) -> None:
    _add_all(store, site)
    rng = random.Random(1234)
    killed_mid_run = 0
    for _ in range(4):
        proc = _start(store, "fetch", "--all")
        # kill after a few more feeds were served: the worker is then fetching and writing
        target = len(site.requests) + rng.randint(4, 10)
        deadline = time.monotonic() + 30
        while len(site.requests) < target and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(rng.uniform(0, 0.05))
        killed_mid_run += proc.poll() is None
        children = _children(proc.pid)
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=30)  # would hang if an orphan kept its stdout open
        _invariants(store)
        _wait_gone(children)  # parse processes die with their worker: no orphans
    assert killed_mid_run >= 3  # the kills really landed while the worker was running
    assert 0 < _count(store, items) < FEEDS * PER_FEED
    time.sleep(10.5)  # the killed workers' leases expire
    done = _start(store, "fetch", "--all")
    out, err = done.communicate(timeout=120)
    assert done.returncode == 0, err
    _invariants(store)
    assert _count(store, items) == FEEDS * PER_FEED
