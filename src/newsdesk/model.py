"""Frozen values handed between the pipeline stages.

Nothing here does I/O. Each stage takes and returns these types, so that a reader can
follow one article from the source to the page:

    Source --fetch--> Fetched | NotModified | FetchFailed
           --parse--> ParsedFeed(RawItem...)
           --normalize--> NormalizedItem (sanitised, teaser, keys)
           --store--> rows
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

T = TypeVar("T")


class SourceKind(enum.StrEnum):
    """What a source is; `auto` only exists at `sources add` time."""

    FEED = "feed"
    SITEMAP = "sitemap"
    LISTING = "listing"
    PAGE = "page"


class SourceStatus(enum.StrEnum):
    ACTIVE = "active"  # polled on its schedule
    ERROR = "error"  # last fetch failed; still polled, backed off
    GONE = "gone"  # 410 Gone: never polled again until a user re-enables it
    PAUSED = "paused"  # paused by a user


@dataclass(frozen=True, slots=True)
class Source:
    id: int
    url: str
    kind: SourceKind
    name: str
    status: SourceStatus
    tags: tuple[str, ...] = ()
    site_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    interval_seconds: int = 1800
    next_check_at: datetime | None = None
    last_fetched_at: datetime | None = None
    last_success_at: datetime | None = None
    last_error: str | None = None
    error_count: int = 0
    item_count: int = 0
    created_at: datetime | None = None
    items_last_week: int = 0  # filled when a worker claims the source (for its schedule)
    listing_items: int | None = None  # items the last good fetch of a listing found


@dataclass(frozen=True, slots=True)
class Fetched:
    """A complete 2xx response: the body is whole and within the size cap."""

    url: str  # final URL after redirects
    status: int
    headers: Mapping[str, str]  # lower-cased names
    body: bytes
    elapsed: float  # seconds
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None  # media type without parameters, lower-case
    charset: str | None = None  # from the Content-Type header, if any
    permanent_redirect: str | None = None  # set when every hop was 301/308


@dataclass(frozen=True, slots=True)
class NotModified:
    """304: nothing changed since the validators we sent."""

    url: str
    elapsed: float
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class FetchFailed:
    """An expected failure, as a value: recorded on the source, never raised."""

    url: str
    code: str  # an errors.ErrorCode value
    message: str  # one line a user can read
    status: int | None = None  # HTTP status when there was one
    retry_after: float | None = None  # seconds, from Retry-After, unclamped
    elapsed: float = 0.0
    bytes_read: int = 0


FetchOutcome = Fetched | NotModified | FetchFailed


@dataclass(frozen=True, slots=True)
class Enclosure:
    url: str
    type: str | None = None
    length: int | None = None


@dataclass(frozen=True, slots=True)
class RawItem:
    """One entry as a parser found it: text is already decoded, HTML not yet sanitised."""

    guid: str | None
    url: str | None
    title: str | None
    summary: str | None = None  # HTML or text, as given by the feed
    content: str | None = None  # HTML or text, as given by the feed
    author: str | None = None
    published_at: datetime | None = None  # aware, UTC
    updated_at: datetime | None = None  # aware, UTC
    language: str | None = None
    enclosures: tuple[Enclosure, ...] = ()
    base_url: str | None = None  # what relative links in summary/content are relative to (xml:base)


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str | None
    site_url: str | None
    language: str | None
    items: tuple[RawItem, ...]
    format: str  # "rss20", "atom10", "json11", ...
    dropped_items: int = 0  # items beyond the per-fetch cap


@dataclass(frozen=True, slots=True)
class ParseFailed:
    """A body that yields no items, as a value: `code` is an errors.ErrorCode value."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Article:
    """An article page's main text and metadata, as `extract.article` found them.

    `text` is plain text, one paragraph per line. Each `*_from` field says where a value
    came from ("jsonld", "meta", "time", "text", "url", "htmldate", "detected", "html"...),
    so a wrong value can be traced to its source."""

    url: str  # the page's URL (after redirects)
    text: str
    title: str | None = None
    author: str | None = None
    published_at: datetime | None = None  # aware, UTC
    updated_at: datetime | None = None  # aware, UTC
    language: str | None = None  # BCP 47 primary tag, lower-case ("en", "fa")
    canonical_url: str | None = None
    lead_image: str | None = None
    site_name: str | None = None
    description: str | None = None
    method: str = ""  # which extractor's text won
    published_from: str | None = None
    language_from: str | None = None


