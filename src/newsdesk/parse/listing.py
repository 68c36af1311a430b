"""The main list of items on an HTML listing page, found without per-site selectors.

`detect_listing(body, base_url=...)` works in four steps:

1. **Tree and stats.** The page is decoded (`charset.decode_html`), parsed by lxml into a
   bounded tree (`blocks.build_tree`) and measured in one pass (`pagestats.PageStats`):
   every element's visible text length, link-text length, number of links, main link
   and tag path.
2. **Candidate groups.** Elements with the same tag path from the root (body/div/ul/li)
   that hold a link form a group, wherever they are on the page: siblings in one list,
   cards split over several grid rows or sections, table rows, `<dt>`s. A group scores the
   sum of its members' text (capped per member, more for members with a heading, less for
   members that are really containers of many links), times the share of distinct URLs;
   link-only lists ("most read", tag clouds, pagination) are damped. Members inside `nav`,
   `header`, `footer`, `aside`, `marquee`, forms or elements whose class says
   nav/menu/sidebar/widget/ticker/popular (also joined: "top-bar", "tag_cloud"; or starts
   with "side-") are left out (a group made only of them is damped hard). When several members have the
   same text, the outermost level wins.
3. **Extension.** The best group gains the elements elsewhere on the page with the same
   tag and class list as its members (a "leading" item in a separate container), a lead
   story just before the list whose heading is a link (an Aufmacher), and other groups
   that score nearly as well (a page with several lists of the same kind).
4. **Items.** Ads, blocks whose main link is an author's, tag, legal or month-archive page
   and ticker entries (a link in a `<marquee>`) are dropped; per block the title, URL,
   teaser and date text are read (`itemparts`), also from the siblings that follow a member
   up to the next one or a sibling with a heading of its own (`<dt>` + `<dd>`, `<h3>` +
   `<p>` runs); a byline the date was read from, or a line of short fields ("by X · 19
   comments · hide"), is not a teaser. URLs are resolved against `<base href>` or
   `base_url`, kept as given (percent-encoding untouched), each URL once, in document
   order.
"""

from __future__ import annotations

import codecs
import math
import re
from collections import Counter
from dataclasses import dataclass

from newsdesk.parse.blocks import (
    Element,
    build_tree,
    classes,
    iter_elements,
)
from newsdesk.parse.charset import decode_html
from newsdesk.parse.itemparts import (
    HEADINGS,
    date_of,
    first_text,
    is_ad,
    teaser_of,
    title_of,
)
from newsdesk.parse.links import http_url
from newsdesk.parse.pagestats import PageStats
from newsdesk.parse.textindex import TextIndex

__all__ = ["MAX_BODY_BYTES", "ListingItem", "detect_listing", "looks_like_articles"]

MAX_BODY_BYTES = 8 * 1024 * 1024
_MEMBER_TEXT_CAP = 600
_MIN_GROUP = 3
_MAX_FOLLOWERS = 4
_LEAD_LEVELS = 3
_WORD = re.compile(r"[a-z0-9]+")  # the parts of class names and ids, as blocks.class_parts
_CLOCK = re.compile(r"[0-2]?[0-9][:.h][0-5][0-9]")
_OTHER_GROUP_SHARE = 99
_LABEL_MAX = 40
_WIDGET_LABEL = re.compile(
    r"(?:the )?(?:most (?:popular|read|viewed|shared|commented)|popular(?: (?:now|stories|posts))?|"
    r"trending(?: now)?|related(?: (?:stories|articles|posts|news))?|see also|read also|"
    r"also read|tags|topics|archives?|newsletter|(?:latest )?videos?|meistgelesen|"
    r"meistgelesene artikel|beliebt|les plus lus|populaires|lo más leído|más leídas|"
    r"più letti|i più letti|популярное|самое читаемое|en çok okunan(?:lar)?|popüler|"
    r"پربازدیدترین(?:\u200c?ها)?|پربیننده(?:\u200c?ترین)?|مطالب مرتبط|الأكثر (?:قراءة|مشاهدة)|"
    r"مواضيع ذات صلة)"
)
_BOILER_TAGS = frozenset({"nav", "header", "footer", "aside", "form", "menu", "marquee"})
_BOILER_PARTS = frozenset({
    "nav", "navbar", "navigation", "menu", "footer", "sidebar", "widget", "breadcrumb",
    "breadcrumbs", "pagination", "pager", "ticker", "mostread", "popular", "trending",
    "related", "meistgelesen", "most", "share", "social", "cookie", "consent", "banner",
    "topbar", "masthead", "newsletter", "comments", "tagcloud", "tagscloud",
})
_SIDE = re.compile(r"side(?:[-_]|$)")  # "side-video", "side_box": a side column's box


