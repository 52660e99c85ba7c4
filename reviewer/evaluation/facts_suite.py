"""The facts suite: does the reviewer read a goal's facts right, not only its pass/fail statuses?

evals/facts/goals.jsonl holds goals in everyday wording (all four languages), each labeled with the target
(value and unit), the baseline value, the direction and the deadline date it states, resolved against the
case's context.today (2026-03-01). Labels follow what the text says, not what the code reads. Optional labels:
"metric" (the metric id, where a typo or missing diacritics is the point of the case) and "criteria"
(statuses that hinge on the facts, e.g. a bare "#1" is neither specific nor measurable).

Each case is reviewed as a goal with language="auto" and scored field by field. A deadline before today must
also bring the past-deadline warning (field "past_deadline", derived from the deadline label).

Summary: "facts" is the share of all scored fields read right (the facts-reading rate), "field.<name>" per
field, "facts.<lang>" per language, "cases_all_right" the share of cases with every field right, and
"language_detection" on these texts.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reviewer.evaluation.cases import EVALS_DIR, LANGUAGES, Case, read_jsonl
from reviewer.evaluation.metrics import GroupedTally, Tally
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite

FACTS_DIR = EVALS_DIR / "facts"
FIELDS = ("target", "baseline", "direction", "deadline", "past_deadline", "metric", "criteria")
PAST = "goal.time_bound.past-deadline"


def load_facts_cases() -> list[Case]:
    path = FACTS_DIR / "goals.jsonl"
    return read_jsonl(path) if path.exists() else []


def _number(value: float | None) -> str:
    if value is None:
        return "null"
    rounded = round(float(value), 6)
    return str(int(rounded)) if rounded == int(rounded) else repr(rounded)


def _target(raw: dict[str, Any] | None) -> str:
    return "null" if raw is None else f"{_number(raw.get('value'))} {raw.get('unit')}"


def expected_fields(case: Case) -> dict[str, str]:
    e = case["expected"]
    fields = {
        "target": _target(e["target"]),
        "baseline": _number(e["baseline"]),
        "direction": str(e["direction"]).lower() if e["direction"] else "null",
        "deadline": e["deadline"] or "null",
    }
    if e["deadline"]:
        today = dt.date.fromisoformat(case.get("context", {}).get("today", "2026-03-01"))
        fields["past_deadline"] = "warns" if dt.date.fromisoformat(e["deadline"]) < today else "silent"
    if "metric" in e:
        fields["metric"] = e["metric"] or "null"
    for name, status in (e.get("criteria") or {}).items():
        fields[f"criteria.{name}"] = status
    return fields


def actual_fields(review: Any) -> dict[str, str]:
    x = review.extracted
    target = None if x.target is None else {"value": x.target.value, "unit": x.target.unit}
    fields = {
        "target": _target(target),
        "baseline": _number(x.baseline.value if x.baseline is not None else None),
        "direction": x.direction or "null",
        "deadline": x.deadline.date.isoformat() if x.deadline is not None and x.deadline.date else "null",
        "past_deadline": "warns" if any(str(f.rule) == PAST for f in review.findings) else "silent",
        "metric": str(x.metric.value) if x.metric is not None else "null",
    }
    fields.update({f"criteria.{name}": str(c.status) for name, c in review.criteria.items()})
    return fields


@register_suite("facts")
def facts_suite(options: SuiteOptions) -> SuiteResult:
    from reviewer.models import Context

    cases = load_facts_cases()
    overall = GroupedTally(LANGUAGES)
    per_field = {name: GroupedTally(LANGUAGES) for name in FIELDS}
    language = GroupedTally(LANGUAGES)
    whole = Tally()
    failures: list[dict[str, Any]] = []
    results: dict[str, dict[str, str]] = {}
    errors = 0
    for case in cases:
        lang = case["language"]
        expected = expected_fields(case)
        try:
            review = options.engine.review(
                case["text"], kind="goal", language="auto", context=Context(**case.get("context", {}))
            )
            actual = actual_fields(review)
            detected = str(review.language)
        except Exception as exc:  # noqa: BLE001 - one broken case must not hide the others
            errors += 1
            actual, detected = {}, f"error: {type(exc).__name__}: {exc}"[:300]
        results[case["id"]] = {name: actual.get(name, "error") for name in expected} | {"language": detected}
        language.add(lang, lang, detected)
        all_right = True
        for name, want in expected.items():
            got = actual.get(name, "error")
            overall.add(lang, "right", "right" if got == want else "wrong")
            per_field[name.split(".")[0]].add(lang, "right", "right" if got == want else "wrong")
            if got != want:
                all_right = False
                failures.append(
                    {"id": case["id"], "criterion": name, "expected": want, "actual": got, "language": lang,
                     "text": case["text"]}
                )
        whole.add("right", "right" if all_right else "wrong")
    summary: dict[str, float | None] = {"facts": overall.all.accuracy, "cases_all_right": whole.accuracy}
    summary.update({f"facts.{g}": t.accuracy for g, t in overall.groups.items()})
    for name, tally in per_field.items():
        if tally.all.n:
            summary[f"field.{name}"] = tally.all.accuracy
    summary["language_detection"] = language.all.accuracy
    counts = {"goals": len(cases), **{lang: sum(1 for c in cases if c["language"] == lang) for lang in LANGUAGES}}
    counts["fields_scored"] = overall.all.n
    counts["errors"] = errors
    return {
        "counts": counts,
        "metrics": {
            "fields": {name: t.as_dict() for name, t in per_field.items() if t.all.n},
            "facts": overall.as_dict(),
            "summary": summary,
        },
        "failures": failures,
        "results": results,
        "prompt_version": None,
    }
