"""One notion of a good rewrite (reviewer.rewrite.judge) and one placeholder pattern, used by the offline
rewriter, the model path and the rewrite eval."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from reviewer import default_engine
from reviewer.models import Context, RewriteRequest
from reviewer.rewrite import OfflineRewriter
from reviewer.rewrite.judge import judge
from reviewer.rewrite.numbers import numbers_in
from reviewer.rewrite.placeholders import PLACEHOLDER, placeholders_in

CONTEXT = Context(today=dt.date(2026, 3, 1))
SOURCE = "Få flere kunder"


def verdict(text: str, assumptions: tuple[str, ...] = (), source: str = SOURCE):
    engine = default_engine()
    original = engine.review(source, kind="goal", language="da", context=CONTEXT)
    return judge(engine, original, source, CONTEXT, text, assumptions)


@pytest.mark.parametrize(
    ("text", "failed"),
    [
        ("Øge antallet af nye kunder via vores hjemmeside med [X] % inden [dato].", set()),
        ("Få mange flere kunder hurtigt", {"specific", "measurable", "time_bound"}),
        ("Increase the number of new customers from our website by [X] % by [date].", {"language"}),
        ("Øge antallet af nye kunder via vores hjemmeside med 35 % inden [dato].", {"numbers"}),
    ],
)
def test_the_verdict_names_each_failed_check(text: str, failed: set[str]) -> None:
    result = verdict(text)
    assert set(result.failures) == failed and result.passed is (not failed)
    assert all(reason.split(":", 1)[0] in failed for reason in result.reasons)  # the re-ask prompt's lines


def test_a_number_the_candidate_states_as_an_assumption_is_allowed() -> None:
    text = "Øge antallet af nye kunder via vores hjemmeside med 35 % inden [dato]."
    assert verdict(text, ("35 % er sidste års vækst",)).passed


def test_one_placeholder_pattern() -> None:
    text = "Øge [hvad] med [X] % inden [dato] for [hvem I betjener, fx børnefamilier]."
    assert placeholders_in(text) == ["[hvad]", "[X]", "[dato]", "[hvem I betjener, fx børnefamilier]"]
    assert numbers_in("med [25] % inden [2027]") == set()  # a number inside a placeholder is no claim
    # a whole sentence in brackets is not a placeholder: its numbers count
    long = "[Øge antallet af nye kunder med 35 % inden udgangen af juni, som vi aftalte]"
    assert not PLACEHOLDER.fullmatch(long) and 35.0 in numbers_in(long)
    assert PLACEHOLDER.findall("[]") == [] and PLACEHOLDER.findall("[[X]]") == ["[X]"]


def test_offline_suggestions_and_the_eval_agree_with_the_judge() -> None:
    engine = default_engine().with_rewriter(OfflineRewriter())
    for text in ("Få flere kunder", "Improve our online presence.", "Öka försäljningen.", "Vi trenger flere kunder"):
        request = RewriteRequest(text=text, context=CONTEXT)
        response = asyncio.run(engine.rewrite(request))
        assert response.suggestions
        for s in response.suggestions:
            again = judge(engine, response.review, text, CONTEXT, s.text, s.assumptions)
            assert again.passed and again.review == s.review  # the review shown is the judge's
            assert s.placeholders == placeholders_in(s.text)
