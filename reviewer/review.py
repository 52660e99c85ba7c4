"""Facts + rules -> Review. (Under construction: the engine lands here.)"""

from __future__ import annotations

from reviewer.models import BatchRequest, BatchResponse, Context, Review, ReviewRequest


def review(text: str, kind: str = "auto", language: str = "auto", context: Context | None = None) -> Review:
    raise NotImplementedError


def review_request(request: ReviewRequest) -> Review:
    return review(request.text, request.kind, request.language, request.context)


def review_batch(request: BatchRequest) -> BatchResponse:
    raise NotImplementedError


def rule_catalog() -> list[dict]:
    """[{id, criterion, severity, description, examples: {lang: {trigger: [...], ok: [...]}}}]"""
    raise NotImplementedError


def language_list() -> list[dict]:
    """[{code, name}]"""
    raise NotImplementedError
