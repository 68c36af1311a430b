"""An article page → its body text: two extractors vote, page by page.

    extract_content(html or tree, url) -> Content(text, method, paragraphs, agreement) | None

Candidates, all from one parsed tree:

- **trafilatura** in its fast mode (its main extractor alone; `include_comments=False`);
- **readability** (trafilatura's bundled readability-lxml fork) on the same tree (without
  trafilatura's pruning of comment sections first: that costs a fifth of the time and
  changed nothing the chooser decides on the development pages);
- the page's **JSON-LD** `articleBody`, when a schema.org article object carries one.

Why this and not trafilatura's default mode: the default already runs readability (and
sometimes justext) but only uses it to *replace* its own text. The two extractors are
different algorithms that make different mistakes, so where they agree on most of the text
their *disagreement at the edges* is the useful signal: a headline, standfirst, newsletter
box or "related stories" list that only one of them took is boilerplate far more often than
it is body. The chooser, in order:

1. a short paragraph of trafilatura's that is mostly the text of one of the page's links is
   dropped (an inline "read also" teaser, a list of related headlines: body paragraphs are
   prose with a few links in it; the links are looked up in the tree because asking
   trafilatura to keep links changes what it extracts); a leading paragraph that repeats
   the page's title (`<title>`, `og:title`, an `<h1>`) is dropped: the headline is
   metadata, not body;
2. trafilatura's text is empty → **readability**, unless that is mostly link text (a menu).
   Not when readability is merely much longer: it then mostly took the whole page, which is
   why trafilatura's default mode, which switches to it in that case, scores below its
   fast mode on the AEB;
3. the two agree (most of each one's word 4-grams are in the other) → trafilatura's text,
   with leading and trailing *short* paragraphs that readability does not share cut off →
   **trafilatura-trimmed** (or **trafilatura** when nothing was cut). Short, because what
   sits at the edges of an article and only one extractor took is a standfirst, byline,
   newsletter box or list of related headlines; a long paragraph is prose that readability
   missed, and trimming stops there;
4. otherwise trafilatura's text as it is;
5. the JSON-LD body replaces the winner when it is at least twice as long and either
   contains most of it (the page shows a teaser) or the winner is thin, under fifty words
   (the page renders its body with JavaScript and the HTML holds only its chrome); and
   when both are the same text, for the paragraph breaks JSON-LD keeps.

Cost: about one trafilatura default run (its fast mode plus one readability pass instead
of its own readability and justext passes); see docs/benchmarks.md. Bounds: the HTML is cut
at `MAX_HTML_CHARS`, parsed once with libxml2's default limits (huge_tree off: nesting
deeper than 256 levels is not built), and nothing here recurses over the tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html
from trafilatura import extract as trafilatura_extract
from trafilatura.external import try_readability

from newsdesk.extract.jsonld import read_jsonld, text_of

__all__ = ["MAX_HTML_CHARS", "Content", "extract_content"]

MAX_HTML_CHARS = 5_000_000
SHINGLE = 4
# step 1: a paragraph this short, LINKED_SHARE of it one link's text, is a teaser
LINKED_MAX_CHARS = 120
LINKED_SHARE = 0.7
TITLE_MAX_CHARS = 300
MAX_TITLE_LINES = 3
# step 2: readability's text is no fallback when it is mostly link text (a menu)
MAX_LINK_DENSITY = 0.5
# step 3: "agree" = this share of readability's 4-grams in trafilatura's text, and this
# share of trafilatura's in readability's; an edge paragraph is kept when at least
# EDGE_SHARED of its own 4-grams are in readability's text
AGREE_READABILITY_IN_TRAFILATURA = 0.8
AGREE_TRAFILATURA_IN_READABILITY = 0.6
EDGE_SHARED = 0.5
EDGE_MAX_CHARS = 300
# step 5
JSONLD_LONGER = 2.0
JSONLD_CONTAINS = 0.7
SAME = 0.95
THIN = 50  # 4-grams: about fifty words, less than any article body

_WORD = re.compile(r"\w+")
_TAG = re.compile(r"<[a-zA-Z/][^>]{0,200}>")
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main",
    "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
})  # fmt: skip
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})

Shingles = frozenset[tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class Content:
    """A page's body text. `method` names the candidate that won; `agreement` is the share
    of the text's word 4-grams the other extractor also found (0 when there was none to
    compare), a confidence signal for callers."""

    text: str
    method: str
    paragraphs: int
    agreement: float


@dataclass(frozen=True, slots=True)
class _Candidate:
    paragraphs: tuple[str, ...]
    shingles: Shingles
    link_density: float = 0.0

    @classmethod
    def of(cls, paragraphs: Iterable[str], link_density: float = 0.0) -> _Candidate:
        kept = tuple(p for p in (" ".join(line.split()) for line in paragraphs) if p)
        return cls(kept, _shingles("\n".join(kept)), link_density)


def extract_content(
    page: str | lxml_html.HtmlElement, url: str | None = None
) -> Content | None:
    """The body text of an article page, or None when no extractor finds any text.

    A tree given in is modified (readability runs on it last); pass a copy to keep it.
    """
    tree = _parse(page) if isinstance(page, str) else page
    if tree is None:
        return None
    titles, anchors = _titles(tree), _anchor_texts(tree)
    jsonld = _jsonld_body(tree)
    main = _drop_linked(_drop_titles(_trafilatura(tree, url), titles), anchors)
    other = _drop_titles(_readability(tree), titles)  # last: readability mutates the tree
    return _choose(main, other, jsonld)


def _parse(html: str) -> lxml_html.HtmlElement | None:
    """One bounded parse: capped length, libxml2 limits (no huge_tree), no comments."""
    html = html[:MAX_HTML_CHARS]
    if not html.strip():
        return None
    parser = lxml_html.HTMLParser(
        remove_comments=True, remove_pis=True, collect_ids=False, default_doctype=False
    )
    try:
        tree = lxml_html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError):
        try:  # a str with an XML encoding declaration must be given as bytes
            tree = lxml_html.document_fromstring(html.encode("utf-8"), parser=parser)
        except (etree.ParserError, ValueError):
            return None
    return tree if isinstance(tree, lxml_html.HtmlElement) else None


def _trafilatura(tree: lxml_html.HtmlElement, url: str | None) -> _Candidate:
    """trafilatura's main extractor alone (it copies the tree it is given)."""
    text = trafilatura_extract(tree, url=url, fast=True, include_comments=False)
    return _Candidate.of((text or "").split("\n"))


