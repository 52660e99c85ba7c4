"""A first-character guard for the packs' regexes.

Every vocabulary regex starts with a look-behind (`(?<!\\w)`), so Python's regex engine cannot skip ahead to
where a match could begin: at each word start it tries every alternative of a long alternation (number words,
prepositions, units). The characters a match can start with are known from the pattern itself (parsed once with
Python's own parser), so a look-ahead class of them (`(?=[0-9tfs…])`) put in front rejects a position with one
test. The regex matches exactly what it matched before: the class holds every character a match can begin with.
"""

from __future__ import annotations

from re import _constants as C
from re import _parser as P
from typing import Any

_MAX_CHARS = 80  # a guard of more characters than this saves nothing
_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}


def _class(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av))
        elif op is C.RANGE and av[1] - av[0] < _MAX_CHARS:
            chars.update(chr(c) for c in range(av[0], av[1] + 1))
        elif op is C.CATEGORY and av is C.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None  # \w, \s, negated classes: anything
    return chars


def _first(items: Any) -> tuple[set[str], bool] | None:
    """(characters a match of the sequence can start with, whether it can match the empty string)."""
    found: set[str] = set()
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is C.LITERAL:
            return found | {chr(av)}, False
        if op is C.IN:
            chars = _class(av)
            return None if chars is None else (found | chars, False)
        if op is C.SUBPATTERN:
            inner = _first(av[-1])
        elif op is C.BRANCH:
            parts = [_first(branch) for branch in av[1]]
            if any(p is None for p in parts):
                return None
            inner = (set().union(*(p[0] for p in parts)), any(p[1] for p in parts))  # type: ignore[index]
        elif op in _REPEATS:
            sub = _first(av[2])
            inner = None if sub is None else (sub[0], sub[1] or av[0] == 0)
        else:
            return None  # ANY, backreferences, conditionals: anything
        if inner is None:
            return None
        found |= inner[0]
        if not inner[1]:
            return found, False
    return found, True


def guard(pattern: str, flags: int) -> str:
    """`pattern` with a look-ahead of the characters its matches can start with, or unchanged when that set is
    unknown, too large, or empty matches are possible."""
    if pattern.startswith("(?") and pattern[2:3].isalpha():  # global inline flags must stay first
        return pattern
    try:
        first = _first(P.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an unparsable pattern is compiled (and reported) as it is
        return pattern
    if first is None or first[1] or not first[0] or len(first[0]) > _MAX_CHARS:
        return pattern
    chars = "".join(sorted(first[0]))
    escaped = "".join("\\" + c if c in "\\]^-[" else c for c in chars)
    return f"(?=[{escaped}]){pattern}"
