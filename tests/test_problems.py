"""Every error is an RFC 9457 problem (application/problem+json) that names the field at fault, the limits
hold (1 MB bodies, 10,000 characters a text, 50 items a batch, a time budget per request), and the
OpenAPI document says so. The 413 is also checked on a real `reviewer serve`, with and without
Content-Length."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from litestar.testing import TestClient

from reviewer.api import create_app
from reviewer.engine import Reviewer
from reviewer.models import MAX_BATCH_ITEMS, MAX_TEXT_CHARS, ErrorResponse, ValidationErrorResponse
from reviewer.web.settings import SettingsError, WebSettings
from tests.conftest import Server

KEY = {"x-api-key": "problem-key"}
JSON = {"content-type": "application/json", **KEY}
GOAL = {"text": "Increase trial sign-ups from 200 to 300 a month by 30 June 2027", "language": "en"}
TYPE = "https://reviewer.invalid/problems/"
TWO_MB = b'{"text": "' + b"a" * 2_000_000 + b'"}'


@pytest.fixture(scope="module")
def engine() -> Reviewer:
    return Reviewer.from_env({})


@pytest.fixture(scope="module")
def client(engine: Reviewer) -> Iterator[TestClient]:
    with TestClient(create_app(engine, WebSettings(api_keys=frozenset({"problem-key"})))) as c:
        yield c


def assert_problem(r: httpx.Response, status: int, kind: str | None) -> dict[str, Any]:
    """The answer is a problem of this status and kind, complete, and its request id is the header's."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"] == "application/problem+json"
    body = r.json()
    model = ValidationErrorResponse if "errors" in body else ErrorResponse
    model.model_validate(body)  # the documented shape, nothing missing
    assert body["type"] == (TYPE + kind if kind else "about:blank")
    assert body["status"] == body["status_code"] == status
    assert body["title"] and body["detail"]
    assert body["request_id"] == r.headers["x-request-id"]
    return body


# (method, path, request kwargs, status, problem kind, field named in `errors` (400s))
CASES = [
    ("post", "/v1/review", {"content": b'{"text": "Grow', "headers": JSON}, 400, "invalid-body", "body"),
    ("post", "/v1/review", {"content": b'{"text": "Grow \xff"}', "headers": JSON}, 400, "invalid-body", "body"),
    ("post", "/v1/review", {"content": b"[1, 2]", "headers": JSON}, 400, "invalid-body", "body"),
    ("post", "/v1/review", {"json": {"text": 5}, "headers": KEY}, 400, "invalid-body", "text"),
    ("post", "/v1/review", {"json": {**GOAL, "colour": "red"}, "headers": KEY}, 400, "invalid-body", "colour"),
    ("post", "/v1/review", {"json": {**GOAL, "context": {"today": "soon"}}, "headers": KEY}, 400, "invalid-body",
     "context.today"),
    ("post", "/v1/review", {"json": {"text": "a" * (MAX_TEXT_CHARS + 1)}, "headers": KEY}, 400, "invalid-body", "text"),
    ("post", "/v1/review/batch", {"json": {"items": [GOAL] * (MAX_BATCH_ITEMS + 1)}, "headers": KEY}, 400,
     "invalid-body", "items"),
    ("post", "/v1/review/batch", {"json": {"items": [GOAL, {"text": "a" * (MAX_TEXT_CHARS + 1)}]}, "headers": KEY},
     400, "invalid-body", "items.1.text"),
    ("post", "/v1/rewrite", {"json": {**GOAL, "max_suggestions": "3"}, "headers": KEY}, 400, "invalid-body",
     "max_suggestions"),
    ("post", "/v1/review", {"json": GOAL}, 401, "api-key", None),
    ("get", "/v1/rules", {"headers": {"x-api-key": "wrong"}}, 401, "api-key", None),
    ("get", "/v1/rules/no.such.rule", {"headers": KEY}, 404, None, None),
    ("get", "/no/such/page", {}, 404, None, None),
    ("put", "/v1/review", {"json": GOAL, "headers": KEY}, 405, None, None),
    ("delete", "/health", {}, 405, None, None),
    ("post", "/v1/review", {"content": TWO_MB, "headers": JSON}, 413, "body-too-large", None),
]


@pytest.mark.parametrize(("method", "path", "kwargs", "status", "kind", "field"), CASES,
                         ids=[f"{c[3]}-{c[5] or c[1]}" for c in CASES])
def test_every_error_is_a_problem(client: TestClient, method: str, path: str, kwargs: dict[str, Any], status: int,
                                  kind: str | None, field: str | None) -> None:
    body = assert_problem(getattr(client, method)(path, **kwargs), status, kind)
    if field is not None:
        assert body["errors"][0]["field"] == field, body
        assert body["detail"].startswith(f"{field}: "), body
    else:
        assert "errors" not in body


