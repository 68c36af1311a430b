"""normalize: parsed items made safe to store and publish, and identifiable.

    text.py     clean_text (controls, surrogates, NFC, length caps), collapse_ws, truncate
    markup.py   linear HTML tokenizer and the tag balancer that bounds nh3's work
    html.py     sanitize_html (nh3 with an allow-list), html_to_text
    teaser.py   make_teaser, teaser_from: the first words, " …" when cut
    urls.py     canonicalize_url: one spelling per address, tracking parameters dropped
    items.py    normalize_items: RawItem -> NormalizedItem with identity keys

Nothing here does I/O or imports the store.
"""

from newsdesk.normalize.html import html_to_text, sanitize_html
from newsdesk.normalize.items import normalize_items
from newsdesk.normalize.teaser import make_teaser, teaser_from
from newsdesk.normalize.text import clean_text, collapse_ws, truncate
from newsdesk.normalize.urls import canonicalize_url, is_tracking_param

__all__ = [
    "canonicalize_url",
    "clean_text",
    "collapse_ws",
    "html_to_text",
    "is_tracking_param",
    "make_teaser",
    "normalize_items",
    "sanitize_html",
    "teaser_from",
    "truncate",
]
