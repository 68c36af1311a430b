"""Entity pages: the watched people, organisations and places, and the items naming them.

`/entities` lists the watchlist with item counts; `/entities/{id}` shows an entity's
items newest first, each with the mention highlighted in its context, a chart of items
per day (inline SVG), the sources that mention it most and the entities most often
mentioned with it. Item pages list the entities an item names, with each mention in
context (`mention_snippets`)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from newsdesk.errors import NotFound
from newsdesk.model import Item, ItemMention
from newsdesk.normalize.html import html_to_text
from newsdesk.store import Store
from newsdesk.store.items import ItemFilter

CONTEXT_CHARS = 90


def entity_data(store: Store, entity_id: str) -> dict[str, Any]:
    for e in store.watchlist():
        if e["id"] == entity_id:
            return e
    raise NotFound(f"no watched entity {entity_id!r}")


def mention_snippets(item: Item, mentions: list[ItemMention], limit: int = 5) -> list[dict[str, Any]]:
    """Accepted mentions with the text around them: {"entity", "before", "mark", "after"}."""
    texts = {"title": item.title, "teaser": item.teaser}
    out: list[dict[str, Any]] = []
    for m in mentions:
        if not m.accepted:
            continue
        if m.field not in texts:
            texts[m.field] = html_to_text(item.content_html or item.summary_html or "")
        text = texts[m.field]
        if m.end > len(text):
            continue
        before = text[max(0, m.start - CONTEXT_CHARS):m.start]
        after = text[m.end:m.end + CONTEXT_CHARS]
        out.append({"entity": m.entity, "field": m.field,
                    "before": ("…" if m.start > CONTEXT_CHARS else "") + before.lstrip(),
                    "mark": text[m.start:m.end],
                    "after": after.rstrip() + ("…" if m.end + CONTEXT_CHARS < len(text) else "")})
        if len(out) >= limit:
            break
    return out


def router(listing: Any, chart: Any, cursor: Any) -> APIRouter:
    """`listing`, `chart` and `cursor` are the pages module's helpers (shared paging)."""
    r = APIRouter(include_in_schema=False)

    @r.get("/entities", response_class=HTMLResponse)
    def entities_page(request: Request) -> HTMLResponse:
        from newsdesk.web.render import render

        store: Store = request.app.state.store
        counts = store.entity_counts()
        rows = [{**e, "items": counts.get(e["id"], 0)} for e in store.watchlist()]
        return render(request, "entities.html", {"entities": rows})

    @r.get("/entities/{entity_id}", response_class=HTMLResponse)
    def entity_page(
        request: Request, entity_id: str, before: str | None = cursor(),
        after: str | None = cursor(),
    ) -> HTMLResponse:
        from newsdesk.web.render import render

        store: Store = request.app.state.store
        entity = entity_data(store, entity_id)
        context, canonical = listing(request, ItemFilter(entity=entity_id), before, after)
        snippets = {i.id: [s for s in mention_snippets(i, store.item_mentions(i.id))
                           if s["entity"] == entity_id][:1] for i in context["items"]}
        stats = store.entity_stats(entity_id, until=datetime.now(UTC).date())
        names = {e["id"]: e["canonical"] for e in store.watchlist()}
        return render(request, "entity.html", {
            **context, "entity": entity, "snippets": snippets, "chart": chart(stats["per_day"]),
            "top_sources": stats["sources"],
            "with": [(names.get(e, e), e, n) for e, n in stats["with"]],
            "suggestions": store.alias_suggestions(entity_id, limit=15),
        }, canonical=canonical)

    return r


def entity_query() -> Any:
    return Query(None, min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:-]*$")
