"""The prefilter only skips scans that would find nothing: every labeled text and every rule example gets the
same review with the prefilter on as with every regex scanned; and the needles it derives are right."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reviewer import default_engine
from reviewer.detect import UnsupportedLanguage
from reviewer.lang import codes, load
from reviewer.lang.prefilter import Prefiltered, needles
from reviewer.models import Context

ROOT = Path(__file__).resolve().parent.parent
CONTEXT = Context(today=dt.date(2026, 3, 1))


def _texts() -> list[str]:
    texts = []
    for path in sorted([*(ROOT / "evals" / "cases").glob("*.jsonl"), *(ROOT / "evals" / "heldout").glob("*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                texts += case.get("items") or [case["text"]]
    for code in codes():
        for rule in load(code).rules.values():
            texts += [re.sub(r"\{\{|\}\}", "", t) for t in [*rule.trigger, *rule.ok]]
    return texts


def _both(text: str, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    engine = default_engine()

    def outcome() -> object:
        try:
            return engine.review(text, context=CONTEXT).model_dump()
        except UnsupportedLanguage as exc:  # text that reads as German, …: refused, the same way both times
            return ("refused", exc.language)

    filtered = outcome()
    with monkeypatch.context() as m:
        m.setattr(Prefiltered, "possible", lambda self, text, present=None: True)
        everything = outcome()
    return filtered, everything


def test_labeled_texts_are_reviewed_the_same_with_and_without_the_prefilter(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    assert len(texts) > 700
    for text in texts:
        filtered, everything = _both(text, monkeypatch)
        assert filtered == everything, text


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abdeklmnorstuæøåäöÅÆØÄÖKSß%.,-/ 0123456789qQ")), max_size=60))
def test_generated_texts_are_reviewed_the_same(text: str) -> None:
    if not text.strip():
        return
    with pytest.MonkeyPatch.context() as monkeypatch:
        filtered, everything = _both(text, monkeypatch)
    assert filtered == everything


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"(?<!\w)(?:\w*konverteringer(?:ne)?)(?!\w)", ("konverteringer",)),
        (r"omsætning\w*|salg(?:et)?", ("omsætning", "salg")),
        (r"(?:nye\s+)?kunder", ("kunder",)),
        (r"\d+\s*[-–]\s*\d+\s*(?:år|årige)", ("år",)),  # the parser factors out the common "år"
        (r"Q[1-4]", ("q",)),
        (r"\d+", None),
        (r"(?:a|\d)x?", None),
    ],
)
def test_needles(pattern: str, expected: tuple[str, ...] | None) -> None:
    assert needles(re.compile(pattern, re.IGNORECASE)) == expected


def test_a_scan_without_its_needle_is_skipped() -> None:
    regex = Prefiltered(re.compile(r"kvartal\w*", re.IGNORECASE))
    assert list(regex.finditer("inden 3. KVARTAL")) and not list(regex.finditer("inden uge 28"))
