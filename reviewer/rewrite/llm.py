"""The model path: any OpenAI-compatible Chat Completions server through the openai SDK.

One completion returns all candidates as JSON. Every candidate is reviewed by the same rules as the user's
text; a candidate that fails Specific/Measurable/Time-bound (missions: concise, purpose, plain language,
timeless), is in another language, or holds numbers the user never gave, is rejected and never shown.
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
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import openai
from openai import AsyncOpenAI
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, stop_after_delay, wait_exponential_jitter

from reviewer.extract import Facts
from reviewer.models import Context, Review, RewriteRequest, RewriteResponse, Suggestion, Usage
from reviewer.prompts import Prompts
from reviewer.rewrite import REQUIRED, Judge, Overloaded, offline_suggestions
from reviewer.rewrite.numbers import invented_numbers

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
        )


class TTLCache:
    """A small LRU cache whose entries expire; only successful model answers are stored."""

    def __init__(self, size: int, ttl: float) -> None:
        self.size, self.ttl = size, ttl
        self._items: OrderedDict[str, tuple[float, RewriteResponse]] = OrderedDict()

    def get(self, key: str) -> RewriteResponse | None:
        item = self._items.get(key)
        if item is None or time.monotonic() - item[0] > self.ttl:
            self._items.pop(key, None)
            return None
        self._items.move_to_end(key)
        return item[1]

    def put(self, key: str, value: RewriteResponse) -> None:
        self._items[key] = (time.monotonic(), value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)


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
    """The candidates in a reply, read leniently: code fences and prose around the JSON are skipped.
    Anything that is not a list of {"text": str} is dropped."""
    if not content:
        return []
    text = re.sub(r"```(?:json)?", "", content)
    decoder = json.JSONDecoder()
    for start in [m.start() for m in re.finditer(r"\{", text)]:
        try:
            value, _ = decoder.raw_decode(text[start:])
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and isinstance(value.get("rewrites"), list):
            out = []
            for item in value["rewrites"]:
                if isinstance(item, dict) and isinstance(item.get("text"), str) and item["text"].strip():
                    assumptions = item.get("assumptions") if isinstance(item.get("assumptions"), list) else []
                    out.append({"text": item["text"].strip(), "assumptions": [str(a) for a in assumptions]})
            return out
    return []


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
    response_format: dict[str, Any] | None = field(default_factory=lambda: {"type": "json_schema", "json_schema": JSON_SCHEMA})

    async def ask(self) -> str:
        async for attempt in AsyncRetrying(
            stop=stop_after_attempt(6) | stop_after_delay(max(0.0, self.deadline - time.monotonic())),
            wait=_Wait(self.deadline),
            retry=retry_if_exception(_transient),
            reraise=True,
        ):
            with attempt:
                return await self._once()
        raise RuntimeError("unreachable")

    async def _once(self) -> str:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise TimeoutError("the rewrite deadline passed")
        kwargs: dict[str, Any] = {"model": self.settings.model, "messages": self.messages, "timeout": remaining}
        if self.response_format is not None:
            kwargs["response_format"] = self.response_format
        self.usage.model_calls += 1
        try:
            completion = await self.client.chat.completions.create(**kwargs)
        except openai.BadRequestError as exc:
            # Servers without structured output: json_schema -> json_object -> none, then the lenient parser.
            if self.response_format is None or "response_format" not in str(exc).lower() and "json" not in str(exc).lower():
                raise
            kind = self.response_format["type"]
            self.response_format = {"type": "json_object"} if kind == "json_schema" else None
            return await self._once()
        if completion.usage is not None:
            self.usage.prompt_tokens += completion.usage.prompt_tokens or 0
            self.usage.completion_tokens += completion.usage.completion_tokens or 0
        if not completion.choices:
            return ""
        return completion.choices[0].message.content or ""


def _cache_key(request: RewriteRequest, original: Review, settings: Settings, version: str) -> str:
    context = request.context.model_dump(mode="json", exclude_none=True) if request.context else {}
    return json.dumps(
        [request.text, original.kind, original.language, context, settings.model, version, request.max_suggestions],
        ensure_ascii=False,
        sort_keys=True,
    )


def _judge(
    judge: Judge, text: str, assumptions: list[str], original: Review, request: RewriteRequest, context: Context
) -> tuple[Review, list[str]]:
    checked = judge.review(text, kind=original.kind, language="auto", context=context)
    reasons = [
        f"{name}: {checked.criteria[name].message}" for name in REQUIRED[original.kind] if checked.criteria[name].status != "pass"
    ]
    if checked.language != original.language:
        reasons.append(f"language: written in {checked.language}, not {original.language}")
    invented = invented_numbers(text, request.text, context, assumptions)
    if invented:
        numbers = ", ".join(f"{n:g}" for n in sorted(invented))
        reasons.append(f"numbers: {numbers} appear in neither the user's text nor the context; use a placeholder such as [X]")
    return checked, reasons


class ModelRewriter:
    """The model provider. Holds its settings, the answer cache and the concurrency gates; built once by
    the engine. `client` makes the SDK client (tests hand in one over a respx-mocked httpx client)."""

    name = "llm"

    def __init__(
        self,
        settings: Settings,
        client: Callable[[], AsyncOpenAI] | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        self.settings = settings
        self.prompts = prompts or Prompts.from_env()
        self._client = client or self._default_client
        self.cache = TTLCache(settings.cache_size, settings.cache_ttl)
        self._gates: dict[int, Gate] = {}  # a semaphore belongs to one event loop

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
        self, judge: Judge, request: RewriteRequest, original: Review, facts: Facts, context: Context
    ) -> RewriteResponse:
        return await llm_rewrite(self, judge, request, original, facts, context)


async def llm_rewrite(
    provider: ModelRewriter, judge: Judge, request: RewriteRequest, original: Review, facts: Facts, context: Context
) -> RewriteResponse:
    settings, prompts = provider.settings, provider.prompts
    cache, gate = provider.cache, provider.gate()
    prompt_version, render = prompts.version, prompts.render
    key = _cache_key(request, original, settings, prompt_version)
    cached = cache.get(key)
    if cached is not None:
        return cached.model_copy(update={"usage": Usage()})
    pack = judge.languages[original.language]
    language_name = pack.name
    date_placeholder = pack.rewrite.get("deadline_placeholder", "[date]")
    conversation = Conversation(provider._client(), settings, deadline=time.monotonic() + settings.timeout)
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
    reason = "the model returned no rewrite that passed the checks"
    try:
        async with gate:
            async with asyncio.timeout(settings.timeout):
                for turn in range(settings.max_reasks + 1):
                    reply = await conversation.ask()
                    candidates = parse_rewrites(reply)
                    survivors: list[Suggestion] = []
                    rejections = []
                    for candidate in candidates:
                        checked, reasons = _judge(judge, candidate["text"], candidate["assumptions"], original, request, context)
                        if reasons:
                            rejections.append({"text": candidate["text"], "reasons": reasons})
                            continue
                        survivors.append(
                            Suggestion(
                                text=candidate["text"],
                                review=checked,
                                placeholders=re.findall(r"\[[^\[\]]+\]", candidate["text"]),
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
                        cache.put(key, response)
                        return response
                    if turn == settings.max_reasks:
                        break
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
        raise
    except TimeoutError:
        reason = f"the model did not answer within {settings.timeout:g} s"
    except openai.APIError as exc:
        reason = f"the model server failed: {type(exc).__name__}"
    except Exception as exc:  # noqa: BLE001  (the model never causes a 5xx: anything else degrades too)
        reason = f"the model path failed: {type(exc).__name__}"
    return RewriteResponse(
        review=original,
        suggestions=offline_suggestions(judge, original, facts, context, request.max_suggestions),
        degraded=True,
        degraded_reason=reason,
        prompt_version=prompt_version,
        usage=conversation.usage,
    )
