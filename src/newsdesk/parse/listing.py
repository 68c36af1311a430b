"""The main list of items on an HTML listing page, found without per-site selectors.

`detect_listing(body, base_url=...)` works in four steps:

1. **Tree and stats.** The page is decoded (`charset.decode_html`) and parsed into a
   bounded tree (`blocks.build_tree`). One bottom-up pass gives every element its visible
   text length, its link-text length, its number of links and its "best" link (the one
   with the longest visible text that is not a read-more label).
2. **Candidate groups.** For each element, its children with the same tag that hold a
   link form a group. A group scores the sum of its members' text (capped per member,
   more for members with a heading, less for members that are really containers of many
   links), times the share of distinct URLs; link-only lists ("most read", tag clouds,
   pagination) are damped, and groups inside `nav`, `header`, `footer`, `aside`, forms or
   elements whose class says nav/menu/sidebar/widget/ticker/popular are damped hard.
3. **Extension.** The best group gains the elements elsewhere on the page with the same
   tag and class list as its members (a "leading" item in a separate container) and a
   lead story just before the list whose heading is a link (an Aufmacher).
4. **Items.** Ads are dropped (`itemparts.is_ad`); per block the title, URL, teaser and
   date text are read (`itemparts`); URLs are resolved against `<base href>` or
   `base_url`, kept as given (percent-encoding untouched), each URL once, document order.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from newsdesk.parse.blocks import Node, build_tree, class_parts, iter_elements, visible_text
from newsdesk.parse.charset import decode_html
from newsdesk.parse.itemparts import HEADINGS, date_of, is_ad, is_read_more, teaser_of, title_of
from newsdesk.parse.links import http_url

__all__ = ["MAX_BODY_BYTES", "ListingItem", "detect_listing"]

MAX_BODY_BYTES = 8 * 1024 * 1024
_MEMBER_TEXT_CAP = 600
_MIN_GROUP = 3
_MAX_TITLE = 1000
_BOILER_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu"})
_BOILER_PARTS = frozenset({
    "nav", "navbar", "navigation", "menu", "footer", "sidebar", "widget", "breadcrumb",
    "breadcrumbs", "pagination", "pager", "ticker", "mostread", "popular", "trending",
    "related", "meistgelesen", "most", "share", "social", "cookie", "consent", "banner",
    "topbar", "masthead", "newsletter", "comments", "tagcloud", "tagscloud",
})


@dataclass(frozen=True)
class ListingItem:
    """One entry of a listing page: absolute URL, displayed title, summary, date as shown."""

    url: str
    title: str
    teaser: str | None
    date_text: str | None


@dataclass
class _Stats:
    text: int = 0
    link_text: int = 0
    links: int = 0
    best: Node | None = None
    best_len: int = -1
    heading: bool = False


class _Page:
    """The parsed page: tree, link URLs, per-element stats and boilerplate flags."""

    def __init__(self, root: Node, base: str) -> None:
        self.root = root
        self.base = base
        self.urls: dict[int, str] = {}
        self.stats: dict[int, _Stats] = {}
        self._boiler: dict[int, bool] = {}
        self._measure()

    def _measure(self) -> None:
        for node in reversed(list(iter_elements(self.root))):
            stats = _Stats(heading=node.tag in HEADINGS)
            if not node.hidden:
                self._add_children(node, stats)
            if node.tag == "a" and not node.hidden:
                self._add_link(node, stats)
            self.stats[node.order] = stats

    def _add_children(self, node: Node, stats: _Stats) -> None:
        for child in node.children:
            if isinstance(child, str):
                stats.text += len(child.strip())
                continue
            sub = self.stats[child.order]
            stats.text += sub.text
            stats.link_text += sub.link_text
            stats.links += sub.links
            stats.heading = stats.heading or sub.heading
            if sub.best is not None and sub.best_len > stats.best_len:
                stats.best, stats.best_len = sub.best, sub.best_len

    def _add_link(self, node: Node, stats: _Stats) -> None:
        url = http_url(node.attrs.get("href"), self.base)
        if url is None:
            return
        self.urls[node.order] = url
        if stats.text == 0:
            return
        stats.links += 1
        stats.link_text = stats.text
        if stats.text > _MAX_TITLE:
            return  # a link around a whole block is not a headline; its text is not read
        text = visible_text(node)
        if text and not is_read_more(text) and len(text) > stats.best_len:
            stats.best, stats.best_len = node, len(text)

    def boilerplate(self, node: Node | None) -> bool:
        """True when `node` or an ancestor is navigation, header, footer, sidebar..."""
        if node is None:
            return False
        cached = self._boiler.get(node.order)
        if cached is None:
            own = node.tag in _BOILER_TAGS or bool(class_parts(node) & _BOILER_PARTS)
            cached = own or self.boilerplate(node.parent)
            self._boiler[node.order] = cached
        return cached

    def key(self, node: Node | None) -> str | None:
        """The URL of a link without its fragment, for identity."""
        url = self.urls.get(node.order) if node is not None else None
        return url.split("#", 1)[0] if url else None


def detect_listing(body: bytes, *, base_url: str, charset: str | None = None) -> list[ListingItem]:
    """The items of the page's main listing, in document order, each URL once."""
    text, _ = decode_html(body[:MAX_BODY_BYTES], charset)
    root, base_href = build_tree(text)
    base = base_url
    if base_href:
        resolved = http_url(base_href, base_url)
        base = resolved or base_url
    page = _Page(root, base)
    members = _best_group(page)
    if not members:
        return []
    members = _extend(page, members)
    return _items(page, members)


