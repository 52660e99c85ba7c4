"""Language and kind detection.

Language, in two steps:
1. **Cheap evidence** from each pack: its common words (weight 1) and its distinctive spellings, the
   markers (weight 3), looked up word by word in a table built once. When one language leads the next by
   `margin` points, it is the answer: most texts stop here, in microseconds.
2. **A close call** (short Danish and Norwegian texts share most words) adds lingua's confidence and the
   packs' vocabulary evidence (time words, metric nouns, verbs, in each language's spelling) and takes the
   best. Measured on every labeled text: see README ("Language detection").

Only the first `PREFIX` characters are read (`CLOSE_PREFIX` on a close call): enough to tell the language,
and it bounds the cost of a long paste. Everything here is built once per engine (reviewer.engine.Reviewer) from the packs it was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from reviewer.extract import Facts
from reviewer.lang import LanguagePack, Languages, common
from reviewer.lang.prefilter import Prefiltered

WORD = re.compile(r"\w+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]")
_PROSE_WORD = re.compile(r"\b[^\W\d_]{2,}\b")
_NOT_SPACE = re.compile(r"\S")
PREFIX = 2000  # characters read for the cheap evidence
CLOSE_PREFIX = 600  # characters read by lingua and the vocabulary on a close call (close calls are short texts)

# How much one point of pack evidence weighs against lingua's confidence (0..1) on a close call.
PACK_WEIGHT = 0.08  # best of a sweep from 0 to 100 over the labeled texts (README, "Language detection")
MARGIN = 4.0  # cheap-evidence lead that settles the language without lingua (evals/bench_language.py)

_EXACT = re.compile(r"\\b(\w+)\\b")
_PREFIX = re.compile(r"\\b(\w+)\\w([*+])")
_SUFFIX = re.compile(r"(\w+)\\b")


@dataclass
class _Markers:
    """A pack's markers, split into word lookups (exact, prefix, suffix) and the few real regexes."""

    exact: set[str] = field(default_factory=set)
    prefixes: list[tuple[str, int]] = field(default_factory=list)  # (prefix, minimum length)
    suffixes: list[str] = field(default_factory=list)
    regexes: list[re.Pattern[str]] = field(default_factory=list)

    @classmethod
    def of(cls, pack: LanguagePack) -> _Markers:
        markers = cls()
        for regex in pack.detect_markers:
            source = regex.pattern
            if m := _EXACT.fullmatch(source):
                markers.exact.add(m.group(1).lower())
            elif m := _PREFIX.fullmatch(source):
                markers.prefixes.append((m.group(1).lower(), len(m.group(1)) + (m.group(2) == "+")))
            elif m := _SUFFIX.fullmatch(source):
                markers.suffixes.append(m.group(1).lower())
            else:
                markers.regexes.append(regex)
        return markers

    def count(self, word: str) -> int:
        hits = word in self.exact
        hits += sum(1 for p, n in self.prefixes if len(word) >= n and word.startswith(p))
        hits += sum(1 for s in self.suffixes if word.endswith(s))
        return hits


class UnsupportedLanguage(ValueError):
    """A text in a language no pack reviews (language "auto"): the API answers 422, the CLI exits 2 (refused input)."""

    def __init__(self, language: str, supported: list[str], field: str = "text") -> None:
        self.language, self.supported, self.field = language, supported, field
        super().__init__(
            f"{field}: the text looks {language}; supported: {', '.join(supported)}"
            " (set language to one of them to review it anyway)"
        )

    def at(self, field: str) -> UnsupportedLanguage:
        return UnsupportedLanguage(self.language, self.supported, field)


