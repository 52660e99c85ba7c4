"""The model path under pressure, over HTTP: a real `reviewer serve --workers 2` in front of a scripted, slow
Chat Completions server (the real openai SDK and transport in between).

The bound is per worker: each worker lets REVIEWER_LLM_CONCURRENCY model calls run and REVIEWER_LLM_QUEUE
rewrites wait; past both a rewrite is answered 503 with Retry-After at once. Every rewrite is answered
within REVIEWER_LLM_TIMEOUT (its deadline starts before it queues); a model server that is slow or down
gives the offline suggestions, marked degraded with a reason.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import Iterator

import httpx
import pytest

from reviewer.evaluation.chat_server import ChatServer, rewrites
from tests.conftest import Server
from tests.test_metrics import scrape, value

WORKERS, CONCURRENCY, QUEUE, TIMEOUT = 2, 1, 1, 4.0
MODEL_DELAY = 1.5  # each model answer takes this long: well inside the timeout, so no call is abandoned
GOOD_DA = "Øge antallet af nye kunder via vores hjemmeside med [X] % inden [dato]."
VAGUE_DA = "Få flere kunder"
BURST = 14


@pytest.fixture(scope="module")
def model() -> Iterator[ChatServer]:
    with ChatServer([], default={"json": rewrites(GOOD_DA), "delay": MODEL_DELAY}) as chat:
        yield chat


@pytest.fixture(scope="module")
def srv(model: ChatServer) -> Iterator[Server]:
    server = Server(
        env={
            "REVIEWER_LLM_MODEL": "scripted",
            "OPENAI_BASE_URL": model.url,
            "OPENAI_API_KEY": "test-key",
            "REVIEWER_LLM_CONCURRENCY": str(CONCURRENCY),
            "REVIEWER_LLM_QUEUE": str(QUEUE),
            "REVIEWER_LLM_TIMEOUT": str(TIMEOUT),
            "REVIEWER_LLM_MAX_REASKS": "0",
            "REVIEWER_RATE_LIMIT": "0",
            "REVIEWER_API_KEYS": "",
        },
        args=["--workers", str(WORKERS)],
    )
    yield server
    server.stop()


async def _burst(url: str, bodies: list[dict]) -> list[tuple[int, float, httpx.Response]]:
    """Every rewrite at once, each on its own connection; (status, seconds since the burst began, response)."""
    started = time.monotonic()
    limits = httpx.Limits(max_connections=len(bodies), max_keepalive_connections=0)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=3 * TIMEOUT + 10) as client:

        async def one(body: dict) -> tuple[int, float, httpx.Response]:
            r = await client.post("/v1/rewrite", json=body)
            return r.status_code, time.monotonic() - started, r

        # No hang: every answer is in well before this (the bound is the deadline, twice over, plus slack).
        return await asyncio.wait_for(asyncio.gather(*(one(b) for b in bodies)), timeout=2 * TIMEOUT + 20)


def test_the_bound_holds_and_past_the_queue_is_503_with_retry_after(srv: Server, model: ChatServer) -> None:
    # Distinct requests (the date is part of the answer cache's key): no cache hits.
    bodies = [{"text": VAGUE_DA, "language": "da", "kind": "goal",
               "context": {"today": (dt.date(2026, 3, 1) + dt.timedelta(days=i)).isoformat()}} for i in range(BURST)]
    before, _ = scrape(srv.url)
    calls_before = len(model.requests)
    answers = asyncio.run(_burst(srv.url, bodies))

    statuses = [status for status, _, _ in answers]
    assert set(statuses) <= {200, 503}, statuses
    busy = [(t, r) for status, t, r in answers if status == 503]
    served = [(t, r) for status, t, r in answers if status == 200]
    # Per worker, one call runs and one waits: of the burst, at most WORKERS × (CONCURRENCY + QUEUE) get in
    # while the first calls run; the rest are refused.
    assert busy and served, statuses
    assert model.max_in_flight <= WORKERS * CONCURRENCY, model.max_in_flight
    for _, r in busy:
        assert int(r.headers["retry-after"]) >= 1
        assert "too many rewrites" in r.json()["detail"]
    # Refused at once: every 503 was answered before the model had answered anyone.
    assert max(t for t, _ in busy) < min(t for t, _ in served)
    for _, r in served:
        body = r.json()
        assert body["suggestions"]
        assert not body["degraded"] or body["degraded_reason"]
    assert any(s["provider"] == "llm" for _, r in served for s in r.json()["suggestions"])

    # The metrics, summed over both workers, agree with what the model server saw and what the clients got.
    after, _ = scrape(srv.url)
    calls = len(model.requests) - calls_before
    ok = value(after, "reviewer_model_calls_total", outcome="ok") - value(before, "reviewer_model_calls_total", outcome="ok")
    assert ok == calls
    overloaded = value(after, "reviewer_model_overloaded_total") - value(before, "reviewer_model_overloaded_total")
    assert overloaded == len(busy)
    label = {"method": "POST", "route": "/v1/rewrite", "status": "503"}
    assert value(after, "reviewer_http_requests_total", **label) - value(before, "reviewer_http_requests_total", **label) == len(busy)


def test_a_slow_then_a_down_model_server_gives_offline_suggestions_within_the_deadline(
    srv: Server, model: ChatServer
) -> None:
    """Runs last: it shuts the model server down."""
    before, _ = scrape(srv.url)

    def rewrite(text: str) -> tuple[dict, float]:
        started = time.monotonic()
        r = httpx.post(f"{srv.url}/v1/rewrite", json={"text": text, "language": "da", "kind": "goal"},
                       timeout=3 * TIMEOUT + 10)
        assert r.status_code == 200, r.text
        return r.json(), time.monotonic() - started

    model.default = {"json": rewrites(GOOD_DA), "delay": 5 * TIMEOUT}  # slower than the deadline
    slow, elapsed = rewrite("Få flere følgere på Instagram")
    assert slow["degraded"] and slow["degraded_reason"] == f"the model did not answer within {TIMEOUT:g} s"
    assert slow["suggestions"] and all(s["provider"] == "offline" for s in slow["suggestions"])
    assert elapsed < TIMEOUT + 3, elapsed

    model.__exit__()  # down: connections refused from now on
    down, elapsed = rewrite("Få flere tilmeldinger til nyhedsbrevet")
    # Connection refused is retried with backoff till the deadline: the reason names the failure or the deadline.
    assert down["degraded"] and down["degraded_reason"] in (
        "the model server failed: APIConnectionError", f"the model did not answer within {TIMEOUT:g} s")
    assert down["suggestions"] and all(s["provider"] == "offline" for s in down["suggestions"])
    assert elapsed < TIMEOUT + 3, elapsed

    after, _ = scrape(srv.url)

    def delta(name: str, **labels: str) -> float:
        return value(after, name, **labels) - value(before, name, **labels)

    assert delta("reviewer_model_degraded_total", reason="timeout") + delta("reviewer_model_degraded_total", reason="model_error") == 2
    assert delta("reviewer_model_calls_total", outcome="connection_error") >= 2  # retried with backoff
    assert delta("reviewer_model_retries_total") >= 1
