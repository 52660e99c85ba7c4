"""What a mission says it does, and for whom: purpose and audience read from the sentence, not from first words.

Extraction (reviewer.extract) scans the pack's [mission] regexes over the text; this reads those matches
together with the words around them (the word classes of [mission.words], one bit each, remembered per word)
into derived lists in `facts.mission`:

- **purpose**: an activity, wherever it stands and however it is brought in. Its verb comes
  - after a subject the pack's `purpose` regex knows ("we repair", "that helps", "To produce …", "har vi
    hjulpet", "At inspirere …"),
  - after an introducer ("our mission is to", "vores formål er at", "har som formål å", "vårt uppdrag är
    att", "we exist to") or a modal ("… skal hjelpe, forebygge og …"),
  - in a relative clause ("… hjælpeorganisation, der udfører socialt arbejde"),
  - or after an organisation's name opening a sentence ("Novo Nordisk driver …", "The Arc promotes …").
  It counts when the verb is an activity (not "be", "have": `not_activity`), something follows it, it is
  not a target ("increase revenue", "öka … med 10 %", "sells 500 more bikes") nor a goal's order ("Improve
  our online presence"), and it is not a generic value claim ("we create value for our customers":
  `claim_verb` + `generic_object`) unless a specific audience or a what-for comes with it.
  "We are a bakery"-style statements (`identity`) count as they stand.
- **audience**: who is served: a person or group noun (`audience`, compounds and genitives included:
  "småbørnsfamilier", "people’s") in a served position: after a serving word ("for", "til", "help", "give" …,
  further back when a genitive phrase ends in it: "the rights of people"), as the object of an activity,
  described by a need ("vulnerable children", "udsatte mennesker"), or followed by what they need or get
  ("people in need", "som alle fortjener …", "innbyggernes behov"). Not a count that is a target ("med
  100 000 kunder", "2 million users"), nor a person merely mentioned ("our employees are our pride").
- **people**: every person or group noun; **generic_only**: the generic claims, when they are all there is.

Everything language-specific is pack data; every step looks at a bounded window around a word or a match, so
the work is linear in the text's length.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from reviewer.extract import Facts, Span
from reviewer.lang import LanguagePack

OBJECT_WORDS = 6  # words after a verb read as its object
SERVED_GAP = 3  # words allowed between a serving word and the audience ("for {all the} families")
OF_GAP = 8  # … when the audience closes a genitive phrase ("fights for {the survival and development of the
# world's most vulnerable} children")
ACTIVITY_GAP = 4  # words allowed between an activity's verb and its audience ("gir {bønder på} …")
SKIP = 2  # stopwords or adverbs allowed between an introducer or modal and the verb
NAME_WORDS = 6  # words of an organisation's name before its verb ("The U.S. Fund for UNICEF")
KIND_WORDS = 8  # words after "is a" searched for the kind of organisation ("er en … ideell organisation")
CLAIM_WINDOW = 12  # words after a generic claim searched for the audience that makes it specific

# Word classes, one bit each. A word's classes are found once and remembered: the few every word is tested
# for (BASIC) when the text is read, the others only for the words the reading looks at.
CLASSES = (
    "audience", "audience_modifier", "need_modifier", "relative", "finite", "not_name", "of", "adverbs",
    "not_activity", "auxiliary", "participle", "claim_verb", "generic_object", "more", "copula", "article",
    "organisation",
)
AUDIENCE, MODIFIER, NEEDY, RELATIVE, FINITE, NOT_NAME, OF, ADVERB, NOT_ACTIVITY, AUXILIARY, PARTICIPLE, CLAIM_VERB, \
    GENERIC_OBJECT, MORE, COPULA, ARTICLE, ORGANISATION = (1 << i for i in range(len(CLASSES)))
STOP, PREP, GROWTH, ORDER, NUMBER = (1 << i for i in range(len(CLASSES), len(CLASSES) + 5))
BASIC = AUDIENCE | RELATIVE | STOP | NUMBER
_MEMO_SIZE = 50_000  # words remembered per pack; a pure cache, cleared when full


class _Classes:
    """A pack's word classes, remembered per word: basic(word) and full(word) return bit masks."""

    __slots__ = ("_basic", "_full", "audience", "basic_memo", "full_memo", "genitive", "numbers", "pack", "stop")

    def __init__(self, pack: LanguagePack) -> None:
        words_of, vocab = pack.mission_words, pack.vocab
        tests = [(1 << i, words_of.get(name)) for i, name in enumerate(CLASSES)]
        tests += [(PREP, vocab.get("scope_preps")), (GROWTH, vocab.get("increase")), (GROWTH, vocab.get("decrease"))]
        tests += [(ORDER, vocab.get("increase")), (ORDER, vocab.get("decrease")), (ORDER, vocab.get("deliverable"))]
        self._basic = [(bit, regex) for bit, regex in tests if regex is not None and bit & BASIC]
        self._full = [(bit, regex) for bit, regex in tests if regex is not None and not bit & BASIC]
        self.pack = pack
        self.audience, self.genitive = words_of.get("audience"), words_of.get("genitive")
        self.stop, self.numbers = pack.stopwords, pack.number_words
        self.basic_memo: dict[str, int] = {}
        self.full_memo: dict[str, int] = {}

    def basic(self, word: str) -> int:
        mask = self.basic_memo.get(word)
        if mask is not None:
            return mask
        if len(self.basic_memo) > _MEMO_SIZE:
            self.basic_memo.clear()
        mask = 0
        for bit, regex in self._basic:
            if regex.fullmatch(word):
                mask |= bit
        stem = self.genitive.fullmatch(word) if self.genitive is not None and not mask & AUDIENCE else None
        if stem is not None and self.audience is not None and self.audience.fullmatch(stem.group("stem")):
            mask |= AUDIENCE  # "people’s", "børns"
        mask |= STOP if word in self.stop else 0
        mask |= NUMBER if word[:1].isdigit() or word in self.numbers else 0
        self.basic_memo[word] = mask
        return mask

    def full(self, word: str) -> int:
        mask = self.full_memo.get(word)
        if mask is not None:
            return mask
        if len(self.full_memo) > _MEMO_SIZE:
            self.full_memo.clear()
        mask = self.basic(word)
        for bit, regex in self._full:
            if not mask & bit and regex.fullmatch(word):
                mask |= bit
        self.full_memo[word] = mask
        return mask


