"""`make bench`: one Markdown table of the figures issue 7 asks for, with the machine they came from.

    .venv/bin/python evals/bench.py            # full run (under about two minutes on 2 cores)
    .venv/bin/python evals/bench.py --quick    # shorter run, to check the benchmark itself works

A benchmark, not a test: it measures and prints (the table on stdout, progress on stderr), and shows each
target next to its figure. It measures, in one run:

- in-process review time (median, p99) over the eval texts in evals/cases/goals.*.jsonl and missions.*.jsonl,
  after a warm-up, with kind and language auto, and for goals with the language given;
- time at 100, 1,000 and 10,000 characters for a real SMART goal repeated to length and for the worst of a
  set of adversarial texts, and the growth from 1,000 to 10,000 characters (linear is about 10);
- /v1/review and /health requests/s against a real `reviewer serve` on a free loopback port, with wrk;
- the server's RSS after start and after 10,000 reviews, and this process's RSS after 10,000 reviews;
- start-up time (spawn until /health answers 200, median of 3) and the first in-process review.

Only 127.0.0.1 is contacted. The server is stopped at the end whatever happens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import math
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
from collections.abc import Callable
from pathlib import Path

from reviewer.evaluation.adversarial import ADVERSARIAL, TYPICAL  # shared with tests/test_linear_time.py

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "evals" / "cases"
TODAY = "2026-03-01"
LENGTHS = (100, 1_000, 10_000)

# Targets (issue 7).
GOAL_MEDIAN_US = 150
GOAL_P99_US = 1_000
LONG_INPUT_US = 100_000
GROWTH_MAX = 15.0  # 10,000/1,000 chars: linear is about 10, quadratic about 100
THROUGHPUT_RATIO = 0.5

def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------------------------- helpers


def fmt_us(us: float) -> str:
    if us < 1_000:
        return f"{us:.0f} µs"
    if us < 100_000:
        return f"{us / 1e3:.1f} ms"
    return f"{us / 1e3:.0f} ms"


def p99(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def met(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def rss_mb(pid: int | str = "self") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def fmt_mb(mb: float | None) -> str:
    return "?" if mb is None else f"{mb:.0f} MB"


def machine_line() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"Machine: {model}, {cores} cores, Python {platform.python_version()}, {now}"


def to_length(unit: str, n: int, word_boundary: bool = False) -> str:
    text = unit * (n // len(unit) + 2)
    if word_boundary:
        cut = text[: n + 1]
        return cut[: cut.rfind(" ")] if " " in cut else cut[:n]
    return text[:n]


def timed_median(fn: Callable[[], object], budget_s: float, max_reps: int) -> float:
    """Median wall time of fn in µs: at least one call, then more until budget_s or max_reps."""
    times: list[float] = []
    spent = 0.0
    while len(times) < max_reps and (not times or spent < budget_s):
        t0 = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - t0
        times.append(elapsed)
        spent += elapsed
    return statistics.median(times) * 1e6


def load_cases() -> dict[str, list[tuple[str, str]]]:
    texts: dict[str, list[tuple[str, str]]] = {"goal": [], "mission": []}
    for pattern, kind in (("goals.*.jsonl", "goal"), ("missions.*.jsonl", "mission")):
        for path in sorted(CASES.glob(pattern)):
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    case = json.loads(line)
                    texts[kind].append((case["text"], case["language"]))
    return texts


# ----------------------------------------------------------------------------------------------- in process


class InProcess:
    def __init__(self, quick: bool) -> None:
        self.quick = quick
        self.rows: list[tuple[str, str, str, str]] = []
        self.reviews = 0

    def run(self) -> None:
        t0 = time.perf_counter()
        from reviewer import review
        from reviewer.models import Context

        import_us = (time.perf_counter() - t0) * 1e6
        self.context = Context(today=TODAY)
        self._review = review
        t0 = time.perf_counter()
        review("Øge omsætningen med 10 % i år.", context=self.context)
        first_us = (time.perf_counter() - t0) * 1e6
        self.reviews += 1
        rss_first = rss_mb()
        self.rows.append(("First in-process review (loads packs and models)",
                          f"{fmt_us(first_us)} (after `import reviewer`: {fmt_us(import_us)})", "—", met(None)))
        self.typical()
        self.lengths()
        self.memory(rss_first)

    def review(self, text: str, language: str = "auto") -> None:
        self._review(text, language=language, context=self.context)
        self.reviews += 1

    def sample(self, items: list[tuple[str, str]], passes: int, given: bool) -> list[float]:
        for text, language in items:  # warm-up
            self.review(text, language if given else "auto")
        times: list[float] = []
        for _ in range(passes):
            for text, language in items:
                t0 = time.perf_counter()
                self.review(text, language if given else "auto")
                times.append((time.perf_counter() - t0) * 1e6)
        return times

    def typical(self) -> None:
        cases = load_cases()
        passes = 1 if self.quick else 5
        log(f"in process: {len(cases['goal'])} goals and {len(cases['mission'])} missions × {passes} passes")
        goals = self.sample(cases["goal"], passes, given=False)
        missions = self.sample(cases["mission"], passes, given=False)
        given = self.sample(cases["goal"], passes, given=True)
        median, tail = statistics.median(goals), p99(goals)
        over = f"{len(goals)} reviews: {len(cases['goal'])} texts × {passes}"
        self.rows += [
            ("Typical goal, kind and language auto: median", f"{fmt_us(median)} over {over}",
             f"≤ {fmt_us(GOAL_MEDIAN_US)} (aim 100 µs)", met(median <= GOAL_MEDIAN_US)),
            ("Typical goal, kind and language auto: p99", fmt_us(tail), f"≤ {fmt_us(GOAL_P99_US)}",
             met(tail <= GOAL_P99_US)),
            ("Typical mission, kind and language auto: median / p99",
             (f"{fmt_us(statistics.median(missions))} / {fmt_us(p99(missions))} "
             f"({len(missions)} reviews)"), "—", met(None)),
            ("Typical goal, language given: median / p99",
             f"{fmt_us(statistics.median(given))} / {fmt_us(p99(given))}", "—", met(None)),
        ]

    def lengths(self) -> None:
        log(f"in process: lengths {LENGTHS}, typical and {len(ADVERSARIAL)} adversarial texts")
        budget, reps = (0.05, 3) if self.quick else (0.3, 15)
        typical: dict[int, float] = {}
        adversarial: dict[str, dict[int, float]] = {label: {} for label in ADVERSARIAL}
        errors: list[str] = []
        for n in LENGTHS:
            text = to_length(TYPICAL, n, word_boundary=True)
            self.review(text)  # warm-up at this length
            typical[n] = timed_median(lambda t=text: self.review(t), budget, reps)
            for label, unit in ADVERSARIAL.items():
                text = to_length(unit, n)
                try:
                    adversarial[label][n] = timed_median(lambda t=text: self.review(t), budget, reps)
                except Exception as exc:  # noqa: BLE001 - a crash on hostile input is a finding, not a bench failure
                    adversarial[label][n] = math.inf
                    errors.append(f"{label} at {n}: {type(exc).__name__}")
        for n in LENGTHS:
            worst = max(adversarial, key=lambda label: adversarial[label][n])
            worst_us = adversarial[worst][n]
            target, ok = ("—", None)
            if n == 10_000:
                target = f"≤ {fmt_us(LONG_INPUT_US)} (aim 50 ms)"
                ok = max(typical[n], worst_us) <= LONG_INPUT_US
            self.rows.append((f"{n:,} characters: typical / worst adversarial",
                              f"{fmt_us(typical[n])} / {fmt_us(worst_us)} (`{worst}`)", target, met(ok)))

        def growth(times: dict[int, float]) -> float:
            return times[10_000] / times[1_000] if times[1_000] > 0 else math.inf

        worst10k = max(adversarial, key=lambda label: adversarial[label][10_000])
        steepest = max(adversarial, key=lambda label: growth(adversarial[label]))
        g_typ, g_worst, g_steep = growth(typical), growth(adversarial[worst10k]), growth(adversarial[steepest])
        self.rows.append(("Growth 10,000 / 1,000 characters",
                          f"typical {g_typ:.1f}×; worst at 10,000 {g_worst:.1f}×; steepest {g_steep:.1f}× (`{steepest}`)",
                          f"≤ {GROWTH_MAX:.0f}× (linear ≈ 10)", met(max(g_typ, g_steep) <= GROWTH_MAX)))
        if errors:
            self.rows.append(("Adversarial texts that raised", "; ".join(errors), "none", met(False)))

    def memory(self, rss_first: float | None) -> None:
        target = 1_000 if self.quick else 10_000
        cases = load_cases()
        pool = [text for text, _ in cases["goal"] + cases["mission"]]
        log(f"in process: reviews up to {target:,} (now {self.reviews:,})")
        i = 0
        while self.reviews < target:
            self.review(pool[i % len(pool)])
            i += 1
        self.rows.append((f"In-process RSS: after first review → after {target:,} reviews",
                          f"{fmt_mb(rss_first)} → {fmt_mb(rss_mb())} ({self.reviews:,} reviews)", "—", met(None)))


# ----------------------------------------------------------------------------------------------- server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_status(port: int, method: str, path: str, body: bytes | None = None, timeout: float = 2.0) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def serve_command(port: int) -> list[str]:
    script = Path(sys.executable).with_name("reviewer")
    head = [str(script)] if script.exists() else [sys.executable, "-m", "reviewer"]
    return [*head, "serve", "--host", "127.0.0.1", "--port", str(port)]


class Server:
    def __init__(self, log_path: Path) -> None:
        self.port = free_port()
        self.log_path = log_path
        t0 = time.perf_counter()
        # The limiter stays on (its cost is part of every request) with a limit wrk cannot reach from its one address.
        env = {**os.environ, "REVIEWER_LLM_MODEL": "", "REVIEWER_RATE_LIMIT": "1000000000"}
        with log_path.open("ab") as log_file:
            self.proc = subprocess.Popen(serve_command(self.port), stdout=log_file, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, env=env, cwd=ROOT)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                tail = " / ".join(log_path.read_text(errors="replace").strip().splitlines()[-3:])
                raise RuntimeError(f"reviewer serve exited with status {self.proc.returncode} before answering: {tail}")
            try:
                if http_status(self.port, "GET", "/health", timeout=1) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("reviewer serve did not answer /health within 60 s")
            time.sleep(0.01)
        self.startup_s = time.perf_counter() - t0

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


def lua_post(bodies: list[str], per_thread: int | None = None) -> str:
    """A wrk script that POSTs the given JSON bodies in turn (requests built once, in init); with per_thread,
    each wrk thread stops after that many responses."""
    quoted = ",\n".join(f"[==[{b}]==]" for b in bodies)
    stop = "" if per_thread is None else f"""
