"""A wall-clock deadline over one whole fetch: every hop, headers and body.

Socket timeouts are per read: a server that sends one byte every half second never trips
them (safety.md §0.3, N17/N18). So each fetch gets a `Deadline`, armed with the process's
one watchdog thread (a heap of deadlines; a thread per fetch cost ~10% of a warm pass);
the connections of the fetch attach their sockets to it, and when the time is up the
watchdog shuts those sockets down, which wakes any read blocked in them (it returns EOF).
The client then sees `deadline.expired` and reports a timeout.

Only sockets are attached, never connection objects: a socket belongs to one fetch for its
whole life (the client never reuses connections), so a late timer can't hurt another fetch.
Name resolution (`getaddrinfo`) can't be interrupted this way; it is bounded by the
system resolver's own timeout.
"""

from __future__ import annotations

import heapq
import itertools
import socket
import threading
import time
from collections.abc import Callable


class _Watchdog:
    """One daemon thread that fires every armed deadline when its time comes."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._heap: list[tuple[float, int, Deadline]] = []
        self._seq = itertools.count()
        self._thread: threading.Thread | None = None

    def arm(self, deadline: Deadline) -> None:
        with self._cond:
            heapq.heappush(self._heap, (deadline.expires_at, next(self._seq), deadline))
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, daemon=True,
                                                name="newsdesk-fetch-deadline")
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            due: list[Deadline] = []
            with self._cond:
                while self._heap and self._heap[0][2].finished:
                    heapq.heappop(self._heap)  # finished fetches: nothing to fire
                if not self._heap:
                    self._cond.wait()
                    continue
                wait = self._heap[0][0] - time.monotonic()
                if wait > 0:
                    self._cond.wait(wait)
                    continue
                while self._heap and self._heap[0][0] <= time.monotonic():
                    due.append(heapq.heappop(self._heap)[2])
            for deadline in due:
                deadline.fire()


_WATCHDOG = _Watchdog()


class Deadline:
    """Seconds from now until the fetch must be over."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.expires_at = clock() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._fired = False
        self._finished = False

    def remaining(self) -> float:
        return max(0.0, self.expires_at - self._clock())

    @property
    def expired(self) -> bool:
        return self._fired or self._clock() >= self.expires_at

    @property
    def finished(self) -> bool:
        return self._finished

    def start(self) -> None:
        """Arm the watchdog that shuts down attached sockets when the deadline passes.
        (The watchdog works on the monotonic clock; a custom clock is for the tests of
        `expired` and `remaining`.)"""
        _WATCHDOG.arm(self)

    def attach(self, sock: socket.socket) -> None:
        """Put `sock` under the deadline (shut down at once if it has already passed)."""
        with self._lock:
            if self._finished:
                return
            if self._fired:
                _shutdown(sock)
                return
            self._sockets.append(sock)

    def fire(self) -> None:
        with self._lock:
            if self._finished:
                return
            self._fired = True
            for sock in self._sockets:
                _shutdown(sock)

    def finish(self) -> None:
        """The fetch is over: the watchdog will skip it; forget the sockets."""
        with self._lock:
            self._finished = True
            self._sockets.clear()

    def __enter__(self) -> Deadline:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.finish()


def _shutdown(sock: socket.socket) -> None:
    # socket.socket.shutdown on the file descriptor, also for an SSLSocket, whose own
    # shutdown() would drop its SSL object under a reader in another thread.
    try:
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass  # already closed or never connected: nothing left to wake
