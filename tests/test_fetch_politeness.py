"""HostLimiter with real fetches against a loopback server that records request times.

Timing assertions are generous bounds that prove the limits work, nothing tighter.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from newsdesk import model
from newsdesk.fetch import HostLimiter, SafeClient
from newsdesk.fetch.politeness import host_key
from tests.servers.hostile import Exchange, Handler, HostileServer

pytest_plugins = ["tests.servers.fixtures"]  # hostile_server, loopback_client, ...


class InFlight:
    """A handler that holds each request for `hold` seconds and tracks concurrency."""

    def __init__(self, hold: float) -> None:
        self.hold = hold
        self.lock = threading.Lock()
        self.peak: dict[str, int] = {}
        self.current: dict[str, int] = {}

    def handler(self) -> Handler:
        def handle(ex: Exchange) -> None:
            host = ex.request.headers["host"].split(":")[0]
            with self.lock:
                self.current[host] = self.current.get(host, 0) + 1
                self.peak[host] = max(self.peak.get(host, 0), self.current[host])
            ex.sleep(self.hold)
            with self.lock:
                self.current[host] -= 1
            ex.respond(200, b"<rss/>")

        return handle


def fetch_all(client: SafeClient, limiter: HostLimiter, urls: list[str], workers: int) -> list[model.FetchOutcome]:
    def one(url: str) -> model.FetchOutcome:
        host = url.split("//", 1)[1].split(":", 1)[0]
        with limiter.slot(host):
            return client.get(url)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(one, urls))


def test_per_host_concurrency_is_capped(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    inflight = InFlight(hold=0.3)
    hostile_server.route("/f", inflight.handler())
    port = hostile_server.port
    urls = [f"http://a.test:{port}/f"] * 6 + [f"http://b.test:{port}/f"] * 2
    limiter = HostLimiter(per_host_concurrency=2, min_delay=0)

    started = time.monotonic()
    results = fetch_all(loopback_client, limiter, urls, workers=8)
    took = time.monotonic() - started

    assert all(isinstance(r, model.Fetched) for r in results), results
    assert inflight.peak["a.test"] == 2  # never more, and the two slots were used at once
    assert inflight.peak["b.test"] == 2  # another host is not held up by a.test
    assert took >= 3 * 0.3 * 0.9  # six requests two at a time: at least three rounds
    assert limiter.active("a.test") == 0 and limiter.active("b.test") == 0


def test_min_delay_between_request_starts(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    hostile_server.serve("/f", b"<rss/>")
    url = f"http://a.test:{hostile_server.port}/f"
    limiter = HostLimiter(per_host_concurrency=4, min_delay=0.25)

    fetch_all(loopback_client, limiter, [url] * 4, workers=4)

    arrivals = sorted(r.received_at for r in hostile_server.requests)
    gaps = [b - a for a, b in zip(arrivals, arrivals[1:], strict=False)]
    assert len(gaps) == 3
    assert min(gaps) >= 0.15, gaps  # 0.25 s between starts, less generous scheduling noise


def test_delay_is_per_host(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    hostile_server.serve("/f", b"<rss/>")
    port = hostile_server.port
    limiter = HostLimiter(per_host_concurrency=1, min_delay=2.0)
    started = time.monotonic()
    fetch_all(loopback_client, limiter, [f"http://a.test:{port}/f", f"http://b.test:{port}/f"], workers=2)
    assert time.monotonic() - started < 1.5  # b.test did not wait for a.test's delay


def test_host_names_are_keyed_case_insensitively() -> None:
    assert host_key("Example.COM.") == host_key("example.com") == "example.com"
    limiter = HostLimiter(per_host_concurrency=1, min_delay=0)
    with limiter.slot("Example.COM."):
        assert limiter.active("example.com") == 1


def test_slot_is_released_when_the_body_raises() -> None:
    limiter = HostLimiter(per_host_concurrency=1, min_delay=0)
    with pytest.raises(RuntimeError), limiter.slot("a.test"):
        raise RuntimeError("boom")
    assert limiter.active("a.test") == 0
    with limiter.slot("a.test"):  # would block forever if the slot had leaked
        pass


def test_many_threads_never_exceed_the_limit() -> None:
    limiter = HostLimiter(per_host_concurrency=3, min_delay=0)
    lock = threading.Lock()
    current = peak = 0

    def work(_: int) -> None:
        nonlocal current, peak
        with limiter.slot("x.test"):
            with lock:
                current += 1
                peak = max(peak, current)
            time.sleep(0.002)
            with lock:
                current -= 1

    with ThreadPoolExecutor(max_workers=16) as pool:
        list(pool.map(work, range(300)))
    assert peak == 3
    assert limiter.active("x.test") == 0


@pytest.mark.parametrize(("concurrency", "delay"), [(0, 0.0), (1, -1.0)])
def test_bad_limits_are_refused(concurrency: int, delay: float) -> None:
    with pytest.raises(ValueError):
        HostLimiter(per_host_concurrency=concurrency, min_delay=delay)
