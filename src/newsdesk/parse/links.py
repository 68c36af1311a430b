"""Links found in feeds and pages → absolute http(s) URLs, or None (X20).

A link is resolved against its base (the feed URL, after feedparser has applied
xml:base); whatever it resolves to must be http or https with a host: `javascript:`,
`data:`, `file:` and friends are dropped, also when spelled `java\\tscript:` (the WHATWG
URL parser removes tabs and newlines anywhere in a URL, and so do we).
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

__all__ = ["http_url"]

_REMOVED = re.compile("[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21)) + "\x7f"
_ABSOLUTE = re.compile(r"https?://")  # lower case: urljoin may lower an upper-case scheme


@lru_cache(maxsize=64)
def _origin(base: str) -> str | None:
    """"https://host:port" of an http(s) base URL, None for any other."""
    try:
        parts = urlsplit(base)
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


def http_url(href: object, base: str | None = None) -> str | None:
    """`href` made absolute against `base`, if the result is an http(s) URL with a host."""
    if not isinstance(href, str):
        return None
    href = _REMOVED.sub("", href).strip(_EDGES)
    if not href:
        return None
    try:
        # urljoin leaves an absolute http(s) URL as it is and puts a root-relative path
        # without dot segments after the base's origin (but for an empty query, fragment or
        # ";params", which it drops); it costs more than the rest of this function
        plain = href[-1] not in "#?" and "?#" not in href and ";" not in href
        if not base or plain and _ABSOLUTE.match(href) is not None:
            url = href
        elif plain and href[0] == "/" and href[1:2] != "/" and "/." not in href \
                and (origin := _origin(base)) is not None:
            url = origin + href
        else:
            url = urljoin(base, href)
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[::1" (unbalanced IPv6 bracket)
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return url
