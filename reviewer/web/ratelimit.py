"""Rate limits on the /v1 endpoints: REVIEWER_RATE_LIMIT requests per minute (default 120; 0 turns them off)
per API key, or per client address when the service is open, on Litestar's rate-limit middleware and stores.

- **Whose count.** A request with an accepted key counts against that key (named in the store by a SHA-256
  digest, never the key), so one key's traffic never limits another's. A request without an accepted key (an
  open service, or a missing or wrong key, which then gets its 401) counts against its client address, so
  guessing keys is throttled too. Behind a proxy the address is the proxy's unless uvicorn is told to trust
  its X-Forwarded-For (FORWARDED_ALLOW_IPS).
- **The window** is Litestar's: a minute from a client's first counted request; a refused request is not
  counted. Past the limit the answer is 429 with Retry-After (seconds until the window ends) and Litestar's
  RateLimit-Policy/-Limit/-Remaining/-Reset headers, which every admitted answer carries too. The 429 is an
  HTTPException answered by the app's exception handlers (the app's error shape), sent through the
  middleware around this one (CORS), so a page can read it.
- **Where it is counted.** In this process without REVIEWER_REDIS_URL (a count and a window end per client,
  O(1) a request: Litestar's memory path keeps a timestamp per admitted request and re-encodes the list each
  time); then with `--workers N` each worker counts alone. With REVIEWER_REDIS_URL every replica and worker counts in one
  Redis, through Litestar's RedisStore plus one Lua script that reads, checks and counts in a single step:
  Litestar's own read-then-write would let two replicas both admit the same last request.
- **Redis away: fail open, to per-process counting.** Requests still get their answers; while Redis cannot be
  reached each process counts in its own memory (the limit holds per process, not across replicas), a
  warning is logged once per outage with the error's type only, and the shared count resumes by itself when
  Redis answers again (reviewer/redis_link.py: 0.25 s timeouts, no retries, one retry of Redis every 2 s), so
  an outage never makes a request hang. Failing closed would turn a cache outage into a service outage.
"""

from __future__ import annotations

import hashlib
import inspect
import logging
import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.exceptions import HTTPException, TooManyRequestsException
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.rate_limit import DURATION_VALUES, RateLimitConfig, RateLimitMiddleware
from litestar.stores.redis import RedisStore
from litestar.types import ASGIApp, Receive, Scope, Send
from redis.asyncio import Redis

from reviewer.redis_link import Link, PerLoop, connect, where
from reviewer.web.keys import ApiKeys
from reviewer.web.settings import WebSettings

log = logging.getLogger("reviewer.api")
SWEEP = 60.0  # seconds between sweeps of expired counts from the memory store

# KEYS[1] the count; ARGV[1] the limit, ARGV[2] the window in ms. Returns {count, ms left in the window,
# admitted}. The window starts with the first counted request; a refused request is not counted.
HIT = b"""
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local admitted = 0
if count < tonumber(ARGV[1]) then
    count = redis.call('INCR', KEYS[1])
    admitted = 1
    if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    left = tonumber(ARGV[2])
end
return {count, left, admitted}
"""


class SharedCount(RedisStore):
    """Litestar's Redis store with one more step: count a request and say whether it is admitted, atomically."""

    __slots__ = ("_hit",)

    def __init__(self, redis: Redis, namespace: str = "reviewer_ratelimit") -> None:
        super().__init__(redis, namespace=namespace)
        self._hit = self._redis.register_script(HIT)

    async def hit(self, key: str, limit: int, window: int) -> tuple[int, float, bool]:
        """(requests counted in the window, seconds left in it, whether this one is admitted)."""
        count, left_ms, admitted = await self._hit(keys=[self._make_key(key)], args=[limit, window * 1000])
        return int(count), int(left_ms) / 1000, bool(admitted)


def identify(keys: ApiKeys) -> Callable[[Request[Any, Any, Any]], str]:
    """The identifier a request is counted against: its accepted key's digest, else its client address."""

    def identifier(request: Request[Any, Any, Any]) -> str:
        if keys.required:
            presented = ApiKeys.presented(request.headers)
            if presented and all(k is not None and keys.accepts(k) for k in presented):  # as the guard decides
                return "key:" + hashlib.sha256(str(presented[0]).encode("utf-8", "surrogateescape")).hexdigest()
        return "address:" + (request.client.host if request.client else "unknown")

    return identifier


@dataclass
class Window:
    """One client's count in the current window and when the window ends (epoch seconds): the same two numbers
    the Redis script keeps, so that both paths answer alike."""

    count: int
    reset: int


