"""Opaque keyset-pagination cursors: (sort value, id) in URL-safe base64 JSON."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime

from newsdesk.errors import InputError


def encode_cursor(sort_at: datetime | str, row_id: int) -> str:
    value = sort_at.isoformat() if isinstance(sort_at, datetime) else sort_at
    raw = json.dumps([value, row_id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value, row_id = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if not isinstance(value, str) or not isinstance(row_id, int) or isinstance(row_id, bool):
            raise ValueError
        return value, row_id
    except (ValueError, TypeError, binascii.Error, UnicodeError):
        raise InputError("invalid cursor") from None


def decode_time_cursor(cursor: str) -> tuple[datetime, int]:
    value, row_id = decode_cursor(cursor)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError("invalid cursor") from None
    if moment.tzinfo is None:
        raise InputError("invalid cursor")
    return moment, row_id
