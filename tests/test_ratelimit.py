"""Rate limits per API key (per client address when the service is open): in one process, and shared through
a real Redis by real `reviewer serve` processes; Redis killed mid-run (fail open, then shared again); the
rewrite cache shared through Redis. The settings that refuse to start."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from litestar.testing import TestClient

from reviewer import default_engine
from reviewer.evaluation.chat_server import ChatServer, rewrites
from reviewer.models import RewriteRequest
from reviewer.redis_link import PAUSE
from reviewer.rewrite.cache import RedisCache
from reviewer.web.app import create_app
from reviewer.web.settings import DEFAULT_RATE_LIMIT, SettingsError, WebSettings
from tests.conftest import RedisServer, Server, free_port

KEYS = frozenset({"alpha-key", "beta-key"})
LANGUAGES = "/v1/languages"
MARKER = "Zqxv-confidential-plan-7731"  # user text that must never reach a log
VAGUE_DA = "Få flere kunder"
GOOD_DA = "Øge antallet af nye kunder via vores hjemmeside med [X] % inden [dato]."


def key(k: str) -> dict[str, str]:
    return {"x-api-key": k}


def limited_app(limit: int, keys: frozenset[str] = KEYS) -> TestClient:
    settings = WebSettings(api_keys=keys, rate_limit=limit, cors_origins=("chrome-extension://abc",))
    return TestClient(create_app(default_engine(), settings))


# --- in one process (Litestar's MemoryStore) ----------------------------------------------------------------
def test_past_the_limit_a_key_gets_429_with_retry_after_and_other_keys_do_not() -> None:
    with limited_app(3) as client:
        answers = [
            client.get(LANGUAGES, headers=key("alpha-key")),
            client.post("/v1/review", json={"text": MARKER}, headers=key("alpha-key")),
            client.get(LANGUAGES, headers={"authorization": "Bearer alpha-key"}),  # the same key, the other header
        ]
        assert [a.status_code for a in answers] == [200, 200, 200]
        assert [a.headers["ratelimit-remaining"] for a in answers] == ["2", "1", "0"]
        assert answers[0].headers["ratelimit-limit"] == "3" and answers[0].headers["ratelimit-policy"] == "3; w=60"

        refused = client.get(LANGUAGES, headers=key("alpha-key"))
        assert refused.status_code == 429
        retry = int(refused.headers["retry-after"])
        assert 1 <= retry <= 60 and refused.headers["ratelimit-remaining"] == "0"
        body = refused.json()
        assert body["detail"] == f"rate limit exceeded: 3 requests per minute per API key; retry in {retry} s"
        assert refused.headers["content-type"].startswith("application/")  # the app's error shape, not a bare text
        assert MARKER not in refused.text

        # A page of an allowed origin can read the refusal and its Retry-After (CORS runs around the limit).
        seen = client.get(LANGUAGES, headers={**key("alpha-key"), "origin": "chrome-extension://abc"})
        assert seen.status_code == 429 and seen.headers["access-control-allow-origin"] == "chrome-extension://abc"
        assert "retry-after" in seen.headers["access-control-expose-headers"]

        # ... and every RateLimit-* header the limiter sends, on a refusal and on an admitted answer alike.
        admitted = client.get(LANGUAGES, headers={**key("beta-key"), "origin": "chrome-extension://abc"})
        for answer in (seen, admitted):
            exposed = set(answer.headers["access-control-expose-headers"].split(", "))
            sent = {name.lower() for name in answer.headers if name.lower().startswith("ratelimit-")}
            assert sent == {"ratelimit-policy", "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"}
            assert sent <= exposed, sent - exposed

        other = client.get(LANGUAGES, headers=key("beta-key"))
        assert other.status_code == 200 and other.headers["ratelimit-remaining"] == "1"  # after `admitted`
        assert client.post("/v1/review", json={"text": "x"}, headers=key("alpha-key")).status_code == 429

        # Only /v1 is limited: health, metrics, the playground, the schema and static files are not.
        for path in ("/health", "/metrics", "/", "/schema/openapi.json", "/static/view.css") * 2:
            answer = client.get(path, headers=key("alpha-key"))
            assert answer.status_code == 200 and "ratelimit-limit" not in answer.headers, path


def test_requests_without_an_accepted_key_count_against_their_address_not_a_key() -> None:
    with limited_app(3) as client:
        guesses = [client.get(LANGUAGES, headers=key(f"guess-{i}")).status_code for i in range(3)]
        assert guesses == [401, 401, 401]
        throttled = client.get(LANGUAGES, headers=key("guess-4"))  # guessing keys is throttled
        assert throttled.status_code == 429 and "3 requests per minute per client address" in throttled.json()["detail"]
        assert client.get(LANGUAGES).status_code == 429  # no key at all: the same address
        assert client.get(LANGUAGES, headers=key("alpha-key")).status_code == 200  # a real key counts alone


def test_the_default_is_120_a_minute_and_0_turns_the_limit_off() -> None:
    assert DEFAULT_RATE_LIMIT == 120
    assert WebSettings.from_env({}).rate_limit == 120
    assert WebSettings.from_env({"REVIEWER_RATE_LIMIT": "0"}).rate_limit == 0
    assert WebSettings().rate_limit == 120

    with TestClient(create_app(default_engine(), WebSettings.from_env({}))) as client:
        statuses = [client.get(LANGUAGES).status_code for _ in range(121)]
    assert statuses == [200] * 120 + [429]
    with TestClient(create_app(default_engine(), WebSettings.from_env({"REVIEWER_RATE_LIMIT": "0"}))) as client:
        answers = [client.get(LANGUAGES) for _ in range(150)]
    assert {a.status_code for a in answers} == {200} and "ratelimit-limit" not in answers[-1].headers


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "12 per minute", "1e3"])
def test_a_bad_rate_limit_is_refused_naming_the_variable(value: str) -> None:
    with pytest.raises(SettingsError, match=r"^REVIEWER_RATE_LIMIT: .* is not a whole number of requests per minute"):
        WebSettings.from_env({"REVIEWER_RATE_LIMIT": value})


@pytest.mark.parametrize("url", ["http://:hunter2@cache:6379", "cache:6379", "redis://:hunter2@cache:port/0"])
def test_a_bad_redis_url_is_refused_naming_the_variable_and_not_its_password(url: str) -> None:
    with pytest.raises(SettingsError, match=r"^REVIEWER_REDIS_URL: not a Redis URL") as refused:
        WebSettings.from_env({"REVIEWER_REDIS_URL": url})
    assert "hunter2" not in str(refused.value)
    good = WebSettings.from_env({"REVIEWER_REDIS_URL": " redis://:hunter2@cache:6379/1 "})
    assert good.redis_url == "redis://:hunter2@cache:6379/1"


def test_reviewer_serve_refuses_to_start_with_a_bad_limit() -> None:
    with pytest.raises(RuntimeError, match="server did not start") as refused:
        Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_RATE_LIMIT": "lots"})
    assert "REVIEWER_RATE_LIMIT: 'lots' is not a whole number of requests per minute" in str(refused.value)


def test_an_open_service_limits_each_client_address() -> None:
    # uvicorn takes the client address from X-Forwarded-For when the peer is trusted (127.0.0.1 by default,
    # FORWARDED_ALLOW_IPS): how a real proxy tells it apart, and how this test plays two clients.
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_API_KEYS": "", "REVIEWER_RATE_LIMIT": "2"})
    try:
        with httpx.Client(base_url=srv.url, timeout=10) as http:
            first = [http.get(LANGUAGES, headers={"x-forwarded-for": "203.0.113.1"}).status_code for _ in range(3)]
            second = http.get(LANGUAGES, headers={"x-forwarded-for": "203.0.113.2"})
            local = http.get(LANGUAGES)
        assert first == [200, 200, 429]
        assert second.status_code == 200 and second.headers["ratelimit-remaining"] == "1"
        assert local.status_code == 200
        assert "rate limits: 2 requests per minute per client address, counted in this process" in srv.output()
    finally:
        srv.stop()


# --- shared through one real Redis by two `reviewer serve` processes ----------------------------------------
class Replicas:
    """Two `reviewer serve` processes sharing one Redis, with keys, a limit of 6 a minute, and a model path on a
    scripted Chat Completions server (for the shared rewrite cache). Each test uses its own keys."""

    LIMIT = 6

    def __init__(self, redis: RedisServer) -> None:
        self.redis = redis
        keys = "alpha-key,beta-key,gamma-key,delta-key,epsilon-key,cache-key"
        self.chat = ChatServer([]).__enter__()
        env = {
            "REVIEWER_API_KEYS": keys, "REVIEWER_RATE_LIMIT": str(self.LIMIT), "REVIEWER_REDIS_URL": redis.url,
            "REVIEWER_LLM_MODEL": "scripted-model", "OPENAI_BASE_URL": self.chat.url, "OPENAI_API_KEY": "test-key",
            "REVIEWER_LLM_TIMEOUT": "10",
        }
        with ThreadPoolExecutor(2) as pool:  # both start at once: start-up is most of this file's time
            starting = [pool.submit(Server, env=env) for _ in range(2)]
        self.servers = [f.result() for f in starting]

    def stop(self) -> None:
        for srv in self.servers:
            srv.stop()
        self.chat.__exit__()


@pytest.fixture(scope="module")
def replicas(redis_server: RedisServer) -> Iterator[Replicas]:
    pair = Replicas(redis_server)
    yield pair
    pair.stop()


def get(srv: Server, k: str) -> httpx.Response:
    return httpx.get(f"{srv.url}{LANGUAGES}", headers=key(k), timeout=5)  # the timeout bounds any hang


def test_two_replicas_count_toward_one_limit(replicas: Replicas, redis_url: str) -> None:
    a, b = replicas.servers
    statuses = [get(srv, "alpha-key").status_code for srv in (a, b, a, b, a, b)]
    assert statuses == [200] * 6  # three on each: six in all, the limit
    for srv in (a, b):
        refused = get(srv, "alpha-key")
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "6 requests per minute per API key" in refused.json()["detail"]
    assert get(b, "beta-key").status_code == 200  # another key: its own count

    stored = [k.decode() for k in replicas.redis.client().keys("*")]
    digest = hashlib.sha256(b"alpha-key").hexdigest()
    assert any(digest in k for k in stored), stored
    assert not any("alpha-key" in k or "beta-key" in k for k in stored), stored  # a digest, never the key


def test_concurrent_requests_to_two_replicas_admit_exactly_the_limit(replicas: Replicas, redis_url: str) -> None:
    async def burst() -> list[int]:
        async with httpx.AsyncClient(timeout=10) as http:
            answers = await asyncio.gather(*(
                http.get(f"{replicas.servers[i % 2].url}{LANGUAGES}", headers=key("epsilon-key")) for i in range(30)
            ))
        return [a.status_code for a in answers]

    statuses = asyncio.run(burst())
    assert sorted(statuses) == [200] * Replicas.LIMIT + [429] * (30 - Replicas.LIMIT)


def test_with_redis_killed_the_service_answers_counting_per_process_then_shares_again(
    replicas: Replicas, redis_url: str
) -> None:
    a, b = replicas.servers
    assert get(a, "gamma-key").status_code == 200  # counted in Redis
    replicas.redis.stop()
    try:
        # Fail open: every request is answered (no 5xx, none hangs past the client's 5 s); each process
        # counts alone meanwhile, so the limit holds per process.
        during = [get(a, "gamma-key").status_code for _ in range(Replicas.LIMIT + 2)]
        assert during == [200] * Replicas.LIMIT + [429, 429]
        review = httpx.post(f"{b.url}/v1/review", json={"text": MARKER}, headers=key("gamma-key"), timeout=5)
        assert review.status_code == 200
        assert get(b, "gamma-key").status_code == 200
        for srv in (a, b):
            out = srv.output()
            assert out.count("rate limits: Redis unreachable (ConnectionError); each process counts alone") == 1
            assert MARKER not in out
    finally:
        replicas.redis.start()

    # Redis is back (empty, as after a crash): once each process has tried it again, the count is shared.
    time.sleep(PAUSE + 0.2)
    deadline = time.monotonic() + 10
    while not all("rate limits: Redis reachable again" in srv.output() for srv in (a, b)):
        assert time.monotonic() < deadline, "the rate limits did not go back to Redis"
        for srv in (a, b):
            httpx.get(f"{srv.url}{LANGUAGES}", timeout=5)  # no key: counts against the address, answers 401
        time.sleep(0.2)
    statuses = [get(srv, "delta-key").status_code for srv in (a, b, a, b, a, b, a)]
    assert statuses == [200] * 6 + [429]  # per process it would have been 200: shared again


def test_the_second_replica_serves_the_rewrite_from_the_shared_cache(replicas: Replicas, redis_url: str) -> None:
    a, b = replicas.servers
    with replicas.chat.lock:
        replicas.chat.requests.clear()
        replicas.chat.script[:] = [{"json": rewrites(GOOD_DA)}]  # one answer; a second call would get a 500
    body = {"text": VAGUE_DA, "language": "da", "context": {"today": "2026-03-01"}}
    first = httpx.post(f"{a.url}/v1/rewrite", json=body, headers=key("cache-key"), timeout=20)
    second = httpx.post(f"{b.url}/v1/rewrite", json=body, headers=key("cache-key"), timeout=20)
    assert first.status_code == second.status_code == 200
    assert not first.json()["degraded"] and not second.json()["degraded"]
    assert [s["text"] for s in second.json()["suggestions"]] == [s["text"] for s in first.json()["suggestions"]]
    assert [s["provider"] for s in second.json()["suggestions"]] == ["llm"]
    assert len(replicas.chat.requests) == 1  # the second replica never asked the model
    cached = [k.decode() for k in replicas.redis.client().keys("reviewer:rewrite:*")]
    assert len(cached) == 1 and VAGUE_DA not in cached[0]  # the key is a hash of the request
    assert 0 < replicas.redis.client().pttl(cached[0]) <= 3600 * 1000  # REVIEWER_LLM_CACHE_TTL, default 3600 s


def test_a_redis_cache_that_cannot_be_reached_is_a_miss_not_an_error() -> None:
    cache = RedisCache(f"redis://127.0.0.1:{free_port()}/0", ttl=60)  # nothing listens there

    async def use() -> None:
        answer = await default_engine().rewrite(RewriteRequest(text=VAGUE_DA, language="da"))  # offline
        await cache.put("some key", answer)
        assert await cache.get("some key") is None

    asyncio.run(use())
    assert cache.link.down
