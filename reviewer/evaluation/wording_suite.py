"""The wording suite (issue #9): does the offline rewriter make texts better without changing what they say, and
do the review messages read as native in each language?

evals/wording/cases.jsonl holds goals and missions in en, da, nb and sv (passing goals, vague goals, bullet and
sentence pastes, inverted-meaning traps, implausible numbers, buzzword missions, good missions, missions that
name who/what/why), labelled from the issue's definitions, never from what the code answers:

    expected.passes          the text meets every criterion: no rewrite is offered (`needed` is false)
    expected.keep            words/numbers every suggestion for the text (or its part) must keep
    expected.may_drop        words a suggestion may leave out (hedges, buzzwords, the subject of a sentence)
    expected.failed_numbers  numbers that failed a criterion: a suggestion drops them, or flags them in a note
    expected.parts           a paste of N goals: N parts, one suggestion never glues two of them
    expected.direction       "decrease" goals must stay decrease goals

evals/wording/golden.jsonl holds exact messages (and, later, suggestions) as a native speaker corrected them.

Checks (each a rate over the cases it applies to, overall and per language):
    runs                      review and rewrite answer without an exception
    no_rewrite_when_passing   a passing text gets no suggestion, `needed` false and a `note` saying so
    suggested_when_needed     a failing text gets at least one suggestion
    content_kept              the input's content words (minus stopwords, flagged and may_drop words), the
                              `keep` phrases and a decrease goal's direction survive in every suggestion
    numbers_kept              the input's numbers that passed survive
    score_higher              the suggestion scores higher than the input (or its part), its placeholders counted as filled
    no_criterion_worse        no criterion that passed in the input fails or is unknown in the suggestion
    placeholders_not_passing  a suggestion with an unfilled placeholder does not pass every criterion
    failed_numbers_flagged    a failed number is dropped (a placeholder) or named in a note/assumption
    no_added_links            no URL, e-mail address, phone number or markup the input lacks
    paste_split               a paste splits into `parts` parts, each gets a suggestion, none is glued
    messages.*                no seed references ("(003)", "000:"), no other-language quotations, no empty
                              quotations, numbers/percentages/dates in the locale's format
    golden, golden.named      exact match with the corrected text; the issue's named corrections present

Every check is a pure function below (tests/test_wording_suite.py plants a bad suggestion or message in each).
Summary rates are per case: a case passes a check when every suggestion and message in it does.
"""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from reviewer.evaluation.cases import EVALS_DIR, LANGUAGES, SEEDS_DIR, Case, read_jsonl
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite
from reviewer.rewrite.judge import filled_score, waits_for_placeholder

WORDING_DIR = EVALS_DIR / "wording"
CASES_FILE = WORDING_DIR / "cases.jsonl"
GOLDEN_FILE = WORDING_DIR / "golden.jsonl"
STOPWORDS_FILE = WORDING_DIR / "stopwords.json"

# The checks, in the order the table shows them.
CHECKS = (
    "runs",  # the review and the rewrite answer without an exception
    "no_rewrite_when_passing",
    "suggested_when_needed",
    "content_kept",
    "numbers_kept",
    "score_higher",
    "no_criterion_worse",
    "placeholders_not_passing",
    "failed_numbers_flagged",
    "no_added_links",
    "paste_split",
    "messages.no_seed_refs",
    "messages.no_foreign_quotes",
    "messages.no_empty_quotes",
    "messages.locale_numbers",
    "golden",
    "golden.named",
)

# Findings whose matched words are the problem itself: a suggestion may replace those words (a buzzword, a
# target in a mission, "flere" without a number, an open-ended deadline, an abstract aim, the implausible number).
REPLACEABLE_RULES = (
    "mission.plain_language.buzzword",
    "mission.timeless.target",
    "goal.measurable.comparative-only",
    "goal.time_bound.open-ended",
    "goal.time_bound.past-deadline",
    "goal.achievable.implausible",
    "goal.specific.abstract-aim",
)

WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
NUMBER = re.compile(r"(?<![\w\[])\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?(?![\w\]])")
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]")  # as reviewer.rewrite.placeholders
BULLET = re.compile(r"^\s*(?:[•·▪◦*\-–—]|\d{1,2}[.)])\s+", re.MULTILINE)
SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " "})

# A quotation in a message: “…” (en, da), «…» (nb), ”…” (sv), "…", ‘…’.
QUOTE = re.compile(r"“([^“”]*)”|«([^«»]*)»|”([^”]*)”|\"([^\"]*)\"|‘([^‘’]*)’")
SEED_REFERENCE = re.compile(r"\(\s*\d{3}\s*\)|(?<![\w.,])\d{3}\s*:(?!\d)")
LINK = re.compile(
    r"https?://|www\.|\b[\w.+-]+@[\w-]+\.[\w.]+\b|<\s*/?\s*[a-zA-Z][^>]*>|\]\(|(?<!\d)\+?\d[\d ()-]{7,}\d(?!\d)"
)

COMMA_DECIMAL = {"da", "nb", "sv"}  # the rest: point decimals, "83%" (en)
# (pattern, what is wrong) per language group; checked outside quotations of the user's text and placeholders.
_COMMON_FORMATS = (
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "ISO date instead of the locale's date"),
    (re.compile(r"(?<![\d.,])\d{5,}(?![\d.,])"), "no thousands separator"),
    (re.compile(r"\w\((?:e|er|ar|or|s|n|r)\)", re.IGNORECASE), "plural in parentheses"),
)
_FORMATS = {
    "comma": (
        (re.compile(r"\d%"), "percent sign without a space"),
        (re.compile(r"(?<![\d.])\d+\.\d{1,2}(?![\d.])"), "decimal point instead of a comma"),
        (re.compile(r"(?<![\d,])\d{1,3},\d{3}(?![\d,])"), "English thousands comma"),
    ),
    "point": (
        (re.compile(r"\d[ \u00a0\u202f]%"), "space before the percent sign"),
        (re.compile(r"(?<![\d,])\d+,\d{1,2}(?![\d,])"), "decimal comma in English"),
        (re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])"), "thousands point in English"),
    ),
}
_THOUSANDS_POINT = (re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{3})+(?![\d.])"), "thousands point (use a space)")


# --- loading ---------------------------------------------------------------------------------------------


def load_wording_cases(path: Path = CASES_FILE) -> list[Case]:
    return read_jsonl(path) if path.exists() else []


def load_golden(path: Path = GOLDEN_FILE) -> list[Case]:
    return read_jsonl(path) if path.exists() else []


@cache
def extra_stopwords() -> dict[str, frozenset[str]]:
    raw = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8")) if STOPWORDS_FILE.exists() else {}
    return {k: frozenset(w.lower() for w in v) for k, v in raw.items() if not k.startswith("_")}


def stopwords_for(language: str, pack_stopwords: Iterable[str] = ()) -> frozenset[str]:
    return frozenset(w.lower() for w in pack_stopwords) | extra_stopwords().get(language, frozenset())


@cache
def _seed_texts() -> dict[str, str]:
    """Seed document text by language (../shared/seeds), for spotting a seed quotation in another language's
    message. Empty when the seeds are not next to the checkout."""
    languages = {"000": "da", "001": "en", "002": "da", "003": "nb", "004": "da"}
    found: dict[str, str] = {}
    if SEEDS_DIR.is_dir():
        for path in sorted(SEEDS_DIR.glob("0*.txt")):
            lang = languages.get(path.name[:3])
            if lang:
                found[lang] = found.get(lang, "") + "\n" + path.read_text(encoding="utf-8").casefold()
    return found


# --- text helpers ----------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Non-breaking and thin spaces as plain spaces: "83 %" with U+00A0 equals "83 %"."""
    return text.translate(SPACES)


def without_placeholders(text: str) -> str:
    return PLACEHOLDER.sub(" ", text)


