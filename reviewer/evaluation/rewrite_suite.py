"""The rewrite suite: every goal in evals/cases/ that fails Specific, Measurable or Time-bound is rewritten,
and the suggestions are judged by the same rules, independently of the rewriter's own check.

Offline (the default, no network) it scores the offline rewriter. With --live it calls the model server
configured by OPENAI_BASE_URL / OPENAI_API_KEY / REVIEWER_LLM_MODEL.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import time
from typing import Any

from reviewer import review
from reviewer.evaluation.cases import load_cases
from reviewer.evaluation.suites import SuiteOptions, SuiteResult, register_suite
from reviewer.models import Context, RewriteRequest
from reviewer.rewrite import REQUIRED, rewrite_request
from reviewer.rewrite.numbers import invented_numbers


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


@register_suite("rewrite")
def rewrite_suite(options: SuiteOptions) -> SuiteResult:
    saved = os.environ.get("REVIEWER_LLM_MODEL")
    if not options.live:
        os.environ.pop("REVIEWER_LLM_MODEL", None)  # offline: never reach for a model, whatever is configured
    try:
        result = _run(options)
        if not options.live:
            _replay(result, options)
        return result
    finally:
        if saved is not None:
            os.environ["REVIEWER_LLM_MODEL"] = saved


def _replay(result: SuiteResult, options: SuiteOptions) -> None:
    """Replay the recorded model replies (evals/recordings/) through a scripted Chat Completions server on
    loopback, so the model path (SDK, parsing, validation, re-asks, fallback) is scored offline in CI."""
    from reviewer.evaluation.chat_server import ChatServer, completion
    from reviewer.rewrite.llm import reset_state

    path = options.cases_dir.parent / "recordings" / "rewrites.jsonl"
    if not path.exists():
        return
    recordings = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    keys = ("OPENAI_BASE_URL", "OPENAI_API_KEY", "REVIEWER_LLM_MODEL", "REVIEWER_LLM_TIMEOUT")
    saved = {k: os.environ.get(k) for k in keys}
    agree = shown_bad = calls = tokens = 0
    try:
        for rec in recordings:
            script = [{"json": completion(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))} for r in rec["replies"]]
            with ChatServer(script) as server:
                os.environ.update({"OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "replay", "REVIEWER_LLM_MODEL": "recorded", "REVIEWER_LLM_TIMEOUT": "10"})
                reset_state()
                request = RewriteRequest(text=rec["text"], language=rec["language"])
                response = asyncio.run(rewrite_request(request))
            calls += response.usage.model_calls
            tokens += response.usage.prompt_tokens
            outcome = "degraded" if response.degraded else "llm"
            agree += outcome == rec["expect"]
            for s in response.suggestions:
                judged = review(s.text, kind="goal", language="auto")
                bad = any(judged.criteria[c].status != "pass" for c in REQUIRED["goal"]) or judged.language != rec["language"]
                shown_bad += bad or bool(invented_numbers(s.text, rec["text"], {}, s.assumptions))
            key = f"replay.{rec['language']}.{rec['text'][:40]}"
            result["results"][key] = {"rewrite.replay": outcome}
            if outcome != rec["expect"]:
                result["failures"].append({"id": key, "criterion": "rewrite.replay", "expected": rec["expect"], "actual": outcome, "text": rec["text"]})
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
        reset_state()
    result["metrics"]["summary"]["replay_outcome_as_recorded"] = _ratio(agree, len(recordings))
    result["metrics"]["summary"]["replay_no_failing_suggestion_shown"] = 1.0 if not shown_bad else 0.0
    result["metrics"]["replay_mean_model_calls"] = round(calls / len(recordings), 3)
    result["metrics"]["replay_prompt_tokens"] = tokens
    result["counts"]["replayed"] = len(recordings)
    from reviewer.prompts import prompt_version

    result["prompt_version"] = prompt_version()


def _run(options: SuiteOptions) -> SuiteResult:
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
        original = review(case["text"], kind="goal", language=case["language"], context=context)
        if all(original.criteria[c].status == "pass" for c in REQUIRED["goal"]):
            continue
        vague += 1
        request = RewriteRequest(text=case["text"], kind="goal", language=case["language"], context=context)
        started = time.perf_counter()
        response = asyncio.run(rewrite_request(request))
        timings.append(time.perf_counter() - started)
        calls += response.usage.model_calls
        prompt_tokens += response.usage.prompt_tokens
        prompt_version = prompt_version or response.prompt_version
        good = 0
        for s in response.suggestions:
            suggestions += 1
            judged = review(s.text, kind="goal", language="auto", context=context)
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
            "provider": "llm" if options.live and os.environ.get("REVIEWER_LLM_MODEL") else "offline",
        },
        "failures": failures,
        "results": results,
        "prompt_version": prompt_version,
    }
