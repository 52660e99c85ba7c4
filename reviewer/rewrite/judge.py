"""One notion of a good rewrite, used by the offline rewriter, the model path and the rewrite eval.

A candidate is good when
- the same rules that reviewed the user's text pass it on the criteria that matter (S, M, T for goals;
  concise, purpose, plain language, timeless for missions); a criterion left `unknown` only because a
  placeholder waits to be filled ("[X] %", "[dato]": the rules `*.placeholder`) is accepted, since filling
  the gaps is the point of a suggestion;
- it is written in the user's language and reviewed as the same kind, and keeps the goal's direction;
- it holds no number that is in neither the user's text, the context nor its own assumptions (numbers inside
  placeholders are not claims);
- it is faithful: it keeps the user's content words (the pack's stopwords, direction words and [rewrite]
  not_content fillers aside) and numbers, except those a finding flags as the thing to change (an
  implausible number, an open-ended time word, an abstract aim, a buzzword, a target in a mission, the
  sentences past a mission's limit) and the pack's abstract aims ("engagement", "synlighed");
- no criterion that passed in the user's text is worse in it (a placeholder waiting to be filled is a gap, not
  a loss), and its score with the placeholders filled is higher than the text's;
- it adds no URL, e-mail address, phone number or markup the user's text lacks (text selected on a web page
  can carry instructions to a model);
- it is one sentence as the pack's templates write them: a capital first, sentence punctuation last, no
  doubled word, no preposition left dangling at the end.

The reasons are the re-ask feedback of the model path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from reviewer.detect import UnsupportedLanguage
from reviewer.extract import PLACEHOLDER
from reviewer.findings import STATUS_SCORE
from reviewer.lang import LanguagePack, Languages
from reviewer.models import Context, Review
from reviewer.rewrite.numbers import invented_numbers, numbers_in
from reviewer.rules import get as rule_of

REQUIRED = {
    "goal": ("specific", "measurable", "time_bound"),
    "mission": ("concise", "purpose", "plain_language", "timeless"),
}

# Findings whose words a rewrite is there to change: their spans may be dropped or replaced.
FLAGGED = frozenset(
    {
        "goal.achievable.implausible",
        "goal.time_bound.open-ended",
        "goal.time_bound.past-deadline",
        "goal.specific.abstract-aim",
        "goal.measurable.comparative-only",
        "mission.plain_language.buzzword",
        "mission.distinctive.generic",  # "solutions", "kvalitetsprodukter": the claim every competitor makes
        "mission.timeless.target",
        "mission.concise.too-long",
    }
)
# A mission's target and its deadline are one clause and go together: "med 30 % markedsandel inden 2030"
CLAUSE_GAP = 40
_CLAUSE_MARK = re.compile(r"[,.;:!?]")
_RANK = {"fail": 0, "unknown": 1, "pass": 2}

_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_URL = re.compile(r"(?i)\b(?:https?|ftp|file|javascript|data):\S*|\bwww\.\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dk|no|se|uk|de|eu|info|biz|app|dev|example|xyz|ru|cn)\b(?:/\S*)?")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?:\btel:|\+\d[\d\s().-]{6,}\d|\b\d{2}(?:[\s-]\d{2}){3}\b|\(\d{2,4}\)\s*\d|\b\d{3}[\s.-]\d{3}[\s.-]\d{4}\b)")
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>|!?\[[^\]\n]*\]\([^)\n]*\)|```|~~~|&#?\w+;")
_OPENING = re.compile(r"^[\"'“‘«(\[]*(?:\[[^\]]*\]\s*)?(?P<first>.)", re.DOTALL)
_CLOSING = re.compile(r"[.!?…][\"'”’»)]*$")
_DOUBLED = re.compile(r"(?<!\w)(\w+)\s+\1(?!\w)", re.IGNORECASE)
_LAST_WORD = re.compile(r"(\w+)\W*$")


class Engine(Protocol):
    """What judging needs from the engine (reviewer.engine.Reviewer): the same review the user's text got."""

    languages: Languages

    def review(self, text: str, kind: str = "auto", language: str = "auto", context: Context | None = None) -> Review: ...


