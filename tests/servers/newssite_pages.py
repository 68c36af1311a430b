"""The loopback news site's ground truth (`Article`) and its pages, rendered as bytes.

Pure functions from articles to HTML/XML, so the server module (newssite.py) only keeps
state and routes. Markup differs on purpose between sections: WordPress-like article
cards on /news/, a table on /fa/ (RTL, Jalali dates in Persian digits), a `<dl>` on
/europe/. Dates shown on pages are calendar dates in the section's time zone (UTC, or
Tehran for Persian), and `Article.shown_date` is that date, so tests compare like with like.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from html import escape
from urllib.parse import quote

from tests.servers.newssite_corpus import SITE_NAME, SITE_NAME_FA

TEHRAN = timezone(timedelta(hours=3, minutes=30))
_PERSIAN_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
_MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
}
LABELS = {  # by, related, comments, leave a comment, tags, read more
    "en": ("By", "Related stories", "comments", "Leave a comment", "Tags", "Read more"),
    "fr": ("Par", "À lire aussi", "commentaires", "Laisser un commentaire", "Mots-clés",
           "Lire la suite"),
    "de": ("Von", "Mehr zum Thema", "Kommentare", "Kommentar schreiben", "Schlagworte",
           "Weiterlesen"),
    "fa": ("نویسنده:", "مطالب مرتبط", "نظر", "ارسال نظر", "برچسب‌ها", "ادامه مطلب"),
}
NEWS_PER_PAGE = 10


@dataclass(frozen=True)
class Article:
    """Ground truth for one page of the site, as a correct crawler/extractor should see it.

    `kind`: "article" (normal), "jsonld_only" (body only in JSON-LD), "paywalled" (only
    `paragraphs[0]` is visible), "pdf" (application/pdf at an article URL: no text),
    "private" (under /private/, disallowed by robots.txt, linked only from a sitemap).
    """

    slug: str
    url: str  # where listings link to it (percent-encoded when the slug is not ASCII)
    title: str
    teaser: str  # as shown on listing pages, ending in "…"
    author: str
    published: datetime  # UTC
    modified: datetime  # UTC
    language: str  # "en", "fr", "de", "fa"
    paragraphs: tuple[str, ...]  # the article text a correct extractor returns
    canonical: str
    kind: str = "article"
    tags: tuple[str, ...] = ()
    jsonld_body: bool = False  # JSON-LD carries articleBody

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def path(self) -> str:
        """`url` without scheme and host: what root-relative links say."""
        return "/" + self.url.split("://", 1)[1].split("/", 1)[1]

    @property
    def tz(self) -> timezone:
        return TEHRAN if self.language == "fa" else UTC

    @property
    def shown_date(self) -> date:
        """The calendar date printed on listing pages (section time zone)."""
        return self.published.astimezone(self.tz).date()


def make_teaser(paragraph: str, limit: int = 110) -> str:
    """Whole words of the first paragraph up to about `limit` characters, then "…" (always
    cut: a teaser that is the full paragraph would not end in an ellipsis honestly)."""
    words = paragraph.split()
    taken: list[str] = []
    for word in words[:-3]:
        taken.append(word)
        if len(" ".join(taken)) >= limit:
            break
    return " ".join(taken).rstrip(",;:.") + "…"


# -- dates -------------------------------------------------------------------------------------

def gregorian_to_jalali(gy: int, gm: int, gd: int) -> tuple[int, int, int]:
    """The Jalali (Solar Hijri) date of a Gregorian date: the arithmetic 33-year-cycle rule,
    written here independently of newsdesk's converter so the two can check each other."""
    days_before = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)
    gy2 = gy + 1 if gm > 2 else gy
    days = (355666 + 365 * gy + (gy2 + 3) // 4 - (gy2 + 99) // 100 + (gy2 + 399) // 400
            + gd + days_before[gm - 1])
    jy = -1595 + 33 * (days // 12053)
    days %= 12053
    jy += 4 * (days // 1461)
    days %= 1461
    if days > 365:
        jy += (days - 1) // 365
        days = (days - 1) % 365
    if days < 186:
        return jy, 1 + days // 31, 1 + days % 31
    return jy, 7 + (days - 186) // 30, 1 + (days - 186) % 30


def persian_digits(text: str) -> str:
    return text.translate(_PERSIAN_DIGITS)


def jalali_text(moment: datetime) -> str:
    """`۱۴۰۴/۱۱/۳۰ - ۰۸:۴۰` in Tehran time, as Persian agencies print it."""
    local = moment.astimezone(TEHRAN)
    jy, jm, jd = gregorian_to_jalali(local.year, local.month, local.day)
    return persian_digits(f"{jy}/{jm:02d}/{jd:02d} - {local:%H:%M}")


def date_text(day: date, language: str) -> str:
    month = _MONTHS.get(language, _MONTHS["en"])[day.month - 1]
    if language == "de":
        return f"{day.day}. {month} {day.year}"
    if language == "fr":
        return f"{day.day} {month} {day.year}"
    return f"{month} {day.day}, {day.year}"


def iso(moment: datetime, tz: timezone = UTC) -> str:
    return moment.astimezone(tz).isoformat(timespec="seconds")


def w3c(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# -- chrome ------------------------------------------------------------------------------------

def head(title: str, lang: str, extra: str = "") -> str:
    direction = ' dir="rtl"' if lang == "fa" else ""
    return (f'<!DOCTYPE html>\n<html lang="{lang}"{direction}>\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n"
            f'<link rel="stylesheet" href="/wp-content/themes/courier/style.css?ver=4.2">\n'
            f"{extra}</head>\n")


def masthead(lang: str) -> str:
    if lang == "fa":
        return ('<header class="site-header"><a class="logo" href="/fa/">' + SITE_NAME_FA
                + '</a><nav class="main-menu"><ul><li><a href="/fa/">صفحه اصلی</a></li>'
                '<li><a href="/fa/category/city/">شهری</a></li><li><a href="/fa/category/culture/">'
                'فرهنگی</a></li><li><a href="/news/">English</a></li></ul></nav></header>\n')
    return ('<header id="masthead" class="site-header"><p class="site-title"><a href="/">'
            + SITE_NAME + '</a></p><nav id="site-navigation" class="main-navigation"><ul>'
            '<li><a href="/">Home</a></li><li><a href="/news/">News</a></li>'
            '<li><a href="/europe/">Europe</a></li><li><a href="/fa/">فارسی</a></li>'
            '<li><a href="/about/">About us</a></li><li><a href="/contact/">Contact</a></li>'
            "</ul></nav></header>\n")


def footer(lang: str) -> str:
    if lang == "fa":
        return ('<footer class="site-footer"><ul><li><a href="/fa/about/">درباره ما</a></li>'
                '<li><a href="/fa/contact/">تماس با ما</a></li><li><a href="/fa/archive/">آرشیو</a>'
                "</li></ul><p>کلیه حقوق این سایت محفوظ است.</p></footer>\n</body>\n</html>\n")
    return ('<footer id="colophon" class="site-footer"><ul class="footer-links">'
            '<li><a href="/about/">About us</a></li><li><a href="/privacy/">Privacy</a></li>'
            '<li><a href="/imprint/">Imprint</a></li><li><a href="/subscribe/">Subscribe</a></li>'
            f"</ul><p>&copy; 2026 {SITE_NAME}. All stories on this site are fictional.</p>"
            "</footer>\n</body>\n</html>\n")


def most_read(items: Sequence[Article], lang: str) -> str:
    heading = "پربازدیدترین‌ها" if lang == "fa" else "Most read"
    links = "".join(f'<li><a href="{escape(a.path)}">{escape(a.title)}</a></li>' for a in items)
    return (f'<section class="widget widget_top_posts most-read"><h2 class="widget-title">'
            f"{heading}</h2><ol>{links}</ol></section>\n")


def _tag_cloud(articles: Sequence[Article], lang: str) -> str:
    tags = sorted({t for a in articles for t in a.tags})
    heading = "برچسب‌ها" if lang == "fa" else "Tags"
    prefix = "/fa/tag/" if lang == "fa" else "/tag/"
    links = " ".join(f'<a href="{prefix}{escape(t)}/" class="tag-cloud-link" '
                     f'style="font-size: {8 + len(t) % 9}pt;">{escape(t)}</a>' for t in tags)
    return (f'<section class="widget widget_tag_cloud"><h2 class="widget-title">{heading}</h2>'
            f'<div class="tagcloud">{links}</div></section>\n')


# -- listings ----------------------------------------------------------------------------------

def news_listing(items: Sequence[Article], page: int, pages: int, base: str,
                 sidebar: Sequence[Article]) -> bytes:
    """/news/ and /news/page/N/: WordPress-like cards, "Older posts" pagination."""
    path = "/news/" if page == 1 else f"/news/page/{page}/"
    links = f'<link rel="canonical" href="{base}{path}">\n'
    if page > 1:
        prev = "/news/" if page == 2 else f"/news/page/{page - 1}/"
        links += f'<link rel="prev" href="{base}{prev}">\n'
    if page < pages:
        links += f'<link rel="next" href="{base}/news/page/{page + 1}/">\n'
    title = "News – " + SITE_NAME + (f" – Page {page}" if page > 1 else "")
    cards = "".join(_news_card(a) for a in items)
    return (head(title, "en", links) + '<body class="archive category category-news">\n'
            '<div id="page" class="site">\n' + masthead("en")
            + '<main id="main" class="site-main">\n<header class="page-header">'
            '<h1 class="page-title">News</h1></header>\n' + cards + _news_pager(page, pages)
            + "</main>\n" + '<aside id="secondary" class="widget-area">\n'
            + most_read(sidebar[:5], "en") + _tag_cloud(sidebar, "en")
            + '<section class="widget widget_archive"><h2 class="widget-title">Archives</h2>'
            '<ul><li><a href="/2026/02/">February 2026</a></li><li><a href="/2026/01/">January '
            "2026</a></li></ul></section>\n</aside>\n</div>\n" + footer("en")).encode()


def _news_card(a: Article) -> str:
    url = escape(a.path)
    post = zlib.crc32(a.slug.encode()) % 9000 + 1000  # stable across processes
    return (f'<article id="post-{post}" class="post-{post} post type-post status-publish '
            f'format-standard hentry">\n<header class="entry-header">\n'
            f'<h2 class="entry-title"><a href="{url}" rel="bookmark">{escape(a.title)}</a></h2>\n'
            f'<div class="entry-meta"><span class="posted-on"><time class="entry-date published" '
            f'datetime="{iso(a.published)}">{date_text(a.shown_date, "en")}</time></span> '
            f'<span class="byline">by <a class="url fn n" href="/author/{author_slug(a)}/">'
            f"{escape(a.author)}</a></span></div>\n</header>\n"
            f'<div class="entry-summary"><p>{escape(a.teaser)}</p></div>\n'
            f'<footer class="entry-footer"><a class="more-link" href="{url}">Read more'
            f'<span class="screen-reader-text"> “{escape(a.title)}”</span></a></footer>\n'
            "</article>\n")


def _news_pager(page: int, pages: int) -> str:
    parts = []
    if page < pages:
        parts.append(f'<div class="nav-previous"><a href="/news/page/{page + 1}/" rel="next">'
                     "Older posts</a></div>")
    if page > 1:
        newer = "/news/" if page == 2 else f"/news/page/{page - 1}/"
        parts.append(f'<div class="nav-next"><a href="{newer}" rel="prev">Newer posts</a></div>')
    return ('<nav class="navigation posts-navigation" aria-label="Posts"><div class="nav-links">'
            + "".join(parts) + "</div></nav>\n")


def author_slug(a: Article) -> str:
    return quote("-".join(a.author.lower().split()))


def fa_listing(items: Sequence[Article], base: str) -> bytes:
    """/fa/: a table of news (date, title + lead, read-more), absolute links."""
    rows = "".join(
        f'<tr class="news-row"><td class="date">{jalali_text(a.published)}</td>'
        f'<td class="title"><a href="{escape(a.url)}">{escape(a.title)}</a>'
        f'<p class="lead">{escape(a.teaser)}</p></td>'
        f'<td class="more"><a href="{escape(a.url)}">ادامه مطلب</a></td></tr>\n'
        for a in items)
    today = jalali_text(max(a.published for a in items)).split(" - ")[0]
    return (head("اخبار - " + SITE_NAME_FA, "fa", f'<link rel="canonical" href="{base}/fa/">\n')
            + '<body class="fa-service">\n<div class="top-bar"><span class="today">امروز: '
            + today + "</span></div>\n" + masthead("fa")
            + '<main class="col-main">\n<h1 class="service-title">آخرین اخبار</h1>\n'
            '<table class="news-table">\n<thead><tr><th>تاریخ</th><th>خبر</th><th></th></tr>'
            "</thead>\n<tbody>\n" + rows + "</tbody>\n</table>\n</main>\n"
            + '<aside class="col-side">\n' + most_read(items[:3], "fa") + _tag_cloud(items, "fa")
            + "</aside>\n" + footer("fa")).encode()


def europe_listing(items: Sequence[Article], base: str) -> bytes:
    """/europe/: briefs in a definition list, links relative to the page ("../news/...")."""
    entries = []
    for a in items:
        href = escape("../news/" + a.url.rsplit("/news/", 1)[1])
        more = LABELS.get(a.language, LABELS["en"])[5]
        entries.append(
            f'<dt class="brief-title"><a href="{href}">{escape(a.title)}</a></dt>\n'
            f'<dd class="brief-summary">{escape(a.teaser)} <a class="more" href="{href}">'
            f"{more}</a></dd>\n"
            f'<dd class="brief-meta"><time datetime="{iso(a.published)}">'
            f"{date_text(a.shown_date, a.language)}</time> · {escape(a.author)}</dd>\n")
    return (head("Europe – " + SITE_NAME, "en", f'<link rel="canonical" href="{base}/europe/">\n')
            + '<body class="section-europe">\n' + masthead("en")
            + '<main id="main">\n<h1>Europe: news from our partner towns</h1>\n'
            '<dl class="briefs">\n' + "".join(entries) + "</dl>\n</main>\n" + footer("en")).encode()


def broken_listing(base: str) -> bytes:
    """/news/ after a redesign: an app shell whose items load with JavaScript."""
    return (head("News – " + SITE_NAME, "en", f'<link rel="canonical" href="{base}/news/">\n')
            + '<body class="app">\n' + masthead("en")
            + '<main id="main"><div id="root" data-endpoint="/api/v2/stories?section=news">'
            '<p class="loading">Loading…</p></div>'
            "<noscript>Please enable JavaScript to see the latest stories.</noscript></main>\n"
            '<script src="/static/app.3f9c2.js" defer></script>\n' + footer("en")).encode()


def front_page(sections: Sequence[tuple[str, str]]) -> bytes:
    links = "".join(f'<li><a href="{p}">{escape(t)}</a></li>' for p, t in sections)
    return (head(SITE_NAME, "en") + "<body>\n" + masthead("en") + '<main id="main"><h1>'
            + SITE_NAME + "</h1><ul class=\"sections\">" + links + "</ul></main>\n"
            + footer("en")).encode()
