"""Text -> typed facts with spans: periods and deadlines, quantities, metrics, channels, and the words
the rules look for. Spans are Python string indices into the text as given.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from reviewer.dates import resolve_time
from reviewer.lang import LanguagePack, common
from reviewer.lang.prefilter import Prefiltered


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Hit(Span):
    """A vocabulary match: id is a metric/channel id, or the vocabulary list it came from."""

    id: str = ""
    scoped: bool = False  # a compound that names its own scope ("julesalget", "bordreservationer")


@dataclass(frozen=True)
class TimeFact(Span):
    kind: str = "relative"
    date: dt.date | None = None
    days: int | None = None  # length of the period the goal has, where known
    recurring: bool = False


@dataclass(frozen=True)
class Quantity(Span):
    value: float | None = None
    unit: str = "count"  # percent, points, count, multiplier, currency, rank, placeholder
    role: str = "target"  # target | baseline
    direction: str | None = None  # set by multipliers ("halve" -> decrease) and from→to pairs
    paired: bool = False  # the "to" of a from→to pair: the goal's own level, before any other figure


# Which time expression is the deadline when a goal has several ("inden sommerferien (uge 28)").
PRECISION = {"date": 0, "week": 1, "relative": 1, "month": 2, "holiday": 2, "quarter": 3, "half": 3, "season": 3,
             "year": 4, "recurring": 6, "placeholder": 7}


@dataclass
class Facts:
    text: str
    pack: LanguagePack
    today: dt.date
    present: set[int] = field(default_factory=set)  # the pack's regexes whose needles occur (prefilter)
    masks: list[Span] = field(default_factory=list)
    history: list[Span] = field(default_factory=list)
    times: list[TimeFact] = field(default_factory=list)
    open_ended: list[Span] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    metrics: list[Hit] = field(default_factory=list)
    channels: list[Hit] = field(default_factory=list)
    increase: list[Span] = field(default_factory=list)
    decrease: list[Span] = field(default_factory=list)
    comparatives: list[Span] = field(default_factory=list)
    abstract: list[Span] = field(default_factory=list)
    deliverables: list[Span] = field(default_factory=list)
    counted: list[Span] = field(default_factory=list)  # objects counted by a number or "the number of": "500 gift cards"
    purpose: list[Span] = field(default_factory=list)
    scope: list[Span] = field(default_factory=list)
    earlier: list[Span] = field(default_factory=list)  # clauses about an earlier or the current figure
    ranked_on: list[Span] = field(default_factory=list)  # where a rank is measured: "Google", "søgeresultaterne"
    # Mission vocabulary: id -> spans
    mission: dict[str, list[Span]] = field(default_factory=dict)
    buzzwords: list[tuple[Span, list[str]]] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    words: list[Span] = field(default_factory=list)

    # --- derived views -------------------------------------------------------------------------
    @property
    def deadline(self) -> TimeFact | None:
        """The most concrete time expression: a dated one over a relative one over a rate."""
        if not self.times:
            return None
        return min(self.times, key=lambda t: (PRECISION.get(t.kind, 5), t.start))

    @property
    def target(self) -> Quantity | None:
        """The goal's target: a placeholder, else a from→to pair's "to" (an explicit level beats "double"),
        else a percentage, a multiplier, an amount, a count; a rank only where it can be measured."""
        targets = [q for q in self.quantities if q.role == "target" and q.unit != "rank"]
        if not targets and any(q.unit == "rank" and q.role == "target" for q in self.quantities) and self.rank_measurable:
            targets = [q for q in self.quantities if q.unit == "rank" and q.role == "target"]
        if not targets:
            return None
        order = {"placeholder": 0, "percent": 1, "points": 1, "multiplier": 2, "currency": 3, "count": 4, "rank": 5}
        return min(targets, key=lambda q: (order.get(q.unit, 9) if not q.paired else 0.5, q.start))

    @property
    def rank_measurable(self) -> bool:
        """A "#1" is a target only on a ranking someone keeps: search results, a review site, a metric
        ("number 1 on Google", "#1 in market share"); "be the #1 coffee shop" names none."""
        return bool(
            self.ranked_on
            or any(metric_class(m.id).get("class") == "business" for m in self.metrics)
            or any(channel_info(c.id).get("ranked") for c in self.channels)
        )

    @property
    def baseline(self) -> Quantity | None:
        return next((q for q in self.quantities if q.role == "baseline"), None)

    @property
    def metric(self) -> Hit | None:
        return self.metrics[0] if self.metrics else None

    @property
    def channel(self) -> Hit | None:
        return self.channels[0] if self.channels else None

    @property
    def direction(self) -> str | None:
        target = self.target
        if target is not None and target.direction:
            return target.direction
        if self.decrease and (not self.increase or self.decrease[0].start < self.increase[0].start):
            return "decrease"
        if self.increase or target is not None:
            return "increase"
        return None

    def snippet(self, span: Span) -> str:
        return self.text[span.start : span.end]


def _finditer(regex: Prefiltered | re.Pattern[str], text: str, present: set[int] | None = None) -> list[Span]:
    found = regex.finditer(text, present) if isinstance(regex, Prefiltered) else regex.finditer(text)
    return [Span(m.start(), m.end()) for m in found if m.end() > m.start()]


class Occupied:
    """Which characters of the text are taken, one byte each: "is this span free?" costs the span's length,
    not the number of spans taken so far, so extraction stays linear in the text's length."""

    __slots__ = ("_taken",)

    def __init__(self, size: int, spans: Iterable[Span] = ()) -> None:
        self._taken = bytearray(size)
        for span in spans:
            self.take(span)

    def free(self, span: Span) -> bool:
        return span.start >= span.end or self._taken.find(1, span.start, span.end) == -1

    def take(self, span: Span) -> None:
        if span.end > span.start:
            self._taken[span.start : span.end] = b"\x01" * (span.end - span.start)


