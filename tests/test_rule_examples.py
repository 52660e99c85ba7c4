"""Every rule carries its own examples in every language pack (the LanguageTool pattern): text that must
trigger it, with the span marked {{ }}, and text that must not. This one test walks the whole registry."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reviewer import review
from reviewer.lang import codes, load
from reviewer.models import Context
from reviewer.rules import all_rules

TODAY = dt.date(2026, 3, 1)
MARK = re.compile(r"\{\{(.*?)\}\}")


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
            if rule.kind == "set":
                continue
            texts = pack.rules.get(rule.id)
            for example in texts.trigger if texts else []:
                out.append((code, rule.id, "trigger", example))
            for example in texts.ok if texts else []:
                out.append((code, rule.id, "ok", example))
    return out


def context_for(code: str, rule_id: str) -> Context:
    return Context(**{"today": TODAY, **load(code).rules[rule_id].context})


@pytest.mark.parametrize("code", codes())
def test_every_rule_has_messages_and_examples(code: str) -> None:
    pack = load(code)
    for rule in all_rules():
        texts = pack.rules.get(rule.id)
        assert texts is not None and texts.message, f"{code}: {rule.id} has no message"
        if rule.kind != "set":
            assert texts.trigger and texts.ok, f"{code}: {rule.id} needs trigger and ok examples"
    for criterion, messages in pack.criteria.items():
        assert messages.get("pass") is not None, f"{code}: criteria.{criterion}.pass"


@pytest.mark.parametrize(("code", "rule_id", "expect", "example"), cases())
def test_rule_example(code: str, rule_id: str, expect: str, example: str) -> None:
    text, spans = unmark(example)
    kind = rule_id.split(".", 1)[0]
    result = review(text, kind=kind, language=code, context=context_for(code, rule_id))
    found = {(f.offset, f.offset + f.length) for f in result.findings if f.rule == rule_id}
    if expect == "trigger":
        assert spans, "a trigger example must mark its span with {{ }}"
        missing = [text[a:b] for a, b in spans if (a, b) not in found]
        assert not missing, f"{rule_id} should flag {missing}; flagged {[text[a:b] for a, b in found]}"
    else:
        assert not found, f"{rule_id} should not fire; flagged {[text[a:b] for a, b in found]}"
