"""How `reviewer serve` runs the API: uvicorn on uvloop with the httptools parser, hardened against its clients.

Measured with wrk on 2 cores (`evals/bench_server.py`): uvloop + httptools serves about twice the /health
requests/s of uvicorn's default (pure-Python h11 on asyncio's loop) and about 15 % more /v1/review. granian
serves /health faster still but /v1/review no faster (the time is in the review, not the HTTP layer), and it
does not bound silent connections or slow bodies either; uvicorn's protocol class lets us add every missing
bound below in a few lines, tested in tests/test_server_robust.py.

What uvicorn's httptools protocol does not bound, and this module does:

- **Slow or silent clients.** uvicorn's keep-alive timer runs only between requests and restarts on every
  byte, so a client that connects and sends nothing, or sends a request a byte at a time, holds its
  connection for ever. Here every request must arrive whole (head and body) within `request_timeout`
  seconds of the connection opening or of the previous answer; otherwise the connection is closed. Idle
  keep-alive connections are still closed after `timeout_keep_alive` seconds.
- **Clients that do not read.** A client may send requests and never read the answers; once the socket's
  buffers are full uvicorn waits for it for ever. Here a connection whose writes stay paused for
  `request_timeout` seconds is dropped (and closing never waits on unsent data).
- **Endless headers.** httptools has no header size limit; a request head over `max_head_bytes` is answered
  431 and the connection closed. (Bodies are limited by the app: over 1 MB is a 413.)

Connections reset by the client, and clients that leave before their answer, are ordinary events for the
event loop: nothing here, or anywhere in the server, changes a signal disposition.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from reviewer.web.logs import LogFormat, log_config

DEFAULT_REQUEST_TIMEOUT = 10.0
DEFAULT_KEEP_ALIVE = 5.0
DEFAULT_MAX_HEAD_BYTES = 64 * 1024


class ServerConfig(uvicorn.Config):
    """uvicorn's Config plus the two limits the protocol below enforces (picklable, so --workers works)."""

    def __init__(
        self, *args: Any, request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        max_head_bytes: int = DEFAULT_MAX_HEAD_BYTES, **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.request_timeout = request_timeout
        self.max_head_bytes = max_head_bytes


class GuardedHttpToolsProtocol(HttpToolsProtocol):
    """uvicorn's httptools protocol with a deadline for reading each request, a cap on its head, and a
    limit on how long a client may leave its answers unread."""

    def __init__(self, config: uvicorn.Config, *args: Any, **kwargs: Any) -> None:
        super().__init__(config, *args, **kwargs)
        self.request_timeout = float(getattr(config, "request_timeout", DEFAULT_REQUEST_TIMEOUT))
        self.max_head_bytes = int(getattr(config, "max_head_bytes", DEFAULT_MAX_HEAD_BYTES))
        self._read_deadline: asyncio.TimerHandle | None = None
        self._write_stall: asyncio.TimerHandle | None = None
        self._running: Any = None  # the request cycle whose app task runs (uvicorn keeps only the last parsed)
        self._reading_head = True
        self._head_bytes = 0

    def _arm_read_deadline(self) -> None:
        self._cancel_read_deadline()
        self._read_deadline = self.loop.call_later(self.request_timeout, self._read_timed_out)

    def _cancel_read_deadline(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _start_asgi_task(self, cycle: Any, app: Any) -> None:
        self._running = cycle
        super()._start_asgi_task(cycle, app)

    def _abort(self) -> None:
        """Drop the connection now, unsent data and all. The running request, and any queued behind it,
        learn at once that the client is gone, before the loop reports the loss: their next send returns."""
        cycles = [c for c, _ in self.pipeline] + ([self._running] if self._running is not None else [])
        for cycle in cycles:
            if not cycle.response_complete:
                cycle.disconnected = True
                cycle.message_event.set()
        self.pipeline.clear()
        self.flow.resume_writing()
        self.transport.abort()

    def _drop(self) -> None:
        # close() would wait until unsent data is read, which a client that does not read never does.
        if self.transport.get_write_buffer_size():
            self._abort()
        elif not self.transport.is_closing():
            self.transport.close()

    def _read_timed_out(self) -> None:
        # The request did not arrive in time. If the app already has its head, it sees a disconnect.
        self._read_deadline = None
        self._drop()

    def timeout_keep_alive_handler(self) -> None:
        self._drop()

    def pause_writing(self) -> None:
        super().pause_writing()
        if self._write_stall is None:
            self._write_stall = self.loop.call_later(self.request_timeout, self._write_stalled)

    def resume_writing(self) -> None:
        if self._write_stall is not None:
            self._write_stall.cancel()
            self._write_stall = None
        super().resume_writing()

    def _write_stalled(self) -> None:
        self._write_stall = None
        self._abort()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm_read_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_read_deadline()
        if self._write_stall is not None:
            self._write_stall.cancel()
            self._write_stall = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._reading_head:
            self._head_bytes += len(data)
        super().data_received(data)
        if self._reading_head and self._head_bytes > self.max_head_bytes and not self.transport.is_closing():
            self._reject_head()

    def _reject_head(self) -> None:
        msg = b"Request header fields too large"
        self.transport.write(
            STATUS_LINE[431]
            + b"content-type: text/plain; charset=utf-8\r\ncontent-length: "
            + str(len(msg)).encode()
            + b"\r\nconnection: close\r\n\r\n"
            + msg
        )
        self.transport.close()

    def on_headers_complete(self) -> None:
        self._reading_head = False
        self._head_bytes = 0
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self._reading_head = True
        if self.cycle is not None and self.cycle.response_complete:
            # The answer left before the body was in (e.g. a 413): the connection is idle from now on.
            self._arm_read_deadline()
        else:
            self._cancel_read_deadline()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if self.timeout_keep_alive_task is not None:
            # The connection waits for its next request, which must arrive whole in time too.
            self._arm_read_deadline()


@contextlib.contextmanager
def shared_metrics_dir() -> Iterator[str]:
    """Where the workers' Prometheus values meet, so that /metrics in any worker sums them all
    (reviewer/web/metrics.py). The operator's PROMETHEUS_MULTIPROC_DIR when set (theirs to empty between
    runs); else a fresh directory, removed at exit. Set before any worker starts: prometheus-client chooses
    its multi-process value class when it is first imported."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if given:
        os.makedirs(given, exist_ok=True)  # prometheus-client's collector refuses a missing directory
        yield given
        return
    path = tempfile.mkdtemp(prefix=f"reviewer-metrics-{os.getpid()}-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = path
    try:
        yield path
    finally:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        shutil.rmtree(path, ignore_errors=True)


def serve(
    host: str, port: int, *, workers: int = 1, access_log: bool = False,
    request_timeout: float = DEFAULT_REQUEST_TIMEOUT, keep_alive: float = DEFAULT_KEEP_ALIVE,
    log_format: LogFormat = "json",
) -> None:
    """Serve the API until SIGINT or SIGTERM; the app factory builds the engine once per worker process."""
    from uvicorn.supervisors import Multiprocess

    config = ServerConfig(
        "reviewer.api:create_app",
        factory=True,
        host=host,
        port=port,
        loop="uvloop",
        http=GuardedHttpToolsProtocol,
        workers=workers,
        # JSON lines (or text), each with the request's id; the access line is the app's own (reviewer/web/logs.py:
        # method, route template, status, duration, sizes; never a body, query string or header value), not
        # uvicorn's, which prints the raw path with its query string.
        log_config=log_config(log_format, access=access_log),
        access_log=False,
        log_level="info",
        timeout_keep_alive=keep_alive,  # type: ignore[arg-type]  (call_later takes a float)
        timeout_graceful_shutdown=int(request_timeout) + 5,
        request_timeout=request_timeout,
        # A starting worker spends seconds building its engine (lingua's models), much longer on a busy machine,
        # and misses uvicorn's health pings meanwhile: with the 5 s default, uvicorn killed and restarted such
        # workers over and over (seen on 2 shared cores), and the server never came up.
        timeout_worker_healthcheck=60,
    )
    server = uvicorn.Server(config)
    if workers > 1:
        with shared_metrics_dir():
            Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        server.run()
        if not server.started:
            raise SystemExit(3)
