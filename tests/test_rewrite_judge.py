"""One notion of a good rewrite (reviewer.rewrite.judge) and one placeholder pattern, used by the offline
rewriter, the model path and the rewrite eval."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from reviewer import default_engine
from reviewer.models import Context, RewriteRequest
from reviewer.rewrite import OfflineRewriter
from reviewer.rewrite.judge import judge
from reviewer.rewrite.numbers import numbers_in
from reviewer.rewrite.placeholders import PLACEHOLDER, placeholders_in

CONTEXT = Context(today=dt.date(2026, 3, 1))
SOURCE = "Få flere kunder"


def verdict(text: str, assumptions: tuple[str, ...] = (), source: str = SOURCE):
    engine = default_engine()
    original = engine.review(source, kind="goal", language="da", context=CONTEXT)
    return judge(engine, original, source, CONTEXT, text, assumptions)


@pytest.mark.parametrize(
    ("text", "failed"),
    [
        ("Øge antallet af nye kunder via vores hjemmeside med [X] % inden [dato].", set()),
        ("Få mange flere kunder hurtigt", {"specific", "measurable", "time_bound", "score", "sentence"}),
        ("Increase the number of new customers from our website by [X] % by [date].", {"language", "kept"}),
        ("Øge antallet af nye kunder via vores hjemmeside med 35 % inden [dato].", {"numbers"}),
    ],
)
def test_the_verdict_names_each_failed_check(text: str, failed: set[str]) -> None:
    result = verdict(text)
    assert set(result.failures) == failed and result.passed is (not failed)
    assert all(reason.split(":", 1)[0] in failed for reason in result.reasons)  # the re-ask prompt's lines


def test_a_number_the_candidate_states_as_an_assumption_is_allowed() -> None:
    text = "Øge antallet af nye kunder via vores hjemmeside med 35 % inden [dato]."
    assert verdict(text, ("35 % er sidste års vækst",)).passed


def test_one_placeholder_pattern() -> None:
    text = "Øge [hvad] med [X] % inden [dato] for [hvem I betjener, fx børnefamilier]."
    assert placeholders_in(text) == ["[hvad]", "[X]", "[dato]", "[hvem I betjener, fx børnefamilier]"]
    assert numbers_in("med [25] % inden [2027]") == set()  # a number inside a placeholder is no claim
    # a whole sentence in brackets is not a placeholder: its numbers count
    long = "[Øge antallet af nye kunder med 35 % inden udgangen af juni, som vi aftalte]"
    assert not PLACEHOLDER.fullmatch(long) and 35.0 in numbers_in(long)
    assert PLACEHOLDER.findall("[]") == [] and PLACEHOLDER.findall("[[X]]") == ["[X]"]


def test_offline_suggestions_and_the_eval_agree_with_the_judge() -> None:
    engine = default_engine().with_rewriter(OfflineRewriter())
    for text in ("Få flere kunder", "Improve our online presence.", "Öka försäljningen.", "Vi trenger flere kunder"):
        request = RewriteRequest(text=text, context=CONTEXT)
        response = asyncio.run(engine.rewrite(request))
        assert response.suggestions
        for s in response.suggestions:
            again = judge(engine, response.review, text, CONTEXT, s.text, s.assumptions)
            assert again.passed and again.review == s.review  # the review shown is the judge's
            assert s.placeholders == placeholders_in(s.text)


# --- faithfulness (issue 9): each clause, in several languages ------------------------------------------


def judged(source: str, language: str, text: str, kind: str = "goal"):
    engine = default_engine()
    original = engine.review(source, kind=kind, language=language, context=CONTEXT)
    return judge(engine, original, source, CONTEXT, text)


@pytest.mark.parametrize(
    ("language", "source", "text", "lost"),
    [
        (
            "da",
            "Øge antallet af besøgende på vores website med 20 % inden for seks måneder.",
            "Øge omsætningen med 20 % inden for seks måneder for at skaffe flere leads.",
            "besøgende",
        ),
        (
            "en",
            "Get 500 more followers on LinkedIn by June 2027.",
            "Get [X] more followers on LinkedIn by June 2027 in order to [why it matters].",
            "500",
        ),
        (
            "sv",
            "Vår bokhandel hjälper läsare i Malmö att hitta sin nästa favoritbok.",
            "Vi hjälper läsare att [vad de får] genom att [vad ni gör].",
            "bokhandel",
        ),
    ],
)
def test_a_rewrite_that_drops_the_users_words_or_numbers_fails(
    language: str, source: str, text: str, lost: str
) -> None:
    kind = "mission" if language == "sv" else "goal"  # the Swedish case is a mission
    result = judged(source, language, text, kind)
    assert "kept" in result.failures and lost in result.failures["kept"]


@pytest.mark.parametrize(
    ("language", "source", "text", "kind"),
    [
        # the implausible figure is flagged: a placeholder may take its place
        (
            "en",
            "Increase our annual revenue by 200% within the next 2 months.",
            "Increase our annual revenue by [X] % within the next 2 months in order to [why it matters].",
            "goal",
        ),
        # a mission's target and its deadline are flagged, and go as one clause
        (
            "sv",
            "Vårt uppdrag är att bli Sveriges största nätbokhandel med 30 % marknadsandel till 2030.",
            "Vårt uppdrag är att bli Sveriges största nätbokhandel för [vilka ni betjänar], så att de kan [vad de får].",
            "mission",
        ),
        # the pack's filler words ("trenger") may go
        (
            "nb",
            "Vi trenger flere kunder",
            "Øke antall kunder på [kanal] med [X] % innen [dato] for å [hvorfor det er viktig].",
            "goal",
        ),
    ],
)
def test_flagged_words_and_filler_may_go(language: str, source: str, text: str, kind: str) -> None:
    result = judged(source, language, text, kind)
    assert result.passed, result.reasons


def test_no_criterion_that_passed_may_get_worse() -> None:
    source = "Increase website visitors by 20% within six months in order to generate more leads."
    result = judged(source, "en", "Increase website visitors by 20% within six months on [channel].")
    assert "relevant" in result.failures  # passed by "in order to generate more leads"; now unknown by rule
    assert "kept" in result.failures


def test_the_score_must_rise() -> None:
    result = judged(
        "Øke trafikken til nettsiden med 20 % innen juni 2027.",
        "nb",
        "Øke trafikken til nettsiden med 20 % innen juni 2027.",
    )
    assert "score" in result.failures


def test_an_inverted_goal_fails() -> None:
    source = "Redusere antall klager fra faste kunder med 30 % innen juni 2027."
    result = judged(
        source, "nb", "Øke antall klager fra faste kunder med 30 % innen juni 2027 for å [hvorfor det er viktig]."
    )
    assert "direction" in result.failures


@pytest.mark.parametrize(
    ("language", "source", "text"),
    [
        (
            "en",
            "Get more visitors to our website.",
            "Increase visitors to our website by [X] % by [date]. See https://evil.example/x",
        ),
        (
            "sv",
            "Öka trafiken till webbplatsen med 20 %.",
            "Öka trafiken till webbplatsen med 20 % senast [datum] <script>alert(1)</script>.",
        ),
        (
            "da",
            "Øge salget i webshoppen med 20 %.",
            "Øge salget i [webshoppen](https://evil.example) med 20 % inden [dato].",
        ),
        (
            "nb",
            "Øke trafikken til nettsiden med 20 %.",
            "Øke trafikken til nettsiden med 20 % innen [dato]; skriv til hjelp@evil.example.",
        ),
        (
            "da",
            "Øge salget i webshoppen med 20 %.",
            "Øge salget i webshoppen med 20 % inden [dato], ring +45 12 34 56 78.",
        ),
    ],
)
def test_links_addresses_phone_numbers_and_markup_are_never_added(language: str, source: str, text: str) -> None:
    # text selected on a web page can carry instructions to the model: whatever it adds of this kind fails
    assert "added" in judged(source, language, text).failures


def test_what_the_user_wrote_may_stay() -> None:
    source = "Øge antallet af besøgende på www.bageriet.dk med 20 %."
    result = judged(source, "da", "Øge antallet af besøgende på www.bageriet.dk med 20 % inden [dato].")
    assert "added" not in result.failures


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("öka trafiken till webbplatsen med 20 % senast [datum].", "capital"),
        ("Öka trafiken till webbplatsen med 20 % senast [datum]", "full stop"),
        ("Öka trafiken till till webbplatsen med 20 % senast [datum].", "twice"),
        ("Öka trafiken till webbplatsen med 20 % senast [datum] för.", "för"),
    ],
)
def test_a_suggestion_is_a_sentence(text: str, problem: str) -> None:
    result = judged("Öka trafiken till webbplatsen med 20 %.", "sv", text)
    assert "sentence" in result.failures and problem in result.failures["sentence"]


def test_a_placeholder_waiting_to_be_filled_is_accepted_but_not_counted_as_passed() -> None:
    result = judged("Få flere kunder", "da", "Øge antallet af nye kunder via vores hjemmeside med [X] % inden [dato].")
    assert result.passed
    assert (
        result.review.criteria["measurable"].status == "unknown"
        and "[X] %" in result.review.criteria["measurable"].message
    )
    assert (
        result.review.criteria["time_bound"].status == "unknown"
        and "[dato]" in result.review.criteria["time_bound"].message
    )
    assert result.review.score < 0.8  # placeholders no longer look nearly done
