"""Facts + fired rules -> Review: findings with their messages, criteria statuses, the extracted facts.

The engine (reviewer.engine.Reviewer) runs detection, extraction and the rules, then calls these.
"""

from __future__ import annotations

from typing import Any

from reviewer.extract import Facts, Quantity, Span
from reviewer.lang import Languages
from reviewer.lang.formats import format_message
from reviewer.models import CRITERIA, Context, CriterionResult, Deadline, Extracted, Fact, Finding
from reviewer.rules import Rule, Trigger
from reviewer.rules.goal import concrete_object, target_of

STATUS_SCORE = {"pass": 1.0, "unknown": 0.5, "fail": 0.0}


def finding(rule: Rule, trigger: Trigger, languages: Languages, code: str, text: str) -> Finding:
    span = trigger.span
    texts = languages.rule_text(code, rule.id)
    params = {"match": text[span.start : span.end], **trigger.params}
    locale = languages[code].locale
    template = texts.variants.get(str(params.pop("variant", "")), texts.message)
    replacements = texts.replacements if trigger.replacements is None else trigger.replacements
    return Finding(
        rule=rule.id,
        criterion=rule.criterion,
        severity=rule.severity,
        message=format_message(template, params, locale),
        offset=span.start,
        length=span.end - span.start,
        replacements=list(replacements),
    )


def _fact(facts: Facts, span: Span | None, value: str | float | None = None, unit: str | None = None) -> Fact | None:
    if span is None:
        return None
    return Fact(text=facts.snippet(span), offset=span.start, length=span.end - span.start, value=value, unit=unit)


def extracted(facts: Facts) -> Extracted:
    metric, channel, target, baseline, deadline = facts.metric, facts.channel, facts.target, facts.baseline, facts.deadline
    mission = facts.mission
    return Extracted(
        metric=_fact(facts, metric, metric.id if metric else None),
        direction=facts.direction,  # type: ignore[arg-type]
        target=_fact(facts, target, target.value if target else None, target.unit if target else None),
        baseline=_fact(facts, baseline, baseline.value if baseline else None, baseline.unit if baseline else None),
        deadline=None
        if deadline is None
        else Deadline(
            text=facts.snippet(deadline),
            offset=deadline.start,
            length=deadline.end - deadline.start,
            kind=deadline.kind,
            date=deadline.date,
            recurring=deadline.recurring,
        ),
        period_days=deadline.days if deadline is not None else None,
        channel=_fact(facts, channel, channel.id if channel else None),
        channels=[f for c in facts.channels if (f := _fact(facts, c, c.id)) is not None],
        purpose=_fact(facts, (facts.purpose or mission.get("purpose") or [None])[0]),
        audience=_fact(facts, (mission.get("audience") or [None])[0]),
        placeholders=[
            f
            for s in [*(q for q in facts.quantities if q.unit == "placeholder"), *(t for t in facts.times if t.kind == "placeholder")]
            if (f := _fact(facts, s, None, "placeholder")) is not None
        ],
    )


def _pass_params(facts: Facts) -> dict[str, Any]:
    def first(spans: list[Span] | None) -> str:
        return facts.snippet(spans[0]) if spans else "…"

    obj = concrete_object(facts)
    target = target_of(facts)
    deadline = facts.deadline
    m = facts.mission
    return {
        "metric": facts.snippet(obj) if obj else "…",
        "target": facts.snippet(target) if isinstance(target, (Quantity, Span)) else "…",
        "deadline": facts.snippet(deadline) if deadline else "…",
        "sentences": len(facts.sentences),
        "words": len(facts.words),
        "purpose": first(m.get("purpose")),
        "audience": first(m.get("audience")),
        "value": first(m.get("values")),
        "distinctive": first(m.get("distinctive")),
    }


def criteria(
    kind: str, fired: list[tuple[Rule, Finding]], languages: Languages, code: str, facts: Facts
) -> dict[str, CriterionResult]:
    params = _pass_params(facts)
    result: dict[str, CriterionResult] = {}
    for name in CRITERIA[kind]:
        effects = {rule.effect for rule, _ in fired if rule.criterion == name}
        status = "fail" if "fail" in effects else "unknown" if "unknown" in effects else "pass"
        messages = languages.criteria_text(code, name)
        first = next((f for rule, f in fired if rule.criterion == name and rule.effect == status), None)
        message = (
            first.message
            if first is not None and status != "pass"
            else format_message(messages.get(status, ""), params, languages[code].locale)
        )
        result[name] = CriterionResult(status=status, message=message)  # type: ignore[arg-type]
    return result


def merge_context(outer: Context | None, inner: Context | None) -> Context | None:
    if outer is None:
        return inner
    if inner is None:
        return outer
    return Context(**{**outer.model_dump(exclude_none=True), **inner.model_dump(exclude_none=True)})


