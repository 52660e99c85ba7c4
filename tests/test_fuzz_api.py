"""No input causes a 5xx: generated JSON bodies (valid, almost valid and garbage) against the real app."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from litestar.testing import TestClient

from reviewer import default_engine
from reviewer.api import create_app
from reviewer.web.settings import WebSettings

# One engine for the module's tests; no keys and no rate limit (the environment's are not read; these tests
# send more than 120 requests a minute, and tests/test_ratelimit.py tests the limits).
app = create_app(default_engine(), WebSettings(rate_limit=0))

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=50),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)
contexts = st.fixed_dictionaries(
    {},
    optional={
        "business_model": st.sampled_from(["b2b", "b2c", "B2B", "", None]) | json_values,
        "channels": st.lists(st.text(max_size=20), max_size=5) | json_values,
        "mission": st.text(max_size=200) | json_values,
        "today": st.dates().map(str) | st.text(max_size=12) | json_values,
        "baseline": st.text(max_size=20),
    },
)
review_bodies = st.fixed_dictionaries(
    {"text": st.text(max_size=400) | json_values},
    optional={
        "kind": st.sampled_from(["auto", "goal", "mission", "vision"]) | json_values,
        "language": st.sampled_from(["auto", "en", "da", "nb", "sv", "de"]) | json_values,
        "context": contexts | json_values,
    },
)
bodies = review_bodies | json_values
client_settings = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@client_settings
@given(body=bodies)
def test_review_never_5xx(body: object) -> None:
    with TestClient(app) as client:
        r = client.post("/v1/review", content=json.dumps(body), headers={"content-type": "application/json"})
    assert r.status_code < 500, r.text
    if r.status_code >= 400:
        assert r.json()["detail"]


@client_settings
@given(items=st.lists(review_bodies | json_values, max_size=5), context=contexts | json_values)
def test_batch_never_5xx(items: list, context: object) -> None:
    with TestClient(app) as client:
        r = client.post("/v1/review/batch", json={"items": items, "context": context})
    assert r.status_code < 500, r.text


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=200))
def test_raw_bytes_never_5xx(raw: bytes) -> None:
    with TestClient(app) as client:
        r = client.post("/v1/review", content=raw, headers={"content-type": "application/json"})
    assert r.status_code < 500