def _anchor_texts(tree: lxml_html.HtmlElement) -> frozenset[str]:
    """The page's short link texts, normalised: what a teaser paragraph is made of."""
    found = set()
    for anchor in tree.iter("a"):
        words = _normal(anchor.text_content()[: LINKED_MAX_CHARS * 2])
        if words and len(words) <= LINKED_MAX_CHARS:
            found.add(words)
    return frozenset(found)


def _drop_linked(candidate: _Candidate, anchors: frozenset[str]) -> _Candidate:
    """Without short paragraphs whose text is mostly one link's text (a link alone, or a
    linked headline followed by a short blurb)."""
    kept = [p for p in candidate.paragraphs if not _is_linked(p, anchors)]
    return candidate if len(kept) == len(candidate.paragraphs) else _Candidate.of(kept)


def _is_linked(paragraph: str, anchors: frozenset[str]) -> bool:
    if len(paragraph) > LINKED_MAX_CHARS:
        return False
    words = _normal(paragraph).split()
    if not words:
        return False
    total = len(" ".join(words))
    # the longest run of words, from the start or from the second word (after "Related:",
    # "SEE MORE:", a list marker...), that is a link's whole text
    for first in (0, 1):
        for last in range(len(words), first, -1):
            run = " ".join(words[first:last])
            if len(run) < LINKED_SHARE * total:
                break
            if run in anchors:
                return True
    return False


def _readability(tree: lxml_html.HtmlElement) -> _Candidate:
    """readability-lxml, as trafilatura runs it for its own fallback (it mutates the tree).
    Its link density is kept: on a page without an article it returns the whole body."""
    summary = try_readability(tree)
    total = len(summary.text_content())
    linked = sum(len(a.text_content()) for a in summary.iter("a"))
    return _Candidate.of(_block_lines(summary), linked / total if total else 0.0)


def _jsonld_body(tree: lxml_html.HtmlElement) -> _Candidate:
    scripts = [
        script.text or ""
        for script in tree.iterfind('.//script[@type="application/ld+json"]')
    ]
    main = read_jsonld(scripts).main if scripts else None
    body = text_of(main.get("articleBody")) if main else None
    if not body:
        return _Candidate.of(())
    if _TAG.search(body):  # some sites put HTML in articleBody
        try:
            fragment = lxml_html.fragment_fromstring(body, create_parent="div")
        except (etree.ParserError, ValueError):
            return _Candidate.of(_TAG.sub(" ", body).split("\n"))
        return _Candidate.of(_block_lines(fragment))
    return _Candidate.of(body.split("\n"))


def _block_lines(root: etree._Element) -> list[str]:
    """Text of an element, a line per block element; iterative (no recursion depth)."""
    parts: list[str] = []
    skipping = 0
    for event, elem in etree.iterwalk(root, events=("start", "end")):
        tag = elem.tag if isinstance(elem.tag, str) else ""
        if event == "start":
            if tag in _SKIP_TAGS:
                skipping += 1
            elif not skipping:
                if tag in _BLOCK_TAGS:
                    parts.append("\n")
                if elem.text and tag:
                    parts.append(elem.text)
        else:
            if tag in _SKIP_TAGS:
                skipping -= 1
            elif not skipping and tag in _BLOCK_TAGS:
                parts.append("\n")
            if not skipping and elem.tail and elem is not root:
                parts.append(elem.tail)
    return "".join(parts).split("\n")


