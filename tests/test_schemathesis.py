"""The schema says exactly what the server does: schemathesis, every check, against a real `reviewer serve`.

`schemathesis run /schema/openapi.json --checks all` generates valid and invalid requests from the schema
and fails on any 5xx, any status code or response body the schema does not document, any schema-valid
request the server rejects (positive_data_acceptance) and any schema-invalid one it accepts
(negative_data_rejection). Seeded and bounded so that it takes about 20 s on 2 cores; a bigger run
(`--max-examples 800`, other seeds) passed as well when this was written.

Next to it, the contract details the issue names, checked directly on the same process.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from reviewer.models import NOT_BLANK, TODAY_PATTERN
from reviewer.openapi import unresolved_refs
from tests.conftest import Server

SEED = 20261125
MAX_EXAMPLES = 150
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def test_schemathesis_all_checks_zero_failures(server: Server, tmp_path: Path) -> None:
    cmd = [
        str(SCHEMATHESIS), "run", f"{server.url}/schema/openapi.json",
        "--checks", "all",
        "--seed", str(SEED),
        "--max-examples", str(MAX_EXAMPLES),
        "--generation-database", "none",
        "--request-timeout", "20",
        "--no-color",
    ]
    out = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False)
    report = out.stdout + out.stderr
    assert out.returncode == 0, report
    counts = re.search(r"(\d+) generated, (\d+) passed", report)
    assert counts, report
    generated, passed = map(int, counts.groups())
    assert generated == passed and generated > 7 * MAX_EXAMPLES, report
    assert "Tested: 7" in report, report  # every operation
    assert server.proc.poll() is None


def test_schemathesis_with_api_keys_zero_failures(tmp_path: Path) -> None:
    """With keys configured the schema documents the 401 and the two schemes; schemathesis, given a key, finds
    nothing undocumented, and its ignored_auth check confirms that every /v1 operation refuses a missing or
    wrong key. Fewer examples: the operations and models are the same as above."""
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_API_KEYS": "schemathesis-key,other-key", "REVIEWER_RATE_LIMIT": "0"})
    try:
        cmd = [
            str(SCHEMATHESIS), "run", f"{srv.url}/schema/openapi.json",
            "--checks", "all", "--seed", str(SEED), "--max-examples", "25", "--generation-database", "none",
            "--request-timeout", "20", "--no-color", "--header", "X-API-Key: schemathesis-key",
        ]
        out = subprocess.run(cmd, cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False)
        report = out.stdout + out.stderr
        assert out.returncode == 0, report
        assert "Tested: 7" in report, report
        assert srv.proc.poll() is None
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def schema(server: Server) -> dict[str, Any]:
    return httpx.get(f"{server.url}/schema/openapi.json", timeout=10).json()


def _objects(node: Any) -> list[dict[str, Any]]:
    found = []
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            found.append(node)
        for value in node.values():
            found += _objects(value)
    elif isinstance(node, list):
        for value in node:
            found += _objects(value)
    return found


def test_every_ref_resolves(schema: dict[str, Any]) -> None:
    assert unresolved_refs(schema) == []


def test_every_request_object_forbids_extra_properties(schema: dict[str, Any]) -> None:
    schemas = schema["components"]["schemas"]
    for name in ("ReviewRequest", "BatchRequest", "RewriteRequest", "Context"):
        assert schemas[name]["additionalProperties"] is False, name
    for path, item in schema["paths"].items():
        body = item.get("post", {}).get("requestBody")
        if body:
            ref = body["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
            for obj in _objects(schemas[ref]):
                assert obj.get("additionalProperties") is False, (path, obj)


def test_constraints_are_in_the_schema(schema: dict[str, Any]) -> None:
    schemas = schema["components"]["schemas"]
    text = schemas["ReviewRequest"]["properties"]["text"]
    assert (text["minLength"], text["maxLength"], text["pattern"]) == (1, 10_000, NOT_BLANK)
    assert schemas["RewriteRequest"]["properties"]["text"] == text
    today = schemas["Context"]["properties"]["today"]["anyOf"][0]
    assert today == {"type": "string", "format": "date", "pattern": TODAY_PATTERN}
    max_suggestions = schemas["RewriteRequest"]["properties"]["max_suggestions"]
    assert (max_suggestions["type"], max_suggestions["minimum"], max_suggestions["maximum"]) == ("integer", 1, 10)
    items = schemas["BatchRequest"]["properties"]["items"]
    assert (items["minItems"], items["maxItems"]) == (1, 50)


def test_every_status_code_is_documented(schema: dict[str, Any]) -> None:
    codes = {(path, method): set(op["responses"]) for path, item in schema["paths"].items() for method, op in item.items()}
    body = {"200", "400", "413", "422", "500"}
    assert codes == {
        ("/v1/review", "post"): body,
        ("/v1/review/batch", "post"): body | {"503"},  # the time budget
        ("/v1/rewrite", "post"): body | {"503"},
        ("/v1/rules", "get"): {"200", "500"},
        ("/v1/rules/{rule_id}", "get"): {"200", "404", "500"},
        ("/v1/languages", "get"): {"200", "500"},
        ("/health", "get"): {"200", "500"},
    }
    error = schema["components"]["schemas"]["ValidationErrorResponse"]
    assert set(error["required"]) == {"type", "title", "status", "detail", "status_code", "errors"}  # RFC 9457
    for item in schema["paths"].values():
        for op in item.values():
            for status, response in op["responses"].items():
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], (op["summary"], status)


def test_not_blank_pattern_means_what_the_validator_means() -> None:
    # The schema's pattern and Python's str.strip() agree on every code point.
    pattern = re.compile(NOT_BLANK)
    for code in range(0x110000):
        char = chr(code)
        assert bool(pattern.search(char)) == bool(char.strip()), hex(code)


@pytest.mark.parametrize(("body", "field"), [
    ({"text": ""}, "text"),
    ({"text": " \n\t\u3000"}, "text"),
    ({"text": "x" * 10_001}, "text"),
    ({"text": "Grow sales", "extra": 1}, "extra"),
    ({"text": "Grow sales", "context": {"today": 0}}, "context.today"),
    ({"text": "Grow sales", "context": {"today": "1700000000"}}, "context.today"),
    ({"text": "Grow sales", "context": {"today": "2026-02-30"}}, "context.today"),
    ({"text": "Grow sales", "context": {"today": "9999-12-31"}}, "context.today"),
    ({"text": "Grow sales", "context": {"buisness_model": "b2b"}}, "context.buisness_model"),
    ({"text": 5}, "text"),
])
def test_rejections_name_the_field(server: Server, body: dict[str, Any], field: str) -> None:
    r = httpx.post(f"{server.url}/v1/review", json=body, timeout=10)
    assert r.status_code == 400, r.text
    answer = r.json()
    assert answer["status_code"] == 400 and answer["detail"].startswith(f"{field}: "), answer
    assert answer["errors"][0]["field"] == field
    if field == "text" and body["text"] in ("", " \n\t\u3000"):
        assert answer["detail"] == "text: must not be empty or blank"


@pytest.mark.parametrize("max_suggestions", ["3", True, 0, 11, 2.5])
def test_max_suggestions_must_be_an_integer_in_range(server: Server, max_suggestions: object) -> None:
    r = httpx.post(f"{server.url}/v1/rewrite", json={"text": "Få flere kunder", "max_suggestions": max_suggestions}, timeout=20)
    assert r.status_code == 400 and r.json()["errors"][0]["field"] == "max_suggestions", r.text


@pytest.mark.parametrize("raw", [b"", b"{bad", b"null", b"[]", b'"text"'])
def test_malformed_and_non_object_bodies_are_400_with_errors(server: Server, raw: bytes) -> None:
    r = httpx.post(f"{server.url}/v1/review", content=raw, headers={"content-type": "application/json"}, timeout=10)
    assert r.status_code == 400, r.text
    answer = r.json()
    assert answer["errors"] and answer["errors"][0]["field"] == "body", answer


@pytest.mark.parametrize("text", [
    "Increase sales by 10% by week 53 2027",  # 2027 has no week 53: once a 500
    "Øge salget med 10% inden uge 53",
    "Increase sales by 10% by next year",
])
@pytest.mark.parametrize("today", ["1900-01-01", "2026-12-31", "2199-12-31"])
def test_dates_at_the_edges_are_never_a_5xx(server: Server, text: str, today: str) -> None:
    for path in ("/v1/review", "/v1/rewrite"):
        r = httpx.post(f"{server.url}{path}", json={"text": text, "context": {"today": today}}, timeout=20)
        assert r.status_code == 200, (path, r.text)
        json.dumps(r.json())
