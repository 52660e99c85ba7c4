"""The offline rewriter: deterministic, SMART-shaped suggestions in the input's language.

Built from what the checks extracted and from the request's context. What is unknown becomes an explicit
placeholder ("[X] %", "[dato]"); no number appears that the user did not give. The templates are language
data (the [rewrite] section of each pack).
"""

from __future__ import annotations

import re

from reviewer.extract import Facts, metric_class
from reviewer.models import Context, Review
from reviewer.rules.goal import concrete_object

PLACEHOLDER = re.compile(r"\[[^\[\]]+\]")


def _object_phrase(facts: Facts) -> tuple[str, str | None]:
    """The thing that should change, with its scope, taken from the text where it is there.
    Returns (phrase, assumption or None)."""
    pack, text = facts.pack, facts.text
    tpl = pack.rewrite
    obj = concrete_object(facts)
    metric = facts.metric
    if obj is not None:
        start, end = obj.start, obj.end
        for scope in facts.scope:
            if obj.start <= scope.start <= obj.end + 60 and scope.end > end:
                end = scope.end
            if scope.start < start and scope.end >= obj.start - 1:
                start = scope.start  # a modifier in front: "website visitors", "newsletter subscribers"
        for channel in facts.channels:
            if channel.end <= start and not text[channel.end : start].strip():
                start = channel.start  # "Instagram followers"
        # "antallet af besøgende" / "the number of visitors": keep the counting words in front
        count_of = [m for m in pack.vocab["count_of"].finditer(text) if 0 <= obj.start - m.end() <= 1]
        if count_of:
            start = count_of[0].start()
        phrase = text[start:end].strip(" ,.;")
        outside = [c for c in facts.channels if c.end <= start or c.start >= end]
        if outside and outside[0].id != "social":
            phrase += " " + tpl["via_channel"].format(channel=text[outside[0].start : outside[0].end])
        return phrase, None
    if metric is not None:
        noun = text[metric.start : metric.end]
        if metric_class(metric.id).get("class") == "countable":
            noun = tpl["count_object"].format(metric=noun)  # "antallet af kunder", not "kunder"
        return f"{noun} {tpl['scope_placeholder']}", None
    haystack = " ".join(text[s.start : s.end] for s in facts.abstract) or text
    for candidate in tpl["default_objects"]:
        if re.search(candidate["when"], haystack, re.IGNORECASE):
            chosen = candidate["object"]
            break
    else:
        chosen = tpl["fallback_object"]
    return chosen, tpl["assumed_object"].format(object=chosen)


def _deadline(facts: Facts, context: Context) -> str:
    tpl = facts.pack.rewrite
    deadline = facts.deadline
    if deadline is not None and deadline.kind != "placeholder":
        return facts.snippet(deadline)
    if context.deadline:
        return tpl["deadline_with_text"].format(deadline=context.deadline.strip())
    return tpl["deadline_placeholder"]


def _target(facts: Facts, context: Context) -> tuple[str, str | None]:
    """(target text, baseline text or None) from the goal, else the context, else placeholders."""
    tpl = facts.pack.rewrite
    target = facts.target
    baseline = facts.baseline
    if target is not None and target.unit not in ("placeholder", "multiplier", "rank"):
        return facts.snippet(target), facts.snippet(baseline) if baseline else None
    if context.target:
        return context.target.strip(), context.baseline.strip() if context.baseline else None
    return tpl["target_placeholder"], context.baseline.strip() if context.baseline else None


def goal_candidates(facts: Facts, context: Context) -> list[tuple[str, list[str]]]:
    """Candidate texts with their assumptions, best first."""
    tpl = facts.pack.rewrite
    verb = tpl["decrease"] if facts.direction == "decrease" else tpl["increase"]
    obj, assumption = _object_phrase(facts)
    target, baseline = _target(facts, context)
    deadline = _deadline(facts, context)
    purpose = f" {facts.snippet(facts.purpose[0])} …" if facts.purpose else ""
    multiplier = facts.target if facts.target is not None and facts.target.unit == "multiplier" else None
    assumptions = [assumption] if assumption else []
    changes = []
    if multiplier is not None:
        changes.append(None)  # "Fordoble antallet af …": keep the user's own multiplier
    changes.append(tpl["change"].format(target=target))
    level = target if target != tpl["target_placeholder"] else tpl["level_placeholder"]
    changes.append(tpl["change_from_to"].format(baseline=baseline or tpl["baseline_placeholder"], target=level))
    candidates = []
    for change in changes:
        if change is None:
            text = f"{facts.snippet(multiplier)} {obj} {deadline}{purpose}."
            text = text[0].upper() + text[1:]
        else:
            text = tpl["goal"].format(verb=verb, object=obj, change=change, deadline=deadline, purpose=purpose)
        candidates.append((_tidy(text), assumptions))
    if not facts.purpose:
        base = tpl["goal"].format(verb=verb, object=obj, change=changes[-1] or "", deadline=deadline, purpose=tpl["purpose_placeholder"])
        candidates.append((_tidy(base), assumptions))
    return candidates


def mission_candidates(facts: Facts, review: Review) -> list[tuple[str, list[str]]]:
    tpl = facts.pack.rewrite
    m = facts.mission
    audience = facts.snippet(m["audience"][0]) if m.get("audience") else tpl["audience_placeholder"]
    value = facts.snippet(m["values"][0]) if m.get("values") else tpl["value_placeholder"]
    fills = {
        "audience": audience,
        "benefit": tpl["benefit_placeholder"],
        "activity": tpl["activity_placeholder"],
        "value": value,
    }
    return [(_tidy(t.format(**fills)), []) for t in tpl["mission"]]


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,])", r"\1", text)
    text = re.sub(r"\.\.+$", ".", text)
    return text[0].upper() + text[1:] if text else text


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def candidates(facts: Facts, review: Review, context: Context) -> list[tuple[str, list[str]]]:
    if review.kind == "mission":
        return mission_candidates(facts, review)
    return goal_candidates(facts, context)

