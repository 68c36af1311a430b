"""A linear-time HTML tokenizer and the tag balancer that runs before nh3.

nh3's parser (html5ever) is slow on some inputs: its cost is quadratic in nesting depth
(50,000 nested `<div>` take 3-5 s), in the number of attributes of one tag, and in the
number of character references inside one text node; and unclosed formatting elements
(`<b id=1>...<b id=500>` before `</p>`) are re-opened in every following paragraph, so a
37 KB input became 14 MB of output. `balance()` rewrites the input into markup that has
none of those shapes, in one pass that never looks back more than a constant:

* every element it keeps is closed explicitly and in order, so nothing stays open to be
  re-opened; nesting deeper than `max_depth` is flattened (the tags go, the text stays);
* elements whose content nh3 would drop anyway (script, style, svg, math, iframe, ...)
  are removed with their content, and so are comments;
* only allow-listed attributes are copied, each at most 8 KiB, re-quoted;
* a `<` in text that could open markup is written as `&lt;`, so nh3 sees exactly the
  tags this module saw;
* long text runs with many `&` are split by an empty `<wbr>` that nh3 then strips.

The output is NOT safe to publish: it is input for nh3, which remains the only gate for
safety. This module only decides what nh3 is asked to parse.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping

TEXT, START, END = 0, 1, 2
Token = tuple[int, str, str]  # (kind, text or tag name, raw attributes)

# An attribute value after `=`: quoted (a quote left open runs to the end of the input, as in
# browsers, so the tag fails to match), unquoted, or missing right before `>`.
_VALUE = r"(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >\"'][^\t\n\f\r >]*+|(?=>))"
_ATTRS = (
    r"(?:[\t\n\f\r /]++|[^\t\n\f\r />][^\t\n\f\r />=]*+"
    r"(?>(?=[\t\n\f\r ]*+=)[\t\n\f\r ]*+=[\t\n\f\r ]*+" + _VALUE + r"|(?![\t\n\f\r ]*+=)))*+"
)
_TAG = re.compile(r"<(/?)([A-Za-z][^\t\n\f\r />]*+)(" + _ATTRS + ")>")
# The next markup at a `<`: a tag, a comment, a bogus comment (`<!x>`, `<?x>`, `</ 3>`), or a
# tag cut off by the end of the input ("eof"). Any other `<` is text.
_MARKUP = re.compile(
    r"<(?:(?P<slash>/?)(?P<name>[A-Za-z][^\t\n\f\r />]*+)(?P<attrs>" + _ATTRS + ")>"
    r"|[!?/]|(?P<eof>[A-Za-z]))"
)
_ATTR = re.compile(
    r"([^\t\n\f\r />][^\t\n\f\r />=]*+)(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(" + _VALUE + "))?+"
)
# A `<` in text that the HTML parser would read as markup once the text around a dropped
# tag is joined (`<<x>script>`): written as `&lt;`.
_OPENS_MARKUP = re.compile(r"<(?=[A-Za-z!/?])")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")

# Removed with everything inside, up to the first matching end tag (raw-text elements,
# foreign content, fallback content nobody should see in a news item). `noscript` is not
# among them: its content is parsed as markup (lazy-loading sites put the real <img> there)
# and its tags are dropped like any tag outside the allow-list.
SKIPPED = frozenset(
    {
        "script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title",
        "template", "svg", "math", "select", "object", "applet", "audio", "video",
    }
)
VOID = frozenset(
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img",
        "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    }
)
_CLOSES_P = frozenset(
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div",
        "dl", "fieldset", "figcaption", "figure", "footer", "form", "header", "hgroup", "hr",
        "main", "menu", "nav", "ol", "p", "pre", "search", "section", "summary", "table", "ul",
        "li", "dd", "dt", "h1", "h2", "h3", "h4", "h5", "h6",
    }
)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_SCOPE = ("table", "td", "th", "caption")
_LIST_SCOPE = (*_SCOPE, "ul", "ol")
_TABLE_SCOPE = ("table",)
_TABLE_PARTS = frozenset(["table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption"])
MAX_ATTR_CHARS = 8192
_TEXT_SPLIT = 2048  # chars between two `<wbr>` in a long text run with `&`


def tokens(html: str) -> Iterator[Token]:
    """Text runs, start tags and end tags, in document order; comments, doctypes and the
    SKIPPED elements are left out. Linear in len(html): no position is scanned twice."""
    pos, n = 0, len(html)
    search = _MARKUP.search
    while pos < n:
        m = search(html, pos)
        if m is None:
            yield (TEXT, html[pos:], "")
            return
        if m.start() > pos:
            yield (TEXT, html[pos : m.start()], "")
        name = m.group("name")
        if name is None:
            if m.group("eof"):
                return  # end of input inside a tag: browsers drop the rest too
            pos = _comment_end(html, m.start())
            continue
        pos = m.end()
        if not name.islower():
            name = name.translate(_ASCII_LOWER)
        if m.group("slash"):
            yield (END, name, "")
        elif name in SKIPPED:
            pos = _skip_element(html, name, pos)
        elif name == "plaintext":
            return
        else:
            yield (START, name, m.group("attrs"))


def attributes(raw: str) -> Iterator[tuple[str, str]]:
    """(lower-case name, raw value without quotes) pairs of a tag's attribute text."""
    for m in _ATTR.finditer(raw):
        value = m.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        yield m.group(1).translate(_ASCII_LOWER), value


