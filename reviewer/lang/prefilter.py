"""A literal prefilter for the packs' regexes: skip a scan that cannot match.

A pack holds a few hundred regexes, and a typical goal matches a dozen of them. Each regex is parsed once, at
start-up, for the literal strings one of which every match must contain ("konverteringer" in
`\\w*konverteringer`, "kvartal"/"q" in a quarter pattern); a scan runs only when the text contains one of
them. The same idea as RE2's and Hyperscan's prefilters, done with Python's own regex parser. A regex with no
such literal (digits only, say) always runs. The answer is exactly the regex's: the prefilter only skips
scans whose result would be empty (tests/test_prefilter.py checks this on every labeled text).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Container, Iterable, Iterator
from re import _constants as C
from re import _parser as P
from typing import Any

import ahocorasick

_ZERO_WIDTH = {C.AT, C.ASSERT, C.ASSERT_NOT}
_REPEATS = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}
_MAX_NEEDLES = 64

Needles = frozenset[str] | None


def _better(a: Needles, b: Needles) -> Needles:
    """The more selective of two requirements: longer shortest needle, then fewer needles."""
    if a is None:
        return b
    if b is None:
        return a
    key = lambda n: (min(map(len, n)), -len(n))
    return a if key(a) >= key(b) else b


def _required(items: Any, fold: bool) -> Needles:
    """One of these literal strings occurs in every match of the sequence `items`, or None: no such set."""
    best: Needles = None
    run = ""
    for op, av in items:
        if op is C.LITERAL:
            run += chr(av).casefold() if fold else chr(av)
            continue
        if run:
            best = _better(best, frozenset([run]))
            run = ""
        if op in _ZERO_WIDTH:
            continue
        found: Needles = None
        if op is C.SUBPATTERN:
            found = _required(av[-1], fold)
        elif op is C.ATOMIC_GROUP:
            found = _required(av, fold)
        elif op is C.BRANCH:
            parts = [_required(branch, fold) for branch in av[1]]
            if all(p is not None for p in parts):
                found = frozenset().union(*parts)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] >= 1:
            found = _required(av[2], fold)
        elif op is C.IN and av and all(o is C.LITERAL for o, _ in av):
            found = frozenset(chr(v).casefold() if fold else chr(v) for _, v in av)
        if found is not None and (len(found) > _MAX_NEEDLES or "" in found):
            found = None
        best = _better(best, found)
    if run:
        best = _better(best, frozenset([run]))
    return best


def needles(regex: re.Pattern[str]) -> tuple[str, ...] | None:
    """The literal strings one of which every match contains (case-folded when the regex ignores case)."""
    try:
        found = _required(P.parse(regex.pattern, regex.flags), bool(regex.flags & re.IGNORECASE))
    except Exception:  # noqa: BLE001  (an unparsable pattern here just means: always scan)
        return None
    return tuple(sorted(found)) if found else None


_ids = itertools.count()


class Prefiltered:
    """A compiled regex that skips texts lacking all of its needles.

    `present` is what a `NeedleIndex` found in the text: the ids of the regexes whose needles occur, for
    every regex of a pack in one pass. Without it, the regex checks its own needles."""

    __slots__ = ("flags", "folds", "id", "needles", "pattern", "regex")

    def __init__(self, regex: re.Pattern[str]) -> None:
        self.regex = regex
        self.needles = needles(regex)
        self.folds = bool(regex.flags & re.IGNORECASE)
        self.pattern = regex.pattern
        self.flags = regex.flags
        self.id = next(_ids)

    def possible(self, text: str, present: Container[int] | None = None) -> bool:
        if self.needles is None:
            return True
        if present is not None:
            return self.id in present
        haystack = text.casefold() if self.folds else text
        return any(n in haystack for n in self.needles)

    def finditer(self, text: str, present: Container[int] | None = None) -> Iterator[re.Match[str]] | tuple[()]:
        if self.needles is None or (self.id in present if present is not None else self.possible(text)):
            return self.regex.finditer(text)
        return ()

    def search(self, text: str, present: Container[int] | None = None) -> re.Match[str] | None:
        return self.regex.search(text) if self.possible(text, present) else None

    def fullmatch(self, text: str) -> re.Match[str] | None:
        return self.regex.fullmatch(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.regex.match(text)

    def __repr__(self) -> str:
        return f"Prefiltered({self.pattern!r}, needles={self.needles})"


class NeedleIndex:
    """Every needle of a set of regexes in one Aho-Corasick automaton (pyahocorasick): one pass over the
    text finds which regexes can match, however many there are. Built once per pack."""

    def __init__(self, regexes: Iterable[Prefiltered]) -> None:
        owners: dict[tuple[bool, str], set[int]] = {}
        for regex in regexes:
            for needle in regex.needles or ():
                owners.setdefault((regex.folds, needle), set()).add(regex.id)
        self._folded = self._automaton({n: ids for (folds, n), ids in owners.items() if folds})
        self._exact = self._automaton({n: ids for (folds, n), ids in owners.items() if not folds})

    @staticmethod
    def _automaton(words: dict[str, set[int]]) -> Any:
        if not words:
            return None
        automaton = ahocorasick.Automaton()
        for word, ids in words.items():
            automaton.add_word(word, frozenset(ids))
        automaton.make_automaton()
        return automaton

    def present(self, text: str, folded: str) -> set[int]:
        """The ids of the regexes whose needles occur in the text (folded: text.casefold())."""
        found: set[int] = set()
        for automaton, haystack in ((self._folded, folded), (self._exact, text)):
            if automaton is not None:
                for _, ids in automaton.iter(haystack):
                    found |= ids
        return found
