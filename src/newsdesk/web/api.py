"""JSON API, versioned under /api/v1, keyset-paginated."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel

from newsdesk.model import Item, Source
from newsdesk.store.items import ItemFilter

router = APIRouter(prefix="/api/v1", tags=["v1"])


class ItemOut(BaseModel):
    id: int
    source_id: int
    source_name: str | None
    url: str | None
    title: str
    teaser: str
    author: str | None
    language: str | None
    published_at: datetime | None
    first_seen_at: datetime


class SourceOut(BaseModel):
    id: int
    url: str
    kind: str
    name: str
    status: str
    tags: list[str]
    site_url: str | None
    last_error: str | None
    error_count: int
    last_fetched_at: datetime | None
    next_check_at: datetime | None
    item_count: int


class ItemPage(BaseModel):
    items: list[ItemOut]
    next: str | None


class SourcePage(BaseModel):
    sources: list[SourceOut]
    next: str | None


def item_out(i: Item) -> ItemOut:
    return ItemOut(id=i.id, source_id=i.source_id, source_name=i.source_name, url=i.url,
                   title=i.title, teaser=i.teaser, author=i.author, language=i.language,
                   published_at=i.published_at, first_seen_at=i.first_seen_at)


def source_out(s: Source) -> SourceOut:
    return SourceOut(id=s.id, url=s.url, kind=s.kind.value, name=s.name, status=s.status.value,
                     tags=list(s.tags), site_url=s.site_url, last_error=s.last_error,
                     error_count=s.error_count, last_fetched_at=s.last_fetched_at,
                     next_check_at=s.next_check_at, item_count=s.item_count)


def _utc(value: datetime | None) -> datetime | None:
    """Query datetimes without a zone are read as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def _next_url(request: Request, **params: Any) -> str:
    return str(request.url.include_query_params(**params))


@router.get("/items", response_model=ItemPage)
def list_items(
    request: Request,
    source: int | None = Query(None, ge=1, le=2**62),
    tag: str | None = Query(None, max_length=256),
    language: str | None = Query(None, max_length=32, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"),
    since: datetime | None = None,
    until: datetime | None = None,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(50, ge=1, le=500),
) -> ItemPage:
    f = ItemFilter(source_id=source, tag=tag, language=language, since=_utc(since), until=_utc(until))
    page = request.app.state.store.items(f, limit=limit, cursor=cursor)
    nxt = _next_url(request, cursor=page.next_cursor) if page.next_cursor else None
    return ItemPage(items=[item_out(i) for i in page.rows], next=nxt)


@router.get("/sources", response_model=SourcePage)
def list_sources(
    request: Request,
    cursor: int | None = Query(None, ge=0, le=2**62, description="id of the last source seen"),
    limit: int = Query(100, ge=1, le=500),
) -> SourcePage:
    rows, more = request.app.state.store.sources_page(after_id=cursor, limit=limit)
    nxt = _next_url(request, cursor=rows[-1].id) if more and rows else None
    return SourcePage(sources=[source_out(s) for s in rows], next=nxt)
