"""The HTTP API (Litestar): thin — parse, call the library, return.

Errors are RFC 9457 problem details (reviewer/web/errors.py): bad input is a 400 whose `detail` names the field
and the problem; bodies over 1 MB are a 413. The user's text never reaches a log: request bodies are not
logged, and unexpected errors are logged without them. Every answer carries an X-Request-ID and the security
headers (reviewer/web/logs.py, reviewer/web/headers.py).
With API keys configured every /v1 endpoint needs one (reviewer/web/keys.py); only the configured origins
and the service's own may read answers in a browser (reviewer/web/cors.py); the playground is at /
(reviewer/web/playground.py) and the API docs at /schema.
"""

from __future__ import annotations

import logging

from litestar import Litestar, Router
from litestar.datastructures import State
from litestar.exceptions import HTTPException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin

from reviewer import __version__
from reviewer.detect import UnsupportedLanguage
from reviewer.engine import Reviewer
from reviewer.openapi import align, require_keys
from reviewer.web.cors import CORS
from reviewer.web.errors import (
    http_error,
    invalid_encoding,
    unexpected_error,
    unsupported_language,
    validation_error,
)
from reviewer.web.headers import SecurityHeaders
from reviewer.web.keys import ApiKeys
from reviewer.web.logs import RequestLog
from reviewer.web.metrics import TELEMETRY, instrument, metrics_endpoint
from reviewer.web.playground import Playground, playground, static_router, template_config, ui_text
from reviewer.web.ratelimit import rate_limits
from reviewer.web.routes import V1, health
from reviewer.web.settings import WebSettings

MAX_BODY_BYTES = 1_000_000
log = logging.getLogger("reviewer.api")


def _announce(keys: ApiKeys, settings: WebSettings) -> None:
    # Counts and origins only: a key never reaches a log.
    if keys.required:
        log.info("API keys: %d configured; every /v1 endpoint requires one", len(keys))
    else:
        log.warning("API keys: none configured (REVIEWER_API_KEYS, REVIEWER_API_KEYS_FILE): the /v1 endpoints are "
                    "open to anyone who can reach this address; fine for local use")
    log.info("CORS: pages may read answers from this service's own origin%s",
             f" and {', '.join(settings.cors_origins)}" if settings.cors_origins else " only (REVIEWER_CORS_ORIGINS)")


def create_app(engine: Reviewer | None = None, settings: WebSettings | None = None) -> Litestar:
    """The app over one engine, built here once (packs compiled, lingua loaded, provider chosen) unless a
    test hands one in; likewise the web settings (keys, CORS origins). Handlers reach the engine as
    `state.engine`."""
    engine = engine or Reviewer.from_env(telemetry=TELEMETRY)  # counts into /metrics (reviewer/web/metrics.py)
    settings = settings or WebSettings.from_env()
    keys = ApiKeys(settings.api_keys)
    v1 = Router(
        path="/",
        route_handlers=V1,
        guards=[keys.guard],
        middleware=rate_limits(settings, keys),  # per key, or per address when open (reviewer/web/ratelimit.py)
    )
    page = Playground(text=ui_text(), languages=engine.language_list, keys_required=keys.required)
    app = Litestar(
        state=State({"engine": engine, "playground": page, "time_budget": settings.time_budget}),
        route_handlers=[v1, health, metrics_endpoint, playground, static_router()],
        exception_handlers={
            ValidationException: validation_error,
            UnsupportedLanguage: unsupported_language,
            UnicodeDecodeError: invalid_encoding,
            HTTPException: http_error,
            Exception: unexpected_error,
        },
        middleware=[CORS(settings.cors_origins)],
        template_config=template_config(),
        on_startup=[lambda: _announce(keys, settings)],
        openapi_config=OpenAPIConfig(
            title="Goal and mission reviewer",
            version=__version__,
            description=(
                "Deterministic SMART checks for marketing goals and mission checks, in English, Danish, "
                "Norwegian (bokmål) and Swedish, with the exact span behind each finding; rewrites that must "
                "pass the same checks."
                + (" Every /v1 endpoint requires an API key: `Authorization: Bearer <key>` or `X-API-Key: <key>`."
                   if keys.required else "")
            ),
            render_plugins=[SwaggerRenderPlugin(), RedocRenderPlugin(path="/redoc")],
        ),
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
        logging_config=None,  # `reviewer serve` configures logging (reviewer/web/logs.py): JSON lines, request ids
    )
    align(app.openapi_schema)  # the schema of our types is pydantic's own (reviewer/openapi.py)
    if keys.required:
        require_keys(app.openapi_schema)
    app = instrument(app)  # every request counted, 404s and 429s too
    # Around everything, 404s and 405s included: the request id and access line (reviewer/web/logs.py) and the
    # security headers (reviewer/web/headers.py).
    app.asgi_handler = RequestLog(SecurityHeaders(app.asgi_handler))
    return app
