"""The rules suite: the deterministic review against the labeled cases.

Each case is reviewed with kind="auto" and language="auto", so detection is scored too, and its criteria are
scored on that same result: when the detected kind is wrong, every labeled criterion of the case counts as a
disagreement (actual "wrong-kind"). A case whose review raises counts as a disagreement everywhere (actual
"error") instead of stopping the run.

The rules suite (evals/cases/) also loads short.jsonl: short texts that hinge on the words telling da, nb, sv
and en apart. "language_short" is language detection over every case of at most SHORT_MAX_WORDS words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reviewer.evaluation.cases import (
    CASES_DIR,
    CRITERIA,
    GOAL_CRITERIA,
    KINDS,
    LANGUAGES,
    MISSION_CRITERIA,
    SET_RULES,
    SHORT_MAX_WORDS,
    Case,
    load_cases,
    load_sets,
    load_short_cases,
)
from reviewer.evaluation.metrics import GroupedTally, Tally
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite

# review(text, kind=..., language=..., context=...) -> an object with .kind, .language, .criteria[name].status
ReviewFn = Callable[..., Any]
# review_batch(BatchRequest) -> an object with .findings[*].rule
BatchFn = Callable[[Any], Any]

WRONG_KIND = "wrong-kind"
ERROR = "error"
WORD = re.compile(r"\w+")


@register_suite("rules")
def rules_suite(options: SuiteOptions) -> SuiteResult:
    engine = options.engine
    cases = load_cases(options.cases_dir)
    if options.cases_dir == CASES_DIR:  # the short texts belong to the rules suite, not the held-out ones
        cases += load_short_cases(options.cases_dir)
    return evaluate(cases, load_sets(options.cases_dir), engine.review, engine.review_batch)


def evaluate(cases: list[Case], sets: list[Case], review_fn: ReviewFn, batch_fn: BatchFn) -> SuiteResult:
    scorer = _Scorer()
    for case in cases:
        scorer.case(case, review_fn)
    for entry in sets:
        scorer.goal_set(entry, batch_fn)
    return scorer.result(cases, sets)


def _context(raw: dict[str, Any] | None) -> Any:
    from reviewer.models import Context

    return Context(**raw) if raw else None


def _describe(exc: Exception) -> str:
    return f"{ERROR}: {type(exc).__name__}: {exc}".splitlines()[0][:300]


class _Scorer:
    def __init__(self) -> None:
        self.criteria = {name: GroupedTally(LANGUAGES) for name in (*GOAL_CRITERIA, *MISSION_CRITERIA)}
        self.language = GroupedTally(LANGUAGES)
        self.language_short = GroupedTally(LANGUAGES)  # the same, on texts of at most SHORT_MAX_WORDS words
        self.kind = GroupedTally(KINDS)
        self.set_rules = {rule: Tally() for rule in SET_RULES}
        self.set_all = Tally()
        self.set_exact = Tally()
        self.failures: list[dict[str, Any]] = []
        self.results: dict[str, dict[str, Any]] = {}
        self.errors = 0

    def case(self, case: Case, review_fn: ReviewFn) -> None:
        kind, language, names = case["kind"], case["language"], CRITERIA[case["kind"]]
        try:
            review = review_fn(case["text"], kind="auto", language="auto", context=_context(case.get("context")))
            detected_kind, detected_language = str(review.kind), str(review.language)
            if detected_kind == kind:
                statuses = {n: str(review.criteria[n].status) if n in review.criteria else "missing" for n in names}
            else:
                statuses = dict.fromkeys(names, WRONG_KIND)
        except Exception as exc:  # noqa: BLE001 - one broken case must not hide every other result
            self.errors += 1
            detected_kind = detected_language = _describe(exc)
            statuses = dict.fromkeys(names, ERROR)

        self.results[case["id"]] = {"kind": detected_kind, "language": detected_language, **statuses}
        self._check(case, "kind", self.kind, kind, kind, detected_kind)
        self._check(case, "language", self.language, language, language, detected_language)
        if len(WORD.findall(case["text"])) <= SHORT_MAX_WORDS:
            self.language_short.add(language, language, detected_language)  # a miss is already in failures
        for name, label in case["expected"].items():
            if label is not None:  # null: the definitions do not settle this label, so it is not scored
                self._check(case, name, self.criteria[name], language, label, statuses[name])

    def _check(self, case: Case, name: str, tally: GroupedTally, group: str, expected: str, actual: str) -> None:
        tally.add(group, expected, actual)
        if actual != expected:
            self.failures.append(
                {
                    "id": case["id"],
                    "criterion": name,
                    "expected": expected,
                    "actual": actual,
                    "language": case["language"],
                    "text": case["text"],
                }
            )

    def goal_set(self, entry: Case, batch_fn: BatchFn) -> None:
        from reviewer.models import BatchRequest, ReviewRequest

        expected = set(entry["expected_rules"])
        try:
            request = BatchRequest(
                items=[ReviewRequest(text=text) for text in entry["items"]], context=_context(entry.get("context"))
            )
            fired = {str(f.rule) for f in batch_fn(request).findings if str(f.rule).startswith("set.")}
            outcome = {rule: "fires" if rule in fired else "silent" for rule in SET_RULES}
        except Exception as exc:  # noqa: BLE001
            self.errors += 1
            fired, outcome = {_describe(exc)}, dict.fromkeys(SET_RULES, ERROR)

        self.results[entry["id"]] = outcome
        self.set_exact.add("match", "match" if fired == expected else "mismatch")
        text = " | ".join(entry["items"])
        for rule in SET_RULES:
            want = "fires" if rule in expected else "silent"
            self.set_rules[rule].add(want, outcome[rule])
            self.set_all.add(want, outcome[rule])
            if outcome[rule] != want:
                self.failures.append(
                    {
                        "id": entry["id"],
                        "criterion": rule,
                        "expected": want,
                        "actual": outcome[rule],
                        "language": entry["language"],
                        "text": text,
                    }
                )

    def result(self, cases: list[Case], sets: list[Case]) -> SuiteResult:
        metrics: dict[str, Any] = {
            "criteria": {name: t.as_dict(positive="fail") for name, t in self.criteria.items()},
            "language_detection": self.language.as_dict(),
            "language_short": self.language_short.as_dict(),
            "kind_detection": self.kind.as_dict(),
            "set_rules": {
                "all": self.set_all.as_dict(positive="fires"),
                "exact_match": self.set_exact.accuracy,
                **{rule: t.as_dict(positive="fires") for rule, t in self.set_rules.items()},
            },
        }
        metrics["summary"] = self._summary()
        return {
            "counts": _counts(cases, sets, self.errors),
            "metrics": metrics,
            "failures": self.failures,
            "results": self.results,
            "prompt_version": None,
        }

    def _summary(self) -> dict[str, float | None]:
        summary: dict[str, float | None] = {}
        for name, tally in self.criteria.items():
            summary[f"criterion.{name}"] = tally.all.accuracy
            summary.update({f"criterion.{name}.{g}": t.accuracy for g, t in tally.groups.items()})
        detection = (("language_detection", self.language), ("language_short", self.language_short))
        for key, tally in (*detection, ("kind_detection", self.kind)):
            summary[key] = tally.all.accuracy
            summary.update({f"{key}.{g}": t.accuracy for g, t in tally.groups.items()})
        summary["set_rules"] = self.set_all.accuracy
        summary["set_rules.exact_match"] = self.set_exact.accuracy
        return summary


def _counts(cases: list[Case], sets: list[Case], errors: int) -> dict[str, Any]:
    def count(rows: list[Case], key: str, values: tuple[str, ...]) -> dict[str, int]:
        return {v: sum(1 for r in rows if r.get(key) == v) for v in values}

    by_kind = count(cases, "kind", KINDS)
    return {
        "goal": by_kind["goal"],
        "mission": by_kind["mission"],
        "sets": len(sets),
        "by_language": count(cases, "language", LANGUAGES),
        "sets_by_language": count(sets, "language", LANGUAGES),
        "labels_scored": sum(1 for c in cases for v in c["expected"].values() if v is not None),
        "labels_not_scored": sum(1 for c in cases for v in c["expected"].values() if v is None),
        "errors": errors,
    }
