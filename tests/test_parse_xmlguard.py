"""parse.xmlguard and the XML attack cases of safety.md §3.2 (X1–X5, X19), end to end
through parse_feed: refused fast, nothing read, nothing fetched."""

from __future__ import annotations

import io
import socket
import sys
import threading
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import pytest

from newsdesk.model import ParsedFeed, ParseFailed
from newsdesk.parse.feeds import parse_feed
from newsdesk.parse.xmlguard import check_xml, drop_known_doctype

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
FEED_URL = "https://feeds.example.com/feed.xml"

# -- audit hook: records "open" and "socket.connect" while a test listens ------------------------
_recording: list[tuple[str, str]] | None = None
_hook_installed = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _recording is not None and event in ("open", "socket.connect"):
        _recording.append((event, str(args[0] if event == "open" else args[1])))


@pytest.fixture
def audit() -> Iterator[list[tuple[str, str]]]:
    global _recording, _hook_installed
    if not _hook_installed:
        sys.addaudithook(_audit)  # cannot be removed; inert while _recording is None
        _hook_installed = True
    _recording = []
    try:
        yield _recording
    finally:
        _recording = None


def opened(events: list[tuple[str, str]], needle: str) -> list[str]:
    return [arg for event, arg in events if event == "open" and needle in arg]


def refused(body: bytes) -> ParseFailed:
    result = parse_feed(body, url=FEED_URL)
    assert isinstance(result, ParseFailed), result
    assert result.code == "xml_forbidden"
    return result


# -- X1 billion laughs, X2 quadratic blow-up ---------------------------------------------------------
def _measure(body: bytes) -> tuple[object, float, int]:
    tracemalloc.start()
    started = time.perf_counter()
    try:
        result = parse_feed(body, url=FEED_URL)
        elapsed = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, elapsed, peak


def test_billion_laughs_refused_fast_and_small() -> None:
    result, elapsed, peak = _measure((FIXTURES / "billion_laughs.xml").read_bytes())
    assert isinstance(result, ParseFailed) and result.code == "xml_forbidden"
    assert "DOCTYPE" in result.message
    assert elapsed < 1.0
    assert peak < 20 * 2**20


def quadratic_blowup(entity_size: int = 100_000, references: int = 16_000) -> bytes:
    return (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"A" * entity_size
            + b'">]><rss version="2.0"><channel><title>q</title><item><title>'
            + b"&a;" * references + b"</title></item></channel></rss>")


def test_quadratic_blowup_refused_fast_and_small() -> None:
    body = quadratic_blowup()
    assert 140_000 < len(body) < 160_000
    result, elapsed, peak = _measure(body)
    assert isinstance(result, ParseFailed) and result.code == "xml_forbidden"
    assert elapsed < 1.0
    assert peak < 20 * 2**20  # never expanded (1.6 GB of text)


def test_without_the_guard_feedparser_expands_entities() -> None:
    # why the guard exists: the same shape, small, straight into feedparser
    body = quadratic_blowup(entity_size=1000, references=100)
    title = feedparser.parse(io.BytesIO(body)).entries[0].title
    assert len(title) == 100_000
    assert refused(body).code == "xml_forbidden"


def test_entity_declaration_hidden_in_a_comment_is_refused() -> None:
    # feedparser's loose parser collects <!ENTITY from the text before the root, comments too
    result = refused((FIXTURES / "commented_doctype.xml").read_bytes())
    assert "before the root element" in result.message


# -- X3 XXE, X4 external DTD / parameter entity ----------------------------------------------------
def test_xxe_never_reads_the_canary(tmp_path: Path, audit: list[tuple[str, str]]) -> None:
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY-7f3a91-SECRET")
    audit.clear()  # writing it was an "open"
    body = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{canary}">]>'
            '<rss version="2.0"><channel><title>&xxe;</title><item><title>&xxe;</title>'
            "<description>&xxe;</description></item></channel></rss>").encode()
    result = refused(body)
    assert "CANARY" not in repr(result)
    assert opened(audit, "canary") == []


