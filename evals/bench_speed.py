"""Median in-process time to review a goal or mission (after warm-up: packs compiled, lingua loaded).

    .venv/bin/python evals/bench_speed.py
"""

from __future__ import annotations

import json
import platform
import statistics
import time
from pathlib import Path

from reviewer import review
from reviewer.models import Context

CASES = Path(__file__).resolve().parent / "cases"


def main() -> None:
    texts = {"goal": [], "mission": []}
    for path in sorted(CASES.glob("*s.*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            texts[case["kind"]].append(case["text"])
    start = time.perf_counter()
    review("Øge omsætningen med 10 % i år.")
    print(f"first review (loads language packs and lingua's models): {(time.perf_counter() - start) * 1e3:.0f} ms")
    context = Context(today="2026-03-01")
    for kind, items in texts.items():
        timings = []
        for _ in range(3):
            for text in items:
                t0 = time.perf_counter()
                review(text, context=context)
                timings.append(time.perf_counter() - t0)
        print(f"{kind}: median {statistics.median(timings) * 1e3:.2f} ms, p95 {sorted(timings)[int(len(timings) * 0.95)] * 1e3:.2f} ms "
              f"over {len(timings)} reviews ({len(items)} texts × 3), auto kind and language")
    print(f"machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")


if __name__ == "__main__":
    main()
