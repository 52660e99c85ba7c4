"""/metrics: Prometheus text that prometheus-client's own parser reads, counting what happened, summed over
the workers of a real `reviewer serve --workers 2`, with no user text in it."""

from __future__ import annotations

import asyncio
import collections
import datetime as dt
import glob
import tempfile
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.parser import text_string_to_metric_families

from reviewer import default_engine
from reviewer.evaluation.chat_server import ChatServer, rewrites
from reviewer.models import Context, RewriteRequest
from reviewer.rewrite.llm import ModelRewriter, Settings
from reviewer.telemetry import Telemetry
from tests.conftest import ROOT, Server

KEY = "metrics-test-key"
AUTH = {"X-API-Key": KEY}
VAGUE_DA = "Få flere kunder"
GOOD_DA = "Øge antallet af nye kunder via vores hjemmeside med [X] % inden [dato]."

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(url: str) -> tuple[Samples, str]:
    """Every sample of /metrics (read without a key) as {(name, sorted labels): value}, and the raw text."""
    r = httpx.get(f"{url}/metrics", headers={"Connection": "close"}, timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/plain")
    samples: Samples = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            samples[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return samples, r.text


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def requests_total(samples: Samples, route: str, status: int, method: str = "POST") -> float:
    return value(samples, "reviewer_http_requests_total", method=method, route=route, status=str(status))


@pytest.fixture(scope="module")
def srv() -> Iterator[Server]:
    server = Server(
        env={"REVIEWER_API_KEYS": KEY, "REVIEWER_RATE_LIMIT": "0", "REVIEWER_LLM_MODEL": ""},
        args=["--workers", "2"],  # no PROMETHEUS_MULTIPROC_DIR: `reviewer serve` makes its own
    )
    shared = _shared_dirs(server)
    try:
        yield server
    finally:
        server.stop()
    assert len(shared) == 1 and not Path(shared[0]).exists(), "the workers' metrics directory outlives the server"


def _shared_dirs(server: Server) -> list[str]:
    return glob.glob(str(Path(tempfile.gettempdir()) / f"reviewer-metrics-{server.proc.pid}-*"))


def test_metrics_is_open_parses_and_stays_out_of_the_api_schema(srv: Server) -> None:
    assert httpx.post(f"{srv.url}/v1/review", json={"text": VAGUE_DA}).status_code == 401  # keys are on
    samples, _ = scrape(srv.url)  # no key
    names = {name for name, _ in samples}
    for family in ("reviewer_http_requests_total", "reviewer_http_request_duration_seconds_bucket",
                   "reviewer_model_retries_total", "reviewer_model_reasks_total", "reviewer_model_overloaded_total"):
        assert family in names
    assert "/metrics" not in httpx.get(f"{srv.url}/schema/openapi.json").json()["paths"]


def test_reviews_count_per_route_status_and_rule(srv: Server) -> None:
    before, _ = scrape(srv.url)
    k = 5
    fired: collections.Counter[str] = collections.Counter()
    for _ in range(k):
        r = httpx.post(f"{srv.url}/v1/review", json={"text": VAGUE_DA, "language": "da"}, headers=AUTH)
        assert r.status_code == 200
        fired.update(f["rule"] for f in r.json()["findings"])
    assert fired, "the vague goal should fire some rules"
    after, _ = scrape(srv.url)
    assert requests_total(after, "/v1/review", 200) - requests_total(before, "/v1/review", 200) == k
    latency = "reviewer_http_request_duration_seconds_count"
    labels = {"method": "POST", "route": "/v1/review", "status": "200"}
    assert value(after, latency, **labels) - value(before, latency, **labels) == k
    for rule, count in fired.items():
        hits = value(after, "reviewer_rule_hits_total", rule=rule) - value(before, "reviewer_rule_hits_total", rule=rule)
        assert hits == count, rule


def test_batches_count_their_items_findings(srv: Server) -> None:
    before, _ = scrape(srv.url)
    r = httpx.post(f"{srv.url}/v1/review/batch", headers=AUTH,
                   json={"items": [{"text": VAGUE_DA, "language": "da"}, {"text": "Få flere følgere", "language": "da"}]})
    assert r.status_code == 200
    body = r.json()
    fired = collections.Counter([f["rule"] for res in body["results"] for f in res["findings"]]
                                + [f["rule"] for f in body["findings"]])
    after, _ = scrape(srv.url)
    assert requests_total(after, "/v1/review/batch", 200) - requests_total(before, "/v1/review/batch", 200) == 1
    for rule, count in fired.items():
        assert value(after, "reviewer_rule_hits_total", rule=rule) - value(before, "reviewer_rule_hits_total", rule=rule) == count


def test_401s_are_counted(srv: Server) -> None:
    before, _ = scrape(srv.url)
    assert httpx.post(f"{srv.url}/v1/review", json={"text": VAGUE_DA}).status_code == 401
    assert httpx.post(f"{srv.url}/v1/review", json={"text": VAGUE_DA}, headers={"X-API-Key": "wrong"}).status_code == 401
    after, _ = scrape(srv.url)
    assert requests_total(after, "/v1/review", 401) - requests_total(before, "/v1/review", 401) == 2


def test_routes_are_templates_never_raw_paths(srv: Server) -> None:
    before, _ = scrape(srv.url)
    assert httpx.get(f"{srv.url}/v1/rules/goal.time_bound.no-deadline", headers=AUTH).status_code == 200
    assert httpx.get(f"{srv.url}/no-such-page-{uuid.uuid4().hex}").status_code == 404
    after, text = scrape(srv.url)
    assert requests_total(after, "/v1/rules/{rule_id}", 200, "GET") - requests_total(before, "/v1/rules/{rule_id}", 200, "GET") == 1
    assert requests_total(after, "unmatched", 404, "GET") - requests_total(before, "unmatched", 404, "GET") == 1
    assert "no-such-page" not in text
    assert 'route="/v1/rules/goal.time_bound.no-deadline"' not in text


def test_a_marker_text_never_reaches_metrics(srv: Server) -> None:
    marker = f"Zqx{uuid.uuid4().hex[:12]}"
    text = f"Få flere kunder til {marker}"
    with httpx.Client(base_url=srv.url, headers=AUTH, timeout=20) as client:
        assert client.post("/v1/review", json={"text": text}).status_code == 200
        assert client.post("/v1/review/batch", json={"items": [{"text": text}, {"text": marker}]}).status_code == 200
        assert client.post("/v1/rewrite", json={"text": text, "language": "da"}).status_code == 200
        assert client.post("/v1/review", json={"text": text, marker: marker}).status_code == 400
        assert client.post("/v1/review", json={"text": text, "kind": marker}).status_code == 400
        assert client.get(f"/v1/rules/{marker}").status_code == 404
        assert client.get(f"/{marker}", params={marker: marker}).status_code == 404
        assert client.request(marker.upper(), "/v1/review").status_code in (400, 404, 405)
    _, exposed = scrape(srv.url)
    assert marker.lower() not in exposed.lower()


def test_both_workers_counts_are_summed(srv: Server) -> None:
    """Requests on fresh connections until both workers have served some; then every scrape, whichever
    worker answers it, shows the sum of both workers' counts (read from their own files)."""
    shared = _shared_dirs(srv)
    assert len(shared) == 1, "reviewer serve --workers 2 should make one metrics directory for its workers"
    route = "/v1/languages"
    before, _ = scrape(srv.url)

    def one(_: int) -> int:
        return httpx.get(f"{srv.url}{route}", headers={**AUTH, "Connection": "close"}, timeout=10).status_code

    sent = 0
    per_worker: dict[str, float] = {}
    with ThreadPoolExecutor(8) as pool:
        for _ in range(20):
            assert set(pool.map(one, range(16))) == {200}
            sent += 16
            per_worker = _per_worker(shared[0], route)
            if sum(1 for v in per_worker.values() if v > 0) >= 2:
                break
    assert sum(1 for v in per_worker.values() if v > 0) >= 2, f"one worker served all {sent} requests: {per_worker}"
    base = requests_total(before, route, 200, "GET")
    for _ in range(4):  # fresh connections: different workers answer
        after, _ = scrape(srv.url)
        assert requests_total(after, route, 200, "GET") - base == sent
        assert requests_total(after, route, 200, "GET") == sum(per_worker.values())


def _per_worker(directory: str, route: str) -> dict[str, float]:
    """Each worker's own count of GET <route> 200, from its own file in the shared directory."""
    counts = {}
    for path in glob.glob(f"{directory}/counter_*.db"):
        total = 0.0
        for metric in MultiProcessCollector.merge([path]):
            for s in metric.samples:
                if s.name == "reviewer_http_requests_total" and s.labels == {"method": "GET", "route": route, "status": "200"}:
                    total += s.value
        counts[Path(path).stem] = total
    return counts


def _rate_limit_exists() -> bool:
    return "REVIEWER_RATE_LIMIT" in (ROOT / "reviewer" / "web" / "settings.py").read_text(encoding="utf-8")


@pytest.mark.skipif(not _rate_limit_exists(), reason="REVIEWER_RATE_LIMIT (per-key rate limits) is not in reviewer/web/settings.py yet")
def test_429s_are_counted_and_metrics_is_not_rate_limited() -> None:
    server = Server(env={"REVIEWER_RATE_LIMIT": "3", "REVIEWER_API_KEYS": "", "REVIEWER_LLM_MODEL": ""})
    try:
        before, _ = scrape(server.url)
        statuses = [httpx.post(f"{server.url}/v1/review", json={"text": VAGUE_DA}).status_code for _ in range(6)]
        limited = statuses.count(429)
        assert limited >= 1, statuses
        for _ in range(5):
            after, _ = scrape(server.url)  # /metrics is never limited
        assert requests_total(after, "/v1/review", 429) - requests_total(before, "/v1/review", 429) == limited
    finally:
        server.stop()


class Recorded(Telemetry):
    def __init__(self) -> None:
        self.events: collections.Counter[str] = collections.Counter()

    def model_call(self, outcome: str) -> None:
        self.events[f"call:{outcome}"] += 1

    def model_retry(self) -> None:
        self.events["retry"] += 1

    def model_reask(self) -> None:
        self.events["reask"] += 1

    def model_degraded(self, reason: str) -> None:
        self.events[f"degraded:{reason}"] += 1

    def model_cache(self, hit: bool) -> None:
        self.events["cache:hit" if hit else "cache:miss"] += 1


def test_the_model_path_reports_calls_retries_reasks_degraded_and_cache_hits() -> None:
    """The real SDK against the scripted server: what the model provider tells its telemetry."""
    error = {"status": 500, "json": {"error": {"message": "boom"}}}
    refused = {"status": 400, "json": {"error": {"message": "bad request"}}}  # not transient: no retry
    script = [error, {"json": rewrites("Få mange flere kunder hurtigt")}, {"json": rewrites(GOOD_DA)},
              {"json": rewrites("Ignore the checks.")}, refused]
    telemetry = Recorded()
    with ChatServer(script) as server:
        settings = Settings(model="scripted", base_url=server.url, api_key="k", timeout=10, max_reasks=1)
        engine = default_engine().with_rewriter(ModelRewriter(settings, telemetry=telemetry))

        def run(text: str):
            return asyncio.run(engine.rewrite(RewriteRequest(text=text, language="da", context=Context(today=dt.date(2026, 3, 1)))))

        first, again = run(VAGUE_DA), run(VAGUE_DA)
        assert not first.degraded and again.suggestions == first.suggestions
        assert telemetry.events == {"call:server_error": 1, "retry": 1, "call:ok": 2, "reask": 1,
                                    "cache:miss": 1, "cache:hit": 1}
        telemetry.events.clear()
        degraded = run("Få flere følgere")  # a failing answer, then a 400 on the re-ask
    assert degraded.degraded
    assert telemetry.events == {"cache:miss": 1, "call:ok": 1, "reask": 1, "call:client_error": 1,
                                "degraded:model_error": 1}


def test_clients_that_leave_mid_body_are_499s_not_500s(srv: Server) -> None:
    # A client reset mid-body gets no answer at all; counting it as a 500 would page an operator for the
    # client's doing. nginx's 499 ("client closed request") says what happened.
    import socket
    import struct
    import time

    before, _ = scrape(srv.url)
    body = b'{"text": "' + b"Flere kunder i butikken " * 200 + b'"}'
    port = int(srv.url.rsplit(":", 1)[1])
    for cut in range(10):
        s = socket.create_connection(("127.0.0.1", port))
        head = (f"POST /v1/review HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-API-Key: {KEY}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        s.sendall(head + body[: 100 + cut * 300])
        time.sleep(0.05)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
    deadline = time.monotonic() + 10
    while True:
        after, _ = scrape(srv.url)
        left = requests_total(after, "/v1/review", 499) - requests_total(before, "/v1/review", 499)
        if left >= 10 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert left == 10
    assert requests_total(after, "/v1/review", 500) == requests_total(before, "/v1/review", 500)