def words(text: str) -> list[str]:
    return [w.casefold() for w in WORD.findall(text)]


def _kept(word: str, candidates: Iterable[str]) -> bool:
    """`word` or an inflection of it ("kunder" → "kunderne", "klager" → "klagene") is among `candidates`:
    words of up to four letters exactly, longer ones by all but their last three letters (at least four)."""
    need = max(4, len(word) - 3)
    for other in candidates:
        if other == word or (len(word) > 4 and len(other) >= need and other[:need] == word[:need]):
            return True
    return False


def number_values(text: str) -> list[tuple[str, float]]:
    """The numbers written in `text` outside placeholders, each with every value its separators allow."""
    found = []
    for m in NUMBER.finditer(without_placeholders(fold(text))):
        raw = m.group(0)
        for value in _readings(raw):
            found.append((raw, value))
    return found


def _readings(raw: str) -> set[float]:
    compact = raw.replace(" ", "")
    values = set()
    for candidate in (
        compact.replace(",", "."),
        compact.replace(",", "").replace(".", ""),
        compact.replace(".", "").replace(",", "."),
    ):
        try:
            values.add(float(candidate))
        except ValueError:
            pass
    return values


def _has_number(raw: str, text: str) -> bool:
    wanted = _readings(fold(raw).replace("%", "").strip())
    return any(v in wanted for _, v in number_values(text))


# --- checks on one suggestion (pure) -------------------------------------------------------------------


def missing_content_words(
    source: str, suggestion: str, stopwords: frozenset[str], exempt: Iterable[str] = ()
) -> list[str]:
    """Content words of `source` (not stopwords, not `exempt`) that `suggestion` lost."""
    exempt_words = {w for phrase in exempt for w in words(phrase)}
    have = set(words(without_placeholders(suggestion)))
    missing: list[str] = []
    for word in words(source):
        if word in stopwords or word in exempt_words or len(word) < 2 or word in missing:
            continue
        if not _kept(word, have):
            missing.append(word)
    return missing


def missing_phrases(keep: Sequence[str], suggestion: str) -> list[str]:
    """Labelled words/numbers (`expected.keep`) that `suggestion` lost: every chunk of a phrase must be kept
    (a number by value, "FY2026" or "€1.1M" as written, a word or an inflection of it)."""
    have = set(words(without_placeholders(suggestion)))
    lowered = fold(without_placeholders(suggestion)).casefold()
    missing = []
    for phrase in keep:
        for chunk in fold(phrase).split():
            chunk = chunk.strip(".,;:!?()«»“”\"'")
            letters, digits = any(c.isalpha() for c in chunk), any(c.isdigit() for c in chunk)
            if digits and letters:
                ok = chunk.casefold() in lowered
            elif digits:
                ok = _has_number(chunk, suggestion)
            else:
                ok = all(_kept(w, have) for w in words(chunk))
            if not ok:
                missing.append(phrase)
                break
    return missing


def missing_numbers(source: str, suggestion: str, failed: Sequence[str] = ()) -> list[str]:
    """Numbers of `source` that passed (not in `failed`) and that `suggestion` lost."""
    failed_values = {v for raw in failed for v in _readings(fold(raw).replace("%", "").strip())}
    missing = []
    for m in NUMBER.finditer(without_placeholders(fold(source))):
        raw = m.group(0)
        if _readings(raw) & failed_values:
            continue
        if not _has_number(raw, suggestion) and raw not in missing:
            missing.append(raw)
    return missing


def unflagged_failed_numbers(failed: Sequence[str], source: str, suggestion: str, notes: Sequence[str]) -> list[str]:
    """Failed numbers (present in `source`) that `suggestion` repeats with no note or assumption naming them."""
    bad = []
    for raw in failed:
        core = fold(raw).replace("%", "").strip()
        if not _has_number(core, source) or not _has_number(core, suggestion):
            continue
        if not any(_has_number(core, note) for note in notes):
            bad.append(raw)
    return bad


