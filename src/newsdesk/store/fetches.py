"""Writing one fetch's outcome to its source and the fetch log.

These run once per fetch, thousands of times a minute at scale, so the statements are
built once with bind parameters (SQLAlchemy then skips rebuilding and re-keying them; that
was half the CPU of a pass where every feed answered 304). What varies between fetches —
keep the validators or not, success or failure, release the lease if it is still ours —
is decided in SQL with CASE over the parameters.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    BindParameter,
    Boolean,
    Connection,
    Insert,
    Integer,
    String,
    Update,
    bindparam,
    case,
    func,
    insert,
    literal,
    update,
)

from newsdesk.model import FetchRecord
from newsdesk.store.ingest import IngestCounts
from newsdesk.store.schema import UTCDateTime, fetch_log, sources


@cache
def _update_source() -> Update:
    c = sources.c
    keep: BindParameter[bool] = bindparam("keep_validators", type_=Boolean)
    ok: BindParameter[bool] = bindparam("succeeded", type_=Boolean)
    started = bindparam("started_at", type_=UTCDateTime())
    return (
        update(sources)
        .where(c.id == bindparam("source_id"))
        .values(
            status=bindparam("status"),
            next_check_at=bindparam("next_check_at", type_=UTCDateTime()),
            interval_seconds=bindparam("interval_seconds"),
            last_fetched_at=started,
            last_success_at=case((ok, started), else_=c.last_success_at),
            last_error=bindparam("error"),
            last_error_code=bindparam("error_code"),
            error_count=bindparam("error_count"),
            updated_at=started,
            etag=case((keep, c.etag), else_=bindparam("etag", type_=String)),
            last_modified=case((keep, c.last_modified),
                               else_=bindparam("last_modified", type_=String)),
            site_url=func.coalesce(bindparam("site_url", type_=String), c.site_url),
            listing_items=func.coalesce(bindparam("listing_items", type_=Integer),
                                        c.listing_items),
            unstable_ids=case((bindparam("unstable", type_=Boolean), literal(True)),
                              else_=c.unstable_ids),
            lease_owner=case((c.lease_owner == bindparam("worker"), None), else_=c.lease_owner),
            lease_expires_at=case((c.lease_owner == bindparam("worker"), None),
                                  else_=c.lease_expires_at),
        )
    )


@cache
def _insert_log() -> Insert:
    return insert(fetch_log)


def record_fetch(conn: Connection, record: FetchRecord, worker: str, counts: IngestCounts) -> None:
    params: dict[str, Any] = {
        "source_id": record.source_id,
        "status": record.status.value,
        "next_check_at": record.next_check_at,
        "interval_seconds": record.interval_seconds,
        "started_at": record.started_at,
        "succeeded": record.error is None,
        "error": record.error,
        "error_code": None if record.error is None else record.outcome,
        "error_count": record.error_count,
        "keep_validators": record.keep_validators,
        "etag": record.etag,
        "last_modified": record.last_modified,
        "site_url": record.site_url,
        "listing_items": record.listing_items,
        "unstable": bool(counts.churn and counts.churn * 2 >= len(record.items)),
        "worker": worker,
    }
    conn.execute(_update_source(), params)
    conn.execute(_insert_log(), {
        "source_id": record.source_id, "started_at": record.started_at,
        "duration_ms": record.duration_ms, "status": record.http_status,
        "outcome": record.outcome, "bytes": record.bytes, "items_new": counts.new,
        "items_updated": counts.updated, "error": record.error,
        "note": record.note,
    })
