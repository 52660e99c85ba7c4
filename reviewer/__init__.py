"""Goal and mission reviewer: deterministic SMART and mission checks, and rewrites.

Public surface: review(), review_request(), review_batch(); models in reviewer.models.
"""

__version__ = "0.1.0"

from reviewer.review import review, review_batch, review_request

__all__ = ["__version__", "review", "review_batch", "review_request"]
