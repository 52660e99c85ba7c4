"""CORS in a real browser: a page on an origin not in REVIEWER_CORS_ORIGINS cannot read the API's answers; the
extension's origin, listed there, can (with no host permission granted); the service's own pages can."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.conftest import Server
from tests.e2e.conftest import Extension

READ = """async ([url, key]) => {
    try {
        const headers = {"content-type": "application/json"};
        if (key) headers["x-api-key"] = key;
        const r = await fetch(url + "/v1/review", {method: "POST", headers, body: JSON.stringify({text: "Get more customers"})});
        const body = await r.json();
        return "read " + r.status + " " + body.kind;
    } catch (error) {
        return "blocked: " + error.name;
    }
}"""
HEALTH = """async url => {
    try { return "read " + (await (await fetch(url + "/health")).json()).status; }
    catch (error) { return "blocked: " + error.name; }
}"""


def test_other_origins_cannot_read_the_extension_and_the_service_itself_can(
        extension: Extension, service: Server, server: Server, pages_url: str) -> None:
    elsewhere: Page = extension.context.new_page()
    elsewhere.goto(f"{pages_url}/cors.html")
    assert elsewhere.evaluate(READ, [service.url, ""]) == "blocked: TypeError"  # the preflight is refused
    assert elsewhere.evaluate(HEALTH, service.url) == "blocked: TypeError"  # a simple GET: sent, not readable
    elsewhere.close()

    assert extension.worker.evaluate("chrome.permissions.getAll()")["origins"] == []
    options = extension.page("options.html")
    assert options.evaluate(READ, [service.url, ""]) == "read 200 goal"  # listed in REVIEWER_CORS_ORIGINS
    assert options.evaluate(READ, [server.url, ""]) == "blocked: TypeError"  # a service that does not list it
    options.close()

    own = extension.context.new_page()
    own.goto(f"{service.url}/")
    assert own.evaluate(READ, [service.url, ""]) == "read 200 goal"
    assert own.evaluate(READ, [service.url.replace("127.0.0.1", "localhost"), ""]) == "blocked: TypeError"
    own.close()