def _longest_first(candidates: list, taken: Occupied | None = None, size: int = 0) -> list:
    """Non-overlapping selection preferring longer matches, then earlier ones; returned in text order."""
    chosen: list = []
    blocked = taken if taken is not None else Occupied(size or max((c.end for c in candidates), default=0))
    for c in sorted(candidates, key=lambda s: (-(s.end - s.start), s.start)):
        if blocked.free(c):
            chosen.append(c)
            blocked.take(c)
    return sorted(chosen, key=lambda s: s.start)


def _occupied(facts: Facts, *groups: Iterable[Span]) -> Occupied:
    return Occupied(len(facts.text), (span for group in groups for span in group))


def _times(facts: Facts) -> None:
    pack, text = facts.pack, facts.text
    candidates: list[TimeFact] = []
    for pattern in pack.time_patterns:
        for m in pattern.regex.finditer(text, facts.present):
            resolved = resolve_time(pattern.resolve, m, pack, facts.today)
            if resolved is None:
                continue
            kind, date, days, recurring = resolved
            candidates.append(TimeFact(m.start(), m.end(), kind, date, days, recurring))
    for m in pack.placeholder_date.finditer(text, facts.present):
        candidates.append(TimeFact(m.start(), m.end(), "placeholder"))
    facts.times = _longest_first(candidates, _occupied(facts, facts.masks, facts.history))
    if facts.earlier:  # "i 2025 havde vi 300": the period of an earlier figure is no deadline
        earlier = _occupied(facts, facts.earlier)
        facts.times = [t for t in facts.times if earlier.free(t)]
    facts.open_ended = _longest_first(_finditer(pack.open_ended, text, facts.present), _occupied(facts, facts.times))


def _earlier(facts: Facts) -> None:
    """Clauses that state an earlier or the current figure ("Last year we had 300 reviews;", "i dag har vi
    400 abonnenter,"): from the clause break before the pack's cue to the one after it. A cue inside a
    comparison ("compared to last year", "i forhold til sidste år") is matched as such and ignored."""
    pack, text = facts.pack, facts.text
    if pack.earlier is None or pack.clause_break is None:
        return
    cues = [m for m in pack.earlier.finditer(text, facts.present) if not m.groupdict().get("vs")]
    if not cues:
        return
    breaks = [(m.start(), m.end()) for m in pack.clause_break.finditer(text)]
    starts = [b[0] for b in breaks]
    ends = [b[1] for b in breaks]
    for cue in cues:
        before = bisect.bisect_right(ends, cue.start()) - 1  # the last break that ends before the cue
        after = bisect.bisect_left(starts, cue.end())  # the first break that starts after it
        start = ends[before] if before >= 0 else 0
        end = starts[after] if after < len(starts) else len(text)
        facts.earlier.append(Span(start, end))


# The one placeholder pattern (re-exported by reviewer.rewrite.placeholders): a short bracketed gap the user
# fills in ("[X] %", "[dato]"). Here so the rules can read it without importing the rewriters.
PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,60}\]")
_LONG_WORD = re.compile(r"(?<!\w)[^\W\d_]{6,40}(?!\w)")


