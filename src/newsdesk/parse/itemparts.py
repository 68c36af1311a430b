"""The parts of one listing item's block: title element, date text, teaser, ad labels.

All of it is vocabulary, not per-site selectors: heading levels, class-name words that
many CMSs use ("kicker", "excerpt", "date"), read-more labels in the languages newsdesk
watches, and ad labels ("Anzeige", "Annonce", "آگهی", "Sponsored").
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsdesk.extract.relative import find_relative
from newsdesk.extract.textfold import fold
from newsdesk.parse.blocks import (
    Element,
    class_parts,
    is_hidden,
    iter_elements,
)
from newsdesk.parse.textindex import TextIndex

__all__ = ["HEADINGS", "date_of", "first_text", "is_ad", "is_read_more", "teaser_of", "title_of"]

HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
READ_MORE = (
    "read more", "read the full story", "continue reading", "more", "full story", "read on",
    "lire la suite", "lire plus", "en savoir plus", "weiterlesen", "mehr", "mehr lesen",
    "zum artikel", "leer más", "leer mas", "seguir leyendo", "ver más", "leggi tutto",
    "leggi di più", "continua a leggere", "читать далее", "подробнее", "читать дальше",
    "детальніше", "читати далі", "читати більше",
    "devamını oku", "devamı", "ادامه مطلب", "ادامه خبر", "بیشتر بخوانید", "اقرأ المزيد",
    "المزيد", "lees meer", "lees verder", "czytaj więcej", "czytaj dalej", "läs mer",
    "les mer", "læs mere", "ler mais", "leia mais", "continuar lendo", "devamini oku",
    "číst dál", "číst více", "čtěte dál", "více", "čítať ďalej", "viac", "tovább", "bővebben",
    "olvasson tovább", "citește mai mult", "citeste mai mult", "citește tot", "mai mult",
    "läs vidare", "les hele saken", "διαβάστε περισσότερα", "περισσότερα", "selengkapnya",
    "baca lagi", "קרא עוד", "קראו עוד", "להמשך קריאה",
    "续读", "阅读全文", "続きを読む", "더보기", "पूरा पढ़ें", "baca selengkapnya",
)
_AD_LABELS = frozenset({
    "anzeige", "annonce", "publicité", "publicite", "sponsored", "sponsorisé", "sponsorise",
    "advertisement", "advertorial", "ad", "ads", "promoted", "paid content", "paid post",
    "werbung", "publicidad", "pubblicità", "patrocinado", "реклама", "reklam", "آگهی",
    "تبلیغات", "إعلان", "partner content", "sponsored content", "gesponsert",
    "publi-information", "publireportage", "publi-reportage", "contenu sponsorisé",
    "contenu partenaire", "komerční sdělení", "reklama", "artykuł sponsorowany",
    "رپرتاژ آگهی", "رپرتاژ", "publicitate", "hirdetés", "annons", "annonse", "annonsørinnhold",
    "annonssamarbete", "διαφήμιση", "iklan", "konten promosi", "konten bersponsor", "פרסומת",
    "תוכן שיווקי", "תוכן ממומן", "mainos", "kaupallinen yhteistyö", "quảng cáo",
})
_AD_CLASS_PARTS = frozenset({"ad", "ads", "advert", "advertisement", "sponsored", "anzeige",
                             "pub", "publi", "promo", "werbung", "banner", "adslot", "commercial",
                             "reklama", "reklam", "promosi", "annonsorinnhold", "hirdetes"})
_KICKER_PARTS = frozenset({"kicker", "dachzeile", "overline", "eyebrow", "topline",
                           "roofline", "spitzmarke", "surtitre", "supertitle", "badge",
                           "label", "tag", "tags", "category", "rubrique", "flag", "stitek",
                           "etiket", "etikett", "etichetta", "mediainfo", "ressort", "cimke"})
_DATE_PARTS = frozenset({"date", "datum", "time", "published", "pubdate", "timestamp",
                         "posted", "dateline", "fecha", "data", "tarih"})
_AD_HINT = ("ad", "anzeige", "sponsored")  # cheap pre-tests of class names, case ignored
_DATE_HINT = ("dat", "time", "pub", "post", "fecha", "tarih")
_EDGE_PUNCT = " \t\n:.…»›→←«‹-–—|>"
_DATE_TEXT = re.compile(
    r"\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{2,4}"
    # "3. März 2026", "1er mars 2026", "3 de marzo de 2026", "28 شباط/فبراير 2026"
    r"|\d{1,2}(?:\.|er|º|ª)?\s+(?:de\s+)?[^\W\d_]{3,}(?:\s?/\s?[^\W\d_]{3,})?\.?,?\s+(?:del?\s+)?\d{4}"
    r"|[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}"
    r"|\d{4}\.\s+[^\W\d_]{3,}\s+\d{1,2}"  # Hungarian "2026. március 2."
    # relative dates, as extract.relative reads them ("2 hours ago", "vor 3 Tagen", "دیروز")
    r"|(?i:\b\d{1,3}\s+(?:min(?:ute)?s?|hours?|hrs?|days?|weeks?)\s+ago\b"
    r"|\bil y a\s+\d|\bvor\s+\d{1,3}\s+(?:minuten|min\b|stunden|std\b|tagen)"
    r"|(?:^|[·|•,–-]\s*)(?:yesterday|today|hier|gestern|ayer|ieri|вчера|вчора|dün|gisteren"
    r"|wczoraj|ontem|دیروز|أمس)\s*$"
    r"|(?:yesterday|today|hier|aujourd'hui|gestern|heute|ayer|hoy|ieri|oggi|вчера|сегодня|вчора"
    r"|сьогодні|dün|bugün|gisteren|vandaag|wczoraj|dzisiaj|dziś|ontem|hoje|včera|dnes|دیروز|امروز"
    r"|أمس|اليوم)"
    r",?\s{1,3}(?:\w{1,6}\s{1,3})?\d{1,2}[:h][0-5]\d"  # "Сьогодні, 10:15", "today at 9:30"
    r"|\bhace\s+\d|\bpřed\s+\d|\b\d{1,3}\s+(?:minuti|ore|giorni)\s+fa\b|\d\s+\w+\s+(?:назад|тому|geleden|temu)"
    r"|\d+\s+\w+\s+önce"
    r"|[0-9۰-۹]+\s+(?:دقیقه|ساعت|روز)\s+پیش|منذ\s+\S+)"
)
_SENTENCE_END = (".", "!", "?", "…", "؟", "。", "»", "”", "\"", ")")


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip(_EDGE_PUNCT)


_READ_MORE_SET = frozenset(READ_MORE)
_LONG_LABELS = frozenset(label for label in READ_MORE if len(label) > 5)
_LONG_STARTS = frozenset(label[:6] for label in _LONG_LABELS)


def is_read_more(text: str) -> bool:
    """True for "Read more", "Lire la suite ›", "Read more: <title>" and the like."""
    if len(text) > 400:
        return False
    return _short_read_more(text)


@lru_cache(maxsize=4096)  # ≤ 400 characters a key: a page asks about every short link text,
def _short_read_more(text: str) -> bool:  # and link texts repeat ("Details", "Read more")
    plain = _plain(text)
    if not plain or len(plain) > 200:
        return False
    if plain in _READ_MORE_SET or plain.split(":", 1)[0] in _READ_MORE_SET:
        return True
    # a long label followed by up to three characters ("Weiterlesen »", "Read more ›")
    if plain[:6] not in _LONG_STARTS:  # no long label is a prefix of it
        return False
    return any(plain[:cut] in _LONG_LABELS for cut in range(max(6, len(plain) - 3), len(plain)))


def is_ad(block: Element, link: Element | None, pieces: list[str] | None = None,
          texts: TextIndex | None = None) -> bool:
    """Blocks labelled or marked as ads, and items whose link is `rel="sponsored"`."""
    if link is not None and "sponsored" in (link.get("rel") or "").lower().split():
        return True
    if class_parts(block) & _AD_CLASS_PARTS:
        return True
    texts = TextIndex() if texts is None else texts
    for element in texts.with_class(block, _AD_HINT):
        # an empty element is a placeholder for a badge the item does not have
        if class_parts(element) & {"ad", "ads", "anzeige", "sponsored"} \
                and (len(element) or (element.text or "").strip()):
            return True
    pieces = texts.chunks(block) if pieces is None else pieces
    return any(_plain(piece) in _AD_LABELS for piece in pieces[:4])


def _kicker_nodes(title: Element) -> set[Element]:
    """Elements inside a title that are kickers/labels: by class word, or ending in a
    visually hidden separator (`<span>Kicker<span class="sr-only">:</span></span>`)."""
    found: set[Element] = set()
    for element in iter_elements(title):
        if element is title:
            continue
        if class_parts(element) & _KICKER_PARTS:
            found.add(element)
            continue
        kids = [k for k in element if isinstance(k.tag, str)]
        if kids and is_hidden(kids[-1]) and _plain("".join(kids[-1].itertext()) or "x") == "":
            found.add(element)
    return found


_KICKER_MAX = 40
_HEADLINE_PARTS = frozenset({"headline", "title", "titel", "titre", "titolo", "titulo",
                            "titulek", "baslik", "hed", "zagolovok"})


def title_of(block: Element, link: Element,
             texts: TextIndex | None = None) -> tuple[Element, str]:
    """The element holding the displayed headline and its text: the first heading with
    text in the block (kickers removed), else an element inside the main link whose class
    says headline or title (a whole card in one link: `<span class="teaser__headline">`),
    else the item's main link."""
    texts = TextIndex() if texts is None else texts
    for element in block.iter(*HEADINGS):
        if not texts.hidden_in(element, block):
            text = _title_text(element, texts)
            if text:
                return element, text
    for element in link.iter():
        if element is not link and isinstance(element.tag, str) \
                and class_parts(element) & _HEADLINE_PARTS and not texts.hidden_in(element, block):
            text = _title_text(element, texts)
            if text:
                return element, text
    return link, _title_text(link, texts)


