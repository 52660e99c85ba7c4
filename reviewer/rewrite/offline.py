"""The offline rewriter: deterministic, SMART-shaped suggestions in the input's language.

Built from what the checks extracted and from the request's context. What is unknown becomes an explicit
placeholder ("[X] %", "[dato]"); no number appears that the user did not give. The templates are language
data (the [rewrite] section of each pack).
"""

from __future__ import annotations

import itertools
import re

from reviewer.extract import Facts, Hit, Quantity, Span, metric_class
from reviewer.models import Context, Review
from reviewer.rules.goal import concrete_object

_NUMBER_IN = re.compile(r"\d(?:[\d.,\u00a0 ]*\d)?")


def _object_span(facts: Facts) -> Span | None:
    """The whole constituent that names what should change: the concrete object with its scope, the channel
    or modifier in front of it, and the counting words and counted noun ("antall klager fra faste kunder",
    "the number of Instagram followers")."""
    pack, text = facts.pack, facts.text
    obj = concrete_object(facts)
    if obj is None:
        return None
    start, end = obj.start, obj.end
    barriers = [*facts.quantities, *facts.times, *facts.open_ended, *facts.purpose]
    for scope in sorted(facts.scope, key=lambda s: s.start):
        reach = Span(end, scope.end)  # "kunder i butikken", "followers on Instagram": not past a figure or a date
        if obj.start <= scope.start <= obj.end + 60 and scope.end > end and not any(b.overlaps(reach) for b in barriers):
            end = scope.end
        if scope.start < start and scope.end >= obj.start - 1:
            start = scope.start  # a modifier in front: "website visitors", "newsletter subscribers"
    for channel in facts.channels:
        if channel.end <= start and not text[channel.end : start].strip():
            start = channel.start  # "Instagram followers"
    for counted in facts.counted:  # "antall klager fra faste kunder": the counted noun heads the object
        between = Span(counted.end, start)
        if counted.end <= start and start - counted.end <= 40 and not any(b.overlaps(between) for b in barriers):
            start = counted.start
    # "antallet af besøgende" / "the number of visitors": keep the counting words in front
    count_of = [m for m in pack.vocab["count_of"].finditer(text) if 0 <= start - m.end() <= 1]
    if count_of:
        start = count_of[0].start()
    else:
        start = _modifiers_before(facts, start)
    after = re.match(r"\s+(?:" + pack.rewrite["possessive"] + r")\b", text[end:], re.IGNORECASE) if "possessive" in pack.rewrite else None
    if after and end > obj.start:  # "butikken vår", "butiken vår": the possessive after the noun stays with it
        end += after.end()
    return Span(start, end)


def _modifiers_before(facts: Facts, start: int) -> int:
    """The user's adjectives in front of the object kept with it ("nye kunder", "new customers"): the words
    the pack knows as audience modifiers or qualifiers, right before it."""
    pack = facts.pack
    words = [pack.vocab["audience_qualifiers"], pack.mission_words.get("audience_modifier")]
    while m := re.search(r"([^\W\d_][\w-]*)\s+$", facts.text[:start]):
        if not any(w is not None and w.fullmatch(m.group(1)) for w in words):
            break
        start = m.start(1)
    return start