local done = 0
function response(status, headers, body)
  done = done + 1
  if done >= {per_thread} then wrk.thread:stop() end
end
"""
    return stop + f"""
local bodies = {{
{quoted}
}}
local reqs = {{}}
local i = 0
function init(args)
  for k, b in ipairs(bodies) do
    reqs[k] = wrk.format("POST", "/v1/review", {{["Content-Type"] = "application/json"}}, b)
  end
end
function request()
  i = i % #reqs + 1
  return reqs[i]
end
"""


def wrk(url: str, seconds: int, script: str | None = None, threads: int = 2, connections: int = 16) -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run([*cmd, url], check=False, capture_output=True, text=True, timeout=seconds + 60).stdout

    def number(pattern: str) -> float:
        match = re.search(pattern, out)
        return float(match.group(1)) if match else 0.0

    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "requests": int(number(r"(\d+) requests in")),
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "non2xx": int(number(r"Non-2xx or 3xx responses:\s+(\d+)")),
        "socket_errors": sum(int(g) for g in socket_errors.groups()) if socket_errors else 0,
        "raw": out,
    }


def server_rows(quick: bool, rows: list[tuple[str, str, str, str]]) -> None:
    """Append the server's rows to rows as they are measured (so a failure part-way keeps what was measured)."""
    cases = load_cases()
    bodies = [json.dumps({"text": t, "kind": "auto", "language": "auto", "context": {"today": TODAY}})
              for t, _ in cases["goal"]]
    target = 1_000 if quick else 10_000
    seconds = 1 if quick else 5
    servers: list[Server] = []
    tmp = tempfile.TemporaryDirectory(prefix="reviewer-bench-")
    log_path = Path(tmp.name) / "server.log"
    try:
        starts = []
        attempts = 1 if quick else 3
        for attempt in range(attempts):
            log(f"server: start-up {attempt + 1}/{attempts}")
            server = Server(log_path)
            servers.append(server)
            starts.append(server.startup_s)
            if attempt < attempts - 1:
                server.stop()
        rows.append((f"Start-up: spawn until /health answers 200 (median of {attempts})",
                     (f"{statistics.median(starts) * 1e3:.0f} ms "
                     f"({', '.join(f'{s * 1e3:.0f}' for s in starts)} ms)"), "—", met(None)))
        server = servers[-1]
        rss_start = rss_mb(server.proc.pid)
        url = f"http://127.0.0.1:{server.port}"
        if shutil.which("wrk") is None:
            missing = "wrk not installed (`apt-get install -y wrk`): not measured"
            rows += [("/health throughput (wrk -t2 -c16)", missing, "non-2xx = 0", met(None)),
                     ("/v1/review throughput (wrk -t2 -c16)", missing, "non-2xx = 0", met(None)),
                     ("/v1/review ÷ /health", "not measured (no wrk)",
                      f"≥ {THROUGHPUT_RATIO}× (aim 0.7×)", met(None))]
            served, failed = 0, 0
            log(f"server: {target:,} reviews with a Python client (no wrk)")
            while served < target:
                status = http_status(server.port, "POST", "/v1/review", bodies[served % len(bodies)].encode(), 10)
                served += 1
                failed += status != 200
            how = f"sequential Python client, {failed} non-200"
        else:
            script = Path(tmp.name) / "post.lua"
            script.write_text(lua_post(bodies), encoding="utf-8")
            for body in bodies[:20]:  # warm-up (first request path)
                http_status(server.port, "POST", "/v1/review", body.encode(), 10)
            log(f"server: wrk /health {seconds}s")
            health = wrk(f"{url}/health", seconds)
            log(f"server: wrk /v1/review {seconds}s")
            rev = wrk(f"{url}/v1/review", seconds, str(script))
            for label, r in (("/health", health), ("/v1/review", rev)):
                errors = r["non2xx"] + r["socket_errors"]
                rows.append((f"{label} throughput (wrk -t2 -c16 -d{seconds}s)",
                             (f"{r['rps']:,.0f} req/s ({r['requests']:,} requests, non-2xx {r['non2xx']}, "
                             f"socket errors {r['socket_errors']})"), "non-2xx = 0", met(errors == 0)))
            ratio = rev["rps"] / health["rps"] if health["rps"] else 0.0
            rows.append(("/v1/review ÷ /health", f"{ratio:.2f}×", f"≥ {THROUGHPUT_RATIO}× (aim 0.7×)",
                         met(ratio >= THROUGHPUT_RATIO)))
            served, failed = rev["requests"] + 20, rev["non2xx"] + rev["socket_errors"]
            rate = max(rev["rps"], 50.0)
            while served < target:
                remaining = target - served
                # Each wrk thread stops at its count; wrk itself runs until the bound (loop again if short).
                bound = math.ceil(remaining / rate * 1.25) + 1
                log(f"server: {served:,} reviews served, wrk until {remaining:,} more")
                counted = Path(tmp.name) / "count.lua"
                counted.write_text(lua_post(bodies, per_thread=math.ceil(remaining / 2)), encoding="utf-8")
                r = wrk(f"{url}/v1/review", bound, str(counted))
                if r["requests"] == 0:
                    raise RuntimeError(f"wrk served nothing: {r['raw'][-500:]}")
                served += r["requests"]
                failed += r["non2xx"] + r["socket_errors"]
            how = f"wrk, {failed} non-2xx or socket errors"
        alive = "alive" if server.proc.poll() is None else f"**exited {server.proc.returncode}**"
        rows.append((f"Server RSS: after start → after {target:,} reviews",
                     (f"{fmt_mb(rss_start)} → {fmt_mb(rss_mb(server.proc.pid))} ({served:,} reviews by {how}; "
                     f"server {alive})"), "—", met(None)))
    finally:
        for server in servers:
            server.stop()
        tmp.cleanup()


# ----------------------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a shorter run (smoke test of the benchmark)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    bench = InProcess(args.quick)
    bench.run()
    served: list[tuple[str, str, str, str]] = []
    try:
        server_rows(args.quick, served)
    except Exception as exc:  # noqa: BLE001 - report the failure in the table
        served.append(("Server", f"failed: {type(exc).__name__}: {exc}", "—", met(False)))
    # Start-up first, then in-process latency and length, then the server, then memory.
    startup = [row for row in served if row[0].startswith("Start-up")]
    first, *middle, memory = bench.rows
    rows = [*startup, first, *middle, *[row for row in served if row not in startup], memory]
    print(machine_line() + (" (--quick)" if args.quick else ""))
    print()
    print("| Measure | Figure | Target | Met |")
    print("|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |")
    log(f"bench took {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