@dataclass(frozen=True, slots=True)
class Rejected:
    """A fetched page that gives no article, with the reason (an errors.RejectReason value)
    and one line a user can read; `title` when the page had one."""

    url: str
    reason: str
    message: str
    title: str | None = None


@dataclass(frozen=True, slots=True)
class ItemMention:
    """A watched entity named in an item's title, teaser or text (offsets into that field),
    accepted or rejected, with the reasons (enrich.matcher)."""

    entity: str
    field: str  # "title", "teaser" or "text"
    start: int
    end: int
    surface: str
    layer: str  # "exact", "skeleton" or "surname"
    score: float
    accepted: bool
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NormalizedItem:
    """A RawItem made safe to store: sanitised HTML, plain-text teaser, identity keys.

    `keys` lists the identity candidates in priority order, e.g.
    ("guid:<sha>", "url:<sha>", "td:<sha>"); the store matches an existing row on any
    of them and keeps the first as the row's own key.
    """

    keys: tuple[str, ...]
    guid: str | None
    url: str | None
    title: str
    teaser: str
    summary_html: str | None
    content_html: str | None
    author: str | None
    published_at: datetime | None
    updated_at: datetime | None
    language: str | None
    enclosures: tuple[Enclosure, ...] = ()
    content_hash: str = ""
    mentions: tuple[ItemMention, ...] | None = None  # None: not tagged (no watchlist yet)
    tagged_version: int = 0  # the watchlist version the mentions come from
    suggestions: tuple[tuple[str, str], ...] = ()  # (entity id, name seen next to it)


@dataclass(frozen=True, slots=True)
class Item:
    """An item as stored and shown."""

    id: int
    source_id: int
    url: str | None
    title: str
    teaser: str
    published_at: datetime | None
    first_seen_at: datetime
    language: str | None
    guid: str | None = None
    author: str | None = None
    summary_html: str | None = None
    content_html: str | None = None
    updated_at: datetime | None = None
    source_name: str | None = None
    enclosures: tuple[Enclosure, ...] = ()
    entities: tuple[str, ...] = ()  # ids of the watched entities it mentions


@dataclass(frozen=True, slots=True)
class IngestResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_tombstoned: int = 0


@dataclass(frozen=True, slots=True)
class CrawlState:
    """What the store knows of one page URL of a listing or sitemap source."""

    url: str
    state: str  # "item", "rejected", "failed", "skipped", "robots"
    lastmod: datetime | None = None
    attempts: int = 0


@dataclass(frozen=True, slots=True)
class CrawlMark:
    """What one crawl did with one page URL; `key` is the url: identity key of the page."""

    key: str
    url: str
    state: str  # as CrawlState.state
    lastmod: datetime | None = None
    reason: str | None = None  # an errors.RejectReason value
    message: str | None = None


@dataclass(frozen=True, slots=True)
class FetchLogEntry:
    id: int
    source_id: int
    started_at: datetime
    duration_ms: int
    status: int | None
    outcome: str
    bytes: int
    items_new: int
    items_updated: int
    error: str | None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """One page of a keyset-paginated listing; the cursors are opaque to callers.

    `next_cursor` continues with older rows, `prev_cursor` (when there are newer rows)
    goes back towards the newest."""

    rows: tuple[T, ...]
    next_cursor: str | None = None
    prev_cursor: str | None = None


@dataclass(frozen=True, slots=True)
class FetchRecord:
    """Everything one fetch of one source changes, written by the store in ONE transaction:
    the items, the source's validators and schedule, its error state and the fetch log row.
    A worker killed before the commit loses the whole fetch (and re-fetches it), never half."""

    source_id: int
    started_at: datetime
    duration_ms: int
    outcome: str  # "ok", "not_modified" or an errors.ErrorCode value
    next_check_at: datetime
    interval_seconds: int
    status: SourceStatus
    http_status: int | None = None
    bytes: int = 0
    error: str | None = None  # one line for the user; None on success
    error_count: int = 0  # consecutive failures after this fetch
    etag: str | None = None
    last_modified: str | None = None
    keep_validators: bool = False  # True: leave etag/last_modified as they are
    items: tuple[NormalizedItem, ...] = ()
    new_url: str | None = None  # a permanent redirect to adopt
    site_url: str | None = None
    feed_title: str | None = None
    listing_items: int | None = None  # listing sources: items found on the page(s)
    crawled: tuple[CrawlMark, ...] = ()  # listing/sitemap sources: what became of each page
    note: str | None = None  # one line on what a successful crawl left out
