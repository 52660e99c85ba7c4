"""The playground works under its Content-Security-Policy in Chromium: reviewing, rewriting and showing a
refusal (a problem+json answer) report no CSP violation. A positive control (an inline script injected on
purpose) proves that a violation would be seen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, expect

from tests.conftest import Server
from tests.e2e.conftest import CHROMIUM, FLAGS

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
"""


@pytest.fixture(scope="module")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
    yield browser
    browser.close()


def _open(browser: Browser, server: Server) -> tuple[Page, list[str]]:
    page = browser.new_context(locale="en-US").new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    page.add_init_script(WATCH)
    page.goto(server.url + "/")
    return page, console


def test_the_playground_reports_no_csp_violation(browser: Browser, server: Server) -> None:
    page, console = _open(browser, server)
    box = page.get_by_test_id("text-input")
    box.fill("Get more customers")
    expect(page.get_by_test_id("criterion-time_bound")).to_have_attribute("data-status", "fail", timeout=10_000)
    page.get_by_test_id("finding").first.hover()  # the tooltip is placed through CSSOM, which the CSP allows
    page.get_by_test_id("rewrite-button").click()
    expect(page.get_by_test_id("suggestions")).to_be_visible(timeout=20_000)
    box.fill("Grow sales. " * 900)  # 10,800 characters: the service's 400 problem, shown in the page
    expect(page.get_by_test_id("error")).to_contain_text("“text”: String should have at most 10000", timeout=10_000)
    assert page.evaluate("window.__violations") == [] and console == []
    page.context.close()


def test_a_violation_would_be_seen(browser: Browser, server: Server) -> None:
    page, console = _open(browser, server)
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.ran = 1";
                             document.head.append(s); }""")
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.ran") is None  # the inline script was blocked
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
    assert any("Content Security Policy" in text for text in console)
    page.context.close()
