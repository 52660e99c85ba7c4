"""Real Chromium (Debian's /usr/bin/chromium, installed by `make setup`) driven by Playwright, against real
`reviewer serve` processes on loopback.

Playwright never downloads a browser here: every launch names the executable. A missing chromium is a
failure with the fix in its message, not a skip. The extension is loaded unpacked into a persistent
profile; its side panel, which Playwright does not list among a context's pages, is driven over the Chrome
DevTools Protocol (`Panel` below), and "Review goal" is triggered with `Extensions.triggerAction`: the
browser runs the extension's action exactly as for a click on its toolbar button or its keyboard shortcut
(the shortcut is the action's command), user gesture and activeTab grant included.

Screenshots go to tests/e2e/artifacts/ (git-ignored); the two the README shows are also written to
docs/screenshots/ when REVIEWER_SCREENSHOTS=docs (`make screenshots`) or when they are missing.
"""

from __future__ import annotations

import base64
import functools
import http.server
import itertools
import json
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, CDPSession, Page, Playwright, sync_playwright

from tests.conftest import ROOT, Server

CHROMIUM = Path(os.environ.get("REVIEWER_CHROMIUM", "/usr/bin/chromium"))
EXTENSION = ROOT / "extension"
PAGES = Path(__file__).parent / "pages"
ARTIFACTS = Path(__file__).parent / "artifacts"
DOCS_SHOTS = ROOT / "docs" / "screenshots"
KEY = "e2e-right-key"
FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-features=Translate,MediaRouter,OptimizationHints",
]


def shot_path(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name


def publish(path: Path) -> None:
    """A README screenshot: copied to docs/screenshots/ when asked to, or when it is not there yet."""
    target = DOCS_SHOTS / path.name
    if os.environ.get("REVIEWER_SCREENSHOTS") == "docs" or not target.exists():
        DOCS_SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def wait_until(check: Callable[[], Any], timeout: float = 10.0, what: str = "condition",
               pause: Callable[[float], None] = time.sleep) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        pause(0.05)


def side_by_side(context: BrowserContext, left: Path, right: Path, out: Path, height: int) -> Path:
    """The page and the side panel as the browser window shows them: two screenshots composed in a page."""
    def uri(path: Path) -> str:
        return "data:image/png;base64," + base64.b64encode(path.read_bytes()).decode()

    page = context.new_page()
    page.set_content(
        "<body style='margin:0;display:flex;background:#ccc;width:max-content'>"
        f"<img src='{uri(left)}' style='display:block;flex:none;height:{height}px'>"
        f"<div style='flex:none;height:{height}px;overflow:hidden;border-left:1px solid #999'>"
        f"<img src='{uri(right)}' style='display:block'></div></body>")
    page.wait_for_function("[...document.images].every(i => i.complete)")
    width = page.evaluate("Math.ceil(document.body.getBoundingClientRect().width)")
    page.set_viewport_size({"width": width, "height": height})
    page.screenshot(path=out)
    page.close()
    return out


# Module scope, not session: while Playwright's sync API runs, the main thread has a running asyncio loop, and
# later tests that call asyncio.run() (tests/test_load.py) must not find one.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Playwright]:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: `make setup` installs Debian's chromium (as root), or "
                    "`apt-get install -y chromium`; the e2e tests never download a browser")
    with sync_playwright() as p:
        yield p


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def pages_url() -> Iterator[str]:
    """tests/e2e/pages/ on its own loopback port: an origin that is not the service's and not listed in
    REVIEWER_CORS_ORIGINS."""
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(PAGES)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