_CLASSES: dict[int, _Classes] = {}


def _classes_of(pack: LanguagePack) -> _Classes:
    classes = _CLASSES.get(id(pack))
    if classes is None or classes.pack is not pack:
        classes = _CLASSES[id(pack)] = _Classes(pack)
    return classes


class _Reader:
    """The text's words (lower-cased, with their basic classes) and sentences, with bisect lookups."""

    __slots__ = ("classes", "lw", "masks", "n", "sentence_ends", "sentence_starts", "starts", "text", "words")

    def __init__(self, facts: Facts) -> None:
        text = facts.text
        self.text = text
        self.words = facts.words
        self.n = len(facts.words)
        self.starts = [w.start for w in facts.words]
        self.lw = [text[w.start : w.end].lower() for w in facts.words]  # per word: lower() may change lengths
        self.classes = classes = _classes_of(facts.pack)
        get, basic = classes.basic_memo.get, classes.basic
        self.masks = [m if (m := get(w)) is not None else basic(w) for w in self.lw]  # BASIC bits
        self.sentence_starts = [s.start for s in facts.sentences]
        self.sentence_ends = [s.end for s in facts.sentences]

    def mask(self, i: int) -> int:
        """All the classes of word i."""
        return self.classes.full(self.lw[i])

    def sentence_end(self, position: int) -> int:
        i = bisect_right(self.sentence_starts, position) - 1
        return self.sentence_ends[i] if i >= 0 else len(self.text)

    def sentence_start(self, position: int) -> int:
        i = bisect_right(self.sentence_starts, position) - 1
        return self.sentence_starts[i] if i >= 0 else 0

    def first_word_from(self, position: int) -> int:
        return bisect_left(self.starts, position)

    def words_between(self, a: int, b: int) -> int:
        return max(0, bisect_left(self.starts, b) - bisect_left(self.starts, a))

    def close_before(self, ends: list[int], position: int, gap: int) -> bool:
        """Some span (by its sorted ends) ends at most `gap` words before position, in the same sentence."""
        i = bisect_right(ends, position) - 1
        return i >= 0 and self.words_between(ends[i], position) <= gap and self.sentence_end(ends[i]) == self.sentence_end(position)

    def window(self, first: int, last: int) -> tuple[int, int]:
        """Character bounds of words first..last (clipped to the text's words)."""
        first, last = max(0, first), min(self.n - 1, last)
        return (self.words[first].start, self.words[last].end) if first <= last else (0, 0)


def _starts(spans: list) -> tuple[list[int], list]:
    ordered = sorted(spans, key=lambda s: s.start)
    return [s.start for s in ordered], ordered


