"""`/api/docs`: the API reference, rendered on the server from the app's own OpenAPI schema.

FastAPI's Swagger page loads its script and styles from a CDN: it shows nothing on a machine
without internet access, and it would need a CSP exception for third-party script. This page
needs neither; `/api/openapi.json` stays the machine-readable schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from newsdesk.web.render import render

METHODS = ("get", "post", "put", "patch", "delete")


def _type(schema: dict[str, Any]) -> str:
    if "anyOf" in schema:
        return " | ".join(_type(s) for s in schema["anyOf"])
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    kind = str(schema.get("type", "any"))
    return f"{kind} ({schema['format']})" if "format" in schema else kind


def operations(spec: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            out.append({
                "method": method.upper(),
                "path": path,
                "summary": op.get("summary", ""),
                "description": op.get("description", ""),
                "parameters": [
                    {"name": p["name"], "in": p["in"], "required": p.get("required", False),
                     "type": _type(p.get("schema", {})),
                     "description": p.get("description") or p.get("schema", {}).get("description", "")}
                    for p in op.get("parameters", [])
                ],
                "responses": [
                    {"status": status, "description": r.get("description", "")}
                    for status, r in op.get("responses", {}).items()
                ],
            })
    return out


def router() -> APIRouter:
    r = APIRouter(include_in_schema=False)

    @r.get("/api/docs", response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        spec = request.app.openapi()
        return render(request, "api_docs.html", {
            "operations": operations(spec), "version": spec.get("info", {}).get("version", ""),
        })

    return r
