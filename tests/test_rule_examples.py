"""Every rule carries its own examples in every language pack (the LanguageTool pattern), and an example
proves exactly what it claims:

- a `trigger` example yields a finding of its rule on every span marked {{ }}, and no finding of that rule
  anywhere else;
- the marked findings carry exactly the replacements the example lists (an example written as a table
  `{ text = "...", replacements = [...] }`; one list for every marked span, or one list per marked span in
  order); an example written as a plain string claims none;
- an `ok` example yields no finding of its rule.

Set rules (ids set.*) are checked the same way through review_batch: a set example is several goals
separated by " | ", and a marked goal is one the set finding must point at (its `item`, and the goal's
text as span). Other rules' findings on an example are not this test's business.
This one test walks the whole registry."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reviewer import review, review_batch
from reviewer.lang import codes, load
from reviewer.models import BatchRequest, Context, ReviewRequest
from reviewer.rules import all_rules

TODAY = dt.date(2026, 3, 1)
MARK = re.compile(r"\{\{(.*?)\}\}")
SEPARATOR = " | "  # between the goals of a set example


def unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    text, spans, pos = "", [], 0
    for m in MARK.finditer(marked):
        text += marked[pos : m.start()]
        spans.append((len(text), len(text) + len(m.group(1))))
        text += m.group(1)
        pos = m.end()
    return text + marked[pos:], spans


def cases() -> list[tuple[str, str, str, str]]:
    out = []
    for code in codes():
        pack = load(code)
        for rule in all_rules():
            texts = pack.rules.get(rule.id)
            for example in texts.trigger if texts else []:
                out.append((code, rule.id, "trigger", example))
            for example in texts.ok if texts else []:
                out.append((code, rule.id, "ok", example))
    return out


def context_for(code: str, rule_id: str) -> Context:
    return Context(**{"today": TODAY, **load(code).rules[rule_id].context})


def expected_replacements(code: str, rule_id: str, example: str, count: int) -> list[list[str]]:
    listed = load(code).rules[rule_id].example_replacements.get(example, [])
    if listed and all(isinstance(r, list) for r in listed):
        assert len(listed) == count, f"{len(listed)} replacement lists for {count} marked spans"
        return listed
    return [listed] * count


@pytest.mark.parametrize("code", codes())
def test_every_rule_has_messages_and_examples(code: str) -> None:
    pack = load(code)
    for rule in all_rules():
        texts = pack.rules.get(rule.id)
        assert texts is not None and texts.message, f"{code}: {rule.id} has no message"
        assert texts.trigger and texts.ok, f"{code}: {rule.id} needs trigger and ok examples"
        for example in texts.trigger:
            assert MARK.search(example), f"{code}: {rule.id}: a trigger example must mark its span with {{{{ }}}}"
        for example in texts.ok:
            assert not MARK.search(example), f"{code}: {rule.id}: an ok example marks nothing"
        for example in texts.example_replacements:
            assert rule.kind != "set", f"{code}: {rule.id}: set findings carry no replacements"
    for criterion, messages in pack.criteria.items():
        assert messages.get("pass") is not None, f"{code}: criteria.{criterion}.pass"


def _findings(code: str, rule_id: str, text: str) -> dict[tuple[int, int], list[str]]:
    kind = rule_id.split(".", 1)[0]
    result = review(text, kind=kind, language=code, context=context_for(code, rule_id))
    return {(f.offset, f.offset + f.length): f.replacements for f in result.findings if f.rule == rule_id}


def _set_findings(code: str, rule_id: str, goals: list[str]) -> set[tuple[int, int, int]]:
    request = BatchRequest(
        items=[ReviewRequest(text=g, kind="goal", language=code) for g in goals], context=context_for(code, rule_id)
    )
    return {(f.item, f.offset, f.offset + f.length) for f in review_batch(request).findings if f.rule == rule_id}


@pytest.mark.parametrize(("code", "rule_id", "expect", "example"), cases())
def test_rule_example(code: str, rule_id: str, expect: str, example: str) -> None:
    if rule_id.startswith("set."):
        marked = [unmark(goal) for goal in example.split(SEPARATOR)]
        assert len(marked) >= 2, "a set example holds several goals separated by ' | '"
        assert all(not spans or spans == [(0, len(text))] for text, spans in marked), "mark whole goals"
        found = _set_findings(code, rule_id, [text for text, _ in marked])
        wanted = {(i, 0, len(text)) for i, (text, spans) in enumerate(marked) if spans}
        assert found == wanted, f"{rule_id}: expected findings on goals {sorted(w[0] + 1 for w in wanted)}, got {sorted(f[0] + 1 for f in found)}"
        return
    text, spans = unmark(example)
    found = _findings(code, rule_id, text)
    if expect == "ok":
        assert not found, f"{rule_id} should not fire; flagged {[text[a:b] for a, b in found]}"
        return
    missing = [text[a:b] for a, b in spans if (a, b) not in found]
    unmarked = [text[a:b] for a, b in found if (a, b) not in spans]
    assert not missing, f"{rule_id} should flag {missing}; flagged {[text[a:b] for a, b in found]}"
    assert not unmarked, f"{rule_id} also flags unmarked {unmarked}; mark them or fix the rule"
    for (a, b), wanted in zip(spans, expected_replacements(code, rule_id, example, len(spans)), strict=True):
        assert found[(a, b)] == wanted, f"{rule_id} on {text[a:b]!r}: replacements {found[(a, b)]}, example lists {wanted}"
