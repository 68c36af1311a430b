"""`create_app(settings, store)`: builds the FastAPI app; nothing happens at import time."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk.errors import InputError, NotFound
from newsdesk.settings import Settings
from newsdesk.store import Store
from newsdesk.web import api, apidocs, feeds, pages
from newsdesk.web.cache import ResponseCache
from newsdesk.web.errors import ServerErrors, error_response
from newsdesk.web.security import SecurityHeaders

HERE = Path(__file__).parent


def create_app(settings: Settings, store: Store) -> FastAPI:
    app = FastAPI(
        title="newsdesk",
        version="1",
        docs_url=None,  # apidocs.py renders /api/docs without a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.settings = settings
    app.state.store = store
    # innermost first: the cache keeps what the routes answered, ServerErrors turns a fault
    # into a 500 page, SecurityHeaders adds its headers to every answer, cached or not
    app.add_middleware(ResponseCache, version=store.items_version,
                       local_version=store.local_changes)
    app.add_middleware(ServerErrors)
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    app.include_router(api.router)
    app.include_router(pages.router(settings))
    app.include_router(feeds.router(settings))
    app.include_router(apidocs.router())

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> Response:
        ok = store.ping()
        return JSONResponse({"status": "ok" if ok else "database unavailable"},
                            status_code=200 if ok else 503)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
        message = f"{where}: {first.get('msg', 'invalid')}" if where else "invalid request"
        return error_response(request, 422, message, code="invalid_parameter")

    @app.exception_handler(InputError)
    async def bad_input(request: Request, exc: InputError) -> Response:
        return error_response(request, 400, str(exc), code="bad_request")

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, str(exc), code="not_found")

    return app
