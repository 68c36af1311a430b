"""Keep-alive: a connection serves the next request to its origin only after a complete
response, and a reused socket is still under the new fetch's deadline."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsdesk.fetch import FetchConfig, SafeClient
from newsdesk.model import Fetched, FetchFailed, NotModified


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    connections: set[tuple[str, int]] = set()

    def do_GET(self) -> None:
        type(self).connections.add(self.client_address)
        if self.path == "/big":
            body = b"x" * 200_000
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Length", "100")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"x")
                self.wfile.flush()
                time.sleep(0.1)
            return
        else:
            body = b"<rss version='2.0'><channel><title>t</title></channel></rss>"
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.send_header("ETag", '"v1"')
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("ETag", '"v1"')
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    _Handler.connections = set()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _client(**kw: object) -> SafeClient:
    return SafeClient(FetchConfig(allow_networks=("127.0.0.1/32",), **kw))  # type: ignore[arg-type]


def test_complete_responses_reuse_the_connection(server: ThreadingHTTPServer) -> None:
    url = f"http://127.0.0.1:{server.server_address[1]}/feed"
    with _client() as client:
        assert isinstance(client.get(url), Fetched)
        assert isinstance(client.get(url, etag='"v1"'), NotModified)
        assert isinstance(client.get(url), Fetched)
    assert len(_Handler.connections) == 1


def test_cut_off_response_is_never_reused(server: ThreadingHTTPServer) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with _client(max_bytes=100_000) as client:
        assert isinstance(client.get(base + "/feed"), Fetched)
        big = client.get(base + "/big")
        assert isinstance(big, FetchFailed) and big.code == "response_too_large"
        assert isinstance(client.get(base + "/feed"), Fetched)
    assert len(_Handler.connections) == 2  # the connection of /big was closed, not reused


def test_reused_socket_is_under_the_new_deadline(server: ThreadingHTTPServer) -> None:
    base = f"http://127.0.0.1:{server.server_address[1]}"
    with _client(deadline=1.0, read_timeout=5.0) as client:
        assert isinstance(client.get(base + "/feed"), Fetched)
        started = time.monotonic()
        slow = client.get(base + "/drip")  # on the kept-alive connection
        assert isinstance(slow, FetchFailed) and slow.code == "timeout"
        assert time.monotonic() - started < 3
        assert isinstance(client.get(base + "/feed"), Fetched)  # a fresh connection works
    assert len(_Handler.connections) == 2