def _object_phrase(facts: Facts) -> tuple[str, str | None]:
    """The thing that should change, with its scope, taken whole from the text where it is there.
    Returns (phrase, assumption or None)."""
    pack, text = facts.pack, facts.text
    tpl = pack.rewrite
    span = _object_span(facts)
    metric = facts.metric
    if span is not None:
        phrase = _own_possessive(facts, span.start, text[span.start : span.end].strip(" ,.;:"))
        first = re.match(r"\w+", phrase)
        if span.start == 0 and first and not first.group(0).isupper() and not any(c.start == 0 for c in facts.channels):
            phrase = phrase[0].lower() + phrase[1:]  # "Dekningsgraden skal …" -> "Øke dekningsgraden …"
        counted_already = pack.vocab["count_of"].search(phrase) is not None
        countable = metric is not None and _countable(facts, metric, text[metric.start : metric.end], span.start)
        if countable and metric is not None and span.start <= metric.start < span.end and not counted_already:
            phrase = tpl["count_object"].format(metric=phrase)  # "antallet af kunder", not "kunder"
        outside = [c for c in facts.channels if c.end <= span.start or c.start >= span.end]
        if outside and outside[0].id != "social":
            phrase += " " + tpl["via_channel"].format(channel=text[outside[0].start : outside[0].end])
        return phrase, None
    if metric is not None:
        end = metric.end
        for other in facts.metrics[1:]:  # "følgere og engasjement": coordinated metrics stay together
            if re.fullmatch(r"\s*(?:,|&|" + tpl["and_words"] + r")\s*", text[end : other.start], re.IGNORECASE):
                end = other.end
        noun = text[metric.start : end]
        if end == metric.end and _countable(facts, metric, noun):
            noun = tpl["count_object"].format(metric=noun)  # "antallet af kunder", not "kunder"
        social = _social_span(facts)
        if social is not None and re.fullmatch(r"\s+\w{1,6}\s+", text[end : social.start]):
            # "engagementet på sociale medier": the user's words stay, the platform is asked for
            return f"{noun}{text[end : social.start]}{tpl['social_scope']}", None
        # where the customers come from reads "via [kanal]", followers are "på [kanal]": per metric, as each pack says
        scope = tpl.get("scope_placeholder_for", {}).get(metric.id, tpl["scope_placeholder"])
        return f"{noun} {scope}", None
    governed = _governed_phrase(facts)
    if governed is not None:  # "increase monthly donations", "öka produktionen": the user's own noun
        return governed, None
    aims = list(facts.abstract)
    if not aims:  # "Bli mer synlige på nett": the word the pack's default objects answer to
        found = (re.search(c["when"], text, re.IGNORECASE) for c in tpl["default_objects"])
        aims = [Span(m.start(), m.end() + len(re.match(r"\w*", text[m.end() :]).group(0))) for m in found if m][:1]
    for aim in aims:  # "synlighet på nätet", "visibility online": where the user wants to be seen stays
        where = re.match(r"\s+((?:på|i|on|in|via)\s+(?:de\s+|the\s+)?[^\W\d]+(?:\s+medier|\s+media)?|online)\b", text[aim.end :], re.IGNORECASE)
        if where and not any(t.start < aim.end + where.end() and t.end > aim.end for t in facts.times):
            phrase = where.group(1)
            social = _social_span(facts)
            if social is not None and aim.end + where.start(1) <= social.start < aim.end + where.end(1):
                # a platform is what makes it measurable: "på [kanal] og andre sociale medier"
                phrase = phrase[: social.start - aim.end - where.start(1)] + tpl["social_scope"]
            chosen = tpl["reach_object"].format(where=phrase)
            return chosen, tpl["assumed_object"].format(object=chosen)
    named = [c for c in facts.channels if c.id != "social"]
    if named:  # "synlighet på nätet", "bättre SEO": the user's channel stays, its reach or visitors the measure
        channel = named[0]
        where = [s for s in facts.scope if s.start < channel.start and s.end >= channel.end and s.end - s.start <= 40]
        if where:
            chosen = tpl["reach_object"].format(where=text[where[0].start : where[0].end])
        else:
            chosen = tpl["channel_object"].format(channel=text[channel.start : channel.end])
        return chosen, tpl["assumed_object"].format(object=chosen)
    haystack = " ".join(text[s.start : s.end] for s in facts.abstract) or text
    for candidate in tpl["default_objects"]:
        if re.search(candidate["when"], haystack, re.IGNORECASE):
            chosen = candidate["object"]
            break
    else:
        chosen = tpl["fallback_object"]
    return chosen, tpl["assumed_object"].format(object=chosen)


def _governed_phrase(facts: Facts) -> str | None:
    """The noun phrase a verb of change governs where the pack knows no metric for it ("increase monthly
    donations" -> "monthly donations"): up to a figure, a time word after it, a reason or a clause mark."""
    if facts.metrics or facts.abstract or concrete_object(facts) is not None:
        return None
    text = facts.text
    barriers = [*facts.quantities, *facts.purpose, *facts.comparatives]
    verbs = re.compile(facts.pack.rewrite["goal_verbs"], re.IGNORECASE)  # "öka", not "mer" ("mer synliga")
    for verb in sorted([*facts.increase, *facts.decrease], key=lambda v: v.start):
        if not verbs.match(text, verb.start):
            continue
        stop = min([b.start for b in barriers if b.start >= verb.end] + [len(text)])
        mark = re.search(r"[,.;:!?](?=\s|$)", text[verb.end : stop])
        stop = verb.end + mark.start() if mark else stop
        words = list(re.finditer(r"[^\W\d_][\w\-]*", text[verb.end : stop]))
        content = [w for w in words if w.group(0).lower() not in facts.pack.stopwords]
        nouns = [w for w in content if not any(t.overlaps(Span(verb.end + w.start(), verb.end + w.end())) for t in facts.times)]
        if not nouns:
            continue
        first = min(content[0].start(), nouns[0].start())
        last = nouns[-1].end()
        for t in facts.times:  # a time word after the noun is the deadline's business
            if verb.end + nouns[-1].end() <= t.start < verb.end + last:
                last = t.start - verb.end
        phrase = text[verb.end + first : verb.end + last].strip()
        return _own_possessive(facts, verb.end + first, phrase)
    return None


