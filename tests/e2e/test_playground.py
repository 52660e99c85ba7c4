"""The playground at /, in Chromium: review as you type in two languages, statuses and underlines as the API
says, the message on hover and on keyboard focus, rewrite suggestions with placeholders and a working Copy."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.conftest import Server
from tests.e2e.conftest import CHROMIUM, FLAGS, publish, shot_path

TODAY = "2026-03-01"
CASES = {
    # locale: (UI word on the Review button, vague goal, SMART goal)
    "en-US": ("Review", "Get more customers",
              "Increase newsletter sign-ups from 400 to 600 a month by 30 June 2026, to fill the sales pipeline"),
    "da-DK": ("Gennemgå", "Få flere kunder",
              ("Øge antallet af nyhedsbrevstilmeldinger fra 400 til 600 om måneden inden 30. juni 2026 "
               "for at fylde salgspipelinen")),
}


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
    yield browser
    browser.close()


def open_playground(browser: Browser, server: Server, locale: str) -> tuple[Page, list[str]]:
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(server.url + "/")
    page.click(".rv-context summary")
    page.fill("[data-testid=context-today]", TODAY)
    return page, problems


def api_review(server: Server, text: str) -> dict[str, Any]:
    r = httpx.post(f"{server.url}/v1/review", json={"text": text, "context": {"today": TODAY}}, timeout=20)
    assert r.status_code == 200, r.text
    return r.json()


def type_and_wait(page: Page, text: str) -> None:
    """Type the text (no button): the debounced review must come by itself, for exactly this text."""
    box = page.get_by_test_id("text-input")
    box.fill("")
    box.press_sequentially(text[:-4], delay=2)
    box.press_sequentially(text[-4:], delay=60)  # keystrokes inside the debounce: one review, at the end
    expect(page.get_by_test_id("results")).to_be_visible(timeout=10_000)
    page.wait_for_function("() => !document.querySelector('[data-testid=reviewer]').hasAttribute('aria-busy')")
    expect(page.get_by_test_id("annotated")).to_have_text(text)


def check_against_api(page: Page, text: str, review: dict[str, Any]) -> None:
    for name, result in review["criteria"].items():
        item = page.get_by_test_id(f"criterion-{name}")
        expect(item).to_have_attribute("data-status", result["status"])
        expect(item).to_contain_text(result["message"])
    marks = page.eval_on_selector_all(
        "[data-testid=finding]", "els => els.map(e => ({text: e.textContent, rules: e.dataset.rules.split(' ')}))")
    whole = (len(text) - len(text.lstrip()), len(text.rstrip()))
    for f in review["findings"]:
        if f["offset"] <= whole[0] and f["offset"] + f["length"] >= whole[1]:
            continue  # about the whole text: the criterion (or the notes) says it
        underlined = "".join(m["text"] for m in marks if f["rule"] in m["rules"])
        assert underlined.strip() == text[f["offset"]: f["offset"] + f["length"]].strip(), (f, marks)


@pytest.mark.parametrize("locale", list(CASES))
def test_reviews_a_vague_and_a_smart_goal(browser: Browser, server: Server, locale: str) -> None:
    button, vague, smart = CASES[locale]
    page, problems = open_playground(browser, server, locale)
    expect(page.get_by_test_id("review-button")).to_have_text(button)  # the interface follows the browser

    type_and_wait(page, vague)
    review = api_review(server, vague)
    assert review["language"] == locale[:2]
    check_against_api(page, vague, review)
    for name in ("specific", "measurable", "time_bound"):
        expect(page.get_by_test_id(f"criterion-{name}")).to_have_attribute("data-status", "fail")
    spans = [f for f in review["findings"] if f["length"] < len(vague.strip())]
    assert spans, review["findings"]
    finding = spans[0]
    mark = page.locator("[data-testid=finding]", has_text=vague[finding["offset"]:][:finding["length"]]).first
    expect(mark).to_have_attribute("data-rules", re.compile(re.escape(finding["rule"])))
    mark.hover()
    expect(page.get_by_test_id("tooltip")).to_be_visible()
    expect(page.get_by_test_id("tooltip")).to_contain_text(finding["message"])
    page.mouse.move(0, 0)
    expect(page.get_by_test_id("tooltip")).to_be_hidden()
    page.get_by_test_id("finding").first.focus()  # the keyboard gets the message too
    expect(page.get_by_test_id("tooltip")).to_be_visible()
    page.screenshot(path=shot_path(f"playground-vague-{locale}.png"), full_page=True)

    type_and_wait(page, smart)
    review = api_review(server, smart)
    check_against_api(page, smart, review)
    assert {c["status"] for c in review["criteria"].values()} == {"pass"}
    for name in review["criteria"]:
        expect(page.get_by_test_id(f"criterion-{name}")).to_have_attribute("data-status", "pass")
    expect(page.get_by_test_id("finding")).to_have_count(0)
    page.screenshot(path=shot_path(f"playground-smart-{locale}.png"), full_page=True)
    assert problems == []
    page.context.close()


def test_rewrite_suggestions_appear_and_copy(browser: Browser, server: Server) -> None:
    page, problems = open_playground(browser, server, "en-US")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    page.get_by_test_id("text-input").fill("Get more customers")
    page.get_by_test_id("rewrite-button").click()
    suggestions = page.get_by_test_id("suggestion")
    expect(suggestions.first).to_be_visible(timeout=10_000)
    answer = httpx.post(f"{server.url}/v1/rewrite", json={"text": "Get more customers", "context": {"today": TODAY},
                                                         "max_suggestions": 3}, timeout=20).json()
    assert answer["suggestions"]
    expect(suggestions).to_have_count(len(answer["suggestions"]))
    for i, suggestion in enumerate(answer["suggestions"]):
        card = suggestions.nth(i)
        expect(card.get_by_test_id("suggestion-text")).to_have_text(suggestion["text"])
        placeholders = card.get_by_test_id("placeholder")
        expect(placeholders).to_have_count(sum(suggestion["text"].count(p) for p in set(suggestion["placeholders"])))
        for name, result in suggestion["review"]["criteria"].items():  # its own letters
            expect(card.get_by_test_id(f"suggestion-criterion-{name}")).to_have_attribute("data-status", result["status"])
    assert any(s["placeholders"] for s in answer["suggestions"])
    expect(page.get_by_test_id("suggestions-note")).to_contain_text("placeholders")

    first = suggestions.first
    first.get_by_test_id("copy-button").click()
    expect(first.get_by_test_id("copy-button")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == answer["suggestions"][0]["text"]

    page.locator("[data-testid=finding]", has_text="more").hover()
    expect(page.get_by_test_id("tooltip")).to_be_visible()
    path = page.screenshot(path=shot_path("playground.png"), full_page=True) and shot_path("playground.png")
    publish(path)
    assert problems == []
    page.context.close()


def test_the_page_works_offline_and_under_its_csp(browser: Browser, server: Server) -> None:
    """Everything the page loads comes from the service itself; the CSP allows no inline script."""
    context = browser.new_context()
    page = context.new_page()
    origins: set[str] = set()
    page.on("request", lambda r: origins.add(r.url.split("/")[2]) if r.url.startswith("http") else None)
    response = page.goto(server.url + "/")
    assert response is not None
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    page.get_by_test_id("text-input").fill("Get more customers")
    expect(page.get_by_test_id("criterion-time_bound")).to_have_attribute("data-status", "fail", timeout=10_000)
    assert origins == {server.url.split("/")[2]}
    context.close()


P = "https://reviewer.invalid/problems/"


@pytest.mark.parametrize(("status", "headers", "body", "message"), [
    (429, {"Retry-After": "7"}, {"type": P + "rate-limited", "status": 429, "detail": "rate limit"},
     "You have sent many requests. Try again in 7 seconds."),
    (429, {"Retry-After": "1"}, {"type": P + "rate-limited", "status": 429, "detail": "rate limit"},
     "You have sent many requests. Try again in 1 second."),
    (503, {"Retry-After": "3"}, {"type": P + "busy", "status": 503, "detail": "busy"},
     "The service is busy. Try again in 3 seconds."),
    (503, {"Retry-After": "5"}, {"type": P + "time-budget", "status": 503, "detail": "stopped"},
     "The review took too long and was stopped. Try again in 5 seconds, perhaps with a shorter text."),
    (413, {}, {"type": P + "body-too-large", "status": 413, "detail": "too large"},
     "The text is too long for the service (over 1 MB)."),
    (401, {}, {"type": P + "api-key", "status": 401, "detail": "missing API key"},
     "The service needs an API key. Enter your key and try again."),
    (503, {"Retry-After": "3"}, {"status_code": 503, "detail": "busy"},  # no type (an older service): by status
     "The service is busy. Try again in 3 seconds."),
])
def test_clear_messages_for_limits_and_refusals(browser: Browser, server: Server, status: int, headers: dict[str, str],
                                                body: dict[str, Any], message: str) -> None:
    """The answers a public service gives (issue 11: rate limits, keys), faked in the browser: the shared view
    (the extension's too) says what to do."""
    page, _ = open_playground(browser, server, "en-US")
    page.route("**/v1/review", lambda route: route.fulfill(
        status=status, headers={"content-type": "application/problem+json", **headers}, body=json.dumps(body)))
    page.get_by_test_id("text-input").fill("Get more customers")
    expect(page.get_by_test_id("error")).to_have_text(message, timeout=10_000)
    expect(page.get_by_test_id("results")).to_be_hidden()
    page.context.close()


def test_the_services_400_detail_is_shown(browser: Browser, server: Server) -> None:
    page, _ = open_playground(browser, server, "en-US")
    page.get_by_test_id("text-input").fill("Grow sales by 10% by Q4. " * 401)  # 10,025 characters
    expect(page.get_by_test_id("error")).to_contain_text(
        "The service could not review this text: “text”: String should have at most 10000 characters", timeout=10_000)
    page.screenshot(path=shot_path("playground-too-long.png"))
    page.context.close()