def added_links(source: str, suggestion: str) -> list[str]:
    """URLs, e-mail addresses, phone numbers or markup in `suggestion` that `source` does not have."""
    had = {m.group(0) for m in LINK.finditer(source)}
    return [m.group(0) for m in LINK.finditer(suggestion) if m.group(0) not in had]


def direction_kept(expected: str | None, actual: str | None, input_reading: str | None = None) -> bool:
    """The suggestion still goes the labelled way. When the reviewer reads the input the same way it reads the
    suggestion (both wrong), the rewriter changed nothing: that is the facts suite's failure, not this one's."""
    return expected is None or actual == expected or (input_reading != expected and actual == input_reading)


def worse_criteria(before: Any, after: Any, replaced_failed_number: bool = False) -> list[str]:
    """Criteria that passed in the input's review and do not in the suggestion's. The issue asks for a failed
    number to be replaced by a placeholder, so when the suggestion did that, "measurable" may become unknown
    (the placeholder is a target to fill in), never fail; likewise any criterion that is unknown only because
    a placeholder waits to be filled (the judge's rule, reviewer.rewrite.judge.waits_for_placeholder)."""
    worse = []
    for name, c in before.criteria.items():
        now = after.criteria[name].status if name in after.criteria else None
        if c.status != "pass" or now in (None, "pass"):
            continue
        if now == "unknown" and (
            (replaced_failed_number and name == "measurable") or waits_for_placeholder(after, name)
        ):
            continue
        worse.append(name)
    return worse


def all_pass(review: Any) -> bool:
    """Every criterion passes: a suggestion with an unfilled placeholder must not look done (issue #9: a
    criterion met only by a placeholder is unknown)."""
    return all(c.status == "pass" for c in review.criteria.values())


# --- pastes ----------------------------------------------------------------------------------------------


def split_parts(text: str) -> list[str]:
    """The goals of a paste: bullet or numbered lines, "•"-separated fragments, or sentences."""
    if BULLET.search(text) or "•" in text:
        pieces = re.split(r"\n+|\s•\s", text)
        parts = [BULLET.sub("", p).strip(" •\t") for p in pieces]
    else:
        parts = re.split(r"(?<=[.!?])\s+(?=[^\W\d_])", text.strip())
    return [p.strip() for p in parts if p.strip()]


def part_of(suggestion: str, parts: Sequence[str], stopwords: frozenset[str]) -> int | None:
    """The part a suggestion rewrites: the one whose content words it keeps most of."""
    best, best_score = None, 0.0
    for i, part in enumerate(parts):
        content = [w for w in words(part) if w not in stopwords]
        if not content:
            continue
        score = 1 - len(missing_content_words(part, suggestion, stopwords)) / len(content)
        if score > best_score:
            best, best_score = i, score
    return best


def glued_parts(
    suggestion: str, parts: Sequence[str], stopwords: frozenset[str], ignore: Iterable[str] = ()
) -> list[int]:
    """Indices of the parts whose own words (in no other part) appear in `suggestion`; two or more: glued.
    The opening word of each part ("Increase", "Flere", "Bättre") and `ignore` (the pack's direction words,
    which the templates add) are nobody's own words."""
    if len(parts) < 2:
        return []
    if "•" in suggestion or "\n" in suggestion.strip():
        return list(range(len(parts)))
    skip = set(stopwords) | {w.casefold() for w in ignore}
    content = []
    for part in parts:
        found = words(part)
        content.append({w for w in found[1:] if w not in skip})
    have = set(words(without_placeholders(suggestion)))
    hit = []
    for i, own in enumerate(content):
        others = set().union(*(c for j, c in enumerate(content) if j != i))
        distinctive = [w for w in own if not _kept(w, others)]
        if any(_kept(w, have) for w in distinctive):
            hit.append(i)
    return hit


def direction_words(text: str, patterns: Iterable[Any]) -> set[str]:
    """The words of `text` that one of the pack's direction patterns (increase, decrease, comparatives) matches
    whole."""
    found = set()
    for word in WORD.findall(text):
        for pattern in patterns:
            if any(m.group(0).casefold() == word.casefold() for m in pattern.finditer(word)):
                found.add(word.casefold())
                break
    return found


