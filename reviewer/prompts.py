"""The jinja2 environment over prompts/ (StrictUndefined: a missing variable is an error, not an empty
string) and the prompt version: a hash of the template files, returned in responses and eval reports."""

from __future__ import annotations

import hashlib
import os
import tomllib
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined


def prompts_dir() -> Path:
    """REVIEWER_PROMPTS_DIR, else prompts/ beside the package (a checkout), else ./prompts (the image)."""
    configured = os.environ.get("REVIEWER_PROMPTS_DIR")
    if configured:
        return Path(configured)
    beside = Path(__file__).resolve().parent.parent / "prompts"
    return beside if beside.is_dir() else Path.cwd() / "prompts"


@cache
def environment() -> Environment:
    # Plain text prompts, not HTML: no autoescaping; keep the user's text exactly as written.
    return Environment(
        loader=FileSystemLoader(prompts_dir()),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )


def render(name: str, **variables: Any) -> str:
    return environment().get_template(name).render(**variables).strip()


@cache
def prompt_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(prompts_dir().glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@cache
def examples() -> dict[str, list[dict[str, str]]]:
    return tomllib.loads((prompts_dir() / "examples.toml").read_text(encoding="utf-8"))
