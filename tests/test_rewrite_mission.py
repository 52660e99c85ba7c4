"""Mission rewrites (issue 9): the user's own mission, with only what failed mended. Who, what and why stay as
written; buzzwords go whole or stay (never a replacement with the wrong inflection); a mission that fails
nothing gets no rewrite; every suggestion passes the one judge, whose faithfulness check refuses any that
drops the user's words."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from reviewer import default_engine, review
from reviewer.models import Context, RewriteRequest
from reviewer.rewrite import OfflineRewriter
from reviewer.rewrite.judge import judge

CONTEXT = Context(today=dt.date(2026, 3, 1))
ENGINE = default_engine().with_rewriter(OfflineRewriter())


def rewrite(text: str, language: str):
    return asyncio.run(ENGINE.rewrite(RewriteRequest(text=text, kind="mission", language=language, context=CONTEXT)))


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We bake sourdough bread by hand every morning for the families of Aarhus, from local organic grain."),
        ("da", "Vi bager surdejsbrød i hånden hver morgen til familierne i Aarhus, af lokalt økologisk korn."),
        (
            "nb",
            "Bokhandelen vår hjelper lesere i Bergen å finne sin neste favorittbok, med ærlige råd fra bokhandlere som leser.",
        ),
        (
            "sv",
            "Vår bokhandel hjälper läsare i Malmö att hitta sin nästa favoritbok, med ärliga råd från bokhandlare som läser.",
        ),
    ],
)
def test_a_mission_that_fails_nothing_gets_no_rewrite(language: str, text: str) -> None:
    result = rewrite(text, language)
    assert not any(c.status == "fail" for c in result.review.criteria.values())
    assert result.suggestions == []


@pytest.mark.parametrize(
    ("language", "text", "kept"),
    [
        (
            "en",
            "Our mission is to become the largest online bookshop in Denmark with 30% market share by 2030.",
            "Our mission is to become the largest online bookshop in Denmark for [who you serve]",
        ),
        (
            "da",
            "Vores mission er at blive Danmarks største online boghandel med 30 % markedsandel inden 2030.",
            "Vores mission er at blive Danmarks største online boghandel for [hvem I betjener]",
        ),
        (
            "nb",
            "Vår misjon er å bli Norges største nettbokhandel med 30 % markedsandel innen 2030.",
            "Vår misjon er å bli Norges største nettbokhandel for [hvem dere betjener]",
        ),
        (
            "sv",
            "Vårt uppdrag är att bli Sveriges största nätbokhandel med 30 % marknadsandel till 2030.",
            "Vårt uppdrag är att bli Sveriges största nätbokhandel för [vilka ni betjänar]",
        ),
    ],
)
def test_the_users_mission_is_kept_and_only_the_gaps_are_filled(language: str, text: str, kept: str) -> None:
    result = rewrite(text, language)
    assert result.suggestions and result.suggestions[0].text.startswith(kept)
    assert all("30" not in s.text and "20" not in s.text for s in result.suggestions)  # the target went to the goals


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        # a buzzword in a list goes whole, with the comma that joined it: no "innovative, samarbejde og god løsninger"
        (
            "da",
            "Vi skaber innovative løsninger, samarbejde og værdi for vores kunder.",
            "Vi skaber samarbejde og værdi for vores kunder, så de kan [opnå hvad]. Det gør vi ved at [gøre hvad].",
        ),
        # modifiers and a whole prepositional phrase go with their "og"; the generic head they leave ("løsninger")
        # says nothing, so it becomes the gap for what is offered
        (
            "nb",
            "Vi leverer banebrytende og sømløse løsninger i verdensklasse.",
            "Vi leverer [hva dere tilbyr] for [hvem dere betjener], slik at de kan [oppnå hva]. Det gjør vi ved å [gjøre hva].",
        ),
        (
            "sv",
            "Vi levererar banbrytande och sömlösa lösningar i världsklass.",
            "Vi levererar [vad ni erbjuder] för [vilka ni betjänar], så att de kan [uppnå vad]. Det gör vi genom att [göra vad].",
        ),
        # the article follows the word that now comes after it ("an world-class" never appears)
        ("en", "We are a world-class, innovative bakery for families in Aarhus.", None),
    ],
)
def test_buzzwords_go_whole_and_grammar_stays_right(language: str, text: str, expected: str | None) -> None:
    result = rewrite(text, language)
    if expected is not None:
        assert result.suggestions and result.suggestions[0].text == expected
    for s in result.suggestions:
        assert " an w" not in s.text and " a i" not in s.text


def test_a_buzzword_that_heads_its_phrase_is_not_cut_out() -> None:
    # "leverantör av helhetslösningar" without its noun would read "leverantör av för …": no such suggestion
    result = rewrite("Vi är en innovativ och ledande leverantör av helhetslösningar.", "sv")
    assert all(" av för " not in s.text and " av." not in s.text for s in result.suggestions)


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "We are an innovative, world-class provider of synergistic solutions."),
        ("da", "Vi er en innovativ og førende leverandør af helhedsorienterede løsninger."),
        ("nb", "Vi er en innovativ og ledende leverandør av helhetlige løsninger."),
    ],
)
def test_a_provider_of_solutions_says_nothing_of_what_it_does(language: str, text: str) -> None:
    assert review(text, kind="mission", language=language).criteria["purpose"].status == "fail"


def test_every_mission_suggestion_passes_the_judge_and_keeps_the_users_words() -> None:
    texts = [
        ("da", "Vores mission er at blive Danmarks største online boghandel med 30 % markedsandel inden 2030."),
        ("en", "We leverage cutting-edge technology to deliver holistic solutions."),
        ("nb", "Vi leverer banebrytende og sømløse løsninger i verdensklasse."),
        ("sv", "Kvalitet och ärlighet för alla."),
    ]
    for language, text in texts:
        result = rewrite(text, language)
        for s in result.suggestions:
            verdict = judge(ENGINE, result.review, text, CONTEXT, s.text, s.assumptions)
            assert verdict.passed, (s.text, verdict.reasons)
            assert s.review.score < 1.0 or not s.placeholders  # gaps to fill never look done


def test_a_placeholder_only_purpose_or_audience_is_unknown_and_says_what_to_fill_in() -> None:
    result = review("Kvalitet og ærlighed for alle. Det gør vi ved at [hvad I gør].", kind="mission", language="da")
    assert result.criteria["purpose"].status == "unknown" and "[hvad I gør]" in result.criteria["purpose"].message
    result = review("We bake sourdough bread from local grain for [who you serve].", kind="mission", language="en")
    assert (
        result.criteria["customer_focus"].status == "unknown"
        and "[who you serve]" in result.criteria["customer_focus"].message
    )


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "en",
            "We leverage innovative, synergistic solutions to deliver world-class value to all our stakeholders.",
            "We use innovative [what you offer] to deliver value to all our stakeholders, so they can [achieve what].",
        ),
        (
            "da",
            "Vores mission er at være førende inden for digital transformation og skabe synergi mellem mennesker og teknologi.",
            "Vores mission er at være førende inden for digital transformation og skabe [sig det konkret, fx samarbejde] mellem mennesker og teknologi for [hvem I betjener], så de kan [opnå hvad].",
        ),
        (
            "nb",
            "Vi skaper innovative og bærekraftige løsninger som gir merverdi og synergi for våre interessenter.",
            "Vi skaper innovative og bærekraftige løsninger som gir [hva dere konkret mener] for våre interessenter, slik at de kan [oppnå hva].",
        ),
        (
            "sv",
            "Vi levererar innovativa och hållbara helhetslösningar som skapar mervärde och synergier för alla våra intressenter.",
            "Vi levererar innovativa och hållbara [vad ni erbjuder] som skapar [vad ni konkret menar] för alla våra intressenter.",
        ),
        (
            "sv",
            "Vår mission är att vara ledande inom digital transformation och skapa värde genom innovation och synergi.",
            "Vår mission är att vara ledande inom digital transformation och skapa värde genom innovation för [vilka ni betjänar], så att de kan [uppnå vad].",
        ),
    ],
)
def test_a_buzzword_mission_gets_a_suggestion_with_the_buzzwords_place_made_a_placeholder(
    language: str, text: str, expected: str
) -> None:
    # issue 9: a buzzword that heads its phrase ("helhetslösningar", "synergi mellem") has no grammatical drop;
    # its place asks for the plain word (the offer where it named one), a list of buzzwords becomes one gap
    result = rewrite(text, language)
    assert result.suggestions, result.note
    assert any(s.text.startswith(expected) for s in result.suggestions), [s.text for s in result.suggestions]
    for s in result.suggestions:
        assert s.review.criteria["plain_language"].status == "pass"
        assert judge(ENGINE, result.review, text, CONTEXT, s.text, s.assumptions).passed


MORBARN = (
    "Derfor ser vi det, som vores mission i foreningen, at hjælpe socialt og økonomisk udfordrede forsørgere i de "
    "perioder, hvor de har mest brug for en håndsrækning, så deres udfordringer ikke også bliver børnenes."
)


def test_a_long_mission_still_gets_its_value_sentence() -> None:
    # issue 9: the morbarn mission (34 words) + "Vi står for [en værdi, fx ærlighed]." was refused by the judge's
    # concise clause as 41 words: the placeholder is one word to fill, not four
    result = rewrite(MORBARN, "da")
    assert result.suggestions and result.suggestions[0].text.endswith("Vi står for [en værdi, fx ærlighed].")
    assert result.suggestions[0].review.criteria["concise"].status == "pass"


@pytest.mark.parametrize(
    ("language", "frame"),
    [
        ("en", "We bake bread {words}. We stand for [a value, e.g. honesty]."),
        ("da", "Vi bager brød {words}. Vi står for [en værdi, fx ærlighed]."),
        ("nb", "Vi baker brød {words}. Vi står for [en verdi, f.eks. ærlighet]."),
        ("sv", "Vi bakar bröd {words}. Vi står för [ett värde, t.ex. ärlighet]."),
    ],
)
def test_the_placeholder_counts_as_one_word(language: str, frame: str) -> None:
    # 3 + 33 + 3 words and one placeholder: 40, within the limit; with the hint's words counted it was 42-43
    text = frame.format(words=" ".join(["x"] * 33))
    assert review(text, kind="mission", language=language).criteria["concise"].status == "pass"
    longer = frame.format(words=" ".join(["x"] * 34))  # 41: too long, and the finding starts at a real word
    result = review(longer, kind="mission", language=language)
    assert result.criteria["concise"].status == "fail"
    finding = next(f for f in result.findings if f.rule == "mission.concise.too-long")
    assert longer[finding.offset :].startswith("[") or longer[finding.offset].isalpha()


@pytest.mark.parametrize(
    ("language", "text"),
    [
        (
            "en",
            "We bake sourdough bread by hand from organic flour for families in Leeds, so they can eat well every day – the only bakery in town that mills its own grain.",
        ),
        (
            "da",
            "Vi bager surdejsbrød af økologisk mel til familierne i Aarhus, så de kan spise godt hver dag – som det eneste bageri i byen maler vi selv vores korn.",
        ),
        (
            "nb",
            "Vi reparerer sykler for pendlere i Bergen til faste priser og med ærlige råd, slik at ingen mister en dag på sykkelen – som de eneste henter vi sykkelen på arbeidsplassen.",
        ),
        (
            "sv",
            "Vi bakar surdegsbröd på ekologiskt mjöl åt familjerna i Uppsala, så att de kan äta gott varje dag – som det enda bageriet i stan maler vi vårt eget spannmål.",
        ),
        ("en", "To give people in Leeds honest, affordable legal advice, so they can stand up for their rights."),
    ],
)
def test_an_unknown_distinctive_alone_needs_no_rewrite(language: str, text: str) -> None:
    # needed = a criterion fails or a required one (concise, purpose, plain language, timeless) is unknown
    result = rewrite(text, language)
    if any(c.status == "fail" for c in result.review.criteria.values()):
        pytest.skip("fails a criterion")
    assert result.needed is False and result.suggestions == [] and result.note


@pytest.mark.parametrize(
    ("language", "word"), [("en", "checks"), ("da", "kontrollen"), ("nb", "kontrollen"), ("sv", "kontrollen")]
)
def test_needed_but_nothing_passes_the_judge_says_what_to_do(language: str, word: str) -> None:
    # three sentences of facts about the firm: no candidate keeps the user's words and passes; the note says
    # what to do, in the user's language
    text = {
        "en": "Our employees are our pride. We were founded in 1990. We have offices in five cities.",
        "da": "Vores medarbejdere er vores stolthed. Vi blev grundlagt i 1990. Vi har kontorer i fem byer.",
        "nb": "Våre ansatte er vår stolthet. Vi ble grunnlagt i 1990. Vi har kontorer i fem byer.",
        "sv": "Våra medarbetare är vår stolthet. Vi grundades 1990. Vi har kontor i fem städer.",
    }[language]
    result = rewrite(text, language)
    if result.suggestions:
        pytest.skip("a suggestion passed")
    assert result.needed is True and result.note and word in result.note


@pytest.mark.parametrize(
    ("language", "clause"),
    [
        ("en", ", so they can [achieve what]."),
        ("da", ", så de kan [opnå hvad]."),
        ("nb", ", slik at de kan [oppnå hva]."),
        ("sv", ", så att de kan [uppnå vad]."),
    ],
)
def test_the_benefit_gap_follows_can_with_a_verb(language: str, clause: str) -> None:
    # issue 9: "so that they [what they get]" read awkwardly; a modal takes a verb, as the good missions read
    text = {
        "en": "We bake sourdough bread from organic flour.",
        "da": "Vi bager surdejsbrød af økologisk mel.",
        "nb": "Vi baker surdeigsbrød av økologisk mel.",
        "sv": "Vi bakar surdegsbröd på ekologiskt mjöl.",
    }[language]
    result = rewrite(text, language)
    assert any(clause in s.text for s in result.suggestions), [s.text for s in result.suggestions]


@pytest.mark.parametrize(
    ("language", "text", "kept"),
    [
        ("en", "We help refugees in more than 35 countries and protect people on the run.", "more than 35 countries"),
        (
            "da",
            "Organisationen hjælper flygtninge i mere end 35 lande og beskytter mennesker på flugt.",
            "mere end 35 lande",
        ),
        ("nb", "Vi hjelper flyktninger i mer enn 35 land og beskytter mennesker på flukt.", "mer enn 35 land"),
        ("sv", "Vi hjälper flyktingar i mer än 35 länder och skyddar människor på flykt.", "mer än 35 länder"),
    ],
)
def test_more_than_a_number_is_a_size_not_a_target(language: str, text: str, kept: str) -> None:
    # "i mere end 35 lande" was taken out as a target, leaving "i mere end lande"
    result = rewrite(text, language)
    assert result.review.criteria["timeless"].status == "pass"
    assert all(kept in s.text for s in result.suggestions)


def test_more_customers_next_to_a_count_is_still_a_target() -> None:
    assert (
        review("We want 500 more customers in our shop.", kind="mission", language="en").criteria["timeless"].status
        == "fail"
    )