def _own_possessive(facts: Facts, start: int, phrase: str) -> str:
    """The possessive in front of the object kept, a reflexive one as the goal's own ("sin omsättning" ->
    "vår omsättning"): a bare indefinite noun after the verb would read wrong ("Öka omsättning")."""
    tpl = facts.pack.rewrite
    if "possessive" not in tpl:
        return phrase
    m = re.search(r"(?:^|\s)(" + tpl["possessive"] + r")\s+$", facts.text[max(0, start - 12) : start], re.IGNORECASE)
    if m is None:
        return phrase
    word = m.group(1)
    swap = tpl.get("possessive_swap", {})
    owner = re.match(r"\s*((?:" + tpl["possessive"] + r")\s+[^\W\d_]+)\s", facts.text, re.IGNORECASE)
    if word.lower() in swap and owner and owner.end() <= start - len(m.group(0)) and not re.search(r"[sxz]$", owner.group(1)):
        # "Vårt företag vill öka sin omsättning" -> "vårt företags omsättning": the owner the user named stays
        return f"{owner.group(1)[0].lower()}{owner.group(1)[1:]}s {phrase}"
    return f"{swap.get(word.lower(), word)} {phrase}"


def _countable(facts: Facts, metric: Hit, noun: str, start: int | None = None) -> bool:
    """Whether "antallet af …" / "the number of …" fits the user's noun: a counted metric, or one the user
    counts ("flere leads"), never a mass noun ("engagement", "trafikken") or a definite form."""
    tpl = facts.pack.rewrite
    if re.fullmatch(tpl["mass_nouns"], noun, re.IGNORECASE) or (tpl["definite"] and re.search(tpl["definite"] + "$", noun)):
        return False
    if metric_class(metric.id).get("class") == "countable":
        return True
    before = facts.text[max(0, (metric.start if start is None else start) - 20) : metric.start if start is None else start]
    return re.search(r"(?:^|\s)(?:" + tpl["many_words"] + r")\s+$", before, re.IGNORECASE) is not None


def _with_preposition(facts: Facts, span: Span) -> Span:
    """A time expression with the preposition the user put in front of it ("innen 1. juni"), and the year
    that follows it where the extractor stopped short ("before 1 June 2026")."""
    text = facts.text
    start, end = span.start, span.end
    prep = re.search(r"(?:^|(?<=\s))(?:" + facts.pack.rewrite["deadline_preps"] + r")\s+$", text[max(0, start - 30) : start], re.IGNORECASE)
    if prep:
        start -= len(text[max(0, start - 30) : start]) - prep.start()
    year = re.match(r"\s+(?:19|20)\d\d\b", text[end:])
    if year and not re.search(r"(?:19|20)\d\d", text[span.start : span.end]):
        end += year.end()
    return Span(start, end)


def _deadline(facts: Facts, context: Context, keep: bool = True) -> str:
    """The deadline phrase: the user's own words with their preposition where the deadline passed, else the
    context's deadline, else a placeholder."""
    tpl = facts.pack.rewrite
    deadline = facts.deadline
    if keep and deadline is not None and deadline.kind != "placeholder":
        span = _with_preposition(facts, deadline)
        words = facts.snippet(span)
        bare = span.start == deadline.start and not re.match(r"(?:" + tpl["deadline_preps"] + r")\b", words, re.IGNORECASE)
        if bare and (words[:1].isdigit() or words[:1].isupper() or deadline.kind in ("date", "month", "quarter")):
            return tpl["deadline_with_text"].format(deadline=words)  # "1. juni" alone: "innen 1. juni"
        return words
    if context.deadline:
        return tpl["deadline_with_text"].format(deadline=context.deadline.strip())
    return tpl["deadline_placeholder"]


def _implausible(facts: Facts, review: Review | None) -> list[Quantity]:
    """The figures that failed achievability: they are replaced by a placeholder, never repeated."""
    if review is None:
        return []
    spans = [Span(f.offset, f.offset + f.length) for f in review.findings if f.rule == "goal.achievable.implausible"]
    return [q for q in facts.quantities if any(q.overlaps(s) for s in spans)]


def _placeholder_for(facts: Facts, quantity: Quantity) -> str | None:
    """The user's figure with its number replaced by [X] ("200 %" -> "[X] %"), keeping its unit."""
    raw = facts.snippet(quantity)
    number = _NUMBER_IN.search(raw)
    if number is None:
        return None
    tpl = facts.pack.rewrite
    if re.fullmatch(r"\s?%", raw[number.end() :]):  # "200%" in Danish: "[X] %", as the pack writes a percentage
        return raw[: number.start()] + tpl["target_placeholder"]
    return raw[: number.start()] + tpl["level_placeholder"] + raw[number.end() :]


def _percent_form(facts: Facts, text: str) -> str:
    """Percentages as the pack writes them ("20 %" in da/nb/sv, "20%" in English: Dansk Sprognævn,
    Språkrådet, Svenska skrivregler; plain English), the user's own figures included."""
    tpl = facts.pack.rewrite
    sign = tpl["target_placeholder"].replace(tpl["level_placeholder"], "")
    return re.sub(r"(?<=[\d\]])[ \u00a0]?%", sign, text) if sign.strip() == "%" else text


