"""The suite registry. A suite is a function SuiteOptions -> suite result dict.

Adding a suite: write reviewer/evaluation/<name>_suite.py with

    from reviewer.evaluation.suites import SuiteOptions, register_suite

    @register_suite("rewrite")
    def rewrite_suite(options: SuiteOptions) -> dict[str, Any]:
        ...

and list its module in SUITE_MODULES. `reviewer eval --suite all` runs every registered suite.

A suite result dict holds:
    counts            {...}                        what was run (free-form, shown in the report)
    metrics           {..., "summary": {name: float | None}}
                      summary's names are what evals/thresholds.json["<suite>"] may set minimums on
    failures          [{"id", "criterion", "expected", "actual", "text", ...}]   every disagreement
    results           {case id: {criterion: actual}}   every check's outcome, for later regression checks
    prompt_version    str | None
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reviewer import default_engine
from reviewer.engine import Reviewer
from reviewer.evaluation.cases import CASES_DIR


@dataclass(frozen=True)
class SuiteOptions:
    live: bool = False  # the rewrite suite calls a real model server only when this is set
    cases_dir: Path = field(default=CASES_DIR)
    engine: Reviewer = field(default_factory=default_engine)  # built once for every suite of a run

    @classmethod
    def build(cls, live: bool = False, cases_dir: Path = CASES_DIR) -> SuiteOptions:
        """Offline, the packaged engine; --live, the engine as the environment configures it (the model)."""
        from reviewer.engine import Reviewer

        return cls(live=live, cases_dir=cases_dir, engine=Reviewer.from_env() if live else Reviewer())


SuiteResult = dict[str, Any]
SuiteFn = Callable[[SuiteOptions], SuiteResult]

# Modules that register suites when imported; a module that does not exist yet is skipped.
SUITE_MODULES = (
    "reviewer.evaluation.rules_suite",
    "reviewer.evaluation.heldout_suite",
    "reviewer.evaluation.rewrite_suite",
    "reviewer.evaluation.facts_suite",
    "reviewer.evaluation.realtext_suite",
    "reviewer.evaluation.wording_suite",  # runs in "all"; gated once evals/thresholds.json has a "wording" section
)

_REGISTRY: dict[str, SuiteFn] = {}


def register_suite(name: str) -> Callable[[SuiteFn], SuiteFn]:
    def decorate(fn: SuiteFn) -> SuiteFn:
        _REGISTRY[name] = fn
        return fn

    return decorate


def registered() -> dict[str, SuiteFn]:
    """Every available suite, in SUITE_MODULES order."""
    for module in SUITE_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:  # the suite exists but one of its own imports is missing: say so
                raise
    return dict(_REGISTRY)
