"""Feed and article HTML made safe to publish, and HTML turned into plain text.

`sanitize_html` is the only way HTML from outside reaches a page. Order of work:

1. cap the input (`max_input_chars`), because everything after costs time per character,
   and remove the characters `text.clean_text` removes (NUL, other controls, surrogates);
2. `markup.balance()`: a linear pass that bounds nesting depth, drops the elements nh3
   would drop with their content, keeps only allow-listed attributes and drops images that
   are tracking pixels (width and height 0 or 1) or have a `src` that is not http(s);
   see markup.py for why nh3 needs this (its parser is quadratic on some shapes);
3. nh3 (ammonia) with an explicit allow-list: the only safety gate. No script, style,
   event handler, `style` attribute, form, iframe, object, SVG or MathML; `href` only
   http, https, mailto; `src` only http, https; relative URLs resolved against
   `base_url` (and dropped when there is none, so that `/admin/...` can never point at
   this site); every link gets `rel="noopener noreferrer nofollow"`.
"""

from __future__ import annotations

import functools
import html as htmllib
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import nh3

from newsdesk.normalize import markup
from newsdesk.normalize.text import clean_text, collapse_ws

MAX_DEPTH = 512
ALLOWED_TAGS = frozenset(
    {
        "p", "br", "a", "em", "strong", "b", "i", "u", "blockquote", "q", "cite", "ul", "ol",
        "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "code", "figure", "figcaption", "img",
        "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "hr", "sub", "sup",
        "small", "abbr", "time", "span", "div", "dl", "dt", "dd",
    }
)
ALLOWED_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "a": frozenset({"href", "title"}),
    "img": frozenset({"src", "alt", "title", "width", "height"}),
    "td": frozenset({"colspan", "rowspan"}),
    "th": frozenset({"colspan", "rowspan"}),
    "time": frozenset({"datetime"}),
    "abbr": frozenset({"title"}),
    "*": frozenset({"lang", "dir"}),
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
LINK_REL = "noopener noreferrer nofollow"
# Sectioning and form containers keep their block structure as a plain <div>.
RENAMES: Mapping[str, str] = {
    name: "div"
    for name in {
        "address", "article", "aside", "center", "details", "dialog", "dir", "fieldset", "footer",
        "form", "header", "hgroup", "main", "menu", "nav", "search", "section", "summary",
    }
}
# Belt and braces: markup.balance() already removed these with their content.
_CLEAN_CONTENT = frozenset(markup.SKIPPED | {"plaintext", "noscript"})
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_URL_JUNK = re.compile(r"[\t\n\r]")
_PIXEL_SIZES = frozenset({"0", "1", "0px", "1px"})
_C0_AND_SPACE = "".join(map(chr, range(0x21)))  # what URL parsers strip from both ends

_BLOCKS = frozenset(RENAMES) | frozenset(
    {
        "p", "div", "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "h1", "h2", "h3", "h4",
        "h5", "h6", "pre", "figure", "figcaption", "table", "caption", "thead", "tbody", "tfoot",
        "tr", "hr", "body", "html",
    }
)
_CELLS = frozenset({"td", "th"})


def sanitize_html(html: str, base_url: str | None = None, max_input_chars: int = 2_000_000) -> str:
    """Publishable HTML from untrusted `html` (see the module docstring for the rules)."""
    html = clean_text(html[:max_input_chars]) or ""
    base = _http_base(base_url)
    balanced = markup.balance(
        html,
        tags=ALLOWED_TAGS,
        renames=RENAMES,
        allowed_attributes=ALLOWED_ATTRIBUTES,
        keep=functools.partial(_keep, has_base=base is not None),
        max_depth=MAX_DEPTH,
    )
    return _cleaner(base).clean(balanced)


def html_to_text(html: str) -> str:
    """The visible text of `html`: one paragraph per block element, separated by a blank
    line; `<br>` starts a new line; table cells are separated by a space; entities decoded,
    whitespace collapsed within each line; script, style, noscript and comments left out."""
    paragraphs: list[str] = []
    lines: list[str] = []
    parts: list[str] = []

    def end_line() -> None:
        line = collapse_ws(htmllib.unescape("".join(parts)))
        parts.clear()
        if line:
            lines.append(line)

    def end_paragraph() -> None:
        end_line()
        if lines:
            paragraphs.append("\n".join(lines))
            lines.clear()

    hidden = 0  # inside <noscript>: text meant for browsers without scripts
    for kind, value, _raw in markup.tokens(html):
        if kind == markup.TEXT:
            if not hidden:
                parts.append(value)
        elif value == "noscript":
            hidden = hidden + 1 if kind == markup.START else max(0, hidden - 1)
        elif value in _BLOCKS:
            end_paragraph()
        elif value == "br":
            end_line()
        elif value in _CELLS:
            parts.append(" ")
    end_paragraph()
    return clean_text("\n\n".join(paragraphs)) or ""


def _http_base(base_url: str | None) -> str | None:
    if not base_url:
        return None
    try:
        parts = urlsplit(base_url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return base_url.strip()


def _keep(name: str, attrs: Mapping[str, str], *, has_base: bool) -> bool:
    """Refuse images nh3 would leave behind without a picture, and tracking pixels."""
    if name != "img":
        return True
    src = _URL_JUNK.sub("", htmllib.unescape(attrs.get("src", ""))).strip(_C0_AND_SPACE)
    if not src:
        return False
    scheme = _SCHEME.match(src)
    if scheme is None:
        if not has_base:
            return False
    elif scheme.group(1).lower() not in ("http", "https"):
        return False
    width = htmllib.unescape(attrs.get("width", "")).strip().lower()
    height = htmllib.unescape(attrs.get("height", "")).strip().lower()
    return not (width in _PIXEL_SIZES and height in _PIXEL_SIZES)


@functools.lru_cache(maxsize=32)
def _cleaner(base_url: str | None) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(_CLEAN_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
    )