def _inside(index: tuple[list[int], list], start: int, end: int) -> bool:
    """Whether start..end lies inside one of the spans (indexed by _starts; metrics and channels do not nest)."""
    starts, spans = index
    i = bisect_right(starts, start) - 1
    return any(spans[j].end >= end for j in range(max(0, i - 1), i + 1))


def _any_between(starts: list[int], lo: int, hi: int) -> bool:
    i = bisect_left(starts, lo)
    return i < len(starts) and starts[i] < hi


def read_mission(facts: Facts) -> None:
    m = facts.mission
    r = _Reader(facts)
    people, in_need = _people(r)
    purposes, generic_claims = _activities(facts, r)
    served = _served(facts, r, people, in_need, purposes, generic_claims)
    if generic_claims:
        _specific_claims(facts, r, served, purposes, generic_claims)
    m["generic_only"] = generic_claims if generic_claims and not purposes else []
    # one span per activity: the longest reading of overlapping matches ("mission er at gøre" / "er at gøre")
    distinct: list[Span] = []
    for p in sorted(purposes, key=lambda s: (s.start, -s.end)):
        if not distinct or p.start >= distinct[-1].end:
            distinct.append(p)
    m["purpose"] = distinct
    m["people"] = people
    m["audience"] = served


def _people(r: _Reader) -> tuple[list[Span], list[Span]]:
    """Person and group nouns ([mission.words] audience), also in the genitive ("people’s", "børns"), with the
    words before them that narrow them ("små virksomheder", "older people").
    Returns (people, those described by a need: "vulnerable children", "udsatte mennesker")."""
    masks, words = r.masks, r.words
    people: list[Span] = []
    in_need: list[Span] = []
    for i, mask in enumerate(masks):
        if not mask & AUDIENCE:
            continue
        j = i
        while j > 0 and i - j < 2 and r.mask(j - 1) & MODIFIER:
            j -= 1
        start = words[j].start
        if people and people[-1].end >= start:  # "unge mennesker": one group
            start = people.pop().start
        span = Span(start, words[i].end)
        people.append(span)
        if any(r.mask(k) & NEEDY for k in range(max(0, i - 3), i)):
            in_need.append(span)
    return people, in_need


def _candidates(facts: Facts, r: _Reader) -> list[tuple[int, int, int]]:
    """Where activities start: (purpose span start, index of the verb, index of the first object word)."""
    m, words_of, masks, n = facts.mission, facts.pack.mission_words, r.masks, r.n
    candidates: list[tuple[int, int, int]] = []
    identity = words_of.get("identity")
    for s in m.get("purpose", ()):  # "we repair", "that helps", "To produce", "giver vi"
        if identity is not None and identity.fullmatch(r.text, s.start, s.end):
            if not _kind_of_nothing(facts, r, s):
                candidates.append((s.start, -1, s.end))  # "we are a bakery": what it is, taken as it stands
            continue
        first, last = r.first_word_from(s.start), r.first_word_from(s.end) - 1
        if last < first:
            continue
        if first == last == 0 and _an_order(facts, r):
            continue  # "Increase …", "Launch …", "Strengthen our brand …": a goal's order, not what one does
        verb = last
        if masks[last] & STOP and last > first:  # "hjælper vi", "giver vi": the verb comes first
            verb = first
            while verb < last and masks[verb] & STOP:
                verb += 1
        candidates.append((s.start, verb, last + 1))
    for s in (*m.get("introducer", ()), *m.get("modal", ())):  # "our mission is to …", "… skal hjelpe"
        i = r.first_word_from(s.end)
        skipped = 0
        while i < n and skipped < SKIP and not r.mask(i) & NOT_ACTIVITY and r.mask(i) & (STOP | ADVERB):
            i, skipped = i + 1, skipped + 1
        if i < n and r.words[i].start - s.end <= 40:
            candidates.append((s.start, i, i + 1))
    # "… hjælpeorganisation, der udfører socialt arbejde", "… a charity that runs …"
    for i in range(n - 1):
        if masks[i] & RELATIVE and not masks[i + 1] & STOP and r.mask(i + 1) & FINITE:
            candidates.append((r.words[i].start, i + 1, i + 2))
    text, words = r.text, r.words
    named = None
    for sentence in facts.sentences:  # "Novo Nordisk driver …", "The U.S. Fund for UNICEF fights …": a name, a verb
        opening = i = r.first_word_from(sentence.start)
        while i < n and i - opening < NAME_WORDS and words[i].end <= sentence.end:
            if text[words[i].start].isupper() or (i + 1 < n and masks[i] & STOP and text[words[i + 1].start].isupper()):
                i += 1  # the name: capitalised words, and "the", "for", "of" between them
            else:
                break
        owner = _owned_organisation(r, opening, sentence.end)
        if owner is not None:  # "Our bookshop helps …", "Bokhandelen vår hjelper …"
            candidates.append((sentence.start, owner, owner + 1))
            continue
        if not (opening < i < n and words[i].end <= sentence.end and text[words[i].start].islower()):
            continue
        if masks[i - 1] & STOP:
            continue
        identity = bool(  # "Kirkens Korshær er en privat … hjælpeorganisation"
            r.mask(i) & COPULA
            and i + 2 < n
            and r.mask(i + 1) & ARTICLE
            and any(r.mask(k) & ORGANISATION for k in range(i + 2, min(n, i + 2 + KIND_WORDS)) if words[k].end <= sentence.end)
        )
        if not identity and (masks[i] & STOP or not r.mask(i) & FINITE):
            continue
        name = [r.mask(k) for k in range(opening, i) if not masks[k] & STOP]
        if not name or any(k & (NUMBER | NOT_NAME | ORDER) for k in name):
            continue  # "We …", "Increase sales …", "Nu sætter …": a pronoun, an order or an adverb, not a name
        named = named or _starts([*facts.metrics, *facts.channels])
        if _inside(named, words[i].start, words[i].end):
            continue  # "Increase sales …": a metric or channel word, not a verb
        if identity:
            candidates.append((sentence.start, -1, words[i + 1].end))  # what the organisation is, as it stands
        else:
            candidates.append((sentence.start, i, i + 1))
    return candidates


