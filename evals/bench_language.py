"""Language detection: our pack-based detector against lingua, on every labeled text we have.

    .venv/bin/pip install lingua-language-detector   # measurement only; not a runtime dependency
    .venv/bin/python evals/bench_language.py

Texts: the eval cases (evals/cases/*.jsonl) and every rule example in the language packs.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from pathlib import Path

from reviewer.detect import detect_language
from reviewer.lang import codes, load

ROOT = Path(__file__).resolve().parent


def labeled() -> list[tuple[str, str, str]]:
    rows: list[tuple[str, str, str]] = []
    for path in sorted([*(ROOT / "cases").glob("*.jsonl"), *(ROOT / "heldout").glob("*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                texts = case.get("items") or [case["text"]]
                rows += [("cases", case["language"], t) for t in texts]
    for code in codes():
        for texts in load(code).rules.values():
            for example in [*texts.trigger, *texts.ok]:
                rows.append(("examples", code, re.sub(r"\{\{|\}\}", "", example)))
    return rows


def measure(name: str, detect, rows: list[tuple[str, str, str]]) -> None:
    times, right, wrong = [], 0, []
    for _, expected, text in rows:
        start = time.perf_counter()
        got = detect(text)
        times.append(time.perf_counter() - start)
        if got == expected:
            right += 1
        else:
            wrong.append((expected, got, text))
    by_lang = {}
    for code in codes():
        subset = [r for r in rows if r[1] == code]
        ok = sum(1 for r in subset if (r[1], r[2]) not in {(w[0], w[2]) for w in wrong})
        by_lang[code] = f"{ok}/{len(subset)}"
    print(f"{name:8} accuracy {right / len(rows):.3f} ({right}/{len(rows)})  by language {by_lang}  "
          f"median {statistics.median(times) * 1e3:.2f} ms")
    for expected, got, text in wrong[:15]:
        print(f"    expected {expected} got {got}: {text[:90]}")


def main() -> None:
    rows = labeled()
    measure("hybrid", detect_language, rows)
    try:
        from lingua import Language, LanguageDetectorBuilder
    except ImportError:
        print("lingua not installed: pip install lingua-language-detector to compare")
        return
    names = {Language.ENGLISH: "en", Language.DANISH: "da", Language.BOKMAL: "nb", Language.SWEDISH: "sv"}
    detector = LanguageDetectorBuilder.from_languages(*names).with_preloaded_language_models().build()

    def lingua_detect(text: str) -> str:
        language = detector.detect_language_of(text)
        return names.get(language, "en") if language else "en"

    measure("lingua", lingua_detect, rows)

    from reviewer.detect import language_scores

    def packs_only(text: str) -> str:
        scores = language_scores(text)
        best = max(scores.values())
        return "en" if best <= 0 else next(c for c, s in sorted(scores.items()) if s == best)

    measure("packs", packs_only, rows)


if __name__ == "__main__":
    main()
