"""Public pages: the listing (title, teaser, Read more), item pages, source pages with their
health, tag pages, and what crawlers read (sitemap.xml, robots.txt).

Listings are keyset-paginated both ways: `?before=CURSOR` is the page of items older than
the cursor, `?after=CURSOR` the page of items newer than it; both show newest first, so
Older then Newer comes back to the same page at a stable URL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from newsdesk.errors import NotFound
from newsdesk.settings import Settings
from newsdesk.store import Store
from newsdesk.store.items import ItemFilter
from newsdesk.web.entities import entity_data, entity_query, mention_snippets
from newsdesk.web.entities import router as entities_router
from newsdesk.web.render import SITE_FEEDS, FeedLink, absolute, iso, page_url, path_segment, render

PAGE_SIZE = 20
SOURCES_PAGE_SIZE = 100
SITEMAP_ITEMS = 45_000  # a sitemap holds at most 50,000 URLs
HISTORY_DAYS = 30
CHART_HEIGHT = 40
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"



def _cursor() -> Any:
    """A cursor query parameter (a new one each time: FastAPI binds a Query to one name)."""
    return Query(None, max_length=200)


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _listing(
    request: Request, f: ItemFilter, before: str | None, after: str | None, **keep: Any
) -> tuple[dict[str, Any], str]:
    """One page of items for `f` with its Newer/Older links (which keep `keep` params),
    and the page's own canonical URL."""
    page = _store(request).items(f, limit=PAGE_SIZE, cursor=before, after=after)
    path = request.url.path
    newer = page_url(path, **keep, after=page.prev_cursor) if page.prev_cursor else None
    older = page_url(path, **keep, before=page.next_cursor) if page.next_cursor else None
    context = {"items": page.rows, "newer": newer, "older": older, "paged": bool(before or after)}
    return context, page_url(path, **keep, before=before, after=after)


def _source_feeds(source_id: int) -> tuple[FeedLink, ...]:
    own = FeedLink("This source (Atom)", "application/atom+xml", f"/sources/{source_id}/feed.atom")
    return (own, *SITE_FEEDS)


def _tag_feeds(tag: str) -> tuple[FeedLink, ...]:
    own = FeedLink(f"Tag {tag} (Atom)", "application/atom+xml", f"/tags/{path_segment(tag)}/feed.atom")
    return (own, *SITE_FEEDS)


def _chart(counts: list[tuple[Any, int]]) -> dict[str, Any]:
    """Bars of an inline SVG (attributes, not styles: the CSP forbids inline styles)."""
    peak = max((n for _, n in counts), default=0)
    bars = [{"day": day, "count": n, "height": round(CHART_HEIGHT * n / peak) if peak else 0}
            for day, n in counts]
    total = sum(n for _, n in counts)
    return {"bars": bars, "total": total, "average": total / len(counts) if counts else 0.0,
            "height": CHART_HEIGHT, "days": len(counts)}