def _target(facts: Facts, context: Context, review: Review | None = None) -> tuple[str, str | None, list[str]]:
    """(target text, baseline text or None, notes) from the goal, else the context, else placeholders. A
    target that failed achievability becomes a placeholder with a note; a baseline the user gave is kept."""
    tpl = facts.pack.rewrite
    target = facts.target
    baseline = facts.snippet(facts.baseline) if facts.baseline else None
    implausible = _implausible(facts, review)
    if target is not None and target in implausible:
        notes = [tpl["implausible_note"].format(number=facts.snippet(target).strip())]
        replaced = _placeholder_for(facts, target) if target.unit != "multiplier" else None
        return replaced or tpl["target_placeholder"], baseline, notes
    if target is not None and target.unit not in ("multiplier", "rank"):
        return facts.snippet(target), baseline, []
    if context.target:
        return context.target.strip(), context.baseline.strip() if context.baseline else None, []
    return tpl["target_placeholder"], context.baseline.strip() if context.baseline else None, []


def _core_end(facts: Facts) -> int:
    """Where the goal's own facts end: a clause after that is the user's own reason for the goal."""
    spans = [*facts.quantities, *facts.times] or [*facts.metrics, *facts.channels, *facts.scope, *facts.counted]
    return max((s.end for s in spans), default=0)


def _purpose_start(facts: Facts) -> int | None:
    """Where the user's reason for the goal begins ("so that …", "for at …", "to protect …"), if anywhere."""
    if facts.purpose:
        return facts.purpose[0].start
    after = _core_end(facts)
    m = re.compile(facts.pack.rewrite["purpose_clause"], re.IGNORECASE).search(facts.text, after)
    return m.start() if m else None


def _status(review: Review | None) -> tuple[dict[str, str], set[str]]:
    if review is None:
        return {}, set()
    return {name: c.status for name, c in review.criteria.items()}, {f.rule for f in review.findings}


def _end_of_text(text: str) -> int:
    return len(text.rstrip().rstrip(".!;:,").rstrip())


def _social_span(facts: Facts) -> Span | None:
    """ "sociale medier" in general, with its article ("de sociale medier", "the social media")."""
    social = next((c for c in facts.channels if c.id == "social"), None)
    if social is None:
        return None
    article = re.search(r"(?:^|\s)(?:de|the|dei)\s+$", facts.text[max(0, social.start - 5) : social.start], re.IGNORECASE)
    start = social.start - (len(article.group(0)) - (1 if article.group(0)[:1].isspace() else 0)) if article else social.start
    return Span(start, social.end)


def _mended(facts: Facts, context: Context, review: Review | None) -> tuple[str, list[str]] | None:
    """The user's own sentence with only what failed changed, at the constituents the facts mark: an
    implausible figure becomes [X], a missing target goes after the object, a missing or vague deadline is
    replaced or added before the reason, a missing reason is added at the end. Only for goals that open
    with a verb of change ("Øke …", "Reduce …"), where those slots read as grammar."""
    tpl = facts.pack.rewrite
    text = facts.text
    status, rules = _status(review)
    edits: list[tuple[int, int, int, str]] = []  # (start, end, order, replacement)
    notes: list[str] = []
    if status.get("specific") != "pass":
        social = _social_span(facts)
        if review is None or social is None or {f.rule for f in review.findings if f.criterion == "specific"} != {"goal.specific.no-scope"}:
            return None
        edits.append((social.start, social.end, 0, tpl["social_scope"]))  # "på [kanal] og andre sociale medier"
    for quantity in _implausible(facts, review):
        replaced = _placeholder_for(facts, quantity) if quantity.unit != "multiplier" else None
        if replaced is None:
            return None
        edits.append((quantity.start, quantity.end, 0, replaced))
        notes.append(tpl["implausible_note"].format(number=facts.snippet(quantity).strip()))
    purpose = _purpose_start(facts)
    end = _end_of_text(text)
    if status.get("measurable") != "pass":
        # "med [X] %" after the object reads as grammar only after a verb of change ("Øke trafikken …")
        obj = _object_span(facts)
        verb_led = re.match(r"\s*(?:" + tpl["goal_verbs"] + ")", text, re.IGNORECASE)
        if obj is None or not verb_led or any(q.role == "target" for q in facts.quantities):
            return None
        change = tpl["change"].format(target=context.target.strip() if context.target else tpl["target_placeholder"])
        edits.append((obj.end, obj.end, 1, " " + change + " "))
    if status.get("time_bound") != "pass":
        deadline = _deadline(facts, context, keep=False)
        vague = facts.deadline or (facts.open_ended[0] if facts.open_ended else None)
        if vague is not None:
            span = _with_preposition(facts, vague)
            edits.append((span.start, span.end, 2, deadline))
        else:
            at = purpose if purpose is not None else end
            comma = re.search(r",\s*$", text[:at])  # "halveres, da …": the deadline goes before the comma
            if comma:
                at = comma.start()
            edits.append((at, at, 2, " " + deadline + " "))
    if "goal.relevant.no-purpose" in rules and purpose is None:
        edits.append((end, end, 3, tpl["purpose_placeholder"]))
    if not edits:
        return None
    out, cursor = [], 0
    for start, stop, _, replacement in sorted(edits, key=lambda e: (e[0], e[2])):
        if start < cursor:
            return None  # two changes in one place: leave it to the templates
        out.append(text[cursor:start])
        out.append(replacement)
        cursor = stop
    out.append(text[cursor:])
    mended = _percent_form(facts, _tidy("".join(out))).rstrip(",;:")
    return (mended if mended[-1] in ".!?" else mended + "."), notes


