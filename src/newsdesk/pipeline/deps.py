"""What the pipeline needs, built once per worker process and shared by its fetch threads:
settings, the safe HTTP client, the per-host limiter, the parse processes, robots.txt
answers, and (for listing and sitemap sources) read access to the store's crawl state."""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

from newsdesk.fetch.client import FetchConfig, SafeClient
from newsdesk.fetch.politeness import HostLimiter
from newsdesk.model import Fetched, FetchFailed, FetchOutcome
from newsdesk.parse.robots import Robots
from newsdesk.settings import Settings

if TYPE_CHECKING:
    from newsdesk.enrich.matcher import Matcher
    from newsdesk.store import Store

R = TypeVar("R")
PR_SET_PDEATHSIG = 1
ROBOTS_TTL = 3600.0  # seconds a robots.txt answer is reused
MATCHER_CHECK = 5.0  # seconds between two looks at the stored watchlist's version
ROBOTS_RETRY = 300.0  # seconds an unreachable robots.txt (disallow all) is reused


def utcnow() -> datetime:
    return datetime.now(UTC)


def parse_process_count(setting: int) -> int:
    if setting >= 0:
        return setting
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    return cpus if cpus > 1 else 0


def die_with_parent(parent_pid: int) -> None:
    """In a parse process: end when the process that started it ends, even by SIGKILL, so a
    killed worker leaves no orphans (Linux prctl PR_SET_PDEATHSIG; it follows the starting
    *thread*, which is why the worker's fetch threads live as long as its Deps)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: orphans end when their queue breaks
        pass
    if os.getppid() != parent_pid:  # the parent died before the prctl took effect
        os._exit(1)


@dataclass
class Deps:
    """Parsing (feedparser, lxml, trafilatura) and cleaning (nh3, teasers) hold the GIL;
    with several CPUs they run in a pool of processes, spawned (never forked from this
    threaded process) on first use: `call(fn, *args)` runs `fn` there."""

    settings: Settings
    client: SafeClient
    limiter: HostLimiter
    clock: Callable[[], datetime] = field(default=utcnow)
    processes: int = 0
    store: Store | None = None
    _pool: ProcessPoolExecutor | None = field(default=None, init=False, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False, repr=False)
    _robots: dict[str, tuple[Robots, float]] = field(default_factory=dict, init=False, repr=False)
    _matcher: tuple[int, Matcher | None, float] = field(default=(-1, None, 0.0), init=False,
                                                        repr=False)

    @classmethod
    def from_settings(cls, settings: Settings, store: Store | None = None) -> Deps:
        return cls(
            settings=settings,
            client=SafeClient(FetchConfig.from_settings(settings)),
            limiter=HostLimiter(settings.fetch_per_host_concurrency, settings.fetch_per_host_delay),
            processes=parse_process_count(settings.parse_processes),
            store=store,
        )

    def call(self, fn: Callable[..., R], *args: Any) -> R:
        """`fn(*args)` in a parse process (or here, without them). `fn` must be a module-level
        function and its arguments and result picklable."""
        pool = self._parse_pool()
        if pool is None:
            return fn(*args)
        return pool.submit(fn, *args).result()

    def get(self, url: str, *, etag: str | None = None,
            last_modified: str | None = None) -> FetchOutcome:
        """A GET through the per-host limiter."""
        with self.limiter.slot((urlsplit(url).hostname or "").lower()):
            return self.client.get(url, etag=etag, last_modified=last_modified)

    def robots(self, url: str) -> Robots:
        """robots.txt of `url`'s origin, fetched once an hour per process (RFC 9309 reading:
        4xx → everything allowed; 5xx or unreachable → nothing allowed, asked again soon)."""
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}".lower()
        now = time.monotonic()
        with self._lock:
            cached = self._robots.get(origin)
        if cached is not None and cached[1] > now:
            return cached[0]
        outcome = self.get(origin + "/robots.txt")
        if isinstance(outcome, Fetched):
            robots, ttl = Robots.from_bytes(outcome.body), ROBOTS_TTL
        elif isinstance(outcome, FetchFailed) and outcome.status and 400 <= outcome.status < 500:
            robots, ttl = Robots.allow_all(), ROBOTS_TTL
        else:
            robots, ttl = Robots.disallow_all(), ROBOTS_RETRY
        with self._lock:
            self._robots[origin] = (robots, now + ttl)
        return robots

    def matcher(self, *, force: bool = False) -> tuple[Matcher | None, int]:
        """The matcher of the stored watchlist and its version; None before any watchlist.
        The version is read at most every `MATCHER_CHECK` seconds (always with `force`)."""
        if self.store is None:
            return None, 0
        held_version, held, checked = self._matcher
        now = time.monotonic()
        if not force and now - checked < MATCHER_CHECK:
            return held, held_version
        version = self.store.watchlist_version()
        if version != held_version:
            from newsdesk.enrich.matcher import Matcher
            from newsdesk.enrich.watchlist import watchlist_from_data

            data = self.store.watchlist()
            held = Matcher(watchlist_from_data({"entities": data})) if version else None
        with self._lock:
            self._matcher = (version, held, now)
        return held, version

    def allowed(self, url: str) -> bool:
        return self.robots(url).allowed(url, self.settings.fetch_user_agent)

    def _parse_pool(self) -> ProcessPoolExecutor | None:
        if self.processes <= 0:
            return None
        with self._lock:
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.processes, mp_context=multiprocessing.get_context("spawn"),
                    initializer=die_with_parent, initargs=(os.getpid(),),
                )
            return self._pool

    def close(self) -> None:
        self.client.close()
        with self._lock:
            if self._pool is not None:
                self._pool.shutdown(wait=True, cancel_futures=True)
                self._pool = None
