"""Typo-tolerant metric words: a word of 6 or more letters one edit away from a metric word of the pack
(a letter left out, added or changed, or two letters swapped) is read as that metric ("converions",
"omsætnigen", "omsätningen"). The edit must fall inside the word: an edit in the first two letters or the last
two makes another word or another ending more often than a typo ("kender" is not "kunder").

The metric words are the pack's own: each [metrics] regex is expanded (Python's regex parser) into the words
it spells out, with the pack's inflection endings added where the regex leaves the ending open
("omsætning\\w*" -> omsætning, omsætningen, ...). SymSpell's idea makes a lookup cost O(length of the word): at
start-up every metric word and every form of it with one letter deleted are put in a table; a word of the text
is looked up with itself and its own one-letter deletions, and each candidate is confirmed with an exact
edit-distance check. No list is scanned per word, so extraction stays linear in the text's length.

Why not rapidfuzz: its `process.extractOne` compares a word with every entry of the list (fast, in C, but
O(list) per word and a new dependency); the deletion table answers in a few dictionary look-ups.
"""

from __future__ import annotations

import re
from re import _constants as C
from re import _parser as P
from typing import Any

MIN_LENGTH = 6
_LIMIT = 256  # expansions per regex; a regex that spells more words is only partly indexed
_OPEN = "\x00"  # an open stretch (\w*) in a spelled word


def _sequence(items: Any) -> set[str] | None:
    results = {""}
    for op, av in items:
        part = _item(op, av)
        if part is None:
            return None
        results = {a + b for a in results for b in part}
        if len(results) > _LIMIT:
            return None
    return results


def _class(items: Any) -> set[str] | None:
    chars: set[str] = set()
    for op, av in items:
        if op is C.LITERAL:
            chars.add(chr(av).lower())
        elif op is C.CATEGORY and av is C.CATEGORY_SPACE:
            chars.add(" ")
        else:
            return None  # \w, ranges: any letter
    return chars if len(chars) <= 4 else None


def _item(op: Any, av: Any) -> set[str] | None:
    if op is C.LITERAL:
        return {chr(av).lower()}
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return {""}
    if op is C.SUBPATTERN:
        return _sequence(av[-1])
    if op is C.BRANCH:
        parts = [p for p in (_sequence(b) for b in av[1]) if p is not None]
        return set().union(*parts) if parts else None
    if op is C.IN:
        return _class(av)
    if op is C.CATEGORY:
        return {" "} if av is C.CATEGORY_SPACE else None
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, sub = av
        inner = _sequence(sub)
        if inner is None:  # \w*, \w+: any letters
            return {_OPEN} if low <= 1 else None
        if inner == {" "}:
            return {" "}  # \s+, \s*
        if low == 0:
            return {""} | (inner if high >= 1 else set())
        return {i * low for i in inner} if low <= 2 else None
    return None


def spelled_words(pattern: str, flags: int, suffixes: list[str]) -> set[str]:
    """The words a vocabulary regex spells out, lowercased, with open endings inflected."""
    try:
        found = _sequence(P.parse(pattern, flags))
    except Exception:  # noqa: BLE001 - an unparsable pattern just adds no words
        return set()
    words: set[str] = set()
    for spelled in found or ():
        spelled = spelled.lstrip(_OPEN)  # "\w*konverteringer": the word itself
        stems = [spelled]
        if spelled.endswith(_OPEN):
            stem = spelled.rstrip(_OPEN)
            stems = [stem, *(stem + s for s in suffixes)]
        for word in stems:
            if _OPEN not in word and len(word) >= MIN_LENGTH and word.replace("-", "").isalpha():
                words.add(word)
    return words


def edit_at(a: str, b: str) -> int | None:
    """Where the one edit (optimal string alignment distance 1) between a and b is, as an index into the
    longer word; None when they are equal or further apart."""
    la, lb = len(a), len(b)
    if a == b or abs(la - lb) > 1:
        return None
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        replaced = a[i + 1 :] == b[i + 1 :]
        swapped = i + 1 < la and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2 :] == b[i + 2 :]
        return i if replaced or swapped else None
    return i if (a[i + 1 :] == b[i:] if la > lb else a[i:] == b[i + 1 :]) else None


def is_typo(word: str, known: str) -> bool:
    """One edit inside the word's stem: not in its first two letters (a different word: "kender" is not
    "kunder") and not in its last two (a different ending: "virksomheden" is not "virksomheder")."""
    at = edit_at(word, known)
    return at is not None and 2 <= at < max(len(word), len(known)) - 2


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


class TypoIndex:
    """metric word -> metric id, and every one-letter deletion of a metric word -> the words it came from."""

    __slots__ = ("_deletes", "_ignore", "_words", "max_length")

    def __init__(self, metrics: list[tuple[str, re.Pattern[str] | Any]], suffixes: list[str], ignore: list[str]):
        owners: dict[str, set[str]] = {}
        for ident, regex in metrics:
            for word in spelled_words(regex.pattern, regex.flags, suffixes):
                owners.setdefault(word, set()).add(ident)
        self._words = {w: next(iter(ids)) for w, ids in owners.items() if len(ids) == 1}
        self._deletes: dict[str, list[str]] = {}
        for word in self._words:
            for key in (word, *_deletions(word)):
                self._deletes.setdefault(key, []).append(word)
        self._ignore = frozenset(w.lower() for w in ignore)
        self.max_length = max(map(len, self._words), default=0) + 1

    def __len__(self) -> int:
        return len(self._words)

    def lookup(self, word: str) -> str | None:
        """The metric id of the one metric word within one edit of `word`, or None (also for an exact metric
        word: the pack's regex has already decided on it, context and all)."""
        w = word.lower()
        if not MIN_LENGTH <= len(w) <= self.max_length or w in self._words or w in self._ignore:
            return None
        found: set[str] = set()
        for key in (w, *_deletions(w)):
            for candidate in self._deletes.get(key, ()):
                if is_typo(w, candidate):
                    found.add(self._words[candidate])
        return next(iter(found)) if len(found) == 1 else None
