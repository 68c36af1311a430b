"""Feeds out: Atom, RSS and JSON Feed of the newest items, site-wide, per source, per tag.

    /feed.atom  /feed.rss  /feed.json
    /sources/{id}/feed.atom|.rss|.json     unknown source: 404 in the site's error shape
    /tags/{tag}/feed.atom|.rss|.json       a tag no source carries: 404

Absolute URLs start from the `base_url` setting when it is set, else from the request's own
base URL. Behind a reverse proxy set `base_url`: X-Forwarded-* headers are never trusted here.

Caching: a strong ETag (a hash of the body) and Last-Modified (the newest item's first-seen or
updated time); If-None-Match wins over If-Modified-Since (RFC 9110 §13.2.2) and either can
answer 304. `Cache-Control: public, max-age=60`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import datetime
from email.utils import parsedate_to_datetime

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import Response

from newsdesk.errors import NotFound
from newsdesk.model import Item
from newsdesk.settings import Settings
from newsdesk.store.items import ItemFilter
from newsdesk.web.feed_formats import FeedInfo, atom, json_feed, newest_change, rfc822, rss
from newsdesk.web.render import path_segment, site_base

FEED_SIZE = 50
CACHE_CONTROL = "public, max-age=60"
Writer = Callable[[FeedInfo, Sequence[Item]], bytes]
FORMATS: dict[str, tuple[Writer, str]] = {
    "atom": (atom, "application/atom+xml; charset=utf-8"),
    "rss": (rss, "application/rss+xml; charset=utf-8"),
    "json": (json_feed, "application/feed+json; charset=utf-8"),
}


def router(settings: Settings) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/feed.{fmt}")
    def site_feed(request: Request, fmt: str) -> Response:
        base = site_base(request)
        info = FeedInfo(title=settings.site_title, description=f"Newest items on {settings.site_title}",
                        self_url=f"{base}/feed.{fmt}", page_url=f"{base}/", base_url=base)
        return _feed(request, fmt, info, ItemFilter())

    @r.get("/sources/{source_id}/feed.{fmt}")
    def source_feed(request: Request, fmt: str, source_id: int = Path(ge=1, le=2**62)) -> Response:
        _writer(fmt)  # an unknown format is a 404 before any database work
        try:
            source = request.app.state.store.source(source_id)
        except NotFound as exc:
            raise HTTPException(404, f"no source {source_id}") from exc
        base = site_base(request)
        title = f"{settings.site_title}: {source.name}"
        info = FeedInfo(title=title, description=f"Newest items from {source.name}",
                        self_url=f"{base}/sources/{source_id}/feed.{fmt}",
                        page_url=f"{base}/sources/{source_id}", base_url=base)
        return _feed(request, fmt, info, ItemFilter(source_id=source_id))

    @r.get("/tags/{tag}/feed.{fmt}")
    def tag_feed(request: Request, fmt: str, tag: str = Path(max_length=256)) -> Response:
        _writer(fmt)
        if not request.app.state.store.sources(tag=tag):
            raise HTTPException(404, f"no source is tagged {tag!r}")
        base, segment = site_base(request), path_segment(tag)
        info = FeedInfo(title=f"{settings.site_title}: {tag}", description=f"Newest items tagged {tag}",
                        self_url=f"{base}/tags/{segment}/feed.{fmt}",
                        page_url=f"{base}/tags/{segment}", base_url=base)
        return _feed(request, fmt, info, ItemFilter(tag=tag))

    return r


def _writer(fmt: str) -> tuple[Writer, str]:
    try:
        return FORMATS[fmt]
    except KeyError:
        raise HTTPException(404, f"no feed format {fmt!r}") from None


def _feed(request: Request, fmt: str, info: FeedInfo, f: ItemFilter) -> Response:
    write, media_type = _writer(fmt)
    items = request.app.state.store.items(f, limit=FEED_SIZE).rows
    return conditional_response(request, write(info, items), media_type, newest_change(items))


def conditional_response(
    request: Request, body: bytes, media_type: str, last_modified: datetime | None
) -> Response:
    """200 with the body, or 304 when the client's validators still match it."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if last_modified is not None:
        headers["Last-Modified"] = rfc822(last_modified)
    if not_modified(request, etag, last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=media_type, headers=headers)


def not_modified(request: Request, etag: str, last_modified: datetime | None) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:  # when present, If-Modified-Since is ignored
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag in tags
    since = _http_date(request.headers.get("if-modified-since"))
    if since is None or last_modified is None:
        return False
    return int(last_modified.timestamp()) <= int(since.timestamp())


def _http_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None  # an unreadable date is ignored, as RFC 9110 says
    return parsed if parsed.tzinfo is not None else None
