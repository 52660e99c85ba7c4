"""The offline rewriter: SMART-shaped suggestions in the input's language, placeholders instead of
invented numbers, re-checked by the rules, fast."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

import pytest
from litestar.testing import TestClient

from reviewer import default_engine, review
from reviewer.api import create_app
from reviewer.models import Context, RewriteRequest
from reviewer.rewrite.numbers import invented_numbers

app = create_app(default_engine())  # one engine for the module's tests

TODAY = dt.date(2026, 3, 1)


def rewrite(text: str, **context: object):
    request = RewriteRequest(text=text, context=Context(today=TODAY, **context))
    return asyncio.run(default_engine().rewrite(request))


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Forbedre vores online tilstedeværelse.", "da"),
        ("Vi trenger flere kunder", "nb"),
        ("Improve our online presence.", "en"),
        ("Få fler kunder till butiken.", "sv"),
        ("Jeg vil tjene mere", "da"),
        ("Øke trafikken til nettsiden med 20 % etter hvert.", "nb"),
    ],
)
def test_vague_goals_get_passing_suggestions_in_their_language(text: str, language: str) -> None:
    started = time.perf_counter()
    result = rewrite(text)
    assert time.perf_counter() - started < 1.0
    assert result.suggestions and not result.degraded
    for s in result.suggestions:
        assert s.provider == "offline" and s.model is None
        judged = review(s.text, kind="goal", context=Context(today=TODAY))
        assert judged.language == language, s.text
        assert {judged.criteria[c].status for c in ("specific", "measurable", "time_bound")} == {"pass"}, s.text
        assert not invented_numbers(s.text, text, {}, s.assumptions), s.text
        assert s.placeholders, "unknowns are shown as placeholders"


def test_the_users_own_numbers_and_deadline_are_kept() -> None:
    result = rewrite("Øke trafikken til nettsiden med 20 % etter hvert.")
    assert all("20 %" in s.text for s in result.suggestions[:2])
    result = rewrite("Get more newsletter subscribers by the end of June 2026.")
    assert all("June 2026" in s.text for s in result.suggestions)


def test_context_fills_the_slots() -> None:
    result = rewrite("Increase website visitors.", target="25%", deadline="31 December 2026")
    assert any("25%" in s.text and "31 December 2026" in s.text for s in result.suggestions)
    assert not any("[X]" in s.text for s in result.suggestions if "25%" in s.text)


def test_missions_get_a_mission_template() -> None:
    mission = asyncio.run(default_engine().rewrite(RewriteRequest(text="To produce reliable refrigerators", kind="mission")))
    assert mission.suggestions
    assert all(s.review.criteria["purpose"].status == "pass" for s in mission.suggestions)


def test_rewrite_over_http() -> None:
    with TestClient(app) as client:
        r = client.post("/v1/rewrite", json={"text": "Få flere kunder", "language": "da", "max_suggestions": 2})
        assert r.status_code == 200
        body = r.json()
        assert set(body) >= {"review", "suggestions", "degraded", "degraded_reason", "prompt_version"}
        assert 1 <= len(body["suggestions"]) <= 2
        assert client.post("/v1/rewrite", json={"text": "x", "max_suggestions": 0}).status_code == 400


def test_a_mission_is_mended_in_the_users_own_words() -> None:
    result = rewrite("Vores mission er at blive Danmarks største online boghandel med 30 % markedsandel inden 2030.")
    first = result.suggestions[0]
    assert first.text.startswith("Vores mission er at blive Danmarks største online boghandel")
    assert "30 %" not in first.text and "2030" not in first.text
    assert first.review.criteria["timeless"].status == "pass"
