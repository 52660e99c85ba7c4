"""Numbers written in words, as a pack's [numbers] table spells them.

Compounds in one word or several ("femhundrede", "fem hundre", "två hundra", "tjugofem", "twenty-five",
"femogtyve", "to hundrede og halvtreds") and a multiplier counted by the pack's word for one ("a dozen",
"en miljon", "et hundrede"). The words, the multipliers and the joiners ("og", "and") are the pack's data;
this module only knows how numbers compose: units and tens add up (one tens word and one unit word, in either
order), a multiplier multiplies what stands before it.
"""

from __future__ import annotations

import re

FLAGS = re.IGNORECASE | re.UNICODE
MAX_PARTS = 7  # words in one compound: bounds the regex's work at each word start (linear time)


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((re.escape(w).replace(r"\ ", r"\s+") for w in words), key=len, reverse=True))


def _key(word: str) -> str:
    return re.sub(r"\s+", " ", word.strip().lower())


class Numerals:
    """The number words of one language: a regex fragment that matches one number in words, and its value."""

    def __init__(self, words: dict[str, float], multiply: dict[str, float], one: list[str], joiners: list[str]):
        self.additive = {_key(w): float(v) for w, v in words.items() if float(v) < 100}
        # a word worth 100 or more multiplies what stands before it ("fem hundre"), as do the pack's multipliers
        self.multiply = {_key(w): float(v) for w, v in words.items() if float(v) >= 100}
        self.multiply.update({_key(w): float(v) for w, v in multiply.items()})
        self.one = {_key(w) for w in one}
        everything = [*self.additive, *self.multiply]
        word = _alternation(everything)
        mult = _alternation(list(self.multiply))
        ones = _alternation(list(self.one))
        joiner = _alternation(joiners) if joiners else ""
        join = rf"\s*-\s*|\s+(?:{joiner})\s+|(?:{joiner})|\s+|" if joiner else r"\s*-\s*|\s+|"
        start = rf"(?:{ones})\s+(?:{mult})|(?:{word})" if ones and mult else rf"(?:{word})"
        # no named groups: packs wrap it in their own ({num})
        self.pattern = rf"(?:{start})(?:(?:{join})(?:{word})){{0,{MAX_PARTS - 1}}}" if everything else ""
        parts = [rf"(?P<w>{word})", rf"(?P<s>\s*-\s*|\s+{'|' + joiner if joiner else ''})"]
        if ones:
            parts.append(rf"(?P<o>(?:{ones})(?!\w))")  # "a dozen", not the "an" of "and"
        self._token = re.compile("|".join(parts), FLAGS)

    def value(self, raw: str) -> float | None:
        """The number a compound names, or None when the words do not make one number ("tre og fire")."""
        text = raw.strip().lower()
        if not text:
            return None
        tokens: list[tuple[str, float]] = []
        position = 0
        for m in self._token.finditer(text):
            if m.start() != position:
                return None
            position = m.end()
            if m.lastgroup == "w":
                key = _key(m.group())
                tokens.append(("m", self.multiply[key]) if key in self.multiply else ("a", self.additive[key]))
            elif m.lastgroup == "o":
                tokens.append(("o", 1.0))
        if position != len(text) or not tokens:
            return None
        return _compose(tokens)


def _compose(tokens: list[tuple[str, float]]) -> float | None:
    total = group = 0.0
    adds: list[float] = []
    for i, (kind, value) in enumerate(tokens):
        if kind == "o":  # the word for one, only before a multiplier: "a dozen", "en miljon"
            if i != 0 or len(tokens) < 2 or tokens[1][0] != "m":
                return None
            group = 1.0
        elif kind == "m":
            group = group or 1.0
            if value >= 1000:
                total, group = total + group * value, 0.0
            else:
                group *= value
            adds = []
        else:
            adds.append(value)
            if not _one_number(adds):
                return None
            group += value
    return total + group


def _one_number(adds: list[float]) -> bool:
    """Words below a hundred form one number alone, or as a tens word and a unit word in either order
    ("twenty-five", "femogtyve"); "three four" is not a number."""
    if len(adds) == 1:
        return True
    if len(adds) != 2:
        return False
    tens = [a for a in adds if a >= 20 and a % 10 == 0]
    units = [a for a in adds if 0 < a < 10]
    return len(tens) == 1 and len(units) == 1