class Honeypot:
    """A listener on 127.0.0.2 that counts connections (safety.md §2.1)."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.2", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.hits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.hits += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


@pytest.fixture
def honeypot() -> Iterator[Honeypot]:
    pot = Honeypot()
    try:
        yield pot
    finally:
        pot.close()


def test_external_dtd_fixture_is_refused(audit: list[tuple[str, str]]) -> None:
    result = refused((FIXTURES / "external_dtd.xml").read_bytes())
    assert "DOCTYPE" in result.message
    assert [e for e in audit if e[0] == "socket.connect"] == []


@pytest.mark.parametrize("template", [
    '<!DOCTYPE rss SYSTEM "http://127.0.0.2:{port}/x.dtd">',
    '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" '
    '"http://127.0.0.2:{port}/x.dtd" [<!ENTITY e "x">]>',
    '<!DOCTYPE rss [<!ENTITY % remote SYSTEM "http://127.0.0.2:{port}/evil.dtd"> %remote;]>',
    '<!DOCTYPE rss [<!ENTITY ext SYSTEM "http://127.0.0.2:{port}/ext.xml">]>',
])
def test_external_references_never_connect(
    template: str, honeypot: Honeypot, audit: list[tuple[str, str]]
) -> None:
    body = ('<?xml version="1.0"?>' + template.format(port=honeypot.port)
            + '<rss version="2.0"><channel><title>&ext;</title></channel></rss>').encode()
    refused(body)
    assert [e for e in audit if e[0] == "socket.connect"] == []
    assert honeypot.hits == 0


def test_honeypot_counts_a_real_connection(honeypot: Honeypot) -> None:
    # the detector works: a direct connection is seen
    with socket.create_connection(("127.0.0.2", honeypot.port), timeout=1):
        pass
    deadline = time.monotonic() + 2
    while honeypot.hits == 0 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert honeypot.hits == 1


# -- X19 input confusion ---------------------------------------------------------------------------
def test_a_body_that_is_a_path_is_never_opened(audit: list[tuple[str, str]]) -> None:
    for body in (b"/etc/hostname", b"  /etc/hostname\n"):
        result = parse_feed(body, url=FEED_URL)
        assert isinstance(result, ParseFailed) and result.code == "not_a_feed"
    # markup pointing at the path in every way a parser might follow
    markup = (b'<?xml version="1.0"?><?xml-stylesheet type="text/xsl" href="/etc/hostname"?>'
              b'<rss version="2.0" xmlns:xi="http://www.w3.org/2001/XInclude"><channel>'
              b'<title>t</title><item><title>x</title><xi:include href="/etc/hostname"/>'
              b"<link>file:///etc/hostname</link></item></channel></rss>")
    feed = parse_feed(markup, url=FEED_URL)
    assert isinstance(feed, ParsedFeed)
    assert feed.items[0].url is None
    assert opened(audit, "/etc/hostname") == []


def test_the_open_detector_sees_feedparser_open_a_str(audit: list[tuple[str, str]]) -> None:
    # the trap we avoid (safety.md X19): feedparser opens a str it is given
    feedparser.parse("/etc/hostname")
    assert opened(audit, "/etc/hostname") == ["/etc/hostname"]


# -- check_xml directly -------------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>',
    b"<!-- comment --><?pi x?>\n<feed/>",
    b"<rss><![CDATA[<!DOCTYPE html><html>]]></rss>",  # text after the root is content
    b"not xml at all",
    b"<rss><unclosed>",
    "<rss><title>سلام</title></rss>".encode("utf-16"),
])
def test_check_xml_lets_harmless_bodies_through(body: bytes) -> None:
    assert check_xml(body) is None


@pytest.mark.parametrize("body", [
    b'<!DOCTYPE rss SYSTEM "x.dtd"><rss/>',
    b"<!DOCTYPE rss [<!ELEMENT rss ANY>]><rss/>",
    b'\xef\xbb\xbf<?xml version="1.0"?>\n<!doctype rss><rss/>',
    '<!DOCTYPE rss [<!ENTITY a "b">]><rss>&a;</rss>'.encode("utf-16"),
    b'<?xml version="1.0"?>&junk;<!DOCTYPE rss [<!ENTITY a "b">]><rss/>',  # after a syntax error
])
def test_check_xml_refuses_declarations(body: bytes) -> None:
    result = check_xml(body)
    assert result is not None and result.code == "xml_forbidden"


def test_only_the_plain_netscape_doctype_is_dropped() -> None:
    netscape = (b'<?xml version="1.0"?>\n<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD'
                b' RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss/>')
    assert drop_known_doctype(netscape) == b'<?xml version="1.0"?>\n\n<rss/>'
    with_subset = netscape.replace(b'.dtd">', b'.dtd" [<!ENTITY a "b">]>')
    assert drop_known_doctype(with_subset) == with_subset
    other = b'<!DOCTYPE rss PUBLIC "-//Evil//DTD//EN" "http://127.0.0.2:1/x.dtd"><rss/>'
    assert drop_known_doctype(other) == other


@pytest.mark.parametrize("name", [
    "billion_laughs.xml", "external_dtd.xml", "parameter_entity.xml", "commented_doctype.xml",
])
def test_hostile_fixtures_are_refused(name: str) -> None:
    refused((FIXTURES / name).read_bytes())
