"""The "next / older" page of a listing, for the backfill of a listing source's first fetch.

In order of trust: `<link rel="next">` in the head; an `<a rel="next">`; a link whose
visible text or title is a "next/older" label in one of the languages we read (or an
arrow, inside a pagination block); a link whose class says next. A link to the page
itself (fragments aside), or to something that is not http(s), never counts; `<base href>`
is honoured.
"""

from __future__ import annotations

import re
from typing import Any

from lxml import html as lxml_html

from newsdesk.parse.links import http_url

__all__ = ["next_page_url"]

_NEXT_LABELS = re.compile(
    r"^(?:next|next page|older|older posts|older entries|older articles|more stories|"
    r"load more|more news|page suivante|suivant|suivante|articles plus anciens|"
    r"nächste seite|nächste|weiter|ältere beiträge|ältere artikel|"
    r"siguiente|página siguiente|entradas anteriores|successivo|pagina successiva|"
    r"articoli precedenti|следующая|следующая страница|далее|sonraki|sonraki sayfa|"
    r"بعدی|صفحه بعد|صفحه بعدی|قدیمی‌تر|مطالب قدیمی‌تر|التالي|الصفحة التالية|الأقدم)"
    r"\s*(?:[»›→>]+)?$",
    re.I,
)
_ARROWS = frozenset({"»", "›", "→", ">", ">>", "»»", "←"})
_PAGER_CLASS = re.compile(r"pag(?:e|er|ination|ing)|nav-links|page-numbers", re.I)
_NEXT_CLASS = re.compile(r"(?:^|[\s_-])(?:next|older)(?:$|[\s_-])", re.I)


def next_page_url(tree: lxml_html.HtmlElement, page_url: str, base_url: str | None = None) -> str | None:
    """The absolute URL of the next (older) page of the listing at `page_url`, or None."""
    base = base_url or _base_href(tree, page_url)
    here = _plain(page_url)
    for el in tree.iter("link"):
        if "next" in (el.get("rel") or "").lower().split():
            found = _usable(el.get("href"), base, here)
            if found:
                return found
    anchors = list(tree.iter("a"))
    for test in (_rel_next, _labelled_next, _classed_next):
        for a in anchors:
            if test(a):
                found = _usable(a.get("href"), base, here)
                if found:
                    return found
    return None


def _base_href(tree: lxml_html.HtmlElement, page_url: str) -> str:
    for el in tree.iter("base"):
        found = http_url(el.get("href"), page_url)
        if found:
            return found
    return page_url


def _usable(href: str | None, base: str, here: str) -> str | None:
    found = http_url(href, base)
    if found is None or _plain(found) == here:
        return None
    return found


def _plain(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def _rel_next(a: Any) -> bool:
    return "next" in (a.get("rel") or "").lower().split()


def _labelled_next(a: Any) -> bool:
    label = " ".join((a.text_content() or "").split()) or (a.get("title") or a.get("aria-label") or "")
    label = label.strip()
    if _NEXT_LABELS.match(label):
        return True
    if label.strip("\u00a0 ") in _ARROWS and label != "←":
        return _in_pager(a)
    return False


def _classed_next(a: Any) -> bool:
    return bool(_NEXT_CLASS.search(a.get("class") or "")) and _in_pager(a)


def _in_pager(el: Any) -> bool:
    node = el
    for _ in range(4):
        if node is None:
            return False
        if _PAGER_CLASS.search(node.get("class") or "") or node.tag == "nav":
            return True
        node = node.getparent()
    return False