def _comment_end(html: str, lt: int) -> int:
    """Position after a comment, or after a bogus comment (`<!doctype>`, `<?x>`, `</ 3>`)."""
    if html.startswith("<!--", lt):
        if html.startswith("<!-->", lt):
            return lt + 5
        if html.startswith("<!--->", lt):
            return lt + 6
        end = html.find("-->", lt + 4)
        return len(html) if end < 0 else end + 3
    end = html.find(">", lt + 1)
    return len(html) if end < 0 else end + 1


@functools.lru_cache(maxsize=64)
def _end_tag(name: str) -> re.Pattern[str]:
    return re.compile(rf"</{re.escape(name)}(?=[\t\n\f\r />])", re.IGNORECASE | re.ASCII)


def _skip_element(html: str, name: str, pos: int) -> int:
    m = _end_tag(name).search(html, pos)
    if m is None:
        return len(html)
    end = _TAG.match(html, m.start())
    return len(html) if end is None else end.end()


Keep = Callable[[str, Mapping[str, str]], bool]


def balance(
    html: str,
    *,
    tags: frozenset[str],
    renames: Mapping[str, str],
    allowed_attributes: Mapping[str, frozenset[str]],
    keep: Keep,
    max_depth: int,
) -> str:
    """`html` re-written as explicitly balanced markup of the elements in `tags` (after
    `renames`, e.g. section -> div), nested at most `max_depth` deep. Other elements lose
    their tags but keep their text; `keep(name, attrs)` may refuse a kept element outright
    (attrs are raw values, entities not decoded)."""
    b = _Balancer(max_depth)
    for kind, value, raw in tokens(html):
        if kind == TEXT:
            b.pending.append(value)
            continue
        name = renames.get(value, value)
        if name not in tags:
            continue
        if kind == END:
            b.close(name)
            continue
        if len(b.stack) >= max_depth and name not in VOID:
            continue  # flattened: the tag goes, its text stays
        attrs = _allowed(name, raw, allowed_attributes)
        if keep(name, attrs):
            b.open(name, attrs)
    return b.finish()


def _allowed(name: str, raw: str, allowed: Mapping[str, frozenset[str]]) -> dict[str, str]:
    attrs: dict[str, str] = {}
    if not raw:
        return attrs
    names = allowed.get(name, frozenset()) | allowed.get("*", frozenset())
    for key, value in attributes(raw):
        if key in names and key not in attrs and len(value) <= MAX_ATTR_CHARS:
            attrs[key] = value
    return attrs


