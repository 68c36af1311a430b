"""The response cache: served again until items change, bounded, 304 on a matching ETag."""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from newsdesk.web.cache import ResponseCache


class Counter:
    def __init__(self) -> None:
        self.calls = 0
        self.db = 0
        self.local = 0


def make(counter: Counter, **kw: Any) -> TestClient:
    def page(request: Request) -> Response:
        counter.calls += 1
        status = int(request.query_params.get("status", "200"))
        return PlainTextResponse(f"render {counter.calls} of {request.url.path}", status_code=status)

    app = Starlette(routes=[Route("/{path:path}", page)])
    cached = ResponseCache(app, version=lambda: counter.db, local_version=lambda: counter.local,
                           **kw)
    return TestClient(cached)


def test_served_again_until_items_change() -> None:
    c = Counter()
    client = make(c, check_every=0)
    first = client.get("/a").text
    assert client.get("/a").text == first and c.calls == 1
    assert client.get("/a?page=2").text != first  # the query is part of the key
    c.local += 1  # a write by this process: seen at once
    assert client.get("/a").text == "render 3 of /a"
    c.db += 1  # a write by another process
    assert client.get("/a").text == "render 4 of /a"


def test_other_processes_writes_seen_within_check_every() -> None:
    c = Counter()
    client = make(c, check_every=3600)
    client.get("/a")
    c.db += 1
    assert client.get("/a").text == "render 1 of /a"  # not read again within the hour
    c.local += 1
    assert client.get("/a").text == "render 2 of /a"


def test_etag_and_304() -> None:
    client = make(Counter(), check_every=0)
    r = client.get("/a")
    etag = r.headers["etag"]
    again = client.get("/a", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.text == "" and again.headers["etag"] == etag
    assert client.get("/a", headers={"If-None-Match": '"other"'}).status_code == 200


def test_errors_are_not_cached() -> None:
    c = Counter()
    client = make(c, check_every=0)
    client.get("/a?status=404")
    client.get("/a?status=404")
    assert c.calls == 2


def test_bounded_by_entries_and_age() -> None:
    c = Counter()
    client = make(c, check_every=0, max_entries=2)
    for path in ("/a", "/b", "/c"):
        client.get(path)
    client.get("/a")  # evicted by /c: rendered again
    assert c.calls == 4
    aged = Counter()
    client = make(aged, check_every=0, max_age=0)
    client.get("/a")
    client.get("/a")
    assert aged.calls == 2
