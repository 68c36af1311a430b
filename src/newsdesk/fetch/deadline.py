"""A wall-clock deadline over one whole fetch: every hop, headers and body.

Socket timeouts are per read: a server that sends one byte every half second never trips
them (safety.md §0.3, N17/N18). So each fetch gets a `Deadline` armed with a timer thread;
the connections of the fetch attach their sockets to it, and when the time is up the timer
shuts those sockets down, which wakes any read blocked in them (it returns EOF). The
client then sees `deadline.expired` and reports a timeout.

Only sockets are attached, never connection objects: a socket belongs to one fetch for its
whole life (the client never reuses connections), so a late timer can't hurt another fetch.
Name resolution (`getaddrinfo`) can't be interrupted this way; it is bounded by the
system resolver's own timeout.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable


class Deadline:
    """Seconds from now until the fetch must be over."""

    def __init__(self, seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self.expires_at = clock() + seconds
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._fired = False
        self._finished = False
        self._timer: threading.Timer | None = None

    def remaining(self) -> float:
        return max(0.0, self.expires_at - self._clock())

    @property
    def expired(self) -> bool:
        return self._fired or self._clock() >= self.expires_at

    def start(self) -> None:
        """Arm the timer that shuts down attached sockets when the deadline passes."""
        timer = threading.Timer(self.remaining(), self.fire)
        timer.daemon = True
        timer.name = "newsdesk-fetch-deadline"
        self._timer = timer
        timer.start()

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
        """The fetch is over: stop the timer and forget the sockets."""
        with self._lock:
            self._finished = True
            self._sockets.clear()
        if self._timer is not None:
            self._timer.cancel()

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
