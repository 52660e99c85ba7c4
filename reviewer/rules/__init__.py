"""The rule registry. A rule declares its id, criterion, severity, what a finding does to its criterion,
an English description with its source, and a check. Messages and examples per language live in the
language packs (reviewer/lang/*.toml), beside the vocabulary they use.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from reviewer.extract import Facts, Span
from reviewer.lang import Languages
from reviewer.models import GOAL_CRITERIA, MISSION_CRITERIA, Context

Effect = Literal["fail", "unknown"] | None

__all__ = ["GOAL_CRITERIA", "MISSION_CRITERIA", "REGISTRY", "Rule", "Subject", "Trigger", "all_rules", "get", "rules_for"]


@dataclass(frozen=True)
class Trigger:
    span: Span
    params: dict[str, object] = field(default_factory=dict)
    replacements: list[str] | None = None  # None: the pack's replacements for the rule


@dataclass
class Subject:
    """What a check sees: the facts of the text and the request's context."""

    facts: Facts
    context: Context
    languages: Languages  # every pack the engine has (context channels may be named in another language)
    mission_facts: Facts | None = None  # facts of context.mission, for relevance

    @property
    def today(self) -> dt.date:
        return self.facts.today

    @property
    def whole(self) -> Span:
        text = self.facts.text
        start = len(text) - len(text.lstrip())
        return Span(start, len(text.rstrip()))


Check = Callable[[Subject], Iterator[Trigger]]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: Literal["goal", "mission", "set"]
    criterion: str
    severity: Literal["error", "warning", "info"]
    effect: Effect
    description: str
    source: str
    check: Check | None = None


REGISTRY: dict[str, Rule] = {}


def rule(
    id: str,
    *,
    criterion: str,
    severity: Literal["error", "warning", "info"] = "error",
    effect: Effect = "fail",
    description: str,
    source: str,
) -> Callable[[Check], Check]:
    kind = id.split(".", 1)[0]

    def register(check: Check) -> Check:
        REGISTRY[id] = Rule(id, kind, criterion, severity, effect, description, source, check)  # type: ignore[arg-type]
        return check

    return register


def declare(id: str, *, criterion: str, severity: Literal["error", "warning", "info"], description: str, source: str) -> None:
    """A rule whose check runs over a set of reviews (reviewer.rules.goal_set) rather than one text."""
    REGISTRY[id] = Rule(id, "set", criterion, severity, None, description, source, None)


def rules_for(kind: str) -> list[Rule]:
    _load()
    return [r for r in REGISTRY.values() if r.kind == kind]


def get(rule_id: str) -> Rule | None:
    _load()
    return REGISTRY.get(rule_id)


def all_rules() -> list[Rule]:
    _load()
    return list(REGISTRY.values())


def _load() -> None:
    # Importing the modules registers their rules.
    from reviewer.rules import goal, goal_set, mission  # noqa: F401