class _Balancer:
    """The open-element stack; `at[name]` holds the stack indices of `name` so that each
    scope test is O(1) and each element is pushed and popped once."""

    def __init__(self, max_depth: int) -> None:
        self.max_depth = max_depth
        self.stack: list[str] = []
        self.at: dict[str, list[int]] = {}
        self.out: list[str] = []
        self.pending: list[str] = []

    def open(self, name: str, attrs: Mapping[str, str]) -> None:
        if name not in VOID and len(self.stack) >= self.max_depth:
            return
        self._implied_ends(name)
        if self.pending:
            self._flush()
        if attrs:
            quoted = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in attrs.items())
            self.out.append(f"<{name}{quoted}>")
        else:
            self.out.append(f"<{name}>")
        if name not in VOID:
            self.at.setdefault(name, []).append(len(self.stack))
            self.stack.append(name)

    def close(self, name: str) -> None:
        if name in _HEADINGS:
            index = max(self._in_scope(h, _SCOPE) for h in _HEADINGS)
        else:
            index = self._in_scope(name, _TABLE_SCOPE if name in _TABLE_PARTS else _SCOPE)
        if index >= 0:
            self._pop_to(index)

    def finish(self) -> str:
        self._pop_to(0)
        if self.pending:
            self._flush()
        return "".join(self.out)

    def _implied_ends(self, name: str) -> None:
        """Close what the HTML parser would close implicitly, so it has nothing to redo."""
        if name in _CLOSES_P:
            self._close_in_scope(("p",), (*_SCOPE, "button"))
        if name == "li":
            self._close_in_scope(("li",), _LIST_SCOPE)
        elif name in ("dd", "dt"):
            self._close_in_scope(("dd", "dt"), (*_SCOPE, "dl"))
        elif name in _HEADINGS and self.stack and self.stack[-1] in _HEADINGS:
            self._pop_to(len(self.stack) - 1)
        elif name == "a":
            self._close_in_scope(("a",), _SCOPE)
        elif name in ("td", "th"):
            self._close_in_scope(("td", "th"), _TABLE_SCOPE)
        elif name == "tr":
            self._close_in_scope(("tr",), _TABLE_SCOPE)
        elif name in ("thead", "tbody", "tfoot"):
            self._close_in_scope(("thead", "tbody", "tfoot"), _TABLE_SCOPE)

    def _close_in_scope(self, names: tuple[str, ...], barriers: tuple[str, ...]) -> None:
        index = max(self._in_scope(n, barriers) for n in names)
        if index >= 0:
            self._pop_to(index)

    def _in_scope(self, name: str, barriers: tuple[str, ...]) -> int:
        """Stack index of the innermost `name` not hidden behind a barrier, else -1."""
        found = self.at.get(name)
        if not found:
            return -1
        index = found[-1]
        for barrier in barriers:
            seen = self.at.get(barrier)
            if seen and seen[-1] > index:
                return -1
        return index

    def _pop_to(self, index: int) -> None:
        if self.pending:
            self._flush()
        while len(self.stack) > index:
            name = self.stack.pop()
            self.at[name].pop()
            self.out.append(f"</{name}>")

    def _flush(self) -> None:
        run = self.pending[0] if len(self.pending) == 1 else "".join(self.pending)
        self.pending.clear()
        if "<" in run:
            run = _OPENS_MARKUP.sub("&lt;", run)
        if len(run) > 2 * _TEXT_SPLIT and "&" in run:
            run = _split_run(run)
        self.out.append(run)


def _split_run(run: str) -> str:
    """Put `<wbr>` before an `&` every ~2 KiB: html5ever's cost for character references
    grows with the length of the text node they land in."""
    parts: list[str] = []
    pos = 0
    while len(run) - pos > _TEXT_SPLIT:
        cut = run.find("&", pos + _TEXT_SPLIT)
        if cut < 0:
            break
        parts.append(run[pos:cut])
        pos = cut
    parts.append(run[pos:])
    return "<wbr>".join(parts)
