"""The parts of one listing item's block: title element, date text, teaser, ad labels.

All of it is vocabulary, not per-site selectors: heading levels, class-name words that
many CMSs use ("kicker", "excerpt", "date"), read-more labels in the languages newsdesk
watches, and ad labels ("Anzeige", "Annonce", "آگهی", "Sponsored").
"""

from __future__ import annotations

import re
import unicodedata

from newsdesk.parse.blocks import Node, chunks, class_parts, iter_elements, visible_text

__all__ = ["HEADINGS", "date_of", "is_ad", "is_read_more", "teaser_of", "title_of"]

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
READ_MORE = (
    "read more", "read the full story", "continue reading", "more", "full story", "read on",
    "lire la suite", "lire plus", "en savoir plus", "weiterlesen", "mehr", "mehr lesen",
    "zum artikel", "leer más", "leer mas", "seguir leyendo", "ver más", "leggi tutto",
    "leggi di più", "continua a leggere", "читать далее", "подробнее", "читать дальше",
    "devamını oku", "devamı", "ادامه مطلب", "ادامه خبر", "بیشتر بخوانید", "اقرأ المزيد",
    "المزيد", "lees meer", "lees verder", "czytaj więcej", "czytaj dalej", "läs mer",
    "les mer", "læs mere", "ler mais", "leia mais", "continuar lendo", "devamini oku",
    "续读", "阅读全文", "続きを読む", "더보기", "पूरा पढ़ें", "baca selengkapnya",
)
_AD_LABELS = frozenset({
    "anzeige", "annonce", "publicité", "publicite", "sponsored", "sponsorisé", "sponsorise",
    "advertisement", "advertorial", "ad", "ads", "promoted", "paid content", "paid post",
    "werbung", "publicidad", "pubblicità", "patrocinado", "реклама", "reklam", "آگهی",
    "تبلیغات", "إعلان", "partner content", "sponsored content", "gesponsert",
})
_AD_CLASS_PARTS = frozenset({"ad", "ads", "advert", "advertisement", "sponsored", "anzeige",
                             "pub", "promo", "werbung", "banner", "adslot", "commercial"})
_KICKER_PARTS = frozenset({"kicker", "dachzeile", "overline", "eyebrow", "topline",
                           "roofline", "spitzmarke", "surtitre", "supertitle", "badge",
                           "label", "tag", "tags", "category", "rubrique", "flag"})
_DATE_PARTS = frozenset({"date", "datum", "time", "published", "pubdate", "timestamp",
                         "posted", "dateline", "fecha", "data", "tarih"})
_EDGE_PUNCT = " \t\n:.…»›→←«‹-–—|>"
_DATE_TEXT = re.compile(
    r"\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
    r"|\d{1,2}\.?\s+[^\W\d_]{3,}\.?,?\s+\d{4}|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
)
_SENTENCE_END = (".", "!", "?", "…", "؟", "。", "»", "”", "\"", ")")


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip(_EDGE_PUNCT)


def is_read_more(text: str) -> bool:
    """True for "Read more", "Lire la suite ›", "Read more: <title>" and the like."""
    plain = _plain(text)
    if not plain or len(plain) > 200:
        return False
    for label in READ_MORE:
        if plain == label or plain.startswith(label + ":"):
            return True
        if plain.startswith(label) and len(label) > 5 and len(plain) <= len(label) + 3:
            return True
    return False


def is_ad(block: Node, link: Node | None) -> bool:
    """Blocks labelled or marked as ads, and items whose link is `rel="sponsored"`."""
    if link is not None and "sponsored" in link.attrs.get("rel", "").lower().split():
        return True
    if class_parts(block) & _AD_CLASS_PARTS:
        return True
    for element in iter_elements(block):
        if element is not block and class_parts(element) & {"ad", "ads", "anzeige", "sponsored"}:
            return True
    return any(_plain(piece) in _AD_LABELS for piece in chunks(block)[:4])


def _kicker_nodes(title: Node) -> set[int]:
    """Elements inside a title that are kickers/labels: by class word, or ending in a
    visually hidden separator (`<span>Kicker<span class="sr-only">:</span></span>`)."""
    found: set[int] = set()
    for element in iter_elements(title):
        if element is title:
            continue
        if class_parts(element) & _KICKER_PARTS:
            found.add(element.order)
            continue
        kids = list(element.elements())
        if kids and kids[-1].hidden and _plain(visible_text(kids[-1]) or "x") == "":
            found.add(element.order)
    return found


def title_of(block: Node, link: Node) -> tuple[Node, str]:
    """The element holding the displayed headline and its text: the first heading with
    text in the block (kickers removed), else the item's main link."""
    for element in iter_elements(block):
        if element.tag in HEADINGS and not element.hidden:
            text = _title_text(element)
            if text:
                return element, text
    return link, _title_text(link)


def _title_text(element: Node) -> str:
    kickers = _kicker_nodes(element)
    text = visible_text(element, kickers)
    return text or visible_text(element)


def date_of(block: Node) -> tuple[Node | None, str | None]:
    """The item's date as shown: a `<time datetime>` value, else the text of a `<time>` or
    of an element whose class says date, else the first short text that looks like a date."""
    for element in iter_elements(block):
        if element.tag == "time" and not element.hidden:
            value = element.attrs.get("datetime", "").strip()
            return element, value or visible_text(element) or None
    for element in iter_elements(block):
        if element is not block and class_parts(element) & _DATE_PARTS:
            text = visible_text(element)
            if text and len(text) <= 80 and _DATE_TEXT.search(text):
                return element, text
    for piece in chunks(block):
        if len(piece) <= 60 and _DATE_TEXT.search(piece):
            return None, piece
    return None, None


def teaser_of(block: Node, skip: set[int], title: str) -> str | None:
    """The summary: the longest visible text chunk of the block outside the title, date,
    labels and read-more links that reads like prose (a few words, sentence-like)."""
    skip = skip | _read_more_links(block)
    best: str | None = None
    for piece in chunks(block, skip):
        if piece == title or not _prose(piece):
            continue
        if best is None or len(piece) > len(best):
            best = piece
    return best


def _read_more_links(block: Node) -> set[int]:
    return {e.order for e in iter_elements(block)
            if e.tag == "a" and is_read_more(visible_text(e))}


def _prose(text: str) -> bool:
    words = len(text.split())
    if words < 3:
        return False
    return len(text) >= 50 or (words >= 5 and text.endswith(_SENTENCE_END))
