"""Public pages: the listing (title, teaser, Read more) and the item page."""

from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsdesk.settings import Settings
from newsdesk.store.items import ItemFilter
from newsdesk.web.render import render

PAGE_SIZE = 20


def router(settings: Settings) -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/", response_class=HTMLResponse)
    def home(
        request: Request,
        cursor: str | None = Query(None, max_length=200),
        source: int | None = Query(None, ge=1),
        tag: str | None = Query(None, max_length=256),
    ) -> HTMLResponse:
        store = request.app.state.store
        page = store.items(ItemFilter(source_id=source, tag=tag), limit=PAGE_SIZE, cursor=cursor)
        return render(request, "index.html", {"items": page.rows, "next_cursor": page.next_cursor,
                                              "source": source, "tag": tag})

    @r.get("/items/{item_id}", response_class=HTMLResponse)
    def item_page(request: Request, item_id: int) -> HTMLResponse:
        item = request.app.state.store.item(item_id)
        return render(request, "item.html", {"item": item})

    return r
