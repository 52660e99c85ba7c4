"""Where the model path keeps its answers: in this process (a TTL LRU, the default) or in Redis, shared by every
replica and worker (REVIEWER_REDIS_URL). Only successful model answers are stored, for REVIEWER_LLM_CACHE_TTL.

The key is a SHA-256 of what makes an answer (text, kind, language, context, model, prompt version, count), so
Redis never holds the user's text in a key; the value is the RewriteResponse's JSON (the review and the
suggestions, which are derived from that text: guard the Redis like the service). A Redis that fails or is
away is a cache miss, never an error (reviewer/redis_link.py: short timeouts, one warning per outage).
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import OrderedDict
from typing import Protocol

from pydantic import ValidationError

from reviewer.models import RewriteResponse
from reviewer.redis_link import Link, PerLoop, connect

log = logging.getLogger("reviewer.rewrite")


class RewriteCache(Protocol):
    async def get(self, key: str) -> RewriteResponse | None: ...

    async def put(self, key: str, value: RewriteResponse) -> None: ...


class MemoryCache:
    """A small LRU cache in this process whose entries expire."""

    def __init__(self, size: int, ttl: float) -> None:
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[str, tuple[float, RewriteResponse]] = OrderedDict()

    async def get(self, key: str) -> RewriteResponse | None:
        item = self._items.get(key)
        if item is None or time.monotonic() - item[0] > self.ttl:
            self._items.pop(key, None)
            return None
        self._items.move_to_end(key)
        return item[1]

    async def put(self, key: str, value: RewriteResponse) -> None:
        self._items[key] = (time.monotonic(), value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


class RedisCache:
    """The answers in Redis, under `<namespace><sha256 of the key>`, expiring after `ttl` seconds."""

    def __init__(self, url: str, ttl: float, namespace: str = "reviewer:rewrite:") -> None:
        self.ttl, self.namespace = ttl, namespace
        self._client = PerLoop(lambda: connect(url))
        self.link = Link(log, "rewrite cache", "every rewrite is a cache miss")

    def _key(self, key: str) -> str:
        return self.namespace + hashlib.sha256(key.encode("utf-8", "surrogateescape")).hexdigest()

    async def get(self, key: str) -> RewriteResponse | None:
        if not self.link.usable():
            return None
        try:
            raw = await self._client.get().get(self._key(key))
        except Exception as exc:  # noqa: BLE001  (Redis is an aid: any failure is a miss)
            self.link.failed(exc)
            return None
        self.link.succeeded()
        if raw is None:
            return None
        try:
            return RewriteResponse.model_validate_json(raw)
        except ValidationError:  # written by another version of the service: a miss
            return None

    async def put(self, key: str, value: RewriteResponse) -> None:
        if self.ttl <= 0 or not self.link.usable():
            return
        try:
            await self._client.get().set(self._key(key), value.model_dump_json(), px=max(1, int(self.ttl * 1000)))
        except Exception as exc:  # noqa: BLE001
            self.link.failed(exc)
        else:
            self.link.succeeded()
