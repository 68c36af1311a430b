"""An article page's bytes → `model.Article` (text + metadata), or `model.Rejected(reason)`.

    extract_article(body, url=..., content_type=..., now=...)
      ├─ over the size cap                          → Rejected(too_large)  (before parsing)
      ├─ not HTML (media type, sniffing, NUL bytes) → Rejected(not_html)
      ├─ decode (charset.decode_html) → lxml tree (libxml2's depth limit stays on)
      ├─ metadata.read_metadata(tree)   read-only: JSON-LD, meta tags, <time>, dateline...
      ├─ content.extract_content(tree)  the main text (may mutate the tree; runs last)
      ├─ language: detected from the text (py3langid), else the page's declared one
      └─ reasons: no text / short text → paywall (JSON-LD isAccessibleForFree=false, a
         paywall's class names or words), not_article (the page says it is a website or a
         collection and shows no date), too_short, empty; wrong_language when the desk
         follows other languages.

Every outcome is a value; a page never raises (a parser fault on garbage becomes
`Rejected(empty)` with the parser's message).
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from lxml import etree
from lxml import html as lxml_html

from newsdesk.errors import RejectReason
from newsdesk.extract.content import extract_content
from newsdesk.extract.language import detect_language
from newsdesk.extract.metadata import Metadata, read_metadata
from newsdesk.model import Article, Rejected
from newsdesk.normalize.text import clean_text
from newsdesk.parse.charset import decode_html
from newsdesk.parse.sniff import sniff

__all__ = ["MAX_ARTICLE_BYTES", "MIN_ARTICLE_CHARS", "extract_article", "parse_html"]

MAX_ARTICLE_BYTES = 8 * 1024 * 1024
MIN_ARTICLE_CHARS = 250
_NOT_HTML_MEDIA = re.compile(r"^(?:image|audio|video|font)/|^application/(?!xhtml)", re.I)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]{0,200}\?>")
_PAYWALL_WORDS = re.compile(
    r"subscribe (?:now )?to (?:continue|read|keep)|subscribers? only|sign in to (?:continue|read)"
    r"|log ?in to (?:continue|read)|already a subscriber|to continue reading"
    r"|abonnez-vous|réservé aux abonnés|jetzt abonnieren|nur für abonnenten|weiterlesen mit"
    r"|suscríbete|solo para suscriptores|abbonati|riservato agli abbonati"
    r"|подпишитесь|только для подписчиков|abone ol|aboneler"
    r"|برای (?:ادامه|مطالعه)[^.]{0,40}(?:اشتراک|وارد شوید)|للمشتركين فقط|اشترك الآن",
    re.I,
)


def parse_html(body: bytes, charset: str | None) -> lxml_html.HtmlElement | str:
    """A bounded lxml tree of an HTML page, or the reason there is none (a message)."""
    text, _codec = decode_html(body, charset)
    text = _XML_DECLARATION.sub("", text, count=1)
    if not text.strip():
        return "the page is empty"
    try:
        return lxml_html.document_fromstring(text, parser=_parser())
    except (etree.ParserError, ValueError) as exc:
        return f"the page could not be parsed: {exc}"


def _parser() -> lxml_html.HTMLParser:
    # huge_tree stays off: libxml2 then refuses nesting deeper than 256 levels and text
    # nodes over 10 MB; comments and processing instructions are never content
    return lxml_html.HTMLParser(remove_comments=True, remove_pis=True, huge_tree=False)


def extract_article(
    body: bytes, *, url: str, now: datetime, content_type: str | None = None,
    charset: str | None = None, languages: Collection[str] = (),
    min_chars: int = MIN_ARTICLE_CHARS, max_bytes: int = MAX_ARTICLE_BYTES,
) -> Article | Rejected:
    """The article at `url`, or why there is none. `languages`: the ones the desk follows
    (empty: all)."""
    if len(body) > max_bytes:
        return Rejected(url, RejectReason.TOO_LARGE.value,
                        f"the page is {len(body):,} bytes, over the {max_bytes:,}-byte cap")
    not_html = _not_html(body, content_type)
    if not_html:
        return Rejected(url, RejectReason.NOT_HTML.value, not_html)
    tree = parse_html(body, charset)
    if isinstance(tree, str):
        return Rejected(url, RejectReason.EMPTY.value, tree)
    meta = read_metadata(tree, url, now=now)
    content = extract_content(tree, url)
    text = content.text if content is not None else ""
    method = content.method if content is not None else ""
    if not text and meta.article_body:
        text, method = clean_text(meta.article_body) or "", "jsonld"
    rejected = _rejected(url, text, meta, min_chars)
    if rejected is not None:
        return rejected
    detected = detect_language(text)
    language = detected or meta.declared_language
    if languages and language and language not in languages:
        return Rejected(url, RejectReason.WRONG_LANGUAGE.value,
                        f"the article is in {language!r}; the desk follows "
                        f"{', '.join(sorted(languages))}", title=meta.title)
    return Article(
        url=url, text=text, title=meta.title, author=meta.author,
        published_at=meta.published_at, updated_at=meta.updated_at, language=language,
        canonical_url=meta.canonical_url, lead_image=meta.lead_image, site_name=meta.site_name,
        description=meta.description, method=method, published_from=meta.published_from,
        language_from="detected" if detected else meta.language_from,
    )


def _not_html(body: bytes, content_type: str | None) -> str | None:
    media = (content_type or "").split(";")[0].strip().lower()
    if media and _NOT_HTML_MEDIA.search(media):
        return f"the page is not HTML ({media})"
    if b"\x00" in body[:4096]:
        return "the page is binary data, not HTML" + (f" (it claims {media})" if media else "")
    kind = sniff(body, content_type)
    if kind != "html":
        return f"the page is not HTML (it looks like {kind.replace('_', ' ')})"
    return None


def _walled(text: str, meta: Metadata, min_chars: int) -> bool:
    """A paywall or login wall: the page says so (JSON-LD, a paywall script's class names)
    and shows little text or a "subscribe to read" line at its end; or it shows such a line
    and hardly any text. Sites that mark a free-to-bots article as not free (Google's
    flexible sampling) still give their whole text, which is long and not cut by a wall."""
    words = bool(_PAYWALL_WORDS.search(text[-600:]))
    if meta.paywalled or meta.paywall_hint:
        return words or len(text) < 4 * min_chars
    return words and len(text) < 2 * min_chars


def _rejected(url: str, text: str, meta: Metadata, min_chars: int) -> Rejected | None:
    short = len(text) < min_chars
    if _walled(text, meta, min_chars):
        return Rejected(url, RejectReason.PAYWALL.value,
                        "the text is behind a paywall or login wall "
                        f"({len(text)} characters visible)", title=meta.title)
    if meta.is_article is False and (short or meta.published_at is None):
        return Rejected(url, RejectReason.NOT_ARTICLE.value,
                        "the page describes itself as a website or collection, not an article",
                        title=meta.title)
    if not text:
        return Rejected(url, RejectReason.EMPTY.value, "no main text found on the page",
                        title=meta.title)
    if short:
        return Rejected(url, RejectReason.TOO_SHORT.value,
                        f"the main text is {len(text)} characters, fewer than {min_chars}",
                        title=meta.title)
    return None
