"""Review-level behaviour a user relies on: verdicts on the seed documents' own examples, kind and
language detection, context, goal sets."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer import review, review_batch
from reviewer.models import BatchRequest, Context, ReviewRequest

TODAY = dt.date(2026, 3, 1)


def statuses(text: str, **context: object) -> dict[str, str]:
    result = review(text, context=Context(today=TODAY, **context))
    return {name: c.status for name, c in result.criteria.items()}


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Vi har brug for flere kunder", "da"),
        ("Vi trenger flere kunder", "nb"),
        ("Øge omsætningen med 10 % i år", "da"),
        ("Øke omsetningen med 10 % i år", "nb"),
        ("Increase revenue by 10% this year", "en"),
        ("Jeg vil tjene mere", "da"),
    ],
)
def test_language_of_short_texts(text: str, language: str) -> None:
    assert review(text, context=Context(today=TODAY)).language == language


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("To produce reliable refrigerators", "mission"),
        ("Our mission is to become the leading bakery in Denmark with 50 shops by 2030.", "mission"),
        ("We help small businesses in Aarhus get more customers with honest, affordable websites.", "mission"),
        ("Increase revenue by 10% this year", "goal"),
        ("Forbedre vores online tilstedeværelse.", "goal"),
        ("Jeg vil tjene mere", "goal"),
    ],
)
def test_kind_detection(text: str, kind: str) -> None:
    assert review(text, context=Context(today=TODAY)).kind == kind


def test_seed_002_specific_pair() -> None:
    assert statuses("Forbedre vores online tilstedeværelse.")["specific"] == "fail"
    good = statuses("Øge antallet af besøgende på vores website med 20% inden for de næste 6 måneder.")
    assert (good["specific"], good["measurable"], good["time_bound"]) == ("pass", "pass", "pass")


def test_seed_002_achievable_pair() -> None:
    assert statuses("Øge vores årlige omsætning med 200% inden for de næste 2 måneder")["achievable"] == "fail"
    assert statuses("Øge vores årlige omsætning med 10% inden for det næste år")["achievable"] == "pass"


def test_seed_002_b2b_instagram_is_not_relevant() -> None:
    text = "øge antallet af Instagram-tilhængere med 10.000"
    assert statuses(text, business_model="b2b")["relevant"] == "fail"
    assert statuses(text, business_model="b2c")["relevant"] == "pass"
    assert statuses(text)["relevant"] == "unknown"


def test_seed_004_earn_more_vs_revenue_goal() -> None:
    vague = statuses("Jeg vil tjene mere")
    assert (vague["measurable"], vague["time_bound"]) == ("fail", "fail")
    good = statuses("Jeg vil øge omsætningen med 20 % over de næste to kvartaler")
    assert (good["measurable"], good["time_bound"]) == ("pass", "pass")


def test_seed_003_hair_salon_is_unrealistic() -> None:
    text = "En lokal frisørsalong kan for eksempel ikke forvente 10 000 nettbesøk på en uke uten store investeringer."
    assert statuses(text)["achievable"] == "fail"


def test_purpose_makes_a_goal_relevant_without_context() -> None:
    assert statuses("Increase website visitors by 20% within six months in order to generate more leads.")["relevant"] == "pass"


def test_channels_outside_the_plan() -> None:
    result = review("Get 200 new followers on TikTok by June 2027.", context=Context(today=TODAY, channels=["LinkedIn"]))
    finding = next(f for f in result.findings if f.rule == "goal.relevant.channel-outside-plan")
    assert "Get 200 new followers on TikTok by June 2027."[finding.offset : finding.offset + finding.length] == "TikTok"


def test_mission_with_targets_is_not_timeless_but_founding_year_is_fine() -> None:
    assert statuses("Our mission is to help 10,000 families eat better and grow revenue by 30% by 2030.")["timeless"] == "fail"
    assert statuses("Since 1998 we have baked honest bread for the families of Aarhus.")["timeless"] == "pass"


def test_messages_are_in_the_texts_language() -> None:
    result = review("Forbedre vores online tilstedeværelse.", context=Context(today=TODAY))
    assert "abstrakt" in result.criteria["specific"].message


def test_goal_set_findings() -> None:
    goals = [
        "Øge omsætningen med 10 % i år.",
        "Øge omsætningen med 10 % i år.",
        "Få flere følgere på Instagram.",
        "Øge antallet af leads med 20 % inden for 6 måneder.",
    ]
    batch = review_batch(BatchRequest(items=[ReviewRequest(text=t) for t in goals], context=Context(today=TODAY)))
    rules = {(f.rule, f.item) for f in batch.findings}
    assert ("set.too-many-goals", 3) in rules
    assert ("set.near-duplicate", 1) in rules
    assert ("set.no-deadline", 2) in rules
    assert len(batch.results) == 4


def test_goal_set_unrelated_to_mission() -> None:
    context = Context(today=TODAY, mission="Vi reparerer cykler hurtigt og ærligt for pendlere i København.")
    batch = review_batch(
        BatchRequest(
            items=[ReviewRequest(text="Øge antallet af cykelreparationer med 20 % inden for 6 måneder."),
                   ReviewRequest(text="Øge visningerne på TikTok med 50 % inden for 3 måneder.")],
            context=context,
        )
    )
    assert [(f.rule, f.item) for f in batch.findings] == [("set.unrelated-to-mission", 1)]
