"""Refuse dangerous XML before any parser builds anything from it (X1–X4, X21).

A DOCTYPE, an entity declaration or an external reference is refused: that closes billion
laughs, quadratic blow-up, XXE and external DTD fetches at once. The check is cheap: a
defusedxml SAX parse that stops at the root element (a DTD can only come before it), so
its cost is the size of the prolog, not of the document.

Two belts on the braces, for feedparser's sake: its loose parser takes `<!ENTITY` and
`<!DOCTYPE` text from everything before the first `<\\w`, even inside a comment or after
a syntax error expat stops at; so that stretch is also searched as text.

One DOCTYPE is let through, by removing it: the PUBLIC-only Netscape RSS 0.91 one, with
no internal subset (old feeds still carry it; it declares nothing).
"""

from __future__ import annotations

import re
import xml.sax
import xml.sax.handler
from typing import Any

from defusedxml.common import DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.expatreader import create_parser

from newsdesk.errors import ErrorCode
from newsdesk.model import ParseFailed

__all__ = ["check_xml", "drop_known_doctype"]

_CHUNK = 65536
_FEEDPARSER_HEAD = re.compile(rb"<\w")
_DECLARATION = re.compile(rb"<!\s*(?:doctype|entity|element|attlist|notation)", re.I)
_NETSCAPE = re.compile(
    rb'\A(\s*(?:<\?xml[^>]{0,200}\?>\s*)?(?:<!--(?:(?!-->).){0,2000}-->\s*)*)'
    rb'<!DOCTYPE\s+rss\s+PUBLIC\s+"-//Netscape Communications//DTD RSS 0\.91//EN"'
    rb'(?:\s+"[^"<>\[\]]{0,200}")?\s*>',
    re.S,
)


class _RootReached(Exception):
    """Raised by the content handler at the first element: the prolog is over."""


class _StopAtRoot(xml.sax.handler.ContentHandler):
    def startElement(self, name: str, attrs: Any) -> None:
        raise _RootReached


def check_xml(body: bytes) -> ParseFailed | None:
    """None when the body declares no DTD, entity or external reference; else the refusal.

    A body that is not well-formed is not refused here: that is the parser's call.
    """
    refused = _check_prolog(body)
    if refused is not None:
        return refused
    head_end = _FEEDPARSER_HEAD.search(body)
    head = body[: head_end.start()] if head_end else body
    if _DECLARATION.search(head):
        return _refuse("a DOCTYPE or markup declaration before the root element")
    return None


def drop_known_doctype(body: bytes) -> bytes:
    """Remove the harmless Netscape RSS 0.91 DOCTYPE (PUBLIC id, no internal subset)."""
    match = _NETSCAPE.match(body)
    if match is None:
        return body
    return match.group(1) + body[match.end() :]


def _check_prolog(body: bytes) -> ParseFailed | None:
    parser = create_parser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
    parser.setFeature(xml.sax.handler.feature_external_ges, False)
    parser.setFeature(xml.sax.handler.feature_external_pes, False)
    parser.setContentHandler(_StopAtRoot())
    try:
        for offset in range(0, len(body), _CHUNK):
            parser.feed(body[offset : offset + _CHUNK])
        parser.close()
    except _RootReached:
        return None
    except DTDForbidden:
        return _refuse("a DOCTYPE (document type declaration)")
    except EntitiesForbidden:
        return _refuse("an entity declaration")
    except ExternalReferenceForbidden:
        return _refuse("an external reference")
    except (xml.sax.SAXException, ValueError):
        # not well-formed before the root, or an encoding expat cannot read ("multi-byte
        # encodings are not supported"): the text search decides
        return None
    return None


def _refuse(what: str) -> ParseFailed:
    return ParseFailed(
        code=ErrorCode.XML_FORBIDDEN.value,
        message=f"refused XML with {what}: DTDs and entities are not allowed in feeds",
    )
