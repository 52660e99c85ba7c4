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

import datetime as dt
import itertools
from typing import Protocol

from reviewer.extract import Facts, extract
from reviewer.models import Context, Review, RewriteRequest, RewriteResponse, Source, Suggestion
from reviewer.rewrite.judge import REQUIRED, Engine, Verdict
from reviewer.rewrite.judge import judge as judge_candidate  # `reviewer.rewrite.judge` stays the module
from reviewer.rewrite.offline import candidate_groups, goal_parts
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


# The criteria whose `unknown` still asks for a rewrite. A goal's unknown `relevant` does (the rewrite adds the
# reason); a mission's unknown `distinctive` does not: nothing in a good mission is wrong, and no template can
# invent what sets the organisation apart.
REWRITE_WHEN_UNKNOWN = {"mission": REQUIRED["mission"]}


def _passes(review: Review) -> bool:
    """No rewrite is needed when no criterion fails and no criterion that matters is unknown."""
    matters = REWRITE_WHEN_UNKNOWN.get(review.kind)
    return all(
        c.status == "pass" or (c.status == "unknown" and matters is not None and name not in matters)
        for name, c in review.criteria.items()
    )


def _parts(engine: Engine, original: Review, facts: Facts, context: Context) -> list[tuple[Source, Review, Facts]]:
    """The goals of a multi-goal paste (reviewer.rewrite.offline.goal_parts), each with its own review and
    facts; one entry, the whole text, otherwise."""
    spans = goal_parts(facts) if original.kind == "goal" else []
    if len(spans) <= 1:
        return [(Source(offset=0, length=len(facts.text)), original, facts)]
    today = context.today or dt.date.today()
    parts = []
    for span in spans:
        text = facts.text[span.start : span.end]
        review = engine.review(text, kind="goal", language=original.language, context=context)
        parts.append((Source(offset=span.start, length=span.end - span.start), review, extract(text, facts.pack, today)))
    return parts


def not_needed(engine: Engine, original: Review, facts: Facts, context: Context) -> RewriteResponse | None:
    """The answer for a text that already meets every criterion (each goal of a multi-goal paste does): no
    suggestion, `needed` false and a note in the text's language. None when a rewrite is needed. Both
    providers ask this first, so passing text never reaches the model."""
    if not all(_passes(review) for _, review, _ in _parts(engine, original, facts, context)):
        return None
    note = engine.languages[original.language].rewrite.get("no_rewrite_needed")
    return RewriteResponse(review=original, suggestions=[], needed=False, note=note)


def _judged(engine: Engine, original: Review, facts: Facts, context: Context, source: Source) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    seen: set[str] = set()
    for group in candidate_groups(facts, original, context):
        for text, assumptions in group:
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
                    source=source,
                )
            )
        if suggestions:
            break  # a later group is only a fallback: the user's own sentence mended beats a template
    suggestions.sort(key=lambda s: -s.review.score)  # stable: template order breaks ties
    return suggestions


def offline_suggestions(engine: Engine, original: Review, facts: Facts, context: Context, limit: int) -> list[Suggestion]:
    """Suggestions for each goal that needs one (a multi-goal paste is rewritten one goal at a time, each
    suggestion's `source` says which part it replaces), judged, best first; the goals take turns."""
    per_part = [
        _judged(engine, review, part_facts, context, source)
        for source, review, part_facts in _parts(engine, original, facts, context)
        if not _passes(review)
    ]
    ordered = [s for row in itertools.zip_longest(*per_part) for s in row if s is not None]
    return ordered[:limit]


class OfflineRewriter:
    """Deterministic templates; no network. The default provider."""

    name = "offline"

    async def rewrite(
        self, engine: Engine, request: RewriteRequest, original: Review, facts: Facts, context: Context
    ) -> RewriteResponse:
        skip = not_needed(engine, original, facts, context)
        if skip is not None:
            return skip
        suggestions = offline_suggestions(engine, original, facts, context, request.max_suggestions)
        # needed, but nothing passed the judge: say what to do instead of an empty answer
        note = None if suggestions else engine.languages[original.language].rewrite.get("no_suggestion")
        return RewriteResponse(
            review=original,
            suggestions=suggestions,
            note=note,
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
    "not_needed",
    "offline_suggestions",
    "placeholders_in",
]