@dataclass(frozen=True)
class Verdict:
    review: Review  # the candidate's own review (language detected, as the user's text would be)
    # check -> why: a required criterion or one that got worse, "kind", "language", "direction", "numbers",
    # "kept", "score", "added" or "sentence"
    failures: Mapping[str, str]

    @property
    def passed(self) -> bool:
        return not self.failures

    @property
    def reasons(self) -> list[str]:
        """The failures as the re-ask prompt shows them."""
        return [f"{check}: {why}" for check, why in self.failures.items()]


def waits_for_placeholder(review: Review, criterion: str) -> bool:
    """True when `criterion` is unknown only because a placeholder waits to be filled."""
    if review.criteria[criterion].status != "unknown":
        return False
    causes = [f for f in review.findings if f.criterion == criterion and (r := rule_of(f.rule)) is not None and r.effect is not None]
    return bool(causes) and all(f.rule.endswith(".placeholder") for f in causes)


def filled_score(review: Review) -> float:
    """The score the candidate earns once its placeholders are filled: a criterion that waits for one counts
    as passed. The score shown (review.score) still counts it unknown, so a suggestion with gaps never looks
    done; this one asks whether the suggestion is better than the user's text at all."""
    values = [1.0 if waits_for_placeholder(review, name) else STATUS_SCORE[c.status] for name, c in review.criteria.items()]
    return round(sum(values) / len(values), 3) if values else 0.0


def judge(
    engine: Engine,
    original: Review,
    source: str,
    context: Context | Mapping[str, Any] | None,
    text: str,
    assumptions: Sequence[str] = (),
) -> Verdict:
    """The verdict on one candidate `text` for the user's `source` text, which was reviewed as `original`."""
    if not isinstance(context, Context):
        context = Context(**(context or {}))
    foreign = None
    try:
        checked = engine.review(text, kind=original.kind, language="auto", context=context)
    except UnsupportedLanguage as exc:  # a candidate in German is a failed candidate, not a refused request
        checked = engine.review(text, kind=original.kind, language=original.language, context=context)
        foreign = exc.language
    failures: dict[str, str] = {}
    if foreign is not None:
        failures["language"] = f"written in {foreign}, not {original.language}"
    for name in REQUIRED[original.kind]:
        if checked.criteria[name].status != "pass" and not waits_for_placeholder(checked, name):
            failures[name] = checked.criteria[name].message
    for name, before in original.criteria.items():
        after = checked.criteria.get(name)
        if name in failures or after is None or waits_for_placeholder(checked, name):
            continue  # a gap to fill is no loss: dropping the user's own words is the "kept" check's business
        if _RANK[after.status] < _RANK[before.status]:
            failures[name] = f"passed in the user's text and is now {after.status}: {after.message}"
    if checked.kind != original.kind:
        failures["kind"] = f"reviewed as a {checked.kind}, not a {original.kind}"
    if checked.language != original.language and foreign is None:
        failures["language"] = f"written in {checked.language}, not {original.language}"
    before_dir, after_dir = original.extracted.direction, checked.extracted.direction
    if before_dir and after_dir and before_dir != after_dir:
        failures["direction"] = f"the user's text wants to {before_dir} it; the rewrite says {after_dir}"
    invented = invented_numbers(text, source, context, list(assumptions))
    if invented:
        numbers = ", ".join(f"{n:g}" for n in sorted(invented))
        failures["numbers"] = f"{numbers} appear in neither the user's text nor the context; use a placeholder such as [X]"
    try:
        pack: LanguagePack | None = engine.languages[original.language]
    except KeyError:
        pack = None
    unflagged = _unflagged(source, original)
    if pack is not None and "abstract" in pack.vocab:  # an abstract aim is there to be made concrete
        unflagged = pack.vocab["abstract"].regex.sub(lambda m: " " * len(m.group(0)), unflagged)
    lost_words = _lost_words(unflagged, text, pack) if pack is not None else []
    lost_numbers = sorted(numbers_in(unflagged) - numbers_in(text))
    if lost_words or lost_numbers:
        lost = [*lost_words, *(f"{n:g}" for n in lost_numbers)]
        failures["kept"] = f"drops the user's own {', '.join(lost)}; keep them and change only what failed"
    filled = filled_score(checked)
    if filled <= original.score:
        failures["score"] = f"scores {filled:g} with its placeholders filled, not higher than the user's text ({original.score:g})"
    added = added_unsafe(source, text)
    if added:
        failures["added"] = f"adds {', '.join(added)}, which the user's text lacks; no links, addresses, numbers to call or markup"
    wrong = sentence_problems(text, pack)
    if wrong:
        failures["sentence"] = "; ".join(wrong)
    return Verdict(checked, failures)