def _titles(tree: lxml_html.HtmlElement) -> list[str]:
    """The page's headline as it states it: <title>, og/twitter title, the first <h1>s."""
    found = [tree.findtext(".//title") or ""]
    for meta in tree.iterfind(".//meta[@content]"):
        if meta.get("property") == "og:title" or meta.get("name") == "twitter:title":
            found.append(meta.get("content") or "")
    for count, h1 in enumerate(tree.iter("h1")):
        if count >= MAX_TITLE_LINES:
            break
        found.append(h1.text_content())
    return [n for n in (_normal(t) for t in found) if n]


def _drop_titles(candidate: _Candidate, titles: Sequence[str]) -> _Candidate:
    """Without leading paragraphs that repeat (or are a part of) the page's title."""
    paragraphs = candidate.paragraphs
    dropped = 0
    while paragraphs and dropped < MAX_TITLE_LINES and _is_title(paragraphs[0], titles):
        paragraphs = paragraphs[1:]
        dropped += 1
    return _Candidate.of(paragraphs) if dropped else candidate


def _is_title(paragraph: str, titles: Sequence[str]) -> bool:
    if len(paragraph) > TITLE_MAX_CHARS:
        return False
    words = _normal(paragraph)
    if not words:
        return False
    # a whole-title match, or a part of a "Headline | Site" title long enough not to be a word
    return any(words == t or (len(words) > 15 and words in t) for t in titles)


def _choose(main: _Candidate, other: _Candidate, jsonld: _Candidate) -> Content | None:
    """Steps 2-5 of the module docstring."""
    shared = len(main.shingles & other.shingles)
    main_in_other = _share(shared, main.shingles)
    other_in_main = _share(shared, other.shingles)
    if not main.shingles:
        if other.link_density > MAX_LINK_DENSITY:
            other = _Candidate.of(())
        chosen, method, agreement = other, "readability", other_in_main
    elif (
        other_in_main >= AGREE_READABILITY_IN_TRAFILATURA
        and main_in_other >= AGREE_TRAFILATURA_IN_READABILITY
    ):
        chosen = _trim_edges(main, other.shingles)
        method = "trafilatura-trimmed" if chosen is not main else "trafilatura"
        agreement = _share(len(chosen.shingles & other.shingles), chosen.shingles)
    else:
        chosen, method, agreement = main, "trafilatura", main_in_other
    if _jsonld_wins(jsonld, chosen):
        chosen, method = jsonld, "jsonld"
        agreement = _share(len(jsonld.shingles & main.shingles), jsonld.shingles)
    if not chosen.paragraphs:
        return None
    return Content("\n".join(chosen.paragraphs), method, len(chosen.paragraphs), agreement)


def _jsonld_wins(jsonld: _Candidate, chosen: _Candidate) -> bool:
    """Step 5: the JSON-LD body when the HTML shows a teaser or only chrome, or the same
    text (trafilatura reads JSON-LD too, as a last resort, but loses its paragraphs)."""
    if not jsonld.shingles:
        return False
    shared = len(chosen.shingles & jsonld.shingles)
    if _share(shared, chosen.shingles) >= SAME and _share(shared, jsonld.shingles) >= SAME:
        return True
    return len(jsonld.shingles) >= JSONLD_LONGER * len(chosen.shingles) and (
        len(chosen.shingles) < THIN or _share(shared, chosen.shingles) >= JSONLD_CONTAINS
    )


def _trim_edges(main: _Candidate, other: Shingles) -> _Candidate:
    """Without the short leading and trailing paragraphs the other extractor mostly lacks."""

    def keep(paragraph: str) -> bool:
        if len(paragraph) > EDGE_MAX_CHARS:
            return True
        own = _shingles(paragraph)
        return bool(own) and len(own & other) >= EDGE_SHARED * len(own)

    paragraphs = main.paragraphs
    start, end = 0, len(paragraphs)
    while start < end and not keep(paragraphs[start]):
        start += 1
    while end > start and not keep(paragraphs[end - 1]):
        end -= 1
    if (start, end) == (0, len(paragraphs)):
        return main
    return _Candidate.of(paragraphs[start:end])


def _normal(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def _shingles(text: str) -> Shingles:
    """Word 4-grams (lower-cased), the unit both the chooser and the AEB scorer count."""
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return frozenset([tuple(words)]) if words else frozenset()
    return frozenset(tuple(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1))


def _share(count: int, of: Shingles) -> float:
    return count / len(of) if of else 0.0
