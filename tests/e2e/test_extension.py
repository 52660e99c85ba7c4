"""The browser extension, unpacked in Chromium: "Review goal" on text selected in a page opens the side panel
with the playground's view; Replace writes a suggestion into a textarea, an input and a contenteditable;
clear messages when the service is down or refuses the key; the options page's Test connection."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from tests.conftest import Server, free_port
from tests.e2e.conftest import KEY, Extension, Panel, publish, shot_path, side_by_side


@pytest.fixture()
def editor(extension: Extension, pages_url: str) -> Iterator[Page]:
    page = extension.context.new_page()
    page.goto(f"{pages_url}/editor.html")
    yield page
    page.close()


def select_field(page: Page, selector: str, start: int | None = None, end: int | None = None) -> str:
    return page.evaluate("""([selector, start, end]) => {
        const el = document.querySelector(selector);
        el.focus();
        el.setSelectionRange(start ?? 0, end ?? el.value.length);
        return el.value.slice(start ?? 0, end ?? el.value.length);
    }""", [selector, start, end])


def select_contents(page: Page, selector: str) -> str:
    return page.evaluate("""selector => {
        const el = document.querySelector(selector);
        const range = document.createRange();
        range.selectNodeContents(el);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        return getSelection().toString();
    }""", selector)


def reviewed(extension: Extension, page: Page, text: str, suggestions: bool = True) -> Panel:
    """Trigger "Review goal" and wait until the panel shows the review (and suggestions) of exactly `text`."""
    panel = extension.review_goal(page)
    panel.wait(f"document.querySelector('[data-testid=text-input]').value === {json.dumps(text)}")
    panel.wait("!document.querySelector('[data-testid=results]').hidden")
    if suggestions:
        panel.wait("!document.querySelector('[data-testid=suggestions]').hidden "
                   "&& document.querySelectorAll('[data-testid=suggestion]').length > 0")
    panel.wait("!document.querySelector('[data-testid=reviewer]').hasAttribute('aria-busy')")
    return panel


def error_after_review(extension: Extension, page: Page, starts: str) -> str:
    """Trigger "Review goal" and wait for the panel's error message that starts with `starts`."""
    panel = extension.review_goal(page)
    panel.wait(f"document.querySelector('[data-testid=error]').textContent.startsWith({json.dumps(starts)}) "
               "&& !document.querySelector('[data-testid=error]').hidden")
    return panel.eval("document.querySelector('[data-testid=error]').textContent")


def panel_hidden(panel: Panel, testid: str) -> bool:
    return panel.eval(f"document.querySelector('[data-testid={testid}]').hidden")


def statuses(panel: Panel) -> dict[str, str]:
    return panel.eval("Object.fromEntries([...document.querySelectorAll('[data-testid^=criterion-]')]"
                      ".map(e => [e.dataset.testid.slice(10), e.dataset.status]))")


def replace_with_first(panel: Panel) -> str:
    text = panel.eval("document.querySelector('[data-testid=suggestion] [data-testid=suggestion-text]').textContent")
    panel.click("[data-testid=suggestion] [data-testid=replace-button]")
    panel.wait("document.querySelector('[data-testid=status]').textContent.length > 0")
    return text


def test_review_selection_and_replace_in_textarea_input_and_contenteditable(
        extension: Extension, service: Server, editor: Page) -> None:
    extension.configure(service.url)
    assert extension.worker.evaluate("chrome.permissions.getAll()")["origins"] == []  # nothing up front

    # A textarea: the selected goal, reviewed in the panel with the playground's view, then replaced.
    text = select_field(editor, "#goal")
    panel = reviewed(extension, editor, text)
    shown = statuses(panel)
    assert set(shown) == {"specific", "measurable", "achievable", "relevant", "time_bound"}
    assert shown["specific"] == shown["measurable"] == shown["time_bound"] == "fail"
    assert panel.eval("document.querySelectorAll('[data-testid=finding]').length") >= 2
    assert panel.eval("document.querySelector('[data-testid=source]').textContent") == "From: Quarterly plan (test page)"
    assert panel.eval("document.querySelectorAll('[data-testid=placeholder]').length") > 0
    panel.screenshot(shot_path("extension-panel-full.png"))
    new = replace_with_first(panel)
    expect(editor.locator("#goal")).to_have_value(new)
    assert new != text and "[" in new
    expect(editor.locator("#log")).to_contain_text("goal")  # the page saw an input event
    assert panel.eval("document.querySelector('[data-testid=status]').textContent") == "Replaced in the page."
    editor.set_viewport_size({"width": 760, "height": 1180})
    publish(side_by_side(extension.context, editor.screenshot(path=shot_path("extension-replaced-textarea.png")) and
                         shot_path("extension-replaced-textarea.png"), panel.screenshot(shot_path("extension-panel-after.png")),
                         shot_path("extension.png"), 1180))

    # Part of a one-line input, in Danish: only the selection is replaced.
    whole = editor.locator("#subject").input_value()
    text = select_field(editor, "#subject", 0, len(whole))
    panel = reviewed(extension, editor, text)
    assert panel.eval("document.querySelector('[data-testid=summary]').textContent").endswith("Danish")
    new = replace_with_first(panel)
    expect(editor.locator("#subject")).to_have_value(new)

    # A contenteditable, the selection inside its markup.
    text = select_contents(editor, "#note b")
    assert text == "Get more followers"
    panel = reviewed(extension, editor, text)
    new = replace_with_first(panel)
    expect(editor.locator("#note")).to_have_text(f"Notes: {new} soon.")
    # Replace again: the replaced text is replaced, not added to (the offline rewriter makes one suggestion here).
    panel.click("[data-testid=suggestion] [data-testid=replace-button]")
    expect(editor.locator("#note")).to_have_text(f"Notes: {new} soon.")
    editor.screenshot(path=shot_path("extension-replaced-contenteditable.png"))