def first_text(block: Element, texts: TextIndex | None = None) -> tuple[Element, str]:
    """For a block whose links have no text: the first visible text that is not a
    read-more label, as its title."""
    for piece in (TextIndex() if texts is None else texts).chunks(block):
        if not is_read_more(piece):
            return block, piece
    return block, ""


def _title_text(element: Element, texts: TextIndex) -> str:
    kickers = _kicker_nodes(element)
    text = texts.visible_text(element, kickers)
    return text or texts.visible_text(element)


def _meta_line(text: str) -> bool:
    """A line of short fields ("Statement · First published 24 February 2026 · Last
    updated 2 March 2026"): a byline, not prose, whatever its length."""
    fields = _FIELDS.split(text)
    return len(text) <= 120 and len(fields) >= 2 and all(len(f.split()) <= 6 for f in fields)


def _looks_dated(text: str) -> bool:
    """Does this short text show a date? A printed date (`_DATE_TEXT`), or a relative one in
    any language `extract.relative` reads ("2 jam lalu", "3 órája", "i dag 09.12"); a bare
    "yesterday" word counts only in a short text (German "hier" is "here")."""
    if _DATE_TEXT.search(text):
        return True
    found = find_relative(fold(text), before=len(text) + 1)
    if found is None:
        return False
    return len(text) <= 30 or any(c.isdigit() for c in text[found.start:found.end])


