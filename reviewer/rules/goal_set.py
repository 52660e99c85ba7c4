"""Set-level rules over several goals reviewed together (003's pitfalls)."""

from __future__ import annotations

import re

from reviewer.extract import Facts
from reviewer.lang import Languages, common
from reviewer.lang.formats import format_message
from reviewer.models import Context, Finding, Review
from reviewer.rules import REGISTRY, declare

declare(
    "set.too-many-goals",
    criterion="set",
    severity="warning",
    description="More than three goals at once.",
    source='003: "Begrens antall mål. Prioriter de viktigste 2-3 målene som virkelig gir verdi."',
)
declare(
    "set.near-duplicate",
    criterion="set",
    severity="warning",
    description="Two goals that say nearly the same thing.",
    source='003: "Å sette for mange, diffuse mål uten prioritering"',
)
declare(
    "set.no-deadline",
    criterion="set",
    severity="error",
    description="A goal in the set without a deadline.",
    source='003 pitfall 4: "Ingen tidsfrist | Mangler tidsramme for når målene skal nås"',
)
declare(
    "set.unrelated-to-mission",
    criterion="set",
    severity="warning",
    description="With a mission in context, a goal that shares nothing with it.",
    source='003 pitfall 6: "Mål ikke koblet til strategi"',
)


def _tokens(facts: Facts) -> set[str]:
    words = re.findall(r"\w+", facts.text.lower())
    return {w[:5] for w in words if w not in facts.pack.stopwords}


def _signature(review: Review) -> tuple:
    e = review.extracted
    return (
        e.metric.value if e.metric else None,
        e.channel.value if e.channel else None,
        e.direction,
    )


def _finding(rule_id: str, item: int, review: Review, text: str, languages: Languages, **params: object) -> Finding:
    rule = REGISTRY[rule_id]
    template = languages.rule_text(review.language, rule_id).message
    stripped = len(text) - len(text.lstrip())
    return Finding(
        rule=rule_id,
        criterion=rule.criterion,
        severity=rule.severity,
        message=format_message(template, params, languages[review.language].locale),
        offset=stripped,
        length=len(text.strip()),
        item=item,
    )


def set_findings(
    analysed: list[tuple[Review, Facts, Context | None]], context: Context | None, languages: Languages
) -> list[Finding]:
    goals = [(i, r, f, c) for i, (r, f, c) in enumerate(analysed) if r.kind == "goal"]
    cfg = common()["goal_set"]
    findings: list[Finding] = []
    if len(goals) > cfg["max_goals"]:
        i, review, facts, _ = goals[cfg["max_goals"]]
        findings.append(_finding("set.too-many-goals", i, review, facts.text, languages, count=len(goals)))
    for a in range(len(goals)):
        for b in range(a):
            i, review, facts, _ = goals[a]
            j, other, other_facts, _ = goals[b]
            ta, tb = _tokens(facts), _tokens(other_facts)
            jaccard = len(ta & tb) / max(len(ta | tb), 1)
            same = _signature(review) == _signature(other) and _signature(review)[0] is not None
            if jaccard >= cfg["near_duplicate_jaccard"] or (same and jaccard >= 0.4):
                findings.append(_finding("set.near-duplicate", i, review, facts.text, languages, other=j + 1))
                break
    for i, review, facts, _ in goals:
        if review.criteria["time_bound"].status == "fail":
            findings.append(_finding("set.no-deadline", i, review, facts.text, languages))
        if any(f.rule == "goal.relevant.unrelated-to-mission" for f in review.findings):
            findings.append(_finding("set.unrelated-to-mission", i, review, facts.text, languages))
    return findings