def _rebuilt(facts: Facts, context: Context, review: Review | None) -> tuple[str, list[str]]:
    """A goal sentence from the pack's template, filled with the user's facts (whole constituents: the
    object, the target, the deadline with its preposition, the reason) and placeholders for what failed."""
    tpl = facts.pack.rewrite
    status, rules = _status(review)
    verb = tpl["decrease"] if facts.direction == "decrease" else tpl["increase"]
    obj, assumption = _object_phrase(facts)
    target, baseline, notes = _target(facts, context, review)
    keep_deadline = status.get("time_bound", "pass") == "pass"
    if facts.deadline is not None and re.search(r"\b" + re.escape(facts.snippet(facts.deadline)) + r"\b", obj):
        keep_deadline = False  # "monthly donations": the time word belongs to the object, no deadline
    deadline = _deadline(facts, context, keep=keep_deadline)
    start = _purpose_start(facts)
    if start is not None:
        purpose = " " + facts.text[start : _end_of_text(facts.text)].strip()
    elif "goal.relevant.no-purpose" in rules or review is None:
        purpose = tpl["purpose_placeholder"]
    else:
        purpose = ""
    multiplier = facts.target if facts.target is not None and facts.target.unit == "multiplier" else None
    assumptions = ([assumption] if assumption else []) + notes
    if multiplier is not None and not notes:  # "Fordoble antallet af …": keep the user's own multiplier
        text = f"{facts.snippet(multiplier)} {obj} {deadline}{purpose}."
        return _tidy(text), assumptions
    if baseline:
        change = tpl["change_from_to"].format(baseline=baseline, target=target)
    else:
        change = tpl["change"].format(target=target)
    text = tpl["goal"].format(verb=verb, object=obj, change=change, deadline=deadline, purpose=purpose)
    return _percent_form(facts, _tidy(text)), assumptions


def _aim_clause(facts: Facts, obj: str) -> str | None:
    """The user's abstract aim as the reason of a goal built around a measure: "Bli mer synlige på nett" ->
    "… for å bli mer synlige". Only for a sentence that is an aim (an infinitive, after "vi vil"/"we need to"
    where that opens it), with its time words and the words the object took already left out."""
    tpl = facts.pack.rewrite
    if facts.purpose or concrete_object(facts) is not None or facts.metrics:
        return None
    text = facts.text
    cut = [(t.start, t.end) for t in [*facts.times, *facts.open_ended]]
    chars = list(text)
    for start, end in cut:
        chars[start:end] = " " * (end - start)
    clause = re.sub(r"\s+", " ", "".join(chars)).strip(" .!,;:")
    clause = re.sub(r"^(?:" + tpl["aim_lead"] + r")\s+", "", clause, flags=re.IGNORECASE)
    if not re.match(r"(?:" + tpl["aim_verbs"] + r")\b", clause, re.IGNORECASE):
        return None
    where = re.search(r"\s(?:(?:på|i|on|in|via)\s+)?\S+(?:\s+\S+)?$", obj)  # "på nätet" in "räckvidden på nätet"
    if where and where.group(0).strip() and clause.endswith(where.group(0).strip()) and len(clause) > len(where.group(0)) + 3:
        clause = clause[: -len(where.group(0).strip())].rstrip()
    said = re.search(r"\s((?:på|i|on|in|via)\s+[^\W\d]+(?:\s+[^\W\d]+)?)$", clause)  # "på sociale medier", said in the object
    if said and said.group(1) in obj and len(clause) > len(said.group(0)) + 3:
        clause = clause[: said.start()].rstrip()
    clause = re.sub(r"\s+(?:på|i|on|in|via|de|the)$", "", clause, flags=re.IGNORECASE)  # what the object took
    return f" {tpl['purpose_marker']} {clause[0].lower()}{clause[1:]}"


def goal_candidate_groups(facts: Facts, context: Context, review: Review | None = None) -> list[list[tuple[str, list[str]]]]:
    """Candidates in groups, best first: the user's own sentence mended, then (only if that fails the judge
    or cannot be made) a sentence built from the facts by the pack's template."""
    groups = []
    mended = _mended(facts, context, review)
    if mended is not None:
        groups.append([mended])
    rebuilt = _rebuilt(facts, context, review)
    obj, _ = _object_phrase(facts)
    aim = _aim_clause(facts, obj)
    if aim is not None and tpl_purpose(facts) in rebuilt[0]:
        # the user's aim as the reason keeps their words; the bare placeholder only when that fails the judge
        groups.append([(rebuilt[0].replace(tpl_purpose(facts), aim, 1), rebuilt[1])])
    groups.append([rebuilt])
    return groups


