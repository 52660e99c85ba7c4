"""goal.achievable.implausible on rates (click, open, conversion, bounce rate …): a from→to change in a rate is
judged by the percentage points it moves per month, not as compounded growth, and a rate above 100 % is never
plausible. Which metrics are rates is pack data (`rate = true` in common.toml), read here too."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from reviewer import default_engine, review
from reviewer.lang import common
from reviewer.models import Context, RewriteRequest

TODAY = dt.date(2026, 3, 1)
RULE = "goal.achievable.implausible"


def messages(text: str, language: str) -> list[str]:
    result = review(text, kind="goal", language=language, context=Context(today=TODAY))
    return [f.message for f in result.findings if f.rule == RULE]


# Doubling a small rate in three months: "3 points", which compounded reading called ~26 % a month (flagged).
MODEST = {
    "en": "Increase the newsletter click rate from 3% to 6% by 31 May.",
    "da": "Øge klikraten i nyhedsbrevet fra 3 % til 6 % inden 31. maj.",
    "nb": "Øke klikkraten i nyhetsbrevet fra 3 % til 6 % innen 31. mai.",
    "sv": "Öka antalet prenumeranter som klickar på en länk i nyhetsbrevet (klickfrekvens) från 3 % till 6 % till den 31 maj.",
}
STEEP = {
    "en": "Increase the conversion rate from 2% to 40% within a month.",
    "da": "Øge konverteringsraten fra 2 % til 40 % inden for en måned.",
    "nb": "Øke konverteringsraten fra 2 % til 40 % innen en måned.",
    "sv": "Öka konverteringsgraden från 2 % till 40 % inom en månad.",
}
OVER = {
    "en": "Increase the open rate from 80% to 120% within 6 months.",
    "da": "Øge åbningsraten fra 80 % til 120 % inden for 6 måneder.",
    "nb": "Øke åpningsraten fra 80 % til 120 % innen 6 måneder.",
    "sv": "Öka öppningsfrekvensen från 80 % till 120 % inom 6 månader.",
}
POINTS_WORD = {"en": "38 percentage points", "da": "38 procentpoint", "nb": "38 prosentpoeng", "sv": "38 procentenheter"}


@pytest.mark.parametrize("language", sorted(MODEST))
def test_doubling_a_small_rate_in_three_months_is_plausible(language: str) -> None:
    assert messages(MODEST[language], language) == []


@pytest.mark.parametrize("language", sorted(STEEP))
def test_a_rate_jumping_38_points_in_a_month_is_flagged_in_points(language: str) -> None:
    [message] = messages(STEEP[language], language)
    assert POINTS_WORD[language] in message
    digits = message.replace(".", "").replace(",", "").replace("\xa0", "")
    assert "1900" not in digits  # not the compounded reading (2 % -> 40 % is +1 900 %)


@pytest.mark.parametrize("language", sorted(OVER))
def test_a_rate_above_100_percent_is_flagged(language: str) -> None:
    [message] = messages(OVER[language], language)
    assert "120" in message and "100" in message


def test_the_ceiling_is_points_per_month_from_the_pack() -> None:
    limit = common()["achievable"]["rate_points_per_month"]
    # 20 % -> 30 % in three months (003's open-rate example): under; the same 10 points in one month: over
    assert messages("Increase the open rate from 20% to 30% within 3 months.", "en") == []
    assert 10 > limit
    assert messages("Increase the open rate from 20% to 30% within 1 month.", "en")


def test_a_falling_rate_counts_its_points_too() -> None:
    assert messages("Reduce the churn rate from 8% to 5% within 3 months.", "en") == []
    [message] = messages("Reduce the bounce rate from 70% to 10% within 2 months.", "en")
    assert "30 percentage points" in message


def test_a_relative_change_of_a_rate_is_still_growth() -> None:
    """A rate "by 200 %" has no from→to pair: still read as compounded growth, as before."""
    [message] = messages("Increase the conversion rate by 200% within 2 months.", "en")
    assert "percentage point" not in message


def test_a_count_from_to_is_not_a_rate() -> None:
    """No rate metric: a from→to in counts is growth, compounded (revenue doubling in a month stays flagged)."""
    [message] = messages("Increase revenue from 100,000 to 400,000 within 2 months.", "en")
    assert "percentage point" not in message


def test_the_offline_rewrite_keeps_the_users_rate_target() -> None:
    """wording.sv.goal.near-klickfrekvens: the rewriter must not replace a plausible "6 %" by "[X] %"."""
    request = RewriteRequest(text=MODEST["sv"], language="sv", context=Context(today=TODAY))
    answer = asyncio.run(default_engine().rewrite(request))
    assert answer.suggestions
    for suggestion in answer.suggestions:
        assert "6 %" in suggestion.text and "3 %" in suggestion.text, suggestion.text
