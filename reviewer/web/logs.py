"""Request ids and private, structured logs.

Every HTTP request gets an id: the client's `X-Request-ID` when it is sane (1 to 64 characters of
[A-Za-z0-9._-]), a fresh uuid4 hex otherwise. The answer carries it back as `X-Request-ID` (errors too, and
in a problem's `request_id`), and every log record written while the request runs carries it as
`request_id` (a contextvar, copied into each record by `RequestIdFilter`).

One access line per request (logger `reviewer.access`, level INFO, so `reviewer serve --access-log` turns it
on by its level alone): method, route template ("/v1/rules/{rule_id:str}", never the raw path), status,
duration_ms, bytes_in (request body bytes read) and bytes_out. Never a body, a query string, a header value
(keys travel in headers) or a client address: users paste confidential strategy into this service.

`log_config(fmt, access)` is the logging configuration `reviewer serve` hands uvicorn (applied in every
worker): JSON lines via python-json-logger by default, or plain text; uvicorn's own access log, which
prints the raw path with its query string, stays off.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextvars import ContextVar
from typing import Any, Literal

from litestar.types import ASGIApp, Message, Receive, Scope, Send

REQUEST_ID: ContextVar[str | None] = ContextVar("request_id", default=None)
HEADER = b"x-request-id"
_SANE = re.compile(rb"[A-Za-z0-9._-]{1,64}")
access_log = logging.getLogger("reviewer.access")

LogFormat = Literal["json", "text"]
LOG_FORMATS: tuple[LogFormat, ...] = ("json", "text")


def request_id(scope: Scope) -> str:
    """The client's X-Request-ID if it is sane, else a new uuid4 hex."""
    for name, value in scope.get("headers", ()):
        if name == HEADER:
            return value.decode("ascii") if _SANE.fullmatch(value) else uuid.uuid4().hex
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the running request's id on every record (nothing outside a request), and drops uvicorn's
    `color_message` extra, which would be a second, ANSI-coloured copy of the message in JSON."""

    def filter(self, record: logging.LogRecord) -> bool:
        rid = REQUEST_ID.get()
        if rid is not None:
            record.request_id = rid
        record.__dict__.pop("color_message", None)
        return True


class RequestLog:
    """ASGI wrapper around the whole app (404s and 405s included, which Litestar's per-route middleware
    never sees): sets the request id, returns it, and writes the access line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rid = request_id(scope)
        token = REQUEST_ID.set(rid)
        started = time.perf_counter()
        seen = {"status": 0, "in": 0, "out": 0, "gone": False}

        async def counting_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                seen["in"] += len(message.get("body", b""))
            elif message["type"] == "http.disconnect":
                seen["gone"] = True
            return message

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                seen["status"] = message["status"]
                headers = [(k, v) for k, v in message.get("headers", ()) if k.lower() != HEADER]
                message = {**message, "headers": [*headers, (HEADER, rid.encode("ascii"))]}
            elif message["type"] == "http.response.body":
                seen["out"] += len(message.get("body", b""))
            await send(message)

        try:
            await self.app(scope, counting_receive, send_with_id)
        finally:
            if seen["gone"] and (not seen["status"] or seen["status"] >= 500):
                seen["status"] = 499  # the client left before its answer (as in reviewer/web/metrics.py)
            if access_log.isEnabledFor(logging.INFO):
                route = scope.get("path_template")  # set by the router; None when no route matched
                duration = round((time.perf_counter() - started) * 1000, 2)
                # The arguments are the method, a route template and numbers: nothing the user typed.
                access_log.info(
                    "%s %s %s %.2fms", scope["method"], route or "-", seen["status"] or "-", duration,
                    extra={"method": scope["method"], "route": route, "status": seen["status"] or None,
                           "duration_ms": duration, "bytes_in": seen["in"], "bytes_out": seen["out"]},
                )
            REQUEST_ID.reset(token)


def text_formatter() -> logging.Formatter:
    return logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
                             defaults={"request_id": "-"})


def log_config(fmt: LogFormat = "json", access: bool = False) -> dict[str, Any]:
    """The dictConfig for `reviewer serve`: one stream handler (stderr) with the request-id filter, the
    chosen format, and `reviewer.access` at INFO only when the access log is on."""
    if fmt not in LOG_FORMATS:
        raise ValueError(f"log format must be one of {', '.join(LOG_FORMATS)}, not {fmt!r}")
    formatter: dict[str, Any] = {"()": text_formatter} if fmt == "text" else {
        "()": "pythonjsonlogger.json.JsonFormatter",
        "fmt": "%(levelname)s %(name)s %(message)s",
        "rename_fields": {"levelname": "level", "name": "logger"},
        "timestamp": "time",  # ISO 8601, UTC
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": RequestIdFilter}},
        "formatters": {"default": formatter},
        "handlers": {"default": {"class": "logging.StreamHandler", "formatter": "default",
                                 "filters": ["request_id"], "stream": "ext://sys.stderr"}},
        "root": {"handlers": ["default"], "level": "INFO"},
        "loggers": {
            "uvicorn": {"level": "INFO"},
            "uvicorn.error": {"level": "INFO"},
            # uvicorn's access line holds the raw path and query string: never on (ours replaces it).
            "uvicorn.access": {"level": "WARNING", "propagate": False},
            "reviewer.access": {"level": "INFO" if access else "WARNING"},
        },
    }