class Counting:
    """What every instance of the middleware shares: Litestar builds one per route, and one route's count must
    be the others' (one view of Redis, one warning per outage, one set of local windows)."""

    def __init__(self, shared: PerLoop[SharedCount] | None) -> None:
        self.shared = shared
        self.link = Link(log, "rate limits", "each process counts alone")
        self.windows: dict[str, Window] = {}  # this process's counts: without Redis, or while it is away
        self.sweep_at = 0.0

    def hit(self, key: str, limit: int, window: int) -> tuple[Window, bool]:
        """Count a request here, in O(1) (Litestar's memory path keeps and re-encodes a timestamp per request).
        No await inside, so no lock is needed on the event loop."""
        now = time.time()
        if now >= self.sweep_at:  # counts of clients gone quiet would otherwise stay
            self.sweep_at = now + SWEEP
            self.windows = {k: w for k, w in self.windows.items() if w.reset > now}
        counted = self.windows.get(key)
        if counted is None or counted.reset <= now:
            counted = self.windows[key] = Window(0, int(now) + window)
        if counted.count >= limit:
            return counted, False
        counted.count += 1
        return counted, True


class KeyedRateLimit(RateLimitMiddleware):
    """Litestar's middleware, counting in Redis when one is configured and in memory otherwise or meanwhile."""

    def __init__(self, app: ASGIApp, config: RateLimitConfig, counting: Counting) -> None:
        super().__init__(app, config)
        self.counting = counting
        self.shared, self.link = counting.shared, counting.link
        self.window = DURATION_VALUES[self.unit]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        app = scope["litestar_app"]
        request: Request[Any, Any, Any] = app.request_class(scope)
        key = self.cache_key_from_request(request)
        counted, admitted = await self._shared_hit(key) or self.counting.hit(key, self.max_requests, self.window)
        if not admitted:
            retry = max(1, counted.reset - int(time.time()))
            per = "API key" if "::key:" in key else "client address"
            refusal = TooManyRequestsException(
                detail=f"rate limit exceeded: {self.max_requests} requests per {self.unit} per {per}; retry in {retry} s",
                headers={**self.create_response_headers(counted), "Retry-After": str(retry)},
            )
            await self._answer(refusal, request, scope, receive, send)
            return
        await self.app(scope, receive, self.create_send_wrapper(send, counted))

    @staticmethod
    async def _answer(exc: HTTPException, request: Request[Any, Any, Any], scope: Scope, receive: Receive,
                      send: Send) -> None:
        """The refusal as the app's exception handlers shape it, sent through the `send` this middleware got.
        Raised, it would be answered by Litestar outside every middleware, so the ones around this one (CORS)
        would never see it and a page could not read its Retry-After."""
        handlers = request.route_handler.resolve_exception_handlers()
        handler = next((handlers[k] for k in (exc.status_code, *type(exc).__mro__) if k in handlers), None)
        if handler is None:
            raise exc
        response = handler(request, exc)
        if inspect.isawaitable(response):
            response = await response
        await response.to_asgi_response(app=None, request=request)(scope, receive, send)

    async def _shared_hit(self, key: str) -> tuple[Window, bool] | None:
        """The count in Redis, or None when there is no Redis or it cannot be reached now (fail open)."""
        if self.shared is None or not self.link.usable():
            return None
        try:
            count, left, admitted = await self.shared.get().hit(key, self.max_requests, self.window)
        except Exception as exc:  # noqa: BLE001  (any failure of Redis: count here instead)
            self.link.failed(exc)
            return None
        self.link.succeeded()
        return Window(count, int(time.time()) + math.ceil(left)), admitted

    def create_response_headers(self, cache_object: Window) -> dict[str, str]:  # type: ignore[override]
        """Litestar's RateLimit-* headers, from a count (Litestar's reads the length of its timestamp list)."""
        return {
            self.config.rate_limit_policy_header_key: f"{self.max_requests}; w={self.window}",
            self.config.rate_limit_limit_header_key: str(self.max_requests),
            self.config.rate_limit_remaining_header_key: str(max(0, self.max_requests - cache_object.count)),
            self.config.rate_limit_reset_header_key: str(max(0, cache_object.reset - int(time.time()))),
        }


def rate_limits(settings: WebSettings, keys: ApiKeys) -> list[DefineMiddleware]:
    """The middleware for the /v1 router: none when REVIEWER_RATE_LIMIT is 0."""
    if settings.rate_limit <= 0:
        log.info("rate limits: off (REVIEWER_RATE_LIMIT=0)")
        return []
    per = "API key" if keys.required else "client address"
    config = RateLimitConfig(
        rate_limit=("minute", settings.rate_limit),
        identifier_for_request=identify(keys),
        store="reviewer_rate_limit",  # Litestar's config names a store; the counts live in Counting and Redis
        middleware_class=KeyedRateLimit,
    )
    shared = None
    if settings.redis_url:
        url = settings.redis_url
        shared = PerLoop(lambda: SharedCount(connect(url)))
    log.info("rate limits: %d requests per minute per %s, counted %s", settings.rate_limit, per,
             f"in Redis at {where(settings.redis_url)}, shared by every replica" if settings.redis_url
             else "in this process (REVIEWER_REDIS_URL shares the count between replicas)")
    return [DefineMiddleware(KeyedRateLimit, config=config, counting=Counting(shared))]
