"""The real-text cases (evals/realtext/): every case is well-formed and names its source, the counts issue #8 asks
for hold, and the held-out split shares no text with the dev split."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from reviewer.evaluation.cases import LANGUAGES, load_cases, problems, read_jsonl
from reviewer.evaluation.realtext_suite import REALTEXT_DEV_DIR, REALTEXT_HELDOUT_DIR
from reviewer.evaluation.suites import registered

SPLITS = {"dev": REALTEXT_DEV_DIR, "heldout": REALTEXT_HELDOUT_DIR}
FILES = [f"{kind}.{lang}.jsonl" for kind in ("goals", "missions") for lang in LANGUAGES]


def all_cases() -> list[tuple[str, dict[str, Any]]]:
    return [(split, case) for split, folder in SPLITS.items() for case in load_cases(folder)]


@pytest.mark.parametrize("split", SPLITS)
@pytest.mark.parametrize("name", FILES)
def test_every_file_exists_and_every_case_is_well_formed(split: str, name: str) -> None:
    path: Path = SPLITS[split] / name
    assert path.exists(), f"missing {path}"
    rows = read_jsonl(path)
    assert rows, f"{path} is empty"
    kind, language = name.removesuffix(".jsonl").split(".")
    for row in rows:
        assert not problems(row), f"{row.get('id')}: {problems(row)}"
        assert row["id"] == f"realtext.{kind}.{language}.{row['id'].rsplit('.', 1)[-1]}", row["id"]
        assert (row["kind"] + "s", row["language"]) == (kind, language), f"{row['id']} is in the wrong file"
        assert any(label is not None for label in row["expected"].values()), f"{row['id']}: nothing is scored"


def test_every_case_names_a_published_page_or_says_it_is_written() -> None:
    for _, case in all_cases():
        source = case["source"]
        if source == "written":
            assert case["kind"] == "goal", f"{case['id']}: missions must be published"
            assert case.get("note"), f"{case['id']}: a written case says so in a note"
            continue
        assert isinstance(source, dict), case["id"]
        assert source["url"].startswith(("http://", "https://")), case["id"]
        assert source.get("title", "").strip(), f"{case['id']}: no title"
        assert source["quote"].strip(), f"{case['id']}: empty quote"
        assert case["text"] in source["quote"], f"{case['id']}: the text is not (part of) the quoted words"


def test_counts_issue_8_asks_for() -> None:
    cases = [case for _, case in all_cases()]
    missions = Counter(c["language"] for c in cases if c["kind"] == "mission")
    goals = Counter(c["language"] for c in cases if c["kind"] == "goal")
    assert sum(missions.values()) >= 80
    assert sum(goals.values()) >= 60
    for language in LANGUAGES:
        assert missions[language] >= 20, (language, missions[language])
        assert goals[language] >= 12, (language, goals[language])
    published_goals = sum(1 for c in cases if c["kind"] == "goal" and c["source"] != "written")
    assert published_goals > sum(goals.values()) / 2, "most goals come from published text"


def test_ids_unique_and_no_text_in_both_splits() -> None:
    ids = [case["id"] for _, case in all_cases()]
    assert len(ids) == len(set(ids)), sorted(i for i, n in Counter(ids).items() if n > 1)
    texts = {split: {case["text"].strip().casefold() for s, case in all_cases() if s == split} for split in SPLITS}
    shared = texts["dev"] & texts["heldout"]
    assert not shared, shared


def test_the_split_is_about_seventy_thirty_in_every_language_and_kind() -> None:
    per_group: Counter[tuple[str, str, str]] = Counter(
        (split, case["kind"], case["language"]) for split, case in all_cases()
    )
    for kind in ("goal", "mission"):
        for language in LANGUAGES:
            held, dev = per_group["heldout", kind, language], per_group["dev", kind, language]
            assert 0.2 <= held / (held + dev) <= 0.4, (kind, language, dev, held)


def test_both_suites_are_registered() -> None:
    suites = registered()
    assert "realtext" in suites and "realtext_heldout" in suites
