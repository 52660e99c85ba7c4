"""Extraction of deadlines and targets, one row per form a user writes, in every language."""

from __future__ import annotations

import datetime as dt

import pytest

from reviewer.dates import black_friday, easter
from reviewer.extract import extract
from reviewer.lang import load

TODAY = dt.date(2026, 3, 1)

# (language, text, deadline text, resolved date or None, recurring)
DEADLINES = [
    ("en", "Grow revenue by 10% by Q4", "by Q4", dt.date(2026, 12, 31), False),
    ("en", "Grow revenue by 10% within six months", "within six months", dt.date(2026, 9, 1), False),
    ("en", "Grow revenue by 10% next quarter", "next quarter", dt.date(2026, 6, 30), False),
    ("en", "Grow revenue by 10% this year", "this year", dt.date(2026, 12, 31), False),
    ("en", "Sell 200 gift cards before Black Friday", "before Black Friday", dt.date(2026, 11, 27), False),
    ("en", "Get 40 new reviews by March 31, 2027", "March 31, 2027", dt.date(2027, 3, 31), False),
    ("en", "Get 500 followers by week 28", "by week 28", dt.date(2026, 7, 12), False),
    ("en", "Publish 2 posts per week", "per week", None, True),
    ("en", "Cut churn by 15% by 2027-03-31", "2027-03-31", dt.date(2027, 3, 31), False),
    ("da", "Øge omsætningen med 20 % over de næste to kvartaler", "over de næste to kvartaler", dt.date(2026, 9, 1), False),
    ("da", "Vækst antallet af formular-konverteringer med 15% inden udgangen af 1. kvartal", "inden udgangen af 1. kvartal", dt.date(2026, 3, 31), False),
    ("da", "Øge kendskabet til dit brand fra juli til december med 25%.", "fra juli til december", dt.date(2026, 12, 31), False),
    ("da", "Generering af 500 nye følgere på LinkedIn inden sommerferien (uge 28)", "uge 28", dt.date(2026, 7, 12), False),
    ("da", "Sælge 300 påskeæg inden påske", "inden påske", dt.date(2026, 4, 5), False),
    ("da", "Få 50 nye tilmeldinger hver uge", "hver uge", None, True),
    ("da", "Øge salget med 10 % inden 31.12.2026", "31.12.2026", dt.date(2026, 12, 31), False),
    ("da", "Øge salget med 10 % inden den 1. marts 2027", "den 1. marts 2027", dt.date(2027, 3, 1), False),
    ("da", "Øge salget med 10 % i løbet af foråret", "i løbet af foråret", dt.date(2026, 5, 31), False),
    ("nb", "Øke bestillingene med 30 % innen seks måneder", "innen seks måneder", dt.date(2026, 9, 1), False),
    ("nb", "Redusere kundefrafallet med 15 % det neste kvartalet", "det neste kvartalet", dt.date(2026, 6, 30), False),
    ("nb", "Øke salget med 10 % innen høstferien", "innen høstferien", dt.date(2026, 10, 4), False),
    ("nb", "Få 50 nye e-postabonnenter per måned", "per måned", None, True),
    ("nb", "Øke salget med 10 % innen utgangen av Q3", "innen utgangen av Q3", dt.date(2026, 9, 30), False),
]


@pytest.mark.parametrize(("code", "text", "span", "date", "recurring"), DEADLINES)
def test_deadline(code: str, text: str, span: str, date: dt.date | None, recurring: bool) -> None:
    facts = extract(text, load(code), TODAY)
    deadline = facts.deadline
    assert deadline is not None, "no deadline found"
    assert facts.snippet(deadline) == span
    assert deadline.date == date
    assert deadline.recurring is recurring


OPEN_ENDED = [("en", "Grow revenue by 10% soon", "soon"), ("da", "Øge salget hurtigst muligt", "hurtigst muligt"),
              ("nb", "Øke salget etter hvert", "etter hvert"), ("da", "Øge omsætningen løbende", "løbende")]


@pytest.mark.parametrize(("code", "text", "span"), OPEN_ENDED)
def test_open_ended_is_not_a_deadline(code: str, text: str, span: str) -> None:
    facts = extract(text, load(code), TODAY)
    assert facts.deadline is None
    assert [facts.snippet(s) for s in facts.open_ended] == [span]


# (language, text, target text, value, unit, baseline value)
TARGETS = [
    ("en", "Increase revenue by 10% this year", "10%", 10.0, "percent", None),
    ("en", "Raise the conversion rate from 5% to 8% in 3 months", "8%", 8.0, "percent", 5.0),
    ("en", "Double newsletter subscribers by June", "Double", 2.0, "multiplier", None),
    ("en", "Halve the bounce rate by June", "Halve", 0.5, "multiplier", None),
    ("en", "Get 10,000 views by June", "10,000", 10000.0, "count", None),
    ("en", "Reach the top 3 on Google by June", "top 3", None, "rank", None),
    ("da", "Øge antallet af Instagram-tilhængere med 10.000", "10.000", 10000.0, "count", None),
    ("da", "Øge konverteringsraten fra 5% til 8% inden for de næste 3 måneder", "8%", 8.0, "percent", 5.0),
    ("nb", "øke konverteringsraten fra 2,5 % til 4 % innen tre måneder", "4 %", 4.0, "percent", 2.5),
    ("nb", "Oppnå 10 000 visninger på 2 måneder", "10 000", 10000.0, "count", None),
    ("nb", "Øke salget med [X] % innen [dato]", "[X] %", None, "placeholder", None),
]


@pytest.mark.parametrize(("code", "text", "span", "value", "unit", "baseline"), TARGETS)
def test_target(code: str, text: str, span: str, value: float | None, unit: str, baseline: float | None) -> None:
    facts = extract(text, load(code), TODAY)
    target = facts.target
    assert target is not None
    assert (facts.snippet(target), target.value, target.unit) == (span, value, unit)
    assert (facts.baseline.value if facts.baseline else None) == baseline


def test_numbers_inside_deadlines_and_names_are_not_targets() -> None:
    facts = extract("Grow B2B leads in Q4 2026 within 3 months", load("en"), TODAY)
    assert facts.target is None


def test_founding_year_is_history_not_deadline() -> None:
    facts = extract("Since 1998 we have baked bread for Aarhus.", load("en"), TODAY)
    assert facts.deadline is None


def test_holiday_dates() -> None:
    assert easter(2027) == dt.date(2027, 3, 28)
    assert easter(2026) == dt.date(2026, 4, 5)
    assert black_friday(2026) == dt.date(2026, 11, 27)
    assert black_friday(2027) == dt.date(2027, 11, 26)
