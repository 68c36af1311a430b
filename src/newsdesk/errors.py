"""The exception tree and the codes of expected failures.

Expected outcomes (a 404, a feed that is not XML, a body over the cap) are *values*:
`model.FetchFailed(code=ErrorCode...)` or a `ParseFailed` returned by a parser. Exceptions are
for faults and for refusing bad input at the edges (CLI, settings, API)::

    NewsdeskError
     ├── ConfigError          a setting is missing or invalid
     ├── StoreError           the database refused or is not usable
     │    ├── SchemaTooNew    the database was migrated by a newer newsdesk
     │    └── NotFound        no such row
     ├── InputError           bad user input (a URL, an OPML file, a CLI argument)
     └── ForbiddenAddress     a URL resolves to an address the fetch policy refuses
"""

from __future__ import annotations

import enum


class ErrorCode(enum.StrEnum):
    """Why a fetch or a parse did not yield items. Stored on the source and in the fetch log."""

    FORBIDDEN_ADDRESS = "forbidden_address"
    BAD_URL = "bad_url"
    DNS_ERROR = "dns_error"
    CONNECT_ERROR = "connect_error"
    TIMEOUT = "timeout"
    TOO_MANY_REDIRECTS = "too_many_redirects"
    RESPONSE_TOO_LARGE = "response_too_large"
    BAD_ENCODING = "bad_encoding"
    PROTOCOL_ERROR = "protocol_error"
    TLS_ERROR = "tls_error"
    HTTP_ERROR = "http_error"
    RATE_LIMITED = "rate_limited"
    GONE = "gone"
    EMPTY_RESPONSE = "empty_response"
    NOT_A_FEED = "not_a_feed"
    PARSE_ERROR = "parse_error"
    XML_FORBIDDEN = "xml_forbidden"  # DTD or entity declarations
    ROBOTS_DISALLOWED = "robots_disallowed"
    LAYOUT_CHANGED = "layout_changed"  # a listing that used to yield items yields none
    NOT_A_LISTING = "not_a_listing"  # a listing source whose page lists no items (first fetch)
    INTERNAL_ERROR = "internal_error"


class RejectReason(enum.StrEnum):
    """Why a fetched page gave no article (`model.Rejected`): recorded, never a bare None."""

    NOT_HTML = "not_html"  # a PDF, an image, a feed... at an article URL
    TOO_LARGE = "too_large"  # over the size cap before parsing
    EMPTY = "empty"  # no main text found at all
    TOO_SHORT = "too_short"  # some text, less than an article's worth
    NOT_ARTICLE = "not_article"  # a listing, a home page, a search page...
    PAYWALL = "paywall"  # a paywall or login wall in front of the text
    WRONG_LANGUAGE = "wrong_language"  # not one of the languages the desk follows
    ROBOTS = "robots"  # robots.txt disallows newsdesk from this URL
    FETCH_FAILED = "fetch_failed"  # the page could not be fetched (the message says why)


class NewsdeskError(Exception):
    """Base of every exception newsdesk raises on purpose."""


class ConfigError(NewsdeskError):
    pass


class StoreError(NewsdeskError):
    pass


class SchemaTooNew(StoreError):
    pass


class NotFound(StoreError):
    pass


class InputError(NewsdeskError):
    pass


class ForbiddenAddress(NewsdeskError):
    """Raised inside the fetch client's connect step; surfaced as FetchFailed."""

    def __init__(self, host: str, address: str, reason: str) -> None:
        super().__init__(f"{host} resolves to {address} ({reason}); refused by the fetch policy")
        self.host = host
        self.address = address
        self.reason = reason