def tpl_purpose(facts: Facts) -> str:
    return facts.pack.rewrite["purpose_placeholder"]


def goal_candidates(facts: Facts, context: Context, review: Review | None = None) -> list[tuple[str, list[str]]]:
    """Candidate texts with their assumptions, best first."""
    return [c for group in goal_candidate_groups(facts, context, review) for c in group]


_BULLET = re.compile(r"[ \t]*(?:[•*·▪‣–—-]|\d{1,2}[.)])[ \t]+")
_INLINE_BULLET = re.compile(r"\s[•·▪‣|]\s|\s[-–—*]\s(?=\S)")


def goal_parts(facts: Facts) -> list[Span]:
    """The goals in a paste: bullet or numbered lines, inline bullets ("a • b • c") and sentences that are
    each a goal. A sentence or line that is no goal by itself ("That fills the pipeline.") stays with the
    goal before it; a heading before the first goal is left out. One goal: [the whole text]."""
    text = facts.text
    pieces: list[tuple[Span, bool]] = []  # (span, is a bullet)
    for line in re.finditer(r"[^\n]+", text):
        start, stop = line.start(), line.end()
        bullet = _BULLET.match(text, start)
        if bullet and bullet.end() < stop:
            start = bullet.end()
        cuts = [start] + [m.end() for m in _INLINE_BULLET.finditer(text, start, stop)] + [stop]
        inline = len(cuts) > 2
        for a, b in itertools.pairwise(cuts):
            for sentence in facts.sentences:
                lo, hi = max(a, sentence.start), min(b, sentence.end)
                piece = _trim(text, lo, hi)
                if piece is not None:
                    pieces.append((piece, bool(bullet) or inline))
    pieces = [(side, bullet) for piece, bullet in pieces for side in _coordinated_goals(facts, piece)]
    parts: list[Span] = []
    for piece, bullet in pieces:
        subject = _inside(piece, facts.metrics, facts.abstract, facts.counted, facts.deliverables)
        change = _inside(piece, facts.increase, facts.decrease, facts.comparatives, facts.quantities)
        # a sentence that says what should change and by when is a goal even where the pack has no word for
        # its object ("Get more people through the door this summer."); a baseline ("We had 300 last year.") is not
        aimed = _inside(piece, facts.increase, facts.decrease, [q for q in facts.quantities if q.role != "baseline"])
        timed = _inside(piece, facts.times)
        if (aimed and (subject or timed)) or (bullet and (subject or change)):
            parts.append(piece)
        elif parts and not bullet:
            parts[-1] = Span(parts[-1].start, piece.end)
    if len(parts) <= 1:
        return [Span(0, len(text))]
    return parts


def _coordinated_goals(facts: Facts, piece: Span) -> list[Span]:
    """Two goals in one sentence joined by "og"/"and"/"och" ("flere besøkende på nettsiden og flere følgere
    på Facebook"): split only where each side has its own word of change ("flere", "more", "öka") and its own
    measure, and no scope after the second serves both; one object of two nouns ("kunder og partnere") stays
    whole. Each side becomes a part with its own suggestion and `source`."""
    text = facts.text
    change = [*facts.increase, *facts.decrease, *facts.comparatives]  # a figure alone is no second goal's verb
    measure = [*facts.metrics, *facts.counted]
    joiner = re.compile(r"\s*,?\s+(?:" + facts.pack.rewrite["and_words"] + r")\s+", re.IGNORECASE)
    for m in joiner.finditer(text, piece.start, piece.end):
        left, right = Span(piece.start, m.start()), Span(m.end(), piece.end)
        where = [*facts.scope, *facts.channels]  # "flere følgere og mer engasjement på Instagram": one scope for both
        shared = _inside(right, where) and not _inside(left, where)
        if not shared and all(_inside(side, change) and _inside(side, measure) for side in (left, right)):
            return [left, *_coordinated_goals(facts, right)]
    return [piece]


def _inside(piece: Span, *groups: list) -> bool:
    return any(piece.start <= s.start < piece.end for group in groups for s in group)


def _trim(text: str, start: int, end: int) -> Span | None:
    while start < end and (text[start].isspace() or text[start] in "•·▪‣|"):
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;•·▪‣|-–—"):
        end -= 1
    return Span(start, end) if re.search(r"\w", text[start:end]) else None


