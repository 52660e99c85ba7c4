"""Texts built to hurt: the linear-time test (tests/test_linear_time.py) and `make bench` both use these.

Each entry is a unit repeated to the wanted length: digit runs, separators, symbols, brackets, combining
marks, emoji, and each language's keywords and date phrases repeated, which make every extractor match
thousands of times.
"""

from __future__ import annotations

# A real SMART goal (from the seed documents) to repeat to length.
TYPICAL = "Øge antallet af besøgende på vores website med 20% inden for de næste 6 måneder. "

ADVERSARIAL: dict[str, str] = {
    '"1" * n': "1",
    '"1 " * n': "1 ",
    '"1," * n': "1,",
    '".," * n': ".,",
    '"%" * n': "%",
    '"(" * n': "(",
    '"[" * n': "[",
    '"a\\u0301" * n': "a\u0301",
    '"a" * n': "a",
    "emoji": "🚀📈👩‍💻 ",
    '"1.000.000,5 " * n': "1.000.000,5 ",
    '"31.12.2026 " * n': "31.12.2026 ",
    '"inden uge 28 " * n': "inden uge 28 ",
    '"innen uke 28 " * n': "innen uke 28 ",
    '"före vecka 28 " * n': "före vecka 28 ",
    '"by week 28 " * n': "by week 28 ",
    '"øge omsætningen med 10 % " * n': "øge omsætningen med 10 % ",
    '"øke omsetningen med 10 % " * n': "øke omsetningen med 10 % ",
    '"öka omsättningen med 10 % " * n': "öka omsättningen med 10 % ",
    '"increase revenue by 10% " * n': "increase revenue by 10% ",
    '"fra 10 til 20 " * n': "fra 10 til 20 ",
    '"from 10 to 20 " * n': "from 10 to 20 ",
    '"Q1 Q2 Q3 " * n': "Q1 Q2 Q3 ",
    '"jul påske midsommar " * n': "jul påske midsommar ",
    '"10 mio. kr. " * n': "10 mio. kr. ",
    '"vi hjælper kunder " * n': "vi hjælper kunder ",
    '"ikke " * n': "ikke ",
    '"- " * n': "- ",
    '"\\n" * n': "\n",
}


def to_length(unit: str, n: int) -> str:
    """The unit repeated and cut at exactly n characters."""
    return (unit * (n // len(unit) + 1))[:n]
