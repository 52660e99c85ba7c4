"""The eval suite's data and its runner: every case file is well-formed and quotes its seed exactly, the counts
the issue asks for hold, and the runner's arithmetic is right on a fake review function."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from reviewer import evaluation
from reviewer.evaluation import report as reporting
from reviewer.evaluation.cases import (
    CASES_DIR,
    LANGUAGES,
    SEEDS_DIR,
    SET_RULES,
    load_cases,
    load_sets,
    load_short_cases,
    problems,
    read_jsonl,
    set_problems,
)
from reviewer.evaluation.rules_suite import evaluate
from reviewer.evaluation.suites import SuiteOptions

CASE_FILES = [f"{kind}.{lang}.jsonl" for kind in ("goals", "missions") for lang in LANGUAGES] + ["sets.jsonl"]


def all_rows() -> list[tuple[str, dict[str, Any]]]:
    return [(name, row) for name in CASE_FILES for row in read_jsonl(CASES_DIR / name)]


# ---------------------------------------------------------------- the data


@pytest.mark.parametrize("name", CASE_FILES)
def test_case_file_parses_and_every_case_is_well_formed(name: str) -> None:
    path = CASES_DIR / name
    assert path.exists(), f"missing {path}"
    rows = read_jsonl(path)
    assert rows, f"{name} is empty"
    prefix = name.removesuffix(".jsonl")
    for row in rows:
        found = set_problems(row) if name == "sets.jsonl" else problems(row)
        assert not found, f"{row.get('id')}: {found}"
        assert row["id"].startswith(prefix + ".") or name == "sets.jsonl", f"{row['id']} is not in {name}"
        if name != "sets.jsonl":
            kind, language = prefix.split(".")
            assert (row["kind"] + "s", row["language"]) == (kind, language), f"{row['id']} is in the wrong file"


def test_ids_are_unique_across_files() -> None:
    ids = [row["id"] for _, row in all_rows()]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates


def test_seed_quotes_occur_verbatim_in_their_seed() -> None:
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"seed documents not found at {SEEDS_DIR}")
    seeds = {p.name: p.read_text(encoding="utf-8") for p in SEEDS_DIR.glob("*.txt")}
    quoted = [(row["id"], row["source"]) for _, row in all_rows() if isinstance(row["source"], dict)]
    assert quoted, "no case quotes a seed"
    for case_id, source in quoted:
        assert source["file"] in seeds, f"{case_id}: no seed file {source['file']}"
        assert source["quote"] in seeds[source["file"]], f"{case_id}: quote not found verbatim in {source['file']}"


def test_counts_the_issue_asks_for() -> None:
    cases = load_cases()
    goals = [c for c in cases if c["kind"] == "goal"]
    missions = [c for c in cases if c["kind"] == "mission"]
    assert len(goals) >= 150
    assert len(missions) >= 40
    for language in LANGUAGES:
        assert sum(1 for c in cases if c["language"] == language) >= 30, language


def test_goal_sets_cover_every_set_rule_and_silence() -> None:
    sets = load_sets()
    expected = {rule for s in sets for rule in s["expected_rules"]}
    assert expected == set(SET_RULES)
    assert any(not s["expected_rules"] for s in sets), "no set that must trigger nothing"


def test_short_cases_are_well_formed_short_and_cover_every_language() -> None:
    short = load_short_cases()
    others = {row["id"] for _, row in all_rows()}
    for case in short:
        assert not problems(case), f"{case.get('id')}: {problems(case)}"
        assert case["id"].startswith(f"short.{case['language']}."), case["id"]
        assert case["id"] not in others, case["id"]
        assert len(re.findall(r"\w+", case["text"])) <= 8, case["text"]
    assert len({c["id"] for c in short}) == len(short)
    assert len({c["text"] for c in short}) == len(short), "a text labelled twice (identical in two languages?)"
    for language in LANGUAGES:
        assert sum(1 for c in short if c["language"] == language) >= 12, language


# ---------------------------------------------------------------- the runner on a fake review


def fake_review(answers: dict[str, dict[str, Any]]) -> Any:
    """A review function answering from a table: text -> {"kind", "language", criterion: status...}."""

    def review(text: str, kind: str = "auto", language: str = "auto", context: Any = None) -> Any:
        answer = answers[text]
        if answer == "raise":
            raise RuntimeError("engine broke")
        criteria = {k: SimpleNamespace(status=v) for k, v in answer.items() if k not in ("kind", "language")}
        return SimpleNamespace(kind=answer["kind"], language=answer["language"], criteria=criteria)

    return review


def goal_case(case_id: str, text: str, language: str = "en", **expected: str | None) -> dict[str, Any]:
    labels = dict.fromkeys(("specific", "measurable", "achievable", "relevant", "time_bound"), None)
    return {
        "id": case_id,
        "kind": "goal",
        "language": language,
        "text": text,
        "expected": {**labels, **expected},
        "source": "written",
    }


CASES = [
    goal_case("g1", "one", specific="fail", measurable="pass"),
    goal_case("g2", "two", specific="fail", measurable="pass"),
    goal_case("g3", "three", "da", specific="pass", measurable="fail"),
    goal_case("g4", "four", "da", specific="pass"),  # detected as a mission: every label disagrees
    goal_case("g5", "five", "da", specific="pass"),  # the review raises
]
ANSWERS = {
    "one": {"kind": "goal", "language": "en", "specific": "fail", "measurable": "pass"},
    "two": {"kind": "goal", "language": "da", "specific": "pass", "measurable": "pass"},
    "three": {"kind": "goal", "language": "da", "specific": "fail", "measurable": "fail"},
    "four": {"kind": "mission", "language": "da"},
    "five": "raise",
}
SETS = [
    {"id": "s1", "language": "en", "items": ["a", "b"], "expected_rules": ["set.near-duplicate"], "source": "written"},
    {"id": "s2", "language": "en", "items": ["c"], "expected_rules": [], "source": "written"},
]


def fake_batch(request: Any) -> Any:
    texts = [item.text for item in request.items]
    rules = ["set.near-duplicate", "set.no-deadline"] if texts == ["a", "b"] else []
    return SimpleNamespace(findings=[SimpleNamespace(rule=r) for r in rules])


def fake_result() -> dict[str, Any]:
    return evaluate(CASES, SETS, fake_review(ANSWERS), fake_batch)


def test_criterion_accuracy_precision_recall_and_confusion() -> None:
    metrics = fake_result()["metrics"]
    specific = metrics["criteria"]["specific"]
    # g1 fail->fail, g2 fail->pass, g3 pass->fail, g4 pass->wrong-kind, g5 pass->error
    assert specific["all"]["n"] == 5
    assert specific["all"]["accuracy"] == 0.2
    assert specific["all"]["fail_precision"] == 0.5  # two said fail, one rightly
    assert specific["all"]["fail_recall"] == 0.5  # two should fail, one did
    assert specific["all"]["confusion"] == {
        "fail": {"fail": 1, "pass": 1},
        "pass": {"error": 1, "fail": 1, "wrong-kind": 1},
    }
    assert specific["en"]["accuracy"] == 0.5
    assert specific["da"]["accuracy"] == 0.0
    assert specific["sv"]["n"] == 0 and specific["sv"]["accuracy"] is None
    assert metrics["criteria"]["measurable"]["all"]["accuracy"] == 1.0  # nulls are not scored
    assert metrics["summary"]["criterion.specific"] == 0.2
    assert metrics["summary"]["criterion.specific.en"] == 0.5


def test_detection_and_set_rule_metrics() -> None:
    result = fake_result()
    summary = result["metrics"]["summary"]
    assert summary["language_detection"] == 0.6  # g2 detected as da, g5 raised
    assert summary["kind_detection"] == 0.6  # g4 detected as a mission, g5 raised
    # 2 sets x 4 rules = 8 decisions; s1 wrongly fires no-deadline
    assert summary["set_rules"] == 0.875
    assert summary["set_rules.exact_match"] == 0.5
    assert result["metrics"]["set_rules"]["set.no-deadline"]["confusion"] == {"silent": {"fires": 1, "silent": 1}}
    assert result["counts"]["errors"] == 1
    assert result["results"]["g4"]["specific"] == "wrong-kind"
    assert result["results"]["s1"]["set.near-duplicate"] == "fires"


def test_language_short_counts_only_texts_of_at_most_eight_words() -> None:
    long_text = "nine words that make this text too long to count"
    cases = [goal_case("g6", long_text, "da", specific="pass"), *CASES]
    answers = {**ANSWERS, long_text: {"kind": "goal", "language": "nb", "specific": "pass"}}
    summary = evaluate(cases, [], fake_review(answers), fake_batch)["metrics"]["summary"]
    assert summary["language_detection"] == 0.5  # g6 is missed as well
    assert summary["language_short"] == 0.6  # g6 has nine words: not short
    assert summary["language_detection.da"] == 0.5  # g3, g4 right; g5 raised; g6 missed
    assert summary["language_short.da"] == 0.6667  # the same without g6


def test_failures_name_case_criterion_expected_actual_and_text() -> None:
    failures = fake_result()["failures"]
    assert {
        "id": "g2",
        "criterion": "specific",
        "expected": "fail",
        "actual": "pass",
        "language": "en",
        "text": "two",
    } in failures
    assert any(f["id"] == "s1" and f["criterion"] == "set.no-deadline" and f["text"] == "a | b" for f in failures)
    assert not any(f["id"] == "g1" for f in failures)


def test_regressions_are_checks_that_agreed_in_the_baseline() -> None:
    failures = fake_result()["failures"]
    baseline = {"results": {"g2": {"specific": "fail"}, "g3": {"specific": "fail"}}}
    found = reporting.regressions(failures, baseline)
    assert [(r["id"], r["criterion"]) for r in found] == [("g2", "specific")]
    assert reporting.regressions(failures, None) == []


def test_thresholds_flag_low_and_unknown_metrics() -> None:
    checked = reporting.check_thresholds({"a": 0.4, "b": 0.9, "c": None}, {"a": 0.5, "b": 0.5, "c": 0.5, "typo": 0.1})
    assert [k for k, c in checked.items() if not c["passed"]] == ["a", "typo"]


# ---------------------------------------------------------------- run(): files, exit codes, suites


def test_run_writes_reports_and_fails_below_threshold(tmp_path: Path) -> None:
    thresholds = tmp_path / "thresholds.json"
    thresholds.write_text(json.dumps({"_note": "x", "fake": {"criterion.specific": 0.5, "set_rules": 0.5}}))
    out = io.StringIO()
    code = evaluation.run(
        "fake",
        tmp_path / "out",
        out=out,
        suites={"fake": lambda options: fake_result()},
        thresholds_path=thresholds,
        baseline_path=tmp_path / "none.json",
    )
    assert code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    for key in (
        "counts",
        "metrics",
        "thresholds",
        "failures",
        "regressions",
        "passed",
        "prompt_version",
        "duration_seconds",
    ):
        assert key in report, key
    assert report["suite"] == "fake" and report["passed"] is False and report["prompt_version"] is None
    assert report["thresholds"]["criterion.specific"] == {"min": 0.5, "value": 0.2, "passed": False}
    assert report["thresholds"]["set_rules"]["passed"] is True
    assert "specific" in out.getvalue() and "criterion.specific 0.20 < 0.50" in out.getvalue()
    assert "| g2 | fail | pass | two |" in (tmp_path / "out" / "report.md").read_text(encoding="utf-8")


def test_run_all_unknown_suite_and_baseline(tmp_path: Path) -> None:
    suites = {"one": lambda o: fake_result(), "two": lambda o: {"metrics": {"summary": {"x": 1.0}}}}
    none = tmp_path / "none.json"
    assert evaluation.run("nope", tmp_path, out=io.StringIO(), suites=suites) == 2
    code = evaluation.run(
        "all", tmp_path / "all", out=io.StringIO(), suites=suites, thresholds_path=none, baseline_path=none
    )
    assert code == 0
    report = json.loads((tmp_path / "all" / "report.json").read_text(encoding="utf-8"))
    assert report["suite"] == "all" and set(report["suites"]) == {"one", "two"}
    assert set(reporting.sections(report)) == {"one", "two"}

    baseline = evaluation.write_baseline(tmp_path / "all", baseline_path=tmp_path / "baseline" / "report.json")
    assert json.loads(baseline.read_text(encoding="utf-8")) == report


def test_rules_suite_is_registered_and_reads_a_cases_dir(tmp_path: Path) -> None:
    assert "rules" in evaluation.registered()
    (tmp_path / "goals.en.jsonl").write_text(json.dumps(CASES[0]) + "\n", encoding="utf-8")
    options = SuiteOptions(cases_dir=tmp_path)
    assert [c["id"] for c in load_cases(options.cases_dir)] == ["g1"]
    assert load_sets(options.cases_dir) == []
