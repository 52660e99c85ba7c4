"""Smoke test of the benchmark (`make bench`): `evals/bench.py --quick` runs and prints its table.

No timing assertions: the benchmark reports figures; the linear-time tests bound growth.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

ROWS = [
    "Start-up: spawn until /health answers 200",
    "First in-process review",
    "Typical goal, kind and language auto: median",
    "Typical goal, kind and language auto: p99",
    "Typical mission, kind and language auto",
    "Typical goal, language given",
    "100 characters: typical / worst adversarial",
    "1,000 characters: typical / worst adversarial",
    "10,000 characters: typical / worst adversarial",
    "Growth 10,000 / 1,000 characters",
    "/health throughput",
    "/v1/review throughput",
    "/v1/review ÷ /health",
    "Server RSS: after start",
    "In-process RSS: after first review",
]


def test_bench_quick_prints_the_table() -> None:
    result = subprocess.run([sys.executable, "evals/bench.py", "--quick"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Machine: ") and "cores" in lines[0] and "Python" in lines[0]
    assert "| Measure | Figure | Target | Met |" in lines
    rows = [line for line in lines if line.startswith("| ") and not line.startswith("| Measure")]
    labels = [row.split(" | ")[0].removeprefix("| ") for row in rows]
    for expected in ROWS:
        assert any(label.startswith(expected) for label in labels), (expected, result.stdout)
    assert not any(label == "Server" for label in labels), result.stdout  # the server part did not fail
    assert all(row.count(" | ") == 3 for row in rows), result.stdout
