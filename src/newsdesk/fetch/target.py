"""Which URLs the client requests: http(s) only, normalized for the request line."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

SCHEMES = {"http": 80, "https": 443}
# Characters kept as they are when percent-encoding a path or query: reserved ones and "%".
_SAFE = "/?#[]@!$&'()*+,;=%:~-._"


@dataclass(frozen=True, slots=True)
class Target:
    url: str  # absolute, no user info, no fragment, ASCII only
    scheme: str
    host: str  # lower-case, IDNA-encoded, no brackets
    port: int
    authorization: str | None = None  # "Basic ..." from user info in the URL

    @property
    def origin(self) -> tuple[str, str, int]:
        return self.scheme, self.host, self.port


def parse_target(url: str, base: str | None = None) -> Target | str:
    """A `Target` for `url` (resolved against `base`), or why it is refused."""
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        return "URL contains control characters"
    url = url.strip()
    if base is not None:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        explicit_port = parts.port
    except ValueError as exc:
        return f"malformed URL: {exc}"
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        shown = f"{scheme}:" if scheme else "a relative URL"
        return f"only http and https URLs are fetched, not {shown}"
    host = _ascii_host(parts.hostname or "")
    if not host:
        return "URL has no valid host"
    port = explicit_port or SCHEMES[scheme]
    netloc = f"[{host}]" if ":" in host else host
    if explicit_port is not None:
        netloc = f"{netloc}:{explicit_port}"
    path = quote(parts.path or "/", safe=_SAFE)
    query = quote(parts.query, safe=_SAFE)
    return Target(
        url=urlunsplit((scheme, netloc, path, query, "")),
        scheme=scheme,
        host=host,
        port=port,
        authorization=_basic_auth(parts.username, parts.password),
    )


def _ascii_host(host: str) -> str | None:
    host = host.rstrip(".") if host.endswith(".") and host != "." else host
    if host.isascii():
        return host.lower() or None
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None


def _basic_auth(username: str | None, password: str | None) -> str | None:
    if username is None:
        return None
    pair = f"{unquote(username)}:{unquote(password or '')}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")
