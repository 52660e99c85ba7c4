"""CORS: exactly the configured origins, plus the service's own, may read the API's answers.

Browsers ask first (a preflight: OPTIONS with Access-Control-Request-Method) before a cross-origin POST of
JSON or any request with an Authorization or X-API-Key header. An allowed origin gets the methods and headers
the API uses; any other gets a 403 and no CORS headers, so the browser never sends the request. On ordinary
requests an allowed origin is echoed in Access-Control-Allow-Origin (with `Vary: Origin`); for any other the
answer carries no CORS header, so the page that asked cannot read it. Retry-After is exposed so a page can
say how long to wait after a 429 or 503, the rate limiter's RateLimit-Policy/-Limit/-Remaining/-Reset so it
can slow down before one (reviewer/web/ratelimit.py; Litestar's header names), and X-Request-ID so that it
can quote the request in a report. No cookies are involved, so credentials are never allowed.

"The service's own origin" is whatever host the request was addressed to: a page served by this service at
http://127.0.0.1:8000 or https://reviewer.example.com sends that origin, and it equals the Host header. A
page elsewhere cannot make its Origin equal the Host it calls.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from litestar.types import ASGIApp, Message, Receive, Scope, Send

METHODS = ("GET", "POST")
HEADERS = ("authorization", "content-type", "x-api-key")
# Header names as Litestar's RateLimitConfig sends them (its defaults; ratelimit.py keeps them).
RATE_LIMIT_HEADERS = ("ratelimit-policy", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset")
EXPOSE = ("retry-after", *RATE_LIMIT_HEADERS, "x-request-id")
MAX_AGE = 600


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == name:
            return value.decode("latin-1")
    return None


class CORS:
    """ASGI middleware factory (Litestar's `middleware=[CORS(...)]` calls it with the app it wraps)."""

    def __init__(self, origins: Iterable[str]) -> None:
        self.origins = frozenset(origins)

    def allows(self, origin: str, host: str | None) -> bool:
        if origin in self.origins:
            return True
        parts = urlsplit(origin)
        return bool(host) and parts.scheme in ("http", "https") and parts.netloc.lower() == host.lower()

    def __call__(self, app: ASGIApp) -> ASGIApp:
        async def middleware(scope: Scope, receive: Receive, send: Send) -> None:
            origin = _header(scope, b"origin") if scope["type"] == "http" else None
            if origin is None:
                await app(scope, receive, send)
                return
            allowed = self.allows(origin, _header(scope, b"host"))
            method = _header(scope, b"access-control-request-method")
            if scope["method"] == "OPTIONS" and method is not None:
                await self._preflight(send, origin, allowed, method, _header(scope, b"access-control-request-headers"))
                return
            if not allowed:
                await app(scope, receive, send)
                return

            async def send_with_cors(message: Message) -> None:
                if message["type"] == "http.response.start":
                    headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"vary"]
                    headers += [
                        (b"access-control-allow-origin", origin.encode("latin-1")),
                        (b"access-control-expose-headers", ", ".join(EXPOSE).encode()),
                        (b"vary", b"Origin"),
                    ]
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, send_with_cors)

        return middleware

    async def _preflight(self, send: Send, origin: str, allowed: bool, method: str, asked: str | None) -> None:
        wanted = {h.strip().lower() for h in (asked or "").split(",") if h.strip()}
        problem = (
            f"origin {origin} may not call this service (REVIEWER_CORS_ORIGINS)" if not allowed
            else f"method {method} is not allowed" if method.upper() not in METHODS
            else f"headers not allowed: {', '.join(sorted(wanted - set(HEADERS)))}" if wanted - set(HEADERS)
            else None
        )
        headers: list[tuple[bytes, bytes]] = [(b"vary", b"Origin")]
        if problem is None:
            status, body = 204, b""
            headers += [
                (b"access-control-allow-origin", origin.encode("latin-1")),
                (b"access-control-allow-methods", ", ".join(METHODS).encode()),
                (b"access-control-allow-headers", ", ".join(HEADERS).encode()),
                (b"access-control-max-age", str(MAX_AGE).encode()),
            ]
        else:
            # An RFC 9457 problem like every other refusal (reviewer/web/errors.py), built here: no app runs.
            status, body = 403, json.dumps({"type": "about:blank", "title": "Forbidden", "status": 403,
                                            "detail": problem, "status_code": 403}).encode()
            headers.append((b"content-type", b"application/problem+json"))
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