# --- checks on one message (pure) ----------------------------------------------------------------------


def quotations(message: str) -> list[str]:
    return [next(g for g in m.groups() if g is not None) for m in QUOTE.finditer(message)]


def seed_references(message: str) -> list[str]:
    return [m.group(0) for m in SEED_REFERENCE.finditer(message)]


def empty_quotes(message: str) -> list[str]:
    return [q for q in quotations(message) if not re.sub(r"[\s.…]", "", q)]


def _is_evidence(quote: str, sources: Sequence[str]) -> bool:
    q = fold(quote).strip(" …").casefold()
    return bool(q) and any(q in fold(s).casefold() for s in sources)


def foreign_quotes(
    message: str, language: str, sources: Sequence[str], detect: Callable[[str], str] | None = None
) -> list[str]:
    """Quotations that are not the user's words and are written in another language: a seed's sentence in
    another language, or (three words or more) text the detector reads as another language."""
    seeds = _seed_texts()
    bad = []
    for quote in quotations(message):
        if _is_evidence(quote, sources):
            continue
        plain = fold(quote).strip(" …").casefold()
        if len(words(plain)) < 2:
            continue
        in_other_seed = any(plain in text for lang, text in seeds.items() if lang != language) and not (
            plain in seeds.get(language, "")
        )
        detected = None
        if detect is not None and len(words(plain)) >= 3:
            try:
                detected = detect(plain)
            except Exception:  # noqa: BLE001 - a refused text is no verdict
                detected = None
        if in_other_seed or (detected is not None and detected in LANGUAGES and detected != language):
            bad.append(quote)
    return bad


def number_format_errors(message: str, language: str, sources: Sequence[str] = ()) -> list[str]:
    """Numbers, percentages and dates not in the locale's format, outside quotations of the user's text."""
    text = message
    for m in QUOTE.finditer(message):
        quote = next(g for g in m.groups() if g is not None)
        if _is_evidence(quote, sources):
            text = text.replace(m.group(0), " ")
    text = without_placeholders(text)
    checks = list(_COMMON_FORMATS) + list(_FORMATS["comma" if language in COMMA_DECIMAL else "point"])
    if language in ("nb", "sv"):
        checks.append(_THOUSANDS_POINT)
    return [f"{m.group(0)!r}: {why}" for pattern, why in checks for m in pattern.finditer(text)]


# --- the run ---------------------------------------------------------------------------------------------


@dataclass
class CaseOutcome:
    checks: dict[str, bool] = field(default_factory=dict)
    reasons: dict[str, list[str]] = field(default_factory=dict)

    def record(self, check: str, ok: bool, reason: str | None = None) -> None:
        self.checks[check] = self.checks.get(check, True) and ok
        if not ok and reason:
            self.reasons.setdefault(check, []).append(reason)


def _source_span(suggestion: Any, text: str) -> str | None:
    """The part of the input the suggestion says it rewrites (`Suggestion.source`), if it says."""
    source = getattr(suggestion, "source", None)
    if source is None:
        return None
    offset, length = getattr(source, "offset", None), getattr(source, "length", None)
    if isinstance(offset, int) and isinstance(length, int) and 0 <= offset <= offset + length <= len(text):
        return text[offset : offset + length]
    return None


def _notes(suggestion: Any, response: Any) -> list[str]:
    found = list(getattr(suggestion, "assumptions", []) or [])
    for name in ("notes", "note"):
        value = getattr(suggestion, name, None)
        found += value if isinstance(value, list) else [value] if isinstance(value, str) else []
    return found


def _messages(review: Any) -> list[str]:
    seen: list[str] = []
    for message in [c.message for c in review.criteria.values()] + [f.message for f in review.findings]:
        if message and message not in seen:
            seen.append(message)
    return seen