def _mission_edits(facts: Facts, review: Review, limit: int) -> list[tuple[int, int, str]] | None:
    """What to change in the user's mission, as (start, end, replacement), or None when a buzzword cannot be
    mended grammatically (the finding's message then suggests instead). A buzzword is dropped whole where
    the pack says it can be (a modifier, a noun phrase in a list: `mission_drop`), swapped for its
    replacement where that fits the same place (`mission_swap`); targets and deadlines are taken out, one
    clause at a time ("med 30 % markedsandel inden 2030")."""
    tpl, text = facts.pack.rewrite, facts.text
    drop = re.compile(tpl.get("mission_drop", "(?!)"), re.IGNORECASE)
    swap = re.compile(tpl.get("mission_swap", "(?!)"), re.IGNORECASE)
    joiner = tpl.get("mission_joiner", ",")
    # the generic claims the reading found ("solutions", "helhetslösningar"): the head noun naming the offer
    generic = [(g.start, g.end) for g in facts.mission.get("generic", [])]
    buzz = sorted((f.offset, f.offset + f.length, f.replacements) for f in review.findings if f.rule == "mission.plain_language.buzzword" and f.offset < limit)
    edits: list[tuple[int, int, str]] = []
    for i, (start, end, replacements) in enumerate(buzz):
        head = any(g[0] <= start and end <= g[1] for g in generic)
        after_buzz = i > 0 and re.fullmatch(rf"\s*(?:{joiner})\s*", text[buzz[i - 1][1] : start], re.IGNORECASE) is not None
        before_buzz = i + 1 < len(buzz) and re.fullmatch(rf"\s*(?:{joiner})\s*", text[end : buzz[i + 1][0]], re.IGNORECASE) is not None
        whole = next((m for m in drop.finditer(text, max(0, start - 20), min(len(text), end + 20)) if m.start() <= start and m.end() >= end), None)
        if not head and whole is not None and _droppable(facts, whole.start(), whole.end(), joiner):
            edits.append((whole.start(), whole.end(), ""))
        elif replacements and swap.fullmatch(text[start:end]):
            edits.append((start, end, replacements[0]))
        elif after_buzz or (not before_buzz and _joined(text, start, end, joiner)):
            edits.append((start, end, ""))  # one of a list ("innovation och synergi"): the list reads on
        elif "mission_offer" in tpl:
            # the buzzword heads its phrase ("leverantör av helhetslösningar", "skabe synergi mellem …"): its
            # place becomes a placeholder saying what belongs there, so the user's other words keep their grammar
            edits.append((start, end, _plain_placeholder(tpl, head, replacements)))
        else:
            return None
    done = {(e[0], e[1]) for e in edits}
    for start, end in generic:  # "innovative, synergistic solutions": once the buzzword goes, the generic head says nothing
        if start < limit and (start, end) not in done and any(not text[b[1] : start].strip() for b in buzz if b[1] <= start):
            edits.append((start, end, _plain_placeholder(tpl, True, [])))
    spans = sorted((f.offset, f.offset + f.length) for f in review.findings if f.rule == "mission.timeless.target" and f.offset < limit)
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and not re.search(r"[,.;:!?]", text[merged[-1][1] : start]) and start - merged[-1][1] <= 40:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    edits += [(start, end, "target") for start, end in merged]
    return edits


def _joined(text: str, start: int, end: int, joiner: str) -> bool:
    """Whether text[start:end] is one item of a list: "X og Y", "X, Y"."""
    after, before = text[end : end + 12], text[max(0, start - 12) : start]  # bounded: linear in the text
    return bool(re.match(rf"\s*(?:{joiner})\s", after, re.IGNORECASE) or re.search(rf"\s(?:{joiner})\s*$", before, re.IGNORECASE))


def _plain_placeholder(tpl: dict, offer: bool, replacements: list[str]) -> str:
    """The placeholder for a buzzword that heads its phrase: what you offer where it named the offer
    ("solutions"), else a request for the plain word, with the pack's replacement as the example."""
    if offer:
        return tpl["mission_offer"]
    if replacements:
        return tpl["mission_plain"].format(replacement=replacements[0])
    return tpl["mission_plain_bare"]


def _droppable(facts: Facts, start: int, end: int, joiner: str) -> bool:
    """A buzzword can go without breaking the sentence when it is one of a list ("X, Y og Z"), a whole
    prepositional phrase ("i verdensklasse") or a one-word modifier before its noun ("holistic solutions");
    not the head noun of a phrase ("leverantör av helhetslösningar")."""
    text, preps = facts.text, facts.pack.vocab.get("scope_preps")
    phrase = text[start:end]
    joined = re.match(rf"\s*(?:{joiner})\s", text[end:], re.IGNORECASE) or re.search(rf"(?:{joiner})\s*$", text[:start], re.IGNORECASE)
    first = phrase.split()[0]
    whole_pp = preps is not None and len(phrase.split()) > 1 and preps.fullmatch(first.lower()) is not None
    modifier = len(phrase.split()) == 1 and re.match(r"\s+[^\W\d_]", text[end:]) is not None
    return bool(joined or whole_pp or modifier)


