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

from lxml import etree

from newsdesk.parse.blocks import INVISIBLE_TAGS, MAX_ELEMENTS, Element, hidden_by_attributes
from newsdesk.parse.itemparts import HEADINGS, is_read_more

__all__ = ["PageStats", "link_key"]

_NOT_A_PAGE = re.compile(r"\s*(?:#|javascript:|mailto:|tel:|data:|sms:|about:)", re.I)
_READ_MORE_MAX = 40  # longer link texts are never read-more labels


def link_key(href: str | None) -> str | None:
    """The identity of a link target (raw href without fragment), None for non-pages."""
    if not href or _NOT_A_PAGE.match(href):
        return None
    key = href.strip().split("#", 1)[0]
    return key or None


class PageStats:
    """The numbers above for every element of `root` (at most `MAX_ELEMENTS`)."""

    def __init__(self, root: Element) -> None:
        self.nodes: list[Element] = []
        self.index: dict[Element, int] = {}
        self.parent: list[int] = []
        self.path: list[int] = []
        self.hidden: list[bool] = []
        self.text: list[int] = []
        self.key: dict[int, str] = {}
        self.children: list[list[int]] = []
        self.position: list[int] = []  # index among the parent's element children
        self._first_pass(root)
        self._second_pass()

    def _first_pass(self, root: Element) -> None:
        nodes, index, parent, path, hidden, text, children = (
            self.nodes, self.index, self.parent, self.path, self.hidden, self.text, self.children)
        paths: dict[tuple[int, str], int] = {}
        for count, element in enumerate(root.iter(etree.Element)):
            if count >= MAX_ELEMENTS:
                break
            up = index.get(element.getparent(), -1)
            tag = element.tag
            index[element] = count
            nodes.append(element)
            parent.append(up)
            children.append([])
            step = (path[up] if up >= 0 else -1, tag)
            pid = paths.get(step)
            if pid is None:
                pid = paths[step] = len(paths)
            path.append(pid)
            if up < 0:
                self.position.append(0)
            hide = (up >= 0 and hidden[up]) or tag in INVISIBLE_TAGS or hidden_by_attributes(element)
            hidden.append(hide)
            own = element.text
            text.append(len(own.strip()) if own else 0)
            if up >= 0:
                self.position.append(len(children[up]))
                children[up].append(count)
                tail = element.tail
                if tail:
                    text[up] += len(tail.strip())
            if tag == "a":
                key = link_key(element.get("href"))
                if key is not None:
                    self.key[count] = key

    def _second_pass(self) -> None:
        size = len(self.nodes)
        parent, hidden, text, nodes = self.parent, self.hidden, self.text, self.nodes
        self.link_text = link_text = [0] * size
        self.links = links = [0] * size
        self.heading = heading = [0] * size
        self.best = best = [-1] * size
        best_len = [-1.0] * size
        for i in range(size - 1, -1, -1):
            if hidden[i]:
                continue
            if nodes[i].tag in HEADINGS and text[i]:
                heading[i] += 1
            if i in self.key:
                length = self._link_score(i)
                if text[i]:
                    links[i] += 1
                    link_text[i] = text[i]
                if length > best_len[i]:
                    best[i], best_len[i] = i, length
            up = parent[i]
            if up < 0:
                continue
            text[up] += text[i]
            link_text[up] += link_text[i]
            links[up] += links[i]
            heading[up] += heading[i]
            if best_len[i] > best_len[up]:
                best[up], best_len[up] = best[i], best_len[i]

    def _link_score(self, i: int) -> float:
        """Text length of a link; read-more labels and image-only links rank last."""
        length = self.text[i]
        if length == 0:
            return 0.0
        if length <= _READ_MORE_MAX:
            words = " ".join("".join(self.nodes[i].itertext()).split())
            if is_read_more(words):
                return 0.5
        return float(length)

    def text_of_link_ok(self, i: int) -> bool:
        """True when element `i`'s main link has visible text that is not read-more."""
        link = self.best[i]
        return link >= 0 and self.text[link] > 0 and self._link_score(link) > 0.5
