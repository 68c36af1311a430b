"""The worker: many fetches in threads, one writer.

Sources are claimed from the database with a lease (`Store.claim`); fetching, parsing and
normalising run in a thread pool; every finished fetch is written by the calling thread, so
a process has exactly one writer. Several worker processes (on PostgreSQL, on many
machines) share the work through the leases; a worker that dies leaves leases that expire.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass, field

from newsdesk.model import FetchRecord, Source
from newsdesk.pipeline import Deps, fetch_source, internal_error, retag_batch
from newsdesk.settings import Settings
from newsdesk.store import Store

log = logging.getLogger(__name__)

Progress = Callable[[Source, FetchRecord], None]
RETAG_SECONDS = 2.0


@dataclass
class RunSummary:
    sources: int = 0
    failed: int = 0
    new_items: int = 0
    updated_items: int = 0
    errors: list[str] = field(default_factory=list)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Worker:
    def __init__(self, store: Store, settings: Settings, deps: Deps | None = None,
                 name: str | None = None) -> None:
        self.store = store
        self.settings = settings
        self.deps = deps or Deps.from_settings(settings, store=store)
        self.name = name or worker_name()
        self.stop_event = threading.Event()
        # one pool of fetch threads for the worker's life: parse processes are tied to the
        # thread that started them (see pipeline.die_with_parent)
        self.pool = ThreadPoolExecutor(max_workers=settings.fetch_concurrency,
                                       thread_name_prefix="fetch")

    def close(self) -> None:
        self.deps.close()  # the parse processes first: they end with the fetch threads
        self.pool.shutdown(wait=True, cancel_futures=True)

    def run_once(self, *, all_sources: bool = False, source_ids: Sequence[int] | None = None,
                 progress: Progress | None = None) -> RunSummary:
        """Fetch every due source once (or every polled source, or the given ones) and return."""
        wanted: list[int] | None = None
        if source_ids is not None:
            wanted = list(dict.fromkeys(source_ids))
        elif all_sources:
            wanted = self.store.source_ids(polled_only=True)
        summary = RunSummary()
        width = self.settings.fetch_concurrency
        running: dict[Future[FetchRecord], Source] = {}
        exhausted = False
        while not self.stop_event.is_set():
            if not exhausted and len(running) < width:
                claimed = self._claim(width * 2 - len(running), wanted)
                exhausted = not claimed
                for source in claimed:
                    running[self.pool.submit(fetch_source, source, self.deps)] = source
            if not running:
                break
            done, _ = wait(running, timeout=1.0, return_when=FIRST_COMPLETED)
            self._record([(running.pop(f), f) for f in done], summary, progress)
        # stopping: finish what is running
        self._record([(s, f) for f, s in running.items()], summary, progress)
        return summary

    def _claim(self, limit: int, wanted: list[int] | None) -> list[Source]:
        if limit <= 0:
            return []
        now = self.deps.clock()
        lease = self.settings.fetch_lease_seconds
        if wanted is None:
            return self.store.claim(worker=self.name, now=now, lease_seconds=lease, limit=limit)
        while wanted:
            batch = wanted[:limit]
            del wanted[:limit]  # a source leased by another worker is that worker's to do
            claimed = self.store.claim(worker=self.name, now=now, lease_seconds=lease,
                                       limit=limit, ids=batch)
            if claimed:
                return claimed
        return []

    def _record(self, finished: list[tuple[Source, Future[FetchRecord]]], summary: RunSummary,
                progress: Progress | None) -> None:
        """Write every finished fetch in one transaction: one commit for many sources."""
        if not finished:
            return
        records = []
        for source, future in finished:
            try:
                records.append(future.result())
            except Exception as exc:  # a bug in one source's processing must not stop the others
                log.exception("internal error while fetching source %s (%s)", source.id, source.url)
                records.append(internal_error(source, self.deps, exc))
        results = self.store.apply_fetches(records, self.name)
        for (source, _future), record, result in zip(finished, records, results, strict=True):
            summary.sources += 1
            summary.new_items += result.new
            summary.updated_items += result.updated
            if record.error is not None:
                summary.failed += 1
                summary.errors.append(f"source {source.id} ({source.url}): {record.error}")
                log.warning("source %s (%s): %s", source.id, source.url, record.error)
            if progress is not None:
                progress(source, record)

    def run_forever(self, progress: Progress | None = None) -> None:
        """Loop until `stop()`: run what is due, then sleep until the next source is due."""
        log.info("worker %s started", self.name)
        while not self.stop_event.is_set():
            try:
                self.run_once(progress=progress)
                if self.retag_some() and not self.stop_event.is_set():
                    continue  # more items to re-tag: fetch what is due, then go on
            except Exception:  # the loop must survive a failing database for a while
                log.exception("worker %s: run failed; retrying", self.name)
            self.stop_event.wait(self._sleep_seconds())
        log.info("worker %s stopped", self.name)

    def retag_some(self, seconds: float = RETAG_SECONDS) -> int:
        """Re-tag stored items after a watchlist change, batch by batch, for at most about
        `seconds`, so that fetching goes on in between. Returns how many were re-tagged."""
        done = 0
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and not self.stop_event.is_set():
            n = retag_batch(self.store, self.deps)
            if not n:
                break
            done += n
        if done:
            log.info("worker %s: re-tagged %d items with the watchlist", self.name, done)
        return done

    def _sleep_seconds(self) -> float:
        idle = self.settings.worker_idle_seconds
        try:
            due = self.store.next_due_at()
        except Exception:  # a sleep estimate only; run_once reports database faults
            return idle
        if due is None:
            return idle
        return max(0.05, min(idle, (due - self.deps.clock()).total_seconds()))

    def stop(self) -> None:
        self.stop_event.set()
