"""The HTTP API (Litestar): thin — parse, call the library, return.

Bad input is a 400 whose `detail` names the field and the problem; bodies over 1 MB are a 413. The user's
text never reaches a log: request bodies are not logged, and unexpected errors are logged without them.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Litestar, MediaType, Request, Response, get, post
from litestar.config.cors import CORSConfig
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import RedocRenderPlugin, SwaggerRenderPlugin
from litestar.params import FromPath, JSONBody
from litestar.response import Redirect
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_500_INTERNAL_SERVER_ERROR, HTTP_503_SERVICE_UNAVAILABLE

from reviewer import __version__
from reviewer.engine import Reviewer
from reviewer.models import BatchRequest, BatchResponse, Review, ReviewRequest, RewriteRequest, RewriteResponse
from reviewer.rewrite import Overloaded

MAX_BODY_BYTES = 1_000_000
log = logging.getLogger("reviewer.api")


def _field_errors(exc: ValidationException) -> list[dict[str, str]]:
    errors = []
    for item in exc.extra if isinstance(exc.extra, list) else []:
        if not isinstance(item, dict):
            continue
        message = str(item.get("message", "invalid value")).removeprefix("Value error, ")
        if "valid dictionary or instance" in message:
            message = "the body must be a JSON object"
        errors.append({"field": str(item.get("key") or "body"), "message": message})
    return errors


def validation_error(request: Request, exc: ValidationException) -> Response[dict[str, Any]]:
    errors = _field_errors(exc)
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or str(exc.detail)
    return Response({"status_code": 400, "detail": detail, "errors": errors}, status_code=HTTP_400_BAD_REQUEST)


def http_error(request: Request, exc: HTTPException) -> Response[dict[str, Any]]:
    headers = dict(exc.headers or {})
    return Response({"status_code": exc.status_code, "detail": exc.detail}, status_code=exc.status_code, headers=headers)


def unexpected_error(request: Request, exc: Exception) -> Response[dict[str, Any]]:
    # The exception type and route only: never the body, which holds the user's confidential text.
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, request.url.path)
    return Response(
        {"status_code": 500, "detail": "internal error: the request was not processed"},
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


@post("/v1/review", summary="Review one goal or mission", status_code=200)
async def review_endpoint(data: JSONBody[ReviewRequest], state: State) -> Review:
    return state.engine.review_request(data)


@post("/v1/review/batch", summary="Review several goals together (adds set-level findings)", status_code=200)
async def review_batch_endpoint(data: JSONBody[BatchRequest], state: State) -> BatchResponse:
    return state.engine.review_batch(data)


@post("/v1/rewrite", summary="Suggest better versions, each re-checked by the rules", status_code=200)
async def rewrite_endpoint(data: JSONBody[RewriteRequest], state: State) -> RewriteResponse:
    try:
        return await state.engine.rewrite(data)
    except Overloaded as exc:
        raise HTTPException(
            status_code=HTTP_503_SERVICE_UNAVAILABLE,
            detail="too many rewrites in progress; try again shortly",
            headers={"Retry-After": str(exc.retry_after)},
        ) from None


@get("/v1/rules", summary="The rule catalog: id, criterion, description, examples per language")
async def rules_endpoint(state: State) -> list[dict[str, Any]]:
    return state.engine.rule_catalog


@get("/v1/rules/{rule_id:str}", summary="One rule")
async def rule_endpoint(rule_id: FromPath[str], state: State) -> dict[str, Any]:
    for rule in state.engine.rule_catalog:
        if rule["id"] == rule_id:
            return rule
    raise NotFoundException(detail=f"rule_id: no rule {rule_id!r}; GET /v1/rules lists them")


@get("/v1/languages", summary="Supported languages")
async def languages_endpoint(state: State) -> list[dict[str, str]]:
    return state.engine.language_list


@get("/", summary="Start page: the interactive API docs", include_in_schema=False)
async def root() -> Redirect:
    return Redirect(path="/schema/swagger")




@get("/health", summary="Liveness", media_type=MediaType.JSON)
async def health() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


def create_app(engine: Reviewer | None = None) -> Litestar:
    """The app over one engine, built here once (packs compiled, lingua loaded, provider chosen) unless a
    test hands one in. Handlers reach it as `state.engine`."""
    engine = engine or Reviewer.from_env()
    return Litestar(
        state=State({"engine": engine}),
        route_handlers=[
            review_endpoint,
            review_batch_endpoint,
            rewrite_endpoint,
            rules_endpoint,
            rule_endpoint,
            languages_endpoint,
            health,
            root,
        ],
        exception_handlers={
            ValidationException: validation_error,
            HTTPException: http_error,
            Exception: unexpected_error,
        },
        cors_config=CORSConfig(allow_origins=["*"], allow_methods=["GET", "POST", "OPTIONS"], allow_headers=["content-type"]),
        openapi_config=OpenAPIConfig(
            title="Goal and mission reviewer",
            version=__version__,
            description=(
                "Deterministic SMART checks for marketing goals and mission checks, in English, Danish, "
                "Norwegian (bokmål) and Swedish, with the exact span behind each finding; rewrites that must "
                "pass the same checks."
            ),
            render_plugins=[SwaggerRenderPlugin(), RedocRenderPlugin(path="/redoc")],
        ),
        request_max_body_size=MAX_BODY_BYTES,
        debug=False,
    )

