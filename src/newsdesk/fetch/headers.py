"""Pure readings of response headers: media type and charset, content codings."""

from __future__ import annotations

from email.message import Message

# What we advertise in Accept-Encoding and can decode (urllib3 decodes them, bounded).
SUPPORTED_CODINGS = frozenset({"gzip", "x-gzip", "deflate", "br"})
ACCEPT_ENCODING = "gzip, deflate, br"
MAX_CODINGS = 2


def parse_content_type(value: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) from a Content-Type header, both lower-case, None when absent.

    >>> parse_content_type('Application/RSS+XML; Charset="ISO-8859-1"')
    ('application/rss+xml', 'iso-8859-1')
    """
    if not value or not value.strip():
        return None, None
    message = Message()
    message["content-type"] = value
    media_type = value.split(";", 1)[0].strip().lower() or None
    if media_type is not None and "/" not in media_type:
        media_type = None
    charset = message.get_param("charset", header="content-type")
    if isinstance(charset, tuple):  # RFC 2231 form: (charset, language, value)
        charset = charset[2]
    charset = str(charset).strip().strip("'\"").lower() if charset else None
    return media_type, charset or None


def content_coding_problem(value: str | None) -> str | None:
    """Why a Content-Encoding header is refused, or None when urllib3 may decode it.

    Refused: unknown codings (urllib3 would silently pass them through undecoded), more
    than `MAX_CODINGS` stacked codings (CPU and memory amplification, safety.md N14), and
    `identity` mixed into a chain (urllib3 would treat it as deflate).
    """
    if value is None:
        return None
    codings = [c.strip().lower() for c in value.split(",") if c.strip()]
    if codings == ["identity"] or not codings:
        return None
    if "identity" in codings:
        return "'identity' inside a chain of content codings"
    if len(codings) > MAX_CODINGS:
        return f"{len(codings)} stacked content codings (at most {MAX_CODINGS})"
    unknown = [c for c in codings if c not in SUPPORTED_CODINGS]
    if unknown:
        return f"unsupported content coding {unknown[0]!r}"
    return None
