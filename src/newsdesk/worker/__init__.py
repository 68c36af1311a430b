"""Claim due sources → pipeline → record; the loop that `newsdesk worker` and `serve` run."""

from newsdesk.worker.runner import RunSummary, Worker

__all__ = ["RunSummary", "Worker"]
