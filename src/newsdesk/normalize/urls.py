"""Canonical URLs: one spelling per article, used as an identity key and as the link shown.

`canonicalize_url` keeps only http(s) URLs and rewrites them so that spellings of the same
address compare equal:

* surrounding whitespace and embedded tab/CR/LF removed (browsers do the same);
* resolved against `base`; scheme and host lower-cased; the host IDNA-encoded (UTS #46,
  non-transitional, as browsers do); a trailing dot on the host dropped; user:password@
  dropped (it is never part of an article's address and hides the real host from readers);
* the default port (:80 for http, :443 for https) and the fragment dropped;
* "." and ".." path segments resolved; an empty path becomes "/";
* percent-escapes kept as given but written in upper case (%2f -> %2F); characters that
  must be escaped (space, non-ASCII, `"<>` ...) escaped as browsers do;
* tracking parameters dropped (utm_* and the click ids below, in any case), the order of
  the others kept.

Anything else (javascript:, data:, file:, no host, a bad port, over 2,048 characters)
gives None. The function is idempotent: canonicalize_url(canonicalize_url(u)) == that.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urljoin, urlsplit

import idna

MAX_URL_CHARS = 2048
DEFAULT_PORTS = {"http": 80, "https": 443}
TRACKING_PREFIXES = ("utm_", "mtm_", "hsa_")
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "twclid", "ttclid",
        "li_fat_id", "yclid", "ysclid", "igshid", "igsh", "mc_cid", "mc_eid", "_ga", "_gl",
        "_hsenc", "_hsmi", "__hstc", "__hssc", "__hsfp", "hsctatracking", "mkt_tok", "ref_src",
        "oly_anon_id", "oly_enc_id", "rb_clickid", "s_cid", "vero_conv", "vero_id", "wickedid",
        "epik", "sc_cid", "_openstat", "pk_campaign", "pk_kwd", "pk_keyword", "pk_source",
        "pk_medium", "pk_content",
    }
)
_STRIP = "".join(map(chr, range(0x21)))  # C0 controls and space, stripped at both ends
_EMBEDDED = re.compile(r"[\t\n\r]")
_ESCAPE = re.compile(r"%[0-9a-fA-F]{2}")
_HOST = re.compile(r"^[a-z0-9\-_.]+$")
# Left as they are; everything else (space, controls, non-ASCII, "<>`{}\\) is %-escaped.
_SAFE = "/%:@!$&'()*+,;=-._~?[]|^"


def canonicalize_url(url: str, base: str | None = None) -> str | None:
    """The canonical http(s) form of `url` (resolved against `base`), or None."""
    url = _EMBEDDED.sub("", url).strip(_STRIP)
    if not url or len(url) > MAX_URL_CHARS:
        return None
    try:
        if base:
            url = urljoin(_EMBEDDED.sub("", base).strip(_STRIP), url)
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        return None
    host = _host(parts.hostname or "")
    if host is None:
        return None
    netloc = host if port is None or port == DEFAULT_PORTS[scheme] else f"{host}:{port}"
    path = _escape(_remove_dot_segments(parts.path) or "/")
    query = _query(parts.query)
    result = f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")
    return result if len(result) <= MAX_URL_CHARS else None


def is_tracking_param(name: str) -> bool:
    """True for query parameter names that only identify a campaign or a click."""
    key = unquote(name.replace("+", " ")).lower()
    return key.startswith(TRACKING_PREFIXES) or key in TRACKING_PARAMS


def _host(hostname: str) -> str | None:
    """The lower-case ASCII host, brackets around IPv6; None when it is not a host name."""
    if not hostname:
        return None
    if ":" in hostname:  # urlsplit already checked the brackets; an IPv6 literal
        return f"[{hostname}]" if re.fullmatch(r"[0-9a-f:.]+", hostname) else None
    hostname = hostname.removesuffix(".")
    if not hostname.isascii():
        try:
            hostname = idna.encode(hostname, uts46=True).decode("ascii")
        except idna.IDNAError:
            return None
    labels_ok = all(hostname.split("."))  # no empty label: not "", ".x", "x..y"
    return hostname if labels_ok and _HOST.match(hostname) else None


def _query(query: str) -> str:
    kept = [p for p in query.split("&") if p and not is_tracking_param(p.split("=", 1)[0])]
    return _escape("&".join(kept))


def _escape(s: str) -> str:
    """Escape what must be escaped, keep existing escapes, upper-case their hex digits."""
    return _ESCAPE.sub(_upper, quote(s, safe=_SAFE, errors="ignore"))


def _upper(m: re.Match[str]) -> str:
    return m.group().upper()


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 section 5.2.4, on whole segments."""
    if "." not in path:
        return path
    out: list[str] = []
    segments = path.split("/")
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
        elif segment == "..":
            if len(out) > 1:
                out.pop()
            if last:
                out.append("")
        else:
            out.append(segment)
    result = "/".join(out)
    return result if result.startswith("/") or not path.startswith("/") else "/" + result
