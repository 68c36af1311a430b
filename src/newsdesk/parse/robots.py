"""robots.txt text → `Robots`: may we fetch this URL, which sitemaps, what crawl delay.

A thin wrapper over `urllib.robotparser.RobotFileParser`, fed lines with `parse()`; its
`read()` (which would fetch with urllib, past our fetch policy) is never called.

Groups are matched by the product token of our User-Agent: "newsdesk/0.1 (+url)" is
matched as "newsdesk"; a group naming it wins over `*`. What we change in the text
before the standard parser sees it, to get closer to Google's reading (RFC 9309):

- only the first 512 KiB are read (Google reads 500 KiB), and the rest is ignored;
- blank lines are dropped: the standard parser ends a group at a blank line, so
  "User-agent: x", blank, "Disallow: /" would otherwise lose its rule;
- within each group the rules are reordered longest path first (an Allow before a
  Disallow of the same length), so that the standard parser's "first match wins" gives
  RFC 9309's "most specific match wins": `Disallow: /` with `Allow: /news/` allows /news/;
- `Crawl-delay: 2.5` is rounded up to 3 (the standard parser reads whole numbers only).

Known limits of the standard parser that remain: `*` and `$` inside paths are taken
literally (a wildcard rule matches nothing, so it errs towards allowing), and a group
token is matched as a substring of ours (a group for "news" applies to "newsdesk").

Text with no readable rules (binary, HTML served as robots.txt, empty) allows everything:
that is how Google treats a missing robots.txt (4xx). `Robots.allow_all()` is the value
for a 4xx response and `Robots.disallow_all()` for a server error (5xx) or an
unreachable host, which Google treats as "disallow everything for now".
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.robotparser import RobotFileParser

from newsdesk.parse.links import http_url

__all__ = ["MAX_ROBOTS_BYTES", "Robots", "product_token"]

MAX_ROBOTS_BYTES = 512 * 1024
_FIELD = re.compile(r"^\s*([A-Za-z-]+)\s*:\s*(.*?)\s*$")
_RULES = {"allow", "disallow"}


@dataclass(frozen=True, slots=True)
class Robots:
    _parser: RobotFileParser

    @classmethod
    def parse(cls, text: str) -> Robots:
        """Read a robots.txt body (only its first 512 KiB, counted in UTF-8 bytes)."""
        capped = text.encode("utf-8", "replace")[:MAX_ROBOTS_BYTES]
        parser = RobotFileParser()
        parser.parse(list(_prepared(capped.decode("utf-8", "ignore").splitlines())))
        return cls(parser)

    @classmethod
    def from_bytes(cls, body: bytes) -> Robots:
        """Read a robots.txt response body (UTF-8 by RFC 9309; bad bytes replaced)."""
        return cls.parse(body[:MAX_ROBOTS_BYTES].decode("utf-8", "replace"))

    @classmethod
    def allow_all(cls) -> Robots:
        """No robots.txt (4xx): everything is allowed."""
        return cls.parse("")

    @classmethod
    def disallow_all(cls) -> Robots:
        """robots.txt unreachable (5xx, connection failed): nothing is allowed for now."""
        return cls.parse("User-agent: *\nDisallow: /\n")

    def allowed(self, url: str, user_agent: str) -> bool:
        """May `user_agent` (a full User-Agent header or its product token) fetch `url`?"""
        return self._parser.can_fetch(product_token(user_agent), url)

    @property
    def sitemaps(self) -> list[str]:
        """The `Sitemap:` URLs, in file order, http(s) only, each once."""
        found: list[str] = []
        for line in self._parser.site_maps() or []:
            url = http_url(line)
            if url is not None and url not in found:
                found.append(url)
        return found

    def crawl_delay(self, user_agent: str) -> float | None:
        """Seconds between requests asked of `user_agent`'s group, or None."""
        delay = self._parser.crawl_delay(product_token(user_agent))
        return float(delay) if delay is not None else None


def product_token(user_agent: str) -> str:
    """"newsdesk/0.1 (+https://…)" → "newsdesk" (RFC 9309 matches the product token)."""
    words = user_agent.strip().split()
    return words[0].split("/")[0].lower() if words else ""


def _prepared(lines: list[str]) -> Iterator[str]:
    """The lines without blank lines, each group's rules reordered most specific first,
    and decimal crawl delays rounded up (see the module docstring)."""
    rules: list[tuple[str, str]] = []
    for line in lines:
        match = _FIELD.match(line.split("#", 1)[0])
        if match is None:
            continue
        name, value = match.group(1).lower(), match.group(2)
        if name in _RULES:
            rules.append((name, value))
            continue
        if name == "user-agent":  # a new group begins (or this one names one more agent)
            yield from _ordered(rules)
            rules = []
        elif name == "crawl-delay":
            value = _whole_seconds(value)
        yield f"{name}: {value}"
    yield from _ordered(rules)


def _ordered(rules: list[tuple[str, str]]) -> Iterator[str]:
    ranked = sorted(rules, key=lambda rule: (-len(rule[1]), rule[0] != "allow"))
    for name, value in ranked:
        yield f"{name}: {value}"


def _whole_seconds(value: str) -> str:
    try:
        seconds = float(value)
    except ValueError:
        return value
    if not math.isfinite(seconds) or seconds < 0:
        return value
    return str(math.ceil(seconds))
