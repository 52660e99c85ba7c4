"""The one placeholder pattern. A placeholder is a short bracketed gap the user fills in ("[X] %", "[dato]",
"[hvem I betjener]"): the offline templates write them, a model is asked for them, `Suggestion.placeholders`
lists them and a number inside one is not a claim (reviewer.rewrite.numbers). A bracketed span longer than a
placeholder (a whole sentence in brackets) is text, so its numbers still count."""

from __future__ import annotations

from reviewer.extract import PLACEHOLDER

__all__ = ["PLACEHOLDER", "placeholders_in", "without_placeholders"]


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER.findall(text)


def without_placeholders(text: str) -> str:
    return PLACEHOLDER.sub(" ", text)
