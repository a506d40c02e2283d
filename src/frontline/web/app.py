"""The web application: the JSON API, the map page and its static files, one JSON error shape.

    from frontline.web.app import create_app
    app = create_app("sqlite:///out/demo.db")      # serve with uvicorn, or test with httpx.ASGITransport
"""

from __future__ import annotations

import logging
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from frontline import __version__, settings
from frontline.errors import FrontlineError
from frontline.outputs.html_map import leaflet_dir
from frontline.store import Store, open_store
from frontline.web.api import Backend, build_router
from frontline.web.schemas import ErrorBody
from frontline.web.security import BodyLimit, SecurityHeaders, error_body

log = logging.getLogger(__name__)

_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
}


def static_dir() -> Path:
    """Return the folder holding the page's own files (app.js, app.css, the basemap)."""
    return Path(str(resources.files("frontline.web") / "static"))


def _error(status: int, code: str, message: str) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err.get("loc", ()) if p != "body") or "request"
        parts.append(f"{where}: {err.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts) + " (see /openapi.json for the accepted parameters)"


def install_error_handlers(app: FastAPI) -> None:
    """Turn every error (library, validation, routing, unexpected) into the one JSON error shape."""

    async def on_frontline(_request: Request, exc: Exception) -> Response:
        err = exc if isinstance(exc, FrontlineError) else FrontlineError(str(exc))
        if err.http_status >= 500:
            log.error("%s: %s", err.code, err)
        return _error(err.http_status, err.code, str(err))

    async def on_validation(_request: Request, exc: Exception) -> Response:
        message = _validation_message(exc) if isinstance(exc, RequestValidationError) else str(exc)
        return _error(422, "invalid_request", message)

    async def on_http(_request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, StarletteHTTPException) else 500
        detail = exc.detail if isinstance(exc, StarletteHTTPException) else ""
        message = detail if isinstance(detail, str) and detail else "request failed"
        if status == 404 and message == "Not Found":
            message = "no such page or endpoint: see /openapi.json for the API"
        response = _error(status, _STATUS_CODES.get(status, "http_error"), message)
        if isinstance(exc, StarletteHTTPException) and exc.headers:
            response.headers.update(exc.headers)
        return response

    async def on_unexpected(_request: Request, exc: Exception) -> Response:
        log.exception("unexpected error: %s", exc)
        return _error(500, "internal_error", "unexpected server error: the server log has the details")

    app.add_exception_handler(FrontlineError, on_frontline)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_unexpected)


def create_app(
    store: Store | str | None = None,
    *,
    ingest_token: str | None = None,
    max_body_bytes: int | None = None,
) -> FastAPI:
    """Return the web app over a store (or a database URL; default: the `db` setting).

    `ingest_token` enables POST /api/ingest (default: the `ingest_token` setting; empty keeps it off).
    """
    opened = store if isinstance(store, Store) else open_store(settings.db_url(store))
    token = settings.get("ingest_token") if ingest_token is None else ingest_token
    backend = Backend(opened, ingest_token=token)
    app = FastAPI(
        title="frontline",
        version=__version__,
        description="Conflict events, incidents and a dated control map, each traceable to its report.",
        # The interactive docs pages load their scripts from a CDN, which the page's CSP and
        # offline use both rule out; the schema itself is at /openapi.json.
        docs_url=None,
        redoc_url=None,
        responses={422: {"model": ErrorBody, "description": "Invalid request parameters"}},
    )
    app.state.backend = backend
    install_error_handlers(app)
    app.include_router(build_router(backend))
    app.mount("/static", StaticFiles(directory=static_dir()), name="static")
    app.mount("/leaflet", StaticFiles(directory=leaflet_dir()), name="leaflet")
    page = (static_dir() / "index.html").read_text(encoding="utf-8")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def index() -> HTMLResponse:
        return HTMLResponse(page, headers={"cache-control": "no-cache"})

    limit = settings.get_int("max_bytes") if max_body_bytes is None else max_body_bytes
    app.add_middleware(BodyLimit, limit=limit)
    app.add_middleware(SecurityHeaders)
    return app


def run(db: str | None, host: str, port: int, **uvicorn_options: Any) -> None:
    """Serve the app with uvicorn until interrupted."""
    import uvicorn

    app = create_app(db)
    log.info("serving %s on http://%s:%d/", app.state.backend.store.url, host, port)
    uvicorn.run(app, host=host, port=port, **uvicorn_options)
