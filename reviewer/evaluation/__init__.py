"""The eval runner: `reviewer eval [--suite rules|rewrite|all] [--report DIR] [--live] [--update-baseline]`.

run() runs the chosen suites (suites.py holds the registry and the suite contract), checks each against its
minimums in evals/thresholds.json, finds regressions against evals/baseline/report.json, writes DIR/report.json
and DIR/report.md (default evals/out/) and prints the criterion x language table. Exit code 1 when a metric is
below its minimum or a case regressed against the baseline, 2 for an unknown suite.

report.json holds one suite's section at top level (suite, counts, passed, duration_seconds, prompt_version,
thresholds, metrics, regressions, failures, results); with several suites it is {"suite": "all", "passed",
"duration_seconds", "prompt_version", "suites": {name: section}}.
"""

from __future__ import annotations

import shutil
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TextIO

from reviewer.evaluation import report as reporting
from reviewer.evaluation.cases import BASELINE_PATH, DEFAULT_REPORT_DIR, THRESHOLDS_PATH
from reviewer.evaluation.suites import SuiteFn, SuiteOptions, register_suite, registered

__all__ = ["SuiteOptions", "register_suite", "registered", "run", "write_baseline"]

SECTION_ORDER = (
    "counts",
    "passed",
    "duration_seconds",
    "prompt_version",
    "thresholds",
    "metrics",
    "regressions",
    "failures",
    "results",
)

def run(
    suite: str = "rules",
    report_dir: Path | None = None,
    live: bool = False,
    out: TextIO | None = None,
    *,
    suites: Mapping[str, SuiteFn] | None = None,
    options: SuiteOptions | None = None,
    thresholds_path: Path = THRESHOLDS_PATH,
    baseline_path: Path = BASELINE_PATH,
) -> int:
    """Run one suite or "all" and return the exit code; the keyword-only arguments let tests inject suites,
    cases and files."""
    out = out or sys.stdout  # resolved per call, so a redirected stdout is honoured
    available = dict(suites) if suites is not None else registered()
    chosen = list(available) if suite == "all" else [suite]
    if not chosen or any(name not in available for name in chosen):
        print(f"reviewer eval: no suite {suite!r}; available: {', '.join(available) or 'none'}", file=out)
        return 2

    options = options or SuiteOptions.build(live=live)
    thresholds = reporting.load_json(thresholds_path)
    baseline = reporting.sections(reporting.load_json(baseline_path))
    started = time.perf_counter()
    done = {name: _run_one(name, available[name], options, thresholds, baseline.get(name)) for name in chosen}
    passed = all(section["passed"] for section in done.values())

    if len(done) == 1:
        ((name, section),) = done.items()
        result: dict[str, Any] = {"suite": name, **section}
    else:
        result = {
            "suite": "all",
            "passed": passed,
            "duration_seconds": round(time.perf_counter() - started, 3),
            "prompt_version": next((s["prompt_version"] for s in done.values() if s.get("prompt_version")), None),
            # The rules suite's figures at the top, as for a single-suite report; every suite in "suites".
            "counts": done.get("rules", {}).get("counts", {}),
            "metrics": {name: section["metrics"] for name, section in done.items()},
            "thresholds": {name: section["thresholds"] for name, section in done.items()},
            "failures": [{**f, "suite": name} for name, section in done.items() for f in section["failures"]],
            "regressions": [{**r, "suite": name} for name, section in done.items() for r in section["regressions"]],
            "suites": done,
        }
    path = reporting.write(result, report_dir or DEFAULT_REPORT_DIR)
    for name, section in done.items():
        print(reporting.text_summary(name, section), file=out)
    print(f"report: {path} (and report.md)", file=out)
    return 0 if passed else 1


def _run_one(
    name: str, fn: SuiteFn, options: SuiteOptions, thresholds: dict[str, Any] | None, baseline: dict[str, Any] | None
) -> dict[str, Any]:
    started = time.perf_counter()
    section = dict(fn(options))
    section["duration_seconds"] = round(time.perf_counter() - started, 3)
    section.setdefault("prompt_version", None)
    section.setdefault("failures", [])
    section.setdefault("results", {})
    summary = section["metrics"]["summary"]
    section["thresholds"] = reporting.check_thresholds(summary, reporting.minimums(thresholds, name))
    section["regressions"] = reporting.regressions(section["failures"], baseline)
    # A case that agreed with its label in the committed baseline and no longer does fails the run too:
    # one broken seed example must not hide behind an average. Improvements update the baseline
    # (`reviewer eval --update-baseline`).
    section["passed"] = all(check["passed"] for check in section["thresholds"].values()) and not section["regressions"]
    return {key: section[key] for key in SECTION_ORDER if key in section} | section


def write_baseline(source: Path | None = None, baseline_path: Path = BASELINE_PATH) -> Path:
    """Store a report (a report.json or its directory, default evals/out/) as the committed baseline."""
    report = source or DEFAULT_REPORT_DIR
    if report.is_dir():
        report = report / "report.json"
    if not report.exists():
        raise FileNotFoundError(f"no report at {report}; run `reviewer eval` first")
    baseline_path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(report, baseline_path)
    return baseline_path
