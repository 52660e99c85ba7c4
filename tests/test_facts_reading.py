"""Facts reading (issue 8, item 3): number words, from→to amounts, earlier figures, holidays and seasons,
text without diacritics, typo-tolerant metric words. The eval suite "facts" scores 148 goals field by field;
these are the unit-level checks of the pieces."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from reviewer import review
from reviewer.dates import midsummer_eve
from reviewer.extract import extract
from reviewer.lang import FLAGS, load
from reviewer.lang.fold import fold_regex, fold_word
from reviewer.lang.guard import guard
from reviewer.lang.typos import edit_at, is_typo
from reviewer.models import Context

TODAY = dt.date(2026, 3, 1)


@pytest.mark.parametrize(
    ("code", "words", "value"),
    [
        ("da", "femhundrede", 500), ("da", "femogtyve", 25), ("da", "to hundrede og halvtreds", 250),
        ("nb", "fem hundre", 500), ("nb", "tjuefem", 25), ("nb", "to tusen", 2000),
        ("sv", "två hundra", 200), ("sv", "tvåhundrafemtio", 250), ("sv", "en miljon", 1_000_000),
        ("en", "a dozen", 12), ("en", "twenty-five", 25), ("en", "two hundred and fifty thousand", 250_000),
    ],
)
def test_number_words(code: str, words: str, value: float) -> None:
    assert load(code).parse_number(words) == value


@pytest.mark.parametrize(("code", "words"), [("da", "tre og fire"), ("en", "three four"), ("sv", "en")])
def test_words_that_make_no_number(code: str, words: str) -> None:
    pack = load(code)
    assert pack.numerals is not None and pack.numerals.value(words) is None


# (language, text, target value, unit, baseline, direction)
READINGS = [
    ("en", "Grow revenue from €800k to €1.1M by 2027", 1_100_000, "currency", 800_000, "increase"),
    ("da", "Sænke prisen per klik fra 90 kr til 70 kr inden sommeren", 70, "currency", 90, "decrease"),
    ("da", "Øge omsætningen fra 3 mio. til 4 mio. kr inden påske", 4_000_000, "currency", 3_000_000, "increase"),
    ("nb", "Øke omsetningen fra 2 MNOK til 3 MNOK innen 2027", 3_000_000, "currency", 2_000_000, "increase"),
    ("sv", "Öka omsättningen med 2 mkr före årets slut", 2_000_000, "currency", None, "increase"),
    ("en", "Double newsletter signups from 40 to 80 by June", 80, "count", 40, "increase"),
    ("en", "Last year we had 300 reviews; get 450 by December", 450, "count", 300, "increase"),
    ("sv", "Öka omsättningen med trettio procent till midsommar", 30, "percent", None, "increase"),
    ("da", "Tidoble antallet af følgere på Instagram inden for et år", 10, "multiplier", None, "increase"),
    ("en", "Grow e-commerce turnover by a quarter in the 2nd half of 2026", 25, "percent", None, "increase"),
]


@pytest.mark.parametrize(("code", "text", "value", "unit", "baseline", "direction"), READINGS)
def test_target_baseline_direction(code: str, text: str, value: float, unit: str, baseline: float | None, direction: str) -> None:
    facts = extract(text, load(code), TODAY)
    assert facts.target is not None
    assert (facts.target.value, facts.target.unit) == (value, unit)
    assert (facts.baseline.value if facts.baseline else None) == baseline
    assert facts.direction == direction


# (language, text, deadline date)
DEADLINES = [
    ("da", "Sælge 500 gavekort inden jul", dt.date(2026, 12, 24)),  # "jul" is Christmas, never July
    ("nb", "Selge 500 gavekort innen jul.", dt.date(2026, 12, 24)),
    ("sv", "Öka försäljningen med 15 % till julafton", dt.date(2026, 12, 24)),
    ("en", "Get 12 new reviews by xmas", dt.date(2026, 12, 24)),
    ("en", "Increase revenue by 10% by Christmas 2025", dt.date(2025, 12, 24)),
    ("da", "Øge salget med 10 % inden påske 2027", dt.date(2027, 3, 28)),
    ("sv", "Öka bokningarna med 20 % före midsommar", dt.date(2026, 6, 19)),
    ("en", "Get 500 sign-ups before summer", dt.date(2026, 5, 31)),  # a season's start
    ("en", "Get 500 sign-ups by the end of summer", dt.date(2026, 8, 31)),  # its end
    ("da", "Få 25 anmeldelser inden udgangen af sommeren", dt.date(2026, 8, 31)),
    ("nb", "Øke omsetningen med 5 % innen fellesferien", dt.date(2026, 7, 5)),
    ("da", "Øge salget med 20 % inden 31.12.", dt.date(2026, 12, 31)),
    ("nb", "Øke salget med 20 % innen 31/12", dt.date(2026, 12, 31)),
    ("en", "Reach 250K EUR by EOY", dt.date(2026, 12, 31)),
    ("en", "Grow revenue by 5% in FY27", dt.date(2027, 12, 31)),
    ("en", "Grow subscribers by 30% by next yr", dt.date(2027, 12, 31)),
    ("da", "Mål for 2028: 500 nye kunder i webshoppen", dt.date(2028, 12, 31)),
    ("da", "oge omsaetningen med 10 % inden for 6 maneder", dt.date(2026, 9, 1)),  # no diacritics
]


@pytest.mark.parametrize(("code", "text", "date"), DEADLINES)
def test_deadline_dates(code: str, text: str, date: dt.date) -> None:
    deadline = extract(text, load(code), TODAY).deadline
    assert deadline is not None and deadline.date == date


def test_a_bare_rank_is_no_target() -> None:
    assert extract("Be the #1 coffee shop in Aarhus", load("en"), TODAY).target is None
    assert extract("Reach number 1 on Google by June", load("en"), TODAY).target is not None


@pytest.mark.parametrize(
    ("code", "text", "metric"),
    [("en", "Increase converions by 20% in Q3", "conversions"), ("da", "Øge omsætnigen med 15 %", "revenue"),
     ("sv", "Öka omsätningen med 12 %", "revenue"), ("sv", "okning av forsaljningen med 10 %", "revenue")],
)
def test_typos_and_missing_diacritics_in_metric_words(code: str, text: str, metric: str) -> None:
    facts = extract(text, load(code), TODAY)
    assert facts.metric is not None and facts.metric.id == metric


def test_typo_rule() -> None:
    assert edit_at("converions", "conversions") == 6
    assert is_typo("omsætnigen", "omsætningen")
    assert not is_typo("kender", "kunder")  # in the first two letters: another word
    assert not is_typo("virksomheden", "virksomheder")  # in the ending: another form
    assert not is_typo("salg", "salget")


def test_folding() -> None:
    assert fold_regex("omsætning\\w*", {"æ": ["ae", "a"]}) == "oms(?:æ|ae|a)tning\\w*"
    assert fold_regex("[æø]x", {"æ": ["ae", "a"], "ø": ["oe", "o"]}) == "[æaøo]x"
    assert set(fold_word("på", {"å": ["aa", "a"]})) == {"på", "paa", "pa"}


def test_midsummer_eve() -> None:
    assert midsummer_eve(2026) == dt.date(2026, 6, 19)
    assert midsummer_eve(2027) == dt.date(2027, 6, 25)


def test_first_character_guard_keeps_every_match() -> None:
    """reviewer/lang/guard.py puts a look-ahead of the possible first characters in front of each pack regex;
    the matches must be exactly those of the regex without it."""
    texts = [row[1] for row in READINGS + DEADLINES] + ["1 2 3 fra 10 til 20 kr. #1 top-3 Q4 H2 uge 28"]
    for code in ("da", "en", "nb", "sv"):
        pack = load(code)
        for regex in [t.regex for t in pack.time_patterns] + list(pack.quantity_regexes.values()) + pack.from_to:
            guarded = regex.pattern.startswith("(?=[")
            plain = regex.pattern[regex.pattern.index("])") + 2 :] if guarded else regex.pattern
            assert guard(plain, FLAGS) == regex.pattern
            unguarded = re.compile(plain, FLAGS)
            for text in texts:
                assert [m.span() for m in regex.regex.finditer(text)] == [m.span() for m in unguarded.finditer(text)]


@pytest.mark.parametrize(
    ("text", "deadline"),
    [
        ("Få flere kunder i vår butikk med 10 %.", None),  # "vår" = our, before its noun
        ("Øke antall kunder i vår nettbutikk med 20 % før sommeren.", "før sommeren"),
        ("Få 10 % flere kunder i vår.", "i vår"),  # "vår" = spring
        ("Få 10 % flere kunder i vår og sommer.", "i vår"),
        ("Få 10 % flere kunder før vår 2027.", "før vår 2027"),
    ],
)
def test_norwegian_var_is_spring_only_when_no_noun_follows(text: str, deadline: str | None) -> None:
    result = review(text, language="nb", context=Context(today=dt.date(2026, 3, 1)))
    assert (result.extracted.deadline.text if result.extracted.deadline else None) == deadline