class Panel:
    """The extension's side panel, reached over CDP: Playwright lists no page for it, so this attaches to its
    target (non-flattened, through the browser session) and speaks Runtime and Page to it."""

    def __init__(self, browser: CDPSession, target_id: str, pause: Callable[[float], None]) -> None:
        self.browser = browser
        self.target_id = target_id
        self.pause = pause  # must let Playwright dispatch events: a plain sleep would not
        self._ids = itertools.count(1)
        self._answers: dict[int, dict[str, Any]] = {}
        browser.on("Target.receivedMessageFromTarget", self._received)
        self.session = browser.send("Target.attachToTarget", {"targetId": target_id, "flatten": False})["sessionId"]

    def _received(self, event: dict[str, Any]) -> None:
        if event.get("sessionId") == self.session:
            message = json.loads(event["message"])
            if "id" in message:
                self._answers[message["id"]] = message

    def send(self, method: str, params: dict[str, Any] | None = None, timeout: float = 10.0) -> dict[str, Any]:
        call = next(self._ids)
        self.browser.send("Target.sendMessageToTarget", {
            "sessionId": self.session, "message": json.dumps({"id": call, "method": method, "params": params or {}}),
        })
        answer = wait_until(lambda: self._answers.pop(call, None), timeout, method, self.pause)
        if "error" in answer:
            raise AssertionError(f"{method}: {answer['error']}")
        return answer["result"]

    def eval(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True, "awaitPromise": True, "userGesture": True,
        })
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait(self, expression: str, timeout: float = 10.0) -> Any:
        try:
            return wait_until(lambda: self.eval(expression), timeout, expression, self.pause)
        except AssertionError as exc:
            raise AssertionError(f"{exc}; the panel shows {self.state()}") from None

    def state(self) -> dict[str, Any]:
        return self.eval("""Object.fromEntries(["text-input", "status", "error", "results", "suggestions", "empty"]
            .map(id => [id, (el => el && (el.value ?? ((el.hidden ? "(hidden) " : "") + el.textContent.slice(0, 120))))(
                document.querySelector(`[data-testid="${id}"]`))]))""")

    def click(self, selector: str) -> None:
        self.eval(f"document.querySelector({json.dumps(selector)}).click()")

    def screenshot(self, path: Path) -> Path:
        data = self.send("Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]
        path.write_bytes(base64.b64decode(data))
        return path

    def detach(self) -> None:
        self.browser.send("Target.detachFromTarget", {"sessionId": self.session})


class Extension:
    """Chromium with the unpacked extension, in a fresh profile."""

    def __init__(self, context: BrowserContext) -> None:
        self.context = context
        worker = context.service_workers[0] if context.service_workers else context.wait_for_event("serviceworker")
        self.worker = worker
        self.id = worker.url.split("/")[2]
        self.origin = f"chrome-extension://{self.id}"
        assert context.browser is not None
        self.cdp = context.browser.new_browser_cdp_session()
        self._idle = context.pages[0] if context.pages else context.new_page()
        self._panel: Panel | None = None

    def pause(self, seconds: float) -> None:
        self._idle.wait_for_timeout(seconds * 1000)

    def configure(self, api_base: str, api_key: str = "") -> None:
        self.worker.evaluate("s => chrome.storage.local.set(s)", {"apiBase": api_base, "apiKey": api_key})

    def page(self, name: str) -> Page:
        page = self.context.new_page()
        page.goto(f"{self.origin}/{name}")
        page.wait_for_selector("body[data-ready=true]")
        return page

    def review_goal(self, page: Page) -> Panel:
        """What a click on the toolbar button, or the "Review goal" shortcut, does on this page's tab. Waits
        until the extension has taken the selection."""
        page.bring_to_front()

        def active_tab() -> str | None:
            # The tab showing this page: a tab of an earlier, closed page may still be listed with the same URL.
            tabs = self.cdp.send("Target.getTargets", {"filter": [{"type": "tab"}]})["targetInfos"]
            return next((t["targetId"] for t in tabs
                         if t["url"] == page.url and t.get("embedderData", {}).get("tabActive")), None)

        tab = wait_until(active_tab, 5, "the page's tab", self.pause)
        for attempt in range(3):
            before = (self.selection() or {}).get("at", 0)
            self.cdp.send("Extensions.triggerAction", {"id": self.id, "targetId": tab})
            taken = wait_until(lambda: (s := self.selection()) and s["at"] > before and s, 10,  # noqa: B023
                               "the selection", self.pause)
            # Headless, a tab opened a moment before is now and then not yet granted activeTab by the action
            # (the extension then reports "Cannot access contents of the page"): a person's click comes later.
            if "Cannot access contents" not in taken.get("error", "") or attempt == 2:
                break
            self.pause(0.3)
        return self.panel()

    def panel(self) -> Panel:
        if self._panel is None:
            def find() -> str | None:
                targets = self.cdp.send("Target.getTargets", {"filter": [{}]})["targetInfos"]
                return next((t["targetId"] for t in targets
                             if t["type"] == "page" and t["url"] == f"{self.origin}/panel.html"), None)

            self._panel = Panel(self.cdp, wait_until(find, 10, "the side panel", self.pause), self.pause)
            self._panel.wait("document.body?.dataset.ready === 'true'")
        return self._panel

    def selection(self) -> dict[str, Any] | None:
        return self.worker.evaluate("chrome.storage.session.get('selection').then(s => s.selection || null)")


@pytest.fixture(scope="module")
def extension(playwright: Playwright) -> Iterator[Extension]:
    profile = tempfile.mkdtemp(prefix="reviewer-e2e-")
    context = playwright.chromium.launch_persistent_context(
        profile,
        executable_path=str(CHROMIUM),
        headless=True,
        viewport={"width": 1000, "height": 800},
        locale="en-US",
        args=[*FLAGS, "--window-size=1400,1000", "--enable-unsafe-extension-debugging",
              f"--disable-extensions-except={EXTENSION}", f"--load-extension={EXTENSION}"],
    )
    try:
        yield Extension(context)
    finally:
        context.close()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(scope="module")
def service(extension: Extension) -> Iterator[Server]:
    """Open, and lets the extension's origin read its answers (no host permission is granted in these tests:
    the permission prompt is never answered, so CORS is what lets the extension through)."""
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_RATE_LIMIT": "0",
                      "REVIEWER_CORS_ORIGINS": f"http://127.0.0.1:1,{extension.origin}"})
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def keyed(extension: Extension) -> Iterator[Server]:
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_API_KEYS": KEY, "REVIEWER_CORS_ORIGINS": extension.origin,
                      "REVIEWER_RATE_LIMIT": "0"})
    yield srv
    srv.stop()
