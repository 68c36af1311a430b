"""A fake resolver for the fetcher's `resolver` seam: reserved `.test` names only.

Names of the address plan (safety.md §2.2) are answered from a table; a name mapped to a
list of lists answers with the next list on each call (DNS rebinding); anything that is
not a `.test` name (IP literals and their numeric aliases such as `2130706434`) goes to
the system resolver, which never does real DNS for those.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Mapping, Sequence

from newsdesk.fetch.guard import system_resolver

PLAN: dict[str, list[str] | list[list[str]]] = {
    "public.test": ["127.0.0.1"],
    "internal.test": ["127.0.0.2"],
    "v6.test": ["::1"],
    "both.test": ["127.0.0.1", "127.0.0.2"],
    "mapped.test": ["::ffff:127.0.0.2"],
    "zero.test": ["0.0.0.0"],
    "rebind.test": [["127.0.0.1"], ["127.0.0.2"]],
    "metadata.test": ["169.254.169.254"],
    "policy-only.test": ["10.0.0.1"],
    "cgnat.test": ["100.64.0.1"],
    "ula.test": ["fd00::1"],
    "a.test": ["127.0.0.1"],
    "b.test": ["127.0.0.1"],
}


class FakeResolver:
    """Callable as `Resolver`; records every (host, port) it was asked."""

    def __init__(self, table: Mapping[str, Sequence[str] | Sequence[Sequence[str]]] | None = None) -> None:
        self._table = dict(PLAN if table is None else table)
        self._calls: dict[str, int] = {}
        self._lock = threading.Lock()
        self.asked: list[tuple[str, int]] = []

    def __call__(self, host: str, port: int) -> list[str]:
        name = host.lower().rstrip(".")
        with self._lock:
            self.asked.append((host, port))
            n = self._calls.get(name, 0)
            self._calls[name] = n + 1
        if not name.endswith(".test"):
            return system_resolver(host, port)
        if name not in self._table:
            raise socket.gaierror(f"fake DNS: no such name {name}")
        answer = self._table[name]
        if answer and not isinstance(answer[0], str):  # a sequence of answers: rebinding
            answers = list(answer)
            return [str(a) for a in answers[min(n, len(answers) - 1)]]
        return [str(a) for a in answer]

    def calls(self, host: str) -> int:
        with self._lock:
            return self._calls.get(host.lower(), 0)
