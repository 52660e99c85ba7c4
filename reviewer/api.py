"""The HTTP API (Litestar): thin — parse, call the library, return.

Bad input is a 400 whose `detail` names the field and the problem; bodies over 1 MB are a 413. The user's
text never reaches a log: request bodies are not logged, and unexpected errors are logged without them.
With API keys configured every /v1 endpoint needs one (reviewer/web/keys.py); only the configured origins
and the service's own may read answers in a browser (reviewer/web/cors.py); the playground is at /
(reviewer/web/playground.py) and the API docs at /schema.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any

import anyio.to_thread
from litestar import Litestar, MediaType, Request, Response, Router, get, post
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi import OpenAPIConfig, ResponseSpec
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.openapi.spec import Example
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE
from pydantic import BaseModel

from reviewer import __version__
from reviewer.engine import Reviewer
from reviewer.models import (
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    Review,
    ReviewRequest,
    RewriteRequest,
    RewriteResponse,
    ValidationErrorResponse,
)
from reviewer.openapi import align, require_keys
from reviewer.rewrite import Overloaded
from reviewer.web.cors import CORS
from reviewer.web.keys import ApiKeys
from reviewer.web.playground import Playground, playground, static_router, template_config, ui_text
from reviewer.web.settings import WebSettings

MAX_BODY_BYTES = 1_000_000
log = logging.getLogger("reviewer.api")


def _field_errors(exc: ValidationException) -> list[dict[str, str]]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "invalid value")).removeprefix("Value error, ")
        field = str(item.get("key") or "body")
        if "valid dictionary or instance" in message or (field == "data" and item.get("source") == "body"):
            field, message = "body", "the body must be a JSON object"  # null, a list, a string, or no body at all
        errors.append({"field": field, "message": message})
    return errors


def validation_error(request: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    errors = _field_errors(exc)
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or str(exc.detail)
    return Response({"status_code": 400, "detail": detail, "errors": errors}, status_code=HTTP_400_BAD_REQUEST)


def http_error(request: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    headers = dict(exc.headers or {})
    body: dict[str, Any] = {"status_code": exc.status_code, "detail": exc.detail}
    if exc.status_code == HTTP_400_BAD_REQUEST:  # malformed JSON: the same shape as every other 400
        body["errors"] = [{"field": "body", "message": exc.detail}]
    return Response(body, status_code=exc.status_code, headers=headers)


def unexpected_error(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    # The exception type and route only: never the body, which holds the user's confidential text.
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return Response(
        {"status_code": 500, "detail": "internal error: the request was not processed"},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


# Every status each route can answer, documented (tests/test_schemathesis.py holds the server to it).
_BUG = {500: ResponseSpec(ErrorResponse, description="Internal error: a bug (tests check that no input causes it)",
                          generate_examples=False)}
_BODY_ERRORS = {
    400: ResponseSpec(ValidationErrorResponse, generate_examples=False,
                      description="Invalid body: malformed JSON, a wrong type, an unknown field, a blank text, … "
                                  "`detail` names each field and the problem"),
    413: ResponseSpec(ErrorResponse, description="Body over 1 MB", generate_examples=False),
    **_BUG,
}
_BUSY = {503: ResponseSpec(ErrorResponse, generate_examples=False,
                           description="Too many rewrites in progress; the Retry-After header says when to try again")}
_NO_RULE = {404: ResponseSpec(ErrorResponse, description="No rule has this id", generate_examples=False)}


LONG_BATCH_CHARS = 20_000


def _json(model: BaseModel) -> Response[Any]:
    # pydantic's own (Rust) serializer straight to bytes: a third of the framework's time per review otherwise.
    return Response(content=model.__pydantic_serializer__.to_json(model), media_type=MediaType.JSON)


@post("/v1/review", summary="Review one goal or mission", status_code=200, responses=_BODY_ERRORS)
async def review_endpoint(data: JSONBody[ReviewRequest], state: State) -> Response[Review]:
    return _json(state.engine.review_request(data))


@post("/v1/review/batch", summary="Review several goals together (adds set-level findings)", status_code=200,
      responses=_BODY_ERRORS)
async def review_batch_endpoint(data: JSONBody[BatchRequest], state: State) -> Response[BatchResponse]:
    if sum(len(item.text) for item in data.items) > LONG_BATCH_CHARS:
        # Up to 50 × 10,000 characters is a few seconds of work: off the event loop, so that other clients'
        # small requests keep being answered meanwhile.
        return _json(await anyio.to_thread.run_sync(state.engine.review_batch, data))
    return _json(state.engine.review_batch(data))


@post("/v1/rewrite", summary="Suggest better versions, each re-checked by the rules", status_code=200,
      responses={**_BODY_ERRORS, **_BUSY})
async def rewrite_endpoint(data: JSONBody[RewriteRequest], state: State) -> RewriteResponse:
    try:
        return await state.engine.rewrite(data)
    except Overloaded as exc:
        raise HTTPException(
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            detail="too many rewrites in progress; try again shortly",
            headers={"Retry-After": str(exc.retry_after)},
        ) from None


@get("/v1/rules", summary="The rule catalog: id, criterion, description, examples per language", responses=_BUG)
async def rules_endpoint(state: State) -> list[dict[str, Any]]:
    return state.engine.rule_catalog


@get("/v1/rules/{rule_id:str}", summary="One rule", responses={**_NO_RULE, **_BUG})
async def rule_endpoint(rule_id: Annotated[str, PathParameter(
    description="a rule id from GET /v1/rules", examples=[Example(value="goal.time_bound.open-ended")],
)], state: State) -> dict[str, Any]:
    for rule in state.engine.rule_catalog:
        if rule["id"] == rule_id:
            return rule
    raise NotFoundException(detail=f"rule_id: no rule {rule_id!r}; GET /v1/rules lists them")


@get("/v1/languages", summary="Supported languages", responses=_BUG)
async def languages_endpoint(state: State) -> list[dict[str, str]]:
    return state.engine.language_list


@get("/health", summary="Liveness", media_type=MediaType.JSON, responses=_BUG)
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


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
    engine = engine or Reviewer.from_env()
    settings = settings or WebSettings.from_env()
    keys = ApiKeys(settings.api_keys)
    v1 = Router(
        path="/",
        route_handlers=[
            review_endpoint,
            review_batch_endpoint,
            rewrite_endpoint,
            rules_endpoint,
            rule_endpoint,
            languages_endpoint,
        ],
        guards=[keys.guard],
    )
    page = Playground(text=ui_text(), languages=engine.language_list, keys_required=keys.required)
    app = Litestar(
        state=State({"engine": engine, "playground": page}),
        route_handlers=[v1, health, playground, static_router()],
        exception_handlers={
            ValidationException: validation_error,
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
    )
    align(app.openapi_schema)  # the schema of our types is pydantic's own (reviewer/openapi.py)
    if keys.required:
        require_keys(app.openapi_schema)
    return app
