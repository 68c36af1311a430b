"""Watchlist tagging in the pipeline: new items at ingest, stored items after a change.

`Deps.matcher()` keeps the matcher of the stored watchlist, rebuilt when the watchlist
version changes (checked at most every few seconds). `tag_record()` tags a fetch's items
before the store writes them; `retag_batch()` re-tags stored items of an older version,
one batch at a time, so a worker interleaves it with fetching and ingest never waits.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsdesk.enrich.tagging import tag_fields, tag_item
from newsdesk.model import FetchRecord
from newsdesk.normalize.html import html_to_text
from newsdesk.pipeline.deps import Deps
from newsdesk.store import Store

RETAG_BATCH = 200


def tag_record(record: FetchRecord, deps: Deps) -> FetchRecord:
    if not record.items:
        return record
    matcher, version = deps.matcher()
    if matcher is None:
        return record
    return replace(record, items=tuple(tag_item(matcher, i, version) for i in record.items))


def retag_batch(store: Store, deps: Deps, limit: int = RETAG_BATCH) -> int:
    """Re-tag up to `limit` stored items; 0 when every item is current."""
    matcher, version = deps.matcher(force=True)
    if matcher is None:
        return 0

    def tag(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
        out = []
        for r in rows:
            text = html_to_text(r["content_html"] or r["summary_html"] or "")
            found = tag_fields(matcher, {"title": r["title"], "teaser": r["teaser"], "text": text},
                               r["language"])
            out.append((r["id"], r["source_id"], r["sort_at"], found))
        return out

    return store.retag(version, limit, tag)
