"""Mission rules (000 and 001): concise, purpose, customer focus, values, distinctive, plain, timeless."""

from __future__ import annotations

from collections.abc import Iterator

from reviewer.extract import Facts, Span
from reviewer.lang import common
from reviewer.rules import Subject, Trigger, rule


def size(f: Facts) -> tuple[int, int]:
    return len(f.sentences), len(f.words)


@rule(
    "mission.concise.too-long",
    criterion="concise",
    description="More than two sentences or more than 40 words.",
    source='000: "Prøv at indkapsle formålet og værdierne i en eller to sætninger, der er lette at forstå og huske."',
)
def too_long(s: Subject) -> Iterator[Trigger]:
    f = s.facts
    limits = common()["mission"]
    sentences, words = size(f)
    if sentences <= limits["max_sentences"] and words <= limits["max_words"]:
        return
    starts = []
    if sentences > limits["max_sentences"]:
        starts.append(f.sentences[limits["max_sentences"]].start)
    if words > limits["max_words"]:
        starts.append(f.words[limits["max_words"]].start)
    yield Trigger(Span(min(starts), s.whole.end), {"words": words, "sentences": sentences})


@rule(
    "mission.purpose.missing",
    criterion="purpose",
    description="The mission does not say what the organisation does or exists to do.",
    source='000: "Hvorfor eksisterer virksomheden, og hvad er dens principper?"; 001: "The company\'s mission is the reason for its existence."',
)
def purpose_missing(s: Subject) -> Iterator[Trigger]:
    if not s.facts.mission.get("purpose"):
        yield Trigger(s.whole)


@rule(
    "mission.customer_focus.missing",
    criterion="customer_focus",
    description="The mission does not name who is served and what they get.",
    source='000: "Fokusér på Kunden: … Hvorfor er virksomheden vigtig for kunderne, og hvordan vil den skabe værdi for dem?"',
)
def customer_focus_missing(s: Subject) -> Iterator[Trigger]:
    # facts.mission["audience"] is who is served, read in reviewer/mission_reading.py: a person noun in a
    # served position ("for families", "help small businesses"), not one merely mentioned or counted as a target
    m = s.facts.mission
    if m.get("beneficiary"):
        return  # "so that cafés and home brewers get …", "every commuter": who, and what they get
    served = m.get("audience", [])
    generic = s.facts.pack.mission_words.get("generic_audience")
    specific = [a for a in served if generic is None or not generic.fullmatch(s.facts.snippet(a).lower())]
    # A benefit phrase ("with …") only counts for a named group: "value for our customers with …" names no one
    if not served or not (m.get("purpose") or (specific and m.get("benefit"))):
        yield Trigger(s.whole)


@rule(
    "mission.values.missing",
    criterion="values",
    severity="warning",
    description="The mission names no principle or value.",
    source='000: "Identificer formålet og værdierne: … hvad er dens principper?"',
)
def values_missing(s: Subject) -> Iterator[Trigger]:
    if not s.facts.mission.get("values"):
        yield Trigger(s.whole)


@rule(
    "mission.distinctive.missing",
    criterion="distinctive",
    severity="info",
    effect="unknown",
    description="Nothing in the mission says what sets the organisation apart.",
    source='000: "Inkluder unikke fordele: Overvej, hvad der gør din virksomhed unik og differentieret fra konkurrenterne."',
)
def distinctive_missing(s: Subject) -> Iterator[Trigger]:
    m = s.facts.mission
    if not m.get("distinctive") and not m.get("generic") and not s.facts.buzzwords:
        yield Trigger(s.whole)


@rule(
    "mission.distinctive.generic",
    criterion="distinctive",
    severity="warning",
    description="The mission claims only what every competitor claims (quality products, competitive prices, solutions) or hides behind buzzwords.",
    source='000: "Overvej, hvad der gør din virksomhed unik og differentieret fra konkurrenterne."',
)
def distinctive_generic(s: Subject) -> Iterator[Trigger]:
    m = s.facts.mission
    if m.get("distinctive"):
        return
    for span in m.get("generic", []):
        yield Trigger(span)
    if not m.get("generic"):
        for span, _ in s.facts.buzzwords[:1]:
            yield Trigger(span)


@rule(
    "mission.plain_language.buzzword",
    criterion="plain_language",
    description="Buzzwords and clichés (next-generation, paradigm shift, holistic, one-stop shop, game-changing …).",
    source='000: "Gør det kort og præcist: … lette at forstå og huske."',
)
def buzzword(s: Subject) -> Iterator[Trigger]:
    for span, replacements in s.facts.buzzwords:
        yield Trigger(span, replacements=replacements)


@rule(
    "mission.timeless.target",
    criterion="timeless",
    description="Numeric targets or deadlines in a mission; they belong in goals. A founding year is history, not a deadline.",
    source='000: the mission "fungerer som et kompas" and "rettesnor"; targets with deadlines are goals (002)',
)
def timeless_target(s: Subject) -> Iterator[Trigger]:
    f = s.facts
    growth_words = [*f.increase, *f.decrease]
    for q in f.quantities:
        if q.unit in ("percent", "points", "multiplier", "currency", "rank") or (
            q.unit == "count" and any(abs(w.start - q.start) < 40 for w in growth_words)
        ):
            yield Trigger(q)
    for t in f.times:
        promise = t.kind == "relative" and t.days is not None and t.days <= 7  # "repairs any bike within a day"
        if not t.recurring and t.kind != "placeholder" and not promise:
            yield Trigger(t)