class LanguageDetector:
    def __init__(self, languages: Languages, pack_weight: float = PACK_WEIGHT, margin: float = MARGIN) -> None:
        self.packs = languages.all()
        self.fallback = languages.fallback
        self.codes = [p.code for p in self.packs]
        self.pack_weight = pack_weight
        self.margin = margin
        self._words = [p.detect_words for p in self.packs]
        self._markers = [_Markers.of(p) for p in self.packs]
        self._weights: dict[str, tuple[float, ...]] = {}
        self._evidence = [self._evidence_regexes(p) for p in self.packs]
        self._lingua, self._lingua_codes = self._build_lingua()
        self._foreign, self._foreign_names = self._build_foreign()

    # --- step 1: cheap evidence --------------------------------------------------------------------
    def _word_weights(self, word: str) -> tuple[float, ...]:
        weights = self._weights.get(word)
        if weights is None:
            weights = tuple(
                (word in words) + 3.0 * markers.count(word) for words, markers in zip(self._words, self._markers)
            )
            if len(self._weights) > 200_000:  # a bound on memory; the table is a pure cache
                self._weights.clear()
            self._weights[word] = weights
        return weights

    def cheap_scores(self, text: str) -> dict[str, float]:
        text = text[:PREFIX]
        totals = [0.0] * len(self.packs)
        for word in WORD.findall(text.lower()):
            for i, w in enumerate(self._word_weights(word)):
                totals[i] += w
        for i, markers in enumerate(self._markers):
            for regex in markers.regexes:
                totals[i] += 3.0 * sum(1 for _ in regex.finditer(text))
        return dict(zip(self.codes, totals))

    # --- step 2: a close call -------------------------------------------------------------------
    @staticmethod
    def _evidence_regexes(pack: LanguagePack) -> list[re.Pattern[str]]:
        return [
            pack.open_ended,
            *pack.vocab.values(),
            *(r for _, r in pack.metrics),
            *(r for _, r in pack.channels),
            *pack.months,
            *(p.regex for p in pack.time_patterns if p.own),
        ]

    def vocabulary_hits(self, index: int, text: str) -> int:
        present = self.packs[index].needle_index.present(text, text.casefold())
        return sum(
            1
            for regex in self._evidence[index]
            for m in (regex.finditer(text, present) if isinstance(regex, Prefiltered) else regex.finditer(text))
            if m.end() - m.start() >= 3
        )

    def scores(self, text: str) -> dict[str, float]:
        """Words, markers and vocabulary evidence per pack (the close-call score)."""
        text = text[:CLOSE_PREFIX]
        cheap = self.cheap_scores(text)
        return {code: cheap[code] + 0.5 * self.vocabulary_hits(i, text) for i, code in enumerate(self.codes)}

    def _build_lingua(self) -> tuple[Any, dict[Any, str]]:
        try:
            from lingua import Language, LanguageDetectorBuilder
        except ImportError:  # the packs' evidence alone still works
            return None, {}
        mapping = {getattr(Language, p.lingua): p.code for p in self.packs if p.lingua}
        if len(mapping) < 2:
            return None, {}
        detector = LanguageDetectorBuilder.from_languages(*mapping).with_preloaded_language_models().build()
        return detector, mapping

    def lingua_confidences(self, text: str) -> dict[str, float]:
        if self._lingua is None:
            return {}
        values = self._lingua.compute_language_confidence_values(text[:CLOSE_PREFIX])
        return {self._lingua_codes[c.language]: c.value for c in values}

    # --- a language we do not review ------------------------------------------------------------
    def _build_foreign(self) -> tuple[Any, set[Any]]:
        """A second lingua detector that also knows common.toml's unsupported languages (built once)."""
        cfg = common().get("unsupported_languages", {})
        try:
            from lingua import Language, LanguageDetectorBuilder
        except ImportError:  # without lingua nothing is refused
            return None, set()
        ours = {getattr(Language, p.lingua) for p in self.packs if p.lingua}
        foreign = {getattr(Language, name) for name in cfg.get("lingua", [])} - ours
        if not foreign or not ours:
            return None, set()
        # High accuracy mode: the low one (trigrams only, less memory) refused 4 of our labeled English and
        # Norwegian texts. Preloaded, so no request pays for loading; lingua shares our four languages' models.
        detector = LanguageDetectorBuilder.from_languages(*ours, *foreign).with_preloaded_language_models().build()
        return detector, foreign

    def unsupported(self, text: str) -> str | None:
        """The English name of the language the text is in ("German") when it is confidently one we do not
        review; None otherwise. Conservative: short texts and texts with good evidence for a pack are ours."""
        return self.screen(text)[0]

    def screen(self, text: str) -> tuple[str | None, dict[str, float] | None]:
        """`unsupported(text)`, plus lingua's confidences for our own languages when the check had to ask it
        (renormalized among ours), so that a close call right after does not run lingua a second time."""
        if self._foreign is None:
            return None, None
        cfg = common()["unsupported_languages"]
        head = text[:PREFIX]
        words = _PROSE_WORD.findall(head.lower())  # words of letters only, two or more
        if len(words) < cfg["min_words"] or sum(map(len, words)) < cfg["min_letter_share"] * len(_NOT_SPACE.findall(head)):
            return None, None  # too short, or not prose (symbols, digits, control characters): never refused
        known = sum(1 for w in words if max(self._word_weights(w)) > 0)
        if known >= cfg["known_words_below"] * len(words):
            return None, None  # enough of our words: ours (most texts stop here, without lingua)
        values = self._foreign.compute_language_confidence_values(text[:CLOSE_PREFIX])
        top = values[0] if values else None
        if top is not None and top.language in self._foreign_names and top.value >= cfg["min_confidence"]:
            return top.language.name.title(), None
        ours = {self._lingua_codes[v.language]: v.value for v in values if v.language in self._lingua_codes}
        total = sum(ours.values())
        return None, ({code: value / total for code, value in ours.items()} if total > 0 else None)

    # --- the answer -------------------------------------------------------------------------------
    def detect(self, text: str, lingua: dict[str, float] | None = None) -> str:
        """The pack's code. `lingua`: confidences already computed for this text (`screen`), if any."""
        cheap = self.cheap_scores(text)
        ranked = sorted(cheap.values(), reverse=True)
        if len(ranked) == 1 or ranked[0] - ranked[1] >= self.margin:
            return _best(cheap)
        return self.detect_close(text, lingua)

    def detect_close(self, text: str, lingua: dict[str, float] | None = None) -> str:
        if not _LETTER.search(text, 0, CLOSE_PREFIX):
            return self.fallback  # digits and symbols: no language to tell
        if lingua is None:
            lingua = self.lingua_confidences(text)
        combined = {code: lingua.get(code, 0.0) + self.pack_weight * s for code, s in self.scores(text).items()}
        if max(combined.values()) <= 0:
            return self.fallback  # nothing to go on (digits, symbols)
        return _best(combined)


