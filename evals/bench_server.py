"""Which ASGI server and loop: /health and POST /v1/review requests/s with wrk, per server configuration.

    .venv/bin/python evals/bench_server.py [--seconds 4] [--rounds 3] [--connections 16]

Each configuration serves the app (`reviewer.api:create_app`) on a free loopback port with access logs off; wrk (one thread)
runs against /health, then against /v1/review with a typical goal. The rounds are interleaved across
configurations so that drift on a shared machine hits them all alike; the table shows the median round.
A configuration whose package is missing (granian is not a dependency) is skipped. Needs wrk.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BODY = '{"text":"Increase newsletter sign-ups from 200 to 350 per month by 30 June 2026.","context":{"today":"2026-03-01"}}'


def _uvicorn(loop: str, http: str) -> list[str]:
    return [str(BIN / "uvicorn"), "--factory", "reviewer.api:create_app", "--loop", loop, "--http", http, "--no-access-log",
            "--log-level", "warning", "--host", "127.0.0.1", "--port"]


CONFIGS: dict[str, list[str]] = {
    "uvicorn, asyncio loop, h11, access log (reviewer serve before)": [
        str(BIN / "uvicorn"), "--factory", "reviewer.api:create_app", "--loop", "asyncio", "--http", "h11",
        "--log-level", "info", "--host", "127.0.0.1", "--port"],
    "uvicorn, asyncio loop, h11": _uvicorn("asyncio", "h11"),
    "uvicorn, uvloop, h11": _uvicorn("uvloop", "h11"),
    "uvicorn, asyncio loop, httptools": _uvicorn("asyncio", "httptools"),
    "uvicorn, uvloop, httptools": _uvicorn("uvloop", "httptools"),
    "granian (asgi, uvloop)": [str(BIN / "granian"), "--interface", "asgi", "--loop", "uvloop", "--log-level", "warning",
                               "--host", "127.0.0.1", "--factory", "reviewer.api:create_app", "--port"],
    "reviewer serve (as shipped)": [str(BIN / "reviewer"), "serve", "--host", "127.0.0.1", "--port"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wrk(url: str, seconds: float, connections: int, script: str | None = None) -> float:
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds:g}s"] + (["-s", script] if script else []) + [url]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise RuntimeError(f"{url}: {errors.group(1)} non-2xx answers")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def serve(cmd: list[str]) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # The limiter stays on (its cost is part of every request) with a limit wrk cannot reach from its one address.
    env = {**os.environ, "REVIEWER_LLM_MODEL": "", "REVIEWER_RATE_LIMIT": "1000000000"}
    proc = subprocess.Popen([*cmd, str(port)], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/health", timeout=1) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{cmd[0]} did not start")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing (Debian: apt-get install -y wrk)")
    configs = {name: cmd for name, cmd in CONFIGS.items() if Path(cmd[0]).exists()}
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in configs}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(f'wrk.method = "POST"\nwrk.body = [[{BODY}]]\nwrk.headers["Content-Type"] = "application/json"\n')
    try:
        for round_ in range(args.rounds):
            for name, cmd in configs.items():
                proc, url = serve(cmd)
                try:
                    wrk(f"{url}/health", 1, args.connections)  # warm-up
                    health = wrk(f"{url}/health", args.seconds, args.connections)
                    review = wrk(f"{url}/v1/review", args.seconds, args.connections, lua.name)
                finally:
                    proc.terminate()
                    proc.wait(timeout=10)
                results[name].append((health, review))
                print(f"round {round_ + 1}: {name}: /health {health:.0f}/s, /v1/review {review:.0f}/s", file=sys.stderr)
    finally:
        os.unlink(lua.name)
    print(f"\nwrk -t1 -c{args.connections} -d{args.seconds:g}s, median of {args.rounds} interleaved rounds; "
          f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}\n")
    print("| server | /health req/s | /v1/review req/s | review/health |")
    print("|---|---|---|---|")
    for name, rows in results.items():
        health = statistics.median(h for h, _ in rows)
        review = statistics.median(r for _, r in rows)
        print(f"| {name} | {health:,.0f} | {review:,.0f} | {review / health:.2f} |")


if __name__ == "__main__":
    main()
