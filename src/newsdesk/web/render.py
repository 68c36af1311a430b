"""Jinja2 rendering shared by pages and error pages."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

RTL_LANGS = {"fa", "ar", "he", "ur", "ps", "yi", "ckb", "dv", "sd", "ug"}


def text_dir(lang: str | None) -> str:
    if not lang:
        return "auto"
    return "rtl" if lang.split("-")[0].lower() in RTL_LANGS else "ltr"


def human_date(value: datetime | None) -> str:
    return value.astimezone(UTC).strftime("%-d %B %Y") if value else ""


def iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z") if value else ""


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
    env.filters["iso"] = iso
    return env


def render(request: Request, template: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    settings = request.app.state.settings
    page = environment().get_template(template).render(
        request=request, site_title=settings.site_title, **context
    )
    return HTMLResponse(page, status_code=status)