def _best_group(page: _Page) -> list[Node]:
    best: list[Node] = []
    best_score = 0.0
    for parent in iter_elements(page.root):
        if parent.hidden:
            continue
        by_tag: dict[str, list[Node]] = {}
        for child in parent.elements():
            if not child.hidden and page.stats[child.order].best is not None:
                by_tag.setdefault(child.tag, []).append(child)
        for members in by_tag.values():
            if len(members) < _MIN_GROUP:
                continue
            score = _score(page, parent, members)
            if score > best_score:
                best, best_score = members, score
    return best


def _score(page: _Page, parent: Node, members: list[Node]) -> float:
    urls = {page.key(page.stats[m.order].best) for m in members}
    if len(urls) < 2:
        return 0.0
    total = 0.0
    text = link_text = 0
    for member in members:
        stats = page.stats[member.order]
        weight = float(min(stats.text, _MEMBER_TEXT_CAP))
        if stats.links > 4:
            weight *= 4 / stats.links
        if stats.heading:
            weight *= 1.5
        total += weight
        text += stats.text
        link_text += stats.link_text
    if text and link_text / text > 0.85:
        total *= 0.35
    total *= len(urls) / len(members) * math.log(1 + len(urls))
    if page.boilerplate(parent):
        total *= 0.2
    return total


def _extend(page: _Page, members: list[Node]) -> list[Node]:
    """Members plus same-signature blocks elsewhere and a lead story before the list."""
    chosen = {m.order: m for m in members}
    signature, _ = Counter((m.tag, m.classes()) for m in members).most_common(1)[0]
    parent = members[0].parent
    if signature[1]:
        for node in iter_elements(page.root):
            if (node.tag, node.classes()) == signature and node.order not in chosen \
                    and not page.boilerplate(node) and page.stats[node.order].best is not None \
                    and not _overlaps(node, chosen):
                chosen[node.order] = node
    if parent is not None and parent.parent is not None:
        for sibling in _before(parent):
            if _is_lead(page, sibling) and not _overlaps(sibling, chosen):
                chosen[sibling.order] = sibling
    return [chosen[k] for k in sorted(chosen)]


def _before(node: Node) -> list[Node]:
    """Up to two element siblings just before `node`."""
    assert node.parent is not None
    siblings = list(node.parent.elements())
    index = siblings.index(node)
    return siblings[max(0, index - 2):index]


def _is_lead(page: _Page, node: Node) -> bool:
    stats = page.stats[node.order]
    if node.hidden or stats.best is None or stats.links > 6 or page.boilerplate(node):
        return False
    return any(h.tag in HEADINGS and _heading_link(page, h) is not None
               for h in iter_elements(node))


def _overlaps(node: Node, chosen: dict[int, Node]) -> bool:
    """True when `node` is inside or around a chosen block."""
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.order in chosen:
            return True
        ancestor = ancestor.parent
    return any(e.order in chosen for e in iter_elements(node) if e is not node)


def _heading_link(page: _Page, heading: Node) -> Node | None:
    """The link inside a heading, or the link around it."""
    for element in iter_elements(heading):
        if element.order in page.urls:
            return element
    ancestor = heading.parent
    while ancestor is not None:
        if ancestor.order in page.urls:
            return ancestor
        ancestor = ancestor.parent
    return None


def _items(page: _Page, members: list[Node]) -> list[ListingItem]:
    items: list[ListingItem] = []
    seen: set[str] = set()
    for block in members:
        item = _item(page, block)
        if item is None:
            continue
        key = item.url.split("#", 1)[0]
        if key not in seen:
            seen.add(key)
            items.append(item)
    return items


def _details(block: Node) -> list[Node]:
    """The `<dd>`s after a `<dt>` block: in a definition list they are part of its item."""
    if block.tag != "dt" or block.parent is None:
        return []
    siblings = list(block.parent.elements())
    found: list[Node] = []
    for sibling in siblings[siblings.index(block) + 1:]:
        if sibling.tag != "dd":
            break
        found.append(sibling)
    return found


def _item(page: _Page, block: Node) -> ListingItem | None:
    link = page.stats[block.order].best
    if link is None or is_ad(block, link):
        return None
    title_node, title = title_of(block, link)
    if title_node is not link:
        link = _heading_link(page, title_node) or link
    url = page.urls.get(link.order)
    if url is None or not title:
        return None
    date_node, date_text = date_of(block)
    skip = {title_node.order}
    if date_node is not None:
        skip.add(date_node.order)
    teaser = teaser_of(block, skip, title)
    for detail in _details(block):
        teaser = teaser or teaser_of(detail, skip, title)
        date_text = date_text or date_of(detail)[1]
    return ListingItem(url=url, title=title, teaser=teaser, date_text=date_text)
