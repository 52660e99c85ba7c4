"""Security headers on every answer (the playground's CSP without inline script, the docs' own policy, nosniff,
Referrer-Policy, no framing), and request ids: echoed when sane, made when not, on every answer and in the
log records of that request."""

from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from reviewer.api import create_app
from reviewer.engine import Reviewer
from reviewer.web.headers import API_POLICY, DOCS_POLICY, PAGE_POLICY
from reviewer.web.logs import REQUEST_ID, RequestIdFilter, text_formatter
from reviewer.web.settings import WebSettings

GOAL = {"text": "Increase trial sign-ups from 200 to 300 a month by 30 June 2027", "language": "en"}
HEX32 = re.compile(r"[0-9a-f]{32}")


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Reviewer.from_env({}), WebSettings(api_keys=frozenset({"header-key"})))) as c:
        yield c


def _directives(policy: str) -> dict[str, str]:
    return {d.split()[0]: d.partition(" ")[2] for d in (p.strip() for p in policy.split(";")) if d}


def assert_common(headers: dict[str, str] | object) -> None:
    assert headers["x-content-type-options"] == "nosniff"  # type: ignore[index]
    assert headers["referrer-policy"] == "no-referrer"  # type: ignore[index]
    assert headers["x-frame-options"] == "DENY"  # type: ignore[index]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]  # type: ignore[index]
    assert HEX32.fullmatch(headers["x-request-id"])  # type: ignore[index]


def test_the_playground_has_a_strict_policy(client: TestClient) -> None:
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert_common(r.headers)
    assert r.headers["content-security-policy"] == PAGE_POLICY
    policy = _directives(PAGE_POLICY)
    assert policy["default-src"] == "'none'" and policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
    assert "unsafe" not in PAGE_POLICY and "*" not in PAGE_POLICY
    # Nothing on the page needs more: no inline script, style or handler.
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", r.text) == []
    assert "<style" not in r.text and not re.search(r"\sstyle=", r.text)
    assert not re.search(r"\son[a-z]+=", r.text)
    assert not re.search(r'(?:src|href)="(?:https?:)?//', r.text)  # nothing from another origin


@pytest.mark.parametrize(("method", "path", "kwargs", "status"), [
    ("post", "/v1/review", {"json": GOAL, "headers": {"x-api-key": "header-key"}}, 200),
    ("post", "/v1/review", {"json": {"text": 5}, "headers": {"x-api-key": "header-key"}}, 400),
    ("post", "/v1/review", {"json": GOAL}, 401),
    ("get", "/v1/rules", {"headers": {"x-api-key": "header-key"}}, 200),
    ("get", "/health", {}, 200),
    ("get", "/nowhere", {}, 404),
    ("put", "/health", {}, 405),
    ("get", "/static/view.js", {}, 200),
    ("get", "/schema/openapi.json", {}, 200),
])
def test_every_answer_has_the_headers(client: TestClient, method: str, path: str, kwargs: dict, status: int) -> None:
    r = getattr(client, method)(path, **kwargs)
    assert r.status_code == status
    assert_common(r.headers)
    assert r.headers["content-security-policy"] == API_POLICY  # nothing may load from a JSON answer or a script


@pytest.mark.parametrize("path", ["/schema", "/schema/swagger", "/schema/redoc"])
def test_the_api_docs_have_their_own_policy(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert_common(r.headers)
    assert r.headers["content-security-policy"] == DOCS_POLICY
    # Every script the page loads comes from a host the policy allows.
    allowed = _directives(DOCS_POLICY)["script-src"].split()
    for src in re.findall(r"<script[^>]*\bsrc=['\"]([^'\"]+)", r.text):
        assert any(src.startswith(host + "/") for host in allowed if host.startswith("https://")), src


@pytest.mark.parametrize("sent", ["abc-123", "A.b_c-9", "x" * 64, "0f8fad5b-d9cb-469f-a165-70867728950e"])
def test_a_sane_request_id_is_echoed(client: TestClient, sent: str) -> None:
    for r in (client.get("/health", headers={"x-request-id": sent}),
              client.post("/v1/review", json={"text": ""}, headers={"x-request-id": sent, "x-api-key": "header-key"})):
        assert r.headers["x-request-id"] == sent
    assert r.json()["request_id"] == sent


@pytest.mark.parametrize("sent", ["", "x" * 65, "has space", "semi;colon", "new\tline", "ünïcode", "a/b", "<script>"])
def test_any_other_request_id_is_replaced(client: TestClient, sent: str) -> None:
    r = client.get("/health", headers={"x-request-id": sent.encode("utf-8")})
    assert HEX32.fullmatch(r.headers["x-request-id"]) and r.headers["x-request-id"] != sent


def test_each_request_gets_its_own_id(client: TestClient) -> None:
    ids = {client.get("/health").headers["x-request-id"] for _ in range(5)}
    assert len(ids) == 5
    assert len(client.get("/health").headers.get_list("x-request-id")) == 1


def test_the_request_id_is_in_every_log_record_of_the_request(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    caplog.handler.addFilter(RequestIdFilter())
    try:
        with caplog.at_level(logging.INFO, logger="reviewer.access"):
            r = client.post("/v1/review", json=GOAL, headers={"x-request-id": "trace-me-1", "x-api-key": "header-key"})
            other = client.get("/nowhere")
    finally:
        caplog.handler.removeFilter(caplog.handler.filters[-1])
    assert r.status_code == 200 and other.status_code == 404
    lines = {rec.request_id: rec for rec in caplog.records if rec.name == "reviewer.access"}  # type: ignore[attr-defined]
    line = lines["trace-me-1"]
    assert (line.method, line.route, line.status) == ("POST", "/v1/review", 200)  # type: ignore[attr-defined]
    assert line.bytes_in == len(r.request.content) and line.duration_ms >= 0  # type: ignore[attr-defined]
    unmatched = lines[other.headers["x-request-id"]]
    assert (unmatched.route, unmatched.status) == (None, 404)  # type: ignore[attr-defined]


def test_text_log_lines_carry_the_request_id() -> None:
    record = logging.LogRecord("reviewer.access", logging.INFO, __file__, 1, "GET %s %d", ("/health", 200), None)
    token = REQUEST_ID.set("line-id-7")
    try:
        RequestIdFilter().filter(record)
    finally:
        REQUEST_ID.reset(token)
    assert "[line-id-7] GET /health 200" in text_formatter().format(record)
    outside = logging.LogRecord("reviewer.api", logging.INFO, __file__, 1, "started", (), None)
    RequestIdFilter().filter(outside)
    assert "[-] started" in text_formatter().format(outside)


def test_a_bad_log_format_refuses_to_start() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")} | {"REVIEWER_LOG_FORMAT": "xml"}
    run = subprocess.run([sys.executable, "-m", "reviewer", "serve", "--port", "1"], env=env, capture_output=True,
                         text=True, timeout=60, check=False)
    assert run.returncode == 2 and "REVIEWER_LOG_FORMAT" in run.stderr and "Traceback" not in run.stderr


def test_a_page_may_read_the_request_id(client: TestClient) -> None:
    r = client.get("/health", headers={"origin": "http://testserver.local", "x-request-id": "page-1"})
    assert r.headers["access-control-allow-origin"] == "http://testserver.local"
    assert "x-request-id" in r.headers["access-control-expose-headers"] and r.headers["x-request-id"] == "page-1"
