"""The wording suite (issue #9): its case files hold what they claim, and every check catches a planted fault,
so the suite cannot pass silently. The checks are pure functions; the last tests run the suite's own case loop
with a planted rewriter against the real engine."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from reviewer.engine import Reviewer
from reviewer.evaluation import wording_suite as w
from reviewer.evaluation.cases import LANGUAGES, SEEDS_DIR
from reviewer.evaluation.suites import SuiteOptions, registered
from reviewer.models import Context, RewriteResponse, Suggestion

CASES = w.load_wording_cases()
GOLDEN = w.load_golden()
SEED_FILE = re.compile(r"^00[0-4]_[0-9a-f]{16}\.txt$")
URL = re.compile(r"^https?://[^\s/]+\.[^\s]+")
EXPECTED_KEYS = {"passes", "keep", "may_drop", "failed_numbers", "parts", "direction"}


# --- the case files ---------------------------------------------------------------------------------------


def test_enough_cases_in_every_language() -> None:
    assert len(CASES) >= 60
    for lang in LANGUAGES:
        assert sum(c["language"] == lang for c in CASES) >= 15, lang
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))


def test_the_case_kinds_the_issue_asks_for_are_there() -> None:
    for lang in LANGUAGES:
        mine = [c for c in CASES if c["language"] == lang]
        assert any(c["kind"] == "goal" and c["expected"]["passes"] for c in mine), f"{lang}: a passing goal"
        assert any(c["kind"] == "mission" and c["expected"]["passes"] for c in mine), f"{lang}: a good mission"
        assert any(c["expected"].get("parts") for c in mine), f"{lang}: a paste"
        assert any(c["expected"].get("direction") == "decrease" for c in mine), f"{lang}: an inverted-meaning trap"
        assert any(c["expected"].get("failed_numbers") for c in mine), f"{lang}: an implausible number"
        assert any("buzzword" in c["id"] for c in mine), f"{lang}: a buzzword mission"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_case_schema(case: dict) -> None:
    assert set(case) >= {"id", "language", "kind", "text", "expected", "source"}
    assert case["id"].startswith(f"wording.{case['language']}.{case['kind']}.")
    assert case["language"] in LANGUAGES and case["kind"] in ("goal", "mission")
    assert case["text"].strip()
    Context(**case.get("context", {}))
    expected = case["expected"]
    assert set(expected) <= EXPECTED_KEYS and isinstance(expected["passes"], bool)
    source = case["source"]
    # A published page, a seed document, or everyday wording written for the suite (then a note says what).
    assert URL.match(source) or SEED_FILE.match(source) or (source == "written" and case.get("note")), source
    if SEED_FILE.match(source) and SEEDS_DIR.is_dir():
        assert (SEEDS_DIR / source).exists()
    for phrase in expected.get("keep", []):
        assert w._phrase_in(phrase, case["text"]), f"keep {phrase!r} is not in the text"
    for number in expected.get("failed_numbers", []):
        assert w._has_number(number.replace("%", ""), case["text"]), f"failed number {number!r} is not in the text"
    if "parts" in expected:
        assert expected["parts"] >= 2 and len(w.split_parts(case["text"])) == expected["parts"]
    if expected["passes"]:
        assert not expected.get("failed_numbers") and "parts" not in expected
    assert expected.get("direction") in (None, "increase", "decrease")


def test_most_cases_are_real_text() -> None:
    sourced = [c for c in CASES if c["source"] != "written"]
    assert len(sourced) >= len(CASES) / 2


@pytest.mark.parametrize("entry", GOLDEN, ids=[g["id"] for g in GOLDEN])
def test_golden_schema(entry: dict) -> None:
    assert set(entry) >= {"id", "language", "kind", "text", "target", "expected"}
    assert entry["target"] in ("message", "suggestion")
    assert entry["target"] == "suggestion" or entry.get("rule") or entry.get("criterion")
    assert entry["expected"].strip()
    # The named corrections hold for the expected text itself.
    assert w.named_corrections(entry, entry["expected"]) == []
    assert w.number_format_errors(entry["expected"], entry["language"], [entry["text"]]) == []
    assert w.seed_references(entry["expected"]) == []


def test_golden_starts_with_the_corrections_the_issue_names() -> None:
    named = " ".join(m for g in GOLDEN for m in g.get("must_contain", []))
    for fragment in ("fåfänga mätetal", "Tidsfristen", "50.000", "88 %", "1,1 måneder", "24. december"):
        assert fragment in named, fragment
    assert any(g["rule"] == "goal.specific.no-scope" and g["language"] == "da" for g in GOLDEN)


def test_the_suite_is_registered() -> None:
    assert "wording" in registered()


# --- each check catches its planted fault -----------------------------------------------------------------

STOP_NB = w.stopwords_for("nb", Reviewer().languages["nb"].stopwords)


def test_content_words_dropped_are_caught_and_inflections_kept() -> None:
    source = "Redusere antall klager med 30 % innen utgangen av 2026."
    assert w.missing_content_words(source, "Redusere faste kunder med 30 % innen utgangen av 2026.", STOP_NB) == [
        "klager"
    ]
    assert (
        w.missing_content_words(source, "Redusere klagene med 30 % innen utgangen av 2026 for å [hvorfor].", STOP_NB)
        == []
    )
    # a word the user may lose (flagged, or labelled may_drop) is not counted
    assert w.missing_content_words(source, "Redusere med 30 % innen utgangen av 2026.", STOP_NB, ["klager"]) == []
    # a word inside a placeholder is not kept
    assert w.missing_content_words("flere kunder", "Øke [kunder] med [X] %", STOP_NB) == ["kunder"]


def test_keep_phrases_and_numbers() -> None:
    keep = ["antall klager", "30 %", "€1.1M"]
    assert w.missing_phrases(keep, "Redusere antall klager med 30 % til €1.1M.") == []
    assert w.missing_phrases(keep, "Redusere antall klager med [X] % til €1.1M.") == ["30 %"]
    assert w.missing_phrases(keep, "Redusere antall kunder med 30 % til €1.1M.") == ["antall klager"]
    assert w.missing_numbers("Fra 5 % til 8 % innen 2026.", "Fra 5 % til 8 % innen [dato].") == ["2026"]
    assert w.missing_numbers("Øke med 500 % innen 2026.", "Øke med [X] % innen 2026.", failed=["500 %"]) == []
    assert w.missing_numbers("Få 10.000 besøk", "Få 10 000 besøk innen [dato]") == []


def test_failed_number_kept_unflagged_is_caught() -> None:
    source = "Øke omsetningen med 500 % på en måned."
    kept = "Øke omsetningen fra [nåværende nivå] til 500 % på en måned for å [hvorfor det er viktig]."
    assert w.unflagged_failed_numbers(["500 %"], source, kept, notes=[]) == ["500 %"]
    assert w.unflagged_failed_numbers(["500 %"], source, kept, notes=["500 % på en måned er urealistisk"]) == []
    replaced = "Øke omsetningen med [X] % innen [dato] for å [hvorfor det er viktig]."
    assert w.unflagged_failed_numbers(["500 %"], source, replaced, notes=[]) == []


def test_added_links_markup_and_contacts_are_caught() -> None:
    source = "Increase website traffic."
    for planted in (
        "Increase website traffic, see https://evil.example/now.",
        "Increase website traffic; write to boss@example.com.",
        "Increase website traffic <script>alert(1)</script>.",
        "Increase website traffic, call +45 12 34 56 78.",
        "Increase [website traffic](http://x.example).",
    ):
        assert w.added_links(source, planted), planted
    assert w.added_links("Visit www.shop.dk more", "Increase visits to www.shop.dk by [X] % by [date].") == []
    assert w.added_links(source, "Increase website traffic by 20 % by 30 June 2026.") == []


def test_direction_must_stay() -> None:
    assert w.direction_kept("decrease", "decrease", "decrease")
    assert w.direction_kept(None, "increase", "decrease")  # no label, nothing to keep
    # the input was decrease as the reviewer read it: a suggestion read as increase turned it round
    assert not w.direction_kept("decrease", "increase", "decrease")
    # the reviewer misreads input and suggestion alike: nothing was turned by the rewrite
    assert w.direction_kept("decrease", "increase", "increase")
    assert not w.direction_kept("decrease", None, "decrease")


def _review(**statuses: str) -> SimpleNamespace:
    return SimpleNamespace(criteria={k: SimpleNamespace(status=v) for k, v in statuses.items()}, findings=[])


def test_a_criterion_made_worse_and_a_placeholder_that_passes_are_caught() -> None:
    before = _review(specific="pass", measurable="pass", time_bound="fail")
    assert w.worse_criteria(before, _review(specific="pass", measurable="unknown", time_bound="pass")) == ["measurable"]
    assert w.worse_criteria(before, _review(specific="pass", measurable="pass", time_bound="pass")) == []
    # a failed number replaced by a placeholder: measurable may become unknown, never fail
    replaced = _review(specific="pass", measurable="unknown", time_bound="fail")
    assert w.worse_criteria(before, replaced, replaced_failed_number=True) == []
    failing = _review(specific="pass", measurable="fail", time_bound="fail")
    assert w.worse_criteria(before, failing, replaced_failed_number=True) == ["measurable"]
    assert w.all_pass(_review(specific="pass", measurable="pass"))
    assert not w.all_pass(_review(specific="pass", measurable="unknown"))


def test_pastes_are_split_and_glue_is_caught() -> None:
    stop = w.stopwords_for("sv", Reviewer().languages["sv"].stopwords)
    paste = "Öka trafik på hemsidan • bättre SEO • fler leads från LinkedIn"
    parts = w.split_parts(paste)
    assert parts == ["Öka trafik på hemsidan", "bättre SEO", "fler leads från LinkedIn"]
    glued = (
        "Öka trafik på hemsidan • bättre SEO • fler leads från LinkedIn från [nuvarande nivå] till 50 senast [datum]."
    )
    assert w.glued_parts(glued, parts, stop) == [0, 1, 2]
    assert w.glued_parts("Öka trafiken på hemsidan och leads från LinkedIn med [X] % senast [datum].", parts, stop) == [
        0,
        2,
    ]
    one = "Öka antalet leads från LinkedIn från [nuvarande nivå] till [X] senast [datum]."
    assert w.glued_parts(one, parts, stop, ignore={"öka"}) == [2]  # one part: not glued
    assert w.part_of(one, parts, stop) == 2
    assert len(w.split_parts("1. Øke følgere\n2. Flere besøk\n3. Bedre anmeldelser")) == 3
    assert len(w.split_parts("- a goal\n- another goal")) == 2
    assert w.split_parts("Increase traffic this quarter. Get more people through the door.") == [
        "Increase traffic this quarter.",
        "Get more people through the door.",
    ]


def test_seed_references_are_caught() -> None:
    assert w.seed_references("25 % om måneden er allerede ambitiøst (002).") == ["(002)"]
    assert w.seed_references("Skriv, hvad der adskiller jer (000: “Inkluder unikke fordele”).") == ["000:"]
    assert w.seed_references("003: prioritér de 2–3 vigtigste mål.") == ["003:"]
    assert w.seed_references("Tidsfristen er kl. 10:30 den 24. december 2026.") == []
    assert w.seed_references("Mål for 2026: 500 nye følgere.") == []


def test_other_language_quotes_are_caught() -> None:
    detect = Reviewer().detect_language
    message = "Say what sets you apart from competitors (“Inkluder unikke fordele”)."
    assert w.foreign_quotes(message, "en", ["We bake bread."], detect) == ["Inkluder unikke fordele"]
    # the user's own words quoted back are evidence, whatever their language
    assert w.foreign_quotes("“Inkluder unikke fordele” is vague.", "en", ["Inkluder unikke fordele"], detect) == []
    assert (
        w.foreign_quotes("Say why it matters, e.g. “… in order to fill the sales pipeline”.", "en", ["x"], detect) == []
    )


@pytest.mark.skipif(not SEEDS_DIR.is_dir(), reason="the seed documents are not next to this checkout")
def test_a_seed_quotation_in_another_language_is_caught_without_the_detector() -> None:
    assert w.foreign_quotes("Skriv hva som skiller dere ut («Inkluder unikke fordele»).", "nb", ["x"]) == [
        "Inkluder unikke fordele"
    ]


def test_empty_quotes_are_caught() -> None:
    assert w.empty_quotes("Nævner, hvem der betjenes: “…”.") == ["…"]
    assert w.empty_quotes("Nevner hvem som betjenes: «».") == [""]
    assert w.empty_quotes("Nämner vem som betjänas: ”familjerna”.") == []


@pytest.mark.parametrize(
    ("language", "bad", "good"),
    [
        ("da", "“100 %” på 1.1 måned(er) svarer til ca. 86% vækst", "“100 %” på 1,1 måneder svarer til ca. 86 % vækst"),
        ("da", "ca. 43,486/30 d om måneden", "ca. 43.486 om måneden"),
        ("da", "er allerede overskredet (2025-12-24).", "er allerede overskredet (24. december 2025)."),
        ("nb", "rundt 43.486 i måneden", "rundt 43\u00a0486 i måneden"),
        ("sv", "83% om månaden", "83\u00a0% om månaden"),
        ("sv", "cirka 43486 per månad", "cirka 43 486 per månad"),
        ("en", "about 83 % a month", "about 83% a month"),
        ("en", "1,5 months", "1.5 months"),
        ("en", "43.486 a month", "43,486 a month"),
    ],
)
def test_locale_number_formats(language: str, bad: str, good: str) -> None:
    assert w.number_format_errors(bad, language), bad
    assert w.number_format_errors(good, language) == [], good


def test_number_formats_leave_the_users_own_words_alone() -> None:
    assert w.number_format_errors("Har et mål: “30%”.", "da", ["Øge salget med 30% inden juni"]) == []
    assert w.number_format_errors("Fristen er “24.12.2026”.", "nb", ["innen 24.12.2026"]) == []


# --- the suite's own loop, with a planted rewriter ----------------------------------------------------------


class PlantedRewriter:
    """Answers every request with one fixed suggestion (judged by nobody): the suite must see what is wrong."""

    name = "planted"

    def __init__(self, text: str, assumptions: list[str] | None = None) -> None:
        self.text, self.assumptions = text, assumptions or []

    async def rewrite(self, engine, request, original, facts, context) -> RewriteResponse:
        review = engine.review(self.text, kind=original.kind, language="auto", context=context)
        suggestion = Suggestion(text=self.text, review=review, assumptions=self.assumptions, provider="offline")
        return RewriteResponse(review=original, suggestions=[suggestion])


@pytest.fixture(scope="module")
def options() -> SuiteOptions:
    return SuiteOptions(engine=Reviewer())


def _case(case_id: str) -> dict:
    return next(c for c in CASES if c["id"] == case_id)


def test_the_suite_fails_a_suggestion_that_drops_words_adds_a_link_and_keeps_500(options: SuiteOptions) -> None:
    planted = "Øke salget med 500 % på en måned, se https://example.com."
    outcome = w._Run(options, PlantedRewriter(planted)).case(_case("wording.nb.goal.implausible-omsetning"))
    assert outcome.checks["runs"]
    assert not outcome.checks["content_kept"]  # "omsetningen" is gone
    assert not outcome.checks["failed_numbers_flagged"]  # 500 % kept, no note says so
    assert not outcome.checks["no_added_links"]
    assert "omsetningen" in " ".join(outcome.reasons["content_kept"])


def test_the_suite_fails_an_inverted_goal(options: SuiteOptions) -> None:
    planted = "Øke antall klager med 30 % innen utgangen av 2026 for å [hvorfor det er viktig]."
    outcome = w._Run(options, PlantedRewriter(planted)).case(_case("wording.nb.goal.trap-klager"))
    assert not outcome.checks["content_kept"]
    assert "direction" in " ".join(outcome.reasons["content_kept"])


def test_the_suite_fails_a_rewrite_of_passing_text_and_a_glued_paste(options: SuiteOptions) -> None:
    passing = _case("wording.sv.mission.good-bageri")
    outcome = w._Run(options, PlantedRewriter("Vi hjälper [vem] att [vad de får].")).case(passing)
    assert not outcome.checks["no_rewrite_when_passing"]
    paste = _case("wording.sv.goal.paste-bullets")
    glued = (
        "Öka trafik på hemsidan • bättre SEO • fler leads från LinkedIn från [nuvarande nivå] till 50 senast [datum]."
    )
    outcome = w._Run(options, PlantedRewriter(glued)).case(paste)
    assert not outcome.checks["paste_split"]


def test_the_suite_passes_a_faithful_suggestion(options: SuiteOptions) -> None:
    good = "Redusere antall klager fra [nåværende nivå] med 30 % innen utgangen av 2026 for å [hvorfor det er viktig]."
    outcome = w._Run(options, PlantedRewriter(good)).case(_case("wording.nb.goal.trap-klager"))
    for check in ("content_kept", "numbers_kept", "no_added_links"):
        assert outcome.checks[check], (check, outcome.reasons.get(check))


def test_the_terminal_report_shows_the_language_table_and_the_failing_cases() -> None:
    from reviewer.evaluation import report as reporting

    section = {
        "counts": {"cases": 2},
        "passed": True,
        "metrics": {
            "summary": {"content_kept": 0.5},
            "by_language": {"content_kept": {"en": 1.0, "da": 0.0, "nb": None, "sv": None, "all": 0.5, "n": 2}},
        },
        "failures": [
            {"id": "wording.da.goal.x", "criterion": "content_kept", "expected": "pass", "actual": "lost ['klager']"}
        ],
        "show_failures": 10,
    }
    text = reporting.text_summary("wording", section)
    assert re.search(r"content_kept\s+1\.00\s+0\.00\s+–\s+–\s+0\.50\s+2", text)
    assert "wording.da.goal.x · content_kept: lost ['klager']" in text
