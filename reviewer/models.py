"""Request and response types shared by the library, the HTTP API and the CLI.

These names are the public contract (see the issues): keep field names stable.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from reviewer.lang import CODES

# The criteria, defined once: the rules, the review, the rewrites and the evals all read them from here.
GOAL_CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
MISSION_CRITERIA = ("concise", "purpose", "customer_focus", "values", "distinctive", "plain_language", "timeless")
CRITERIA: dict[str, tuple[str, ...]] = {"goal": GOAL_CRITERIA, "mission": MISSION_CRITERIA}

Kind = Literal["goal", "mission"]
KindOrAuto = Literal["auto", "goal", "mission"]
# A request may name any packaged language (the packs' file names); a response carries whatever pack
# reviewed it, so an engine built with an extra pack folder answers in that language too.
LanguageOrAuto = Literal[("auto", *CODES)]  # type: ignore[valid-type]
Status = Literal["pass", "fail", "unknown"]
Severity = Literal["error", "warning", "info"]

MAX_TEXT_CHARS = 10_000
MAX_BATCH_ITEMS = 50


class _Strict(BaseModel):
    # Unknown fields are rejected so that a typo ("buisness_model") is a clear 4xx, not silently ignored.
    model_config = ConfigDict(extra="forbid")


class Context(_Strict):
    business_model: Literal["b2b", "b2c"] | None = None
    channels: list[str] | None = Field(default=None, max_length=50)
    mission: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    metric: str | None = Field(default=None, max_length=500)
    baseline: str | None = Field(default=None, max_length=500)
    target: str | None = Field(default=None, max_length=500)
    deadline: str | None = Field(default=None, max_length=500)
    today: dt.date | None = None


class ReviewRequest(_Strict):
    text: str = Field(max_length=MAX_TEXT_CHARS)
    kind: KindOrAuto = "auto"
    language: LanguageOrAuto = "auto"
    context: Context | None = None

    @field_validator("text")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty or blank")
        return value


class BatchRequest(_Strict):
    items: list[ReviewRequest] = Field(min_length=1, max_length=MAX_BATCH_ITEMS)
    context: Context | None = None


class CriterionResult(BaseModel):
    status: Status
    message: str


class Finding(BaseModel):
    rule: str
    criterion: str
    severity: Severity
    message: str
    offset: int
    length: int
    replacements: list[str] = Field(default_factory=list)
    # Set-level findings (batch) name the item they point into; None for per-text findings.
    item: int | None = None


class Fact(BaseModel):
    """Something the extractor found, with its span in the text (Python string indices)."""

    text: str
    offset: int
    length: int
    # Canonical value: a metric or channel id, or a number.
    value: str | float | None = None
    # For quantities: "percent", "points", "count", "multiplier", "currency", "rank", "placeholder".
    unit: str | None = None


class Deadline(Fact):
    # "date", "month", "quarter", "half", "week", "season", "holiday", "relative", "year", "recurring",
    # "placeholder"
    kind: str
    date: dt.date | None = None  # resolved end of the period, where it can be
    recurring: bool = False


class Extracted(BaseModel):
    metric: Fact | None = None
    direction: Literal["increase", "decrease"] | None = None
    target: Fact | None = None
    baseline: Fact | None = None
    deadline: Deadline | None = None
    period_days: int | None = None
    channel: Fact | None = None
    channels: list[Fact] = Field(default_factory=list)
    purpose: Fact | None = None
    audience: Fact | None = None
    placeholders: list[Fact] = Field(default_factory=list)


class Review(BaseModel):
    kind: Kind
    language: str
    score: float
    criteria: dict[str, CriterionResult]
    findings: list[Finding]
    extracted: Extracted


class BatchResponse(BaseModel):
    results: list[Review]
    findings: list[Finding]


class RewriteRequest(ReviewRequest):
    max_suggestions: int = Field(default=3, ge=1, le=10)


class Suggestion(BaseModel):
    text: str
    review: Review
    placeholders: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    provider: Literal["offline", "llm"]
    model: str | None = None


class Usage(BaseModel):
    model_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class RewriteResponse(BaseModel):
    review: Review
    suggestions: list[Suggestion]
    degraded: bool = False
    degraded_reason: str | None = None
    prompt_version: str | None = None
    usage: Usage = Field(default_factory=Usage)
