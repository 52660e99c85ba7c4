"""The HTTP contract, in process (Litestar's TestClient): shapes, status codes, and errors that name the field."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from reviewer import default_engine
from reviewer.api import create_app
from reviewer.web.settings import WebSettings

# One engine for the module's tests; no keys and no rate limit (the environment's are not read; these tests
# send more than 120 requests a minute, and tests/test_ratelimit.py tests the limits).
app = create_app(default_engine(), WebSettings(rate_limit=0))


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(app) as c:
        yield c


def test_review_shape(client: TestClient) -> None:
    text = "Øge antallet af besøgende på vores website med 20% inden for de næste 6 måneder."
    r = client.post("/v1/review", json={"text": text, "context": {"today": "2026-03-01"}})
    assert r.status_code == 200
    body = r.json()
    assert set(body) == {"kind", "language", "score", "criteria", "findings", "extracted"}
    assert (body["kind"], body["language"]) == ("goal", "da")
    assert set(body["criteria"]) == {"specific", "measurable", "achievable", "relevant", "time_bound"}
    assert 0 <= body["score"] <= 1
    for f in body["findings"]:
        assert set(f) >= {"rule", "criterion", "severity", "message", "offset", "length", "replacements"}
        assert 0 <= f["offset"] <= f["offset"] + f["length"] <= len(text)
    deadline = body["extracted"]["deadline"]
    assert text[deadline["offset"] : deadline["offset"] + deadline["length"]] == deadline["text"]
    assert deadline["date"] == "2026-09-01"


def test_mission_kind_and_criteria(client: TestClient) -> None:
    r = client.post("/v1/review", json={"text": "To produce reliable refrigerators", "kind": "mission", "language": "en"})
    assert r.status_code == 200
    assert set(r.json()["criteria"]) == {"concise", "purpose", "customer_focus", "values", "distinctive", "plain_language", "timeless"}


def test_batch(client: TestClient) -> None:
    items = [{"text": t} for t in ["Øge omsætningen med 10 % i år.", "Få flere følgere.", "Øge salget med 5 % i Q3.", "Øge leads med 20 % i Q4."]]
    r = client.post("/v1/review/batch", json={"items": items, "context": {"today": "2026-03-01"}})
    assert r.status_code == 200
    body = r.json()
    assert len(body["results"]) == 4
    assert {"set.too-many-goals", "set.no-deadline"} <= {f["rule"] for f in body["findings"]}


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"text": ""}, "text", "empty"),
        ({"text": "   \n"}, "text", "blank"),
        ({"text": "x" * 10_001}, "text", "10000"),
        ({"text": "Grow", "kind": "vision"}, "kind", "'goal'"),
        ({"text": "Grow", "language": "de"}, "language", "'sv'"),
        ({"text": 42}, "text", "string"),
        ({"text": "Grow", "context": {"today": "tomorrow"}}, "context.today", "date"),
        ({"text": "Grow", "context": {"business_model": "b2x"}}, "context.business_model", "b2b"),
        ({"text": "Grow", "context": {"channels": "LinkedIn"}}, "context.channels", "list"),
        ({"text": "Grow", "colour": "red"}, "colour", "not permitted"),
        ({}, "text", "required"),
    ],
)
def test_bad_input_names_the_field(client: TestClient, body: dict, field: str, words: str) -> None:
    r = client.post("/v1/review", json=body)
    assert r.status_code == 400
    detail = r.json()["detail"]
    assert detail.startswith(f"{field}:") or f"; {field}:" in detail, detail
    assert words.lower() in detail.lower(), detail


@pytest.mark.parametrize("raw", [b"{not json", b"[]", b"null", b'"text"', b"", b"\xff\xfe"])
def test_malformed_bodies_are_400(client: TestClient, raw: bytes) -> None:
    r = client.post("/v1/review", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400, r.text


def test_batch_errors_name_the_item(client: TestClient) -> None:
    r = client.post("/v1/review/batch", json={"items": [{"text": "ok goal"}, {"text": " "}]})
    assert r.status_code == 400
    assert r.json()["detail"].startswith("items.1.text:")
    assert client.post("/v1/review/batch", json={"items": []}).status_code == 400


def test_body_over_1mb_is_413(client: TestClient) -> None:
    r = client.post("/v1/review", content=b'{"text": "' + b"a" * 1_100_000 + b'"}', headers={"content-type": "application/json"})
    assert r.status_code == 413


def test_rules_languages_health_schema(client: TestClient) -> None:
    rules = client.get("/v1/rules").json()
    ids = {r["id"] for r in rules}
    assert "goal.time_bound.open-ended" in ids and "set.too-many-goals" in ids
    one = client.get("/v1/rules/goal.time_bound.open-ended").json()
    assert set(one["examples"]) >= {"en", "da", "nb"}
    assert client.get("/v1/rules/nope").status_code == 404
    assert {"en", "da", "nb"} <= {lang["code"] for lang in client.get("/v1/languages").json()}
    assert client.get("/health").json()["status"] == "ok"
    schema = client.get("/schema/openapi.json").json()
    assert {"/v1/review", "/v1/review/batch", "/v1/rewrite", "/v1/rules", "/v1/languages", "/health"} <= set(schema["paths"])
    assert client.get("/schema/swagger").status_code == 200


def test_no_cors_for_unlisted_origins(client: TestClient) -> None:
    # No REVIEWER_CORS_ORIGINS here: a page elsewhere may not call the API (tests/test_web.py has the rest).
    r = client.options(
        "/v1/review",
        headers={"origin": "chrome-extension://abc", "access-control-request-method": "POST", "access-control-request-headers": "content-type"},
    )
    assert r.status_code == 403 and "access-control-allow-origin" not in r.headers
    r = client.post("/v1/review", json={"text": "Grow sales"}, headers={"origin": "https://elsewhere.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_the_start_page_is_the_playground(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'data-testid="text-input"' in r.text and 'href="/schema"' in r.text
