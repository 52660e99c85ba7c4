"""Security headers on every answer, set in one place.

- `X-Content-Type-Options: nosniff` everywhere: a browser never guesses a type (a JSON answer holding the
  user's text is never run as HTML or script).
- `Referrer-Policy: no-referrer` everywhere: the service links nowhere that needs to know where a visitor came
  from, and a referrer could carry a page address the user did not mean to share; stricter than
  strict-origin-when-cross-origin at no cost.
- HTML (the playground): `PAGE_POLICY`, a Content-Security-Policy that allows scripts, styles and connections
  from this origin only, no inline script or style, no plugins, no framing (`frame-ancestors 'none'`, the
  modern X-Frame-Options, which is sent too for old browsers).
- The API docs under /schema (Swagger UI, ReDoc) are Litestar's pages: they load their scripts from a CDN and
  start them with an inline script that holds our own OpenAPI document (no user data), so they get
  `DOCS_POLICY`, which allows those CDNs and inline code on those pages only, and still no framing.
- Everything else (JSON, problem details, static files): `API_POLICY`, nothing may load and no page may frame
  it (the OWASP REST recommendation); a JSON answer opened in a tab runs nothing.
"""

from __future__ import annotations

from litestar.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
DOCS_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' https://cdn.jsdelivr.net https://cdn.redoc.ly; "
    "style-src 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://cdn.jsdelivr.net https://cdn.redoc.ly; "
    "connect-src 'self'; worker-src blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'"
)
API_POLICY = "default-src 'none'; frame-ancestors 'none'"
ALWAYS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
OURS = frozenset(name for name, _ in ALWAYS) | {b"content-security-policy"}


def policy(path: str, content_type: bytes) -> str:
    if not content_type.lower().startswith(b"text/html"):
        return API_POLICY
    return DOCS_POLICY if path == "/schema" or path.startswith("/schema/") else PAGE_POLICY


class SecurityHeaders:
    """ASGI wrapper around the whole app, so that 404s and 405s (which Litestar's per-route middleware
    never sees) carry the headers too. Its values replace any the app set: one policy, defined here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]  # as the client sent it (the router normalises scope["path"] later)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", ()))
                content_type = next((v for k, v in headers if k.lower() == b"content-type"), b"")
                headers = [(k, v) for k, v in headers if k.lower() not in OURS]
                headers += [*ALWAYS, (b"content-security-policy", policy(path, content_type).encode())]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
