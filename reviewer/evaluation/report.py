"""Thresholds, regressions against the committed baseline, and the report in JSON, Markdown and plain text."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

from reviewer.evaluation.cases import GOAL_CRITERIA, LANGUAGES, MISSION_CRITERIA

Section = dict[str, Any]


def load_json(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def minimums(thresholds: dict[str, Any] | None, suite: str) -> dict[str, float]:
    """The suite's minimums from evals/thresholds.json; keys starting with "_" are notes."""
    section = (thresholds or {}).get(suite, {})
    return {key: float(value) for key, value in section.items() if not key.startswith("_")}


def check_thresholds(summary: dict[str, float | None], mins: dict[str, float]) -> dict[str, dict[str, Any]]:
    checked = {}
    for key, minimum in sorted(mins.items()):
        if key not in summary:
            # A misspelt threshold must not pass silently.
            checked[key] = {"min": minimum, "value": None, "passed": False, "note": "no such metric"}
        elif summary[key] is None:
            checked[key] = {"min": minimum, "value": None, "passed": True, "note": "no cases"}
        else:
            value = summary[key]
            checked[key] = {"min": minimum, "value": value, "passed": value >= minimum}
    return checked


def sections(report: dict[str, Any] | None) -> dict[str, Section]:
    """A report's suite sections by name, whether it holds one suite (flat) or several ("suites")."""
    if not report:
        return {}
    if "suites" in report:
        return dict(report["suites"])
    return {report.get("suite", "rules"): report}


def regressions(failures: list[dict[str, Any]], baseline: Section | None) -> list[dict[str, Any]]:
    """Disagreements now whose check agreed in the baseline (the baseline's actual equals today's label).

    Cases or checks the baseline never ran are new, not regressions.
    """
    results = (baseline or {}).get("results", {})
    found = []
    for failure in failures:
        before = results.get(failure["id"], {})
        if failure["criterion"] in before and before[failure["criterion"]] == failure["expected"]:
            found.append({**failure, "baseline": before[failure["criterion"]]})
    return found


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _rows(section: Section) -> list[tuple[str, str, list[str | None]]]:
    """(label, summary key prefix, column groups) for the criterion x language table."""
    langs: list[str | None] = [*LANGUAGES, None]
    rows = [(name, f"criterion.{name}", langs) for name in (*GOAL_CRITERIA, *MISSION_CRITERIA)]
    rows += [("language detection", "language_detection", langs), ("language, ≤ 8 words", "language_short", langs)]
    rows += [("kind detection", "kind_detection", [None])]
    rows += [("set rules", "set_rules", [None]), ("set rules, exact", "set_rules.exact_match", [None])]
    summary = section["metrics"]["summary"]
    return [row for row in rows if row[1] in summary]


def _cell(summary: dict[str, Any], key: str, mins: dict[str, float]) -> str:
    value = summary.get(key)
    below = value is not None and key in mins and value < mins[key]
    return _fmt(value) + ("✗" if below else "")


def text_table(name: str, section: Section) -> str:
    """The criterion x language accuracy table, for the terminal."""
    summary = section["metrics"]["summary"]
    mins = {key: check["min"] for key, check in section.get("thresholds", {}).items()}
    lines = [_headline(name, section)]
    if "by_language" in section["metrics"]:
        return "\n".join(lines + _grid(section["metrics"]["by_language"], mins))
    if "criteria" not in section["metrics"]:
        width = max((len(k) for k in summary), default=10)
        lines += [f"  {key:<{width}}  {_cell(summary, key, mins):>6}" for key in sorted(summary)]
        return "\n".join(lines)
    lines.append(f"  {'':<20}" + "".join(f"{c:>8}" for c in (*LANGUAGES, "all", "min")))
    for label, key, groups in _rows(section):
        cells = [_cell(summary, f"{key}.{g}", mins) if g else "" for g in LANGUAGES]
        if groups == [None]:
            cells = [""] * len(LANGUAGES)
        cells += [_cell(summary, key, mins), _fmt(mins[key]) if key in mins else ""]
        lines.append(f"  {label:<20}" + "".join(f"{c:>8}" for c in cells))
    return "\n".join(lines)


