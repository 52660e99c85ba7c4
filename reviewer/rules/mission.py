"""Mission rules (000 and 001): concise, purpose, customer focus, values, distinctive, plain, timeless."""

from __future__ import annotations

import re
from collections.abc import Iterator

from reviewer.extract import PLACEHOLDER, Facts, Span
from reviewer.lang import common
from reviewer.rules import Subject, Trigger, rule


def size(f: Facts) -> tuple[int, int]:
    return len(f.sentences), len(_counted_words(f))


def _counted_words(f: Facts) -> list[Span]:
    """The words that count towards the length: a placeholder waiting to be filled ("[en værdi, fx ærlighed]")
    counts as the one word that will replace it, not as the words of its hint. One pass over the words."""
    gaps = [Span(m.start(), m.end()) for m in PLACEHOLDER.finditer(f.text)]
    out: list[Span] = []
    i = 0
    for w in f.words:
        while i < len(gaps) and gaps[i].end <= w.start:
            i += 1
        if i < len(gaps) and gaps[i].start <= w.start < gaps[i].end:
            if not out or out[-1] is not gaps[i]:
                out.append(gaps[i])
            continue
        out.append(w)
    return out


@rule(
    "mission.concise.too-long",
    criterion="concise",
    description="More than two sentences or more than 40 words (a placeholder counts as one word).",
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
        starts.append(_counted_words(f)[limits["max_words"]].start)
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


_WORDS = re.compile(r"[^\W\d_]+")


def _gap_framed(f: Facts, span: Span) -> Span | None:
    """The placeholder of span's sentence when the sentence says nothing else: its words outside placeholders
    are all stopwords or the pack's `frame` words ("We do this by [what you do]."). Each sentence is read once
    per text (a long sentence with many purpose spans would otherwise be read once per span: quadratic)."""
    sentence = next((x for x in f.sentences if x.start <= span.start < x.end), None)
    if sentence is None:
        return None
    framed = f.__dict__.setdefault("_framed_gaps", {})
    if sentence.start not in framed:
        framed[sentence.start] = _sentence_gap(f, sentence)
    return framed[sentence.start]


def _sentence_gap(f: Facts, sentence: Span) -> Span | None:
    text = f.text[sentence.start : sentence.end]
    gap = PLACEHOLDER.search(text)
    if gap is None:
        return None
    frame = f.pack.mission_words.get("frame")
    words = _WORDS.findall(PLACEHOLDER.sub(" ", text))
    if any(w.lower() not in f.pack.stopwords and not (frame and frame.fullmatch(w.lower())) for w in words):
        return None
    return Span(sentence.start + gap.start(), sentence.start + gap.end())


@rule(
    "mission.purpose.placeholder",
    criterion="purpose",
    severity="info",
    effect="unknown",
    description='What the organisation does is only a placeholder waiting to be filled ("[what you do]").',
    source='000: "Hvorfor eksisterer virksomheden, og hvad er dens principper?"',
)
def purpose_placeholder(s: Subject) -> Iterator[Trigger]:
    purposes = s.facts.mission.get("purpose", [])
    gaps = [_gap_framed(s.facts, p) for p in purposes]
    if purposes and all(gaps):
        yield Trigger(gaps[0])  # type: ignore[arg-type]


@rule(
    "mission.customer_focus.missing",
    criterion="customer_focus",
    description="The mission does not name who is served and what they get.",
    source='000: "Fokusér på Kunden: … Hvorfor er virksomheden vigtig for kunderne, og hvordan vil den skabe værdi for dem?"',
)
def customer_focus_missing(s: Subject) -> Iterator[Trigger]:
    if _focus_missing(s.facts) and _served_gap(s.facts) is None:
        yield Trigger(s.whole)


def _focus_missing(f: Facts) -> bool:
    # facts.mission["audience"] is who is served, read in reviewer/mission_reading.py: a person noun in a
    # served position ("for families", "help small businesses"), not one merely mentioned or counted as a target
    m = f.mission
    if any(_gap_after(f, b) is None for b in m.get("beneficiary", [])):
        return False  # "so that cafés and home brewers get …", "every commuter": who, and what they get
    served = m.get("audience", [])
    generic = f.pack.mission_words.get("generic_audience")
    specific = [a for a in served if generic is None or not generic.fullmatch(f.snippet(a).lower())]
    # A benefit phrase ("with …") only counts for a named group: "value for our customers with …" names no one
    purposes = [p for p in m.get("purpose", []) if _gap_framed(f, p) is None]  # not "We do this by [what you do]"
    return not served or not (purposes or (specific and m.get("benefit")))


def _gap_after(f: Facts, span: Span) -> Span | None:
    """The placeholder right after span ("so that they [what they get]"), or None."""
    rest = f.text[span.end :]
    gap = PLACEHOLDER.match(f.text, span.end + len(rest) - len(rest.lstrip()))
    return Span(gap.start(), gap.end()) if gap else None


def _served_gap(f: Facts) -> Span | None:
    """A placeholder where who is served belongs: after a serving word ("for [who you serve]") or a
    beneficiary phrase ("så de kan [hvad de får]")."""
    served = f.pack.mission_words.get("served")
    for gap in PLACEHOLDER.finditer(f.text):
        before = _WORDS.findall(f.text[max(0, gap.start() - 30) : gap.start()])
        if before and served is not None and served.fullmatch(before[-1].lower()):
            return Span(gap.start(), gap.end())
    for b in f.mission.get("beneficiary", []):
        if (gap := _gap_after(f, b)) is not None:
            return gap
    return None


@rule(
    "mission.customer_focus.placeholder",
    criterion="customer_focus",
    severity="info",
    effect="unknown",
    description='Who is served, or what they get, is only a placeholder waiting to be filled ("[who you serve]").',
    source='000: "Fokusér på Kunden: … Hvorfor er virksomheden vigtig for kunderne, og hvordan vil den skabe værdi for dem?"',
)
def customer_focus_placeholder(s: Subject) -> Iterator[Trigger]:
    gap = _served_gap(s.facts) if _focus_missing(s.facts) else None
    if gap is not None:
        yield Trigger(gap)


@rule(
    "mission.values.missing",
    criterion="values",
    severity="warning",
    description="The mission names no principle or value.",
    source='000: "Identificer formålet og værdierne: … hvad er dens principper?"',
)
def values_missing(s: Subject) -> Iterator[Trigger]:
    if not _real_values(s.facts) and _value_gap(s.facts) is None:
        yield Trigger(s.whole)


def _real_values(f: Facts) -> list[Span]:
    """The values named outside placeholders: "[a principle, e.g. honesty]" names none yet."""
    gaps = [Span(m.start(), m.end()) for m in PLACEHOLDER.finditer(f.text)]
    return [v for v in f.mission.get("values", []) if not any(g.start <= v.start and v.end <= g.end for g in gaps)]


def _value_gap(f: Facts) -> Span | None:
    """A placeholder in a sentence that only frames it ("We stand for [a value, e.g. honesty]."), when the
    sentence names no activity of its own."""
    for gap in PLACEHOLDER.finditer(f.text):
        span = Span(gap.start(), gap.end())
        if _gap_framed(f, span) is not None and any(
            v.start >= span.start and v.end <= span.end for v in f.mission.get("values", [])
        ):
            return span
    return None


@rule(
    "mission.values.placeholder",
    criterion="values",
    severity="info",
    effect="unknown",
    description='The only value is a placeholder waiting to be filled ("[a value, e.g. honesty]").',
    source='000: "Identificer formålet og værdierne: … hvad er dens principper?"',
)
def values_placeholder(s: Subject) -> Iterator[Trigger]:
    gap = _value_gap(s.facts) if not _real_values(s.facts) else None
    if gap is not None:
        yield Trigger(gap)


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
    than = f.pack.mission_words.get("than")
    # "i mere end 35 lande" says how big the organisation is; "more customers" next to a count is a target
    growth_words = [
        w for w in [*f.increase, *f.decrease]
        if than is None or not (m := re.match(r"\s+(\w+)", f.text[w.end : w.end + 12])) or not than.fullmatch(m.group(1).lower())
    ]
    for q in f.quantities:
        if q.unit in ("percent", "points", "multiplier", "currency", "rank") or (
            q.unit == "count" and any(abs(w.start - q.start) < 40 for w in growth_words)
        ):
            yield Trigger(q)
    for t in f.times:
        promise = t.kind == "relative" and t.days is not None and t.days <= 7  # "repairs any bike within a day"
        if not t.recurring and t.kind != "placeholder" and not promise:
            yield Trigger(t)
