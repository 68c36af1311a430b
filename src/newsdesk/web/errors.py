"""One error shape: JSON `{"error": {"status", "code", "message"}}` under /api, a page elsewhere."""

from __future__ import annotations

from http import HTTPStatus

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from newsdesk.web.render import render


def _code(status: int) -> str:
    try:
        return HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        return "error"


def error_response(request: Request, status: int, message: str, code: str | None = None) -> Response:
    if request.url.path.startswith("/api/"):
        return JSONResponse(
            {"error": {"status": status, "code": code or _code(status), "message": message}},
            status_code=status,
        )
    return render(request, "error.html", {"status": status, "message": message}, status=status)
