"""The API's routes: thin — parse, call the engine (`state.engine`), return."""

from __future__ import annotations

import time
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
from reviewer.engine import OutOfTime
from reviewer.models import (
    PROBLEM_JSON,
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    Review,
    ReviewRequest,
    RewriteRequest,
    RewriteResponse,
    UnsupportedLanguageResponse,
    ValidationErrorResponse,
)
from reviewer.rewrite import Overloaded
from reviewer.web.errors import TimeBudgetExceeded


def _problem(model: type[ErrorResponse], description: str) -> ResponseSpec:
    # Every error is an RFC 9457 problem (reviewer/web/errors.py), and the schema says so.
    return ResponseSpec(model, description=description, generate_examples=False, media_type=PROBLEM_JSON)


# Every status each route can answer, documented (tests/test_schemathesis.py holds the server to it).
_BUG = {500: _problem(ErrorResponse, "Internal error: a bug (tests check that no input causes it)")}
_BODY_ERRORS = {
    400: _problem(ValidationErrorResponse, "Invalid body: malformed JSON, a wrong type, an unknown field, a blank "
                                           "text, … `detail` and `errors` name each field and the problem"),
    413: _problem(ErrorResponse, "Body over 1 MB"),
    422: _problem(UnsupportedLanguageResponse, "With language \"auto\", the text is in a language no pack reviews "
                                               "(\"the text looks German\"); set `language` to review it as one of "
                                               "the supported ones"),
    **_BUG,
}
_BUSY = {503: _problem(ErrorResponse, "Too many rewrites in progress; the Retry-After header says when to try again")}
_OUT_OF_TIME = {503: _problem(ErrorResponse, "The batch used up the request's time budget (REVIEWER_TIME_BUDGET) "
                                             "and was stopped; the Retry-After header says when to try again")}
_NO_RULE = {404: _problem(ErrorResponse, "No rule has this id")}


LONG_BATCH_CHARS = 20_000
BUDGET_RETRY_AFTER = 5  # seconds: a spent budget usually means a busy server, not a batch too big to ever finish


def _json(model: BaseModel) -> Response[Any]:
    # pydantic's own (Rust) serializer straight to bytes: a third of the framework's time per review otherwise.
    return Response(content=model.__pydantic_serializer__.to_json(model), media_type=MediaType.JSON)


@post("/v1/review", summary="Review one goal or mission", status_code=200, responses=_BODY_ERRORS)
async def review_endpoint(data: JSONBody[ReviewRequest], state: State) -> Response[Review]:
    return _json(state.engine.review_request(data))


@post("/v1/review/batch", summary="Review several goals together (adds set-level findings)", status_code=200,
      responses={**_BODY_ERRORS, **_OUT_OF_TIME})
async def review_batch_endpoint(data: JSONBody[BatchRequest], state: State) -> Response[BatchResponse]:
    # The time budget runs from here (the body has arrived, within `reviewer serve --request-timeout`); the
    # batch stops between items once it is spent. One text's review is linear in its length (≤ 10,000 chars).
    deadline = time.monotonic() + state.time_budget
    try:
        if sum(len(item.text) for item in data.items) > LONG_BATCH_CHARS:
            # Up to 50 × 10,000 characters is a few seconds of work: off the event loop, so that other clients'
            # small requests keep being answered meanwhile.
            return _json(await anyio.to_thread.run_sync(state.engine.review_batch, data, deadline))
        return _json(state.engine.review_batch(data, deadline))
    except OutOfTime:
        raise TimeBudgetExceeded(
            detail=f"the batch took longer than this service's time budget of {state.time_budget:g} s and was "
                   f"stopped; send fewer or shorter items, or try again later",
            headers={"Retry-After": str(BUDGET_RETRY_AFTER)},
        ) from None


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
