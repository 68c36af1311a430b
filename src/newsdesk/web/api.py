"""JSON API, versioned under /api/v1, keyset-paginated."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Path, Query, Request
from pydantic import BaseModel

from newsdesk.errors import InputError
from newsdesk.model import Item, Source
from newsdesk.store.items import ItemFilter


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str


class ErrorOut(BaseModel):
    """The one error envelope of the API."""

    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorOut, "description": "Bad request (e.g. an invalid cursor)"},
    404: {"model": ErrorOut, "description": "Not found"},
    422: {"model": ErrorOut, "description": "Invalid parameter"},
}

router = APIRouter(prefix="/api/v1", tags=["v1"], responses=ERRORS)


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
    entities: list[str] = []


class ItemDetail(ItemOut):
    """One item with its text: sanitised HTML of the summary and of the full content."""

    summary_html: str | None
    content_html: str | None
    updated_at: datetime | None
    guid: str | None


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
                   published_at=i.published_at, first_seen_at=i.first_seen_at,
                   entities=list(i.entities))


def source_out(s: Source) -> SourceOut:
    return SourceOut(id=s.id, url=s.url, kind=s.kind.value, name=s.name, status=s.status.value,
                     tags=list(s.tags), site_url=s.site_url, last_error=s.last_error,
                     error_count=s.error_count, last_fetched_at=s.last_fetched_at,
                     next_check_at=s.next_check_at, item_count=s.item_count)


ISO_DATETIME = (r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?"
                r"(Z|[+-]\d{2}:\d{2})?)?$")


def _moment(name: str, value: str | None) -> datetime | None:
    """An ISO 8601 query value as an aware datetime; no zone means UTC. (Not pydantic's
    datetime, which also takes numbers as Unix times: the API says ISO 8601, and means it.)"""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{name}: not a valid ISO 8601 date or date-time: {value!r}") from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _next_url(request: Request, **params: Any) -> str:
    return str(request.url.include_query_params(**params))


@router.get("/items", response_model=ItemPage)
def list_items(
    request: Request,
    source: int | None = Query(None, ge=1, le=2**62),
    tag: str | None = Query(None, max_length=256),
    language: str | None = Query(None, max_length=32, pattern=r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"),
    since: str | None = Query(None, pattern=ISO_DATETIME, max_length=40,
                              description="ISO 8601 date or date-time (UTC when no zone)"),
    until: str | None = Query(None, pattern=ISO_DATETIME, max_length=40,
                              description="ISO 8601 date or date-time (UTC when no zone)"),
    entity: str | None = Query(None, min_length=1, max_length=100,
                               pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$",
                               description="id of a watched entity the items mention"),
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(50, ge=1, le=500),
) -> ItemPage:
    f = ItemFilter(source_id=source, tag=tag, language=language, entity=entity,
                   since=_moment("since", since), until=_moment("until", until))
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


@router.get("/items/{item_id}", response_model=ItemDetail)
def get_item(request: Request, item_id: int = Path(ge=1, le=2**62)) -> ItemDetail:
    i = request.app.state.store.item(item_id)
    return ItemDetail(**item_out(i).model_dump(), summary_html=i.summary_html,
                      content_html=i.content_html, updated_at=i.updated_at, guid=i.guid)


@router.get("/sources/{source_id}", response_model=SourceOut)
def get_source(request: Request, source_id: int = Path(ge=1, le=2**62)) -> SourceOut:
    return source_out(request.app.state.store.source(source_id))
