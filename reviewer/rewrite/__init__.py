"""Rewrite suggestions. Every suggestion is reviewed by the same rules as the user's text, and only those
that pass the criteria that matter (S, M, T for goals; concise, purpose, plain language, timeless for
missions) are shown.

Providers: the offline rewriter (always available, deterministic) and a model provider for any
OpenAI-compatible Chat Completions server (reviewer.rewrite.llm.ModelRewriter), with the offline rewriter as
fallback. The engine (reviewer.engine.Reviewer) holds one provider, chosen once when it is built; a provider
judges candidates through the `Judge` it is handed (the engine itself), never through a global.
"""

from __future__ import annotations

from typing import Protocol

from reviewer.extract import Facts
from reviewer.lang import Languages
from reviewer.models import Context, Review, RewriteRequest, RewriteResponse, Suggestion
from reviewer.rewrite.offline import candidates, placeholders_in

REQUIRED = {
    "goal": ("specific", "measurable", "time_bound"),
    "mission": ("concise", "purpose", "plain_language", "timeless"),
}


class Overloaded(Exception):
    """Too many rewrites in flight; the API answers 503 with Retry-After."""

    def __init__(self, retry_after: int = 1) -> None:
        super().__init__(f"overloaded; retry after {retry_after} s")
        self.retry_after = retry_after


class Judge(Protocol):
    """What a rewriter needs from the engine: the same review the user's text got."""

    languages: Languages

    def review(self, text: str, kind: str = "auto", language: str = "auto", context: Context | None = None) -> Review: ...


class Rewriter(Protocol):
    name: str

    async def rewrite(
        self, judge: Judge, request: RewriteRequest, original: Review, facts: Facts, context: Context
    ) -> RewriteResponse: ...


def passes(result: Review, kind: str) -> bool:
    return result.kind == kind and all(result.criteria[c].status == "pass" for c in REQUIRED[kind])


def offline_suggestions(judge: Judge, original: Review, facts: Facts, context: Context, limit: int) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for text, assumptions in candidates(facts, original, context):
        if text in seen:
            continue
        seen.add(text)
        checked = judge.review(text, kind=original.kind, language=original.language, context=context)
        if not passes(checked, original.kind):
            continue  # a candidate that fails the checks is never shown
        suggestions.append(
            Suggestion(
                text=text,
                review=checked,
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
        self, judge: Judge, request: RewriteRequest, original: Review, facts: Facts, context: Context
    ) -> RewriteResponse:
        return RewriteResponse(
            review=original,
            suggestions=offline_suggestions(judge, original, facts, context, request.max_suggestions),
            degraded=False,
            degraded_reason=None,
            prompt_version=None,
        )


__all__ = ["REQUIRED", "Judge", "OfflineRewriter", "Overloaded", "Rewriter", "offline_suggestions", "passes"]
