"""Links found in feeds and pages → absolute http(s) URLs, or None (X20).

A link is resolved against its base (the feed URL, after feedparser has applied
xml:base); whatever it resolves to must be http or https with a host: `javascript:`,
`data:`, `file:` and friends are dropped, also when spelled `java\\tscript:` (the WHATWG
URL parser removes tabs and newlines anywhere in a URL, and so do we).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

__all__ = ["http_url"]

_REMOVED = re.compile("[\t\n\r]")
_EDGES = "".join(chr(c) for c in range(0x21)) + "\x7f"
_ABSOLUTE = re.compile(r"https?://", re.I)


def http_url(href: object, base: str | None = None) -> str | None:
    """`href` made absolute against `base`, if the result is an http(s) URL with a host."""
    if not isinstance(href, str):
        return None
    href = _REMOVED.sub("", href).strip(_EDGES)
    if not href:
        return None
    try:
        # urljoin leaves an absolute http(s) URL as it is, but for an empty fragment or
        # query at its end, and costs more than the rest of this function
        absolute = _ABSOLUTE.match(href) is not None and href[-1] not in "#?"
        url = urljoin(base, href) if base and not absolute else href
        parts = urlsplit(url)
    except ValueError:  # e.g. "http://[::1" (unbalanced IPv6 bracket)
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return url
