"""Messages read as native (issue 9): the locale's number, percentage and date formats (Babel), words that
agree with their numbers, no seed references or seed quotations, no empty quotes, goal numbering in set
messages. Walks every rule example in every pack and every eval case, reviewing each in its language."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from reviewer import default_engine
from reviewer.lang import codes, load
from reviewer.models import BatchRequest, Context
from reviewer.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
TODAY = Context(today=dt.date(2026, 1, 15))
engine = default_engine()

# Seed documents are numbered 000–004: a message must never say "(003)", "000:" or "003 pitfall".
SEED_REF = re.compile(r"\(\s*00\d\b|\b00\d\s*:|\b00\d\s+pitfall|\{source\}")
EMPTY_QUOTE = re.compile(r"“\s*”|«\s*»|”\s*”|\"\s*\"|»\s*«")
PLURAL_PARENS = re.compile(r"\w\((?:er|s|ar|e)\)")
QUOTED = re.compile(r"“[^”]*”|«[^»]*»|”[^”]*”|»[^«]*«")


def _seed_quotes() -> set[str]:
    """The quotations in every rule's source (the seeds) of three words or more."""
    quotes = set()
    for rule in all_rules():
        for q in re.findall(r'"([^"]{12,})"|«([^»]{12,})»', rule.source):
            quotes.update(x.strip('\\ ') for x in q if x)
    return {q for q in quotes if len(q.split()) >= 3}  # "Ingen tidsfrist" is just Danish, not a quotation


SEED_QUOTES = _seed_quotes()


def _cases() -> list[tuple[str, str, str | None]]:
    """(language, text, kind) over every rule example and every eval case."""
    rows: list[tuple[str, str, str | None]] = []
    for code in codes():
        for texts in load(code).rules.values():
            for example in [*texts.trigger, *texts.ok]:
                for part in re.sub(r"\{\{|\}\}", "", example).split(" | "):
                    rows.append((code, part, None))
    for path in sorted([*(ROOT / "evals" / "cases").glob("*.jsonl"), *(ROOT / "evals" / "heldout").glob("*.jsonl")]):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                case = json.loads(line)
                for text in case.get("items") or [case["text"]]:
                    rows.append((case["language"], text, case.get("kind")))
    return rows


CASES = _cases()


def _messages(code: str, text: str, kind: str | None) -> list[str]:
    review = engine.review(text, kind or "auto", code, TODAY)
    return [c.message for c in review.criteria.values()] + [f.message for f in review.findings]


def test_walks_many_inputs() -> None:
    assert len(CASES) > 500
    assert any("Inkluder unikke fordele" in q for q in SEED_QUOTES)


def test_no_seed_reference_no_seed_quote_no_empty_quote_in_any_message() -> None:
    problems = []
    for code, text, kind in CASES:
        for message in _messages(code, text, kind):
            outside = QUOTED.sub("", message)  # the user's own words may hold anything
            if SEED_REF.search(outside):
                problems.append((code, "seed reference", message))
            if any(q in outside for q in SEED_QUOTES) or "Inkluder unikke fordele" in message and "Inkluder" not in text:
                problems.append((code, "seed quotation", message))
            if EMPTY_QUOTE.search(message):
                problems.append((code, "empty quote", message))
            if PLURAL_PARENS.search(outside):
                problems.append((code, "plural in parentheses", message))
    assert not problems, problems[:10]


@pytest.mark.parametrize("code", codes())
def test_pack_messages_have_no_seed_references(code: str) -> None:
    pack = load(code)
    texts = [t.message for t in pack.rules.values()] + [v for t in pack.rules.values() for v in t.variants.values()]
    texts += [m for c in pack.criteria.values() for m in c.values()]
    assert not [t for t in texts if SEED_REF.search(t) or "unikke fordele" in t and code != "da"]
    assert not [t for t in texts if "(er)" in t or "(s)" in t or "(ar)" in t]


# --- the locale's formats ---------------------------------------------------------------------------
# 130,000 spread over 3 calendar months is about 43,333 a month, written to two significant digits.
IMPLAUSIBLE_COUNT = {
    "da": ("Få 130.000 nye kunder inden for 3 måneder", ["130.000", "ca. 43.000 om", "2.000", "3 måneder"]),
    "nb": ("Få 130 000 nye kunder innen 3 måneder", ["43\u00a0000", "2\u00a0000", "3 måneder"]),
    "sv": ("Få 130 000 nya kunder inom 3 månader", ["43\u00a0000", "2\u00a0000", "3 månader"]),
    "en": ("Get 130,000 new customers within 3 months", ["43,000", "2,000", "3 months"]),
}
# 6× in 1 month and 14 days (15 January to 1 March) compounds to about 241 % a month: "240 %".
IMPLAUSIBLE_PERCENT = {
    "da": ("Øge omsætningen med 500 % inden 1. marts 2026", ["240\u00a0%", "25\u00a0%", "1,5 måneder"]),
    "nb": ("Øke omsetningen med 500 % innen 1. mars 2026", ["240\u00a0%", "25\u00a0%", "1,5 måneder"]),
    "sv": ("Öka omsättningen med 500 % före 1 mars 2026", ["240\u00a0%", "25\u00a0%", "1,5 månader"]),
    "en": ("Increase revenue by 500% by 1 March 2026", ["240%", "25%", "1.5 months"]),
}
PAST = {  # a quarter is resolved to its last day, written the locale's way
    "da": ("Øge salget med 10 % inden 3. kvartal 2025", "(den 30. september 2025)"),
    "nb": ("Øke salget med 10 % innen 3. kvartal 2025", "(30. september 2025)"),
    "sv": ("Öka försäljningen med 10 % senast kvartal 3 2025", "(30 september 2025)"),
    "en": ("Increase sales by 10% by Q3 2025", "(30 September 2025)"),
}


