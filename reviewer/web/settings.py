"""The HTTP layer's configuration, read once from the environment (like `Reviewer.from_env()` for the engine).

Tests build `WebSettings(...)` directly instead of editing `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


class SettingsError(ValueError):
    """A setting that cannot be used; the service refuses to start rather than run other than configured."""


def _origin(value: str) -> str:
    """"https://Example.com:8443/" -> "https://example.com:8443"; an origin is scheme://host[:port], nothing else."""
    parts = urlsplit(value.strip())
    if not parts.scheme or not parts.netloc or parts.path not in ("", "/") or parts.query or parts.fragment:
        raise SettingsError(f"REVIEWER_CORS_ORIGINS: {value.strip()!r} is not an origin (scheme://host[:port])")
    return f"{parts.scheme.lower()}://{parts.netloc.lower()}"


@dataclass(frozen=True)
class WebSettings:
    # Every /v1 endpoint requires one of these when there are any; none means an open service (local use).
    api_keys: frozenset[str] = frozenset()
    # Origins whose pages may read the API's answers, besides the service's own (e.g. chrome-extension://<id>).
    cors_origins: tuple[str, ...] = ()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> WebSettings:
        """REVIEWER_API_KEYS (comma-separated) and REVIEWER_API_KEYS_FILE (one key per line; blank lines and
        lines starting with # are skipped): both may be set, and every key in either is accepted.
        REVIEWER_CORS_ORIGINS: comma-separated origins."""
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
        return cls(api_keys=frozenset(keys), cors_origins=origins)
