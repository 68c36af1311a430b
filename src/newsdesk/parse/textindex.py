"""Text of many parts of one block with one walk: `TextIndex` (used by the item read-out).

The read-out asks, per item block, for the text of the block, its heading, each link and
its date element, with parts left out, and looks through its elements for ad and date class
names; `TextIndex` answers all of that from one walk of the block (see the class)."""

from __future__ import annotations

import re
from collections.abc import Collection
from typing import Protocol, TypeAlias

from newsdesk.parse.blocks import (
    _BOUNDARY,
    BLOCK_TAGS,
    Element,
    _class_and_id,
    _split_chunks,
    is_hidden,
    iter_elements,
)

__all__ = ["Numbered", "TextIndex"]


def _any_word(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(word) for word in words), re.I)


def _holding(joined: str, words: tuple[str, ...]) -> list[int]:
    """The numbers of the NUL-separated parts of `joined` in which one of `words` occurs,
    case ignored. After a find, the search goes on from the next part; the parts passed are
    counted from the last find on, so that many finds stay linear."""
    found: set[int] = set()
    if joined.isascii():  # re.IGNORECASE and lower() agree on ASCII
        lowered = joined.lower()
        for word in words:
            part = counted = 0  # NULs before `counted`: `part`
            position = lowered.find(word)
            while position >= 0:
                part += lowered.count("\0", counted, position)
                found.add(part)
                counted = lowered.find("\0", position)
                if counted < 0:
                    break
                position = lowered.find(word, counted)
        return sorted(found)
    pattern = _any_word(words)
    part = counted = 0
    match = pattern.search(joined)
    while match is not None:
        part += joined.count("\0", counted, match.start())
        found.add(part)
        counted = joined.find("\0", match.start())
        match = None if counted < 0 else pattern.search(joined, counted)
    return sorted(found)


_Spot: TypeAlias = tuple[list[str], int, int, int]  # stream, start, end, depth


class Numbered(Protocol):
    """The page's elements in document order and, by number, what `TextIndex` reads of them
    (`pagestats.PageStats` has them)."""

    nodes: list[Element]
    index: dict[Element, int]
    tags: list[str]
    hidden: list[bool]  # inherited: the element or an ancestor is hidden
    classes: list[str | None]
    children: list[list[int]]
    texts: list[str | None]  # element.text
    tails: list[str | None]  # element.tail


class _Unnumbered(Exception):
    """A subtree holds nodes that are not numbered elements."""


