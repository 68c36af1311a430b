"""RawItems made safe to store: clean text, sanitised HTML, a teaser and identity keys.

Identity keys, in priority order (`NormalizedItem.keys`):

1. ``"guid:" + sha256(guid)`` - only when no other item of the same batch carries the same
   GUID (some feeds give every item one GUID; then the GUID identifies nothing);
2. ``"url:" + sha256(canonical url)`` - when the item has an http(s) link;
3. ``"td:" + sha256(normalised title + "|" + published day)`` - always; the day is the
   UTC date the feed gave (not clamped), or `now`'s day when it gave none.

The store matches an existing row by ANY of an item's keys and keeps the first as the
row's own key. That is how a feed that changes its GUIDs on every fetch still folds by URL,
and how a feed without GUIDs or links folds by title and day. One guard (the store's too,
see store/ingest.py): a `td:` match does not fold two items that both have URLs, since two
articles may share a title on one day ("Video", "Live updates"). Within one batch, an item
that would fold into an earlier one by these rules is dropped (the first wins), so the store
never receives two items of one batch that it would fold into the same row.

Other rules: text fields are cleaned and capped (title 1,024 chars, author 512, URLs
2,048, summary and content 1,000,000 before sanitising); summary and content are sanitised
HTML, or escaped into <p> paragraphs when they are plain text; the title is plain text
(tags stripped, entities decoded), else the first words of the text, else "(untitled)";
`published_at` and `updated_at` later than now + 1 day, or before 1995, become `now`;
`content_hash` covers title, url, summary, content, author and the published date as the
feed gave it, so that clamping to `now` does not make an unchanged item look updated.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from newsdesk import model
from newsdesk.normalize.html import html_to_text, sanitize_html
from newsdesk.normalize.teaser import make_teaser, teaser_from
from newsdesk.normalize.text import clean_text, collapse_ws, truncate
from newsdesk.normalize.urls import MAX_URL_CHARS, canonicalize_url

MAX_TITLE_CHARS = 1024
MAX_AUTHOR_CHARS = 512
MAX_GUID_CHARS = 2048
MAX_BODY_CHARS = 1_000_000
MAX_LANGUAGE_CHARS = 32
MAX_TYPE_CHARS = 255
TITLE_FALLBACK_WORDS = 12
UNTITLED = "(untitled)"
FUTURE_SLACK = timedelta(days=1)
EARLIEST = datetime(1995, 1, 1, tzinfo=UTC)
_LOOKS_LIKE_HTML = re.compile(
    r"<(?:[A-Za-z][A-Za-z0-9-]*[\s/>]|/[A-Za-z][A-Za-z0-9-]*\s*>|!--)"
    r"|&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});"
)
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_LANGUAGE = re.compile(r"^[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*$")


def normalize_items(
    raw: Sequence[model.RawItem], *, feed_url: str, teaser_words: int, now: datetime
) -> list[model.NormalizedItem]:
    """`raw` made safe and identifiable, in order, items folded by shared keys."""
    guids = [_guid(item.guid) for item in raw]
    repeated = {g for g, count in Counter(g for g in guids if g).items() if count > 1}
    base = canonicalize_url(feed_url) if feed_url else None
    seen = _Seen()
    out: list[model.NormalizedItem] = []
    for item, guid in zip(raw, guids, strict=True):
        normalized = _normalize(item, guid, guid in repeated, base, teaser_words, now)
        if not seen.folds(normalized.keys):
            out.append(normalized)
    return out


class _Seen:
    """The keys of the items kept so far, and the folding rule of the module docstring."""

    def __init__(self) -> None:
        self.strong: set[str] = set()  # guid: and url: keys
        self.td: set[str] = set()
        self.td_without_url: set[str] = set()

    def folds(self, keys: Sequence[str]) -> bool:
        """True when `keys` match a kept item; else remember them and return False."""
        strong = [k for k in keys if not k.startswith("td:")]
        has_url = any(k.startswith("url:") for k in strong)
        td = [k for k in keys if k.startswith("td:")]
        if not self.strong.isdisjoint(strong):
            return True
        if not (self.td_without_url if has_url else self.td).isdisjoint(td):
            return True
        self.strong.update(strong)
        self.td.update(td)
        if not has_url:
            self.td_without_url.update(td)
        return False


@dataclass(frozen=True, slots=True)
class _Body:
    summary_html: str | None
    content_html: str | None
    teaser: str


def _normalize(
    item: model.RawItem,
    guid: str | None,
    guid_repeated: bool,
    feed_base: str | None,
    teaser_words: int,
    now: datetime,
) -> model.NormalizedItem:
    url = _url(item.url, feed_base)
    body = _body(item, url or feed_base, teaser_words)
    title = _plain(item.title, MAX_TITLE_CHARS) or make_teaser(body.teaser, TITLE_FALLBACK_WORDS)
    title = title or UNTITLED
    author = _plain(item.author, MAX_AUTHOR_CHARS) or None
    published = _utc(item.published_at)
    keys = _keys(None if guid_repeated else guid, url, title, published, now)
    return model.NormalizedItem(
        keys=keys,
        guid=guid,
        url=url,
        title=title,
        teaser=body.teaser,
        summary_html=body.summary_html,
        content_html=body.content_html,
        author=author,
        published_at=_clamp(published, now),
        updated_at=_clamp(_utc(item.updated_at), now),
        language=_language(item.language),
        enclosures=_enclosures(item.enclosures, url or feed_base),
        content_hash=_sha256_json(
            [title, url, body.summary_html, body.content_html, author, _iso(published)]
        ),
    )


def url_key(url: str, base: str | None = None) -> str | None:
    """The `url:` identity key an item linking to `url` gets (None for a non-http URL): how
    the crawler asks the store whether a page is known before fetching it."""
    canonical = _url(url, canonicalize_url(base) if base else None)
    return "url:" + _sha256(canonical) if canonical else None


def _keys(
    guid: str | None, url: str | None, title: str, published: datetime | None, now: datetime
) -> tuple[str, ...]:
    keys: list[str] = []
    if guid:
        keys.append("guid:" + _sha256(guid))
    if url:
        keys.append("url:" + _sha256(url))
    day = (published or _as_utc(now)).date().isoformat()
    keys.append("td:" + _sha256(collapse_ws(title).casefold() + "|" + day))
    return tuple(keys)


def _body(item: model.RawItem, base: str | None, teaser_words: int) -> _Body:
    base = item.base_url or base
    summary = _html(item.summary, base)
    content = _html(item.content, base)
    return _Body(summary, content, teaser_from(summary, content, teaser_words))


def _html(value: str | None, base: str | None) -> str | None:
    """Sanitised HTML of a feed field (plain text is escaped into paragraphs); None when
    nothing visible is left."""
    cleaned = clean_text(value, MAX_BODY_CHARS)
    if not cleaned or not cleaned.strip():
        return None
    if _LOOKS_LIKE_HTML.search(cleaned):
        safe = sanitize_html(cleaned, base_url=base, max_input_chars=MAX_BODY_CHARS)
    else:
        safe = _paragraphs(cleaned)
    if "<img" not in safe and not html_to_text(safe):
        return None
    return safe


def _paragraphs(text: str) -> str:
    """Plain text as HTML: blank lines separate paragraphs, single newlines become <br>."""
    paragraphs = []
    for block in _PARAGRAPH_BREAK.split(text.strip()):
        lines = [htmllib.escape(collapse_ws(line)) for line in block.splitlines()]
        paragraphs.append("<p>" + "<br>".join(line for line in lines if line) + "</p>")
    return "".join(paragraphs)


def _plain(value: str | None, max_chars: int) -> str:
    """One line of plain text: tags stripped and entities decoded when it looks like HTML."""
    cleaned = clean_text(value, MAX_BODY_CHARS)
    if not cleaned:
        return ""
    if _LOOKS_LIKE_HTML.search(cleaned):
        cleaned = html_to_text(cleaned)
    return truncate(collapse_ws(cleaned), max_chars)


def _guid(value: str | None) -> str | None:
    cleaned = clean_text(value, MAX_GUID_CHARS)
    return cleaned.strip() if cleaned and cleaned.strip() else None


def _url(value: str | None, base: str | None) -> str | None:
    cleaned = clean_text(value, MAX_URL_CHARS + 1)
    if not cleaned or len(cleaned) > MAX_URL_CHARS:
        return None
    return canonicalize_url(cleaned, base)


def _language(value: str | None) -> str | None:
    cleaned = clean_text(value, MAX_LANGUAGE_CHARS + 1)
    if not cleaned:
        return None
    tag = cleaned.strip().replace("_", "-")
    if len(tag) > MAX_LANGUAGE_CHARS or not _LANGUAGE.match(tag):
        return None
    return tag


def _enclosures(
    enclosures: Sequence[model.Enclosure], base: str | None
) -> tuple[model.Enclosure, ...]:
    out: dict[str, model.Enclosure] = {}
    for enclosure in enclosures:
        url = _url(enclosure.url, base)
        if url is None or url in out:
            continue
        media_type = collapse_ws(clean_text(enclosure.type, MAX_TYPE_CHARS) or "").lower()
        length = (
            enclosure.length if enclosure.length is not None and enclosure.length >= 0 else None
        )
        out[url] = model.Enclosure(url=url, type=media_type or None, length=length)
    return tuple(out.values())


def _utc(value: datetime | None) -> datetime | None:
    return None if value is None else _as_utc(value)


def _as_utc(value: datetime) -> datetime:
    """Aware UTC; a naive datetime is taken to be UTC."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _clamp(value: datetime | None, now: datetime) -> datetime | None:
    if value is None:
        return None
    now_utc = _as_utc(now)
    if value > now_utc + FUTURE_SLACK or value < EARLIEST:
        return now_utc
    return value


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _sha256_json(values: list[str | None]) -> str:
    return _sha256(json.dumps(values, ensure_ascii=False, separators=(",", ":")))
