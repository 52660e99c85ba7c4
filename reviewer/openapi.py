"""The OpenAPI document (/schema/openapi.json) says exactly what the server does.

Litestar writes the paths and operations; the component schemas of our request and response types are
replaced by pydantic's own JSON Schema of them, because pydantic is what validates the requests: its schema
carries `additionalProperties: false` (unknown fields are rejected), every length, bound and pattern, and the
request schemas are generated in validation mode, the responses in serialization mode. Where pydantic
validates more loosely than JSON Schema can say, models.py tightens the validation (see NOT_BLANK,
`_iso_date`, `_integer`). tests/test_schemathesis.py holds the server to this document.
"""

from __future__ import annotations

from typing import Any

from litestar.openapi.spec import OpenAPI, OpenAPIMediaType, OpenAPIResponse, Operation, Reference, SecurityScheme
from litestar.openapi.spec.schema import Schema
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from reviewer.models import (
    PROBLEM_JSON,
    BatchRequest,
    BatchResponse,
    ErrorResponse,
    Review,
    ReviewRequest,
    RewriteRequest,
    RewriteResponse,
    ValidationErrorResponse,
)

REQUESTS: tuple[type[BaseModel], ...] = (ReviewRequest, BatchRequest, RewriteRequest)
RESPONSES: tuple[type[BaseModel], ...] = (Review, BatchResponse, RewriteResponse, ErrorResponse, ValidationErrorResponse)
REF = "#/components/schemas/{model}"


def component_schemas() -> dict[str, dict[str, Any]]:
    """pydantic's JSON Schema of every request and response type and the types inside them, by name."""
    inputs: list[tuple[type[BaseModel], Any]] = [(model, "validation") for model in REQUESTS]
    outputs: list[tuple[type[BaseModel], Any]] = [(model, "serialization") for model in RESPONSES]
    _, top = models_json_schema(inputs + outputs, ref_template=REF)
    return top["$defs"]


def _operations(openapi: OpenAPI) -> list[Operation]:
    return [op for item in (openapi.paths or {}).values() for op in (item.get, item.post) if op is not None]


def align(openapi: OpenAPI) -> OpenAPI:
    """Put pydantic's schemas in place of Litestar's for our types; drop the 400 that Litestar documents for
    operations whose only input is a plain string in the path (nothing there can be invalid)."""
    assert openapi.components is not None
    ours = component_schemas()
    generated = openapi.components.schemas or {}
    # A raw dict is emitted as it is by Litestar's serializer (None values aside, which JSON Schema never needs).
    openapi.components.schemas = {**{k: v for k, v in generated.items() if k not in ours}, **ours}  # type: ignore[dict-item]
    for op in _operations(openapi):
        params = op.parameters or []
        only_path_strings = all(
            getattr(p, "param_in", None) == "path" and isinstance(getattr(p, "schema", None), Schema)
            and p.schema.type == "string"  # type: ignore[union-attr]
            for p in params
        )
        if op.request_body is None and only_path_strings and op.responses and "400" in op.responses:
            del op.responses["400"]
    return openapi


KEY_SCHEMES = {
    "bearer": SecurityScheme(type="http", scheme="bearer", description="Authorization: Bearer <key>"),
    "apiKey": SecurityScheme(type="apiKey", name="X-API-Key", security_scheme_in="header",
                             description="X-API-Key: <key>"),
}


def require_keys(openapi: OpenAPI) -> OpenAPI:
    """With API keys configured: every /v1 operation requires either scheme and may answer 401."""
    assert openapi.components is not None
    openapi.components.security_schemes = dict(KEY_SCHEMES)  # type: ignore[arg-type]
    for path, item in (openapi.paths or {}).items():
        if not path.startswith("/v1/"):
            continue
        for op in (item.get, item.post):
            if op is None:
                continue
            op.security = [{name: []} for name in KEY_SCHEMES]
            op.responses = {**(op.responses or {}), "401": OpenAPIResponse(
                description="Missing or wrong API key; `detail` says which and how to send one",
                content={PROBLEM_JSON: OpenAPIMediaType(schema=Reference(ref=REF.format(model="ErrorResponse")))},
            )}
    return openapi


def unresolved_refs(document: dict[str, Any]) -> list[str]:
    """Every "$ref" in a rendered document that names no component (for the tests)."""
    names = set(document.get("components", {}).get("schemas", {}))
    missing: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.removeprefix("#/components/schemas/") not in names:
                missing.append(ref)
            for value in node.values():
                walk(value)
        elif isinstance(node, list | tuple):
            for value in node:
                walk(value)

    walk(document)
    return missing