def _owned_organisation(r: _Reader, opening: int, end: int) -> int | None:
    """The verb of a sentence that opens with an organisation word and a possessive ("Our bookshop helps",
    "Vores boghandel hjælper", "Bokhandelen vår hjelper"), or None."""
    if opening + 2 >= r.n or r.words[opening + 2].end > end:
        return None
    first, second, verb = r.mask(opening), r.mask(opening + 1), r.mask(opening + 2)
    owned = (first & STOP and second & ORGANISATION) or (first & ORGANISATION and second & STOP)
    if owned and verb & FINITE and not verb & (STOP | NOT_ACTIVITY):
        return opening + 2
    return None


def _kind_of_nothing(facts: Facts, r: _Reader, s: Span) -> bool:
    """"We are an innovative provider of synergistic solutions": an identity whose kind is only "of" a generic
    claim (`generic`: solutions, quality products) says nothing of what the organisation does."""
    end = r.sentence_end(s.end)
    for g in facts.mission.get("generic", ()):
        if not s.end <= g.start < end or r.words_between(s.end, g.start) > KIND_WORDS:
            continue
        before = r.first_word_from(g.start)  # "of" right before the claim, an adjective between at most
        if any(r.mask(k) & OF for k in range(max(r.first_word_from(s.end), before - 2), before)):
            return True
    return False


def _an_order(facts: Facts, r: _Reader) -> bool:
    """A text that opens with a bare verb reads as a goal's order when the verb is a goal verb or what follows
    is goal talk: an abstract aim ("our brand"), a comparative, a number or a date."""
    if r.mask(0) & ORDER:
        return True
    lo, hi = r.words[0].end, r.window(1, OBJECT_WORDS)[1]
    groups = (facts.abstract, facts.comparatives, facts.quantities, facts.times)
    return any(lo <= x.start < hi for group in groups for x in group[:OBJECT_WORDS])


def _activities(facts: Facts, r: _Reader) -> tuple[list[Span], list[Span]]:
    """The candidates that are activities with something to them: (purposes, generic value claims)."""
    masks, n = r.masks, r.n
    purposes: list[Span] = []
    generic_claims: list[Span] = []
    candidates = _candidates(facts, r)
    if not candidates:
        return purposes, generic_claims
    metric_starts = sorted(h.start for h in facts.metrics)
    figures = sorted(x.start for x in (*facts.quantities, *facts.times) if not getattr(x, "recurring", False))
    for start, verb, after in sorted(set(candidates)):
        if verb < 0:
            purposes.append(Span(start, after))  # an identity statement, its end in `after`
            continue
        if verb >= n:
            continue
        if r.mask(verb) & AUXILIARY:  # "we have (always) helped": the participle is the verb
            j = verb + 1
            while j < n and j - verb <= SKIP and r.mask(j) & ADVERB:
                j += 1
            if j < n and r.mask(j) & PARTICIPLE:
                verb = j
                after = max(after, verb + 1)
        verb_mask = r.mask(verb)
        if verb_mask & NOT_ACTIVITY:
            continue
        end = r.sentence_end(r.words[verb].start)
        obj = [j for j in range(after, min(n, after + OBJECT_WORDS)) if r.words[j].end <= end]
        if not any(not masks[j] & (STOP | NUMBER) for j in obj):
            continue  # nothing done to anything: "We do better", "vi gør det"
        verb_end = r.words[verb].end
        if verb_mask & GROWTH and (
            _any_between(metric_starts, verb_end, r.words[obj[-1]].end) or _any_between(figures, verb_end, end)
        ):
            continue  # "increase revenue", "öka … med 10 %", "fordoble antallet af kunder": a target
        if _counted_target(r, obj):
            continue  # "sells 500 more bikes", "sælger 20 % flere brød": a target; "help 10,000 families" is not
        generic = False
        if verb_mask & CLAIM_VERB:
            for j in obj:
                if r.mask(j) & PREP:
                    break
                if r.mask(j) & GENERIC_OBJECT:
                    generic = True  # "create value", "skaber værdi", "sell stuff"
                    break
        (generic_claims if generic else purposes).append(Span(start, verb_end))
    return purposes, generic_claims