def _typo_metrics(facts: Facts) -> None:
    """Metric words with one typo ("converions", "omsætnigen"): words of 6 or more letters that nothing else
    read, looked up in the pack's deletion index (reviewer/lang/typos.py), O(word length) each. Only when the
    vocabulary found no metric: a typo matters where it hides the goal's metric."""
    index = facts.pack.typos
    if not index or facts.metrics:
        return
    taken = _occupied(facts, facts.times, facts.open_ended, facts.quantities, facts.metrics, facts.channels)
    stopwords = facts.pack.stopwords
    found = []
    for m in _LONG_WORD.finditer(facts.text):
        span = Span(m.start(), m.end())
        if taken.free(span) and m.group(0).lower() not in stopwords:
            ident = index.lookup(m.group(0))
            if ident is not None:
                found.append(Hit(span.start, span.end, ident))
    if found:
        facts.metrics = sorted([*facts.metrics, *found], key=lambda h: h.start)


def _quantities(facts: Facts) -> None:
    pack, text = facts.pack, facts.text
    taken = _occupied(facts, facts.masks, facts.history, facts.times)
    found: list[Quantity] = []

    def add(q: Quantity) -> None:
        found.append(q)
        taken.take(q)

    for m in pack.placeholder_target.finditer(text, facts.present):
        if taken.free(Span(m.start(), m.end())):
            add(Quantity(m.start(), m.end(), None, "placeholder"))
    for regex in pack.from_to:
        for m in regex.finditer(text, facts.present):
            if not taken.free(Span(m.start(), m.end())):
                continue
            pair = _from_to(pack, m.group("a"), m.group("b"))
            if pair is None:
                continue
            (av, bv), unit = pair
            direction = "decrease" if bv < av else "increase" if bv > av else None
            add(Quantity(m.start("a"), m.end("a"), av, unit, "baseline"))
            add(Quantity(m.start("b"), m.end("b"), bv, unit, "target", direction, paired=True))
    for mult in pack.multipliers:
        for m in mult.regex.finditer(text, facts.present):
            span = Span(m.start(), m.end())
            if not taken.free(span):
                continue
            value = mult.value
            if not value:  # "{num}x", "3 times", "tidoble"
                value = pack.parse_number(m.group("num")) or 0.0
                if value <= 1:
                    continue
            add(Quantity(span.start, span.end, value, "multiplier", direction="decrease" if value < 1 else "increase"))
    for fraction in pack.fractions:  # "by a quarter": a share, written in words
        for m in fraction.regex.finditer(text, facts.present):
            if taken.free(Span(m.start(), m.end())):
                add(Quantity(m.start(), m.end(), fraction.value, "percent"))
    for m in pack.rank.finditer(text, facts.present):
        if taken.free(Span(m.start(), m.end())):
            add(Quantity(m.start(), m.end(), None, "rank"))
    regexes = pack.quantity_regexes
    for unit in ("points", "percent", "currency", "count"):
        for m in regexes[unit].finditer(text, facts.present):
            span = Span(m.start(), m.end())
            if not taken.free(span):
                continue
            raw = m.group("n") if "n" in m.groupdict() and m.group("n") else m.groupdict().get("n2")
            value = pack.parse_number(raw or "")
            scale = m.groupdict().get("scale") or m.groupdict().get("scale2")
            if value is not None and scale:
                value *= pack.magnitude(scale)
            if unit == "currency":
                cur = m.groupdict().get("cur") or m.groupdict().get("cur2")
                if value is not None and cur:
                    value *= pack.magnitude(cur)  # "5 MSEK", "250 tkr"
            if value is None:
                continue  # number words that make no number ("tre og fire")
            if unit == "count" and (raw is None or (not raw[0].isdigit() and value < 2)):
                continue  # "a", "one" as a count is an article, not a target
            add(Quantity(span.start, span.end, value, unit))
    if facts.earlier:  # "last year we had 300", "i dag har vi 400": that figure is the baseline
        earlier = _occupied(facts, facts.earlier)
        found = [
            replace(q, role="baseline") if q.role == "target" and not q.paired and q.unit in _LEVELS and not earlier.free(q) else q
            for q in found
        ]
    facts.quantities = sorted(found, key=lambda q: q.start)


_LEVELS = ("count", "currency", "percent", "points")