def _boiler_names(names: str | None, ident: str | None) -> bool:
    """True when a part of the class or id ("site-nav" → nav) or a class name joined from
    parts ("top-bar", "tag_cloud") is a boilerplate word, or a class name starts with
    "side" ("side-video"; a card's "card--side-image" modifier does not count)."""
    words = f"{names or ''} {ident or ''}".lower()
    if not _BOILER_PARTS.isdisjoint(_WORD.findall(words)):
        return True
    return any(token.replace("-", "").replace("_", "") in _BOILER_PARTS or _SIDE.match(token)
               for token in (names or "").lower().split())


@dataclass(frozen=True)
class ListingItem:
    """One entry of a listing page: absolute URL, displayed title, summary, date as shown."""

    url: str
    title: str
    teaser: str | None
    date_text: str | None


class _Page:
    """The parsed page: its stats, base URL and (lazily) boilerplate flags."""

    def __init__(self, root: Element, base: str) -> None:
        self.stats = PageStats(root)
        self.base = base
        self._boiler: dict[int, bool] = {}
        self._names: dict[tuple[str | None, str | None], bool] = {}
        self.texts = TextIndex(self.stats)

    def boilerplate(self, i: int) -> bool:
        """True when element `i` or an ancestor is navigation, header, footer, sidebar..."""
        chain: list[int] = []
        found = False
        while i >= 0:
            cached = self._boiler.get(i)
            if cached is not None:
                found = cached
                break
            stats = self.stats
            if stats.tags[i] in _BOILER_TAGS or self._boiler_names(i) or self._labelled_widget(i):
                found = True
                chain.append(i)
                break
            chain.append(i)
            i = self.stats.parent[i]
        for j in chain:
            self._boiler[j] = found
        return found

    def _boiler_names(self, i: int) -> bool:
        """`_boiler_names` of element `i`'s class and id, once per distinct pair on the page
        (a page repeats its class names many times)."""
        key = (self.stats.classes[i], self.stats.nodes[i].get("id"))
        found = self._names.get(key)
        if found is None:
            found = self._names[key] = _boiler_names(*key)
        return found

    def _labelled_widget(self, i: int) -> bool:
        """A box whose first line is a widget's label ("Most popular", "Meistgelesen",
        "پربازدیدترین"...): how table layouts and class-less pages mark their side boxes."""
        children = self.stats.children[i]
        if not children or not 0 < self.stats.text[children[0]] <= _LABEL_MAX:
            return False  # no visible first line ("Video" for screen readers only is none)
        label = self.texts.visible_text(self.stats.nodes[children[0]])
        return bool(label) and bool(_WIDGET_LABEL.fullmatch(label.casefold().strip(" :»›")))

    def url(self, link: int) -> str | None:
        return http_url(self.stats.nodes[link].get("href"), self.base)


def detect_listing(body: bytes, *, base_url: str, charset: str | None = None) -> list[ListingItem]:
    """The items of the page's main listing, in document order, each URL once."""
    root, base_href = build_tree(_utf8(body[:MAX_BODY_BYTES], charset))
    if root is None:
        return []
    base = base_url
    if base_href:
        base = http_url(base_href, base_url) or base_url
    page = _Page(root, base)
    groups = _groups(page)
    if not groups:
        return []
    score, best = groups[0]
    groups[0] = (score, _rows_to_cards(page, best))
    members = _extend(page, groups)
    return _items(page, members)


