"""The user's text never leaves the answer it was sent for: a real `reviewer serve` with JSON logs and the access
log on is sent a unique marker in reviews, batches, offline rewrites and invalid requests (too long, in a
wrong-typed field, in an unknown field's value, in malformed JSON, in a query string, in a wrong API key, in
an unusable request id); the marker appears nowhere in the server's output and in no error body. The output
is checked to hold the access lines, so the test cannot pass by logging nothing."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.conftest import Server

KEY = "privacy-key"
MARKER = f"Zq{uuid.uuid4().hex[:16]}"  # a word no message, rule or log line could hold by chance
GOAL = f"Increase {MARKER} sign-ups from 200 to 300 a month by 30 June 2027"
MISSION = f"We help {MARKER} teams plan marketing that their customers trust."


@pytest.fixture(scope="module")
def private_server() -> Iterator[Server]:
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_API_KEYS": KEY, "REVIEWER_LOG_FORMAT": "json"},
                 args=["--access-log"])
    yield srv
    srv.stop()


def _send(srv: Server) -> tuple[list[httpx.Response], list[httpx.Response]]:
    """Every kind of request with the marker in it: (accepted ones, refused ones)."""
    key = {"x-api-key": KEY}
    raw = {**key, "content-type": "application/json"}
    with httpx.Client(base_url=srv.url, timeout=30) as http:
        ok = [
            http.post("/v1/review", json={"text": GOAL}, headers=key),
            http.post("/v1/review", json={"text": MISSION, "kind": "mission"}, headers=key),
            http.post("/v1/review", json={"text": GOAL, "context": {"mission": MISSION, "metric": MARKER,
                                                                    "channels": [MARKER], "deadline": MARKER}},
                      headers=key),
            http.post("/v1/review/batch", json={"items": [{"text": GOAL}, {"text": f"{GOAL} and more"}],
                                                "context": {"mission": MISSION}}, headers=key),
            http.post("/v1/rewrite", json={"text": GOAL, "language": "en"}, headers=key),
            http.post("/v1/rewrite", json={"text": MISSION, "kind": "mission", "language": "en"}, headers=key),
            http.post(f"/v1/review?note={MARKER}", json={"text": "Grow sales"}, headers=key),
            http.post("/v1/review", json={"text": GOAL}, headers={**key, "x-request-id": f"{MARKER} !"}),
        ]
        refused = [
            http.post("/v1/review", json={"text": f"{MARKER} " * 1_000}, headers=key),  # over 10,000 characters
            http.post("/v1/review/batch", json={"items": [{"text": f"{MARKER} " * 1_000}]}, headers=key),
            http.post("/v1/review/batch", json={"items": [{"text": GOAL}] * 51}, headers=key),
            http.post("/v1/review", json={"text": GOAL, "kind": MARKER}, headers=key),  # wrong values and types
            http.post("/v1/review", json={"text": GOAL, "context": {"today": MARKER}}, headers=key),
            http.post("/v1/review", json={"text": GOAL, "context": {"channels": MARKER}}, headers=key),
            http.post("/v1/review", json={"text": GOAL, "context": {"business_model": MARKER}}, headers=key),
            http.post("/v1/rewrite", json={"text": GOAL, "max_suggestions": MARKER}, headers=key),
            http.post("/v1/review/batch", json={"items": MARKER}, headers=key),
            http.post("/v1/review", json={"text": [MARKER]}, headers=key),
            http.post("/v1/review", json={"text": GOAL, "colour": MARKER}, headers=key),  # unknown field's value
            http.post("/v1/review", json={"text": GOAL, "context": {"note": MARKER}}, headers=key),
            http.post("/v1/review", content=f'{{"text": "{GOAL}", oops'.encode(), headers=raw),  # malformed JSON
            http.post("/v1/review", content=f'{{"text": "{GOAL}'.encode(), headers=raw),
            http.post("/v1/review", content=f'{{"text": "{GOAL}\xff"}}'.encode("latin-1"), headers=raw),
            http.post("/v1/review", content=f'{{"text": "{GOAL} {"x" * 1_100_000}"}}'.encode(), headers=raw),
            http.post("/v1/review", json={"text": GOAL}, headers={"x-api-key": MARKER}),  # wrong keys
            http.post("/v1/review", json={"text": GOAL}, headers={"authorization": f"Bearer {MARKER}"}),
            http.put(f"/v1/review?q={MARKER}", json={"text": GOAL}, headers=key),
        ]
    return ok, refused


def test_the_marker_never_reaches_the_logs_or_an_error(private_server: Server) -> None:
    ok, refused = _send(private_server)
    assert [r.status_code for r in ok] == [200] * len(ok), [r.text[:200] for r in ok]
    assert all(MARKER.encode() in r.request.content or MARKER in str(r.request.url) for r in ok)  # really sent
    assert all(r.status_code >= 400 for r in refused), [(i, r.status_code) for i, r in enumerate(refused) if r.status_code < 400]
    for r in refused:
        assert r.headers["content-type"] == "application/problem+json", r.text
        assert MARKER not in r.text and MARKER.lower() not in r.text.lower(), r.text
    for r in ok + refused:
        assert not any(MARKER in value for value in r.headers.values()), r.headers
    private_server.proc.terminate()
    private_server.proc.wait(timeout=10)
    output = private_server.output()
    assert MARKER not in output and MARKER.lower() not in output.lower()
    lines = [_json(line) for line in output.splitlines() if line.strip()]
    access = [line for line in lines if line.get("logger") == "reviewer.access"]
    sent = len(ok) + len(refused) + 1  # and the fixture's /health
    assert len(access) >= sent, output  # every request was logged (the output is not empty by accident)
    ids = {r.headers["x-request-id"] for r in ok + refused}
    assert ids <= {line["request_id"] for line in access}
    for line in access:
        assert set(line) == {"time", "level", "logger", "message", "method", "route", "status", "duration_ms",
                             "bytes_in", "bytes_out", "request_id"}, line
        assert line["route"] is None or line["route"].startswith("/"), line


def _json(line: str) -> dict[str, Any]:
    try:
        return json.loads(line)
    except json.JSONDecodeError:
        raise AssertionError(f"not a JSON log line: {line!r}") from None
