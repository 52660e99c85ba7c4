"""Held-out suites: cases written by other authors from the definitions alone, scored like the rules suite.

- heldout:  evals/heldout/, a second author; its first run is kept in evals/heldout/first-run-report.md.
  The rules were then fixed where it showed gaps, so it is no longer blind.
- heldout2: evals/heldout2/, a third author, written after those fixes and never used to change a rule.
"""

from __future__ import annotations

from dataclasses import replace

from reviewer.evaluation.cases import CASES_DIR
from reviewer.evaluation.rules_suite import rules_suite
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite

HELDOUT_DIR = CASES_DIR.parent / "heldout"
HELDOUT2_DIR = CASES_DIR.parent / "heldout2"


@register_suite("heldout")
def heldout_suite(options: SuiteOptions) -> SuiteResult:
    return rules_suite(replace(options, cases_dir=HELDOUT_DIR))


if HELDOUT2_DIR.is_dir():

    @register_suite("heldout2")
    def heldout2_suite(options: SuiteOptions) -> SuiteResult:
        return rules_suite(replace(options, cases_dir=HELDOUT2_DIR))