def _unflagged(source: str, original: Review) -> str:
    """The user's text with the flagged findings' spans (and placeholders) blanked out."""
    targets = sorted((f.offset, f.offset + f.length) for f in original.findings if f.rule == "mission.timeless.target")
    merged: list[list[int]] = []
    for start, end in targets:  # only a mission's target and its deadline make one clause
        gap = source[merged[-1][1] : start] if merged else ""
        if merged and (start <= merged[-1][1] or (len(gap) <= CLAUSE_GAP and not _CLAUSE_MARK.search(gap))):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    merged += [[f.offset, f.offset + f.length] for f in original.findings if f.rule in FLAGGED and f.rule != "mission.timeless.target"]
    chars = list(source)
    for start, end in merged:
        chars[start:end] = " " * (end - start)
    return PLACEHOLDER.sub(" ", "".join(chars))


def content_words(text: str, pack: LanguagePack) -> list[str]:
    """The words that carry content: not the pack's stopwords, not its direction words (a rewrite names the
    direction in its own verb), not the words its [rewrite] section calls filler."""
    filler = {w.lower() for w in pack.rewrite.get("not_content", [])}
    direction = [pack.vocab[k] for k in ("increase", "decrease", "comparatives") if k in pack.vocab]
    out = []
    for word in _WORD.findall(PLACEHOLDER.sub(" ", text)):
        w = word.lower()
        if len(w) < 3 or w in pack.stopwords or w in filler or any(d.fullmatch(w) for d in direction):
            continue
        out.append(w)
    return out


def _stem(word: str) -> str:
    # A word is kept when its stem is in a word of the rewrite: inflections and compounds match
    # ("kunder" in "kunderne", "bokhandel" in "nettbokhandelen")
    return word if len(word) <= 5 else word[: max(5, len(word) - 3)]


def _lost_words(unflagged: str, text: str, pack: LanguagePack) -> list[str]:
    words = [w.lower() for w in _WORD.findall(PLACEHOLDER.sub(" ", text))]
    lost: list[str] = []
    for w in content_words(unflagged, pack):
        if w not in lost and not any(_stem(w) in v for v in words):
            lost.append(w)
    return lost


def added_unsafe(source: str, text: str) -> list[str]:
    """URLs, e-mail addresses, phone numbers and markup in `text` that `source` lacks."""
    added: list[str] = []
    for kind, regex in (("a link", _URL), ("an e-mail address", _EMAIL), ("a phone number", _PHONE), ("markup", _MARKUP)):
        before = {m.group(0).lower() for m in regex.finditer(source)}
        if any(m.group(0).lower() not in before for m in regex.finditer(text)):
            added.append(kind)
    return added


def sentence_problems(text: str, pack: LanguagePack | None) -> list[str]:
    """What keeps `text` from being a sentence as the templates write one."""
    problems: list[str] = []
    stripped = text.strip()
    opening = _OPENING.match(stripped)
    if opening is None or not (opening.group("first").isupper() or opening.group("first").isdigit()):
        problems.append("start with a capital letter")
    if not _CLOSING.search(stripped):
        problems.append("end with a full stop")
    bare = PLACEHOLDER.sub(" ", stripped)
    doubled = _DOUBLED.search(bare)
    if doubled and not doubled.group(1).isdigit():
        problems.append(f"“{doubled.group(1)}” is written twice")
    preps = pack.vocab.get("scope_preps") if pack is not None else None
    tail = re.sub(r"[\"'”’»)]*$", "", stripped).rstrip(".!?… ")
    last = _LAST_WORD.search(tail)
    if preps is not None and last is not None and not tail.endswith("]") and preps.fullmatch(last.group(1)):
        problems.append(f"ends on “{last.group(1)}” with nothing after it")
    return problems
