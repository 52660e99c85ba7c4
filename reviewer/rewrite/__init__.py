"""Rewrite suggestions. Every suggestion is reviewed by the same rules as the user's text, and only those
that pass the criteria that matter (S, M, T for goals; concise, purpose, plain language, timeless for
missions), in the user's language and with no invented number, are shown: one judge
(reviewer.rewrite.judge) for the offline rewriter, the model path and the rewrite eval.

Providers: the offline rewriter (always available, deterministic) and a model provider for any
OpenAI-compatible Chat Completions server (reviewer.rewrite.llm.ModelRewriter), with the offline rewriter as
fallback. The engine (reviewer.engine.Reviewer) holds one provider, chosen once when it is built; a provider
judges candidates through the engine it is handed, never through a global.
"""

from __future__ import annotations

from typing import Protocol

from reviewer.extract import Facts
from reviewer.models import Context, Review, RewriteRequest, RewriteResponse, Suggestion
from reviewer.rewrite.judge import REQUIRED, Engine, Verdict
from reviewer.rewrite.judge import judge as judge_candidate  # `reviewer.rewrite.judge` stays the module
from reviewer.rewrite.offline import candidates
from reviewer.rewrite.placeholders import PLACEHOLDER, placeholders_in

Judge = Engine  # the name the providers' signatures used before the judge had its own module


class Overloaded(Exception):
    """Too many rewrites in flight; the API answers 503 with Retry-After."""

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__(f"overloaded; retry after {retry_after} s")
        self.retry_after = retry_after


class Rewriter(Protocol):
    name: str

    async def rewrite(
        self, engine: Engine, request: RewriteRequest, original: Review, facts: Facts, context: Context
    ) -> RewriteResponse: ...


def offline_suggestions(engine: Engine, original: Review, facts: Facts, context: Context, limit: int) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for text, assumptions in candidates(facts, original, context):
        if text in seen:
            continue
        seen.add(text)
        verdict = judge_candidate(engine, original, facts.text, context, text, assumptions)
        if not verdict.passed:
            continue  # a candidate that fails the checks is never shown
        suggestions.append(
            Suggestion(
                text=text,
                review=verdict.review,
                placeholders=placeholders_in(text),
                assumptions=list(assumptions),
                provider="offline",
                model=None,
            )
        )
    suggestions.sort(key=lambda s: -s.review.score)  # stable: template order breaks ties
    return suggestions[:limit]


class OfflineRewriter:
    """Deterministic templates; no network. The default provider."""

    name = "offline"

    async def rewrite(
        self, engine: Engine, request: RewriteRequest, original: Review, facts: Facts, context: Context
    ) -> RewriteResponse:
        return RewriteResponse(
            review=original,
            suggestions=offline_suggestions(engine, original, facts, context, request.max_suggestions),
            degraded=False,
            degraded_reason=None,
            prompt_version=None,
        )


__all__ = [
    "PLACEHOLDER",
    "REQUIRED",
    "Engine",
    "Judge",
    "OfflineRewriter",
    "Overloaded",
    "Rewriter",
    "Verdict",
    "offline_suggestions",
    "placeholders_in",
]
