"""Text typed without diacritics ("oge omsaetningen", "okning", "maneder"): a pack's ASCII variant.

A pack may list, under [vocab] ascii, how its letters are typed without them (da: "æ" = ["ae", "a"]). The
loader then builds a second, folded copy of the pack whose every vocabulary regex also accepts those spellings
("omsætning" -> "oms(?:æ|ae|a)tning") and whose literal word lists hold them too. extract() uses the folded
copy only for a text that contains none of the pack's letters, so text with diacritics is read exactly as
before and at the same speed. Messages, rule examples and rewrite templates are not folded.
"""

from __future__ import annotations

import itertools
from typing import Any

# Sections whose strings are regexes (except the literal lists below); every other section is left alone.
REGEX_SECTIONS = ("numbers", "time", "quantity", "vocab", "metrics", "channels", "mission", "placeholders")
LITERAL_LISTS = {"stopwords", "one", "abbreviations", "joiners", "typo_ignore", "typo_suffixes"}
LITERAL_KEYS = {"words", "multiply"}  # tables whose keys are words
SKIP = {"ascii", "replacements", "message", "note", "text", "resolve"}
MAX_VARIANTS = 16


def fold_regex(pattern: str, folds: dict[str, list[str]]) -> str:
    """Each folded letter outside a character class becomes (?:letter|spelling|...); inside a class the
    one-letter spellings are added. Escapes are copied as they are."""
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
            elif c.lower() in folds:
                out.append(c + "".join(s for s in folds[c.lower()] if len(s) == 1))
                i += 1
                continue
        elif c == "[":
            in_class = True
            out.append(c)
            if pattern[i + 1 : i + 2] == "^":
                out.append("^")
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a literal ] first in a class
                out.append("]")
                i += 1
            i += 1
            continue
        elif c.lower() in folds:
            out.append("(?:" + "|".join([c, *folds[c.lower()]]) + ")")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def fold_word(word: str, folds: dict[str, list[str]]) -> list[str]:
    """The word and its spellings without the folded letters ("påske" -> påske, paaske, paske)."""
    choices = [[c, *folds[c.lower()]] if c.lower() in folds else [c] for c in word]
    variants = ["".join(p) for p in itertools.islice(itertools.product(*choices), MAX_VARIANTS)]
    return list(dict.fromkeys(variants))


def _fold(value: Any, folds: dict[str, list[str]], key: str = "") -> Any:
    if key in SKIP:
        return value
    if isinstance(value, str):
        return fold_regex(value, folds)
    if isinstance(value, list):
        if key in LITERAL_LISTS:
            return [v for w in value for v in fold_word(w, folds)]
        return [_fold(v, folds, key) for v in value]
    if isinstance(value, dict):
        if key in LITERAL_KEYS:
            return {v: n for w, n in value.items() for v in fold_word(w, folds)}
        return {k: _fold(v, folds, k) for k, v in value.items()}
    return value


def fold_pack(raw: dict[str, Any], folds: dict[str, list[str]]) -> dict[str, Any]:
    """A copy of a pack's raw table with its vocabulary folded (see the module's docstring)."""
    folded = dict(raw)
    for section in REGEX_SECTIONS:
        if section in raw:
            folded[section] = _fold(raw[section], folds, section)
    return folded
