"""The model path: any OpenAI-compatible Chat Completions server through the openai SDK.

One completion returns all candidates as JSON, in the richest dialect the server speaks: `response_format`
json_schema, else json_object, else plain text with the JSON read out of the answer. A server that refuses a
dialect (see `refused`) is asked again at once one step down, and the working dialect is remembered per base
URL and model. Every candidate is judged by reviewer.rewrite.judge, as the offline ones are: a candidate
that fails Specific/Measurable/Time-bound (missions: concise, purpose, plain language, timeless), is in
another language, or holds numbers the user never gave, is rejected and never shown.
When none survives, the model is asked again in the same conversation with the failing findings. Transient
errors are retried by tenacity (exponential backoff with jitter, Retry-After honoured) inside one overall
deadline (REVIEWER_LLM_TIMEOUT); past it, or when the model keeps failing, the offline suggestions are
returned with degraded=true. The SDK's own retries are off so there is one retry policy.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import openai
from openai import AsyncOpenAI
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay, wait_exponential_jitter

from reviewer.extract import Facts
from reviewer.models import Context, Review, RewriteRequest, RewriteResponse, Suggestion, Usage
from reviewer.prompts import Prompts
from reviewer.rewrite import Engine, Overloaded, not_needed, offline_suggestions
from reviewer.rewrite.cache import MemoryCache, RedisCache, RewriteCache
from reviewer.rewrite.judge import judge
from reviewer.rewrite.placeholders import placeholders_in
from reviewer.telemetry import NO_TELEMETRY, Telemetry

JSON_SCHEMA = {
    "name": "rewrites",
    "strict": True,
    "schema": {
        "type": "object",
        "additionalProperties": False,
        "required": ["rewrites"],
        "properties": {
            "rewrites": {
                "type": "array",
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text", "rationale", "assumptions"],
                    "properties": {
                        "text": {"type": "string"},
                        "rationale": {"type": "string"},
                        "assumptions": {"type": "array", "items": {"type": "string"}},
                    },
                },
            }
        },
    },
}


@dataclass(frozen=True)
class Dialect:
    """How a completion is asked for: the `response_format` sent (None: none, plain text)."""

    name: str
    response_format: dict[str, Any] | None


# Richest first. json_object needs the word "JSON" in the messages on OpenAI (the system prompt has it).
DIALECTS = (
    Dialect("json_schema", {"type": "json_schema", "json_schema": JSON_SCHEMA}),
    Dialect("json_object", {"type": "json_object"}),
    Dialect("text", None),
)

# What servers answer when they do not speak a dialect (the status, and words of the error body):
# - llama-cpp-python (`python -m llama_cpp.server`): its request type allows only "text" and "json_object",
#   and its route handler turns the validation error into HTTP 500, type internal_server_error, message
#   "1 validation error: {'type': 'literal_error', 'loc': ('body', 'response_format', 'type'), ...}"
#   (llama_cpp/server/types.py + errors.py; reproduced with FastAPI 0.165; ggml-org/llama.cpp#23463).
# - llama.cpp's llama-server before Sept 2024: HTTP 500 'response_format type must be one of "text" or
#   "json_object", but got: json_schema' (ggml-org/llama.cpp#9522); now json_schema works, and a schema it
#   cannot convert is a 400 "JSON schema conversion failed: ..." (ggml-org/llama.cpp#17572).
# - OpenAI / Azure, a model without the mode: HTTP 400 "Invalid parameter: 'response_format' of type
#   'json_schema' is not supported with this model.", param response_format (langchain-ai/langchain#31490).
# - LM Studio: HTTP 400 {"error": "'response_format.type' must be 'json_schema'"} for json_object
#   (lmstudio-ai/lmstudio-bug-tracker#189).
# - vLLM before json_schema support (vllm-project/vllm#7654): a 400 validation error on response_format.
# - xAI: HTTP 400 "The response_format parameter is unsupported at the moment. Leave it unset." (BerriAI/litellm#6610).
# - Ollama's /v1 endpoint never refuses: json_schema becomes its `format` schema, json_object `format: "json"`,
#   any other type is ignored (ollama/ollama openai/openai.go).
# The only optional parameter sent is response_format, so an unsupported-parameter error is about it.
REFUSAL_STATUS = frozenset({400, 422, 500, 501})
_REFUSAL = re.compile(
    r"response[_. ]?format|json[_ ]?schema|json[_ ]?object|structured output"
    r"|unsupported parameter|unknown parameter|unrecognized request argument|extra (?:inputs|fields) (?:are )?not permitted",
    re.IGNORECASE,
)


def refused(exc: BaseException, dialect: Dialect) -> bool:
    """True when the server refused the request for its response_format: step down a dialect, do not retry."""
    if dialect.response_format is None or not isinstance(exc, openai.APIStatusError):
        return False
    if exc.status_code not in REFUSAL_STATUS:
        return False
    said = f"{exc.message} {json.dumps(exc.body, default=str) if exc.body is not None else ''}"
    return _REFUSAL.search(said) is not None


@dataclass(frozen=True)
class Settings:
    model: str
    base_url: str | None = None  # None: the SDK's default (OPENAI_BASE_URL, else OpenAI)
    api_key: str | None = None  # None: "not-needed" (local servers need no key)
    timeout: float = 20.0
    max_reasks: int = 2
    concurrency: int = 4
    queue: int = 16
    cache_ttl: float = 3600.0
    cache_size: int = 256
    redis_url: str | None = None  # the answer cache in Redis, shared by replicas; None: in this process

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> Settings | None:
        """The model settings from the environment, or None when no model is configured (offline)."""
        model = env.get("REVIEWER_LLM_MODEL", "").strip()
        if not model:
            return None
        return cls(
            model=model,
            base_url=env.get("OPENAI_BASE_URL") or None,
            api_key=env.get("OPENAI_API_KEY") or None,
            timeout=float(env.get("REVIEWER_LLM_TIMEOUT", 20)),
            max_reasks=int(env.get("REVIEWER_LLM_MAX_REASKS", 2)),
            concurrency=int(env.get("REVIEWER_LLM_CONCURRENCY", 4)),
            queue=int(env.get("REVIEWER_LLM_QUEUE", 16)),
            cache_ttl=float(env.get("REVIEWER_LLM_CACHE_TTL", 3600)),
            cache_size=int(env.get("REVIEWER_LLM_CACHE_SIZE", 256)),
            redis_url=env.get("REVIEWER_REDIS_URL", "").strip() or None,
        )


@dataclass
class Gate:
    """Bounded concurrency of model calls with a bounded queue in front of it."""

    concurrency: int
    queue: int
    waiting: int = 0
    semaphore: asyncio.Semaphore | None = None

    async def __aenter__(self) -> None:
        if self.semaphore is None:
            self.semaphore = asyncio.Semaphore(self.concurrency)
        if self.semaphore.locked() and self.waiting >= self.queue:
            raise Overloaded(retry_after=1)
        self.waiting += 1
        try:
            await self.semaphore.acquire()
        finally:
            self.waiting -= 1

    async def __aexit__(self, *exc: object) -> None:
        assert self.semaphore is not None
        self.semaphore.release()


# --- parsing -------------------------------------------------------------------------------------


def parse_rewrites(content: str | None) -> list[dict[str, Any]]:
    """The candidates in a reply, read leniently (the text dialect gets prose, code fences, a bare list):
    the first {"rewrites": [...]} in the reply, else the first JSON list of {"text": ...} objects.
    Anything that is not a {"text": str} item is dropped."""
    if not content:
        return []
    text = re.sub(r"```(?:json)?", "", content)
    decoder = json.JSONDecoder()
    lists: list[list[Any]] = []
    for attempt, match in enumerate(re.finditer(r"[\{\[]", text)):
        if attempt == 500:
            break  # bracket soup, not an answer: bounded work
        try:
            value, _ = decoder.raw_decode(text, match.start())
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(value, dict) and isinstance(value.get("rewrites"), list):
            return _candidates(value["rewrites"])
        if isinstance(value, list) and any(isinstance(item, dict) and "text" in item for item in value):
            lists.append(value)
    return _candidates(lists[0]) if lists else []


def _candidates(items: list[Any]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
            assumptions = item.get("assumptions") if isinstance(item.get("assumptions"), list) else []
            out.append({"text": item["text"].strip(), "assumptions": [str(a) for a in assumptions]})
    return out


# --- the model call ------------------------------------------------------------------------------


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError, openai.RateLimitError)):
        return True
    return isinstance(exc, openai.APIStatusError) and exc.status_code >= 500


def _retry_after(exc: BaseException | None) -> float | None:
    response = getattr(exc, "response", None)
    raw = response.headers.get("retry-after") if response is not None else None
    try:
        return float(raw) if raw is not None else None
    except ValueError:
        return None


class _Wait:
    """Exponential backoff with jitter, or the server's Retry-After when it says more, never past the deadline."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.backoff = wait_exponential_jitter(multiplier=0.2, max=4.0, jitter=0.2)

    def __call__(self, state: Any) -> float:
        wait = self.backoff(state)
        exc = state.outcome.exception() if state.outcome else None
        server = _retry_after(exc)
        if server is not None:
            wait = max(wait, server)
        return max(0.0, min(wait, self.deadline - time.monotonic()))


