"""Network only: the safe client (address guard, limits, deadline), conditional GET,
politeness per host and the schedule maths. Never imports the store.

Importing this package does no work: build a `SafeClient` from a `FetchConfig`.
"""

from newsdesk.fetch.client import FetchConfig, SafeClient
from newsdesk.fetch.guard import AddressPolicy, Resolver, forbidden_reason, system_resolver
from newsdesk.fetch.politeness import HostLimiter
from newsdesk.fetch.schedule import (
    adaptive_interval,
    backoff_seconds,
    clamp_retry_after,
    parse_retry_after,
)

__all__ = [
    "AddressPolicy",
    "FetchConfig",
    "HostLimiter",
    "Resolver",
    "SafeClient",
    "adaptive_interval",
    "backoff_seconds",
    "clamp_retry_after",
    "forbidden_reason",
    "parse_retry_after",
    "system_resolver",
]
