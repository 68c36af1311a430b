"""A bounded lxml element tree for HTML pages, and the visible text of its elements.

`build_tree(text)` hands the page to libxml2's HTML parser (through lxml), which repairs
bad markup the way browsers mostly do and is an order of magnitude faster than a
pure-Python tokenizer. Three bounds keep hostile pages cheap:

- **Elements.** Only the first `MAX_ELEMENTS` start tags are parsed (the rest of the page is
  cut before parsing), so 8 MB of `<a href=x>` cannot become millions of nodes.
- **Depth.** libxml2 stops reading a document nested deeper than 256 elements. When it
  says so, the page is re-read with the start tags below `MAX_DEPTH` (and their end tags)
  dropped, so 20,000 nested `<div>`s cost no more than a flat page and the content after
  them is still found.
- **SVG.** Inline `<svg>` drawings (invisible as text, often a third of a modern page's
  bytes) are cut before parsing: the parser's time is spent on text we can read.

Chunks of visible text are split at block elements and at `<br>`s between blocks; a `<br>`
inside an inline element (`<font>line one<br>line two</font>`, a summary wrapped over two
lines) is a space. Visible text skips `<script>`, `<style>`, `<template>`, `<noscript>`, SVG
and MathML, the
`hidden` attribute, inline `display:none`/`visibility:hidden`, and
the usual "visually hidden" classes (`sr-only`, `visually-hidden`, `screen-reader-text`).
`aria-hidden="true"` is not among them: it hides from screen readers, not from the eye
(pages set it on their whole content while a dialog is open). `TextIndex` gives the same
text as `chunks` for many questions about one block at the cost of one walk.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import TypeAlias

from lxml import etree

__all__ = ["BLOCK_TAGS", "MAX_DEPTH", "MAX_ELEMENTS", "Element",
           "build_tree", "chunks", "class_parts", "class_parts_with", "hidden_with_class",
           "is_hidden", "iter_elements", "visible_text"]

Element: TypeAlias = etree._Element
MAX_DEPTH = 200
MAX_ELEMENTS = 200_000  # start tags after this many are not parsed
_DEPTH_ERROR = "Excessive depth"
INVISIBLE_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "math",
                            "title", "iframe", "object", "select", "button", "option"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "html", "caption",
})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
HIDDEN_CLASSES = frozenset({"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
                            "screen-reader-only", "sr_only", "element-invisible", "hidden",
                            "u-visually-hidden", "a11y-hidden", "offscreen", "d-none",
                            "is-hidden", "hide"})
_PARTS = re.compile(r"[a-z0-9]+")
_BOUNDARY = "\0"  # a block boundary in a text stream: libxml2's strings never hold NUL
_TAG = re.compile(rb"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>")
_SVG_OPEN = re.compile(rb"<svg[\s>/]")


def _parser() -> etree.HTMLParser:
    # collect_ids=False: no table of id attributes (nothing here looks elements up by id)
    return etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True,
                            encoding="utf-8", huge_tree=False, collect_ids=False)


def build_tree(text: str | bytes) -> tuple[Element | None, str | None]:
    """The element tree of `text` (None when there is nothing to parse) and the page's first
    `<base href>` (or None). `text` may be given as UTF-8 bytes (what the parser reads), which
    saves encoding a decoded page again."""
    data = text.encode("utf-8", "replace") if isinstance(text, str) else text
    data = _without_svg(_first_elements(data))
    if not data.strip():
        return None, None
    parser = _parser()
    root = etree.fromstring(data, parser)
    if any(_DEPTH_ERROR in entry.message for entry in parser.error_log):
        root = etree.fromstring(_flattened(data), _parser())
    if root is None:
        return None, None
    base = next((b.get("href") for b in root.iter("base") if b.get("href")), None)
    return root, base


def _first_elements(data: bytes) -> bytes:
    """`data` cut before its `MAX_ELEMENTS`-th `<` (a cheap upper bound of start tags)."""
    if data.count(b"<") <= MAX_ELEMENTS:
        return data
    position = -1
    for _ in range(MAX_ELEMENTS):
        position = data.find(b"<", position + 1)
    return data[:position]


def _without_svg(data: bytes) -> bytes:
    """`data` without its `<svg>…</svg>` drawings. A drawing that holds a script or comment
    marker is kept: it may be a string in a script rather than markup."""
    pieces: list[bytes] = []
    start = 0
    for match in _SVG_OPEN.finditer(data):
        if match.start() < start:
            continue
        end = data.find(b"</svg>", match.end())
        if end < 0:
            break
        inner = data[match.start():end]
        if b"<script" in inner or b"<!--" in inner or b"</script" in inner:
            continue
        pieces.append(data[start:match.start()])
        start = end + len(b"</svg>")
    if not pieces:
        return data
    pieces.append(data[start:])
    return b"".join(pieces)


def _flattened(data: bytes) -> bytes:
    """`data` without the start tags nested deeper than `MAX_DEPTH` and their end tags:
    only used after libxml2 refused a page for its depth."""
    pieces: list[bytes] = []
    stack: list[tuple[bytes, bool]] = []  # (tag, kept)
    depth = start = 0
    for match in _TAG.finditer(data):
        closing, name = match.group(1), match.group(2).lower()
        if name.decode("ascii", "replace") in VOID:
            continue
        keep = True
        if not closing:
            keep = depth < MAX_DEPTH
            depth += keep
            stack.append((name, keep))
        else:
            for index in range(len(stack) - 1, max(-1, len(stack) - 65), -1):
                if stack[index][0] == name:
                    keep = stack[index][1]
                    depth -= sum(kept for _, kept in stack[index:])
                    del stack[index:]
                    break
        if not keep:
            pieces.append(data[start:match.start()])
            start = match.end()
    pieces.append(data[start:])
    return b"".join(pieces)


def is_hidden(element: Element) -> bool:
    """True for elements a reader does not see (by tag, attribute, style or class)."""
    tag = element.tag
    if not isinstance(tag, str) or tag in INVISIBLE_TAGS:
        return True
    return hidden_by_attributes(element)


def hidden_by_attributes(element: Element) -> bool:
    """True for elements hidden by the `hidden` attribute, inline style or class."""
    return hidden_with_class(element, element.get("class"))


def hidden_with_class(element: Element, names: str | None) -> bool:
    """`hidden_by_attributes` for a caller that has read the class attribute (`names`)."""
    if names and ("hid" in names or "sr" in names or "none" in names or "screen" in names
                  or "invisible" in names) \
            and any(c in HIDDEN_CLASSES for c in names.lower().split()):
        return True
    style = element.get("style")
    if style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
        return True
    return element.get("hidden") is not None


def iter_elements(element: Element) -> Iterator[Element]:
    """`element` and its element descendants in document order."""
    return element.iter(etree.Element)


def classes(element: Element) -> tuple[str, ...]:
    return tuple((element.get("class") or "").lower().split())


def class_parts(element: Element) -> set[str]:
    """The alphanumeric parts of the element's class and id ("post-card__title" → post,
    card, title), for vocabulary tests."""
    return class_parts_with(element, element.get("class"))


def class_parts_with(element: Element, names: str | None) -> set[str]:
    """`class_parts` for a caller that has read the class attribute (`names`)."""
    words = ((names or "") + " " + (element.get("id") or "")).lower()
    return set(_PARTS.findall(words))


def chunks(element: Element, skip: set[Element] | None = None) -> list[str]:
    """The visible text of `element` split at block boundaries, whitespace collapsed,
    without the subtrees in `skip`."""
    out: list[list[str]] = [[]]
    _walk(element, skip or set(), out)
    pieces = (" ".join("".join(part).split()) for part in out)
    return [p for p in pieces if p]


def _walk(element: Element, skip: set[Element], out: list[list[str]]) -> None:
    if element.text:
        out[-1].append(element.text)
    soft = element.tag not in BLOCK_TAGS  # a <br> inside inline text is a space
    for child in element:
        if soft and child.tag == "br":
            out[-1].append(" ")
        elif isinstance(child.tag, str) and child not in skip and not is_hidden(child):
            block = child.tag in BLOCK_TAGS
            if block:
                out.append([])
            _walk(child, skip, out)
            if block:
                out.append([])
        if child.tail:
            out[-1].append(child.tail)


def _split_chunks(text: str) -> list[str]:
    """The pieces of `text` between block boundaries, whitespace collapsed, empty ones
    dropped: `" ".join(part.split())` per part, done for the whole text at once (a block
    holds many empty parts between nested boundaries)."""
    spaced = " ".join(text.replace(_BOUNDARY, f" {_BOUNDARY} ").split())
    return list(filter(None, map(str.strip, spaced.split(_BOUNDARY))))


@lru_cache(maxsize=16)
def _class_and_id(element: Element, with_id: bool) -> str:
    names = element.get("class") or ""
    return names + (element.get("id") or "") if with_id else names


def visible_text(element: Element, skip: set[Element] | None = None) -> str:
    """The visible text of `element`, with spaces at block boundaries, whitespace collapsed."""
    return " ".join(chunks(element, skip))
