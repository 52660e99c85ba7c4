"""Goal and mission reviewer: deterministic SMART and mission checks, and rewrites.

Public surface: `Reviewer` (the engine: build it once, then call .review(), .review_batch(), .rewrite()),
and review(), review_request(), review_batch() as conveniences over one packaged, offline engine built on
first use (like httpx.get over a client). Models in reviewer.models.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from reviewer.engine import Reviewer
    from reviewer.models import BatchRequest, BatchResponse, Review, ReviewRequest


@cache
def default_engine() -> Reviewer:
    """The packaged languages with the offline rewriter, built once."""
    from reviewer.engine import Reviewer

    return Reviewer()


def review(text: str, kind: str = "auto", language: str = "auto", context: Any = None) -> Review:
    return default_engine().review(text, kind, language, context)


def review_request(request: ReviewRequest) -> Review:
    return default_engine().review_request(request)


def review_batch(request: BatchRequest) -> BatchResponse:
    return default_engine().review_batch(request)


def __getattr__(name: str) -> Any:
    if name == "Reviewer":
        from reviewer.engine import Reviewer

        return Reviewer
    raise AttributeError(name)


__all__ = ["Reviewer", "__version__", "default_engine", "review", "review_batch", "review_request"]