def _exempt(review: Any, text: str) -> list[str]:
    """The words flagged by a finding that makes them replaceable."""
    spans = []
    for f in review.findings:
        if str(f.rule) in REPLACEABLE_RULES and 0 < f.length <= max(40, len(text) // 2):
            spans.append(text[f.offset : f.offset + f.length])
    return spans


class _Run:
    def __init__(self, options: SuiteOptions, rewriter: Any = None) -> None:
        from reviewer.rewrite import OfflineRewriter

        self.engine = options.engine
        # The offline rewriter, whatever the environment configures (tests hand in a planted one).
        self.rewriting = options.engine.with_rewriter(rewriter or OfflineRewriter())
        self._reviews: dict[tuple[str, str, str, str], Any] = {}

    def review(self, text: str, kind: str, language: str, context: Any) -> Any:
        key = (text, kind, language, context.model_dump_json())
        if key not in self._reviews:
            self._reviews[key] = self.engine.review(text, kind=kind, language=language, context=context)
        return self._reviews[key]

    def detect(self, text: str) -> str:
        return self.engine.detect_language(text)

    def case(self, case: Case) -> CaseOutcome:
        from reviewer.models import Context, RewriteRequest

        out = CaseOutcome()
        out.record("runs", True)
        lang, kind, text = case["language"], case["kind"], case["text"]
        expected = case["expected"]
        context = Context(**(case.get("context") or {}))
        stop = stopwords_for(lang, self.engine.languages[lang].stopwords if lang in self.engine.languages else ())
        original = self.review(text, kind, lang, context)
        request = RewriteRequest(text=text, kind=kind, language=lang, context=context, max_suggestions=10)
        response = asyncio.run(self.rewriting.rewrite(request))
        suggestions = list(response.suggestions)
        shown = [f"{s.text}" for s in suggestions]

        if expected.get("passes"):
            needed = getattr(response, "needed", None)
            # ... and the answer says so: `note`, in the text's language, when the response has `needed`
            ok = not suggestions and needed is not True and (needed is None or bool(getattr(response, "note", "")))
            verdict = ", ".join(f"{n} {c.status}" for n, c in original.criteria.items() if c.status != "pass")
            out.record(
                "no_rewrite_when_passing",
                ok,
                f"{len(suggestions)} suggestion(s), needed={needed} (review: {verdict or 'all pass'}): {shown[:2]}",
            )
        else:
            out.record("suggested_when_needed", bool(suggestions), "no suggestion for a text that fails a criterion")

        pack = self.engine.languages[lang]
        directions = [pack.vocab[k] for k in ("increase", "decrease", "comparatives") if k in pack.vocab]
        parts = split_parts(text) if expected.get("parts") else [text]
        if expected.get("parts"):
            ok = len(parts) == expected["parts"]
            out.record("paste_split", ok, f"the paste has {expected['parts']} parts; split_parts found {len(parts)}")
        covered: set[int] = set()
        for s in suggestions:
            span = _source_span(s, text)
            if expected.get("parts"):
                glued = glued_parts(s.text, parts, stop, direction_words(text, directions))
                out.record("paste_split", len(glued) < 2, f"glues parts {glued}: {s.text!r}")
                if span is not None and span.strip() in ("", text.strip()):
                    span = None  # an empty span or "the whole paste" says nothing about the part
                index = next((i for i, p in enumerate(parts) if span is not None and (p in span or span in p)), None)
                if index is None:
                    index = part_of(s.text, parts, stop)
                if index is not None:
                    covered.add(index)
                part = span if span is not None else parts[index] if index is not None else text
            else:
                part = span if span is not None else text
            part_review = original if part == text else self.review(part, kind, lang, context)
            failed = [n for n in expected.get("failed_numbers", []) if _has_number(fold(n).replace("%", ""), part)]
            keep = [k for k in expected.get("keep", []) if _phrase_in(k, part)]
            exempt = [*expected.get("may_drop", []), *_exempt(part_review, part), *failed]
            lost = missing_content_words(part, s.text, stop, exempt) + missing_phrases(keep, s.text)
            judged = self.engine.review(s.text, kind=kind, language=lang, context=context)
            turned = not direction_kept(
                expected.get("direction"), judged.extracted.direction, part_review.extracted.direction
            )
            out.record(
                "content_kept",
                not lost and not turned,
                f"lost {lost}" + (f", direction now {judged.extracted.direction}" if turned else "") + f": {s.text!r}",
            )
            lost_numbers = missing_numbers(part, s.text, failed)
            out.record("numbers_kept", not lost_numbers, f"lost {lost_numbers}: {s.text!r}")
            if not expected.get("passes"):
                # The judge's measure: the suggestion's score once its placeholders are filled. A placeholder
                # that asks for a missing purpose or replaces a failed number does not raise the shown score
                # (both stay or become unknown), yet the suggestion is better; the shown score never counts it.
                better = filled_score(judged)
                out.record(
                    "score_higher",
                    better > part_review.score,
                    f"{better:.3f} (placeholders filled) ≤ input {part_review.score:.3f}: {s.text!r}",
                )
            replaced = bool(failed) and not unflagged_failed_numbers(failed, part, s.text, notes=[])
            worse = worse_criteria(part_review, judged, replaced)
            out.record("no_criterion_worse", not worse, f"{worse} passed in the input, not in {s.text!r}")
            if PLACEHOLDER.search(s.text):
                out.record(
                    "placeholders_not_passing",
                    not all_pass(judged),
                    f"every criterion passes while placeholders are unfilled: {s.text!r}",
                )
            if failed:
                unflagged = unflagged_failed_numbers(failed, part, s.text, _notes(s, response))
                out.record("failed_numbers_flagged", not unflagged, f"keeps {unflagged} unflagged: {s.text!r}")
            links = added_links(text, s.text)
            out.record("no_added_links", not links, f"adds {links}: {s.text!r}")
        if expected.get("parts") and suggestions:
            missing = [i for i in range(len(parts)) if i not in covered]
            out.record("paste_split", not missing, f"no suggestion for part(s) {[parts[i] for i in missing]}")

        # Messages: the review's, each suggestion's own review's, and the "no rewrite needed" note.
        shown_messages = [(m, [text]) for m in _messages(original)]
        shown_messages += [(m, [s.text, text]) for s in suggestions for m in _messages(s.review)]
        note = getattr(response, "note", None)
        if note:
            shown_messages.append((note, [text]))
        for message, sources in shown_messages:
            refs = seed_references(message)
            out.record("messages.no_seed_refs", not refs, f"{refs} in {message!r}")
            foreign = foreign_quotes(message, lang, sources, self.detect)
            out.record("messages.no_foreign_quotes", not foreign, f"{foreign} in {message!r}")
            empty = empty_quotes(message)
            out.record("messages.no_empty_quotes", not empty, f"empty quotation in {message!r}")
            formats = number_format_errors(message, lang, sources)
            out.record("messages.locale_numbers", not formats, f"{formats} in {message!r}")
        return out

    def golden(self, entry: Case) -> tuple[bool, str]:
        from reviewer.models import Context, RewriteRequest

        context = Context(**(entry.get("context") or {}))
        lang, kind, text = entry["language"], entry["kind"], entry["text"]
        if entry.get("target", "message") == "suggestion":
            request = RewriteRequest(text=text, kind=kind, language=lang, context=context)
            response = asyncio.run(self.rewriting.rewrite(request))
            actual = response.suggestions[0].text if response.suggestions else "(no suggestion)"
        else:
            review = self.review(text, kind, lang, context)
            if entry.get("rule"):
                actual = next((f.message for f in review.findings if str(f.rule) == entry["rule"]), "(no such finding)")
            else:
                actual = review.criteria[entry["criterion"]].message
        return fold(actual) == fold(entry["expected"]), actual


def named_corrections(entry: Case, actual: str) -> list[str]:
    """What a golden entry's `must_contain` / `must_not_contain` fragments (the corrections the issue names)
    find wrong in `actual`."""
    text = fold(actual)
    wrong = [f"lacks {m!r}" for m in entry.get("must_contain", []) if fold(m) not in text]
    return wrong + [f"has {m!r}" for m in entry.get("must_not_contain", []) if fold(m) in text]


def _phrase_in(phrase: str, text: str) -> bool:
    """A labelled phrase belongs to this part of a paste (all its tokens occur there)."""
    return not missing_phrases([phrase], text)


@register_suite("wording")
def wording_suite(options: SuiteOptions) -> SuiteResult:
    run = _Run(options)
    cases = load_wording_cases()
    golden = load_golden()
    tallies: dict[str, dict[str, list[int]]] = {check: {} for check in (*CHECKS, "cases_all_right")}
    failures: list[dict[str, Any]] = []
    results: dict[str, dict[str, str]] = {}
    errors = 0

    def tally(check: str, lang: str, ok: bool) -> None:
        for group in (lang, "all"):
            row = tallies[check].setdefault(group, [0, 0])
            row[0] += ok
            row[1] += 1

    for case in cases:
        lang = case["language"]
        try:
            outcome = run.case(case)
        except Exception as exc:  # noqa: BLE001 - one broken case must not hide the others
            errors += 1
            outcome = CaseOutcome()
            outcome.record("runs", False, f"error: {type(exc).__name__}: {exc}"[:300])
        results[case["id"]] = {check: "pass" if ok else "fail" for check, ok in outcome.checks.items()}
        for check, ok in outcome.checks.items():
            tally(check, lang, ok)
            if not ok:
                reasons = outcome.reasons.get(check, [])
                failures.append(
                    {
                        "id": case["id"],
                        "criterion": check,
                        "expected": "pass",
                        "actual": "; ".join(reasons[:3])[:600],
                        "language": lang,
                        "text": case["text"],
                    }
                )
        tally("cases_all_right", lang, all(outcome.checks.values()))
    for entry in golden:
        lang = entry["language"]
        try:
            ok, actual = run.golden(entry)
        except Exception as exc:  # noqa: BLE001
            errors += 1
            ok, actual = False, f"error: {type(exc).__name__}: {exc}"[:300]
        named = named_corrections(entry, actual) if not actual.startswith("error:") else [actual]
        tally("golden", lang, ok)
        tally("golden.named", lang, not named)
        results[entry["id"]] = {"golden": "pass" if ok else "fail", "golden.named": "fail" if named else "pass"}
        if not ok:
            failures.append(
                {
                    "id": entry["id"],
                    "criterion": "golden",
                    "expected": entry["expected"],
                    "actual": actual,
                    "language": lang,
                    "text": entry["text"],
                }
            )
        if named:
            failures.append(
                {
                    "id": entry["id"],
                    "criterion": "golden.named",
                    "expected": "pass",
                    "actual": "; ".join(named),
                    "language": lang,
                    "text": entry["text"],
                }
            )

    def rate(row: list[int] | None) -> float | None:
        return round(row[0] / row[1], 4) if row and row[1] else None

    summary: dict[str, float | None] = {}
    table: dict[str, dict[str, float | None]] = {}
    for check, groups in tallies.items():
        summary[check] = rate(groups.get("all"))
        table[check] = {g: rate(groups.get(g)) for g in (*LANGUAGES, "all")}
        table[check]["n"] = groups.get("all", [0, 0])[1]
        for g in LANGUAGES:
            if groups.get(g):
                summary[f"{check}.{g}"] = rate(groups[g])
    counts = {"cases": len(cases), **{lang: sum(1 for c in cases if c["language"] == lang) for lang in LANGUAGES}}
    counts |= {"golden": len(golden), "errors": errors}
    return {
        "counts": counts,
        "metrics": {"summary": summary, "by_language": table},
        "failures": failures,
        "results": results,
        "prompt_version": None,
        "show_failures": 60,
    }
