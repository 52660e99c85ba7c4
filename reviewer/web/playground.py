"""The playground at /: a page that reviews as you type, server-rendered with jinja2, served with its own static
files (no build step, no CDN: it works offline). It calls the same /v1 endpoints as every other client.

The interface text (static/ui-text.json, en/da/nb/sv) follows the browser's Accept-Language; the review's
messages come from the API in the text's language. The page carries a Content-Security-Policy that allows
scripts from this origin only (reviewer/web/headers.py) (no inline script: the interface text travels as a JSON data block), and it
renders all text with textContent.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from litestar import MediaType, Request, get
from litestar.datastructures import CacheControlHeader, State
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.router import Router
from litestar.static_files import create_static_files_router
from litestar.template.config import TemplateConfig

from reviewer import __version__

HERE = Path(__file__).parent
STATIC = HERE / "static"
UI_LANGUAGES = ("en", "da", "nb", "sv")
# Browser language tags that mean one of ours: Norwegian is often sent as "no" or "nn".
ALIASES = {"no": "nb", "nn": "nb"}


def ui_text() -> dict[str, dict[str, Any]]:
    return json.loads((STATIC / "ui-text.json").read_text(encoding="utf-8"))


def negotiate(accept_language: str | None) -> str:
    """The first of the browser's languages (by q, then order) that the interface speaks; English otherwise."""
    ranked: list[tuple[float, int, str]] = []
    for i, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        base = ALIASES.get(tag.strip().lower().split("-")[0], tag.strip().lower().split("-")[0])
        if q > 0 and base in UI_LANGUAGES:
            ranked.append((-q, i, base))
    return min(ranked)[2] if ranked else "en"


@dataclass(frozen=True)
class Playground:
    """What the page needs, prepared once: the interface text, the review languages, whether keys are needed."""

    text: dict[str, dict[str, Any]]
    languages: list[dict[str, str]]
    keys_required: bool

    def context(self, accept_language: str | None) -> dict[str, Any]:
        lang = negotiate(accept_language)
        t = {**self.text["en"], **self.text[lang]}
        return {"lang": lang, "t": t, "ui": t, "languages": self.languages, "keys_required": self.keys_required,
                "version": __version__}


@get("/", summary="The playground", include_in_schema=False, media_type=MediaType.HTML)
async def playground(request: Request[Any, Any, Any], state: State) -> Template:
    page: Playground = state.playground
    # Its Content-Security-Policy and the other security headers: reviewer/web/headers.py, on every answer.
    return Template("playground.html.j2", context=page.context(request.headers.get("accept-language")))


def template_config() -> TemplateConfig[JinjaTemplateEngine]:
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined)
    return TemplateConfig(instance=JinjaTemplateEngine.from_environment(env))


def static_router() -> Router:
    # no-cache: a browser revalidates (cheap, ETag) so a new version of the page never runs old scripts.
    return create_static_files_router(path="/static", directories=[STATIC], include_in_schema=False,
                                      cache_control=CacheControlHeader(no_cache=True))