class TextIndex:
    """`chunks` and `visible_text` that walk each subtree once, and class-name scans done
    per block in one go. The item read-out asks for the text of a block, of its heading,
    of each of its links and of its date element, with parts left out, and looks through
    every element of the block for ad and date class names; doing that per question, with
    an `is_hidden` call per element, was most of its time.

    A subtree is walked into a stream of text pieces and block boundaries (NUL), and every
    element it reaches is given its slice of the stream; leaving a descendant out is cutting
    its slice. With the page's numbers (`Numbered`) the walk reads the numbered lists, not
    the tree: below a visible element a child's inherited hidden flag is its own one, and
    the descendants of element `i` are the numbers after `i` up to its last descendant.
    Without them, for an element whose flag says hidden (whose text is still read, as
    `chunks` reads it) or for a subtree past the element cap, the tree is walked and
    `is_hidden` decides, as `chunks` does."""

    def __init__(self, numbers: Numbered | None = None) -> None:
        self._numbers = numbers
        self._index: dict[Element, int] = numbers.index if numbers is not None else {}
        self._where: dict[Element, _Spot] = {}
        self._plain: dict[Element, list[str]] = {}
        self._ends: dict[int, int | None] = {}

    def with_class(self, block: Element, words: tuple[str, ...],
                   with_id: bool = False) -> list[Element]:
        """The descendants of `block` (not `block` itself), in document order, whose class
        attribute (followed by the id when `with_id`) holds one of the lower-case `words`,
        ignoring case as `re.IGNORECASE` does. The descendants' class names are searched
        joined by NUL (which no attribute holds), and when they are ASCII, lower-cased and
        with `str.find`: a case-insensitive regular expression costs ≈ 50 ns a character,
        and class names are a third of a modern page."""
        number = self._index.get(block)
        end = None if number is None else self._subtree_end(number)
        if self._numbers is None or number is None or end is None:
            pattern = _any_word(words)
            return [element for element in iter_elements(block) if element is not block
                    and pattern.search(_class_and_id(element, with_id))]
        nodes = self._numbers.nodes[number + 1:end + 1]
        names = [name or "" for name in self._numbers.classes[number + 1:end + 1]]
        if with_id:
            names = [name + (element.get("id") or "")
                     for name, element in zip(names, nodes, strict=True)]
        return [nodes[which] for which in _holding("\0".join(names), words)]

    def _subtree_end(self, number: int) -> int | None:
        """The number of the last descendant of element `number` (itself when it has no
        element children), None when that one is beyond the numbered elements."""
        if number in self._ends:
            return self._ends[number]
        assert self._numbers is not None
        element = self._numbers.nodes[number]
        while True:
            last = next((child for child in reversed(element) if isinstance(child.tag, str)),
                        None)
            if last is None:
                end = self._ends[number] = self._index.get(element)
                return end
            element = last

    def chunks(self, element: Element, skip: Collection[Element] = ()) -> list[str]:
        """Same as `chunks(element, skip)`."""
        if not skip:
            found = self._plain.get(element)
            if found is None:
                found = self._plain[element] = self._chunks(element, ())
            return list(found)
        return self._chunks(element, skip)

    def visible_text(self, element: Element, skip: Collection[Element] = ()) -> str:
        """Same as `visible_text(element, skip)`."""
        return " ".join(self.chunks(element, skip))

    def hidden_in(self, element: Element, block: Element) -> bool:
        """True when `element` or an ancestor up to `block` is hidden. Below a block whose
        inherited flag says visible, that is the element's inherited flag."""
        up, number = self._index.get(block), self._index.get(element)
        if self._numbers is not None and up is not None and number is not None \
                and not self._numbers.hidden[up]:
            return self._numbers.hidden[number]
        node: Element | None = element
        while node is not None:
            if is_hidden(node):
                return True
            if node is block:
                return False
            node = node.getparent()
        return False

    def _chunks(self, element: Element, skip: Collection[Element]) -> list[str]:
        spot = self._where.get(element)
        if spot is None:
            self._walk_from(element)
            spot = self._where[element]
        stream, start, end, depth = spot
        cuts = []
        for other in skip:
            inner = self._where.get(other)
            # a descendant reached by this walk: same stream, inside the slice, deeper
            if inner is not None and inner[0] is stream and inner[3] > depth \
                    and start <= inner[1] and inner[2] <= end:
                cuts.append((inner[1], inner[2]))
        if cuts:
            kept: list[str] = []
            position = start
            for cut_start, cut_end in sorted(cuts):  # nested cuts: the outer one counts
                if cut_start > position:
                    kept += stream[position:cut_start]
                position = max(position, cut_end)
            kept += stream[position:end]
            text = "".join(kept)
        else:
            text = "".join(stream[start:end])
        return _split_chunks(text)

    def _walk_from(self, root: Element) -> None:
        number = self._index.get(root)
        stream: list[str] = []
        if self._numbers is not None and number is not None and not self._numbers.hidden[number]:
            where: dict[Element, _Spot] = {}
            try:
                self._walk_numbers(number, stream, where)
            except _Unnumbered:
                stream = []
            else:
                self._where.update(where)
                return
        self._walk(root, stream, 0)

    def _walk_numbers(self, root: int, stream: list[str], where: dict[Element, _Spot]) -> None:
        """The walk over a visible element's numbers (see the class docstring)."""
        numbers = self._numbers
        assert numbers is not None
        nodes, children, tags, texts = numbers.nodes, numbers.children, numbers.tags, numbers.texts
        hidden, tails, append = numbers.hidden, numbers.tails, stream.append

        def walk(number: int, depth: int) -> None:
            element, kids = nodes[number], children[number]
            if len(element) != len(kids):  # a child past the cap, or not an element
                raise _Unnumbered
            start = len(stream)
            block = tags[number] in BLOCK_TAGS
            if block:
                append(_BOUNDARY)
            text = texts[number]
            if text:
                append(text)
            for kid in kids:
                if not block and tags[kid] == "br":
                    append(" ")  # a line break inside inline text
                elif not hidden[kid]:
                    walk(kid, depth + 1)
                tail = tails[kid]
                if tail:
                    append(tail)
            if block:
                append(_BOUNDARY)
            where[element] = (stream, start, len(stream), depth)

        walk(root, 0)

    def _walk(self, element: Element, stream: list[str], depth: int) -> None:
        """The walk over the tree, as `chunks` does it."""
        start = len(stream)
        block = element.tag in BLOCK_TAGS
        if block:
            stream.append(_BOUNDARY)
        if element.text:
            stream.append(element.text)
        for child in element:
            if not block and child.tag == "br":
                stream.append(" ")  # a line break inside inline text
            elif isinstance(child.tag, str) and not is_hidden(child):
                self._walk(child, stream, depth + 1)
            if child.tail:
                stream.append(child.tail)
        if block:
            stream.append(_BOUNDARY)
        self._where[element] = (stream, start, len(stream), depth)
