"""One notion of a good rewrite, used by the offline rewriter, the model path and the rewrite eval.

A candidate is good when the same rules that reviewed the user's text pass it on the criteria that matter
(S, M, T for goals; concise, purpose, plain language, timeless for missions), it is written in the user's
language, and it holds no number that is in neither the user's text, the context nor its own assumptions
(numbers inside placeholders are not claims). The reasons are the re-ask feedback of the model path.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from reviewer.lang import Languages
from reviewer.models import Context, Review
from reviewer.rewrite.numbers import invented_numbers

REQUIRED = {
    "goal": ("specific", "measurable", "time_bound"),
    "mission": ("concise", "purpose", "plain_language", "timeless"),
}


class Engine(Protocol):
    """What judging needs from the engine (reviewer.engine.Reviewer): the same review the user's text got."""

    languages: Languages

    def review(self, text: str, kind: str = "auto", language: str = "auto", context: Context | None = None) -> Review: ...


@dataclass(frozen=True)
class Verdict:
    review: Review  # the candidate's own review (language detected, as the user's text would be)
    failures: Mapping[str, str]  # check -> why: a required criterion, "kind", "language" or "numbers"

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def reasons(self) -> list[str]:
        """The failures as the re-ask prompt shows them."""
        return [f"{check}: {why}" for check, why in self.failures.items()]


def judge(
    engine: Engine,
    original: Review,
    source: str,
    context: Context | Mapping[str, Any] | None,
    text: str,
    assumptions: Sequence[str] = (),
) -> Verdict:
    """The verdict on one candidate `text` for the user's `source` text, which was reviewed as `original`."""
    if not isinstance(context, Context):
        context = Context(**(context or {}))
    checked = engine.review(text, kind=original.kind, language="auto", context=context)
    failures = {
        name: checked.criteria[name].message for name in REQUIRED[original.kind] if checked.criteria[name].status != "pass"
    }
    if checked.kind != original.kind:
        failures["kind"] = f"reviewed as a {checked.kind}, not a {original.kind}"
    if checked.language != original.language:
        failures["language"] = f"written in {checked.language}, not {original.language}"
    invented = invented_numbers(text, source, context, list(assumptions))
    if invented:
        numbers = ", ".join(f"{n:g}" for n in sorted(invented))
        failures["numbers"] = f"{numbers} appear in neither the user's text nor the context; use a placeholder such as [X]"
    return Verdict(checked, failures)