def _finding(code: str, text: str, rule: str) -> str:
    review = engine.review(text, "goal", code, TODAY)
    found = [f.message for f in review.findings if f.rule == rule]
    assert found, (code, text, [f.rule for f in review.findings])
    return found[0]


@pytest.mark.parametrize("code", ["da", "nb", "sv", "en"])
def test_counts_per_month_in_the_locale_format(code: str) -> None:
    text, expected = IMPLAUSIBLE_COUNT[code]
    message = _finding(code, text, "goal.achievable.implausible")
    for part in expected[1:] if code != "da" else expected:
        assert part in message, message
    assert "/30 d" not in message and "(003)" not in message


@pytest.mark.parametrize("code", ["da", "nb", "sv", "en"])
def test_percentages_and_decimal_months_in_the_locale_format(code: str) -> None:
    text, expected = IMPLAUSIBLE_PERCENT[code]
    message = _finding(code, text, "goal.achievable.implausible")
    for part in expected:
        assert part in message, message
    assert "(002)" not in message and "måned(er)" not in message


@pytest.mark.parametrize(
    ("code", "text", "expected", "not_expected"),
    [  # a month is a calendar month: "1 month" in March (31 days) is 1, so 50,000 in it is 50,000 a month
        ("da", "Få 50.000 nye følgere på Instagram inden for en måned.", "på 1 måned svarer til en vækst på ca. 50.000 om", "49.097"),
        ("en", "Get 50,000 new followers on Instagram within 1 month.", "in 1 month means growth of about 50,000 a month", "49,097"),
        ("sv", "Få 130 000 nya kunder inom 3 månader", "på 3 månader motsvarar en tillväxt på cirka 43\u00a0000 per", "43\u00a0333"),
        ("nb", "Få 2 000 nye følgere per uke", "rundt 8\u00a0700 i måneden", "8\u00a0697"),  # 2,000 a week: 8,697 a month
    ],
)
def test_approximate_rates_have_two_significant_digits(code: str, text: str, expected: str, not_expected: str) -> None:
    review = engine.review(text, "goal", code, Context(today=dt.date(2026, 3, 1)))
    found = [f.message for f in review.findings if f.rule == "goal.achievable.implausible"]
    assert found and expected in found[0] and not_expected not in found[0], found


def test_significant_digits() -> None:
    from reviewer.lang.formats import Approx, ApproxPercent, format_message, significant

    assert significant(43969) == 44000 and significant(0.734) == 0.73 and significant(0) == 0
    assert format_message("{n} {p}", {"n": Approx(49097.3), "p": ApproxPercent(2.364)}, "da_DK") == "49.000 240\u00a0%"


@pytest.mark.parametrize("code", ["da", "nb", "sv", "en"])
def test_dates_in_the_locale_format(code: str) -> None:
    text, expected = PAST[code]
    message = _finding(code, text, "goal.time_bound.past-deadline")
    assert expected in message and "2025-09-30" not in message, message


def test_a_written_date_is_not_repeated() -> None:
    message = _finding("da", "Øge salget med 10 % inden 24. december 2025", "goal.time_bound.past-deadline")
    assert message == "Tidsfristen “24. december 2025” er allerede overskredet."


@pytest.mark.parametrize(("code", "one", "two"), [("da", "1 sætning", "2 sætninger"), ("nb", "1 setning", "2 setninger"),
                                                  ("sv", "1 mening", "2 meningar"), ("en", "1 sentence", "2 sentences")])
def test_words_agree_with_their_numbers(code: str, one: str, two: str) -> None:
    from reviewer.lang.formats import format_message

    locale = load(code).locale
    template = load(code).criteria["concise"]["pass"]
    assert one in format_message(template, {"sentences": 1, "words": 9}, locale)
    assert two in format_message(template, {"sentences": 2, "words": 9}, locale)


def test_a_total_cut_has_its_own_wording() -> None:
    message = _finding("en", "Cut complaints by 100% by March 2026", "goal.achievable.implausible")
    assert "∞" not in message and "zero" in message


def test_set_messages_count_goals_from_one_while_item_is_an_index() -> None:
    texts = ["Øge omsætningen med 10 % inden 2027.", "Få 200 følgere på LinkedIn inden uge 40.", "Øge omsætningen med 10 % inden 2027."]
    result = engine.review_batch(BatchRequest.model_validate({"items": [{"text": t, "language": "da"} for t in texts],
                                                               "context": {"today": "2026-01-15"}}))
    duplicate = [f for f in result.findings if f.rule == "set.near-duplicate"]
    assert duplicate and duplicate[0].item == 2
    assert duplicate[0].message == "Dette mål gentager næsten mål 1."
