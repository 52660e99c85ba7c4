"""The held-out suite: cases written by a second author and never used to tune the rules.

Same scoring as the rules suite, over evals/heldout/. Its numbers are the honest ones; the rules suite's
cases are the ones the rules were tuned on.
"""

from __future__ import annotations

from reviewer.evaluation.cases import CASES_DIR
from reviewer.evaluation.rules_suite import rules_suite
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite

HELDOUT_DIR = CASES_DIR.parent / "heldout"


@register_suite("heldout")
def heldout_suite(options: SuiteOptions) -> SuiteResult:
    return rules_suite(SuiteOptions(live=options.live, cases_dir=HELDOUT_DIR))
