"""Language detection: the shipped detector (cheap evidence, lingua on close calls) against its parts, on
every labeled text we have.

    .venv/bin/python evals/bench_language.py [--sweep]

Texts: the eval cases (evals/cases/*.jsonl, short.jsonl included, and evals/heldout/) and every rule example
in the language packs. --sweep tries other margins for the cheap path.
"""

from __future__ import annotations

import json
import platform
import re
import statistics
import sys
import time
from pathlib import Path

from reviewer.detect import LanguageDetector
from reviewer.lang import codes, default, load

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


def _best(scores: dict[str, float]) -> str:
    best = max(scores.values())
    return "en" if best <= 0 else next(c for c, s in sorted(scores.items()) if s == best)


def main() -> None:
    rows = labeled()
    started = time.perf_counter()
    detector = LanguageDetector(default())
    built = time.perf_counter() - started
    print(f"{len(rows)} labeled texts; machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}")
    measure("shipped", detector.detect, rows)
    close = [r for r in rows if _close(detector, r[2])]
    print(f"    close calls (cheap lead < {detector.margin:g}): {len(close)}/{len(rows)} go to lingua + vocabulary")
    measure("always-lingua", detector.detect_close, rows)
    measure("cheap", lambda t: _best(detector.cheap_scores(t)), rows)
    measure("packs", lambda t: _best(detector.scores(t)), rows)
    measure("lingua", lambda t: _best(detector.lingua_confidences(t)), rows)
    short = [r for r in rows if len(re.findall(r"\w+", r[2])) <= 8]
    print(f"short texts (<= 8 words): {len(short)}")
    measure("shipped", detector.detect, short)
    measure("always-lingua", detector.detect_close, short)
    unsupported(detector, rows, built)
    if "--sweep" in sys.argv:
        for margin in (2, 3, 4, 5, 6, 8, 10, 1e9):
            detector.margin = margin
            wrong = sum(1 for _, e, t in rows if detector.detect(t) != e)
            fast = sum(1 for r in rows if not _close(detector, r[2]))
            print(f"margin {margin:g}: accuracy {1 - wrong / len(rows):.4f}, settled without lingua {fast / len(rows):.2f}")


# A few sentences per language we do not review: the refusal must name them, and refuse none of ours.
FOREIGN = [
    ("German", "Wir wollen den Umsatz im nächsten Jahr um 20 % steigern."),
    ("German", "Unsere Mission ist es, Menschen mit gutem Brot zu versorgen."),
    ("French", "Augmenter le chiffre d'affaires de 20 % d'ici la fin de l'année."),
    ("Spanish", "Aumentar las ventas un 20 % antes de diciembre."),
    ("Dutch", "Verhoog de omzet met 20% voor eind 2025."),
    ("Finnish", "Kasvattaa myyntiä 20 % vuoden loppuun mennessä."),
    ("Italian", "Aumentare le vendite del 20% entro la fine dell'anno."),
]


def unsupported(detector: LanguageDetector, rows: list[tuple[str, str, str]], built: float) -> None:
    """The refusal of unsupported languages (detect.py `unsupported`): what it costs and what it refuses."""
    times, refused = [], []
    for _, _, text in rows:
        started = time.perf_counter()
        if detector.unsupported(text):
            refused.append(text)
        times.append(time.perf_counter() - started)
    named = sum(1 for name, text in FOREIGN if detector.unsupported(text) == name)
    print(f"unsupported-language check: detector built in {built:.2f} s (both lingua detectors);"
          f" per text median {statistics.median(times) * 1000:.3f} ms, p99 {sorted(times)[int(len(times) * 0.99)] * 1000:.3f} ms;"
          f" our labeled texts refused {len(refused)}/{len(rows)}; foreign texts named {named}/{len(FOREIGN)}")
    for text in refused[:5]:
        print(f"    refused: {text[:90]}")


def _close(detector: LanguageDetector, text: str) -> bool:
    ranked = sorted(detector.cheap_scores(text).values(), reverse=True)
    return ranked[0] - ranked[1] < detector.margin


if __name__ == "__main__":
    main()