def _counted_target(r: _Reader, obj: list[int]) -> bool:
    """The object opens with a number or a comparative, and what is counted is not people."""
    counted = False
    for j in obj:
        mask = r.mask(j)
        if mask & (NUMBER | MORE):
            counted = True  # "500", "five hundred", "more", "flere"
        elif not mask & STOP:
            return counted and not mask & AUDIENCE  # the counted thing: bikes, not families
    return False


def _served(
    facts: Facts, r: _Reader, audience: list[Span], in_need: list[Span], purposes: list[Span], generic_claims: list[Span]
) -> list[Span]:
    """The person and group nouns that stand where someone is served."""
    if not audience:
        return []
    words_of, text = facts.pack.mission_words, r.text
    purpose_ends = sorted(p.end for p in (*purposes, *generic_claims))
    counted_ends = sorted(
        [q.end for q in facts.quantities if q.unit == "count" and not r.close_before(purpose_ends, q.start, 0)]
        + [x.end() for x in facts.pack.vocab["count_of"].finditer(text, facts.present)]
    )  # "help 10,000 families" names who is served; "med 100 000 kunder" is a target
    serving, needing = words_of.get("served"), words_of.get("needs")
    activity_ends = sorted(p.end for p in purposes)
    needy = {(a.start, a.end) for a in in_need}
    served: list[Span] = []
    for a in audience:
        i = bisect_right(counted_ends, a.start) - 1
        if i >= 0 and a.start - counted_ends[i] <= 2:
            continue  # "med 100 000 kunder", "2 million users": a target, not an audience
        if (a.start, a.end) in needy:
            served.append(a)  # "vulnerable children", "udsatte mennesker": someone in need is someone served
            continue
        w = r.first_word_from(a.start)
        gap = OF_GAP if any(r.mask(k) & OF for k in range(max(0, w - 2), w)) else SERVED_GAP
        lo = max(r.window(w - gap - 1, w)[0], r.sentence_start(a.start))
        if serving is not None and serving.search(text, lo, a.start) is not None:  # "for {all} families"
            served.append(a)
            continue
        if r.close_before(activity_ends, a.start, ACTIVITY_GAP):  # "gir bønder …", "we keep families' cars …"
            served.append(a)
            continue
        after = r.first_word_from(a.end)
        hi = min(r.window(after, after + 3)[1], r.sentence_end(a.start))
        found = needing.search(text, a.end, hi) if needing is not None else None
        if found is not None and r.words_between(a.end, found.start()) <= 1:  # "people in need", "som alle fortjener"
            served.append(a)
    return served


def _specific_claims(facts: Facts, r: _Reader, served: list[Span], purposes: list[Span], claims: list[Span]) -> None:
    """A generic claim counts as a purpose when it names a specific audience or what it is for."""
    words_of, text = facts.pack.mission_words, r.text
    generic_audience, what_for = words_of.get("generic_audience"), words_of.get("what_for")
    served_starts = [a.start for a in served]
    for span in claims:
        end = r.sentence_end(span.start)
        i = r.first_word_from(span.end)
        window_end = min(end, r.window(i, i + CLAIM_WINDOW)[1]) if i < r.n else span.end
        k = bisect_left(served_starts, span.end)
        specific = False
        while k < len(served) and served_starts[k] < window_end:
            name = text[served[k].start : served[k].end].lower()
            if generic_audience is None or not generic_audience.fullmatch(name):
                specific = True
                break
            k += 1
        if specific or (what_for is not None and what_for.search(text, span.end, window_end) is not None):
            purposes.append(span)
