"""How the API answers errors: bad input is a 400 whose `detail` names the field and the problem; no input
ever causes a 5xx, and an unexpected error is logged without the request's text (it is confidential)."""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_500_INTERNAL_SERVER_ERROR

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
