"""The API's routes: thin — parse, call the engine (`state.engine`), return."""

from __future__ import annotations

from typing import Annotated, Any

import anyio.to_thread
from litestar import MediaType, Response, get, post
from litestar.datastructures import State
from litestar.exceptions import HTTPException, NotFoundException
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from pydantic import BaseModel

from reviewer import __version__
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
from reviewer.rewrite import Overloaded

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

V1 = [review_endpoint, review_batch_endpoint, rewrite_endpoint, rules_endpoint, rule_endpoint, languages_endpoint]
