"""The API's problem+json errors, shown in the interface's language (chosen from the browser's languages) in
real Chromium against real `reviewer serve` processes: the message is picked by the problem's `type`, never by
its English `detail`, and a refused language is named in the interface's language."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, Response, expect

from tests.conftest import Server
from tests.e2e.conftest import CHROMIUM, FLAGS, KEY

GERMAN = ("Wir wollen im nächsten Jahr deutlich mehr Kunden gewinnen und unseren Umsatz in allen Regionen "
          "spürbar steigern, damit das Unternehmen weiter wachsen kann.")


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
    yield browser
    browser.close()


def open_page(browser: Browser, url: str, locale: str) -> tuple[Page, list[str]]:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" and "status of" not in m.text else None)
    page.on("pageerror", lambda e: problems.append(str(e)))  # a CSP violation or a script error
    page.goto(url + "/")
    return page, problems


@pytest.mark.parametrize(("locale", "message"), [
    ("da-DK", "Teksten ser ud til at være tysk. Vi kan gennemgå dansk, engelsk, norsk (bokmål) og svensk."),
    ("nb-NO", "Teksten ser ut til å være på tysk. Vi kan gjennomgå dansk, engelsk, norsk (bokmål) og svensk."),
    ("sv-SE", "Texten verkar vara på tyska. Vi kan granska danska, engelska, norska (bokmål) och svenska."),
    ("en-GB", "The text seems to be in German. We can review Danish, English, Norwegian (bokmål) and Swedish."),
])
def test_german_text_is_refused_in_the_interfaces_language(browser: Browser, server: Server, locale: str,
                                                            message: str) -> None:
    page, problems = open_page(browser, server.url, locale)
    with page.expect_response(lambda r: r.url.endswith("/v1/review")) as answer:
        page.get_by_test_id("text-input").fill(GERMAN)
    response: Response = answer.value
    assert response.status == 422 and response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detected"] == "German"  # the API's detail stays English; the page does not show it
    expect(page.get_by_test_id("error")).to_have_text(message, timeout=10_000)
    expect(page.get_by_test_id("results")).to_be_hidden()
    assert problems == []
    page.context.close()


def test_an_unknown_refused_language_falls_back_to_its_english_name(browser: Browser, server: Server) -> None:
    page, _ = open_page(browser, server.url, "da-DK")
    page.route("**/v1/review", lambda route: route.fulfill(
        status=422, headers={"content-type": "application/problem+json"},
        body='{"type": "https://reviewer.invalid/problems/unsupported-language", "status": 422, '
             '"detail": "x", "detected": "Klingon", "supported": ["da", "sv"]}'))
    page.get_by_test_id("text-input").fill("Qapla' batlh Daqawlu'taH")
    expect(page.get_by_test_id("error")).to_have_text(
        "Teksten ser ud til at være Klingon. Vi kan gennemgå dansk og svensk.", timeout=10_000)
    page.context.close()


@pytest.fixture(scope="module")
def limited() -> Iterator[Server]:
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_RATE_LIMIT": "1"})
    yield srv
    srv.stop()


def test_a_rate_limit_says_how_long_to_wait_in_the_interfaces_language(browser: Browser, limited: Server) -> None:
    page, problems = open_page(browser, limited.url, "da-DK")
    with page.expect_response(lambda r: r.url.endswith("/v1/review")) as first:
        page.get_by_test_id("text-input").fill("Få flere kunder")
    assert first.value.status == 200
    expect(page.get_by_test_id("results")).to_be_visible(timeout=10_000)
    with page.expect_response(lambda r: r.url.endswith("/v1/review")) as second:
        page.get_by_test_id("review-button").click()
    refused: Response = second.value
    assert refused.status == 429 and refused.json()["type"].endswith("/rate-limited")
    wait = int(refused.headers["retry-after"])
    assert wait > 1
    expect(page.get_by_test_id("error")).to_have_text(
        f"Du har sendt mange forespørgsler. Prøv igen om {wait} sekunder.", timeout=10_000)
    expect(page.get_by_test_id("results")).to_be_hidden()
    assert problems == []
    page.context.close()


@pytest.fixture(scope="module")
def keyed_playground() -> Iterator[Server]:
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_API_KEYS": KEY, "REVIEWER_RATE_LIMIT": "0"})
    yield srv
    srv.stop()


def test_the_playground_asks_for_a_key_and_says_when_it_is_wrong(browser: Browser, keyed_playground: Server) -> None:
    page, problems = open_page(browser, keyed_playground.url, "sv-SE")
    key = page.get_by_test_id("api-key")
    expect(key).to_be_visible()  # the service needs a key: the page asks for one
    page.get_by_test_id("text-input").fill("Öka försäljningen")
    expect(page.get_by_test_id("error")).to_have_text(
        "Tjänsten kräver en API-nyckel. Skriv in din nyckel och försök igen.", timeout=10_000)
    key.fill("a-wrong-key")
    key.dispatch_event("change")
    expect(page.get_by_test_id("error")).to_have_text(
        "Tjänsten godtog inte API-nyckeln. Kontrollera nyckeln och försök igen.", timeout=10_000)
    key.fill(KEY)
    key.dispatch_event("change")
    expect(page.get_by_test_id("results")).to_be_visible(timeout=10_000)
    expect(page.get_by_test_id("error")).to_be_hidden()
    assert not re.search(r"API key|not accepted", page.get_by_test_id("reviewer").inner_text())
    assert problems == []
    page.context.close()
