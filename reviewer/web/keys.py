"""API keys: with keys configured, every /v1 endpoint needs `Authorization: Bearer <key>` or `X-API-Key: <key>`.

A missing or wrong key is a 401 whose detail says which, and how to send one; a request that carries both
headers needs both to be right. Keys are compared in constant
time: the presented key's SHA-256 digest is compared with every configured key's digest with
`hmac.compare_digest`, all of them every time, so the answer's timing says nothing about any key. Keys are
never logged. /health, the playground and /schema are not behind this guard (it sits on the /v1 router only).
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler

HOW = "send it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'"
MISSING = f"missing API key: this service requires one; {HOW}"
WRONG = "API key not accepted: it matches none of this service's keys"
NOT_BEARER = f"Authorization header not understood: {HOW}"
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="reviewer"'}


def _digest(key: str) -> bytes:
    return hashlib.sha256(key.encode("utf-8", "surrogateescape")).digest()


class ApiKeys:
    def __init__(self, keys: frozenset[str]) -> None:
        self._digests = tuple(_digest(k) for k in sorted(keys))

    @property
    def required(self) -> bool:
        return bool(self._digests)

    def __len__(self) -> int:
        return len(self._digests)

    @staticmethod
    def presented(headers: Any) -> list[str | None]:
        """Every credential a request carries: the Bearer token of its Authorization header and its X-API-Key.
        None stands for an Authorization header of another form, which no key can satisfy."""
        found: list[str | None] = []
        auth = headers.get("authorization")
        if auth is not None:
            scheme, _, token = auth.strip().partition(" ")
            found.append(token.strip() if scheme.lower() == "bearer" and token.strip() else None)
        key = headers.get("x-api-key")
        if key is not None and key.strip():
            found.append(key.strip())
        return found

    def accepts(self, key: str) -> bool:
        digest = _digest(key)
        found = False
        for known in self._digests:  # every one, whatever matched: constant time in the keys too
            found |= hmac.compare_digest(digest, known)
        return found

    async def guard(self, connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        """A Litestar guard: runs after routing and before the body is read. Async on purpose: Litestar runs
        a sync guard in a worker thread, which cost more than the whole review on every /v1 request."""
        if not self._digests:
            return
        keys = self.presented(connection.headers)
        if not keys:
            raise NotAuthorizedException(detail=MISSING, headers=CHALLENGE)
        if None in keys:
            raise NotAuthorizedException(detail=NOT_BEARER, headers=CHALLENGE)
        # Every credential presented must hold: a wrong key is never rescued by a right one beside it.
        if not all(self.accepts(key) for key in keys if key is not None):
            raise NotAuthorizedException(detail=WRONG, headers=CHALLENGE)