def _from_to(pack: LanguagePack, a: str, b: str) -> tuple[tuple[float, float], str] | None:
    """Values and unit of a from→to pair: "€800k" → "€1.1M", "90 kr" → "70 kr", "3" → "4 mio. kr". A side
    without a scale word takes the other's when the two numbers are of a size ("fra 3 til 4 mio."); a side
    without a unit takes the other's. Two years ("from 2025 to 2026") are no pair of amounts."""
    if _is_year(a) and _is_year(b):
        return None
    (an, aunit, af), (bn, bunit, bf) = pack.amount(a), pack.amount(b)
    if an is None or bn is None:
        return None
    if (af == 1.0) != (bf == 1.0) and an and bn and 0.1 <= an / bn <= 10:
        af = bf = max(af, bf)
    units = {aunit, bunit}
    unit = "percent" if "percent" in units else "currency" if "currency" in units else "count"
    return (an * af, bn * bf), unit


_YEAR = re.compile(r"\s*(?:19|20)\d\d\s*")


def _is_year(raw: str) -> bool:
    return _YEAR.fullmatch(raw) is not None


def _hits(pairs: list[tuple[str, Prefiltered]], text: str, present: set[int], taken: Occupied) -> list[Hit]:
    candidates = [
        Hit(m.start(), m.end(), ident, bool(m.groupdict().get("scope")))
        for ident, regex in pairs
        for m in regex.finditer(text, present)
    ]
    return _longest_first([c for c in candidates if c.end > c.start], taken)


def _is_modifier(facts: Facts, word: str) -> bool:
    """A content word right before a metric noun narrows it; verbs, comparatives and numbers do not."""
    vocab = facts.pack.vocab
    lowered = word.lower()
    return not (
        lowered in facts.pack.stopwords
        or word[0].isdigit()
        or any(vocab[k].fullmatch(word) for k in ("increase", "decrease", "comparatives", "audience_qualifiers", "count_of"))
        or lowered in facts.pack.one_words
        or lowered in facts.pack.number_words
    )


def _scope(facts: Facts) -> None:
    """Where the goal's object is narrowed: a channel, an audience qualifier, or a 'for X'/'on X' phrase."""
    pack, text = facts.pack, facts.text
    # "sociale medier" in general narrows nothing; a named channel (Instagram, the website) does
    scope: list[Span] = [Span(c.start, c.end) for c in facts.channels if c.id != "social"]
    qualifier = pack.vocab["audience_qualifiers"]
    preps = pack.vocab["scope_preps"]
    blocked = _occupied(facts, facts.times, facts.quantities, facts.masks)
    social = _occupied(facts, (c for c in facts.channels if c.id == "social"))
    for metric in facts.metrics:
        if metric.scoped:
            scope.append(Span(metric.start, metric.end))
        before_metric = text[max(0, metric.start - 60) : metric.start]  # bounded: linear over many metrics
        if re.search(r"\w{3,}-\w", text[metric.start : metric.end]) or re.search(r"\w{3,}-$", before_metric):
            scope.append(Span(metric.start, metric.end))  # a compound names its own scope: "formular-konverteringer"
        modifier = re.search(r"(\w[\w\-]*)\s+$", text[max(0, metric.start - 40) : metric.start])
        if modifier and _is_modifier(facts, modifier.group(1)):
            scope.append(Span(metric.start - len(modifier.group(0)), metric.end))  # "bicycle repair bookings"
        before = text[max(0, metric.start - 30) : metric.start]
        for m in qualifier.finditer(before):
            if before[m.end() :].strip() == "" or len(before[m.end() :].split()) <= 1:
                scope.append(Span(metric.start - len(before) + m.start(), metric.start))
        after_start = metric.end
        window = text[after_start : after_start + 60]
        tokens = list(re.finditer(r"\w[\w\-&']*", window))
        for i, tok in enumerate(tokens[:4]):
            if not preps.fullmatch(tok.group(0)):
                continue
            for nxt in tokens[i + 1 : i + 4]:
                span = Span(after_start + nxt.start(), after_start + nxt.end())
                word = nxt.group(0).lower()
                if not blocked.free(span) or word[0].isdigit():
                    break
                if word in pack.stopwords:
                    continue
                if not social.free(span):
                    # "på sociale medier som [kanal]": social media in general, the platform still to be named
                    named = re.match(r"[^\W\d]*(?:\s+[^\W\d]+)?\W{1,3}(?:\w+\.?\s+){0,2}(\[[^\]\n]{1,40}\])", text[span.end :])
                    if named:
                        scope.append(Span(after_start + tok.start(), span.end + named.end(1)))
                    break
                scope.append(Span(after_start + tok.start(), span.end))
                break
            break
    facts.scope = scope


