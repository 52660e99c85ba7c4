"""Facts + rules -> Review. The library's entry points; the API and the CLI are thin shells over these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviewer.detect import detect_kind, detect_language
from reviewer.extract import Facts, Quantity, Span, extract
from reviewer.lang import LanguagePack, load, packs
from reviewer.models import (
    BatchRequest,
    BatchResponse,
    Context,
    CriterionResult,
    Deadline,
    Extracted,
    Fact,
    Finding,
    Review,
    ReviewRequest,
)
from reviewer.rules import GOAL_CRITERIA, MISSION_CRITERIA, Rule, Subject, Trigger, all_rules, rules_for
from reviewer.rules.goal import concrete_object, target_of

STATUS_SCORE = {"pass": 1.0, "unknown": 0.5, "fail": 0.0}


class _Params(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def _format(template: str, params: dict[str, Any]) -> str:
    return template.format_map(_Params(params)) if template else ""


def rule_text(pack: LanguagePack, rule_id: str) -> Any:
    return pack.rules.get(rule_id) or load("en").rules[rule_id]


def _finding(rule: Rule, trigger: Trigger, pack: LanguagePack, text: str) -> Finding:
    span = trigger.span
    texts = rule_text(pack, rule.id)
    params = {"match": text[span.start : span.end], **trigger.params}
    replacements = texts.replacements if trigger.replacements is None else trigger.replacements
    return Finding(
        rule=rule.id,
        criterion=rule.criterion,
        severity=rule.severity,
        message=_format(texts.message, params),
        offset=span.start,
        length=span.end - span.start,
        replacements=list(replacements),
    )


def _fact(facts: Facts, span: Span | None, value: str | float | None = None, unit: str | None = None) -> Fact | None:
    if span is None:
        return None
    return Fact(text=facts.snippet(span), offset=span.start, length=span.end - span.start, value=value, unit=unit)


def _extracted(facts: Facts) -> Extracted:
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


def _criteria(kind: str, fired: list[tuple[Rule, Finding]], pack: LanguagePack, facts: Facts) -> dict[str, CriterionResult]:
    names = GOAL_CRITERIA if kind == "goal" else MISSION_CRITERIA
    params = _pass_params(facts)
    english = load("en").criteria
    result: dict[str, CriterionResult] = {}
    for name in names:
        effects = {rule.effect for rule, _ in fired if rule.criterion == name}
        status = "fail" if "fail" in effects else "unknown" if "unknown" in effects else "pass"
        messages = pack.criteria.get(name) or english[name]
        first = next((f for rule, f in fired if rule.criterion == name and rule.effect == status), None)
        message = first.message if first is not None and status != "pass" else _format(messages.get(status, ""), params)
        result[name] = CriterionResult(status=status, message=message)  # type: ignore[arg-type]
    return result


def analyse(
    text: str, kind: str = "auto", language: str = "auto", context: Context | None = None
) -> tuple[Review, Facts]:
    """Review a text and return the facts it was judged on (for set-level rules and rewrites)."""
    context = context or Context()
    today = context.today or dt.date.today()
    code = detect_language(text) if language == "auto" else language
    pack = load(code)
    facts = extract(text, pack, today)
    resolved_kind = detect_kind(facts) if kind == "auto" else kind
    subject = Subject(facts, context)
    fired: list[tuple[Rule, Finding]] = []
    for rule in rules_for(resolved_kind):
        assert rule.check is not None
        for trigger in rule.check(subject):
            fired.append((rule, _finding(rule, trigger, pack, text)))
    criteria = _criteria(resolved_kind, fired, pack, facts)
    score = sum(STATUS_SCORE[c.status] for c in criteria.values()) / len(criteria)
    order = {name: i for i, name in enumerate(criteria)}
    findings = sorted((f for _, f in fired), key=lambda f: (order.get(f.criterion, 99), f.offset, f.rule))
    review_ = Review(
        kind=resolved_kind,  # type: ignore[arg-type]
        language=code,  # type: ignore[arg-type]
        score=round(score, 3),
        criteria=criteria,
        findings=findings,
        extracted=_extracted(facts),
    )
    return review_, facts


def review(text: str, kind: str = "auto", language: str = "auto", context: Context | None = None) -> Review:
    return analyse(text, kind, language, context)[0]


def review_request(request: ReviewRequest) -> Review:
    return review(request.text, request.kind, request.language, request.context)


def merge_context(outer: Context | None, inner: Context | None) -> Context | None:
    if outer is None:
        return inner
    if inner is None:
        return outer
    return Context(**{**outer.model_dump(exclude_none=True), **inner.model_dump(exclude_none=True)})


def review_batch(request: BatchRequest) -> BatchResponse:
    from reviewer.rules.goal_set import set_findings

    analysed = []
    for item in request.items:
        context = merge_context(request.context, item.context)
        analysed.append((*analyse(item.text, item.kind, item.language, context), context))
    results = [r for r, _, _ in analysed]
    return BatchResponse(results=results, findings=set_findings(analysed, request.context))


def rule_catalog() -> list[dict[str, Any]]:
    catalog = []
    for rule in all_rules():
        texts = {p.code: p.rules.get(rule.id) for p in packs()}
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


def language_list() -> list[dict[str, str]]:
    return [{"code": p.code, "name": p.name} for p in packs()]
