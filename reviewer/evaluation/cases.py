"""The labeled eval cases (evals/cases/*.jsonl): where they live, how they load, what a valid one holds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EVALS_DIR = ROOT / "evals"
CASES_DIR = EVALS_DIR / "cases"
SHORT_FILE = "short.jsonl"  # in CASES_DIR; loaded by the rules suite only
SHORT_MAX_WORDS = 8  # a text of at most this many \w+ words counts as short (the language_short figure)
DEFAULT_REPORT_DIR = EVALS_DIR / "out"
BASELINE_PATH = EVALS_DIR / "baseline" / "report.json"
THRESHOLDS_PATH = EVALS_DIR / "thresholds.json"
SEEDS_DIR = ROOT.parent / "shared" / "seeds"

LANGUAGES = ("en", "da", "nb", "sv")
KINDS = ("goal", "mission")
GOAL_CRITERIA = ("specific", "measurable", "achievable", "relevant", "time_bound")
MISSION_CRITERIA = ("concise", "purpose", "customer_focus", "values", "distinctive", "plain_language", "timeless")
CRITERIA = {"goal": GOAL_CRITERIA, "mission": MISSION_CRITERIA}
STATUSES = ("pass", "fail", "unknown")
SET_RULES = ("set.too-many-goals", "set.near-duplicate", "set.no-deadline", "set.unrelated-to-mission")
CONTEXT_KEYS = ("business_model", "channels", "mission", "metric", "baseline", "target", "deadline", "today")

Case = dict[str, Any]


def read_jsonl(path: Path) -> list[Case]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path.name}:{number}: not valid JSON ({exc.msg})") from None
    return rows


def load_cases(cases_dir: Path = CASES_DIR) -> list[Case]:
    """Every goal and mission case, in file order (goals.*.jsonl, then missions.*.jsonl)."""
    rows: list[Case] = []
    for prefix in ("goals", "missions"):
        for path in sorted(cases_dir.glob(f"{prefix}.*.jsonl")):
            rows += read_jsonl(path)
    return rows


def load_sets(cases_dir: Path = CASES_DIR) -> list[Case]:
    path = cases_dir / "sets.jsonl"
    return read_jsonl(path) if path.exists() else []


def load_short_cases(cases_dir: Path = CASES_DIR) -> list[Case]:
    """Short goals and missions (≤ 8 words) that hinge on the words telling da, nb, sv and en apart (short.jsonl)."""
    path = cases_dir / SHORT_FILE
    return read_jsonl(path) if path.exists() else []


def problems(case: Case) -> list[str]:
    """What is wrong with one goal or mission case; empty when it is well-formed."""
    found = []
    for key in ("id", "kind", "language", "text", "expected", "source"):
        if key not in case:
            found.append(f"missing {key!r}")
    kind = case.get("kind")
    if kind not in KINDS:
        found.append(f"kind {kind!r} is not one of {KINDS}")
        return found
    if case.get("language") not in LANGUAGES:
        found.append(f"language {case.get('language')!r} is not one of {LANGUAGES}")
    if not str(case.get("text", "")).strip():
        found.append("empty text")
    expected = case.get("expected", {})
    if set(expected) != set(CRITERIA[kind]):
        found.append(f"expected must hold exactly {CRITERIA[kind]}, has {sorted(expected)}")
    for name, label in expected.items():
        if label is not None and label not in STATUSES:
            found.append(f"expected.{name} = {label!r} is not pass/fail/unknown/null")
    found += _context_problems(case.get("context"))
    found += _source_problems(case.get("source"))
    return found


def set_problems(entry: Case) -> list[str]:
    found = []
    for key in ("id", "language", "items", "expected_rules", "source"):
        if key not in entry:
            found.append(f"missing {key!r}")
    if entry.get("language") not in LANGUAGES:
        found.append(f"language {entry.get('language')!r} is not one of {LANGUAGES}")
    items = entry.get("items")
    if not isinstance(items, list) or not items or not all(isinstance(t, str) and t.strip() for t in items):
        found.append("items must be a non-empty list of texts")
    for rule in entry.get("expected_rules", []):
        if rule not in SET_RULES:
            found.append(f"unknown set rule {rule!r}")
    found += _context_problems(entry.get("context"))
    found += _source_problems(entry.get("source"))
    return found


def _context_problems(context: Any) -> list[str]:
    if context is None:
        return []
    if not isinstance(context, dict):
        return ["context must be an object"]
    return [f"unknown context key {key!r}" for key in context if key not in CONTEXT_KEYS]


def _source_problems(source: Any) -> list[str]:
    if source == "written":
        return []
    if isinstance(source, dict) and isinstance(source.get("quote"), str):
        if isinstance(source.get("file"), str):  # a seed document
            return []
        url, title = source.get("url"), source.get("title", "")
        if isinstance(url, str) and url.startswith(("http://", "https://")) and isinstance(title, str):
            return []  # a published page (evals/realtext/)
    return ['source must be "written", {"file": ..., "quote": ...} or {"url": ..., "title": ..., "quote": ...}']
