"""The rewrite suite: every goal in evals/cases/ that fails Specific, Measurable or Time-bound is rewritten,
and every suggestion shown is judged again, by the same judge the rewriters use (reviewer.rewrite.judge),
without trusting the rewriter to have applied it.

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
from reviewer.rewrite.judge import judge


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
    loopback, so the model path (SDK, parsing, validation, re-asks, fallback) is scored offline in CI: once
    from a server that speaks every dialect, once from one that answers as llama-cpp-python's server does
    (json_schema refused with a 500, then json_object). The outcome must be as recorded both times: a
    degraded rewrite must be degraded because the candidates failed the checks, never because of the server."""
    from reviewer.evaluation.chat_server import ChatServer, completion, llama_cpp_python
    from reviewer.rewrite.llm import CHECKS_FAILED, ModelRewriter, Settings

    path = options.cases_dir.parent / "recordings" / "rewrites.jsonl"
    if not path.exists():
        return
    recordings = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    agree = shown_bad = 0
    prompts = Prompts.from_env()
    for label, profile in (("", None), ("llama-cpp-python.", llama_cpp_python)):
        calls = tokens = refused = 0
        for rec in recordings:
            script = [{"json": completion(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))} for r in rec["replies"]]
            with ChatServer(script, profile=profile) as server:
                settings = Settings(model="recorded", base_url=server.url, api_key="replay", timeout=10)
                replaying = engine.with_rewriter(ModelRewriter(settings, prompts=prompts))
                request = RewriteRequest(text=rec["text"], language=rec["language"])
                response = asyncio.run(replaying.rewrite(request))
            calls += response.usage.model_calls
            tokens += response.usage.prompt_tokens
            refused += server.refused
            if not response.degraded:
                outcome = "llm"
            elif response.degraded_reason == CHECKS_FAILED:
                outcome = "degraded"
            else:
                outcome = f"failed: {response.degraded_reason}"
            agree += outcome == rec["expect"]
            original = engine.review(rec["text"], kind="goal", language=rec["language"])
            for s in response.suggestions:
                shown_bad += not judge(engine, original, rec["text"], None, s.text, s.assumptions).passed
            key = f"replay.{label}{rec['language']}.{rec['text'][:40]}"
            result["results"][key] = {"rewrite.replay": outcome}
            if outcome != rec["expect"]:
                result["failures"].append({"id": key, "criterion": "rewrite.replay", "expected": rec["expect"], "actual": outcome, "text": rec["text"]})
        name = label.rstrip(".").replace("-", "_")
        prefix = f"replay_{name}_" if name else "replay_"
        result["metrics"][f"{prefix}mean_model_calls"] = round(calls / len(recordings), 3)
        result["metrics"][f"{prefix}prompt_tokens"] = tokens
        if profile is not None:
            result["metrics"][f"{prefix}refused_calls"] = refused
    result["metrics"]["summary"]["replay_outcome_as_recorded"] = _ratio(agree, 2 * len(recordings))
    result["metrics"]["summary"]["replay_no_failing_suggestion_shown"] = 1.0 if not shown_bad else 0.0
    result["counts"]["replayed"] = len(recordings)
    result["counts"]["replayed_as_llama_cpp_python"] = len(recordings)
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
        context = Context(**(case.get("context") or {}))
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
            verdict = judge(engine, original, case["text"], context, s.text, s.assumptions)
            judged = verdict.review
            failed = set(verdict.failures)  # the judge's checks, counted one by one
            passed = not failed & set(REQUIRED["goal"])
            smt += passed
            kept = "language" not in failed
            language_kept += kept
            invented = "numbers" in failed
            with_invented += invented
            if original.extracted.metric is not None:
                intent_total += 1
                ids = {m.value for m in [judged.extracted.metric] if m is not None}
                channel = original.extracted.channel
                kept_channel = channel is None or channel.value in {c.value for c in judged.extracted.channels}
                intent_kept += original.extracted.metric.value in ids and kept_channel
            good += verdict.passed  # the one notion of a good rewrite
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
