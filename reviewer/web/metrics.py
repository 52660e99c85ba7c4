"""/metrics: Prometheus text format through prometheus-client, summed over every worker of `reviewer serve`.

What is counted, and with which labels (README "Metrics"):
- every HTTP request by method, route template (`/v1/rules/{rule_id}`, never the raw path; `unmatched` for a
  path no route serves) and status, with its latency; 401s and 429s are those statuses;
- rule hits by rule id, from the findings of every review the service returns;
- the model path (through reviewer.telemetry, which the engine and the model provider call): model calls
  by outcome, retries, re-asks, degraded answers by reason, answer-cache lookups, rewrites refused past the queue.
Labels are bounded and never hold user text: route templates, rule ids, codes.

Several workers: prometheus-client's multi-process mode. `reviewer serve --workers N` points
PROMETHEUS_MULTIPROC_DIR at a fresh directory before the workers start (reviewer/server.py); every worker
writes its values there and /metrics, in whichever worker answers, sums them all. Without it (one process,
tests) the process's own registry is served.

The request counting wraps the whole application, outside Litestar's router: route middleware never sees
a request that matched no route (404, 405), nor an answer that middleware before it gave (429).
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from typing import Any

from litestar import Litestar, MediaType, Response, get
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

from reviewer.telemetry import Telemetry

MULTIPROC_ENV = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED = "unmatched"
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})

REQUESTS = Counter(
    "reviewer_http_requests", "HTTP requests answered, by method, route template and status",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "reviewer_http_request_duration_seconds", "Time from a request's arrival to the end of its answer",
    ["method", "route", "status"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
RULE_HITS = Counter("reviewer_rule_hits", "Findings in the reviews returned, by rule id", ["rule"])
MODEL_CALLS = Counter("reviewer_model_calls", "Requests to the model server, by outcome", ["outcome"])
MODEL_RETRIES = Counter("reviewer_model_retries", "Model calls retried after a transient failure")
MODEL_REASKS = Counter("reviewer_model_reasks", "Re-asks: no candidate passed the checks, the model was asked again")
MODEL_DEGRADED = Counter(
    "reviewer_model_degraded", "Rewrites answered with the offline suggestions instead, by reason", ["reason"],
)
MODEL_CACHE = Counter("reviewer_model_cache_lookups", "Answer-cache lookups of the model path, by result", ["result"])
MODEL_OVERLOADED = Counter("reviewer_model_overloaded", "Rewrites refused past the model queue (503)")


class PrometheusTelemetry(Telemetry):
    """reviewer.telemetry's observer, counting into the metrics above."""

    def rule_hits(self, rule_ids: Iterable[str]) -> None:
        for rule in rule_ids:
            RULE_HITS.labels(rule).inc()

    def model_call(self, outcome: str) -> None:
        MODEL_CALLS.labels(outcome).inc()

    def model_retry(self) -> None:
        MODEL_RETRIES.inc()

    def model_reask(self) -> None:
        MODEL_REASKS.inc()

    def model_degraded(self, reason: str) -> None:
        MODEL_DEGRADED.labels(reason).inc()

    def model_cache(self, hit: bool) -> None:
        MODEL_CACHE.labels("hit" if hit else "miss").inc()

    def model_overloaded(self) -> None:
        MODEL_OVERLOADED.inc()


TELEMETRY = PrometheusTelemetry()


def _route(scope: Scope) -> str:
    # Set by Litestar's router once a route matched: the template with the parameters' names, not values.
    template = scope.get("path_template")
    return template if isinstance(template, str) and template else UNMATCHED


class RequestMetrics:
    """ASGI wrapper around the whole app: counts and times every HTTP answer, whoever gave it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        gone = False

        async def receive_watched() -> Message:
            nonlocal gone
            message = await receive()
            if message["type"] == "http.disconnect":
                gone = True
            return message

        async def send_counted(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive_watched, send_counted)
        finally:
            # The client left before its answer (its body cut off): 499, nginx's "client closed request". Litestar
            # answers the cut body with a 500 that nobody receives; it is not the service's error, and counting
            # it as one would page an operator for a client's doing. No answer at all otherwise: an exception
            # escaped every handler, and the server answers 500.
            if gone and (not status or status >= 500):
                status = 499
            status = status or 500
            method = scope.get("method", "")
            labels = (method if method in _METHODS else "other", _route(scope), str(status))
            REQUESTS.labels(*labels).inc()
            LATENCY.labels(*labels).observe(time.perf_counter() - started)


def instrument(app: Litestar) -> Litestar:
    """Count every request the app answers. Litestar builds `asgi_handler` (its exception handling around
    the router) once, in its constructor; wrapping it keeps Litestar's own entry point and lifespan."""
    app.asgi_handler = RequestMetrics(app.asgi_handler)
    return app


def exposition() -> bytes:
    if os.environ.get(MULTIPROC_ENV):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)  # every worker's files, summed
        return generate_latest(registry)
    return generate_latest(REGISTRY)


@get("/metrics", include_in_schema=False, media_type=MediaType.TEXT)
async def metrics_endpoint() -> Response[Any]:
    """Open (no key) and not rate limited (keys and limits guard the /v1 router only): a scraper reads it
    every few seconds."""
    # Litestar adds the charset itself: the media type without it.
    return Response(content=exposition(), media_type=CONTENT_TYPE_LATEST.replace("; charset=utf-8", ""))