def router(settings: Settings) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/", response_class=HTMLResponse)
    def home(
        request: Request, before: str | None = _cursor(), after: str | None = _cursor(),
        source: int | None = Query(None, ge=1, le=2**62),
        tag: str | None = Query(None, min_length=1, max_length=256),
        entity: str | None = entity_query(),
    ) -> HTMLResponse:
        src = _store(request).source(source) if source is not None else None
        watched = entity_data(_store(request), entity) if entity is not None else None
        f = ItemFilter(source_id=source, tag=tag, entity=entity)
        context, canonical = _listing(request, f, before, after, source=source, tag=tag,
                                      entity=entity)
        feeds = _source_feeds(source) if source else _tag_feeds(tag) if tag else SITE_FEEDS
        return render(request, "index.html", {**context, "source": src, "tag": tag,
                                              "entity": watched},
                      canonical=canonical, feeds=feeds)

    @r.get("/items/{item_id}", response_class=HTMLResponse)
    def item_page(request: Request, item_id: int) -> HTMLResponse:
        store = _store(request)
        item = store.item(item_id)
        names = {e["id"]: e["canonical"] for e in store.watchlist()} if item.entities else {}
        context = {"item": item, "entities": [(e, names.get(e, e)) for e in item.entities],
                   "snippets": mention_snippets(item, store.item_mentions(item.id), 10)
                   if item.entities else []}
        return render(request, "item.html", context, canonical=f"/items/{item.id}",
                      feeds=_source_feeds(item.source_id))

    @r.get("/sources", response_class=HTMLResponse)
    def sources_page(
        request: Request, after: int | None = Query(None, ge=0, le=2**62)
    ) -> HTMLResponse:
        rows, more = _store(request).sources_page(after_id=after, limit=SOURCES_PAGE_SIZE)
        more_url = page_url("/sources", after=rows[-1].id) if more and rows else None
        return render(request, "sources.html", {"sources": rows, "more": more_url},
                      canonical=page_url("/sources", after=after))

    @r.get("/sources/{source_id}", response_class=HTMLResponse)
    def source_page(
        request: Request, source_id: int, before: str | None = _cursor(), after: str | None = _cursor(),
    ) -> HTMLResponse:
        store = _store(request)
        src = store.source(source_id)
        today = datetime.now(UTC).date()
        chart = _chart(store.items_per_day(source_id, until=today, days=HISTORY_DAYS))
        context, canonical = _listing(request, ItemFilter(source_id=source_id), before, after)
        crawled = src.kind.value in ("listing", "sitemap")
        rejects = store.crawl_rejects(source_id, 20) if crawled else []
        log = store.fetch_log(source_id, 1)
        note = log[0].note if log else None
        return render(request, "source.html", {**context, "source": src, "chart": chart,
                                               "rejects": rejects, "note": note},
                      canonical=canonical, feeds=_source_feeds(source_id))

    @r.get("/tags", response_class=HTMLResponse)
    def tags_page(request: Request) -> HTMLResponse:
        return render(request, "tags.html", {"tags": _store(request).tags()})

    @r.get("/tags/{tag}", response_class=HTMLResponse)
    def tag_page(
        request: Request, tag: str, before: str | None = _cursor(), after: str | None = _cursor(),
    ) -> HTMLResponse:
        store = _store(request)
        if tag not in dict(store.tags()):
            raise NotFound(f"no tag {tag}")
        context, canonical = _listing(request, ItemFilter(tag=tag), before, after)
        return render(request, "tag.html", {**context, "tag": tag, "sources": store.sources(tag)},
                      canonical=canonical, feeds=_tag_feeds(tag))

    @r.get("/sitemap.xml")
    def sitemap(request: Request) -> Response:
        return Response(_sitemap_xml(request), media_type="application/xml")

    @r.get("/robots.txt", response_class=PlainTextResponse)
    def robots(request: Request) -> str:
        return f"User-agent: *\nDisallow: /api/\nSitemap: {absolute(request, '/sitemap.xml')}\n"

    r.include_router(entities_router(_listing, _chart, _cursor))
    return r


def _sitemap_xml(request: Request) -> bytes:
    """Home, the source and tag pages, and the newest items, with absolute URLs."""
    store = _store(request)
    root = ET.Element("urlset", xmlns=SITEMAP_NS)

    def add(path: str, lastmod: datetime | None = None) -> None:
        url = ET.SubElement(root, "url")
        ET.SubElement(url, "loc").text = absolute(request, path)
        if lastmod is not None:
            ET.SubElement(url, "lastmod").text = iso(lastmod)

    for path in ("/", "/sources", "/tags"):
        add(path)
    for source in store.sources():
        add(f"/sources/{source.id}", source.last_success_at)
    for tag, _ in store.tags():
        add(f"/tags/{path_segment(tag)}")
    for item_id, changed in store.sitemap_entries(SITEMAP_ITEMS):
        add(f"/items/{item_id}", changed)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