def _next_word(facts: Facts, position: int) -> Span | None:
    """The first content word after position, skipping articles and adjectives like 'new' (stopwords)."""
    for m in re.finditer(r"\w[\w\-]*", facts.text[position : position + 60]):
        word = m.group(0).lower()
        if word in facts.pack.stopwords:
            continue
        if word[0].isdigit():
            return None
        return Span(position + m.start(), position + m.end())
    return None


def _counted(facts: Facts) -> None:
    """A counted object that is not a metric noun is a concrete deliverable: "Sell 500 gift cards",
    "halve the number of abandoned carts", "øge antallet af cykelreparationer"."""
    starts = [q.end for q in facts.quantities if q.unit in ("count", "placeholder")]
    starts += [m.end() for m in facts.pack.vocab["count_of"].finditer(facts.text, facts.present)]
    blocked = _occupied(facts, facts.times, facts.masks)
    metrics = _occupied(facts, facts.metrics)
    for position in starts:
        word = _next_word(facts, position)
        if word is None or not blocked.free(word):
            continue
        if not metrics.free(word):
            continue  # a metric noun: its own rules decide (followers need a channel)
        facts.counted.append(word)


_NUMBER_DOT = re.compile(r"(?<=\d)\.(?=\s*\w)")
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")
_WORD = re.compile(r"\w+(?:[-'’]\w+)*")


def _sentences(facts: Facts) -> None:
    text = facts.text
    protected = text
    abbreviations = facts.pack.abbreviation_regex
    if abbreviations is not None and "." in text:
        protected = abbreviations.sub(lambda m: m.group(0).replace(".", "\0"), protected)
    # Dots inside numbers, dates and ordinals ("1. kvartal", "31.12.2026") do not end a sentence.
    protected = _NUMBER_DOT.sub("\0", protected)
    spans: list[Span] = []
    start = 0
    for m in _SENTENCE_END.finditer(protected):
        if text[start : m.end()].strip():
            spans.append(Span(start, m.end()))
        start = m.end()
    if text[start:].strip():
        spans.append(Span(start, len(text)))
    facts.sentences = [_strip(text, s) for s in spans]
    facts.words = _finditer(_WORD, text)


def _strip(text: str, span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def extract(text: str, pack: LanguagePack, today: dt.date) -> Facts:
    folded = text.casefold()
    if pack.folded is not None and not any(letter in folded for letter in pack.fold_letters):
        pack = pack.folded  # typed without æ/ø/å (ä/ö): the pack that also reads "oge omsaetningen" (fold.py)
    facts = Facts(text=text, pack=pack, today=today)
    facts.present = pack.needle_index.present(text, folded)
    present = facts.present
    facts.masks = [s for regex in pack.masks for s in _finditer(regex, text, present)]
    facts.history = _finditer(pack.history, text, present)
    _earlier(facts)
    _times(facts)
    _quantities(facts)
    vocab = pack.vocab
    facts.metrics = _hits(pack.metrics, text, present, _occupied(facts, facts.times, facts.open_ended))
    facts.channels = _hits(pack.channels, text, present, _occupied(facts, facts.times, facts.open_ended))
    _typo_metrics(facts)
    if pack.ranked_on is not None:
        facts.ranked_on = _finditer(pack.ranked_on, text, present)
    facts.increase = _finditer(vocab["increase"], text, present)
    facts.decrease = _finditer(vocab["decrease"], text, present)
    times = _occupied(facts, facts.times)
    facts.comparatives = [s for s in _finditer(vocab["comparatives"], text, present) if times.free(s)]
    metrics = _occupied(facts, facts.metrics)
    facts.abstract = [s for s in _finditer(vocab["abstract"], text, present) if metrics.free(s)]
    facts.deliverables = _finditer(vocab["deliverable"], text, present)
    facts.purpose = _finditer(vocab["purpose"], text, present)
    _scope(facts)
    _counted(facts)
    facts.mission = {key: _finditer(regex, text, present) for key, regex in pack.mission.items()}
    facts.buzzwords = [(s, b.replacements) for b in pack.buzzwords for s in _finditer(b.regex, text, present)]
    _sentences(facts)
    from reviewer.mission_reading import read_mission  # reads the mission matches together (its own module)

    read_mission(facts)
    return facts


def metric_class(metric_id: str) -> dict:
    return common()["metrics"].get(metric_id, {})


def channel_info(channel_id: str) -> dict:
    return common()["channels"].get(channel_id, {})
