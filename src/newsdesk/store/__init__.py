"""The only package that speaks SQL.

`open_store(url)` returns a `Store`; nothing is connected at import time. Writes go through
`Store.write()` (one writer on SQLite, `BEGIN IMMEDIATE`), reads through `Store.read()`.
"""

from __future__ import annotations

from newsdesk.store.store import Store, open_store

__all__ = ["Store", "open_store"]
