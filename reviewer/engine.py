"""The engine: built once (by the app factory, the CLI, the eval runner), then used for every request.

A `Reviewer` holds the discovered language packs with their compiled vocabulary, the language detector
built from them, the rule registry grouped by kind, and the rewrite provider chosen when it was built. Nothing
here reads the environment or a file on a request: `Reviewer.from_env()` is the one place configuration is
read, and tests hand in what they need (`Reviewer(rewriter=FakeRewriter())`, an extra pack folder) the way
httpx takes a transport.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from reviewer.detect import LanguageDetector, UnsupportedLanguage, detect_kind
from reviewer.extract import Facts, extract
from reviewer.findings import STATUS_SCORE, criteria, extracted, finding, merge_context
from reviewer.lang import LanguageCodeError, Languages, canonical_code
from reviewer.models import (
    BatchRequest,
    BatchResponse,
    Context,
    Finding,
    Review,
    ReviewRequest,
    RewriteRequest,
    RewriteResponse,
)
from reviewer.rewrite import OfflineRewriter, Rewriter
from reviewer.rules import Rule, Subject, all_rules
from reviewer.rules.goal_set import set_findings
from reviewer.telemetry import NO_TELEMETRY, Telemetry


class OutOfTime(Exception):
    """A batch was stopped between items because its deadline had passed."""


@dataclass(frozen=True)
class Reviewer:
    languages: Languages = field(default_factory=Languages.discover)
    rewriter: Rewriter = field(default_factory=OfflineRewriter)
    telemetry: Telemetry = NO_TELEMETRY  # told the rule ids of every review returned (reviewer/telemetry.py)
    detector: LanguageDetector = field(init=False)
    rules: dict[str, tuple[Rule, ...]] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "detector", LanguageDetector(self.languages))
        grouped: dict[str, tuple[Rule, ...]] = {}
        for rule in all_rules():
            grouped[rule.kind] = (*grouped.get(rule.kind, ()), rule)
        object.__setattr__(self, "rules", grouped)

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, pack_dirs: tuple[Path, ...] = (), telemetry: Telemetry = NO_TELEMETRY
    ) -> Reviewer:
        """The engine as configured by the environment: REVIEWER_LLM_MODEL (and the model settings) picks the
        model provider, REVIEWER_LANG_DIRS (os.pathsep-separated) adds pack folders. `telemetry` observes the
        engine and the model provider (the HTTP layer's metrics)."""
        env = os.environ if env is None else env
        extra = tuple(Path(p) for p in env.get("REVIEWER_LANG_DIRS", "").split(os.pathsep) if p.strip())
        languages = Languages.discover(*extra, *pack_dirs)
        from reviewer.rewrite.llm import ModelRewriter, Settings  # the openai SDK only when a model is used

        settings = Settings.from_env(env)
        rewriter: Rewriter = ModelRewriter(settings, telemetry=telemetry) if settings is not None else OfflineRewriter()
        return cls(languages=languages, rewriter=rewriter, telemetry=telemetry)

    def with_rewriter(self, rewriter: Rewriter) -> Reviewer:
        """The same packs and rules with another provider (the eval's replay, tests)."""
        return replace(self, rewriter=rewriter)

    # --- review ------------------------------------------------------------------------------------
    def detect_language(self, text: str) -> str:
        return self.detector.detect(text)

    def analyse(
        self, text: str, kind: str = "auto", language: str = "auto", context: Context | None = None
    ) -> tuple[Review, Facts]:
        """Review a text and return the facts it was judged on (for set-level rules and rewrites)."""
        context = context or Context()
        today = context.today or dt.date.today()
        if language == "auto":
            foreign, lingua = self.detector.screen(text)
            if foreign is not None:  # never a review in the wrong language
                raise UnsupportedLanguage(foreign, self.languages.codes)
            code = self.detector.detect(text, lingua)
        else:
            code = language if language in self.languages else _canonical(language)
        if code not in self.languages:
            raise ValueError(f"language: no pack for {code!r}; available: {', '.join(self.languages.codes)}")
        facts = extract(text, self.languages[code], today)
        resolved_kind = detect_kind(facts) if kind == "auto" else kind
        subject = Subject(facts, context, self.languages)
        fired: list[tuple[Rule, Finding]] = []
        for rule in self.rules.get(resolved_kind, ()):
            assert rule.check is not None
            for trigger in rule.check(subject):
                fired.append((rule, finding(rule, trigger, self.languages, code, text)))
        results = criteria(resolved_kind, fired, self.languages, code, facts)
        score = sum(STATUS_SCORE[c.status] for c in results.values()) / len(results)
        order = {name: i for i, name in enumerate(results)}
        findings = sorted((f for _, f in fired), key=lambda f: (order.get(f.criterion, 99), f.offset, f.rule))
        review = Review(
            kind=resolved_kind,  # type: ignore[arg-type]
            language=code,
            score=round(score, 3),
            criteria=results,
            findings=findings,
            extracted=extracted(facts),
        )
        return review, facts

    def review(self, text: str, kind: str = "auto", language: str = "auto", context: Context | None = None) -> Review:
        return self.analyse(text, kind, language, context)[0]

    def review_request(self, request: ReviewRequest) -> Review:
        review = self.review(request.text, request.kind, request.language, request.context)
        self.telemetry.rule_hits(f.rule for f in review.findings)
        return review

    def review_batch(self, request: BatchRequest, deadline: float | None = None) -> BatchResponse:
        """`deadline` (a time.monotonic() value) stops the batch between items once it has passed: OutOfTime."""
        analysed = []
        for i, item in enumerate(request.items):
            if deadline is not None and time.monotonic() > deadline:
                raise OutOfTime(f"stopped before item {i} of {len(request.items)}")
            context = merge_context(request.context, item.context)
            try:
                analysed.append((*self.analyse(item.text, item.kind, item.language, context), context))
            except UnsupportedLanguage as exc:
                raise exc.at(f"items[{i}].text") from None
        results = [r for r, _, _ in analysed]
        response = BatchResponse(results=results, findings=set_findings(analysed, request.context, self.languages))
        self.telemetry.rule_hits([*(f.rule for r in results for f in r.findings), *(f.rule for f in response.findings)])
        return response

    # --- rewrite -----------------------------------------------------------------------------------
    async def rewrite(self, request: RewriteRequest) -> RewriteResponse:
        context = request.context or Context()
        original, facts = self.analyse(request.text, request.kind, request.language, context)
        response = await self.rewriter.rewrite(self, request, original, facts, context)
        self.telemetry.rule_hits(f.rule for f in original.findings)  # not for a rewrite refused as overloaded
        return response

    # --- catalog -----------------------------------------------------------------------------------
    @cached_property
    def rule_catalog(self) -> list[dict[str, Any]]:
        """Every rule with its messages and examples per language (computed once per engine)."""
        catalog = []
        for rule in all_rules():
            texts = {p.code: p.rules.get(rule.id) for p in self.languages.all()}
            catalog.append(
                {
                    "id": rule.id,
                    "kind": rule.kind,
                    "criterion": rule.criterion,
                    "severity": rule.severity,
                    "effect": rule.effect,
                    "description": rule.description,
                    "source": rule.source,
                    "messages": {code: t.message for code, t in texts.items() if t},
                    "examples": {code: {"trigger": t.trigger, "ok": t.ok} for code, t in texts.items() if t},
                }
            )
        return catalog

    @cached_property
    def language_list(self) -> list[dict[str, str]]:
        return [{"code": p.code, "name": p.name} for p in self.languages.all()]


def _canonical(language: str) -> str:
    """A library caller's "nb-NO" or "no" -> "nb" (requests are normalized by their model already)."""
    try:
        return canonical_code(language)
    except LanguageCodeError as exc:
        raise ValueError(f"language: {exc}") from None