@dataclass
class Conversation:
    client: AsyncOpenAI
    settings: Settings
    deadline: float
    messages: list[dict[str, str]] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    dialect: int = 0  # index into DIALECTS: where this conversation asks now
    stepped_down: Callable[[int], None] | None = None  # told the new index when the server refused one
    telemetry: Telemetry = NO_TELEMETRY

    async def ask(self) -> str:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(6) | stop_after_delay(max(0.0, self.deadline - time.monotonic())),
            wait=_Wait(self.deadline),
            retry=retry_if_exception(_transient),
            before_sleep=lambda _: self.telemetry.model_retry(),
            reraise=True,
        ):
            with attempt:
                return await self._once()
        raise RuntimeError("unreachable")

    async def _once(self) -> str:
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the rewrite deadline passed")
            dialect = DIALECTS[self.dialect]
            kwargs: dict[str, Any] = {"model": self.settings.model, "messages": self.messages, "timeout": remaining}
            if dialect.response_format is not None:
                kwargs["response_format"] = dialect.response_format
            self.usage.model_calls += 1
            try:
                completion = await self.client.chat.completions.create(**kwargs)
            except openai.APIStatusError as exc:
                if not refused(exc, dialect):
                    self.telemetry.model_call(call_outcome(exc))
                    raise  # transient ones are retried by ask(); anything else degrades
                self.telemetry.model_call("refused")
                # A refusal is an answer, not a failure: ask again at once, one dialect down (never retried
                # as transient, even when the server says 500 as llama-cpp-python does).
                self.dialect += 1
                if self.stepped_down is not None:
                    self.stepped_down(self.dialect)
                continue
            except BaseException as exc:
                self.telemetry.model_call(call_outcome(exc))
                raise
            self.telemetry.model_call("ok")
            if completion.usage is not None:
                self.usage.prompt_tokens += completion.usage.prompt_tokens or 0
                self.usage.completion_tokens += completion.usage.completion_tokens or 0
            if not completion.choices:
                return ""
            return completion.choices[0].message.content or ""


