"""How the API answers errors: RFC 9457 problem details (`application/problem+json`) for every 4xx and 5xx.

Each problem has a `type` (a stable URI per kind, see `KINDS`; "about:blank" where the status code says it
all), a `title` (the same for every problem of that kind), the `status`, a `detail` that says what went wrong
this time and names the field at fault, `status_code` (= status, for clients written before problem details)
and the `request_id` (also the X-Request-ID header). A 400 also lists `errors: [{field, message}]`.

No input ever causes a 5xx. No detail repeats the user's text: validation messages name the field and the
rule ("String should have at most 10000 characters"), never the value; an unexpected error is logged by
type and route only, without the request's text (it is confidential).
"""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ServiceUnavailableException, ValidationException
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_422_UNPROCESSABLE_ENTITY, HTTP_500_INTERNAL_SERVER_ERROR

from reviewer.detect import UnsupportedLanguage
from reviewer.models import PROBLEM_JSON, PROBLEM_TYPE
from reviewer.web.logs import REQUEST_ID

log = logging.getLogger("reviewer.api")

# status -> (slug of the problem's type URI, title). Statuses not here are "about:blank" with the status phrase.
KINDS: dict[int, tuple[str, str]] = {
    400: ("invalid-body", "Invalid request body"),
    401: ("api-key", "API key missing or not accepted"),
    413: ("body-too-large", "Request body too large"),
    422: ("unsupported-language", "Text in a language the service does not review"),
    429: ("rate-limited", "Too many requests"),
    500: ("internal-error", "Internal error"),
    503: ("busy", "Service busy"),
}
TOO_LARGE = "the request body is over the limit of 1 MB (1,000,000 bytes)"
# Litestar's detail for these is the bare status phrase: say what to do instead.
PLAIN = {404: "no endpoint at this path; /schema lists them",
         405: "this endpoint does not accept this method; /schema lists the methods of each"}
INTERNAL = "internal error: the request was not processed"


class TimeBudgetExceeded(ServiceUnavailableException):
    """The request used up its time budget (REVIEWER_TIME_BUDGET) and was stopped: a 503 with Retry-After."""

    problem = ("time-budget", "Time budget exceeded")


def problem(status: int, detail: str, *, kind: tuple[str, str] | None = None,
            errors: list[dict[str, str]] | None = None, headers: dict[str, str] | None = None,
            extra: dict[str, Any] | None = None) -> Response[Any]:
    """A problem details answer; `extra` adds members of the problem's kind (RFC 9457 extension members)."""
    slug, title = kind or KINDS.get(status, ("", ""))
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE + slug if slug else "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
        "status_code": status,
        "request_id": REQUEST_ID.get(),
    }
    if errors is not None:
        body["errors"] = errors
    body.update(extra or {})
    return Response(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


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


def validation_error(request: Request, exc: ValidationException) -> Response[Any]:
    errors = _field_errors(exc)
    detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or str(exc.detail)
    return problem(HTTP_400_BAD_REQUEST, detail, errors=errors)


def http_error(request: Request, exc: HTTPException) -> Response[Any]:
    status = exc.status_code
    detail = TOO_LARGE if status == 413 else INTERNAL if status >= 500 and status != 503 else str(exc.detail)
    if detail == HTTPStatus(status).phrase:
        detail = PLAIN.get(status, detail)
    errors = None
    if status == HTTP_400_BAD_REQUEST:  # malformed JSON: the same shape as every other 400
        errors, detail = [{"field": "body", "message": detail}], f"body: {detail}"
    return problem(status, detail, kind=getattr(exc, "problem", None), errors=errors, headers=dict(exc.headers or {}))


def invalid_encoding(request: Request, exc: UnicodeDecodeError) -> Response[Any]:
    # Litestar's JSON decoding lets this through (msgspec's own errors become a 400): a body that is not UTF-8.
    message = "the body is not valid UTF-8; JSON bodies must be UTF-8"
    return problem(HTTP_400_BAD_REQUEST, f"body: {message}", errors=[{"field": "body", "message": message}])


def unsupported_language(request: Request, exc: UnsupportedLanguage) -> Response[Any]:
    return problem(HTTP_422_UNPROCESSABLE_ENTITY, str(exc),
                   extra={"field": exc.field, "detected": exc.language, "supported": exc.supported})


def unexpected_error(request: Request, exc: Exception) -> Response[Any]:
    # The exception type and route template only: never the body, which holds the user's confidential text.
    route = request.scope.get("path_template") or "-"
    log.error("unexpected %s on %s %s", type(exc).__name__, request.method, route)
    return problem(HTTP_500_INTERNAL_SERVER_ERROR, INTERNAL)
