"""One error shape: JSON `{"error": {"status", "code", "message"}}` under /api, a page elsewhere;
and the last resort for faults, which logs the traceback and answers 500 without details."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from http import HTTPStatus

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsdesk.web.render import render

log = logging.getLogger(__name__)
FAULT_MESSAGE = "The server failed to answer this request. The error has been logged."


def _code(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def error_response(
    request: Request, status: int, message: str, code: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """The error as JSON under /api/, else as a page; `headers` (e.g. Allow on a 405) are kept."""
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"error": {"status": status, "code": code or _code(status), "message": message}},
            status_code=status, headers=headers,
        )
    response = render(request, "error.html", {"status": status, "message": message}, status=status)
    response.headers.update(headers or {})
    return response


class ServerErrors:
    """ASGI middleware: an exception no handler took becomes a logged traceback and a 500
    page (or the JSON envelope under /api) that tells nothing about the fault.

    It sits inside the security-headers middleware, so the 500 carries the same headers as
    every other response (Starlette's own last resort sits outside every middleware)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watch)
        except Exception:
            log.exception("unhandled error on %s %s", scope.get("method"), scope.get("path"))
            if started:  # too late for an error page; the server closes the connection
                raise
            response = error_response(Request(scope), 500, FAULT_MESSAGE, code="internal_error")
            await response(scope, receive, send)
