"""Mission purpose and audience are read from the sentence (reviewer/mission_reading.py), not from its first
words: how the purpose is introduced, where it stands, who is served and whether they get something."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer import review
from reviewer.models import Context

TODAY = Context(today=dt.date(2026, 3, 1))


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("da", "Kommunen har som formål at skabe trygge rammer for børn og unge, så de kan trives og lære."),
        ("da", "Novo Nordisk driver forandring for at besejre diabetes og andre alvorlige kroniske sygdomme."),
        ("sv", "Vårt uppdrag är att ge invånarna i kommunen god service och en trygg vardag."),
        ("sv", "Föreningen har som syfte att stödja medlemmarna i deras arbete."),
        ("en", "Our purpose is to improve the quality of life for all residents of the city."),
        ("en", "We're in business to save our home planet."),
        ("en", "The American Red Cross prevents and alleviates human suffering in the face of emergencies."),
        ("nb", "Kommunen skal gi innbyggerne gode tjenester og legge til rette for et aktivt lokalsamfunn."),
        ("nb", "Foreningen har som formål å fremme interessene til medlemmene."),
    ],
)
def test_purpose_however_introduced_is_a_mission_with_a_purpose(code: str, text: str) -> None:
    result = review(text, language=code, context=TODAY)
    assert result.kind == "mission"
    assert result.criteria["purpose"].status == "pass"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("da", "Vores formål er at give småbørnsfamilier mere tid sammen i hverdagen."),
        ("da", "Vi hjælper ældre borgere med at blive boende i eget hjem så længe som muligt."),
        ("en", "We exist to help people in need rebuild their lives."),
        ("en", "Our purpose is to improve the quality of life for all residents of the city."),
        ("nb", "Vårt oppdrag er å sikre at innbyggerne får gode og trygge helsetjenester."),
        ("nb", "Kirkens Bymisjon skal hjelpe, forebygge og lindre nød blant mennesker i byen."),
        ("sv", "Vårt uppdrag är att ge invånarna i kommunen god service och en trygg vardag."),
        ("sv", "Föreningen har som syfte att stödja medlemmarna i deras arbete."),
    ],
)
def test_groups_and_compounds_are_served(code: str, text: str) -> None:
    result = review(text, kind="mission", language=code, context=TODAY)
    assert result.criteria["customer_focus"].status == "pass", result.criteria["customer_focus"].message
    assert result.extracted.audience is not None


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "We create value for our customers through innovative solutions."),
        ("da", "Vi skaber værdi for vores kunder."),
        ("nb", "Vi skaper verdier for våre kunder gjennom innovative løsninger."),
        ("sv", "Vi skapar värde för våra kunder."),
    ],
)
def test_a_generic_value_claim_passes_neither_purpose_nor_customer_focus(code: str, text: str) -> None:
    result = review(text, language=code, context=TODAY)
    assert result.kind == "mission"
    assert result.criteria["purpose"].status == "fail"
    assert result.criteria["customer_focus"].status == "fail"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "We bake bread every morning, and our employees are our pride."),
        ("en", "We make a meal-planning app and want 100,000 users."),
        ("da", "Vi laver en app til madplaner og vil have 100.000 brugere."),
        ("sv", "Vi bakar bröd varje morgon, och våra medarbetare är vår stolthet."),
    ],
)
def test_a_person_noun_alone_is_not_customer_focus(code: str, text: str) -> None:
    result = review(text, kind="mission", language=code, context=TODAY)
    assert result.criteria["purpose"].status == "pass"
    assert result.criteria["customer_focus"].status == "fail"


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("en", "Acme sells 500 more bikes by June 2027."),
        ("da", "Café Nord sælger 500 kager i december."),
        ("en", "Strengthen our brand this year."),
        ("sv", "att öka varumärkesmedvetenheten hos din målgrupp med 10 % under de kommande sex månaderna"),
        ("da", "Nu åbner butikken en ny afdeling i Odense inden 1. oktober."),
        ("da", "Vores mission er at fordoble antallet af kunder inden udgangen af 2027."),
    ],
)
def test_goals_and_targets_are_not_read_as_purposes(code: str, text: str) -> None:
    result = review(text, language=code, context=TODAY)
    if result.kind == "mission":  # a mission that only states a target (the last case) has no purpose
        assert result.criteria["purpose"].status == "fail"
    else:
        assert result.kind == "goal"
