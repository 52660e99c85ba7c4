"""The rewrite suite: every goal in evals/cases/ that fails Specific, Measurable or Time-bound is rewritten,
and the suggestions are judged by the same rules, independently of the rewriter's own check.

Offline (the default, no network) it scores the offline rewriter. With --live it calls the model server
configured by OPENAI_BASE_URL / OPENAI_API_KEY / REVIEWER_LLM_MODEL.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from typing import Any

from reviewer.engine import Reviewer
from reviewer.evaluation.cases import load_cases
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite
from reviewer.models import Context, RewriteRequest
from reviewer.prompts import Prompts
from reviewer.rewrite import REQUIRED, OfflineRewriter
from reviewer.rewrite.numbers import invented_numbers


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@register_suite("rewrite")
def rewrite_suite(options: SuiteOptions) -> SuiteResult:
    # Offline: the offline provider, whatever the environment configures; --live: the engine as built.
    engine = options.engine if options.live else options.engine.with_rewriter(OfflineRewriter())
    result = _run(engine, options)
    if not options.live:
        _replay(engine, result, options)
    return result


def _replay(engine: Reviewer, result: SuiteResult, options: SuiteOptions) -> None:
    """Replay the recorded model replies (evals/recordings/) through a scripted Chat Completions server on
    loopback, so the model path (SDK, parsing, validation, re-asks, fallback) is scored offline in CI."""
    from reviewer.evaluation.chat_server import ChatServer, completion
    from reviewer.rewrite.llm import ModelRewriter, Settings

    path = options.cases_dir.parent / "recordings" / "rewrites.jsonl"
    if not path.exists():
        return
    recordings = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    agree = shown_bad = calls = tokens = 0
    prompts = Prompts.from_env()
    for rec in recordings:
        script = [{"json": completion(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))} for r in rec["replies"]]
        with ChatServer(script) as server:
            settings = Settings(model="recorded", base_url=server.url, api_key="replay", timeout=10)
            replaying = engine.with_rewriter(ModelRewriter(settings, prompts=prompts))
            request = RewriteRequest(text=rec["text"], language=rec["language"])
            response = asyncio.run(replaying.rewrite(request))
        calls += response.usage.model_calls
        tokens += response.usage.prompt_tokens
        outcome = "degraded" if response.degraded else "llm"
        agree += outcome == rec["expect"]
        for s in response.suggestions:
            judged = engine.review(s.text, kind="goal", language="auto")
            bad = any(judged.criteria[c].status != "pass" for c in REQUIRED["goal"]) or judged.language != rec["language"]
            shown_bad += bad or bool(invented_numbers(s.text, rec["text"], {}, s.assumptions))
        key = f"replay.{rec['language']}.{rec['text'][:40]}"
        result["results"][key] = {"rewrite.replay": outcome}
        if outcome != rec["expect"]:
            result["failures"].append({"id": key, "criterion": "rewrite.replay", "expected": rec["expect"], "actual": outcome, "text": rec["text"]})
    result["metrics"]["summary"]["replay_outcome_as_recorded"] = _ratio(agree, len(recordings))
    result["metrics"]["summary"]["replay_no_failing_suggestion_shown"] = 1.0 if not shown_bad else 0.0
    result["metrics"]["replay_mean_model_calls"] = round(calls / len(recordings), 3)
    result["metrics"]["replay_prompt_tokens"] = tokens
    result["counts"]["replayed"] = len(recordings)
    result["prompt_version"] = prompts.version


def _run(engine: Reviewer, options: SuiteOptions) -> SuiteResult:
    # Every goal in evals/: the tuning cases and the held-out ones.
    everything = load_cases(options.cases_dir) + load_cases(options.cases_dir.parent / "heldout")
    cases = [c for c in everything if c["kind"] == "goal"]
    failures: list[dict[str, Any]] = []
    results: dict[str, dict[str, str]] = {}
    vague = covered = suggestions = smt = language_kept = with_invented = intent_total = intent_kept = 0
    calls = prompt_tokens = 0
    prompt_version = None
    timings: list[float] = []
    for case in cases:
        raw_context = case.get("context") or {}
        context = Context(**raw_context)
        original = engine.review(case["text"], kind="goal", language=case["language"], context=context)
        if all(original.criteria[c].status == "pass" for c in REQUIRED["goal"]):
            continue
        vague += 1
        request = RewriteRequest(text=case["text"], kind="goal", language=case["language"], context=context)
        started = time.perf_counter()
        response = asyncio.run(engine.rewrite(request))
        timings.append(time.perf_counter() - started)
        calls += response.usage.model_calls
        prompt_tokens += response.usage.prompt_tokens
        prompt_version = prompt_version or response.prompt_version
        good = 0
        for s in response.suggestions:
            suggestions += 1
            judged = engine.review(s.text, kind="goal", language="auto", context=context)
            passed = all(judged.criteria[c].status == "pass" for c in REQUIRED["goal"])
            smt += passed
            kept = judged.language == case["language"]
            language_kept += kept
            invented = invented_numbers(s.text, case["text"], raw_context, s.assumptions)
            with_invented += bool(invented)
            if original.extracted.metric is not None:
                intent_total += 1
                ids = {m.value for m in [judged.extracted.metric] if m is not None}
                channel = original.extracted.channel
                kept_channel = channel is None or channel.value in {c.value for c in judged.extracted.channels}
                intent_kept += original.extracted.metric.value in ids and kept_channel
            good += passed and kept and not invented
        covered += good > 0
        results[case["id"]] = {"rewrite.coverage": "pass" if good else "fail"}
        if not good:
            failures.append(
                {
                    "id": case["id"],
                    "criterion": "rewrite.coverage",
                    "expected": "pass",
                    "actual": "fail",
                    "text": case["text"],
                    "suggestions": [s.text for s in response.suggestions],
                }
            )
    summary = {
        "coverage": _ratio(covered, vague),
        "suggestions_pass_smt": _ratio(smt, suggestions),
        "language_kept": _ratio(language_kept, suggestions),
        "no_invented_numbers": _ratio(suggestions - with_invented, suggestions),
        "intent_kept": _ratio(intent_kept, intent_total),
    }
    return {
        "counts": {"vague_goals": vague, "suggestions": suggestions},
        "metrics": {
            "summary": summary,
            "mean_model_calls": round(calls / vague, 3) if vague else 0.0,
            "prompt_tokens": prompt_tokens,
            "median_ms": round(statistics.median(timings) * 1000, 2) if timings else None,
            "max_ms": round(max(timings) * 1000, 2) if timings else None,
            "provider": engine.rewriter.name,
        },
        "failures": failures,
        "results": results,
        "prompt_version": prompt_version,
    }
