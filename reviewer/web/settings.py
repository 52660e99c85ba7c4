"""The HTTP layer's configuration, read once from the environment (like `Reviewer.from_env()` for the engine).

Tests build `WebSettings(...)` directly instead of editing `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from reviewer.redis_link import check_url


class SettingsError(ValueError):
    """A setting that cannot be used; the service refuses to start rather than run other than configured."""


def _origin(value: str) -> str:
    """"https://Example.com:8443/" -> "https://example.com:8443"; an origin is scheme://host[:port], nothing else."""
    parts = urlsplit(value.strip())
    if not parts.scheme or not parts.netloc or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SettingsError(f"REVIEWER_CORS_ORIGINS: {value.strip()!r} is not an origin (scheme://host[:port])")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


DEFAULT_TIME_BUDGET = 10.0


def _seconds(env: Mapping[str, str], name: str) -> float:
    raw = env.get(name, "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIME_BUDGET
    except ValueError:
        value = -1.0
    if not 0 < value < float("inf"):
        raise SettingsError(f"{name}: {raw!r} is not a positive number of seconds")
    return value


DEFAULT_RATE_LIMIT = 120  # requests per minute per API key (per client address when the service is open)


def _rate_limit(env: Mapping[str, str]) -> int:
    raw = env.get("REVIEWER_RATE_LIMIT", "").strip()
    if not raw:
        return DEFAULT_RATE_LIMIT
    if not raw.isdigit():  # "0" turns the limit off; a negative, fractional or other value is a mistake
        raise SettingsError(f"REVIEWER_RATE_LIMIT: {raw!r} is not a whole number of requests per minute "
                            "(0 turns the limit off)")
    return int(raw)


def _redis_url(env: Mapping[str, str]) -> str | None:
    raw = env.get("REVIEWER_REDIS_URL", "").strip()
    if not raw:
        return None
    try:
        return check_url(raw)
    except ValueError as exc:  # the message never repeats the URL: it may hold a password
        raise SettingsError(f"REVIEWER_REDIS_URL: {exc}") from None


@dataclass(frozen=True)
class WebSettings:
    # Every /v1 endpoint requires one of these when there are any; none means an open service (local use).
    api_keys: frozenset[str] = frozenset()
    # Origins whose pages may read the API's answers, besides the service's own (e.g. chrome-extension://<id>).
    cors_origins: tuple[str, ...] = ()
    # Seconds of work one request may take (REVIEWER_TIME_BUDGET, default 10): a batch stops between items
    # once it is spent and answers 503 with Retry-After (reviewer/web/routes.py).
    time_budget: float = DEFAULT_TIME_BUDGET
    # Requests per minute per API key (per client address when open) on /v1; 0: no limit (reviewer/web/ratelimit.py).
    rate_limit: int = DEFAULT_RATE_LIMIT
    # Where replicas share the rate-limit counts (and the model path its rewrite cache); None: each process alone.
    redis_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebSettings:
        """REVIEWER_API_KEYS (comma-separated) and REVIEWER_API_KEYS_FILE (one key per line; blank lines and
        lines starting with # are skipped): both may be set, and every key in either is accepted.
        REVIEWER_CORS_ORIGINS: comma-separated origins. REVIEWER_RATE_LIMIT: requests per minute per key (per
        client address when open), default 120, 0 for none. REVIEWER_REDIS_URL: where replicas share counts."""
        env = os.environ if env is None else env
        keys = {k.strip() for k in env.get("REVIEWER_API_KEYS", "").split(",") if k.strip()}
        path = env.get("REVIEWER_API_KEYS_FILE", "").strip()
        if path:
            try:
                lines = Path(path).read_text(encoding="utf-8").splitlines()
            except OSError as exc:
                # A key file that cannot be read must not silently leave the service open.
                raise SettingsError(f"REVIEWER_API_KEYS_FILE: cannot read {path}: {exc.strerror}") from None
            keys |= {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
            if not keys:
                raise SettingsError(f"REVIEWER_API_KEYS_FILE: {path} holds no key")
        origins = tuple(dict.fromkeys(_origin(o) for o in env.get("REVIEWER_CORS_ORIGINS", "").split(",") if o.strip()))
        return cls(api_keys=frozenset(keys), cors_origins=origins, time_budget=_seconds(env, "REVIEWER_TIME_BUDGET"),
                   rate_limit=_rate_limit(env), redis_url=_redis_url(env))
