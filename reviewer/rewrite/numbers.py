"""Numbers a rewrite may use: only those in the user's text, the context, or the rewrite's own stated
assumptions. Numbers inside placeholders ("[X] %", reviewer.rewrite.placeholders) are not claims."""

from __future__ import annotations

import re
from typing import Any

from reviewer.models import Context
from reviewer.rewrite.placeholders import without_placeholders

NUMBER = re.compile(r"(?<![\w\[])\d+(?:[.,]\d+)?")


def numbers_in(text: str) -> set[float]:
    stripped = without_placeholders(text)
    values: set[float] = set()
    for raw in NUMBER.findall(stripped):
        # "10.000" and "2,5": a separator may be a thousands or a decimal mark, so both readings count
        for candidate in (raw.replace(",", "."), raw.replace(",", "").replace(".", "")):
            try:
                values.add(float(candidate))
            except ValueError:
                pass
    return values


def invented_numbers(candidate: str, original: str, context: Context | dict[str, Any] | None, assumptions: list[str]) -> set[float]:
    if isinstance(context, Context):
        context = context.model_dump(exclude_none=True, mode="json")
    context_text = " ".join(str(v) for v in (context or {}).values())
    allowed = numbers_in(original) | numbers_in(context_text) | numbers_in(" ".join(assumptions))
    return {n for n in numbers_in(candidate) if n not in allowed}
