"""The model path speaks each server's dialect: the real openai SDK and HTTP transport against scripted Chat
Completions servers on loopback that answer `response_format` as llama-cpp-python, llama.cpp, Ollama,
OpenAI, LM Studio and a server without structured output do (reviewer.evaluation.chat_server profiles)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import time

import httpx
import openai
import pytest

from reviewer import default_engine
from reviewer.evaluation.chat_server import (
    ChatServer,
    Profile,
    completion,
    llama_cpp_python,
    llama_server_2024,
    lm_studio,
    no_response_format,
    ollama,
    openai_without_structured_outputs,
    rewrites,
)
from reviewer.evaluation.chat_server import openai as openai_profile
from reviewer.models import Context, RewriteRequest, RewriteResponse
from reviewer.rewrite.llm import DIALECTS, ModelRewriter, Settings, refused

GOOD_DA = "Øge antallet af nye kunder via vores hjemmeside med [X] % inden [dato]."
GOOD_DA_2 = "Øge antallet af nye følgere på Instagram med [X] % inden [dato]."


def provider_for(server: ChatServer, timeout: float = 10) -> ModelRewriter:
    return ModelRewriter(Settings(model="local-model", base_url=server.url, api_key="test-key", timeout=timeout))


def run(provider: ModelRewriter, text: str = "Få flere kunder") -> RewriteResponse:
    request = RewriteRequest(text=text, language="da", context=Context(today=dt.date(2026, 3, 1)))
    return asyncio.run(default_engine().with_rewriter(provider).rewrite(request))


def sent(server: ChatServer) -> list[str]:
    """The dialect of every request the server got."""
    return [(r.get("response_format") or {}).get("type", "text") for r in server.requests]


def test_llama_cpp_python_is_answered_by_the_model_after_one_refusal_and_remembers_json_object() -> None:
    with ChatServer([{"json": rewrites(GOOD_DA)}, {"json": rewrites(GOOD_DA_2)}], profile=llama_cpp_python) as server:
        provider = provider_for(server)
        started = time.monotonic()
        first = run(provider)
        elapsed = time.monotonic() - started
        assert sent(server) == ["json_schema", "json_object"]  # exactly one refused call, then json_object
        assert server.refused == 1 and elapsed < 2, elapsed  # stepped down at once: no backoff, no retry
        assert not first.degraded and first.degraded_reason is None
        assert [s.provider for s in first.suggestions] == ["llm"] and first.usage.model_calls == 2
        assert provider.dialect(server.url) == "json_object"

        second = run(provider, "Få flere følgere")  # another text: not the cache
    assert sent(server)[2:] == ["json_object"]  # starts at the remembered dialect
    assert server.refused == 1 and not second.degraded and second.usage.model_calls == 1


def test_against_llama_cpp_python_a_degraded_rewrite_blames_the_candidates_not_the_server() -> None:
    bad = {"json": rewrites("Få mange flere kunder hurtigt")}
    with ChatServer([bad, bad, bad], profile=llama_cpp_python) as server:
        result = run(provider_for(server))
    assert sent(server) == ["json_schema", "json_object", "json_object", "json_object"]
    assert result.degraded and result.degraded_reason == "the model returned no rewrite that passed the checks"
    assert all(s.provider == "offline" for s in result.suggestions)


@pytest.mark.parametrize(
    ("profile", "dialects"),
    [
        (ollama, ["json_schema"]),  # json_schema becomes Ollama's format schema
        (openai_profile, ["json_schema"]),  # our strict schema passes OpenAI's strict rules
        (lm_studio, ["json_schema"]),
        (llama_server_2024, ["json_schema", "json_object"]),  # 500 "response_format type must be one of ..."
        (openai_without_structured_outputs, ["json_schema", "json_object"]),  # 400; the prompt says "JSON"
    ],
    ids=["ollama", "openai", "lm-studio", "llama-server-2024", "openai-model-without-json-schema"],
)
def test_each_server_gets_its_dialect(profile: Profile, dialects: list[str]) -> None:
    with ChatServer([{"json": rewrites(GOOD_DA)}], profile=profile) as server:
        provider = provider_for(server)
        result = run(provider)
    assert sent(server) == dialects
    assert not result.degraded and result.suggestions[0].text == GOOD_DA
    assert provider.dialect(server.url) == dialects[-1]
    assert provider.dialect("http://127.0.0.1:1/v1") == "json_schema"  # remembered per server, not globally


def test_ollama_before_0_5_takes_json_schema_without_applying_it_and_the_json_is_read_from_the_answer() -> None:
    fenced = completion("Selvfølgelig!\n```json\n" + rewrites(GOOD_DA)["choices"][0]["message"]["content"] + "\n```")
    with ChatServer([{"json": fenced}], profile=ollama) as server:
        provider = provider_for(server)
        result = run(provider)
    assert sent(server) == ["json_schema"] and provider.dialect(server.url) == "json_schema"
    assert not result.degraded and result.suggestions[0].text == GOOD_DA


def test_a_server_that_refuses_both_structured_modes_gets_plain_text_and_the_json_is_read_from_prose() -> None:
    payload = json.dumps({"rewrites": [{"text": GOOD_DA, "rationale": "", "assumptions": []}]}, ensure_ascii=False)
    prose = completion(f"Her er mine forslag:\n\n{payload}\n\nSig til, hvis du vil have flere.")
    bare_list = completion("Forslag: " + json.dumps([{"text": GOOD_DA_2}], ensure_ascii=False))
    with ChatServer([{"json": prose}, {"json": bare_list}], profile=no_response_format) as server:
        provider = provider_for(server)
        first = run(provider)
        second = run(provider, "Få flere følgere")
    assert sent(server) == ["json_schema", "json_object", "text", "text"]
    assert "response_format" not in server.requests[2]
    assert not first.degraded and first.suggestions[0].text == GOOD_DA
    assert not second.degraded and second.suggestions[0].text == GOOD_DA_2


def test_a_transient_500_that_does_not_name_response_format_is_still_retried() -> None:
    crash = {"status": 500, "json": {"error": {"message": "CUDA error: out of memory", "type": "internal_server_error"}}}
    with ChatServer([crash, {"json": rewrites(GOOD_DA)}], profile=llama_cpp_python) as server:
        provider = provider_for(server)
        provider._dialects[(server.url, "local-model")] = 1  # already known to speak json_object
        result = run(provider)
    assert sent(server) == ["json_object", "json_object"]  # the same dialect again, after a backoff
    assert not result.degraded and provider.dialect(server.url) == "json_object"


def _status_error(status: int, body: object) -> openai.APIStatusError:
    request = httpx.Request("POST", "http://model.test/v1/chat/completions")
    response = httpx.Response(status, json=body, request=request)
    payload = body.get("error", body) if isinstance(body, dict) else body
    return openai.APIStatusError(f"Error code: {status} - {body}", response=response, body=payload)


@pytest.mark.parametrize(
    ("status", "body", "is_refusal"),
    [
        (500, llama_cpp_python({"response_format": {"type": "json_schema"}})["json"], True),
        (500, llama_server_2024({"response_format": {"type": "json_schema"}})["json"], True),
        (400, openai_without_structured_outputs({"response_format": {"type": "json_schema"}})["json"], True),
        (400, lm_studio({"response_format": {"type": "json_object"}})["json"], True),
        (400, no_response_format({"response_format": {}})["json"], True),
        (422, {"detail": [{"loc": ["body", "response_format"], "msg": "Extra inputs are not permitted"}]}, True),
        (400, {"error": {"message": "JSON schema conversion failed: Unrecognized schema"}}, True),
        (500, {"error": {"message": "boom"}}, False),  # transient: retried
        (503, {"error": {"message": "response_format busy"}}, False),  # 503 is never a refusal
        (400, {"error": {"message": "This model's maximum context length is 4096 tokens."}}, False),
    ],
)
def test_what_counts_as_a_refusal(status: int, body: dict, is_refusal: bool) -> None:
    exc = _status_error(status, body)
    assert refused(exc, DIALECTS[0]) is is_refusal
    assert refused(exc, DIALECTS[-1]) is False  # plain text sent no response_format: nothing to step down from
