"""Idempotent ingest, tombstones, claims and leases — on SQLite and PostgreSQL."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest

from newsdesk.errors import InputError, NotFound
from newsdesk.model import FetchRecord, NormalizedItem, SourceKind, SourceStatus
from newsdesk.store import Store
from newsdesk.store.items import ItemFilter

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


def h(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:40]


def item(n: int, *, guid: str | None = "g", url: str | None = "u", title: str | None = None,
         body: str = "text", day: datetime = NOW) -> NormalizedItem:
    title = title or f"Title {n}"
    keys = []
    if guid is not None:
        keys.append(f"guid:{h(guid + str(n) if guid == 'g' else guid)}")
    if url is not None:
        keys.append(f"url:{h(url + str(n) if url == 'u' else url)}")
    keys.append(f"td:{h(title + day.date().isoformat())}")
    return NormalizedItem(
        keys=tuple(keys), guid=guid, url=f"https://example.org/{n}" if url else None, title=title,
        teaser=body, summary_html=f"<p>{body}</p>", content_html=None, author=None,
        published_at=day, updated_at=None, language="en", content_hash=h(title + body),
    )


def record(source_id: int, items: list[NormalizedItem], *, when: datetime = NOW, **kw: object) -> FetchRecord:
    base: dict[str, object] = dict(
        source_id=source_id, started_at=when, duration_ms=5, outcome="ok",
        next_check_at=when + timedelta(minutes=30), interval_seconds=1800,
        status=SourceStatus.ACTIVE, http_status=200, bytes=100, etag='"v1"', items=tuple(items),
    )
    base.update(kw)
    return FetchRecord(**base)  # type: ignore[arg-type]


def add(store: Store, url: str = "https://example.org/feed") -> int:
    return store.add_source(url, kind=SourceKind.FEED, name="Example", tags=("news", "en"),
                            now=NOW).id


def test_same_items_twice_are_stored_once(store: Store) -> None:
    sid = add(store)
    batch = [item(i) for i in range(20)]
    first = store.apply_fetch(record(sid, batch), "w1")
    second = store.apply_fetch(record(sid, batch), "w1")
    assert (first.new, second.new, second.unchanged) == (20, 0, 20)
    assert store.count_items(sid) == 20


def test_changed_item_is_updated_not_duplicated(store: Store) -> None:
    sid = add(store)
    store.apply_fetch(record(sid, [item(1, body="old")]), "w1")
    result = store.apply_fetch(record(sid, [item(1, body="new text")]), "w1")
    assert (result.new, result.updated) == (0, 1)
    [only] = store.items(ItemFilter(source_id=sid)).rows
    assert only.teaser == "new text"


def test_guid_churn_folds_by_url_and_flags_unstable_ids(store: Store) -> None:
    sid = add(store)
    for fetch in range(5):
        batch = [item(i, guid=f"random-{fetch}-{i}") for i in range(20)]
        store.apply_fetch(record(sid, batch), "w1")
    assert store.count_items(sid) == 20
    with store.read() as conn:
        from sqlalchemy import select

        from newsdesk.store.schema import item_keys, sources
        assert conn.execute(select(sources.c.unstable_ids).where(sources.c.id == sid)).scalar() is True
        # churned GUIDs are not piled up as keys: one guid key per item
        keys = conn.execute(select(item_keys.c.key)).scalars().all()
        assert sum(k.startswith("guid:") for k in keys) == 20


def test_items_without_guid_or_url_fold_by_title_and_day(store: Store) -> None:
    sid = add(store)
    batch = [item(i, guid=None, url=None) for i in range(3)]
    store.apply_fetch(record(sid, batch), "w1")
    store.apply_fetch(record(sid, batch), "w1")
    assert store.count_items(sid) == 3


def test_same_title_same_day_with_different_urls_are_two_items(store: Store) -> None:
    sid = add(store)
    a = item(1, guid=None, title="Daily briefing")
    b = item(2, guid=None, title="Daily briefing")
    store.apply_fetch(record(sid, [a, b]), "w1")
    assert store.count_items(sid) == 2


def test_deleted_item_never_comes_back(store: Store) -> None:
    sid = add(store)
    batch = [item(i) for i in range(3)]
    store.apply_fetch(record(sid, batch), "w1")
    victim = store.items(ItemFilter(source_id=sid)).rows[0]
    store.delete_item(victim.id, NOW)
    result = store.apply_fetch(record(sid, batch), "w1")
    assert result.skipped_tombstoned == 1
    assert store.count_items(sid) == 2
    with pytest.raises(NotFound):
        store.item(victim.id)


def test_validators_schedule_and_log_written_with_items(store: Store) -> None:
    sid = add(store)
    store.apply_fetch(record(sid, [item(1)], etag='"abc"', last_modified="Sun, 01 Mar 2026 12:00:00 GMT"), "w1")
    s = store.source(sid)
    assert (s.etag, s.last_modified) == ('"abc"', "Sun, 01 Mar 2026 12:00:00 GMT")
    assert s.next_check_at == NOW + timedelta(minutes=30)
    assert s.item_count == 1 and s.tags == ("en", "news")
    [log] = store.fetch_log(sid)
    assert (log.items_new, log.status, log.outcome) == (1, 200, "ok")


def test_failure_keeps_items_and_validators_and_records_error(store: Store) -> None:
    sid = add(store)
    store.apply_fetch(record(sid, [item(1)], etag='"abc"'), "w1")
    store.apply_fetch(record(sid, [], outcome="http_error", status=SourceStatus.ERROR,
                             error="http_error: HTTP 500", error_count=1, keep_validators=True,
                             http_status=500), "w1")
    s = store.source(sid)
    assert s.status is SourceStatus.ERROR and s.last_error == "http_error: HTTP 500"
    assert s.etag == '"abc"' and s.error_count == 1
    assert store.count_items(sid) == 1


def test_duplicate_source_url_is_refused(store: Store) -> None:
    add(store)
    with pytest.raises(InputError, match="already watched"):
        add(store)


def test_claim_leases_each_due_source_to_one_worker(store: Store) -> None:
    ids = [add(store, f"https://example.org/{i}.xml") for i in range(5)]
    a = store.claim(worker="a", now=NOW, lease_seconds=300, limit=3)
    b = store.claim(worker="b", now=NOW, lease_seconds=300, limit=10)
    assert sorted(s.id for s in a + b) == ids
    assert not {s.id for s in a} & {s.id for s in b}
    # nothing left for a third worker while the leases last
    assert store.claim(worker="c", now=NOW, lease_seconds=300, limit=10) == []
    # a dead worker's leases expire and are taken over
    later = store.claim(worker="c", now=NOW + timedelta(seconds=301), lease_seconds=300, limit=10)
    assert sorted(s.id for s in later) == ids


def test_recorded_fetch_releases_the_lease_and_schedules(store: Store) -> None:
    sid = add(store)
    [claimed] = store.claim(worker="a", now=NOW, lease_seconds=300, limit=1)
    store.apply_fetch(record(claimed.id, []), "a")
    assert store.claim(worker="b", now=NOW + timedelta(minutes=1), lease_seconds=300, limit=1) == []
    due = store.claim(worker="b", now=NOW + timedelta(minutes=31), lease_seconds=300, limit=1)
    assert [s.id for s in due] == [sid]


def test_keyset_pagination_walks_every_item_once(store: Store) -> None:
    sid = add(store)
    batch = [item(i, day=NOW - timedelta(hours=i % 7)) for i in range(53)]
    store.apply_fetch(record(sid, batch), "w1")
    seen, cursor = [], None
    while True:
        page = store.items(limit=10, cursor=cursor)
        seen += [i.id for i in page.rows]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) == 53
    dates = [store.item(i).published_at for i in seen]
    assert dates == sorted(dates, reverse=True)


def test_text_with_nul_free_unicode_round_trips(store: Store) -> None:
    sid = add(store)
    text = "سازمان مجاهدین خلق \u202e emoji 🗞️ e\u0301"
    store.apply_fetch(record(sid, [item(1, title=text, body=text)]), "w1")
    [got] = store.items().rows
    assert got.title == text and got.teaser == text


def test_same_title_same_day_across_fetches_keeps_both(store: Store) -> None:
    sid = add(store)
    store.apply_fetch(record(sid, [item(1, guid=None, title="Daily briefing")]), "w1")
    result = store.apply_fetch(record(sid, [item(2, guid=None, title="Daily briefing")]), "w1")
    assert result.new == 1 and store.count_items(sid) == 2
    # and each keeps matching itself afterwards
    again = store.apply_fetch(record(sid, [item(1, guid=None, title="Daily briefing"),
                                           item(2, guid=None, title="Daily briefing")]), "w1")
    assert (again.new, again.unchanged) == (0, 2)


def test_one_item_twice_in_one_fetch_is_stored_once(store: Store) -> None:
    sid = add(store)
    result = store.apply_fetch(record(sid, [item(1), item(1, body="second copy")]), "w1")
    assert result.new == 1 and store.count_items(sid) == 1
    [only] = store.items().rows
    assert only.teaser == "text"
