"""`reviewer serve` survives its clients: resets, early hang-ups, slow and silent clients, and wrk.

Real clients (raw sockets, httpx, wrk) against a real `reviewer serve` process on loopback, never the
in-process test client: what killed the server (exit 141 on the first reset connection) only shows in a
real process. After every scenario the process must still run and answer /health.
"""

from __future__ import annotations

import concurrent.futures
import json
import re
import shutil
import socket
import struct
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import Server

REQUEST_TIMEOUT = 2.0  # seconds a request may take to arrive whole (the server's default is 10)
KEEP_ALIVE = 1.0
GOAL = "Increase newsletter sign-ups from 200 to 350 per month by 30 June 2026."
REVIEW_BODY = json.dumps({"text": GOAL, "context": {"today": "2026-03-01"}}).encode()
REWRITE_BODY = json.dumps({"text": "Få flere kunder", "max_suggestions": 3}).encode()


@pytest.fixture(scope="module")
def srv() -> Iterator[Server]:
    server = Server(env={
        "REVIEWER_LLM_MODEL": "",
        "REVIEWER_RATE_LIMIT": "0",  # hundreds of requests a minute (tests/test_ratelimit.py tests the limits)
        "REVIEWER_REQUEST_TIMEOUT": str(REQUEST_TIMEOUT),
        "REVIEWER_KEEP_ALIVE": str(KEEP_ALIVE),
    })
    yield server
    server.stop()


def assert_alive(srv: Server) -> None:
    assert srv.proc.poll() is None, f"reviewer serve exited with {srv.proc.returncode}:\n{srv.output()}"
    r = httpx.post(f"{srv.url}/v1/review", content=REVIEW_BODY, headers={"content-type": "application/json"}, timeout=10)
    assert r.status_code == 200 and r.json()["kind"] == "goal", r.text
    assert httpx.get(f"{srv.url}/health", timeout=5).status_code == 200
    log = srv.output()
    for bad in ("Traceback", "Exception in ASGI application", "ERROR"):
        assert bad not in log, log


def connect(srv: Server, timeout: float = 10) -> socket.socket:
    return socket.create_connection(("127.0.0.1", srv.port), timeout=timeout)


def reset(sock: socket.socket) -> None:
    """Close with SO_LINGER on and linger 0: the kernel sends RST instead of FIN, as aborted browsers do."""
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    sock.close()