def call_outcome(exc: BaseException) -> str:
    """A model call's failure as a bounded label (metrics): never the server's message."""
    if isinstance(exc, openai.APITimeoutError):  # before APIConnectionError, its base class
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection_error"
    if isinstance(exc, openai.RateLimitError):
        return "rate_limited"
    if isinstance(exc, openai.APIStatusError):
        return "server_error" if exc.status_code >= 500 else "client_error"
    if isinstance(exc, asyncio.CancelledError):
        return "cancelled"  # the rewrite's deadline (asyncio.timeout) cut it short
    return "error"


CHECKS_FAILED = "the model returned no rewrite that passed the checks"  # the degraded_reason when the model answered


def _server(base_url: str, model: str) -> tuple[str, str]:
    return base_url.rstrip("/"), model


def _cache_key(request: RewriteRequest, original: Review, settings: Settings, version: str) -> str:
    context = request.context.model_dump(mode="json", exclude_none=True) if request.context else {}
    return json.dumps(
        [request.text, original.kind, original.language, context, settings.model, version, request.max_suggestions],
        ensure_ascii=False,
        sort_keys=True,
    )


class ModelRewriter:
    """The model provider. Holds its settings, the answer cache and the concurrency gates; built once by
    the engine. `client` makes the SDK client (tests hand in one over a respx-mocked httpx client)."""

    name = "llm"

    def __init__(
        self,
        settings: Settings,
        client: Callable[[], AsyncOpenAI] | None = None,
        prompts: Prompts | None = None,
        telemetry: Telemetry = NO_TELEMETRY,
        cache: RewriteCache | None = None,
    ) -> None:
        self.settings = settings
        self.telemetry = telemetry  # counts calls, retries, re-asks, degraded answers, cache hits
        self.prompts = prompts or Prompts.from_env()
        self._client = client or self._default_client
        if cache is None:  # built here once: in Redis when replicas share it (reviewer/rewrite/cache.py)
            cache = (RedisCache(settings.redis_url, settings.cache_ttl) if settings.redis_url
                     else MemoryCache(settings.cache_size, settings.cache_ttl))
        self.cache: RewriteCache = cache
        self._gates: dict[int, Gate] = {}  # a semaphore belongs to one event loop
        self._dialects: dict[tuple[str, str], int] = {}  # (base URL, model) -> the first dialect not refused

    def dialect(self, base_url: str, model: str | None = None) -> str:
        """The dialect the next rewrite against this server and model starts with."""
        return DIALECTS[self._dialects.get(_server(base_url, model or self.settings.model), 0)].name

    def _remember(self, key: tuple[str, str], index: int) -> None:
        self._dialects[key] = max(self._dialects.get(key, 0), index)

    def _default_client(self) -> AsyncOpenAI:
        # base_url None: the SDK reads OPENAI_BASE_URL itself. Its own retries are off: tenacity retries.
        return AsyncOpenAI(base_url=self.settings.base_url, api_key=self.settings.api_key or "not-needed", max_retries=0)

    def gate(self) -> Gate:
        loop_id = id(asyncio.get_running_loop())
        gate = self._gates.get(loop_id)
        if gate is None:
            gate = self._gates[loop_id] = Gate(self.settings.concurrency, self.settings.queue)
        return gate

    async def rewrite(
        self, engine: Engine, request: RewriteRequest, original: Review, facts: Facts, context: Context
    ) -> RewriteResponse:
        return await llm_rewrite(self, engine, request, original, facts, context)