def test_a_kind_has_one_title(client: TestClient) -> None:
    titles = {(r.json()["type"], r.json()["title"]) for r in (
        client.post("/v1/review", json={"text": 5}, headers=KEY),
        client.post("/v1/review", content=b"{", headers=JSON),
        client.post("/v1/review/batch", json={"items": []}, headers=KEY),
    )}
    assert titles == {(TYPE + "invalid-body", "Invalid request body")}


def test_the_limits_are_exact(client: TestClient) -> None:
    # 10,000 characters and 50 items pass; one more of either is refused (above).
    assert client.post("/v1/review", json={"text": "a" * MAX_TEXT_CHARS}, headers=KEY).status_code == 200
    assert client.post("/v1/review/batch", json={"items": [GOAL] * MAX_BATCH_ITEMS}, headers=KEY).status_code == 200


def test_a_spent_time_budget_stops_the_batch_with_a_503(engine: Reviewer) -> None:
    # A budget far below one review's time: the batch stops between items, whatever the machine's speed.
    settings = WebSettings(time_budget=1e-9)
    with TestClient(create_app(engine, settings)) as c:
        r = c.post("/v1/review/batch", json={"items": [GOAL, GOAL]})
        body = assert_problem(r, 503, "time-budget")
        assert "time budget" in body["detail"] and int(r.headers["retry-after"]) > 0
        assert c.post("/v1/review", json=GOAL).status_code == 200  # one text is not cut short
    with TestClient(create_app(engine, WebSettings())) as c:
        assert c.post("/v1/review/batch", json={"items": [GOAL, GOAL]}).status_code == 200


@pytest.mark.parametrize(("value", "seconds"), [(None, 10.0), ("2.5", 2.5), (" 30 ", 30.0)])
def test_time_budget_setting(value: str | None, seconds: float) -> None:
    env = {} if value is None else {"REVIEWER_TIME_BUDGET": value}
    assert WebSettings.from_env(env).time_budget == seconds


@pytest.mark.parametrize("value", ["0", "-1", "soon", "nan", "inf"])
def test_a_bad_time_budget_refuses_to_start(value: str) -> None:
    with pytest.raises(SettingsError, match="REVIEWER_TIME_BUDGET"):
        WebSettings.from_env({"REVIEWER_TIME_BUDGET": value})


def test_the_schema_documents_every_error_as_a_problem(client: TestClient) -> None:
    schema = client.get("/schema/openapi.json").json()
    errors = 0
    for path, item in schema["paths"].items():
        for method, op in item.items():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    errors += 1
                    assert list(response["content"]) == ["application/problem+json"], (path, method, status)
    assert errors >= 15
    assert "503" in schema["paths"]["/v1/review/batch"]["post"]["responses"]  # the time budget
    problem = schema["components"]["schemas"]["ErrorResponse"]
    assert {"type", "title", "status", "detail", "status_code"} <= set(problem["required"])


def _chunked(data: bytes, size: int = 64 * 1024) -> Iterator[bytes]:
    for i in range(0, len(data), size):
        yield data[i:i + size]


@pytest.mark.parametrize("chunked", [False, True], ids=["content-length", "chunked"])
def test_a_2_mb_body_is_a_413_problem_from_the_real_server(server: Server, chunked: bool) -> None:
    content = _chunked(TWO_MB) if chunked else TWO_MB
    r = httpx.post(f"{server.url}/v1/review", content=content, headers={"content-type": "application/json"}, timeout=20)
    if chunked:
        assert r.request.headers.get("transfer-encoding") == "chunked" and "content-length" not in r.request.headers
    assert_problem(r, 413, "body-too-large")
    # The connection and the server are fine afterwards.
    assert httpx.post(f"{server.url}/v1/review", json=GOAL, timeout=10).status_code == 200


def test_a_refused_cors_preflight_is_a_problem_too(client: TestClient) -> None:
    r = client.options("/v1/review", headers={"origin": "https://elsewhere.example", "access-control-request-method": "POST"})
    assert r.status_code == 403 and r.headers["content-type"] == "application/problem+json"
    body = r.json()
    assert (body["type"], body["status"], body["status_code"]) == ("about:blank", 403, 403)
    assert "https://elsewhere.example" in body["detail"] and "access-control-allow-origin" not in r.headers


def test_past_the_rate_limit_is_a_problem(engine: Reviewer) -> None:
    with TestClient(create_app(engine, WebSettings(rate_limit=1))) as c:
        answers = [c.get("/v1/languages") for _ in range(2)]
    body = assert_problem(answers[1], 429, "rate-limited")
    assert int(answers[1].headers["retry-after"]) > 0 and "rate limit" in body["detail"]
