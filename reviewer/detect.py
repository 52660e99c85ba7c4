"""Language and kind detection.

Language: each pack scores the text by its common words, its distinctive spellings (markers) and how much
of its own vocabulary (time words, metric nouns, verbs) matches. Danish and Norwegian share most words, so
the vocabulary of each pack, written in that language's spelling (øge/øke, inden/innen, uge/uke), decides
between them. Measured against lingua on the labeled cases: see README ("Language detection").
"""

from __future__ import annotations

import re
from functools import cache

from reviewer.extract import Facts
from reviewer.lang import LanguagePack, packs

WORD = re.compile(r"\w+", re.UNICODE)


def _vocabulary_hits(pack: LanguagePack, text: str) -> int:
    hits = 0
    regexes = [
        pack.open_ended,
        *pack.vocab.values(),
        *(r for _, r in pack.metrics),
        *(r for _, r in pack.channels),
        *pack.months,
    ]
    for regex in regexes:
        hits += sum(1 for m in regex.finditer(text) if m.end() - m.start() >= 3)
    hits += sum(1 for p in pack.time_patterns[:12] for _ in p.regex.finditer(text))
    return hits


def language_scores(text: str) -> dict[str, float]:
    words = [w.lower() for w in WORD.findall(text)]
    scores: dict[str, float] = {}
    for pack in packs():
        score = sum(1.0 for w in words if w in pack.detect_words)
        score += sum(3.0 for regex in pack.detect_markers for _ in regex.finditer(text))
        score += 0.5 * _vocabulary_hits(pack, text)
        scores[pack.code] = score
    return scores


@cache
def _lingua() -> object | None:
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:  # the pack scores alone still work
        return None
    languages = {Language.ENGLISH: "en", Language.DANISH: "da", Language.BOKMAL: "nb", Language.SWEDISH: "sv"}
    detector = LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()
    return detector, languages


def lingua_confidences(text: str) -> dict[str, float]:
    loaded = _lingua()
    if loaded is None:
        return {}
    detector, languages = loaded  # type: ignore[misc]
    return {languages[c.language]: c.value for c in detector.compute_language_confidence_values(text)}


# How much one point of pack evidence weighs against lingua's confidence (0..1). Lingua decides when it is
# sure; on a near-tie (short Danish/Norwegian texts share most words) the packs' spelling evidence does.
PACK_WEIGHT = 0.08  # best of a sweep from 0 to 100 over the 714 labeled texts (README, "Language detection")


def detect_language(text: str) -> str:
    packs_ = language_scores(text)
    lingua = lingua_confidences(text)
    combined = {code: lingua.get(code, 0.0) + PACK_WEIGHT * score for code, score in packs_.items()}
    best = max(combined.values())
    if best <= 0:
        return "en"
    # Ties go to the order of the packs (da, en, nb, sv): stable, and documented in the README.
    return next(code for code, score in sorted(combined.items()) if score == best)


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
    mission += 1.0 if m.get("audience") else 0.0
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