async def llm_rewrite(
    provider: ModelRewriter, engine: Engine, request: RewriteRequest, original: Review, facts: Facts, context: Context
) -> RewriteResponse:
    skip = not_needed(engine, original, facts, context)
    if skip is not None:
        return skip  # the text already meets every criterion: no model call
    settings, prompts = provider.settings, provider.prompts
    cache, gate = provider.cache, provider.gate()
    prompt_version, render = prompts.version, prompts.render
    key = _cache_key(request, original, settings, prompt_version)
    cached = await cache.get(key)
    provider.telemetry.model_cache(hit=cached is not None)
    if cached is not None:
        return cached.model_copy(update={"usage": Usage()})
    pack = engine.languages[original.language]
    language_name = pack.name
    date_placeholder = pack.rewrite.get("deadline_placeholder", "[date]")
    client = provider._client()
    server = _server(str(client.base_url), settings.model)
    conversation = Conversation(
        client,
        settings,
        deadline=time.monotonic() + settings.timeout,
        dialect=provider._dialects.get(server, 0),
        stepped_down=lambda index: provider._remember(server, index),
        telemetry=provider.telemetry,
    )
    kind = original.kind
    conversation.messages = [
        {
            "role": "system",
            "content": render(
                "system.j2",
                kind=kind,
                language=original.language,
                language_name=language_name,
                date_placeholder=date_placeholder,
                count=request.max_suggestions,
                examples=prompts.examples.get(original.language, []) if kind == "goal" else [],
            ),
        },
        {
            "role": "user",
            "content": render(
                "user.j2",
                kind=kind,
                text=request.text.replace(f"</{kind}>", f"<\\/{kind}>"),
                findings=[f for f in original.findings if f.severity != "info"],
                context=request.context.model_dump(mode="json", exclude_none=True) if request.context else {},
            ),
        },
    ]
    reason, code = CHECKS_FAILED, "checks_failed"
    try:
        async with gate:
            async with asyncio.timeout(settings.timeout):
                for turn in range(settings.max_reasks + 1):
                    reply = await conversation.ask()
                    candidates = parse_rewrites(reply)
                    survivors: list[Suggestion] = []
                    rejections = []
                    for candidate in candidates:
                        verdict = judge(engine, original, request.text, context, candidate["text"], candidate["assumptions"])
                        if not verdict.passed:
                            rejections.append({"text": candidate["text"], "reasons": verdict.reasons})
                            continue
                        survivors.append(
                            Suggestion(
                                text=candidate["text"],
                                review=verdict.review,
                                placeholders=placeholders_in(candidate["text"]),
                                assumptions=candidate["assumptions"],
                                provider="llm",
                                model=settings.model,
                            )
                        )
                    if survivors:
                        survivors.sort(key=lambda s: -s.review.score)
                        response = RewriteResponse(
                            review=original,
                            suggestions=survivors[: request.max_suggestions],
                            degraded=False,
                            prompt_version=prompt_version,
                            usage=conversation.usage,
                        )
                        await cache.put(key, response)
                        return response
                    if turn == settings.max_reasks:
                        break
                    provider.telemetry.model_reask()
                    conversation.messages.append({"role": "assistant", "content": reply or ""})
                    if not candidates:
                        rejections = [{"text": (reply or "")[:200], "reasons": ["not the JSON shape asked for"]}]
                    conversation.messages.append(
                        {
                            "role": "user",
                            "content": render(
                                "reask.j2", rejections=rejections, count=request.max_suggestions, language_name=language_name
                            ),
                        }
                    )
    except Overloaded:
        provider.telemetry.model_overloaded()
        raise
    except (TimeoutError, openai.APITimeoutError):  # the SDK's timeout is what is left of the deadline
        reason, code = f"the model did not answer within {settings.timeout:g} s", "timeout"
    except openai.APIStatusError as exc:
        reason, code = f"the model server failed: {type(exc).__name__} (HTTP {exc.status_code})", "model_error"
    except openai.APIError as exc:
        reason, code = f"the model server failed: {type(exc).__name__}", "model_error"
    except Exception as exc:  # noqa: BLE001  (the model never causes a 5xx: anything else degrades too)
        reason, code = f"the model path failed: {type(exc).__name__}", "error"
    provider.telemetry.model_degraded(code)
    return RewriteResponse(
        review=original,
        suggestions=offline_suggestions(engine, original, facts, context, request.max_suggestions),
        degraded=True,
        degraded_reason=reason,
        prompt_version=prompt_version,
        usage=conversation.usage,
    )
