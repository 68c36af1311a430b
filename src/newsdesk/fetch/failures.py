"""Turn what went wrong during a fetch into a `model.FetchFailed` value.

urllib3 wraps low-level errors (`ProtocolError('Connection aborted.', RemoteDisconnected())`,
`NameResolutionError` from a `socket.gaierror`, ...); `classify()` looks through the chain
for the most specific cause. A passed deadline wins over everything: when the deadline's
timer shut a socket down, the read fails with some "connection closed" error whose real
cause is the deadline.
"""

from __future__ import annotations

import http.client
import ssl
from collections.abc import Iterator

from urllib3 import exceptions as u3

from newsdesk.errors import ErrorCode, ForbiddenAddress

# Exceptions a fetch turns into a FetchFailed. Anything else is a bug and propagates.
FETCH_ERRORS: tuple[type[BaseException], ...] = (
    u3.HTTPError,
    http.client.HTTPException,
    OSError,
    ForbiddenAddress,
)


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo = [exc]
    while todo:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
        todo.extend(arg for arg in current.args if isinstance(arg, BaseException))
        for linked in (current.__cause__, current.__context__):
            if linked is not None:
                todo.append(linked)


# (exception types, code, message prefix), most specific first.
_RULES: tuple[tuple[tuple[type[BaseException], ...], ErrorCode, str], ...] = (
    ((ForbiddenAddress,), ErrorCode.FORBIDDEN_ADDRESS, ""),
    ((u3.NameResolutionError,), ErrorCode.DNS_ERROR, "cannot resolve host"),
    ((u3.LocationValueError, http.client.InvalidURL), ErrorCode.BAD_URL, "bad URL"),
    ((u3.DecodeError,), ErrorCode.BAD_ENCODING, "cannot decode the response body"),
    ((u3.SSLError, ssl.SSLError, ssl.CertificateError), ErrorCode.TLS_ERROR, "TLS error"),
    ((u3.NewConnectionError, ConnectionRefusedError), ErrorCode.CONNECT_ERROR, "cannot connect"),
    ((u3.ConnectTimeoutError, u3.ReadTimeoutError, TimeoutError), ErrorCode.TIMEOUT, "timed out"),
)


def classify(exc: BaseException, deadline_expired: bool, deadline_seconds: float) -> tuple[ErrorCode, str]:
    """(code, one-line message) for an exception raised while fetching."""
    if deadline_expired:
        return ErrorCode.TIMEOUT, f"no complete response within the {deadline_seconds:g} s deadline"
    chain = list(_chain(exc))
    for types, code, prefix in _RULES:
        for cause in chain:
            if isinstance(cause, types):
                if code is ErrorCode.FORBIDDEN_ADDRESS:
                    return code, str(cause)
                return code, f"{prefix}: {_one_line(_detail(cause))}"
    return ErrorCode.PROTOCOL_ERROR, f"malformed or broken HTTP response: {_one_line(_detail(exc))}"


def _detail(exc: BaseException) -> BaseException:
    """The deepest cause that is not a urllib3 wrapper (their text repeats the pool's repr)."""
    inner = [c for c in _chain(exc) if not isinstance(c, u3.HTTPError)]
    return inner[-1] if inner else exc


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    name = type(exc).__name__
    return (f"{name}: {text}" if text else name)[:300]
