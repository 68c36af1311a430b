"""The fetch configuration of loopback tests (safety.md §2.1).

Only 127.0.0.1 — where the hostile server runs — is allowed; 127.0.0.2 and ::1 stay
"internal", as on a real deployment. Short timeouts and a small body cap keep tests fast.
"""

from __future__ import annotations

from newsdesk.fetch import FetchConfig

LOOPBACK_FETCH_CONFIG = FetchConfig(
    allow_networks=("127.0.0.1/32",),
    connect_timeout=2.0,
    read_timeout=2.0,
    deadline=5.0,
    max_bytes=4 * 1024 * 1024,
)
