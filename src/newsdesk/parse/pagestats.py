"""Per-element numbers of a parsed page, computed in one pass, for the listing detector.

Elements are numbered in document order; every list below is indexed by that number, which
keeps the pass to plain list arithmetic (no object per element). For each element:

- `parent`, `path` (an id of its tag path from the root, e.g. body/div/ul/li: elements with
  the same path are candidates for the same list, wherever they sit on the page), `hidden`;
- `text` (visible characters), `link_text` (of them, inside links), `links` (links with
  visible text), `heading` (how many h1-h6 with text it holds);
- `best`: its main link, the one with the longest visible text that is not a read-more
  label (a read-more or image-only link counts only when there is no other), or -1.

Links are identified by their raw `href` without fragment (`key`); resolving them against
the base URL is left to the few that become items, since `urljoin` is slow.
"""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree

from newsdesk.parse.blocks import INVISIBLE_TAGS, MAX_ELEMENTS, Element, hidden_with_class
from newsdesk.parse.itemparts import HEADINGS, is_read_more

__all__ = ["PageStats", "link_key"]

_NOT_A_PAGE = re.compile(r"\s*(?:#|javascript:|mailto:|tel:|data:|sms:|about:)", re.I)
_READ_MORE_MAX = 40  # longer link texts are never read-more labels


_TAXONOMY_REL = frozenset({"author", "tag", "category"})
TAXONOMY_PATH = re.compile(
    r"/(?:author|authors|autor|autori|autores|auteur|auteurs|autoren|tag|tags|topic|topics|"
    r"tema|temas|thema|themen|theme|category|categories|categoria|categorie|rubrique|"
    r"rubriques|kategorie|etiqueta|etiquetas|schlagwort|label|labels|privacy|datenschutz|"
    r"impressum|imprint|politica-de-privacidad|cookie-policy|cookies|terms)(?:/|$|\.|\?)"
    # an archive of a month or a day ("/hemeroteca/2026/02/", WordPress's "/2026/02/")
    r"|/(?:archives?|archiv|archivio|arquivo|hemeroteca|архив)(?:/[0-9]{4}(?:/[0-9]{1,2}){0,2})?/?$"
    r"|/[0-9]{4}/[0-9]{1,2}(?:/[0-9]{1,2})?/?$",
    re.I)


def _taxonomy(rel: str | None, href: str | None) -> bool:
    """A link (its rel and href) to a byline's author page, a tag or category page, a legal
    page or a month's archive: part of an item's furniture, never the item itself."""
    if rel and _TAXONOMY_REL.intersection(rel.lower().split()):
        return True
    path = (href or "").split("?", 1)[0].split("#", 1)[0]
    return bool(TAXONOMY_PATH.search(path))


def link_key(href: str | None) -> str | None:
    """The identity of a link target (raw href without fragment), None for non-pages."""
    if not href or _NOT_A_PAGE.match(href):
        return None
    key = href.strip().split("#", 1)[0]
    return key or None


