"""Linear time everywhere: every adversarial text is reviewed at 1,000 and 10,000 characters, and the time
may grow about tenfold, not a hundredfold. The growth is what is bounded, not the absolute time (that is
`make bench`'s job), so a slow or busy machine does not fail the test; a quadratic extractor does."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from reviewer import default_engine
from reviewer.evaluation.adversarial import ADVERSARIAL, TYPICAL, to_length
from reviewer.models import Context

CONTEXT = Context(today=dt.date(2026, 3, 1), mission="Vi hjælper små virksomheder med regnskab.", channels=["LinkedIn"])
# Linear is about 10x from 1,000 to 10,000 characters, quadratic about 100x. 30 leaves room for noise and
# for fixed costs that weigh more at 1,000 characters; anything quadratic is far past it.
MAX_GROWTH = 30.0


def _best_of(text: str, runs: int) -> float:
    engine = default_engine()
    best = float("inf")
    for _ in range(runs):
        started = time.perf_counter()
        engine.review(text, context=CONTEXT)
        engine.review(text, kind="mission", context=CONTEXT)
        best = min(best, time.perf_counter() - started)
    return best


@pytest.mark.parametrize("label", [*ADVERSARIAL, "typical"])
def test_review_time_grows_linearly(label: str) -> None:
    unit = TYPICAL if label == "typical" else ADVERSARIAL[label]
    default_engine().review("warm up")
    small = _best_of(to_length(unit, 1_000), runs=5)
    large = _best_of(to_length(unit, 10_000), runs=2)
    growth = large / small
    assert growth <= MAX_GROWTH, f"{label}: {small * 1e3:.1f} ms at 1,000 chars, {large * 1e3:.1f} ms at 10,000 ({growth:.0f}x)"


def test_every_extracted_span_stays_inside_long_adversarial_texts() -> None:
    for unit in ADVERSARIAL.values():
        text = to_length(unit, 10_000)
        review = default_engine().review(text, context=CONTEXT)
        for f in review.findings:
            assert 0 <= f.offset and f.offset + f.length <= len(text)