def test_text_outside_a_field_is_reviewed_and_copy_is_offered(
        extension: Extension, service: Server, editor: Page) -> None:
    extension.configure(service.url)
    text = select_contents(editor, "#plain")
    panel = reviewed(extension, editor, text)
    assert panel.eval("document.querySelector('[data-testid=summary]').textContent").startswith("Reviewed as a mission")
    assert panel.eval("document.querySelectorAll('[data-testid=replace-button]').length") == 0
    assert panel.eval("document.querySelectorAll('[data-testid=copy-button]').length") > 0


def test_clear_message_when_the_service_is_down(extension: Extension, editor: Page) -> None:
    down = f"http://127.0.0.1:{free_port()}"
    extension.configure(down)
    select_field(editor, "#goal")
    message = error_after_review(extension, editor, "Can't reach")
    assert message == f"Can't reach the reviewer at {down}. Check that the service is running and the address is right."
    panel = extension.panel()
    assert panel.eval("!document.querySelector('[data-testid=options-link]').hidden")
    panel.screenshot(shot_path("extension-service-down.png"))


def test_clear_message_when_the_key_is_refused(extension: Extension, keyed: Server, editor: Page) -> None:
    extension.configure(keyed.url, "a-wrong-key")
    select_field(editor, "#goal")
    message = error_after_review(extension, editor, "The service did not accept the API key")
    assert message == "The service did not accept the API key. Check the key and try again."  # by type, not detail
    assert panel_hidden(extension.panel(), "results") and panel_hidden(extension.panel(), "suggestions")
    panel = extension.panel()
    assert panel.eval("!document.querySelector('[data-testid=options-link]').hidden")
    panel.screenshot(shot_path("extension-key-refused.png"))

    extension.configure(keyed.url, KEY)  # the right key: the same text is reviewed
    text = select_field(editor, "#goal")
    panel = reviewed(extension, editor, text)
    assert panel.eval("document.querySelector('[data-testid=error]').hidden")


def test_options_save_and_test_connection(extension: Extension, keyed: Server, service: Server) -> None:
    page = extension.page("options.html")
    expect(page.get_by_test_id("cors-hint")).to_contain_text(extension.origin)
    page.get_by_test_id("api-base").fill(keyed.url + "/")
    page.get_by_test_id("api-key").fill("nope")
    page.get_by_test_id("test-button").click()
    expect(page.get_by_test_id("options-error")).to_contain_text("did not accept the API key")
    page.get_by_test_id("api-key").fill(KEY)
    page.get_by_test_id("test-button").click()
    expect(page.get_by_test_id("options-status")).to_have_text(
        f"Connected to reviewer 0.1.0 at {keyed.url}. The key works.")
    page.get_by_test_id("save-button").click()
    expect(page.get_by_test_id("options-status")).to_contain_text("Allow access to")
    stored = extension.worker.evaluate("chrome.storage.local.get(null)")
    assert stored == {"apiBase": keyed.url, "apiKey": KEY}
    page.screenshot(path=shot_path("extension-options.png"), full_page=True)

    page.get_by_test_id("api-base").fill(service.url)
    page.get_by_test_id("api-key").fill("")
    page.get_by_test_id("test-button").click()
    expect(page.get_by_test_id("options-status")).to_contain_text("This service needs no key.")
    page.get_by_test_id("api-base").fill("ftp://example")
    page.get_by_test_id("test-button").click()
    expect(page.get_by_test_id("options-error")).to_contain_text("http://")
    page.close()
