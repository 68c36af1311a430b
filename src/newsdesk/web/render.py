"""Jinja2 rendering shared by pages and error pages: filters for dates, text direction and
URLs, and the context every page gets (site title, canonical URL, feed links)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

RTL_LANGS = {"fa", "ar", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"}
UNITS = (("year", 365 * 86400), ("month", 30 * 86400), ("week", 7 * 86400), ("day", 86400),
         ("hour", 3600), ("minute", 60))


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A `<link rel="alternate">` in the page head (feed autodiscovery)."""

    title: str
    type: str
    href: str


SITE_FEEDS = (
    FeedLink("Latest news (Atom)", "application/atom+xml", "/feed.atom"),
    FeedLink("Latest news (RSS)", "application/rss+xml", "/feed.rss"),
    FeedLink("Latest news (JSON Feed)", "application/feed+json", "/feed.json"),
)


def text_dir(lang: str | None) -> str:
    if not lang:
        return "auto"
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def human_date(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%-d %B %Y") if value else ""


def human_datetime(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%-d %B %Y, %H:%M UTC") if value else ""


def iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


def relative_time(value: datetime | None, now: datetime) -> str:
    """"3 hours ago", "in 2 days", "just now": the hint beside an absolute date."""
    if value is None:
        return ""
    seconds = (now - value).total_seconds()
    ahead, span = seconds < 0, abs(seconds)
    for unit, size in UNITS:
        if span >= size:
            n = int(span // size)
            words = f"{n} {unit}{'' if n == 1 else 's'}"
            return f"in {words}" if ahead else f"{words} ago"
    return "just now"


def path_segment(value: str) -> str:
    """A value quoted to sit in one path segment (a tag with "/" or "?" stays one segment)."""
    return quote(value, safe="")


def site_base(request: Request) -> str:
    """The public origin and path prefix: `base_url` when set, else the request's."""
    configured: str = request.app.state.settings.base_url
    return (configured or str(request.base_url)).rstrip("/")


def absolute(request: Request, path: str) -> str:
    return site_base(request) + path


def page_url(path: str, **params: Any) -> str:
    """`path` with the given query parameters that have a value, in a stable order."""
    query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
    return f"{path}?{query}" if query else path


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(Path(__file__).parent / "templates"),
        autoescape=select_autoescape(["html", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["text_dir"] = text_dir
    env.filters["human_date"] = human_date
    env.filters["human_datetime"] = human_datetime
    env.filters["iso"] = iso
    env.filters["ago"] = relative_time
    env.filters["path_segment"] = path_segment
    return env


def render(
    request: Request, template: str, context: dict[str, Any], status: int = 200,
    *, canonical: str | None = None, feeds: tuple[FeedLink, ...] = SITE_FEEDS,
) -> HTMLResponse:
    """Render a page; `canonical` is its site-relative URL (default: the request's path)."""
    settings = request.app.state.settings
    page = environment().get_template(template).render(
        request=request, site_title=settings.site_title, now=datetime.now(UTC),
        canonical=absolute(request, canonical or request.url.path), feeds=feeds,
        base=site_base(request), **context,
    )
    return HTMLResponse(page, status_code=status)
