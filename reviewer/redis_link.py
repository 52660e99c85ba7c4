"""Reaching Redis (REVIEWER_REDIS_URL), for the shared rate limits (reviewer/web/ratelimit.py) and the shared
rewrite cache (reviewer/rewrite/cache.py).

Redis helps; no answer depends on it. Every call has a short timeout (TIMEOUT) and no retries, so an outage
costs a request at most that long; after a failure Redis is left alone for PAUSE seconds, then one call tells
whether it is back. Each outage is logged once, with the error's type only (never a key, a value or the URL's
password), and so is the recovery.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Generic, TypeVar
from urllib.parse import urlsplit

from redis.asyncio import Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff

TIMEOUT = 0.25  # seconds, to connect and for each reply: a healthy Redis answers in well under a millisecond
PAUSE = 2.0  # seconds without trying Redis after a failure
SCHEMES = ("redis", "rediss", "unix")
T = TypeVar("T")


def check_url(url: str) -> str:
    """The URL, stripped, if Redis can be reached by it; a ValueError that never repeats it (it may hold a
    password) otherwise."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES or not (parts.netloc or parts.path):
        raise ValueError("not a Redis URL: expected redis://[user:password@]host[:port][/db], rediss://… or unix://…")
    try:
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise ValueError("not a Redis URL: the port is not a number") from None
    return url


def where(url: str) -> str:
    """The URL without its credentials, for logs."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}{parts.path}"


def connect(url: str) -> Redis:
    """An asyncio client with short timeouts and no retries (redis-py retries three times by default)."""
    return Redis.from_url(url, socket_connect_timeout=TIMEOUT, socket_timeout=TIMEOUT, retry=Retry(NoBackoff(), 0))


class PerLoop(Generic[T]):
    """One value (a client and what holds it) per event loop: an asyncio connection belongs to the loop that
    opened it. A server has one loop per process; tests and the CLI may run several, one after another."""

    def __init__(self, make: Callable[[], T]) -> None:
        self._make = make
        self._loop: asyncio.AbstractEventLoop | None = None
        self._value: T | None = None

    def get(self) -> T:
        loop = asyncio.get_running_loop()
        if self._loop is not loop or self._value is None:
            self._loop, self._value = loop, self._make()
        return self._value


class Link:
    """Whether to call Redis now, and the log lines of an outage: one when it starts, one when it ends."""

    def __init__(self, log: logging.Logger, use: str, meanwhile: str) -> None:
        self.log, self.use, self.meanwhile = log, use, meanwhile
        self.down = False
        self._retry_at = 0.0

    def usable(self) -> bool:
        return time.monotonic() >= self._retry_at

    def failed(self, exc: BaseException) -> None:
        self._retry_at = time.monotonic() + PAUSE
        if not self.down:
            self.down = True
            self.log.warning("%s: Redis unreachable (%s); %s until it is back", self.use, type(exc).__name__,
                             self.meanwhile)

    def succeeded(self) -> None:
        if self.down:
            self.down = False
            self.log.info("%s: Redis reachable again", self.use)
