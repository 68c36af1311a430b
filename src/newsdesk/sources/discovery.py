"""What is at a URL a user wants to watch: `sources add URL --kind auto`.

A feed URL is taken as it is, a sitemap too; an HTML page is searched for the feeds it
links (`<link rel="alternate">`) and then for feeds at common paths, and the first feed
found is watched. An HTML page without a feed is a listing when the probe finds at least
three items on it, else a single page. The choice is said to the user.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from newsdesk.errors import InputError
from newsdesk.fetch.client import FetchConfig, SafeClient
from newsdesk.model import Fetched, ParsedFeed, SourceKind
from newsdesk.normalize.urls import canonicalize_url
from newsdesk.parse.discover import COMMON_FEED_PATHS, discover_feeds
from newsdesk.parse.feeds import parse_feed
from newsdesk.parse.sniff import sniff
from newsdesk.settings import Settings
from newsdesk.sources.probe import probe

FEED_TYPES = {"rss", "rdf", "atom", "json_feed"}
SITEMAP_TYPES = {"sitemap", "sitemap_index"}


@dataclass(frozen=True, slots=True)
class SourceGuess:
    url: str
    kind: SourceKind
    name: str
    site_url: str | None = None
    note: str | None = None  # what was decided, for the user


def _host(url: str) -> str:
    return urlsplit(url).hostname or url


def _feed_guess(fetched: Fetched, note: str | None = None) -> SourceGuess | None:
    feed = parse_feed(fetched.body, url=fetched.url, charset=fetched.charset, max_items=1)
    if not isinstance(feed, ParsedFeed):
        return None
    return SourceGuess(url=canonicalize_url(fetched.url) or fetched.url, kind=SourceKind.FEED,
                       name=feed.title or _host(fetched.url), site_url=feed.site_url, note=note)


def resolve_source(url: str, kind: str, settings: Settings) -> SourceGuess:
    clean = canonicalize_url(url.strip())
    if clean is None:
        raise InputError(f"not an http(s) URL: {url!r}")
    if kind != "auto":
        return SourceGuess(url=clean, kind=SourceKind(kind), name=_host(clean))
    client = SafeClient(FetchConfig.from_settings(settings))
    try:
        return _probe(client, clean)
    finally:
        client.close()


def _probe(client: SafeClient, url: str) -> SourceGuess:
    first = client.get(url)
    if not isinstance(first, Fetched):
        raise InputError(f"cannot read {url}: {getattr(first, 'message', 'not modified')}")
    kind = sniff(first.body, first.content_type)
    if kind in FEED_TYPES:
        guess = _feed_guess(first, note=f"added {first.url} as a feed")
        if guess is None:
            raise InputError(f"{url} looks like a feed but cannot be parsed")
        return guess
    if kind in SITEMAP_TYPES:
        return SourceGuess(url=url, kind=SourceKind.SITEMAP, name=_host(url),
                           note=f"added {url} as a sitemap")
    if kind != "html":
        raise InputError(f"{url} is neither a feed nor a web page (found {kind})")
    candidates = discover_feeds(first.body, first.url, first.charset)
    candidates += [urljoin(first.url, p) for p in COMMON_FEED_PATHS]
    for candidate in dict.fromkeys(candidates):
        fetched = client.get(candidate)
        if isinstance(fetched, Fetched) and sniff(fetched.body, fetched.content_type) in FEED_TYPES:
            guess = _feed_guess(fetched, note=f"found the feed {fetched.url} on {url}")
            if guess is not None:
                return SourceGuess(guess.url, guess.kind, guess.name, guess.site_url or first.url,
                                   guess.note)
    found = probe(first.body, url=first.url, content_type=first.content_type,
                  charset=first.charset, now=datetime.now(UTC))
    if found.kind == "listing":
        return SourceGuess(url=url, kind=SourceKind.LISTING, name=_host(url),
                           note=f"no feed found on {url}; added it as a listing page "
                                f"({len(found.items)} items found on it)")
    return SourceGuess(url=url, kind=SourceKind.PAGE, name=_host(url),
                       note=f"no feed found on {url}; added it as a single page")
