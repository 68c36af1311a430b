"""A light, bounded element tree for HTML pages, and the visible text of its elements.

The stdlib `html.parser` never raises on bad markup; `build_tree` turns its events into
`Node`s with the few repairs that matter for listing pages: void elements, an open `<p>`,
`<li>`, `<dt>`/`<dd>`, `<tr>`, `<td>`/`<th>` or `<option>` closed by its next sibling, end
tags matched against the nearest open element of that name (a stray end tag is ignored).
Nesting deeper than `MAX_DEPTH` is flattened into the element at that depth, so a page of
20,000 nested `<div>`s costs no more than a flat one; after `MAX_ELEMENTS` start tags the
rest of the page is read as text of the open element.

Visible text skips `<script>`, `<style>`, `<template>`, `<noscript>`, SVG and MathML, the
`hidden` attribute, `aria-hidden="true"`, inline `display:none`/`visibility:hidden`, and
the usual "visually hidden" classes (`sr-only`, `visually-hidden`, `screen-reader-text`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

__all__ = ["BLOCK_TAGS", "MAX_DEPTH", "MAX_ELEMENTS", "Node", "build_tree", "chunks", "class_parts",
           "iter_elements", "visible_text"]

MAX_DEPTH = 200
MAX_ELEMENTS = 200_000  # later start tags are ignored (their text is kept)
_END_SEARCH = 64  # how far down the stack an end tag looks for its element
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"})
_INVISIBLE_TAGS = frozenset({"script", "style", "template", "noscript", "svg", "math", "head",
                             "title", "iframe", "object", "select", "button"})
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "html", "caption",
})
_CLOSES_P = BLOCK_TAGS - {"br", "td", "th", "tr", "tbody", "thead", "tfoot", "caption"}
_IMPLIED: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    # new tag: (open tags it closes, tags that stop the search)
    "li": (frozenset({"li"}), frozenset({"ul", "ol", "menu"})),
    "dt": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "dd": (frozenset({"dt", "dd"}), frozenset({"dl"})),
    "tr": (frozenset({"tr", "td", "th"}), frozenset({"table", "tbody", "thead", "tfoot"})),
    "td": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", "table"})),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
    "a": (frozenset({"a"}), frozenset()),  # links do not nest: a new one closes the open one
}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_HIDDEN_CLASSES = frozenset({"sr-only", "visually-hidden", "visuallyhidden", "screen-reader-text",
                             "screen-reader-only", "sr_only", "element-invisible", "hidden",
                             "u-visually-hidden", "a11y-hidden", "offscreen", "d-none",
                             "is-hidden", "hide"})
_KEPT_ATTRS = frozenset({"href", "class", "id", "rel", "datetime", "role", "aria-label"})
_PARTS = re.compile(r"[a-z0-9]+")


class Node:
    """An element: tag, the attributes we use, children (Nodes and strings), document order."""

    __slots__ = ("attrs", "children", "hidden", "order", "parent", "tag")

    def __init__(self, tag: str, attrs: dict[str, str], parent: Node | None, order: int) -> None:
        self.tag = tag
        self.attrs = attrs
        self.parent = parent
        self.order = order
        self.children: list[Node | str] = []
        self.hidden = False

    def elements(self) -> Iterator[Node]:
        """The element children."""
        return (c for c in self.children if isinstance(c, Node))

    def classes(self) -> tuple[str, ...]:
        return tuple(self.attrs.get("class", "").lower().split())


def _is_hidden(tag: str, attrs: dict[str, str], raw: list[tuple[str, str | None]]) -> bool:
    if tag in _INVISIBLE_TAGS:
        return True
    names = {name for name, _ in raw}
    if "hidden" in names or (attrs.get("aria-hidden", "").lower() == "true"):
        return True
    if _HIDDEN_STYLE.search(attrs.get("style", "")):
        return True
    return any(c in _HIDDEN_CLASSES for c in attrs.get("class", "").lower().split())


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None, 0)
        self.stack: list[Node] = [self.root]
        self.count = 1
        self.base: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "base" and self.base is None:
            self.base = dict(attrs).get("href") or None
        if self.count > MAX_ELEMENTS:
            return
        self._close_implied(tag)
        kept = {name: value or "" for name, value in attrs
                if name in _KEPT_ATTRS or name in ("style", "aria-hidden")}
        node = Node(tag, kept, self.stack[-1], self.count)
        self.count += 1
        node.hidden = _is_hidden(tag, kept, attrs)
        for name in ("style", "aria-hidden"):
            kept.pop(name, None)
        self.stack[-1].children.append(node)
        if tag not in VOID and len(self.stack) < MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.stack[-1].children and self.stack[-1].tag == tag:
            self.stack.pop()

    def _close_implied(self, tag: str) -> None:
        if tag in _CLOSES_P:
            self._pop_to({"p"}, BLOCK_TAGS | {"button"}, 4)
        implied = _IMPLIED.get(tag)
        if implied is not None:
            self._pop_to(implied[0], implied[1], 12)

    def _pop_to(self, targets: set[str] | frozenset[str], stops: frozenset[str],
                limit: int) -> None:
        for i in range(len(self.stack) - 1, max(0, len(self.stack) - 1 - limit), -1):
            tag = self.stack[i].tag
            if tag in targets:
                del self.stack[i:]
                return
            if tag in stops:
                return

    def handle_endtag(self, tag: str) -> None:
        low = max(0, len(self.stack) - _END_SEARCH)
        for i in range(len(self.stack) - 1, low, -1):
            if self.stack[i].tag == tag:
                del self.stack[i:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)

    def parse_marked_section(self, i: int, report: bool = True) -> int:
        # CPython 3.11's _markupbase raises AssertionError on "<![" not followed by a name
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            return self.parse_bogus_comment(i)


def build_tree(text: str) -> tuple[Node, str | None]:
    """The element tree of `text` and the page's first `<base href>` (or None)."""
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root, builder.base


def iter_elements(node: Node) -> Iterator[Node]:
    """`node` and its element descendants in document order (no recursion)."""
    pending = [node]
    while pending:
        current = pending.pop()
        yield current
        pending.extend(reversed([c for c in current.children if isinstance(c, Node)]))


def class_parts(node: Node) -> set[str]:
    """The alphanumeric parts of the element's class and id ("post-card__title" → post,
    card, title), for vocabulary tests."""
    words = (node.attrs.get("class", "") + " " + node.attrs.get("id", "")).lower()
    return set(_PARTS.findall(words))


def chunks(node: Node, skip: set[int] | None = None) -> list[str]:
    """The visible text of `node` split at block boundaries, whitespace collapsed, without
    the subtrees whose `order` is in `skip`."""
    out: list[list[str]] = [[]]
    _walk(node, skip or set(), out)
    pieces = (" ".join("".join(part).split()) for part in out)
    return [p for p in pieces if p]


def _walk(node: Node, skip: set[int], out: list[list[str]]) -> None:
    for child in node.children:
        if isinstance(child, str):
            out[-1].append(child)
            continue
        if child.hidden or child.order in skip:
            continue
        block = child.tag in BLOCK_TAGS
        if block:
            out.append([])
        _walk(child, skip, out)
        if block:
            out.append([])


def visible_text(node: Node, skip: set[int] | None = None) -> str:
    """The visible text of `node`, with spaces at block boundaries, whitespace collapsed."""
    return " ".join(chunks(node, skip))
