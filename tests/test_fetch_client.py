"""SafeClient against a real, misbehaving loopback server (safety.md §3.1 N8-N25).

The address policy end to end is in test_fetch_client_address.py, decompression bombs
under a memory limit in test_fetch_client_bombs.py.
"""

from __future__ import annotations

import gzip
import time
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import brotli
import pytest

from newsdesk import model
from newsdesk.errors import ErrorCode
from newsdesk.fetch import FetchConfig, SafeClient
from newsdesk.settings import load_settings
from tests.servers.fakedns import FakeResolver
from tests.servers.hostile import (
    Honeypots,
    HostileServer,
    Reply,
    Request,
    drip,
    drip_head,
    dynamic,
    encoded,
    endless_chunked,
    endless_unframed,
    fixed,
    length_lie,
    raw,
    redirect,
    retry_after,
    silent,
)
from tests.servers.loopback import LOOPBACK_FETCH_CONFIG

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'

pytest_plugins = ["tests.servers.fixtures"]  # hostile_server, loopback_client, ...


def failed(outcome: model.FetchOutcome, code: ErrorCode) -> model.FetchFailed:
    assert isinstance(outcome, model.FetchFailed), outcome
    assert outcome.code == code, outcome
    return outcome


def fetched(outcome: model.FetchOutcome) -> model.Fetched:
    assert isinstance(outcome, model.Fetched), outcome
    return outcome


def short_deadline_client(resolver: FakeResolver, deadline: float = 1.0) -> SafeClient:
    # read timeout longer than the deadline: only the deadline can stop a drip
    config = replace(LOOPBACK_FETCH_CONFIG, deadline=deadline, read_timeout=10.0)
    return SafeClient(config, resolver=resolver)


# -- a plain fetch ------------------------------------------------------------------------


def test_fetch_returns_body_headers_and_content_type(
    hostile_server: HostileServer, loopback_client: SafeClient
) -> None:
    url = hostile_server.serve(
        "/feed.xml", FEED, "Application/RSS+XML; Charset=\"ISO-8859-1\"",
        etag='"v1"', last_modified="Wed, 21 Oct 2015 07:28:00 GMT",
    )
    result = fetched(loopback_client.get(url))
    assert result.body == FEED
    assert result.status == 200
    assert result.url == url
    assert result.content_type == "application/rss+xml"
    assert result.charset == "iso-8859-1"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 21 Oct 2015 07:28:00 GMT"
    assert result.headers["etag"] == '"v1"'  # lower-case names
    assert result.permanent_redirect is None
    assert 0 <= result.elapsed < 5
    sent = hostile_server.requests_for("/feed.xml")[0].headers
    assert sent["user-agent"] == LOOPBACK_FETCH_CONFIG.user_agent
    assert sent["accept-encoding"] == "gzip, deflate, br"
    assert "if-none-match" not in sent and "authorization" not in sent


