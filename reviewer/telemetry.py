"""What the engine and the model path report as they work: an observer handed in when the engine is built.

`Telemetry` does nothing; the HTTP layer hands in one that counts into Prometheus (reviewer/web/metrics.py),
so the library never imports the web layer or a metrics client. Only bounded, text-free values cross this
line: rule ids, outcome and reason codes, never the user's text or the model's.
"""

from __future__ import annotations

from collections.abc import Iterable


class Telemetry:
    """The no-op observer; subclasses override what they count."""

    def rule_hits(self, rule_ids: Iterable[str]) -> None:
        """The rule ids of the findings in a review the service returned, one per finding."""

    def model_call(self, outcome: str) -> None:
        """One request to the model server; outcome: ok, refused (a response_format step-down),
        rate_limited, server_error, client_error, timeout, connection_error, cancelled or error."""

    def model_retry(self) -> None:
        """tenacity is about to retry a transient failure."""

    def model_reask(self) -> None:
        """No candidate passed the checks: the model is asked again with the findings."""

    def model_degraded(self, reason: str) -> None:
        """The offline suggestions were returned instead; reason: timeout, model_error, checks_failed or error."""

    def model_cache(self, hit: bool) -> None:
        """A lookup in the answer cache."""

    def model_overloaded(self) -> None:
        """A rewrite refused past the queue (the API answers 503)."""


NO_TELEMETRY = Telemetry()