def date_of(block: Element, pieces: list[str] | None = None,
            texts: TextIndex | None = None) -> tuple[Element | None, str | None]:
    """The item's date as shown: a `<time datetime>` value, else the text of a `<time>` or
    of an element whose class says date, else the first short text that looks like a date."""
    texts = TextIndex() if texts is None else texts
    for element in block.iter("time"):
        if not texts.hidden_in(element, block):
            value = (element.get("datetime") or "").strip()
            return element, value or texts.visible_text(element) or None
    for element in texts.with_class(block, _DATE_HINT, with_id=True):
        if class_parts(element) & _DATE_PARTS:
            text = texts.visible_text(element)
            if text and len(text) <= 80 and _looks_dated(text):
                return element, text
    for piece in texts.chunks(block) if pieces is None else pieces:
        if (len(piece) <= 60 or _meta_line(piece)) and _looks_dated(piece):
            return None, piece
    return None, None


def teaser_of(block: Element, skip: set[Element], title: str,
              texts: TextIndex | None = None, date_text: str | None = None,
              own_link: Element | None = None) -> str | None:
    """The summary: the longest visible text chunk of the block outside the title, date,
    labels, kickers and read-more links that reads like prose (a few words, sentence-like). The
    line the date was read from (`date_text`) is not a summary unless it ends like a
    sentence ("Submitted by Anna on Mon, 03/02/2026 - 11:05" is a byline), nor is the whole
    text of a link to another page than the item's `own_link` ("Download the note as PDF
    (182 KB)")."""
    texts = TextIndex() if texts is None else texts
    # kickers and labels are short ("Kurz gemeldet", "ONLINE"); a long text in an element
    # with such a class word is not one (Drupal's "field--label-hidden" body field)
    kickers = {e for e in _kicker_nodes(block) if len(texts.visible_text(e)) <= _KICKER_MAX}
    skip = skip | _read_more_links(block, texts) | kickers
    labels = _other_link_texts(block, own_link, texts) if own_link is not None else set()
    best: str | None = None
    for piece in texts.chunks(block, skip):
        if piece == title or not _prose(piece) or piece in labels \
                or (piece == date_text and not piece.endswith(_SENTENCE_END)):
            continue
        if best is None or len(piece) > len(best):
            best = piece
    return None if best is None else _without_pictograms(best)


def _without_pictograms(text: str) -> str:
    """`text` without the symbols it starts with ("▶ ", "★"): a video or audio pictogram
    set inline before the summary."""
    start = 0
    while start < len(text) and (unicodedata.category(text[start]) == "So" or text[start] == " "):
        start += 1
    return text[start:] or text


def _target(link: Element) -> str:
    """The link's href without query and fragment: a teaser linked with another tracking
    parameter than the title still links to the item."""
    return (link.get("href") or "").split("#", 1)[0].split("?", 1)[0].strip()


def _other_link_texts(block: Element, own_link: Element, texts: TextIndex) -> set[str]:
    own = _target(own_link)
    return {texts.visible_text(a) for a in block.iter("a")
            if a is not own_link and a.get("href") and _target(a) != own}


def _read_more_links(block: Element, texts: TextIndex) -> set[Element]:
    return {e for e in block.iter("a") if is_read_more(texts.visible_text(e))}


_FIELDS = re.compile(r"\s[·|•]\s")


def _prose(text: str) -> bool:
    words = len(text.split())
    if words < 3:
        return False
    fields = _FIELDS.split(text)
    if len(fields) >= 3 and all(len(field.split()) <= 4 for field in fields):
        return False  # a line of fields: "by kestrel · 19 comments · libraries · hide"
    return len(text) >= 50 or (words >= 5 and text.endswith(_SENTENCE_END))
