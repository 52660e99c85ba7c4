from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """A real `reviewer serve` process on a free loopback port; its output is kept for inspection."""

    def __init__(self, env: dict[str, str] | None = None, args: list[str] | tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = ROOT / ".pytest_cache" / f"server-{self.port}.log"
        self.log.parent.mkdir(exist_ok=True)
        self._out = self.log.open("wb")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "reviewer", "serve", "--host", "127.0.0.1", "--port", str(self.port), *args],
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
            cwd=ROOT,
        )
        deadline = time.monotonic() + 90  # workers build their engines at once: slow on a busy 2-core machine
        while time.monotonic() < deadline and self.proc.poll() is None:  # a server that refused to start: at once
            try:
                if httpx.get(f"{self.url}/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        output = self.output()  # before stop() closes the file
        self.stop()
        raise RuntimeError(f"server did not start: {output}")

    def output(self) -> str:
        self._out.flush()
        return self.log.read_text(encoding="utf-8", errors="replace")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        self._out.close()


@pytest.fixture(scope="session")
def server() -> Iterator[Server]:
    # Unlimited: the tests sharing it send more than the default 120 requests a minute (tests/test_ratelimit.py
    # tests the limits).
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_RATE_LIMIT": "0"})
    yield srv
    srv.stop()


class RedisServer:
    """Debian's redis-server on a free loopback port, in memory only (no RDB, no AOF); it can be stopped and
    started again on the same port, empty, as after a crash."""

    BINARY = shutil.which("redis-server") or "/usr/bin/redis-server"

    def __init__(self) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.BINARY, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--protected-mode", "yes", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT / ".pytest_cache",
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except Exception:  # noqa: BLE001  (not up yet: redis-py's ConnectionError)
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not start")

    def client(self):  # type: ignore[no-untyped-def]
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=1, socket_connect_timeout=1)

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.kill()  # as a crash: no goodbye to the clients
            self.proc.wait(timeout=10)
            self.proc = None


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    if not Path(RedisServer.BINARY).exists():  # a failure, not a skip: the shared limits would go untested
        pytest.fail("redis-server is not installed (Debian's redis-server; `make test` checks for it)")
    srv = RedisServer()
    yield srv
    srv.stop()


@pytest.fixture
def redis_url(redis_server: RedisServer) -> str:
    """The session's Redis, running and empty."""
    if redis_server.proc is None:
        redis_server.start()
    redis_server.client().flushall()
    return redis_server.url