class PageStats:
    """The numbers above for every element of `root` (at most `MAX_ELEMENTS`).

    The passes are list comprehensions and flat loops over element numbers, and the tag
    paths are worked out only for the elements asked about: a page of ≈ 3,000 elements is
    measured in a few milliseconds only when each element costs a handful of Python
    operations."""

    def __init__(self, root: Element) -> None:
        self.nodes: list[Element] = list(islice(root.iter(etree.Element), MAX_ELEMENTS))
        self.index: dict[Element, int] = {element: i for i, element in enumerate(self.nodes)}
        self.tags: list[str] = [element.tag for element in self.nodes]
        self.parent: list[int] = [self.index.get(element.getparent(), -1)
                                  for element in self.nodes]
        self.classes: list[str | None] = [element.get("class") for element in self.nodes]
        self.texts: list[str | None] = [element.text for element in self.nodes]
        self.tails: list[str | None] = [element.tail for element in self.nodes]
        self.hidden: list[bool] = []
        self.text: list[int] = []
        self.key: dict[int, str] = {}
        self.score: dict[int, float] = {}
        self._taxonomy: dict[tuple[str | None, str | None], bool] = {}
        self.children: list[list[int]] = []
        self.position: list[int] = []  # index among the parent's element children
        self._path: dict[int, int] = {}
        self._paths: dict[tuple[int, str], int] = {}
        self._first_pass(root)
        self._second_pass()

    def path(self, i: int) -> int:
        """The id of element `i`'s tag path (equal ids, equal paths)."""
        found = self._path.get(i)
        if found is None:
            up = self.parent[i]
            step = (self.path(up) if up >= 0 else -1, self.tags[i])
            found = self._path[i] = self._paths.setdefault(step, len(self._paths))
        return found

    def _first_pass(self, root: Element) -> None:
        nodes, parent, tags, classes, tails = (
            self.nodes, self.parent, self.tags, self.classes, self.tails)
        size = len(nodes)
        self.text = text = [len(own.strip()) if own else 0 for own in self.texts]
        self.hidden = hidden = [False] * size
        children: list[list[int]] = [[] for _ in range(size)]
        self.children = children
        self.position = position = [0] * size
        invisible, hidden_by, index = INVISIBLE_TAGS, hidden_with_class, self.index
        for i, up in enumerate(parent):
            if up >= 0:
                siblings = children[up]
                position[i] = len(siblings)
                siblings.append(i)
                tail = tails[i]
                if tail:
                    text[up] += len(tail.strip())
                if hidden[up]:
                    hidden[i] = True
                    continue
            if tags[i] in invisible or hidden_by(nodes[i], classes[i]):
                hidden[i] = True
        for link in root.iter("a"):
            number = index.get(link)
            if number is not None:
                key = link_key(link.get("href"))
                if key is not None:
                    self.key[number] = key

    def _second_pass(self) -> None:
        size = len(self.nodes)
        parent, hidden, text, tags, keys = self.parent, self.hidden, self.text, self.tags, self.key
        self.link_text = link_text = [0] * size
        self.links = links = [0] * size
        self.heading = heading = [0] * size
        self.best = best = [-1] * size
        scores: dict[int, float] = {}  # link number -> _link_score, worked out once
        self.score = scores
        best_len = [-1.0] * size
        visible = [i for i, flag in enumerate(hidden) if not flag]
        for i in reversed(visible):
            length = text[i]
            if length and tags[i] in HEADINGS:
                heading[i] += 1
            if i in keys:
                score = scores[i] = self._link_score(i)
                if length:
                    links[i] += 1
                    link_text[i] = length
                if score > best_len[i]:
                    best[i], best_len[i] = i, score
            up = parent[i]
            if up < 0:
                continue
            text[up] += length
            if link_text[i]:
                link_text[up] += link_text[i]
            if links[i]:
                links[up] += links[i]
            if heading[i]:
                heading[up] += heading[i]
            if best_len[i] > best_len[up]:
                best[up], best_len[up] = best[i], best_len[i]

    def is_taxonomy(self, i: int) -> bool:
        """`_taxonomy` of link `i`, worked out once per link target and rel (an item's
        image, title and read-more links share theirs)."""
        node = self.nodes[i]
        key = (node.get("rel"), node.get("href"))
        found = self._taxonomy.get(key)
        if found is None:
            found = self._taxonomy[key] = _taxonomy(*key)
        return found

    def _link_score(self, i: int) -> float:
        """Text length of a link; read-more labels, links to an author's or a tag's page
        and image-only links rank last (they are never the item's own link), a link taken out
        of the tab order (`tabindex="-1"`: a duplicate of the title link, often around the
        summary) just above them."""
        length = self.text[i]
        if length == 0:
            return 0.0
        if self.is_taxonomy(i):
            return 0.5
        if self.nodes[i].get("tabindex") == "-1":
            return 0.75  # a duplicate kept out of the keyboard's way: the title is another
        if length <= _READ_MORE_MAX:
            words = " ".join("".join(self.nodes[i].itertext()).split())
            if is_read_more(words):
                return 0.5
        return float(length)

    def text_of_link_ok(self, i: int) -> bool:
        """True when element `i`'s main link has visible text that is not read-more."""
        link = self.best[i]
        return link >= 0 and self.text[link] > 0 and self.score.get(link, 0.0) > 0.5
