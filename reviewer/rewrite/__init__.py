"""Rewrite suggestions. Every suggestion is reviewed by the same rules as the user's text, and only those
that pass the criteria that matter (S, M, T for goals; concise, purpose, plain language, timeless for
missions) are shown.

Providers: the offline rewriter (always available, deterministic) and, when REVIEWER_LLM_MODEL is set, any
OpenAI-compatible Chat Completions server (reviewer.rewrite.llm), with the offline rewriter as fallback.
"""

from __future__ import annotations

import os

from reviewer.extract import Facts
from reviewer.models import Context, Review, RewriteRequest, RewriteResponse, Suggestion
from reviewer.review import analyse, review
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


def passes(result: Review, kind: str) -> bool:
    return result.kind == kind and all(result.criteria[c].status == "pass" for c in REQUIRED[kind])


def offline_suggestions(original: Review, facts: Facts, context: Context, limit: int) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for text, assumptions in candidates(facts, original, context):
        if text in seen:
            continue
        seen.add(text)
        checked = review(text, kind=original.kind, language=original.language, context=context)
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


async def rewrite_request(request: RewriteRequest) -> RewriteResponse:
    context = request.context or Context()
    original, facts = analyse(request.text, request.kind, request.language, context)
    model = os.environ.get("REVIEWER_LLM_MODEL", "").strip()
    if model:
        from reviewer.rewrite.llm import llm_rewrite  # the model path; raises Overloaded when saturated

        return await llm_rewrite(request, original, facts, context, model)
    return RewriteResponse(
        review=original,
        suggestions=offline_suggestions(original, facts, context, request.max_suggestions),
        degraded=False,
        degraded_reason=None,
        prompt_version=None,
    )


__all__ = ["Overloaded", "offline_suggestions", "passes", "rewrite_request"]
