"""The prompt templates: a jinja2 environment over prompts/ (StrictUndefined: a missing variable is an
error, not an empty string), the few-shot examples, and the prompt version (a hash of the template files,
returned in responses and eval reports). Read once, when the model provider is built."""

from __future__ import annotations

import hashlib
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

# An installed wheel carries prompts/ as package data, reviewer/prompts_data (pyproject.toml maps the one to
# the other); a checkout reads prompts/ at the top of the repo, where people edit them.
PACKAGED_DIR = Path(__file__).resolve().parent / "prompts_data"
CHECKOUT_DIR = Path(__file__).resolve().parent.parent / "prompts"


def default_dir(env: Mapping[str, str] | None = None) -> Path:
    """REVIEWER_PROMPTS_DIR, else the prompts shipped in the package (a wheel), else prompts/ of the checkout."""
    configured = (env if env is not None else os.environ).get("REVIEWER_PROMPTS_DIR")
    if configured:
        return Path(configured)
    return PACKAGED_DIR if PACKAGED_DIR.is_dir() else CHECKOUT_DIR


@dataclass(frozen=True)
class Prompts:
    directory: Path
    environment: Environment
    version: str
    examples: dict[str, list[dict[str, str]]]

    @classmethod
    def load(cls, directory: Path) -> Prompts:
        # Plain text prompts, not HTML: no autoescaping; keep the user's text exactly as written.
        environment = Environment(
            loader=FileSystemLoader(directory), undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
        )
        digest = hashlib.sha256()
        for path in sorted(directory.glob("*")):
            if path.is_file():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        examples = tomllib.loads((directory / "examples.toml").read_text(encoding="utf-8"))
        return cls(directory, environment, digest.hexdigest()[:12], examples)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Prompts:
        return cls.load(default_dir(env))

    def render(self, name: str, **variables: Any) -> str:
        return self.environment.get_template(name).render(**variables).strip()