def _grid(rows: dict[str, dict[str, Any]], mins: dict[str, float]) -> list[str]:
    """A metric x language table (a suite's metrics["by_language"]: {metric: {lang: rate, "all": rate, "n": cases}})."""
    width = max((len(k) for k in rows), default=10)
    lines = [f"  {'':<{width}}" + "".join(f"{c:>8}" for c in (*LANGUAGES, "all", "n", "min"))]
    for key, row in rows.items():
        cells = [_cell({key: row.get(g)}, key, mins if g == "all" else {}) for g in (*LANGUAGES, "all")]
        cells += [str(row.get("n", "")), _fmt(mins[key]) if key in mins else ""]
        lines.append(f"  {key:<{width}}" + "".join(f"{c:>8}" for c in cells))
    return lines


def _headline(name: str, section: Section) -> str:
    counts = section.get("counts", {})
    if {"goal", "mission", "sets"} <= set(counts):
        langs = " · ".join(f"{k} {v}" for k, v in counts.get("by_language", {}).items())
        what = f"{counts['goal']} goals, {counts['mission']} missions, {counts['sets']} sets ({langs})"
    else:
        what = ", ".join(f"{k} {v}" for k, v in counts.items() if isinstance(v, int))
    verdict = "passed" if section.get("passed") else "FAILED"
    return f"{name} suite: {what} · {verdict} · {section.get('duration_seconds', 0):.1f} s"


def text_summary(name: str, section: Section) -> str:
    lines = [text_table(name, section)]
    failed = [
        f"{k} {_fmt(c['value'])} < {c['min']:.2f}" + (f" ({c['note']})" if "note" in c else "")
        for k, c in section.get("thresholds", {}).items()
        if not c["passed"]
    ]
    if failed:
        lines.append("  below threshold: " + "; ".join(failed))
    lines.append(
        f"  disagreements: {len(section.get('failures', []))} · regressions against the baseline: "
        f"{len(section.get('regressions', []))}"
    )
    for r in section.get("regressions", [])[:10]:
        lines.append(f"    {r['id']} · {r['criterion']}: expected {r['expected']}, now {r['actual']}")
    # A suite may ask for its disagreements in the terminal (eval text only: the cases are public).
    shown = int(section.get("show_failures", 0))
    for f in section.get("failures", [])[:shown]:
        want = "" if f["expected"] == "pass" else f" · expected {f['expected']!r}"
        lines.append(f"    {f['id']} · {f['criterion']}: {f['actual']}{want}")
    if len(section.get("failures", [])) > shown > 0:
        lines.append(f"    … and {len(section['failures']) - shown} more in report.json / report.md")
    return "\n".join(lines)


def _md_escape(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Eval report",
        "",
        f"Suite: {report.get('suite')} · passed: {report.get('passed')} · {report.get('duration_seconds', 0):.1f} s",
        "",
    ]
    for name, section in sections(report).items():
        lines += [f"## {name}", "", "```", text_table(name, section), "```", ""]
        lines += _md_thresholds(section) + _md_failures("Regressions", section.get("regressions", []))
        lines += _md_failures("Disagreements", section.get("failures", []))
    return "\n".join(lines) + "\n"


def _md_thresholds(section: Section) -> list[str]:
    checks = section.get("thresholds", {})
    if not checks:
        return []
    lines = ["### Thresholds", "", "| metric | min | value | |", "|---|---|---|---|"]
    for key, c in checks.items():
        mark = "ok" if c["passed"] else "**below**"
        lines.append(f"| {key} | {c['min']:.2f} | {_fmt(c['value'])} | {mark} {c.get('note', '')} |")
    return lines + [""]


def _md_failures(title: str, failures: list[dict[str, Any]]) -> list[str]:
    lines = [f"### {title} ({len(failures)})", ""]
    by_criterion: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for f in failures:
        by_criterion[f["criterion"]].append(f)
    for criterion, rows in by_criterion.items():
        lines += [f"#### {criterion} ({len(rows)})", "", "| id | expected | actual | text |", "|---|---|---|---|"]
        lines += [
            f"| {f['id']} | {f['expected']} | {_md_escape(f['actual'])} | {_md_escape(f['text'])} |" for f in rows
        ]
        lines.append("")
    return lines


def write(report: dict[str, Any], report_dir: Path) -> Path:
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / "report.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (report_dir / "report.md").write_text(markdown(report), encoding="utf-8")
    return path
