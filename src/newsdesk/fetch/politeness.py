"""Be polite to each host: a few requests at once, and a pause between their starts.

    limiter = HostLimiter(per_host_concurrency=2, min_delay=0.5)
    with limiter.slot(host):
        outcome = client.get(url)

`slot(host)` blocks until the host has a free slot **and** `min_delay` seconds have passed
since the previous request to that host started. One stalled host therefore holds at most
`per_host_concurrency` of the worker's threads (safety.md N26). Hosts are keyed by their
lower-case name without a trailing dot. Thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

# Forget idle hosts once this many are tracked (keeps the table small on big installs).
_PRUNE_ABOVE = 1024


@dataclass(slots=True)
class _HostState:
    active: int = 0
    next_start: float = 0.0  # monotonic time before which no new request may start


def host_key(host: str) -> str:
    return host.strip().rstrip(".").lower()


class HostLimiter:
    def __init__(
        self,
        per_host_concurrency: int,
        min_delay: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if per_host_concurrency < 1:
            raise ValueError("per_host_concurrency must be at least 1")
        if min_delay < 0:
            raise ValueError("min_delay must not be negative")
        self.per_host_concurrency = per_host_concurrency
        self.min_delay = min_delay
        self._clock = clock
        self._cond = threading.Condition()
        self._hosts: dict[str, _HostState] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        key = host_key(host)
        self._acquire(key)
        try:
            yield
        finally:
            self._release(key)

    def _acquire(self, key: str) -> None:
        with self._cond:
            while True:
                state = self._hosts.setdefault(key, _HostState())
                now = self._clock()
                if state.active < self.per_host_concurrency and now >= state.next_start:
                    state.active += 1
                    state.next_start = now + self.min_delay
                    return
                # woken by a release, or when the pause is over
                wait = None if state.active >= self.per_host_concurrency else state.next_start - now
                self._cond.wait(wait)

    def _release(self, key: str) -> None:
        with self._cond:
            self._hosts[key].active -= 1
            if len(self._hosts) > _PRUNE_ABOVE:
                self._prune()
            self._cond.notify_all()

    def _prune(self) -> None:
        now = self._clock()
        idle = [k for k, s in self._hosts.items() if s.active == 0 and s.next_start <= now]
        for key in idle:
            del self._hosts[key]

    def active(self, host: str) -> int:
        """Requests to `host` running now (for tests and status pages)."""
        with self._cond:
            state = self._hosts.get(host_key(host))
            return state.active if state else 0