def test_accept_header_is_passed(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.serve("/f", FEED)
    fetched(loopback_client.get(url, accept="application/rss+xml, */*;q=0.1"))
    assert hostile_server.requests[0].headers["accept"] == "application/rss+xml, */*;q=0.1"


@pytest.mark.parametrize(
    ("encoding", "body"),
    [
        ("gzip", gzip.compress(FEED)),
        ("x-gzip", gzip.compress(FEED)),
        ("deflate", zlib.compress(FEED)),
        ("br", brotli.compress(FEED)),
        ("gzip, gzip", gzip.compress(gzip.compress(FEED))),
        ("identity", FEED),
    ],
)
def test_compressed_bodies_are_decoded(
    hostile_server: HostileServer, loopback_client: SafeClient, encoding: str, body: bytes
) -> None:
    url = hostile_server.route("/c", encoded(body, encoding))
    assert fetched(loopback_client.get(url)).body == FEED


@pytest.mark.parametrize("encoding", ["x-evil", "gzip, gzip, gzip", ", ".join(["gzip"] * 100), "gzip, identity", "zstd"])
def test_unknown_or_stacked_encodings_are_refused(
    hostile_server: HostileServer, loopback_client: SafeClient, encoding: str
) -> None:
    url = hostile_server.route("/c", encoded(b"whatever", encoding))
    failed(loopback_client.get(url), ErrorCode.BAD_ENCODING)


def test_corrupt_gzip_is_a_bad_encoding(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.route("/c", encoded(b"not gzip at all", "gzip"))
    assert failed(loopback_client.get(url), ErrorCode.BAD_ENCODING).status == 200


# -- conditional GET ----------------------------------------------------------------------


def test_conditional_get_returns_not_modified(
    hostile_server: HostileServer, loopback_client: SafeClient
) -> None:
    lm = "Wed, 21 Oct 2015 07:28:00 GMT"
    url = hostile_server.serve("/f", FEED, etag='"v1"', last_modified=lm)

    by_etag = loopback_client.get(url, etag='"v1"')
    assert isinstance(by_etag, model.NotModified), by_etag
    assert by_etag.etag == '"v1"' and by_etag.url == url
    assert hostile_server.requests[-1].headers["if-none-match"] == '"v1"'

    by_date = loopback_client.get(url, last_modified=lm)
    assert isinstance(by_date, model.NotModified), by_date
    assert hostile_server.requests[-1].headers["if-modified-since"] == lm

    assert fetched(loopback_client.get(url, etag='"v0"')).body == FEED


def test_dynamic_feed_with_changing_etag(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    version = {"n": 1}

    def make(request: Request) -> Reply:
        n = version["n"]
        return Reply(body=f"<rss><v>{n}</v></rss>".encode(), etag=f'"v{n}"')

    url = hostile_server.route("/feed", dynamic(make))
    first = fetched(loopback_client.get(url))
    assert first.etag == '"v1"'
    assert isinstance(loopback_client.get(url, etag=first.etag), model.NotModified)
    version["n"] = 2
    second = fetched(loopback_client.get(url, etag=first.etag))
    assert second.body == b"<rss><v>2</v></rss>" and second.etag == '"v2"'


def test_304_without_validators_is_an_error(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.route("/f", fixed(304))
    assert failed(loopback_client.get(url), ErrorCode.HTTP_ERROR).status == 304


# -- statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "code"),
    [
        (404, ErrorCode.HTTP_ERROR),
        (401, ErrorCode.HTTP_ERROR),
        (403, ErrorCode.HTTP_ERROR),
        (500, ErrorCode.HTTP_ERROR),
        (502, ErrorCode.HTTP_ERROR),
        (410, ErrorCode.GONE),
        (503, ErrorCode.RATE_LIMITED),
        (429, ErrorCode.RATE_LIMITED),
    ],
)
def test_status_mapping(
    hostile_server: HostileServer, loopback_client: SafeClient, status: int, code: ErrorCode
) -> None:
    url = hostile_server.route("/s", fixed(status, b"<html>nope</html>"))
    result = failed(loopback_client.get(url), code)
    assert result.status == status
    assert result.retry_after is None
    assert str(status) in result.message


def test_retry_after_in_seconds(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.route("/s", retry_after("120"))
    assert failed(loopback_client.get(url), ErrorCode.RATE_LIMITED).retry_after == 120


def test_retry_after_as_http_date(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    when = datetime.now(UTC) + timedelta(hours=1)
    url = hostile_server.route("/s", retry_after(format_datetime(when, usegmt=True), status=503))
    result = failed(loopback_client.get(url), ErrorCode.RATE_LIMITED)
    assert result.retry_after is not None and 3500 < result.retry_after <= 3600


def test_garbage_retry_after_is_ignored(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.route("/s", retry_after("soon, maybe"))
    assert failed(loopback_client.get(url), ErrorCode.RATE_LIMITED).retry_after is None


def test_empty_200_is_an_error(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.route("/s", fixed(200))
    assert failed(loopback_client.get(url), ErrorCode.EMPTY_RESPONSE).status == 200


# -- malformed HTTP (N19) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "response",
    [
        b"garbage\r\n\r\n",
        b"HTTP/1.1 abc OK\r\n\r\n",
        b"hello world",
        b"",
        b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly a little",  # EOF mid-body
        b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nabcdefg",
        b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc",  # EOF mid-chunk
        b"HTTP/1.1 200 OK\r\n" + b"X-A: b\r\n" * 200 + b"Content-Length: 1\r\n\r\na",
        b"HTTP/1.1 200 OK\r\nX-A: " + b"b" * (1 << 20) + b"\r\nContent-Length: 1\r\n\r\na",
    ],
    ids=["junk", "bad-status", "http09", "nothing", "eof-mid-body", "two-lengths", "cl-and-te",
         "bad-chunk-size", "eof-mid-chunk", "200-headers", "1mb-header"],
)
def test_malformed_responses_are_protocol_errors(
    hostile_server: HostileServer, loopback_client: SafeClient, response: bytes
) -> None:
    url = hostile_server.route("/m", raw(response))
    failed(loopback_client.get(url), ErrorCode.PROTOCOL_ERROR)


# -- deadline (N17, N18) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "handler",
    [drip(b"x" * 1000, interval=0.2), drip_head(interval=0.2), silent()],
    ids=["drip-body", "drip-headers", "never-answers"],
)
def test_deadline_cuts_off_slow_servers(hostile_server: HostileServer, fake_resolver: FakeResolver, handler: object) -> None:
    url = hostile_server.route("/slow", handler)  # type: ignore[arg-type]
    with short_deadline_client(fake_resolver, deadline=1.0) as client:
        started = time.monotonic()
        result = failed(client.get(url), ErrorCode.TIMEOUT)
        took = time.monotonic() - started
    assert took < 3.0, "a 1 s deadline must end the fetch well before the drip does"
    assert result.elapsed < 3.0
    assert "deadline" in result.message


def test_deadline_spans_all_redirect_hops(hostile_server: HostileServer, fake_resolver: FakeResolver) -> None:
    # each hop answers in 0.3 s, well within any per-read timeout; 5 hops exceed 1 s
    def slow_hop(ex):  # type: ignore[no-untyped-def]
        n = int(ex.request.query or 0)
        ex.sleep(0.3)
        ex.respond(302, b"", {"Location": f"/hop?{n + 1}"})

    url = hostile_server.route("/hop", slow_hop)
    with short_deadline_client(fake_resolver, deadline=1.0) as client:
        started = time.monotonic()
        failed(client.get(url), ErrorCode.TIMEOUT)
        assert time.monotonic() - started < 3.0
    assert len(hostile_server.requests) <= 5


# -- size caps (N16) ------------------------------------------------------------------------


@pytest.mark.parametrize("handler", [endless_chunked(), endless_unframed()], ids=["chunked", "unframed"])
def test_endless_body_stops_at_the_cap(
    hostile_server: HostileServer, loopback_client: SafeClient, handler: object
) -> None:
    url = hostile_server.route("/big", handler)  # type: ignore[arg-type]
    result = failed(loopback_client.get(url), ErrorCode.RESPONSE_TOO_LARGE)
    cap = LOOPBACK_FETCH_CONFIG.max_bytes
    assert cap < result.bytes_read <= cap + 64 * 1024
    assert result.status == 200


def test_declared_length_over_the_cap_is_refused_before_reading(
    hostile_server: HostileServer, loopback_client: SafeClient
) -> None:
    url = hostile_server.route("/lie", length_lie(10_000_000_000))
    result = failed(loopback_client.get(url), ErrorCode.RESPONSE_TOO_LARGE)
    assert result.bytes_read == 0
    assert "Content-Length" in result.message


def test_body_just_under_the_cap_is_fetched(hostile_server: HostileServer, fake_resolver: FakeResolver) -> None:
    config = replace(LOOPBACK_FETCH_CONFIG, max_bytes=100_000)
    url = hostile_server.serve("/f", b"a" * 100_000)
    too_big = hostile_server.serve("/g", b"a" * 100_001)
    with SafeClient(config, resolver=fake_resolver) as client:
        assert len(fetched(client.get(url)).body) == 100_000
        failed(client.get(too_big), ErrorCode.RESPONSE_TOO_LARGE)


# -- redirects (N8-N10, N23) ----------------------------------------------------------------


def test_redirects_are_followed_to_the_final_url(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    final = hostile_server.serve("/final", FEED)
    hostile_server.route("/b", redirect(final, 307))
    start = hostile_server.route("/a", redirect("/b", 302))  # relative Location
    result = fetched(loopback_client.get(start))
    assert result.url == final and result.body == FEED
    assert result.permanent_redirect is None  # one hop was temporary


def test_permanent_redirect_when_every_hop_is_permanent(
    hostile_server: HostileServer, loopback_client: SafeClient
) -> None:
    final = hostile_server.serve("/final", FEED)
    hostile_server.route("/b", redirect("final", 308))
    start = hostile_server.route("/a", redirect("/b", 301))
    assert fetched(loopback_client.get(start)).permanent_redirect == final


def test_redirect_loop_stops_at_max_redirects(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    hostile_server.route("/x", redirect("/y"))
    url = hostile_server.route("/y", redirect("/x"))
    result = failed(loopback_client.get(url), ErrorCode.TOO_MANY_REDIRECTS)
    assert len(hostile_server.requests) == LOOPBACK_FETCH_CONFIG.max_redirects + 1
    assert result.status == 302


def test_long_redirect_chain_stops_at_max_redirects(
    hostile_server: HostileServer, loopback_client: SafeClient
) -> None:
    def chain(ex):  # type: ignore[no-untyped-def]
        n = int(ex.request.query or 0)
        ex.respond(301, b"", {"Location": f"/chain?{n + 1}"} if n < 30 else {})

    url = hostile_server.route("/chain", chain)
    failed(loopback_client.get(url), ErrorCode.TOO_MANY_REDIRECTS)
    assert len(hostile_server.requests) == 6


@pytest.mark.parametrize(
    "location",
    ["file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://127.0.0.1/x", "data:text/plain,hi",
     "javascript:alert(1)", "http://exa mple.test/\x00"],
)
def test_redirect_to_a_non_http_url_is_refused(
    hostile_server: HostileServer, loopback_client: SafeClient, location: str
) -> None:
    url = hostile_server.route("/r", redirect(location))
    result = failed(loopback_client.get(url), ErrorCode.BAD_URL)
    assert "redirect" in result.message
    assert len(hostile_server.requests) == 1


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/", "gopher://127.0.0.1/", "data:,x", "javascript:alert(1)",
     "/relative/path", "http://", "http:///path", "http://127.0.0.1:99999/", "http://exa\nmple.test/"],
)
def test_urls_that_are_not_http_are_refused(loopback_client: SafeClient, url: str) -> None:
    failed(loopback_client.get(url), ErrorCode.BAD_URL)


def test_caller_headers_and_url_credentials_stay_on_the_first_origin(
    hostile_server: HostileServer, loopback_client: SafeClient
) -> None:
    port = hostile_server.port
    other_origin = hostile_server.serve("/land", FEED).replace("127.0.0.1", "public.test")
    hostile_server.route("/same", redirect(f"http://127.0.0.1:{port}/cross"))
    hostile_server.route("/cross", redirect(other_origin))
    hostile_server.route("/back", redirect(f"http://127.0.0.1:{port}/land"))
    start = f"http://user:secret@127.0.0.1:{port}/same"
    headers = {"Cookie": "session=1", "X-Api-Key": "k", "Authorization": "Bearer t"}

    fetched(loopback_client.get(start, headers=headers))
    first, second, third = hostile_server.requests
    for same_origin in (first, second):
        assert same_origin.headers["authorization"] == "Bearer t"  # explicit header wins
        assert same_origin.headers["cookie"] == "session=1"
        assert same_origin.headers["x-api-key"] == "k"
    assert third.headers["host"] == f"public.test:{port}"
    for name in ("authorization", "cookie", "x-api-key"):
        assert name not in third.headers


def test_url_credentials_become_basic_auth(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.serve("/f", FEED).replace("http://", "http://us%40er:p%3Ass@")
    fetched(loopback_client.get(url))
    # base64("us@er:p:ss")
    assert hostile_server.requests[0].headers["authorization"] == "Basic dXNAZXI6cDpzcw=="


def test_caller_cannot_override_protocol_headers(hostile_server: HostileServer, loopback_client: SafeClient) -> None:
    url = hostile_server.serve("/f", FEED)
    fetched(loopback_client.get(url, headers={"Host": "evil.test", "Accept-Encoding": "zstd"}))
    sent = hostile_server.requests[0].headers
    assert sent["host"] == f"127.0.0.1:{hostile_server.port}"
    assert sent["accept-encoding"] == "gzip, deflate, br"


# -- environment, threads, settings --------------------------------------------------------


def test_environment_proxies_are_ignored(
    guarded_server: tuple[HostileServer, Honeypots], loopback_client: SafeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    server, honeypots = guarded_server
    proxy = honeypots.v4.url("/")
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, proxy)
    monkeypatch.setenv("NO_PROXY", "")
    url = server.serve("/f", FEED)
    assert fetched(loopback_client.get(url)).body == FEED
    assert honeypots.connections == 0


def test_client_is_thread_safe(guarded_server: tuple[HostileServer, Honeypots], loopback_client: SafeClient) -> None:
    server, honeypots = guarded_server
    ok = server.serve("/ok", FEED)
    hop = server.route("/hop", redirect("/ok"))
    gone = server.route("/gone", fixed(410))
    internal = f"http://internal.test:{server.port}/"
    cases = [(ok, model.Fetched), (hop, model.Fetched), (gone, model.FetchFailed), (internal, model.FetchFailed)] * 25
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda case: loopback_client.get(case[0]), cases))
    for (url, kind), result in zip(cases, results, strict=True):
        assert isinstance(result, kind), (url, result)
        if url == internal:
            assert isinstance(result, model.FetchFailed) and result.code == ErrorCode.FORBIDDEN_ADDRESS
    assert honeypots.connections == 0


def test_config_from_settings(tmp_path: Path) -> None:
    settings = load_settings(
        env={},
        cwd=tmp_path,
        overrides={"fetch_allow_networks": "127.0.0.1/32,10.0.0.0/8", "fetch_deadline": 7,
                   "fetch_max_bytes": 2048, "fetch_max_redirects": 3, "fetch_user_agent": "ua/1"},
    )
    config = FetchConfig.from_settings(settings)
    assert config == FetchConfig(
        user_agent="ua/1", connect_timeout=settings.fetch_connect_timeout,
        read_timeout=settings.fetch_read_timeout, deadline=7.0, max_bytes=2048,
        max_redirects=3, allow_networks=("127.0.0.1/32", "10.0.0.0/8"),
    )


def test_connection_refused_and_unknown_name(loopback_client: SafeClient) -> None:
    failed(loopback_client.get("http://127.0.0.1:1/"), ErrorCode.CONNECT_ERROR)
    result = failed(loopback_client.get("http://no-such-name.test/"), ErrorCode.DNS_ERROR)
    assert "no-such-name.test" in result.message