def _best(scores: dict[str, float]) -> str:
    # Ties go to the order of the codes (da, en, nb, sv): stable, and documented in the README.
    best = max(scores.values())
    return next(code for code in sorted(scores) if scores[code] == best)


def kind_scores(facts: Facts) -> tuple[float, float]:
    """(goal score, mission score) from the extracted facts."""
    m = facts.mission
    goal = 0.0
    goal += 2.0 if facts.target is not None else 0.0
    goal += 2.0 if [t for t in facts.times if not t.recurring] else 0.0
    goal += 1.0 if facts.times and facts.times[0].recurring else 0.0
    goal += 1.0 if facts.open_ended else 0.0
    goal += 1.0 if facts.increase or facts.decrease else 0.0
    goal += 1.0 if facts.metrics else 0.0
    goal += 1.0 if facts.abstract else 0.0
    mission = 0.0
    mission += 6.0 if m.get("markers") else 0.0  # "Our mission is …" settles it
    purpose = m.get("purpose") or []
    mission += 2.0 if purpose else 0.0
    mission += 3.0 if purpose and purpose[0].start <= 2 else 0.0  # opens with what we do: "Vi hjælper …"
    mission += 1.0 if m.get("audience") else 0.0  # who is served (reviewer/mission_reading.py)
    mission += 2.0 if m.get("generic_only") else 0.0  # "Vi skaber værdi for vores kunder": mission talk, if empty
    mission += 1.0 if m.get("values") else 0.0
    mission += 1.0 if m.get("distinctive") else 0.0
    mission += 1.0 if facts.buzzwords else 0.0
    return goal, mission


def detect_kind(facts: Facts) -> str:
    goal, mission = kind_scores(facts)
    opens_with_purpose = any(p.start <= 2 for p in facts.mission.get("purpose", []))
    if facts.mission.get("markers"):
        return "mission"  # "Our mission is …", "Vi vil være Danmarks førende …": a mission, even with targets
    return "mission" if mission > goal or (mission == goal and opens_with_purpose) else "goal"


__all__ = ["LanguageDetector", "UnsupportedLanguage", "detect_kind", "kind_scores"]