def _rows_to_cards(page: _Page, members: list[int]) -> list[int]:
    """A grid's rows, each holding several cards (Joomla `items-row`, Bootstrap `.row`):
    when most members hold two or more children that each have a headline link, the cards
    are the records, whatever row they sit in (a last row with one card included)."""
    stats = page.stats
    cards: list[list[int]] = []
    for m in members:
        inside = [c for c in stats.children[m] if stats.best[c] >= 0 and stats.heading[c] == 1
                  and not stats.hidden[c] and stats.text_of_link_ok(c)]
        cards.append(inside)
    split = sum(1 for inside in cards if len(inside) >= 2)
    if split * 2 < len(members) or split < 2:
        return members
    return [c for inside in cards for c in inside]


def _utf8(body: bytes, charset: str | None) -> str | bytes:
    """The page decoded (`charset.decode_html`) as the parser reads it, UTF-8. A page read
    as UTF-8 without a replaced byte is its own encoding (less a BOM): handing over the bytes
    saves encoding 400 KB of text again."""
    text, codec = decode_html(body, charset)
    if codec == "utf-8" and "\ufffd" not in text:
        return body[len(codecs.BOM_UTF8):] if body.startswith(codecs.BOM_UTF8) else body
    return text


def looks_like_articles(items: list[ListingItem]) -> bool:
    """Do these items look like a list of articles, rather than a menu? A menu's entries
    are one or two words ("Home", "About us") with no teaser and no date; headlines are
    longer, or come with a teaser or a date. `detect_listing` returns the page's best
    repeated group whatever it is (a page may be a list of anything); a news source asks
    this too before taking a group as its items."""
    if not items:
        return False
    described = sum(1 for i in items if i.teaser or i.date_text)
    if described * 2 >= len(items):
        return True
    words = sorted(len(i.title.split()) for i in items)
    return words[len(words) // 2] >= 3


def _groups(page: _Page) -> list[tuple[float, list[int]]]:
    """Candidate groups with a positive score, best first."""
    stats = page.stats
    by_parent: dict[tuple[int, str], list[int]] = {}
    for i, best in enumerate(stats.best):
        if best >= 0 and not stats.hidden[i]:
            by_parent.setdefault((stats.parent[i], stats.tags[i]), []).append(i)
    scored: list[tuple[float, int, list[int]]] = []
    for order, members in enumerate(by_parent.values()):
        if len(members) < _MIN_GROUP:
            continue
        kept = [m for m in _odd_ones_out(page, members) if not page.boilerplate(m)]
        factor = 1.0
        if len(kept) < _MIN_GROUP:
            kept, factor = members, 0.2
        score = _score(page, kept) * factor
        if score > 0:
            scored.append((score, order, kept))
    scored.sort(key=lambda s: (-s[0], s[1]))
    return [(score, members) for score, _, members in scored]


def _score(page: _Page, members: list[int]) -> float:
    stats = page.stats
    urls = {stats.key[stats.best[m]] for m in members}
    if len(urls) < 2:
        return 0.0
    total = 0.0
    text = link_text = 0
    followers = _followers(page, members) if _flat(page, members) else {}
    for member in members:
        run = [f for f in followers.get(member, ()) if not stats.hidden[f]]
        extra = sum(stats.text[f] for f in run)
        weight = float(min(stats.text[member] + extra, _MEMBER_TEXT_CAP))
        links = stats.links[member]
        if links > 4:
            weight *= 4 / links
        headings = stats.heading[member]
        if not headings and not stats.text_of_link_ok(member):
            # its main link is a read-more, an author's or a tag's: the record's title is
            # elsewhere (a <dd> after its <dt>, a card body beside its header)
            weight *= 0.3
        if headings == 1:
            weight *= 1.5
        elif headings > 1:  # a box of several headlines is a container of items, not one
            weight /= headings
        total += weight
        text += stats.text[member] + extra
        link_text += stats.link_text[member] + sum(stats.link_text[f] for f in run)
    if text and link_text / text > 0.85:
        total *= 0.35
    return total * len(urls) / len(members) * math.log(1 + len(urls))


def _flat(page: _Page, members: list[int]) -> bool:
    """True when a parent holds several members and other children between them (a flat
    run of records); a member alone in its parent is a part of a record, not a record."""
    stats = page.stats
    per_parent = Counter(stats.parent[m] for m in members)
    return any(len(stats.children[up]) > count > 1 for up, count in per_parent.items()
               if up >= 0)


def _extend(page: _Page, groups: list[tuple[float, list[int]]]) -> list[int]:
    """The best group plus same-signature blocks elsewhere, a lead story before the list
    and other groups that score nearly as well."""
    stats = page.stats
    best_score, members = groups[0]
    chosen = set(members)
    covered = _ancestors(page, chosen)
    nodes = stats.nodes
    _add_same_path(page, members, chosen, covered)
    _add_class_siblings(page, members, chosen)
    covered = _ancestors(page, chosen)
    signature, _ = Counter((nodes[m].tag, classes(nodes[m])) for m in members).most_common(1)[0]
    if signature[1]:
        for i, tag in enumerate(stats.tags):
            if tag == signature[0] and stats.best[i] >= 0 and i not in chosen \
                    and tuple((stats.classes[i] or "").lower().split()) == signature[1] \
                    and not stats.hidden[i] \
                    and not _overlaps(page, i, chosen, covered) and not page.boilerplate(i):
                chosen.add(i)
                covered |= _ancestors(page, {i})
    parents = {stats.parent[m] for m in members}
    for score, others in groups[1:]:
        if score < _OTHER_GROUP_SHARE * best_score:
            break
        if not any(_overlaps(page, m, chosen, covered) or stats.parent[m] in parents
                   for m in others):
            chosen.update(others)
            covered |= _ancestors(page, set(others))
    _add_lead(page, stats.parent[members[0]], chosen, covered)
    return sorted(chosen)


def _add_lead(page: _Page, parent: int, chosen: set[int], covered: set[int]) -> None:
    """A lead story just before the list: one of the two elements before the list's
    container, or before the wrappers around it (a hero `<section>` before the grid's
    `<section>`, up to `_LEAD_LEVELS` levels up). Above the first level only a block with
    one headline counts (a box of several headlines is another list)."""
    stats = page.stats
    up = parent
    for level in range(_LEAD_LEVELS):
        if up < 0 or stats.parent[up] < 0 or stats.tags[stats.parent[up]] == "html":
            return
        found = False
        for sibling in _before(page, up):
            if _is_lead(page, sibling) and (level == 0 or stats.heading[sibling] == 1) \
                    and not _overlaps(page, sibling, chosen, covered):
                chosen.add(sibling)
                found = True
        if found:
            return
        up = stats.parent[up]


def _add_same_path(page: _Page, members: list[int], chosen: set[int], covered: set[int]) -> None:
    """Add the runs of at least two elements elsewhere with the members' tag path (the
    same list continued in another grid row or section); a lone element with that path
    is more often a look-alike in another box."""
    stats = page.stats
    paths = {stats.path(m) for m in members}
    tags = {stats.tags[m] for m in members}  # a cheap test before the path's
    runs: dict[int, list[int]] = {}
    for i, best in enumerate(stats.best):
        if best >= 0 and stats.tags[i] in tags and i not in chosen and not stats.hidden[i] \
                and stats.path(i) in paths:
            runs.setdefault(stats.parent[i], []).append(i)
    dominant = _dominant_classes(page, members)
    for run in runs.values():
        if dominant and not any(_class_tokens(page, i) & dominant for i in run):
            continue  # the members share a class and this run has none of it: another box
        if len(run) >= 2 and not any(_overlaps(page, i, chosen, covered) or page.boilerplate(i)
                                     for i in run):
            chosen.update(run)


def _add_class_siblings(page: _Page, members: list[int], chosen: set[int]) -> None:
    """Add the siblings of the members that carry the class most members share but have
    another tag (a video card written as one `<a class="article-liste">` among the
    `<div class="article-liste">`s): the same record in other markup."""
    stats = page.stats
    dominant = _dominant_classes(page, members)
    if not dominant:
        return
    tags = {stats.tags[m] for m in members}
    for up in {stats.parent[m] for m in members}:
        if up < 0:
            continue
        for sibling in stats.children[up]:
            if sibling not in chosen and stats.tags[sibling] not in tags \
                    and stats.best[sibling] >= 0 and not stats.hidden[sibling] \
                    and _class_tokens(page, sibling) & dominant and not page.boilerplate(sibling):
                chosen.add(sibling)


def _class_tokens(page: _Page, i: int) -> frozenset[str]:
    return frozenset((page.stats.classes[i] or "").lower().split())


def _dominant_classes(page: _Page, members: list[int]) -> frozenset[str]:
    """The class names most members carry (at least 60 % of them), or none."""
    counts = Counter(t for m in members for t in _class_tokens(page, m))
    return frozenset(t for t, n in counts.items() if n >= 0.6 * len(members))


def _odd_ones_out(page: _Page, members: list[int]) -> list[int]:
    """Without the members that share no class with the rest when the rest agree (a
    breadcrumb or a pager `<div>` between the item `<div>`s of one parent)."""
    if len(members) < 4:
        return members
    dominant = _dominant_classes(page, members)
    if not dominant:
        return members
    kept = [m for m in members if _class_tokens(page, m) & dominant]
    return kept if len(kept) >= _MIN_GROUP else members


def _ancestors(page: _Page, members: set[int]) -> set[int]:
    """All proper ancestors of `members`."""
    found: set[int] = set()
    for member in members:
        up = page.stats.parent[member]
        while up >= 0 and up not in found:
            found.add(up)
            up = page.stats.parent[up]
    return found


def _overlaps(page: _Page, i: int, chosen: set[int], covered: set[int]) -> bool:
    """True when element `i` is a chosen block, inside one or around one."""
    if i in chosen or i in covered:
        return True
    up = page.stats.parent[i]
    while up >= 0:
        if up in chosen:
            return True
        up = page.stats.parent[up]
    return False


def _before(page: _Page, i: int) -> list[int]:
    """Up to two element siblings just before element `i`."""
    siblings = page.stats.children[page.stats.parent[i]]
    index = siblings.index(i)
    return siblings[max(0, index - 2):index]


def _is_lead(page: _Page, i: int) -> bool:
    stats = page.stats
    if stats.hidden[i] or stats.best[i] < 0 or stats.links[i] > 6 or page.boilerplate(i):
        return False
    return any(h.tag in HEADINGS and _heading_link(page, h) is not None
               for h in iter_elements(stats.nodes[i]))


def _heading_link(page: _Page, heading: Element) -> int | None:
    """The link inside a heading, or the link around it."""
    stats = page.stats
    for element in iter_elements(heading):
        i = stats.index.get(element)
        if i is not None and i in stats.key:
            return i
    up = stats.parent[stats.index[heading]]
    while up >= 0:
        if up in stats.key:
            return up
        up = stats.parent[up]
    return None


def _items(page: _Page, members: list[int]) -> list[ListingItem]:
    items: list[ListingItem] = []
    seen: set[str] = set()
    followers = _followers(page, members)
    nodes = page.stats.nodes
    for block in members:
        item = _item(page, block, [nodes[f] for f in followers.get(block, [])])
        if item is None:
            continue
        if item.date_text is None:
            item = _dated_by_heading(page, block, item)
        key = item.url.split("#", 1)[0]
        if key not in seen:
            seen.add(key)
            items.append(item)
    return items


def _dated_by_heading(page: _Page, block: int, item: ListingItem) -> ListingItem:
    """An item without a date of its own under a heading that prints one (a list grouped
    by day: "Vandaag · woensdag 4 maart 2026" above `<dt>11:20</dt>`): the heading's date,
    and the time the item shows, if any. The nearest heading without links before the item
    or before its containers (up to `_LEAD_LEVELS` levels up) decides; one without a date
    means the items are undated."""
    stats = page.stats
    up = block
    for _ in range(_LEAD_LEVELS):
        if up < 0 or stats.parent[up] < 0:
            break
        siblings = stats.children[stats.parent[up]]
        for sibling in reversed(siblings[:stats.position[up]]):
            if stats.links[sibling] or stats.hidden[sibling] or not (
                    stats.tags[sibling] in HEADINGS
                    or (stats.heading[sibling] == 1 and stats.text[sibling] <= _LABEL_MAX * 2)):
                continue
            date_text = date_of(stats.nodes[sibling], None, page.texts)[1]
            if date_text is None:
                return item
            clock = _clock(page, block)
            shown = f"{date_text} {clock}" if clock else date_text
            return ListingItem(url=item.url, title=item.title, teaser=item.teaser, date_text=shown)
        up = stats.parent[up]
    return item


def _clock(page: _Page, block: int) -> str | None:
    """The time an item shows alone ("11:20"), in its block or just before it (a `<dt>`)."""
    stats = page.stats
    places = [block]
    position = stats.position[block]
    if position and stats.parent[block] >= 0:
        before = stats.children[stats.parent[block]][position - 1]
        if not stats.links[before] and stats.text[before] <= 8:
            places.append(before)
    for place in places:
        for piece in page.texts.chunks(stats.nodes[place]):
            if _CLOCK.fullmatch(piece):
                return piece
    return None


def _followers(page: _Page, members: list[int]) -> dict[int, list[int]]:
    """For members that share a parent with other elements (a flat run such as
    h3, p, p, h3, p or dt, dd, dt, dd): the siblings after each member up to the next
    member, when they link nowhere else and are not a box with a heading of its own (a
    heading itself, a subtitle under the title, does belong). They belong to the member's
    item."""
    stats = page.stats
    member_set = set(members)
    found: dict[int, list[int]] = {}
    per_parent = Counter(stats.parent[m] for m in members)
    for member in members:
        up = stats.parent[member]
        if up < 0 or per_parent[up] < 2:
            continue
        siblings = stats.children[up]
        tag = stats.tags[member]
        own = stats.key.get(stats.best[member])
        run: list[int] = []
        for sibling in siblings[stats.position[member] + 1:]:
            if sibling in member_set or stats.tags[sibling] == tag \
                    or (stats.heading[sibling] and stats.tags[sibling] not in HEADINGS):
                break  # the next record, or a box with a heading of its own (a newsletter card)
            link = stats.best[sibling]
            if link >= 0 and stats.key.get(link) != own and stats.text_of_link_ok(sibling):
                break
            run.append(sibling)
            if len(run) >= _MAX_FOLLOWERS:
                break
        if run:
            found[member] = run
    return found


def _in_marquee(page: _Page, link: int, block: int) -> bool:
    """True when the link scrolls in a `<marquee>` inside the block: a ticker's entry."""
    up = page.stats.parent[link]
    while up > block:
        if page.stats.tags[up] == "marquee":
            return True
        up = page.stats.parent[up]
    return False


def _item(page: _Page, block: int, followers: list[Element]) -> ListingItem | None:
    stats = page.stats
    link = stats.best[block]
    element = stats.nodes[block]
    texts = page.texts
    pieces = texts.chunks(element)  # the block's visible text, shared by the ad and date tests
    if link < 0 or is_ad(element, stats.nodes[link], pieces, texts) \
            or stats.is_taxonomy(link) or _in_marquee(page, link, block):
        return None
    title_node, title = title_of(element, stats.nodes[link], texts)
    if title_node is not stats.nodes[link]:
        heading_link = _heading_link(page, title_node)
        link = link if heading_link is None else heading_link
    if not title or (title_node is stats.nodes[link] and not stats.text_of_link_ok(block)):
        title_node, title = first_text(element, texts)
    url = page.url(link)
    if url is None or not title:
        return None
    date_node, date_text = date_of(element, pieces, texts)
    skip = {title_node}
    if date_node is not None:
        skip.add(date_node)
    own = stats.nodes[link]
    teaser = teaser_of(element, skip, title, texts, date_text, own)
    for follower in followers:
        date_text = date_text or date_of(follower, None, texts)[1]
        teaser = teaser or teaser_of(follower, skip, title, texts, date_text, own)
    return ListingItem(url=url, title=title, teaser=teaser, date_text=date_text)

