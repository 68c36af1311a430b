"""The safe HTTP client: address policy at connect, limits, deadline, conditional GET.

    client = SafeClient(FetchConfig.from_settings(settings))
    outcome = client.get(url, etag=source.etag, last_modified=source.last_modified)
    # -> model.Fetched | model.NotModified | model.FetchFailed; never raises for network
    #    or HTTP trouble

What it guarantees (safety.md §3.1):
* only http and https, on the first URL and on every redirect hop (N8);
* every connection of every hop resolves the host itself and connects only to addresses
  the `AddressPolicy` allows; any forbidden address refuses the whole name (N1-N7);
* redirects are followed here, at most `max_redirects` (N9); `permanent_redirect` is set
  when every hop was 301/308 (N10); caller headers (Authorization, Cookie, custom ones) are
  dropped for good once a hop leaves the first origin (N23);
* one wall-clock deadline covers all hops, headers and body (N17/N18);
* the *decoded* body is capped while streaming; a declared Content-Length over the cap is
  refused before reading; unknown or more than two stacked codings are refused (N12-N16);
* environment proxies and `.netrc` are never used (N25).

The client is thread-safe: share one across a ThreadPoolExecutor.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from urllib3 import BaseHTTPResponse, HTTPHeaderDict, Timeout

from newsdesk import model
from newsdesk.errors import ErrorCode
from newsdesk.fetch.connection import Connector, GuardedPoolManager, deadline_scope
from newsdesk.fetch.deadline import Deadline
from newsdesk.fetch.failures import FETCH_ERRORS, classify
from newsdesk.fetch.guard import AddressPolicy, Resolver, system_resolver
from newsdesk.fetch.headers import ACCEPT_ENCODING, content_coding_problem, parse_content_type
from newsdesk.fetch.schedule import parse_retry_after
from newsdesk.fetch.target import Target, parse_target
from newsdesk.settings import USER_AGENT, Settings

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({301, 308})
READ_CHUNK = 64 * 1024
KEEP_ALIVE_PER_ORIGIN = 16  # idle connections kept per origin (more are closed, not queued)
# Request headers a caller may not set: the client owns them.
_OWN_HEADERS = frozenset({"host", "accept-encoding", "connection", "content-length", "transfer-encoding"})


@dataclass(frozen=True, slots=True)
class FetchConfig:
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    deadline: float = 30.0
    max_bytes: int = 15 * 1024 * 1024
    max_redirects: int = 5
    allow_networks: tuple[str, ...] = ()
    # PEM file of CAs to trust *instead of* the system store (tests, intranets); None: system
    ca_certs: str | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchConfig:
        return cls(
            user_agent=settings.fetch_user_agent,
            connect_timeout=settings.fetch_connect_timeout,
            read_timeout=settings.fetch_read_timeout,
            deadline=settings.fetch_deadline,
            max_bytes=settings.fetch_max_bytes,
            max_redirects=settings.fetch_max_redirects,
            allow_networks=tuple(settings.fetch_allow_networks),
        )


class _Fail(Exception):
    """Internal: unwinds a fetch to `get()`, which returns it as a FetchFailed value."""

    def __init__(self, code: ErrorCode, message: str, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.retry_after = retry_after


@dataclass(slots=True)
class _Fetch:
    """The state of one `get()` call."""

    first_url: str
    deadline: Deadline
    started: float
    validators: bool
    target: Target | None = None
    status: int | None = None  # of the final response, once it arrived
    bytes_read: int = 0


class SafeClient:
    """See the module docstring. `resolver` is the seam tests use for fake DNS."""

    def __init__(self, config: FetchConfig, resolver: Resolver | None = None) -> None:
        self.config = config
        self.policy = AddressPolicy(config.allow_networks)
        connector = Connector(self.policy, resolver or system_resolver)
        self._pool = GuardedPoolManager(
            connector, num_pools=32, maxsize=KEEP_ALIVE_PER_ORIGIN, block=False, retries=False,
            ca_certs=config.ca_certs,
        )

    def close(self) -> None:
        self._pool.clear()

    def __enter__(self) -> SafeClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def get(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> model.FetchOutcome:
        """GET `url`, following redirects; see the module docstring for the guarantees.

        `headers` are extra request headers (credentials, cookies); they go to the first
        origin only.
        """
        fetch = _Fetch(url, Deadline(self.config.deadline), time.monotonic(),
                       validators=bool(etag or last_modified))
        with fetch.deadline, deadline_scope(fetch.deadline):
            try:
                return self._follow(fetch, etag, last_modified, accept, headers or {})
            except _Fail as fail:
                return self._failed(fetch, fail)
            except FETCH_ERRORS as exc:
                code, message = classify(exc, fetch.deadline.expired, self.config.deadline)
                return self._failed(fetch, _Fail(code, message))

    def _follow(
        self,
        fetch: _Fetch,
        etag: str | None,
        last_modified: str | None,
        accept: str | None,
        extra: Mapping[str, str],
    ) -> model.FetchOutcome:
        target = _target_or_fail(fetch.first_url)
        first_origin = target.origin
        extra_headers = dict(extra)
        if target.authorization and not any(k.lower() == "authorization" for k in extra):
            extra_headers["Authorization"] = target.authorization
        statuses: list[int] = []
        while True:
            fetch.target = target
            if target.origin != first_origin:
                extra_headers = {}  # never sent again, even if a later hop comes back
            request_headers = self._headers(extra_headers, etag, last_modified, accept)
            response = self._open(fetch, target, request_headers)
            location = _redirect_location(response)
            if location is None:
                return self._complete(fetch, target, response, statuses)
            statuses.append(response.status)
            if len(statuses) > self.config.max_redirects:
                raise _Fail(ErrorCode.TOO_MANY_REDIRECTS,
                            f"more than {self.config.max_redirects} redirects (last to {location})",
                            status=response.status)
            target = _target_or_fail(location, base=target.url, redirect=True)

    def _headers(
        self,
        extra: Mapping[str, str],
        etag: str | None,
        last_modified: str | None,
        accept: str | None,
    ) -> HTTPHeaderDict:
        headers = HTTPHeaderDict({k: v for k, v in extra.items() if k.lower() not in _OWN_HEADERS})
        headers["User-Agent"] = self.config.user_agent
        headers["Accept"] = accept or headers.get("Accept") or "*/*"
        headers["Accept-Encoding"] = ACCEPT_ENCODING
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return headers

    def _open(self, fetch: _Fetch, target: Target, headers: HTTPHeaderDict) -> BaseHTTPResponse:
        remaining = fetch.deadline.remaining()
        if remaining <= 0:
            raise _Fail(ErrorCode.TIMEOUT,
                        f"no complete response within the {self.config.deadline:g} s deadline")
        timeout = Timeout(connect=min(self.config.connect_timeout, remaining),
                          read=min(self.config.read_timeout, remaining))
        return self._pool.urlopen(
            "GET", target.url, headers=headers, redirect=False, retries=False,
            preload_content=False, decode_content=True, timeout=timeout,
        )

    def _complete(
        self, fetch: _Fetch, target: Target, response: BaseHTTPResponse, hops: list[int]
    ) -> model.FetchOutcome:
        complete = False
        try:
            headers = {name.lower(): response.headers[name] for name in response.headers}
            status = fetch.status = response.status
            if status == 304:
                complete = True
                return self._not_modified(fetch, target, headers)
            if not 200 <= status < 300:
                raise _status_failure(status, headers)
            body = self._read_body(fetch, response, headers)
            complete = True
        finally:
            if complete and not fetch.deadline.expired:
                response.release_conn()  # read to the end: the connection may serve again
            else:
                _discard(response)
        if not body:
            raise _Fail(ErrorCode.EMPTY_RESPONSE, f"HTTP {status} with an empty body", status=status)
        content_type, charset = parse_content_type(headers.get("content-type"))
        permanent = bool(hops) and all(s in PERMANENT_STATUSES for s in hops)
        return model.Fetched(
            url=target.url, status=status, headers=headers, body=body,
            elapsed=self._elapsed(fetch), etag=headers.get("etag"),
            last_modified=headers.get("last-modified"), content_type=content_type,
            charset=charset, permanent_redirect=target.url if permanent else None,
        )

    def _not_modified(
        self, fetch: _Fetch, target: Target, headers: Mapping[str, str]
    ) -> model.NotModified:
        if not fetch.validators:
            raise _Fail(ErrorCode.HTTP_ERROR,
                        "HTTP 304 Not Modified although no validators were sent", status=304)
        return model.NotModified(url=target.url, elapsed=self._elapsed(fetch),
                                 etag=headers.get("etag"),
                                 last_modified=headers.get("last-modified"))

    def _read_body(
        self, fetch: _Fetch, response: BaseHTTPResponse, headers: Mapping[str, str]
    ) -> bytes:
        cap = self.config.max_bytes
        if "transfer-encoding" in headers and "content-length" in headers:
            # RFC 9112 §6.1: a sign of response splitting, "ought to be handled as an error"
            raise _Fail(ErrorCode.PROTOCOL_ERROR,
                        "response has both Transfer-Encoding and Content-Length",
                        status=response.status)
        problem = content_coding_problem(headers.get("content-encoding"))
        if problem is not None:
            raise _Fail(ErrorCode.BAD_ENCODING, problem, status=response.status)
        declared = _content_length(headers.get("content-length"))
        if declared is not None and declared > cap:
            raise _Fail(ErrorCode.RESPONSE_TOO_LARGE,
                        f"declared Content-Length {declared} exceeds the {cap}-byte limit",
                        status=response.status)
        chunks: list[bytes] = []
        while True:
            if fetch.deadline.expired:
                raise _Fail(ErrorCode.TIMEOUT,
                            f"body not complete within the {self.config.deadline:g} s deadline",
                            status=response.status)
            # read1: returns what has arrived (at most READ_CHUNK decoded bytes) instead of
            # blocking until READ_CHUNK bytes came; b"" only at the end of the body.
            chunk = response.read1(READ_CHUNK)
            if not chunk:
                return b"".join(chunks)
            fetch.bytes_read += len(chunk)
            if fetch.bytes_read > cap:
                raise _Fail(ErrorCode.RESPONSE_TOO_LARGE,
                            f"decoded body exceeds the {cap}-byte limit", status=response.status)
            chunks.append(chunk)

    def _elapsed(self, fetch: _Fetch) -> float:
        return time.monotonic() - fetch.started

    def _failed(self, fetch: _Fetch, fail: _Fail) -> model.FetchFailed:
        return model.FetchFailed(
            url=fetch.target.url if fetch.target else fetch.first_url,
            code=str(fail.code), message=fail.message, status=fail.status or fetch.status,
            retry_after=fail.retry_after, elapsed=self._elapsed(fetch),
            bytes_read=fetch.bytes_read,
        )


def _target_or_fail(url: str, base: str | None = None, redirect: bool = False) -> Target:
    target = parse_target(url, base)
    if isinstance(target, str):
        what = f"redirect to {url[:200]!r} refused" if redirect else "refused"
        raise _Fail(ErrorCode.BAD_URL, f"{what}: {target}")
    return target


def _redirect_location(response: BaseHTTPResponse) -> str | None:
    if response.status not in REDIRECT_STATUSES:
        return None
    location = response.headers.get("location")
    if not location:
        return None
    _discard(response)  # the body of a redirect is never read (urllib3 CVE-2026-21441)
    return location


def _discard(response: BaseHTTPResponse) -> None:
    """Close the response and its connection; hand the (closed) connection back to its pool."""
    response.close()
    response.release_conn()


def _status_failure(status: int, headers: Mapping[str, str]) -> _Fail:
    if status == 410:
        return _Fail(ErrorCode.GONE, "HTTP 410 Gone: the resource was removed", status=status)
    if status in (429, 503):
        retry = parse_retry_after(headers.get("retry-after"), datetime.now(UTC))
        hint = f"; retry after {retry:g} s" if retry is not None else ""
        return _Fail(ErrorCode.RATE_LIMITED, f"HTTP {status}: rate limited or unavailable{hint}",
                     status=status, retry_after=retry)
    if status in REDIRECT_STATUSES:
        return _Fail(ErrorCode.HTTP_ERROR, f"HTTP {status} redirect without a Location",
                     status=status)
    return _Fail(ErrorCode.HTTP_ERROR, f"HTTP {status}", status=status)


def _content_length(value: str | None) -> int | None:
    if value is None:
        return None
    text = value.split(",", 1)[0].strip()
    return int(text) if text.isdigit() else None
