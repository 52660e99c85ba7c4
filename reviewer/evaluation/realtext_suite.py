"""Real-text suites: published mission statements (companies, NGOs, municipalities and public bodies) and goal
sentences from published guides and everyday wording, in en, da, nb and sv (evals/realtext/). Nobody on the team
wrote the published ones; every case names its page (url, title, the quoted words) or says it is "written".
Labels follow the criterion definitions, not the code's output. Scored exactly like the rules suite.

- realtext:         evals/realtext/dev/, about 70 %: the part a rule change may be checked against.
- realtext_heldout: evals/realtext/heldout/, about 30 %: for measurement only. Never change a rule, a vocabulary
  entry or a label because of what it shows (evals/realtext/README.md).
"""

from __future__ import annotations

from pathlib import Path

from reviewer.evaluation.cases import EVALS_DIR, load_cases
from reviewer.evaluation.rules_suite import evaluate
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite

REALTEXT_DIR = EVALS_DIR / "realtext"
REALTEXT_DEV_DIR = REALTEXT_DIR / "dev"
REALTEXT_HELDOUT_DIR = REALTEXT_DIR / "heldout"


def _score(cases_dir: Path, options: SuiteOptions) -> SuiteResult:
    engine = options.engine
    return evaluate(load_cases(cases_dir), [], engine.review, engine.review_batch)


@register_suite("realtext")
def realtext_suite(options: SuiteOptions) -> SuiteResult:
    return _score(REALTEXT_DEV_DIR, options)


@register_suite("realtext_heldout")
def realtext_heldout_suite(options: SuiteOptions) -> SuiteResult:
    return _score(REALTEXT_HELDOUT_DIR, options)
