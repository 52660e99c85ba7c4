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


def repaired_mission(facts: Facts, review: Review) -> str | None:
    """The user's own mission with its findings mended: buzzwords replaced, targets and deadlines taken out
    (they belong in goals), cut to two sentences, and who is served added where it is missing."""
    tpl = facts.pack.rewrite
    status = {name: c.status for name, c in review.criteria.items()}
    buzzwords = [f for f in review.findings if f.rule == "mission.plain_language.buzzword"]
    if len(buzzwords) > 1:
        return None  # word-by-word replacement of several buzzwords reads badly: the templates serve
    edits: list[tuple[int, int, str]] = [
        (f.offset, f.offset + f.length, f.replacements[0] if f.replacements else "") for f in buzzwords
    ]
    # Targets and deadlines in one clause go together: "med 30 % markedsandel inden 2030"
    spans = sorted((f.offset, f.offset + f.length) for f in review.findings if f.rule == "mission.timeless.target")
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and not re.search(r"[,.;:!?]", facts.text[merged[-1][1] : start]) and start - merged[-1][1] <= 40:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    edits += [(start, end, "") for start, end in merged]
    text = facts.text
    for start, end, replacement in sorted(edits, reverse=True):
        head = text[:start]
        if not replacement:
            head = re.sub(tpl["mission_dangling"], "", head.rstrip(), flags=re.IGNORECASE).rstrip() + " "
        text = head + replacement + text[end:]
    if status.get("concise") == "fail" and len(facts.sentences) > 2:
        text = text[: facts.sentences[1].end] if not edits else text
    text = _tidy(text).rstrip(".")
    if status.get("customer_focus") == "fail":
        text += tpl["mission_for_audience"].format(audience=tpl["audience_placeholder"], benefit=tpl["benefit_placeholder"])
    text = _tidy(text + ".")
    return text if text != _tidy(facts.text) else None


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
    templates = [(_tidy(t.format(**fills)), []) for t in tpl["mission"]]
    repaired = repaired_mission(facts, review)
    return ([(repaired, [])] if repaired else []) + templates


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,])", r"\1", text)
    text = re.sub(r"\.\.+$", ".", text)
    return text[0].upper() + text[1:] if text else text


def candidates(facts: Facts, review: Review, context: Context) -> list[tuple[str, list[str]]]:
    if review.kind == "mission":
        return mission_candidates(facts, review)
    return goal_candidates(facts, context)