def head(method: str, path: str, length: int | None = None) -> bytes:
    lines = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1"]
    if length is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {length}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def read_response(sock: socket.socket) -> tuple[int, bytes]:
    """One HTTP/1.1 response with a content-length; the status and the body."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"closed before a full response head: {data!r}")
        data += chunk
    head_bytes, body = data.split(b"\r\n\r\n", 1)
    status = int(head_bytes.split()[1])
    length = int(re.search(rb"(?i)content-length:\s*(\d+)", head_bytes).group(1))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError("closed mid-body")
        body += chunk
    return status, body


def closed_by_server(sock: socket.socket, within: float) -> bool:
    """True if the server closes (FIN or RST) the connection within `within` seconds, reading anything it sends."""
    sock.settimeout(within)
    try:
        while sock.recv(65536):
            pass
        return True
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


# (a) connections reset by the client --------------------------------------------------------------------

RESET_CASES = {
    "connect then reset": lambda: b"",
    "half a request line": lambda: b"GET /hea",
    "GET /health, reset before the answer": lambda: head("GET", "/health"),
    "POST /v1/review, head only": lambda: head("POST", "/v1/review", len(REVIEW_BODY)),
    "POST /v1/review, mid-body": lambda: head("POST", "/v1/review", len(REVIEW_BODY)) + REVIEW_BODY[:40],
    "POST /v1/review, whole, reset before the answer": lambda: head("POST", "/v1/review", len(REVIEW_BODY)) + REVIEW_BODY,
    "POST /v1/rewrite, mid-body": lambda: head("POST", "/v1/rewrite", len(REWRITE_BODY)) + REWRITE_BODY[:20],
    "POST /v1/rewrite, whole, reset before the answer": lambda: head("POST", "/v1/rewrite", len(REWRITE_BODY)) + REWRITE_BODY,
    "POST /v1/review/batch, mid-body": lambda: head("POST", "/v1/review/batch", 5000) + b'{"items": [{"text": "Gro',
}


@pytest.mark.parametrize("case", list(RESET_CASES))
def test_reset_connections(srv: Server, case: str) -> None:
    payload = RESET_CASES[case]()
    for i in range(60):
        sock = connect(srv)
        if payload:
            sock.sendall(payload)
        if i % 3 == 1:
            time.sleep(0.005)  # sometimes let the server start on it first
        reset(sock)
    assert_alive(srv)


def test_reset_after_reading_part_of_the_answer(srv: Server) -> None:
    for _ in range(30):
        sock = connect(srv)
        sock.sendall(head("POST", "/v1/review", len(REVIEW_BODY)) + REVIEW_BODY)
        sock.recv(10)
        reset(sock)
    assert_alive(srv)


def test_reset_storm_from_many_threads(srv: Server) -> None:
    cases = list(RESET_CASES.values())

    def storm(seed: int) -> None:
        for i in range(40):
            sock = connect(srv)
            payload = cases[(seed + i) % len(cases)]()
            if payload:
                sock.sendall(payload)
            reset(sock)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(storm, range(8)))
    assert_alive(srv)


# (b) clients that leave before the answer ---------------------------------------------------------------

def test_clients_that_close_before_the_answer(srv: Server) -> None:
    batch = json.dumps({"items": [{"text": f"{GOAL} ({i})"} for i in range(30)]}).encode()
    for i in range(30):
        sock = connect(srv)
        sock.sendall(head("POST", "/v1/review/batch", len(batch)) + batch)
        if i % 2:
            sock.shutdown(socket.SHUT_WR)  # half-close first, then leave
        sock.close()  # an ordinary FIN while the server is still reviewing
    assert_alive(srv)


def test_httpx_clients_that_time_out(srv: Server) -> None:
    batch = {"items": [{"text": GOAL * 20} for _ in range(50)]}
    for _ in range(5):
        with pytest.raises(httpx.TimeoutException):
            httpx.post(f"{srv.url}/v1/review/batch", json=batch, timeout=0.005)
    assert_alive(srv)


# (c) slow and silent clients ----------------------------------------------------------------------------

def test_silent_and_slow_clients_are_bounded_and_others_are_served(srv: Server) -> None:
    silent = [connect(srv) for _ in range(20)]
    trickle_head = connect(srv)  # the request line and headers, one byte every 0.1 s: never done in time
    trickle_body = connect(srv)  # a complete head, then the body one byte every 0.1 s
    trickle_body.sendall(head("POST", "/v1/review", len(REVIEW_BODY)))
    idle_after_answer = connect(srv)  # a keep-alive connection that goes quiet after one answer
    idle_after_answer.sendall(head("GET", "/health"))
    assert read_response(idle_after_answer)[0] == 200

    started = time.monotonic()
    request = head("POST", "/v1/review", len(REVIEW_BODY)) + REVIEW_BODY
    served = 0
    for i in range(int(REQUEST_TIMEOUT / 0.1) + 10):
        for sock, data in ((trickle_head, request), (trickle_body, REVIEW_BODY)):
            try:
                sock.send(data[i:i + 1])
            except OSError:
                pass  # closed by the server: expected once the deadline passes
        if i % 5 == 0:
            # Everyone else is served meanwhile, promptly.
            t0 = time.monotonic()
            assert httpx.get(f"{srv.url}/health", timeout=2).status_code == 200
            assert time.monotonic() - t0 < 1.0
            served += 1
        time.sleep(0.1)
    assert served > 0
    # Everything above was closed by the server once its deadline passed.
    for name, sock in [("trickle_head", trickle_head), ("trickle_body", trickle_body),
                       ("idle_after_answer", idle_after_answer)] + [(f"silent{i}", s) for i, s in enumerate(silent)]:
        assert closed_by_server(sock, within=0.5), f"{name}: still open {time.monotonic() - started:.1f} s later"
        sock.close()
    assert_alive(srv)


def test_a_slow_client_that_finishes_in_time_is_answered(srv: Server) -> None:
    sock = connect(srv)
    for byte in head("GET", "/health"):
        sock.send(bytes([byte]))
        time.sleep(REQUEST_TIMEOUT / 100)
    status, body = read_response(sock)
    assert status == 200 and json.loads(body)["status"] == "ok"
    sock.close()


def test_a_keep_alive_connection_serves_several_requests(srv: Server) -> None:
    sock = connect(srv)
    for _ in range(3):
        sock.sendall(head("POST", "/v1/review", len(REVIEW_BODY)) + REVIEW_BODY)
        status, body = read_response(sock)
        assert status == 200 and json.loads(body)["language"] == "en"
        time.sleep(KEEP_ALIVE / 2)
    sock.close()


def test_a_client_that_never_reads_is_dropped(srv: Server) -> None:
    # 200 pipelined GET /v1/rules (about 30 KB each) and not one byte read: once the socket buffers are
    # full the server's writes stall, and a stall longer than the request timeout drops the connection.
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", srv.port))
    sock.sendall(head("GET", "/v1/rules") * 200)
    time.sleep(REQUEST_TIMEOUT + 3)
    sock.setblocking(False)
    with pytest.raises((ConnectionResetError, BrokenPipeError)):
        for _ in range(20):  # a connection still open takes these bytes; a closed one answers with a reset
            sock.send(b"x")
            time.sleep(0.05)
    sock.close()
    assert_alive(srv)


def test_endless_headers_are_refused(srv: Server) -> None:
    sock = connect(srv)
    sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    try:
        for _ in range(200):  # 200 KB of headers (httptools alone accepts megabytes), then the end of the head
            sock.sendall(b"X-Filler: " + b"a" * 1000 + b"\r\n")
        sock.sendall(b"\r\n")
    except OSError:
        pass  # the server may close while we are still sending
    try:
        status: int | None = read_response(sock)[0]
    except OSError:
        status = None  # reset before the 431 could be read back: refused all the same
    assert status in (431, None)
    sock.close()
    assert_alive(srv)


def test_oversized_body_is_413_and_the_server_lives(srv: Server) -> None:
    body = json.dumps({"text": "x" * 1_100_000}).encode()
    r = httpx.post(f"{srv.url}/v1/review", content=body, headers={"content-type": "application/json"}, timeout=10)
    assert r.status_code == 413
    assert_alive(srv)


# (d) wrk ------------------------------------------------------------------------------------------------

def wrk(srv: Server, path: str, tmp_path: Path, body: bytes | None = None) -> str:
    if shutil.which("wrk") is None:
        pytest.skip("wrk is not installed and could not be (make setup runs: apt-get install -y wrk, as root)")
    cmd = ["wrk", "-t2", "-c8", "-d2s", "--timeout", "5s"]
    if body is not None:
        script = tmp_path / "post.lua"
        script.write_text(
            'wrk.method = "POST"\n'
            f"wrk.body = [[{body.decode()}]]\n"
            'wrk.headers["Content-Type"] = "application/json"\n',
            encoding="utf-8",
        )
        cmd += ["-s", str(script)]
    out = subprocess.run([*cmd, f"{srv.url}{path}"], check=False, capture_output=True, text=True, timeout=30)
    assert out.returncode == 0, out.stderr
    assert "Non-2xx" not in out.stdout, out.stdout
    assert int(re.search(r"(\d+) requests in", out.stdout).group(1)) > 0, out.stdout
    return out.stdout


def test_wrk_health_then_review(srv: Server, tmp_path: Path) -> None:
    wrk(srv, "/health", tmp_path)
    assert_alive(srv)
    wrk(srv, "/v1/review", tmp_path, REVIEW_BODY)
    assert_alive(srv)


# --workers ----------------------------------------------------------------------------------------------

def test_two_workers_serve_and_survive_resets() -> None:
    server = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_WORKERS": "2", "REVIEWER_REQUEST_TIMEOUT": "2",
                         "REVIEWER_RATE_LIMIT": "0"})
    try:
        for _ in range(20):
            sock = connect(server)
            sock.sendall(head("POST", "/v1/review", len(REVIEW_BODY)) + REVIEW_BODY[:30])
            reset(sock)
        with httpx.Client(base_url=server.url, timeout=10) as http:
            for _ in range(20):
                r = http.post("/v1/review", content=REVIEW_BODY, headers={"content-type": "application/json"})
                assert r.status_code == 200 and r.json()["language"] == "en"
        silent = connect(server)
        assert closed_by_server(silent, within=REQUEST_TIMEOUT + 2)  # the deadline reaches the workers too
        assert_alive(server)
    finally:
        server.stop()
    assert server.proc.returncode == 0, server.output()  # SIGTERM: a clean stop of the parent and both workers


def test_a_long_batch_does_not_stall_other_clients(srv: Server) -> None:
    """50 goals of 10,000 characters take seconds; meanwhile /health is still answered (the batch runs off
    the event loop). Fails when the batch runs on the loop: /health then waits for the whole batch."""
    from reviewer.evaluation.adversarial import TYPICAL, to_length

    items = [{"text": to_length(TYPICAL, 9_900), "context": {"today": "2026-03-01"}} for _ in range(50)]

    def post_batch() -> tuple[httpx.Response, float]:
        response = httpx.post(f"{srv.url}/v1/review/batch", json={"items": items}, timeout=120)
        return response, time.monotonic()

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        batch = pool.submit(post_batch)
        time.sleep(0.3)  # the batch is being reviewed
        assert httpx.get(f"{srv.url}/health", timeout=60).status_code == 200
        health_answered = time.monotonic()
        result, batch_answered = batch.result()
    assert result.status_code == 200 and len(result.json()["results"]) == 50
    assert health_answered < batch_answered, "/health waited for the whole batch"
    assert_alive(srv)
