"""Web security: response headers (CSP), the ingest token, request body limits, safe URL checks."""

from __future__ import annotations

import hmac
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.exceptions import HTTPException

from frontline.errors import FrontlineError, InputError

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# Online tiles are the only thing the page loads from elsewhere; everything else is same-origin.
TILE_HOSTS: tuple[str, ...] = ("https://tile.openstreetmap.org",)

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: " + " ".join(TILE_HOSTS),
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    )
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode("ascii")),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    # Tile servers ask for a referrer naming the site; the origin is enough and leaks no path.
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
)


class Unauthorized(FrontlineError):
    """A request needs a bearer token it did not carry (or carried a wrong one)."""

    http_status = 401
    code = "unauthorized"


class IngestDisabled(FrontlineError):
    """The ingest endpoint is off because no token is configured."""

    http_status = 403
    code = "ingest_disabled"


class PayloadTooLarge(InputError):
    """A request body is larger than the `max_bytes` setting allows."""

    http_status = 413
    code = "too_large"


def check_token(configured: str, authorization: str | None) -> None:
    """Raise unless ingest is enabled and `authorization` is `Bearer <configured token>`."""
    if not configured:
        raise IngestDisabled("ingest over the API is off: set FRONTLINE_INGEST_TOKEN and restart the server")
    scheme, _, given = (authorization or "").partition(" ")
    # Constant-time comparison: the token must not leak through response timing.
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), configured.encode()):
        raise Unauthorized("missing or wrong bearer token: send `Authorization: Bearer <FRONTLINE_INGEST_TOKEN>`")


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """Return the one JSON error shape every failing request gets."""
    return {"error": {"code": code, "message": message, "status": status}}


class SecurityHeaders:
    """ASGI middleware adding the CSP and related headers to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in names]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """ASGI middleware refusing request bodies over `limit` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size < 0 or size > self.limit:
                message = (
                    f"request body of {declared.decode('latin-1')} bytes refused: the limit is {self.limit} bytes "
                    "(FRONTLINE_MAX_BYTES)"
                )
                await _send_json(send, 413, error_body(413, PayloadTooLarge.code, message))
                return
        received = 0
        limit = self.limit

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Chunked bodies have no declared length; stop reading once over the limit. An
                    # HTTPException passes through FastAPI's body parsing unchanged (others become 400).
                    raise HTTPException(413, f"request body over the {limit}-byte limit (FRONTLINE_MAX_BYTES)")
            return message

        await self.app(scope, limited_receive, send)


async def _send_json(send: Send, status: int, body: dict[str, Any]) -> None:
    payload = json.dumps(body).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode())]
            + list(SECURITY_HEADERS),
        }
    )
    await send({"type": "http.response.body", "body": payload})
