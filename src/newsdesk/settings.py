"""The one typed settings registry.

Every setting is declared once in `REGISTRY` with its type, default and help text. Values
come from, lowest precedence first: the default, `newsdesk.toml` (or the file named by
`--config` / `NEWSDESK_CONFIG`), the environment (`NEWSDESK_<NAME>`), and CLI flags.
`Settings` is built once (in the CLI or a test) and passed down; nothing reads the
environment anywhere else.
"""

from __future__ import annotations

import ipaddress
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newsdesk.errors import ConfigError

ENV_PREFIX = "NEWSDESK_"
DEFAULT_CONFIG_FILE = "newsdesk.toml"
USER_AGENT = "newsdesk/0.1 (+https://github.com/newsdesk/newsdesk)"


def _parse_bool(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def _parse_list(raw: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in raw.split(",") if part.strip())


def _networks(value: tuple[str, ...]) -> None:
    for cidr in value:
        ipaddress.ip_network(cidr, strict=False)


def _at_least(minimum: float) -> Callable[[Any], None]:
    def check(value: Any) -> None:
        if value < minimum:
            raise ValueError(f"must be at least {minimum}")

    return check


@dataclass(frozen=True, slots=True)
class Setting:
    name: str
    type: type
    default: Any
    help: str
    secret: bool = False
    validate: Callable[[Any], None] | None = None

    @property
    def env(self) -> str:
        return ENV_PREFIX + self.name.upper()

    def convert(self, raw: Any) -> Any:
        """Turn a raw value (str from env/CLI, or a TOML value) into the setting's type."""
        try:
            if self.type is tuple:
                value: Any = _parse_list(raw) if isinstance(raw, str) else tuple(str(v) for v in raw)
            elif self.type is bool:
                value = raw if isinstance(raw, bool) else _parse_bool(str(raw))
            elif self.type is int:
                if isinstance(raw, bool):
                    raise ValueError("expected a whole number")
                value = int(raw)
            elif self.type is float:
                value = float(raw)
            else:
                value = str(raw)
            if self.validate is not None:
                self.validate(value)
        except (TypeError, ValueError) as exc:
            raise ConfigError(f"setting {self.name} ({self.env}): {exc}") from None
        return value


REGISTRY: tuple[Setting, ...] = (
    Setting("database_url", str, "sqlite:///newsdesk.db",
            "Database URL: sqlite:///PATH (embedded default) or postgresql://USER@HOST/DB.",
            secret=True),
    Setting("host", str, "127.0.0.1", "Address `newsdesk serve` listens on."),
    Setting("port", int, 8000, "Port `newsdesk serve` listens on.", validate=_at_least(0)),
    Setting("base_url", str, "", "Public URL of the site, used for absolute links in feeds out; empty: taken from the request."),
    Setting("site_title", str, "newsdesk", "Title of the public site."),
    Setting("log_level", str, "INFO", "Logging level: DEBUG, INFO, WARNING or ERROR."),
    Setting("fetch_allow_networks", tuple, (),
            "Comma-separated CIDR networks the fetcher may reach although they are not public "
            "(e.g. 127.0.0.1/32 for tests, 10.0.0.0/8 for an intranet). Empty: public addresses only.",
            validate=_networks),
    Setting("fetch_user_agent", str, USER_AGENT, "User-Agent sent with every request."),
    Setting("fetch_connect_timeout", float, 10.0, "Seconds to wait for a TCP/TLS connection.", validate=_at_least(0.1)),
    Setting("fetch_read_timeout", float, 20.0, "Seconds to wait for any single read.", validate=_at_least(0.1)),
    Setting("fetch_deadline", float, 30.0, "Wall-clock seconds for a whole response, headers and body.", validate=_at_least(0.1)),
    Setting("fetch_max_bytes", int, 15 * 1024 * 1024, "Largest decoded response body in bytes (after gzip/deflate/brotli).", validate=_at_least(1024)),
    Setting("fetch_max_redirects", int, 5, "Most redirects followed for one request.", validate=_at_least(0)),
    Setting("fetch_concurrency", int, 16, "Fetches running at once in one worker process.", validate=_at_least(1)),
    Setting("parse_processes", int, -1,
            "Processes that parse and clean fetched feeds in parallel (the CPU-heavy part); "
            "-1: one per CPU when there are several, 0: parse in the fetching threads.",
            validate=_at_least(-1)),
    Setting("fetch_per_host_concurrency", int, 2, "Fetches running at once against one host.", validate=_at_least(1)),
    Setting("fetch_per_host_delay", float, 0.5, "Least seconds between two requests to one host.", validate=_at_least(0)),
    Setting("fetch_interval", int, 1800, "Default seconds between two checks of a source.", validate=_at_least(300)),
    Setting("fetch_interval_min", int, 300, "Shortest interval the adaptive schedule may choose.", validate=_at_least(60)),
    Setting("fetch_interval_max", int, 86400, "Longest interval the adaptive schedule (and backoff) may choose.", validate=_at_least(300)),
    Setting("fetch_lease_seconds", int, 300, "A claimed source is re-claimable after this long if its worker died.", validate=_at_least(10)),
    Setting("max_items_per_fetch", int, 1000, "Most items taken from one fetch of a feed (newest first).", validate=_at_least(1)),
    Setting("teaser_words", int, 55, "Most words in an item's teaser.", validate=_at_least(5)),
    Setting("backfill_pages", int, 3, "Older pages of a listing followed (next/older links) on its first fetch.", validate=_at_least(0)),
    Setting("crawl_max_pages", int, 30, "Most article pages fetched for one listing or sitemap source per check; the rest wait for the next check.", validate=_at_least(1)),
    Setting("crawl_deadline", float, 120.0, "Wall-clock seconds one check of a listing or sitemap source may spend fetching article pages.", validate=_at_least(1)),
    Setting("crawl_retries", int, 3, "Times a page that failed to fetch is tried again on later checks.", validate=_at_least(0)),
    Setting("sitemap_max_depth", int, 3, "Deepest sitemap index nesting followed.", validate=_at_least(0)),
    Setting("sitemap_max_sitemaps", int, 50, "Most sitemap files read for one check of a sitemap source.", validate=_at_least(1)),
    Setting("sitemap_max_urls", int, 50000, "Most URLs read from one sitemap file (the protocol's own limit).", validate=_at_least(1)),
    Setting("extract_min_chars", int, 250, "Shortest main text (characters) accepted as an article.", validate=_at_least(1)),
    Setting("languages", tuple, (), "Comma-separated languages the desk follows (ISO 639-1, e.g. en,fa,ar); crawled articles in others are rejected. Empty: all."),
    Setting("worker_idle_seconds", float, 10.0, "Seconds a worker sleeps when no source is due.", validate=_at_least(0.05)),
    Setting("demo_port", int, 8765, "Port of the bundled demo news sites (`newsdesk serve --demo`).", validate=_at_least(0)),
)

_BY_NAME = {s.name: s for s in REGISTRY}


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective settings; build with `load_settings()`."""

    database_url: str
    host: str
    port: int
    base_url: str
    site_title: str
    log_level: str
    fetch_allow_networks: tuple[str, ...]
    fetch_user_agent: str
    fetch_connect_timeout: float
    fetch_read_timeout: float
    fetch_deadline: float
    fetch_max_bytes: int
    fetch_max_redirects: int
    fetch_concurrency: int
    parse_processes: int
    fetch_per_host_concurrency: int
    fetch_per_host_delay: float
    fetch_interval: int
    fetch_interval_min: int
    fetch_interval_max: int
    fetch_lease_seconds: int
    max_items_per_fetch: int
    teaser_words: int
    backfill_pages: int
    crawl_max_pages: int
    crawl_deadline: float
    crawl_retries: int
    sitemap_max_depth: int
    sitemap_max_sitemaps: int
    sitemap_max_urls: int
    extract_min_chars: int
    languages: tuple[str, ...]
    worker_idle_seconds: float
    demo_port: int

    def replace(self, **changes: Any) -> Settings:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        for name, raw in changes.items():
            if name not in _BY_NAME:
                raise ConfigError(f"unknown setting {name!r}")
            values[name] = _BY_NAME[name].convert(raw)
        return Settings(**values)

    def public_items(self) -> list[tuple[str, str]]:
        """(name, value) pairs with secrets hidden, for `newsdesk config`."""
        out = []
        for setting in REGISTRY:
            value = getattr(self, setting.name)
            shown = _display(value)
            if setting.secret:
                shown = _hide_secret(setting.name, shown)
            out.append((setting.name, shown))
        return out


def _display(value: Any) -> str:
    if isinstance(value, tuple):
        return ",".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _hide_secret(name: str, value: str) -> str:
    if name.endswith("_url"):
        parts = urlsplit(value)
        if parts.password:
            netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
            return urlunsplit(parts._replace(netloc=netloc))
        return value
    return "***" if value else ""


def load_settings(
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
    config_file: str | Path | None = None,
    cwd: Path | None = None,
) -> Settings:
    """Defaults < config file < environment < overrides (CLI flags)."""
    env = os.environ if env is None else env
    values: dict[str, Any] = {s.name: s.default for s in REGISTRY}
    path = _config_path(env, config_file, cwd)
    if path is not None:
        for name, raw in _read_toml(path).items():
            values[name] = _BY_NAME[name].convert(raw)
    for setting in REGISTRY:
        if setting.env in env:
            values[setting.name] = setting.convert(env[setting.env])
    for name, raw in (overrides or {}).items():
        if raw is None:
            continue
        if name not in _BY_NAME:
            raise ConfigError(f"unknown setting {name!r}")
        values[name] = _BY_NAME[name].convert(raw)
    return Settings(**values)


def _config_path(env: Mapping[str, str], explicit: str | Path | None, cwd: Path | None) -> Path | None:
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        return path
    if env.get(ENV_PREFIX + "CONFIG"):
        return _config_path({}, env[ENV_PREFIX + "CONFIG"], cwd)
    path = (cwd or Path.cwd()) / DEFAULT_CONFIG_FILE
    return path if path.is_file() else None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from None
    section = data.get("newsdesk", data)
    if not isinstance(section, dict):
        raise ConfigError(f"{path}: [newsdesk] must be a table")
    unknown = sorted(set(section) - set(_BY_NAME))
    if unknown:
        raise ConfigError(f"{path}: unknown setting(s) {', '.join(unknown)}")
    return dict(section)


def settings_markdown() -> str:
    """docs/settings.md, generated from the registry (a test keeps the file current)."""
    lines = [
        "# Settings",
        "",
        "Generated from `src/newsdesk/settings.py` (`newsdesk config --markdown`); a test fails when "
        "this file and the registry disagree.",
        "",
        "Each setting is read, lowest precedence first, from its default, `newsdesk.toml` in the working "
        "directory (or the file named by `--config` / `NEWSDESK_CONFIG`; keys at top level or under "
        "`[newsdesk]`), the environment variable, and the command-line flag where there is one "
        "(`--db` for `database_url` on every command; `--host`/`--port` on `serve`).",
        "",
        "| setting | environment | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for s in REGISTRY:
        default = _display(s.default) if s.default not in ("", ()) else "(empty)"
        lines.append(f"| `{s.name}` | `{s.env}` | `{default}` | {s.help}{' (secret: hidden by `newsdesk config`)' if s.secret else ''} |")
    return "\n".join(lines) + "\n"
