"""Fetching the article pages a listing or a sitemap points to, for one check of a source.

A `Crawl` takes `Candidate`s (a page URL with what the listing or sitemap said of it),
asks the store which it already knows, and visits the ones that are due: new pages,
pages left pending by an earlier check, failed pages not yet retried `crawl_retries` times,
and sitemap pages whose lastmod moved forward. A visit obeys robots.txt, goes through the
per-host limiter, and extracts the article in a parse process. The whole crawl is bounded
by `crawl_max_pages` and `crawl_deadline`; what is left is done at the next check.

Every visited page leaves a `CrawlMark` (item, rejected + reason, failed, robots, pending,
skipped) written with the fetch, so the user can see why a page gave no article.
"""

from __future__ import annotations

import html
import time
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime

from newsdesk.errors import RejectReason
from newsdesk.extract.article import extract_article
from newsdesk.model import (
    Article,
    CrawlMark,
    CrawlState,
    Fetched,
    FetchFailed,
    NormalizedItem,
    RawItem,
    Rejected,
    Source,
)
from newsdesk.normalize.items import normalize_items
from newsdesk.pipeline.deps import Deps


@dataclass(frozen=True, slots=True)
class Candidate:
    """A page a listing or sitemap points to, with what it said of the page."""

    url: str
    key: str  # the url: identity key (normalize.items.url_key)
    title: str | None = None
    teaser: str | None = None
    published_at: datetime | None = None
    language: str | None = None
    lastmod: datetime | None = None  # sitemap lastmod


def extract_page(
    body: bytes, url: str, content_type: str | None, charset: str | None, now: datetime,
    languages: Collection[str], min_chars: int,
) -> Article | Rejected:
    """`extract_article` with positional arguments, for a parse process."""
    return extract_article(body, url=url, now=now, content_type=content_type, charset=charset,
                           languages=languages, min_chars=min_chars)


def normalize_batch(raws: Sequence[RawItem], feed_url: str, teaser_words: int,
                    now: datetime) -> tuple[NormalizedItem, ...]:
    return tuple(normalize_items(raws, feed_url=feed_url, teaser_words=teaser_words, now=now))


def listing_item(c: Candidate) -> RawItem:
    """An item from what the listing showed: title, teaser, date (no page text)."""
    return RawItem(guid=None, url=c.url, title=c.title, summary=c.teaser,
                   published_at=c.published_at, language=c.language)


def article_item(c: Candidate, a: Article) -> RawItem:
    """An item from an extracted article; the listing's title and teaser win when given."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>" for p in a.text.split("\n") if p.strip())
    return RawItem(
        guid=None, url=c.url, title=c.title or a.title, summary=c.teaser,
        content=paragraphs, author=a.author,
        published_at=a.published_at or c.published_at, updated_at=a.updated_at,
        language=a.language or c.language,
    )


class Crawl:
    def __init__(self, source: Source, deps: Deps, started: datetime) -> None:
        self.source = source
        self.deps = deps
        self.started = started
        self.deadline = time.monotonic() + deps.settings.crawl_deadline
        self.marks: list[CrawlMark] = []
        self.raws: list[RawItem] = []
        self.outcomes: Counter[str] = Counter()
        self.left = 0

    def known(self, candidates: Sequence[Candidate]) -> dict[str, CrawlState]:
        if self.deps.store is None:
            return {}
        return self.deps.store.crawl_states(self.source.id, [c.key for c in candidates])

    def due(self, candidates: Sequence[Candidate], known: dict[str, CrawlState]) -> list[Candidate]:
        """The candidates to visit, each key once, in the order given."""
        retries = self.deps.settings.crawl_retries
        out: list[Candidate] = []
        taken: set[str] = set()
        for c in candidates:
            if c.key in taken:
                continue
            taken.add(c.key)
            state = known.get(c.key)
            if (state is None or state.state == "pending"
                    or (state.state == "failed" and state.attempts <= retries)
                    or (c.lastmod is not None and state.state != "robots"
                        and (state.lastmod is None or c.lastmod > state.lastmod)
                        and state.url != "")):
                out.append(c)
        return out

    def visit_all(self, candidates: Sequence[Candidate], *, keep_listing: bool) -> None:
        """Visit up to `crawl_max_pages` candidates before the deadline. With `keep_listing`
        (listing sources) every candidate becomes an item, from the listing's own title,
        teaser and date when its page gives no article or was not visited yet (pending)."""
        limit = self.deps.settings.crawl_max_pages
        for index, c in enumerate(candidates):
            if index >= limit or time.monotonic() > self.deadline:
                self.left = len(candidates) - index
                for rest in candidates[index:]:
                    if keep_listing:
                        self.raws.append(listing_item(rest))
                        self.marks.append(CrawlMark(rest.key, rest.url, "pending", rest.lastmod))
                break
            self.visit(c, keep_listing=keep_listing)

    def visit(self, c: Candidate, *, keep_listing: bool) -> None:
        deps = self.deps
        if not deps.allowed(c.url):
            self._give_up(c, "robots", RejectReason.ROBOTS.value,
                          "robots.txt disallows newsdesk from this page", keep_listing)
            return
        outcome = deps.get(c.url)
        if isinstance(outcome, FetchFailed):
            self._give_up(c, "failed", RejectReason.FETCH_FAILED.value,
                          f"{outcome.code}: {outcome.message}", keep_listing)
            return
        if not isinstance(outcome, Fetched):  # no validators sent: a 304 is a server fault
            self._give_up(c, "failed", RejectReason.FETCH_FAILED.value,
                          "unexpected 304 Not Modified", keep_listing)
            return
        s = deps.settings
        found = deps.call(extract_page, outcome.body, outcome.url, outcome.content_type,
                          outcome.charset, self.started, s.languages, s.extract_min_chars)
        if isinstance(found, Rejected):
            self._give_up(c, "rejected", found.reason, found.message, keep_listing)
            return
        self.outcomes["article"] += 1
        self.raws.append(article_item(c, found))
        self.marks.append(CrawlMark(c.key, c.url, "item", c.lastmod))

    def _give_up(self, c: Candidate, state: str, reason: str, message: str,
                 keep_listing: bool) -> None:
        self.outcomes[reason] += 1
        self.marks.append(CrawlMark(c.key, c.url, state, c.lastmod, reason, message))
        if keep_listing:
            self.raws.append(listing_item(c))

    def items(self) -> tuple[NormalizedItem, ...]:
        if not self.raws:
            return ()
        return self.deps.call(normalize_batch, self.raws, self.source.url,
                              self.deps.settings.teaser_words, self.started)

    def note(self) -> str | None:
        """One line for the fetch log: what the crawl did, when it left anything out."""
        visited = sum(self.outcomes.values())
        missed = visited - self.outcomes["article"]
        if not missed and not self.left:
            return None
        parts = [f"{visited} pages visited, {self.outcomes['article']} articles"]
        parts += [f"{n} {reason}" for reason, n in sorted(self.outcomes.items())
                  if reason != "article"]
        if self.left:
            parts.append(f"{self.left} left for the next check")
        return "; ".join(parts)
