"""The web layer, in process: API keys (issue 11's contract), CORS, the playground's page and language, the
extension's copies of the shared view. The same in a real browser: tests/e2e/."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from litestar.testing import TestClient

from reviewer import default_engine
from reviewer.api import create_app
from reviewer.web.keys import MISSING, NOT_BEARER, WRONG, ApiKeys
from reviewer.web.playground import STATIC, negotiate
from reviewer.web.settings import SettingsError, WebSettings
from tests.conftest import ROOT, Server

EXTENSION = ROOT / "extension"
KEYS = frozenset({"alpha-key", "beta-key"})
GOAL = {"text": "Increase sales by 10% by Q4"}


@pytest.fixture(scope="module")
def keyed() -> Iterator[TestClient]:
    app = create_app(default_engine(), WebSettings(api_keys=KEYS, cors_origins=("chrome-extension://abc",)))
    with TestClient(app) as client:
        yield client


# --- keys -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "body"), [
    ("post", "/v1/review", GOAL),
    ("post", "/v1/review/batch", {"items": [GOAL]}),
    ("post", "/v1/rewrite", GOAL),
    ("get", "/v1/rules", None),
    ("get", "/v1/rules/goal.time_bound.open-ended", None),
    ("get", "/v1/languages", None),
])
def test_every_v1_endpoint_needs_a_key(keyed: TestClient, method: str, path: str, body: dict | None) -> None:
    call = getattr(keyed, method)
    kwargs = {"json": body} if body is not None else {}
    missing = call(path, **kwargs)
    assert missing.status_code == 401 and missing.headers["content-type"] == "application/problem+json"
    assert missing.json() | {"request_id": None} == {
        "type": "https://reviewer.invalid/problems/api-key", "title": "API key missing or not accepted",
        "status": 401, "detail": MISSING, "status_code": 401, "request_id": None}
    assert missing.headers["www-authenticate"].startswith("Bearer")
    for headers in ({"x-api-key": "wrong"}, {"authorization": "Bearer wrong"}, {"x-api-key": "ALPHA-KEY"},
                    {"x-api-key": "alpha-key-"}, {"authorization": "Bearer alpha-key", "x-api-key": "wrong"}):
        wrong = call(path, headers=headers, **kwargs)
        assert wrong.status_code == 401 and wrong.json()["detail"] == WRONG, headers
    for headers in ({"authorization": "Basic alpha-key"}, {"authorization": "alpha-key", "x-api-key": "alpha-key"}):
        odd = call(path, headers=headers, **kwargs)
        assert odd.status_code == 401 and odd.json()["detail"] == NOT_BEARER, headers
    for headers in ({"authorization": "Bearer alpha-key"}, {"authorization": "bearer  beta-key "}, {"x-api-key": "beta-key"},
                    {"authorization": "Bearer alpha-key", "x-api-key": "beta-key"}):
        assert call(path, headers=headers, **kwargs).status_code == 200, headers


def test_open_endpoints_stay_open(keyed: TestClient) -> None:
    for path in ("/health", "/", "/schema/openapi.json", "/schema/swagger", "/static/view.js"):
        assert keyed.get(path).status_code == 200, path


def test_a_keyed_service_documents_the_401_and_the_schemes(keyed: TestClient) -> None:
    schema = keyed.get("/schema/openapi.json").json()
    assert set(schema["components"]["securitySchemes"]) == {"bearer", "apiKey"}
    for path, item in schema["paths"].items():
        for op in item.values():
            if path.startswith("/v1/"):
                assert "401" in op["responses"] and op["security"] == [{"bearer": []}, {"apiKey": []}], path
            else:
                assert "401" not in op["responses"] and "security" not in op, path


def test_the_playground_asks_for_a_key_only_when_one_is_needed(keyed: TestClient) -> None:
    assert 'data-testid="api-key"' in keyed.get("/").text
    with TestClient(create_app(default_engine(), WebSettings())) as open_client:
        assert 'data-testid="api-key"' not in open_client.get("/").text


def test_keys_compare_exactly() -> None:
    keys = ApiKeys(frozenset({"k1", "ключ"}))
    assert keys.accepts("k1") and keys.accepts("ключ")
    assert not keys.accepts("k") and not keys.accepts("k1 ") and not keys.accepts("")
    assert ApiKeys.presented({"authorization": "Bearer  abc "}) == ["abc"]
    assert ApiKeys.presented({"authorization": "Bearer"}) == [None]
    assert ApiKeys.presented({"x-api-key": "  "}) == []
    assert ApiKeys.presented({"authorization": "bearer a", "x-api-key": "b"}) == ["a", "b"]


def test_settings_from_the_environment(tmp_path: Path) -> None:
    assert WebSettings.from_env({}) == WebSettings()
    file = tmp_path / "keys"
    file.write_text("# team keys\nfile-key\n\n  spaced-key  \n", encoding="utf-8")
    settings = WebSettings.from_env({
        "REVIEWER_API_KEYS": " a , b,,", "REVIEWER_API_KEYS_FILE": str(file),
        "REVIEWER_CORS_ORIGINS": "chrome-extension://ABC , https://App.Example.com/ ,chrome-extension://abc",
    })
    assert settings.api_keys == {"a", "b", "file-key", "spaced-key"}
    assert settings.cors_origins == ("chrome-extension://abc", "https://app.example.com")
    with pytest.raises(SettingsError, match="cannot read"):
        WebSettings.from_env({"REVIEWER_API_KEYS_FILE": str(tmp_path / "absent")})
    (tmp_path / "empty").write_text("# nothing\n", encoding="utf-8")
    with pytest.raises(SettingsError, match="holds no key"):
        WebSettings.from_env({"REVIEWER_API_KEYS_FILE": str(tmp_path / "empty")})
    with pytest.raises(SettingsError, match="not an origin"):
        WebSettings.from_env({"REVIEWER_CORS_ORIGINS": "https://app.example.com/path"})
    with pytest.raises(SettingsError, match="not an origin"):
        WebSettings.from_env({"REVIEWER_CORS_ORIGINS": "*"})


def test_start_up_says_whether_the_service_is_open(tmp_path: Path) -> None:
    keys = tmp_path / "keys"
    keys.write_text("secret-start-up-key\n", encoding="utf-8")
    for env, says in (({}, "API keys: none configured"), ({"REVIEWER_API_KEYS_FILE": str(keys)}, "API keys: 1 configured")):
        srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_API_KEYS": "", **env})
        try:
            assert says in srv.output()
        finally:
            srv.stop()
        assert "secret-start-up-key" not in srv.log.read_text(encoding="utf-8")


# --- CORS -------------------------------------------------------------------------------------------
def preflight(client: TestClient, origin: str, method: str = "POST", headers: str = "content-type") -> object:
    return client.options("/v1/review", headers={
        "origin": origin, "access-control-request-method": method, "access-control-request-headers": headers})


def test_cors_allows_exactly_the_listed_origins_and_the_services_own(keyed: TestClient) -> None:
    ok = preflight(keyed, "chrome-extension://abc", headers="content-type, authorization, x-api-key")
    assert ok.status_code == 204
    assert ok.headers["access-control-allow-origin"] == "chrome-extension://abc"
    assert set(ok.headers["access-control-allow-headers"].split(", ")) == {"authorization", "content-type", "x-api-key"}
    assert "access-control-allow-credentials" not in ok.headers
    own = preflight(keyed, "http://testserver.local")  # the Host the test client sends
    assert own.status_code == 204 and own.headers["access-control-allow-origin"] == "http://testserver.local"
    for origin in ("chrome-extension://abd", "https://evil.example", "null", "http://testserver.local.evil.example"):
        refused = preflight(keyed, origin)
        assert refused.status_code == 403 and "access-control-allow-origin" not in refused.headers, origin
    assert preflight(keyed, "chrome-extension://abc", method="DELETE").status_code == 403
    assert preflight(keyed, "chrome-extension://abc", headers="x-custom").status_code == 403

    answer = keyed.post("/v1/review", json=GOAL, headers={"origin": "chrome-extension://abc", "x-api-key": "alpha-key"})
    assert answer.headers["access-control-allow-origin"] == "chrome-extension://abc"
    assert answer.headers["vary"] == "Origin" and "retry-after" in answer.headers["access-control-expose-headers"]
    refused = keyed.post("/v1/review", json=GOAL, headers={"origin": "chrome-extension://zzz", "x-api-key": "alpha-key"})
    assert "access-control-allow-origin" not in refused.headers
    unauthorised = keyed.post("/v1/review", json=GOAL, headers={"origin": "chrome-extension://abc"})
    assert unauthorised.status_code == 401  # readable by the extension, so it can say why
    assert unauthorised.headers["access-control-allow-origin"] == "chrome-extension://abc"


# --- the playground and the extension ------------------------------------------------------------------
@pytest.mark.parametrize(("header", "lang"), [
    (None, "en"), ("da-DK,da;q=0.9,en;q=0.8", "da"), ("nb-NO", "nb"), ("no", "nb"), ("nn-NO,en;q=0.5", "nb"),
    ("sv-SE", "sv"), ("de-DE,sv;q=0.5,da;q=0.7", "da"), ("fr", "en"), ("da;q=0,sv", "sv"), ("en-GB;q=x,da", "da"),
])
def test_the_interface_follows_the_browsers_language(header: str | None, lang: str) -> None:
    assert negotiate(header) == lang


def test_the_page_is_localised_and_safe(keyed: TestClient) -> None:
    texts = json.loads((STATIC / "ui-text.json").read_text(encoding="utf-8"))
    r = keyed.get("/", headers={"accept-language": "sv-SE"})
    assert '<html lang="sv">' in r.text and texts["sv"]["review"] in r.text
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "no-referrer"
    assert re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", r.text) == []  # no inline script
    embedded = re.search(r'<script type="application/json" id="ui-text">(.*?)</script>', r.text, re.DOTALL)
    assert embedded and json.loads(embedded.group(1))["review"] == texts["sv"]["review"]


def test_every_language_has_every_interface_text() -> None:
    texts = json.loads((STATIC / "ui-text.json").read_text(encoding="utf-8"))
    assert set(texts) == {"en", "da", "nb", "sv"}
    for lang, strings in texts.items():
        assert set(strings) == set(texts["en"]), lang
        for key, value in strings.items():
            assert set(re.findall(r"\{(\w+)\}", value)) == set(re.findall(r"\{(\w+)\}", texts["en"][key])), (lang, key)
    for lang in texts:
        messages = json.loads((EXTENSION / "_locales" / lang / "messages.json").read_text(encoding="utf-8"))
        assert set(messages) == {"extName", "extShortName", "extDescription", "actionTitle"}, lang
        assert messages["actionTitle"]["message"] in texts[lang]["panelEmpty"], lang  # the panel names the menu entry


# The messages for the API's problem types (reviewer/web/errors.py), chosen by `type` in static/view.js.
PROBLEM_TEXTS = {"err401", "err401Missing", "err429", "err429NoWait", "err503", "err503NoWait", "errTimeBudget",
                 "errTimeBudgetNoWait", "err413", "err400", "errField", "errUnsupported", "errOther",
                 "durationSeconds", "durationSecond", "listAnd"}
QUOTES = {"en": "“{field}”", "da": "“{field}”", "nb": "«{field}»", "sv": "”{field}”"}


def test_every_language_words_every_problem_and_names_every_refused_language() -> None:
    from reviewer.lang import common

    texts = json.loads((STATIC / "ui-text.json").read_text(encoding="utf-8"))
    refused = [name.title() for name in common()["unsupported_languages"]["lingua"]]  # the API's `detected`
    assert len(refused) == 6
    view = (STATIC / "view.js").read_text(encoding="utf-8")
    for lang, strings in texts.items():
        for key in PROBLEM_TEXTS | {f"foreign_{name}" for name in refused}:
            assert isinstance(strings.get(key), str) and strings[key].strip(), (lang, key)
        assert strings["errField"].startswith(QUOTES[lang]), lang  # the language's own quotation marks
        assert "{wait}" in strings["err429"] and "{wait}" in strings["errTimeBudget"], lang
        if lang != "en":  # written in the language, not left in English
            assert all(strings[k] != texts["en"][k] for k in PROBLEM_TEXTS - {"err413", "errField"}), lang
    for key in PROBLEM_TEXTS - {"errField"}:
        assert f"t.{key}" in view, key  # every text is used
    for slug in ("unsupported-language", "rate-limited", "api-key", "busy", "time-budget", "invalid-body",
                 "body-too-large"):
        assert f'"{slug}"' in view, slug  # chosen by the problem's type


@pytest.mark.parametrize("name", ["view.js", "view.css", "ui-text.json"])
def test_the_extension_carries_the_playgrounds_view(name: str) -> None:
    assert (EXTENSION / "shared" / name).read_bytes() == (STATIC / name).read_bytes(), "run `make extension`"


def test_the_extension_asks_for_little_and_runs_only_its_own_code() -> None:
    manifest = json.loads((EXTENSION / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["manifest_version"] == 3
    assert set(manifest["permissions"]) <= {"activeTab", "contextMenus", "storage", "sidePanel", "scripting"}
    assert "host_permissions" not in manifest and "content_scripts" not in manifest
    assert manifest["optional_host_permissions"] == ["http://*/*", "https://*/*"]  # one origin asked for at a time
    assert manifest["content_security_policy"]["extension_pages"].startswith("script-src 'self'")
    assert manifest["commands"]["_execute_action"]["suggested_key"]["default"] == "Alt+Shift+G"
    for path in [*EXTENSION.rglob("*.js"), *EXTENSION.rglob("*.html"), *STATIC.glob("*.js")]:
        code = path.read_text(encoding="utf-8")
        assert not re.search(r"\.(innerHTML|outerHTML)\b|insertAdjacentHTML|document\.write", code), path
        assert "eval(" not in code and "new Function" not in code, path
        assert not re.search(r"""src=["']https?:""", code) and "import(" not in code, path