def repaired_missions(facts: Facts, review: Review) -> list[str]:
    """The mended mission (repaired_mission), and when a value is missing too, the same with a sentence that
    asks for one ("Vi står for [en værdi, fx ærlighed]."), best first: the judge refuses the longer one where
    it would make the mission too long."""
    repaired = repaired_mission(facts, review)
    if review.criteria.get("values") is None or review.criteria["values"].status != "fail":
        return [repaired] if repaired else []
    tpl = facts.pack.rewrite
    base = repaired or _tidy(facts.text.strip().rstrip(".!? ") + ".")
    valued = _tidy(base + tpl["mission_value"].format(value=tpl["value_placeholder"]))
    return [valued, *([repaired] if repaired else [])]


def repaired_mission(facts: Facts, review: Review) -> str | None:
    """The user's own mission, with only what failed mended: buzzwords dropped or swapped where that stays
    grammatical, targets and deadlines taken out (they belong in goals), cut to two sentences, and the
    missing parts added as placeholders: who is served and what they get, what the organisation does.
    Who, what and why the user wrote stay as written. None when nothing failed or nothing can be mended."""
    tpl = facts.pack.rewrite
    status = {name: c.status for name, c in review.criteria.items()}
    if "fail" not in status.values():
        return None  # a mission that fails nothing needs no rewrite
    text = facts.text
    limit = len(text)
    if status.get("concise") == "fail" and len(facts.sentences) > 2:
        limit = facts.sentences[1].end  # the first two sentences: the rest is what made it long
    edits = _mission_edits(facts, review, limit)
    if edits is None:
        return None
    joiner = tpl.get("mission_joiner", ",")
    text = text[:limit]
    for start, end, replacement in sorted(edits, reverse=True):
        head, tail = text[:start], text[end:]
        if replacement == "target":
            head = re.sub(tpl["mission_dangling"], "", head.rstrip(), flags=re.IGNORECASE).rstrip() + " "
            replacement = ""
        elif not replacement:  # a dropped buzzword takes the "and" or comma that joined it along
            after = re.match(rf"\s*(?:{joiner})(?=\s)", tail, re.IGNORECASE)
            before = re.search(rf"\s*(?:{joiner})\s*$", head, re.IGNORECASE)
            if after:
                tail = tail[after.end() :]
            elif before:
                head = head[: before.start()]
        text = head + " " + replacement + " " + tail
    for fix in tpl.get("mission_fixes", []):
        text = re.sub(fix["re"], fix["to"], text)
    text = _tidy(text).rstrip(".!? ")
    m = facts.mission
    if status.get("customer_focus") == "fail":
        if m.get("audience") or _ends_with_generic_audience(facts, text):  # who is named; what they get is missing
            text += tpl["mission_benefit"].format(benefit=tpl["benefit_placeholder"])
        else:
            text += tpl["mission_for_audience"].format(audience=tpl["audience_placeholder"], benefit=tpl["benefit_placeholder"])
    text = _tidy(text + ".")
    if status.get("purpose") == "fail":
        text = _tidy(text + tpl["mission_activity"].format(activity=tpl["activity_placeholder"]))
    return text if text != _tidy(facts.text) else None


def _ends_with_generic_audience(facts: Facts, text: str) -> bool:
    """Whether the mission ends on the people it serves, named only in general ("to all our stakeholders",
    "for våre interessenter"): what they get follows them, no second "for [who you serve]" is added."""
    generic = facts.pack.mission_words.get("generic_audience")
    words = re.findall(r"\w+", text[-60:])
    return generic is not None and any(generic.fullmatch(" ".join(words[-n:])) for n in range(1, min(4, len(words)) + 1))


def mission_candidates(facts: Facts, review: Review) -> list[tuple[str, list[str]]]:
    """The user's mission mended (repaired_missions) first; the bare templates only
    for a mission with next to no content of its own (the judge refuses any that drops the user's words)."""
    if all(c.status != "fail" for c in review.criteria.values()):
        return []
    tpl = facts.pack.rewrite
    m = facts.mission
    audience = facts.snippet(m["audience"][0]) if m.get("audience") else tpl["audience_placeholder"]
    value = facts.snippet(m["values"][0]) if m.get("values") else tpl["value_placeholder"]
    fills = {
        "audience": audience,
        "benefit": tpl["benefit_placeholder"],
        "activity": tpl["activity_placeholder"],
        "value": value,
    }
    templates = [(_tidy(t.format(**fills)), []) for t in tpl["mission"]]
    return [(text, []) for text in repaired_missions(facts, review)] + templates


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([.,])", r"\1", text)
    text = re.sub(r"\.\.+$", ".", text)
    return text[0].upper() + text[1:] if text else text


def candidates(facts: Facts, review: Review, context: Context) -> list[tuple[str, list[str]]]:
    if review.kind == "mission":
        return mission_candidates(facts, review)
    return goal_candidates(facts, context, review)


def candidate_groups(facts: Facts, review: Review, context: Context) -> list[list[tuple[str, list[str]]]]:
    """Candidates in groups: a later group is tried only when no candidate of an earlier one passes the judge."""
    if review.kind == "mission":
        return [mission_candidates(facts, review)]
    return goal_candidate_groups(facts, context, review)

