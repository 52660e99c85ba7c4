"""Request and response types shared by the library, the HTTP API and the CLI.

These names are the public contract (see the issues): keep field names stable.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, field_validator
from pydantic_core import PydanticCustomError

from reviewer.lang import CODES, LanguageCodeError, canonical_code, code_pattern

# The criteria, defined once: the rules, the review, the rewrites and the evals all read them from here.
GOAL_CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
MISSION_CRITERIA = ("concise", "purpose", "customer_focus", "values", "distinctive", "plain_language", "timeless")
CRITERIA: dict[str, tuple[str, ...]] = {"goal": GOAL_CRITERIA, "mission": MISSION_CRITERIA}

Kind = Literal["goal", "mission"]
KindOrAuto = Literal["auto", "goal", "mission"]
# A request may name any packaged language (the packs' file names), in any case, as BCP 47 ("nb-NO", "nb_NO")
# or by a pack's alias ("no"); it is normalized to the pack's code. A response carries whatever pack
# reviewed it, so an engine built with an extra pack folder answers in that language too.
LANGUAGE_PATTERN = code_pattern()


def _language(value: Any) -> Any:
    if not isinstance(value, str):
        raise PydanticCustomError("string_type", "Input should be a valid string")
    if value.lower() == "auto":
        return "auto"
    try:
        return canonical_code(value)
    except LanguageCodeError as exc:
        raise PydanticCustomError("language", str(exc)) from None


LanguageOrAuto = Annotated[
    str,
    BeforeValidator(_language),
    WithJsonSchema(
        {
            "default": "auto",
            "description": (
                f"'auto' (detect) or a language: {', '.join(CODES)}. Also accepted, in any case: BCP 47 tags with"
                " a region ('nb-NO', 'da_DK', 'en-GB') and each pack's aliases ('no' for nb); answered with the"
                " canonical code. 'nn' (nynorsk) and unknown codes are refused with a 400 naming the field."
            ),
            "examples": ["auto", *CODES],
            "anyOf": [{"enum": ["auto", *CODES]}, {"type": "string", "pattern": LANGUAGE_PATTERN}],
        }
    ),
]
Status = Literal["pass", "fail", "unknown"]
Severity = Literal["error", "warning", "info"]

MAX_TEXT_CHARS = 10_000
MAX_BATCH_ITEMS = 50

# The API's schema (/schema/openapi.json) is generated from these models and must say exactly what they
# accept: pydantic's lax coercions that JSON Schema cannot express ("3" or true as an integer, 0 or
# "1700000000" as a date) are refused below, and "not blank" is spelled as a pattern that means the same in
# the schema (ECMA-262) as in Python: a character that str.isspace() does not call whitespace.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = f"[^{_SPACE}]"
# `today` is a day from 1900 to 2199: deadlines are resolved against it, and a year near 9999 would leave
# the calendar ("next year").
TODAY_PATTERN = "^(19|20|21)[0-9]{2}-[0-9]{2}-[0-9]{2}$"
_TODAY = re.compile(TODAY_PATTERN)
Today = Annotated[dt.date, WithJsonSchema({"type": "string", "format": "date", "pattern": TODAY_PATTERN})]


def _iso_date(value: Any) -> Any:
    """A day as JSON carries it, "YYYY-MM-DD", from 1900 to 2199 (Python callers may pass a date)."""
    if value is None:
        return value
    if isinstance(value, str) and _TODAY.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    elif isinstance(value, dt.date) and not isinstance(value, dt.datetime) and 1900 <= value.year <= 2199:
        return value
    raise PydanticCustomError("date_type", "Input should be a valid date from 1900 to 2199 in the format YYYY-MM-DD")


def _integer(value: Any) -> Any:
    """An integer as JSON carries it: 3 or 3.0, not "3" or true."""
    if isinstance(value, bool | str | bytes):
        raise PydanticCustomError("int_type", "Input should be a valid integer")
    return value


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
    today: Today | None = None

    _today_is_iso = field_validator("today", mode="before")(_iso_date)


class ReviewRequest(_Strict):
    # minLength and the pattern are the schema's words for the validator below (which names the problem).
    text: str = Field(max_length=MAX_TEXT_CHARS, json_schema_extra={"minLength": 1, "pattern": NOT_BLANK})
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

    _max_is_integer = field_validator("max_suggestions", mode="before")(_integer)


class Source(BaseModel):
    """The part of the input a suggestion rewrites (Python string indices into `text`)."""

    offset: int
    length: int


class Suggestion(BaseModel):
    text: str
    review: Review
    placeholders: list[str] = Field(default_factory=list)
    assumptions: list[str] = Field(default_factory=list)
    provider: Literal["offline", "llm"]
    model: str | None = None
    # Which part of the input this suggestion replaces: one goal of a pasted list ("• …", "1. …", several
    # sentences that are each a goal), or the whole text. None: the whole text.
    source: Source | None = None


class Usage(BaseModel):
    model_calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0


class RewriteResponse(BaseModel):
    review: Review
    suggestions: list[Suggestion]
    # False when the text already meets every criterion: no suggestion is made, and `note` says so in the
    # text's language.
    needed: bool = True
    note: str | None = None
    degraded: bool = False
    degraded_reason: str | None = None
    prompt_version: str | None = None
    usage: Usage = Field(default_factory=Usage)


# Errors are RFC 9457 problem details, served as application/problem+json. `type` names the kind of problem:
# PROBLEM_TYPE + a slug (README, "Errors"), or "about:blank" where the status code says it all (404, 405).
# The host is under .invalid (RFC 6761) on purpose: these are stable identifiers, not links to fetch.
PROBLEM_JSON = "application/problem+json"
PROBLEM_TYPE = "https://reviewer.invalid/problems/"


class ErrorResponse(BaseModel):
    """Every error the API answers (401, 404, 413, 429, 503, …): an RFC 9457 problem details object."""

    type: str  # a URI naming the kind of problem: PROBLEM_TYPE + slug, or "about:blank"
    title: str  # a short summary of that kind, the same every time
    status: int
    detail: str  # what went wrong this time, naming the field at fault where there is one
    status_code: int  # = status: kept for clients written before problem details
    request_id: str | None = None  # also the X-Request-ID header: quote it when reporting a problem


class FieldError(BaseModel):
    field: str  # dotted path into the body: "text", "context.today", "items.1.text"; "body" for the whole
    message: str


class ValidationErrorResponse(ErrorResponse):
    """A 400: `detail` joins every `errors` entry as "field: message; …"."""

    errors: list[FieldError]


class UnsupportedLanguageResponse(ErrorResponse):
    """A 422: with language "auto", the text is in a language no pack reviews (never reviewed in the wrong one).
    `detail`: "text: the text looks German; supported: da, en, nb, sv (…)"."""

    field: str  # "text", or "items[3].text" in a batch
    detected: str  # the language's English name: "German"
    supported: list[str]
