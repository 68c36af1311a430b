"""The demo outlets' HTML: a home page (a listing with teasers, "Read more" links and feed
autodiscovery), one page per article, and an index of the outlets at "/".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from html import escape

from newsdesk.demo.content import DemoItem, OutletContent
from newsdesk.demo.feeds import item_html
from newsdesk.demo.jalali import persian_date

LISTING_TEASER_WORDS = 40
STYLESHEET = "/static/demo.css"
FOOTER = "A demo site bundled with newsdesk. Its outlets, people and events are invented."
_LABELS = {  # language → (read more, by, more from)
    "en": ("Read more", "By", "More from"),
    "de": ("Weiterlesen", "Von", "Mehr aus der"),
    "fa": ("ادامه مطلب", "نویسنده:", "دیگر خبرهای"),
}
_GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)  # fmt: skip


def render_home(outlet: OutletContent, home: str) -> bytes:
    read_more = _labels(outlet)[0]
    teasers = [
        f'<article class="teaser">\n<h2><a href="articles/{escape(item.id)}.html">'
        f"{escape(item.title)}</a></h2>\n{_meta_line(outlet, item)}\n"
        f"<p>{escape(listing_teaser(item.summary))}</p>\n"
        f'<a class="more" href="articles/{escape(item.id)}.html">{read_more}</a>\n</article>'
        for item in outlet.items
    ]
    body = '<main class="listing">\n' + "\n".join(teasers) + "\n</main>"
    return _page(outlet, home, outlet.name, head_extra="", body=body)


def render_article(outlet: OutletContent, item: DemoItem, home: str) -> bytes:
    url = f"{home}articles/{item.id}.html"
    published = item.published_at.astimezone(UTC).isoformat()
    head = "\n".join([
        f'<meta name="description" content="{escape(item.summary)}">',
        f'<meta name="author" content="{escape(item.author)}">',
        '<meta property="og:type" content="article">',
        f'<meta property="og:title" content="{escape(item.title)}">',
        f'<meta property="og:site_name" content="{escape(outlet.name)}">',
        f'<meta property="og:url" content="{escape(url)}">',
        f'<meta property="article:published_time" content="{published}">',
        f'<link rel="canonical" href="{escape(url)}">',
    ])  # fmt: skip
    others = [other for other in outlet.items if other.id != item.id][:3]
    _, _, more_from = _labels(outlet)
    links = "".join(f'<li><a href="{escape(o.id)}.html">{escape(o.title)}</a></li>' for o in others)
    body = (
        f"<main>\n<article>\n<h1>{escape(item.title)}</h1>\n{_meta_line(outlet, item)}\n"
        f"{item_html(item)}\n</article>\n<aside>\n<h2>{more_from} {escape(outlet.name)}</h2>\n"
        f"<ul>{links}</ul>\n</aside>\n</main>"
    )
    return _page(outlet, home, f"{item.title} — {outlet.name}", head_extra=head, body=body)


def render_index(outlets: Sequence[tuple[OutletContent, str]]) -> bytes:
    """The page at "/": each outlet with its home page and feed."""
    rows = "\n".join(
        f'<li><a href="{escape(home)}">{escape(o.name)}</a> — {escape(o.tagline)} '
        f'(<a href="{escape(home + o.format.file_name)}">{o.format.value} feed</a>, '
        f"{len(o.items)} items, language {escape(o.language)})</li>"
        for o, home in outlets
    )
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<title>newsdesk demo sites</title>\n<link rel="stylesheet" href="{STYLESHEET}">\n'
        f"</head>\n<body>\n<main>\n<h1>newsdesk demo sites</h1>\n<ul>\n{rows}\n</ul>\n</main>\n"
        f"<footer>{FOOTER}</footer>\n</body>\n</html>\n"
    ).encode()


def listing_teaser(text: str, words: int = LISTING_TEASER_WORDS) -> str:
    """The first `words` words, ending in "…" when cut (as the seed listing does)."""
    parts = text.split()
    if len(parts) <= words:
        return text
    return " ".join(parts[:words]) + " …"


def display_date(language: str, moment: datetime) -> str:
    primary = language.split("-")[0]
    if primary == "fa":
        return persian_date(moment)
    utc = moment.astimezone(UTC)
    if primary == "de":
        return f"{utc.day}. {_GERMAN_MONTHS[utc.month - 1]} {utc.year}, {utc:%H:%M} Uhr"
    return f"{utc:%A} {utc.day} {utc:%B %Y, %H:%M}"


def _meta_line(outlet: OutletContent, item: DemoItem) -> str:
    by = _labels(outlet)[1]
    stamp = item.published_at.astimezone(UTC).isoformat()
    return (
        f'<p class="byline">{by} <span class="author">{escape(item.author)}</span> · '
        f'<time datetime="{stamp}">{escape(display_date(outlet.language, item.published_at))}'
        "</time></p>"
    )


def _page(outlet: OutletContent, home: str, title: str, *, head_extra: str, body: str) -> bytes:
    direction = "rtl" if outlet.right_to_left else "ltr"
    feed_url = home + outlet.format.file_name
    head = (
        f'<meta charset="utf-8">\n<meta name="viewport" content="width=device-width">\n'
        f"<title>{escape(title)}</title>\n"
        f'<link rel="alternate" type="{outlet.format.media_type}" title="{escape(outlet.name)}" '
        f'href="{escape(feed_url)}">\n<link rel="stylesheet" href="{STYLESHEET}">\n{head_extra}'
    )
    masthead = (
        f'<header class="masthead">\n<a class="title" href="{escape(home)}">'
        f"{escape(outlet.name)}</a>\n<p>{escape(outlet.tagline)}</p>\n</header>"
    )
    html = (
        f'<!doctype html>\n<html lang="{escape(outlet.language)}" dir="{direction}">\n'
        f"<head>\n{head}\n</head>\n<body>\n{masthead}\n{body}\n"
        f"<footer>{FOOTER}</footer>\n</body>\n</html>\n"
    )
    return html.encode("utf-8")


def _labels(outlet: OutletContent) -> tuple[str, str, str]:
    return _LABELS.get(outlet.language.split("-")[0], _LABELS["en"])
