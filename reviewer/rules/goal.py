"""Goal rules: Specific, Measurable, Achievable, Relevant, Time-bound (002's definitions)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from reviewer.dates import UNIT_DAYS, add_months
from reviewer.extract import PLACEHOLDER, Facts, Hit, Quantity, Span, channel_info, extract, metric_class
from reviewer.lang import common
from reviewer.lang.formats import Approx, ApproxPercent, Percent
from reviewer.rules import Subject, Trigger, rule

# --- shared judgements ---------------------------------------------------------------------------


def has_deliverable(facts: Facts) -> Span | None:
    """A launch/publish/open ... followed by its object ("Lancere vores nye produkt")."""
    for verb in facts.deliverables:
        tail = facts.text[verb.end : verb.end + 50]
        words = re.findall(r"\w[\w\-]*", tail)[:4]
        if any(w.lower() not in facts.pack.stopwords and not w[0].isdigit() for w in words):
            return verb
    return None


def concrete_object(facts: Facts) -> Span | None:
    """The span that makes the goal specific, or None."""
    for metric in facts.metrics:
        info = metric_class(metric.id)
        if info.get("class") == "business":
            return metric
        if any(s.overlaps(Span(metric.start - 40, metric.end + 60)) for s in facts.scope):
            return metric
    if facts.counted:
        return facts.counted[0]
    target = facts.target
    if target is not None and target.unit == "rank":
        return target  # a rank where one is kept: "number 1 on Google" (a bare "#1 coffee shop" is no target)
    if not facts.metrics:
        return has_deliverable(facts) or changed_object(facts)
    return None


def changed_object(facts: Facts) -> Span | None:
    """The noun a verb of change governs when a figure says by how much ("reducere vores energiforbrug pr.
    produceret ton med 20 %", "increase donations by 15%"): a named thing with a target is specific, even
    where the pack has no metric word for it. Not an abstract aim, a number or a time word."""
    target = facts.target
    if target is None or target.unit == "rank":
        return None
    blocked = [*facts.abstract, *facts.quantities, *facts.comparatives]
    for verb in sorted([*facts.increase, *facts.decrease], key=lambda v: v.start):
        if verb.start > target.start:
            break
        for m in re.finditer(r"[^\W\d_][\w\-]*", facts.text[verb.end : verb.end + 40]):
            word = Span(verb.end + m.start(), verb.end + m.end())
            if m.group(0).lower() in facts.pack.stopwords or any(t.overlaps(word) for t in facts.times):
                continue  # "increase monthly donations": a frequency in front of the noun
            if any(b.overlaps(word) for b in blocked) or word.start > target.start:
                break
            return word
    return None


def target_of(facts: Facts) -> Quantity | Span | None:
    if facts.target is not None:
        return facts.target
    if not facts.comparatives and not facts.metrics and has_deliverable(facts):
        return has_deliverable(facts)  # a deliverable is its own target: done or not done
    return None


def placeholder_purpose(facts: Facts) -> Span | None:
    """The placeholder when every purpose clause is one waiting to be filled ("in order to [why it matters]"):
    after the purpose words, up to the clause's end, nothing but stopwords and placeholders. None otherwise."""
    first: Span | None = None
    for p in facts.purpose:
        tail = facts.text[p.end :]
        end = re.search(r"[.;!?](?=\s|$)|,\s", tail)
        tail = tail[: end.start()] if end else tail
        gaps = list(PLACEHOLDER.finditer(tail))
        words = re.findall(r"[^\W\d_]+", PLACEHOLDER.sub(" ", tail))
        if not gaps or any(w.lower() not in facts.pack.stopwords for w in words):
            return None
        first = first or Span(p.end + gaps[0].start(), p.end + gaps[0].end())
    return first


# --- Specific ------------------------------------------------------------------------------------


@rule(
    "goal.specific.abstract-aim",
    criterion="specific",
    description="The goal's only object is an abstract aim (online presence, visibility, brand, engagement in general, earning more).",
    source='002: "Et eksempel på et ikke-specifikt mål kunne være: \\"Forbedre vores online tilstedeværelse.\\""; 004: "\\"Jeg vil tjene mere\\" ikke en målsætning"',
)
def abstract_aim(s: Subject) -> Iterator[Trigger]:
    if concrete_object(s.facts) is None:
        for span in s.facts.abstract:
            yield Trigger(span)


@rule(
    "goal.specific.no-scope",
    criterion="specific",
    description="A countable quantity (followers, visitors, customers …) without its scope: which channel, product, audience or page.",
    source='002: "Hvad ønsker vi at opnå? Hvor skal målet opnås?"; 003: not «få flere kunder» but a concrete goal',
)
def no_scope(s: Subject) -> Iterator[Trigger]:
    if concrete_object(s.facts) is None and not s.facts.abstract and s.facts.metrics:
        yield Trigger(s.facts.metrics[0])


@rule(
    "goal.specific.no-object",
    criterion="specific",
    description="The goal names no metric, quantity or deliverable that will change.",
    source='002: "Dette indebærer, at målet skal være klart og præcist defineret"',
)
def no_object(s: Subject) -> Iterator[Trigger]:
    f = s.facts
    if concrete_object(f) is None and not f.abstract and not f.metrics:
        yield Trigger(s.whole)


# --- Measurable ----------------------------------------------------------------------------------


@rule(
    "goal.measurable.comparative-only",
    criterion="measurable",
    description="Only a comparative (more, better, higher) where a target quantity belongs.",
    source='002: "Hvor mange, hvor meget eller hvor ofte ønsker vi at opnå dette mål?"; 003: not «bedre synlighet» but «10 % flere følgere på Instagram»',
)
def comparative_only(s: Subject) -> Iterator[Trigger]:
    if target_of(s.facts) is None and s.facts.comparatives:
        yield Trigger(s.facts.comparatives[0])


@rule(
    "goal.measurable.no-target",
    criterion="measurable",
    description="No target quantity: a number, a percentage, a multiplier, a count, a rank or a from→to pair.",
    source='002: "Målet skal være målbart, så der kan fastlægges, om det er nået eller ej."',
)
def no_target(s: Subject) -> Iterator[Trigger]:
    if target_of(s.facts) is None and not s.facts.comparatives:
        yield Trigger(s.whole)


@rule(
    "goal.measurable.placeholder",
    criterion="measurable",
    severity="info",
    effect="unknown",
    description="The target is a placeholder waiting to be filled (\"[X] %\"): measurable once it holds a number.",
    source='002: "Hvor mange, hvor meget eller hvor ofte ønsker vi at opnå dette mål?"',
)
def placeholder_target(s: Subject) -> Iterator[Trigger]:
    target = s.facts.target
    if target is not None and target.unit == "placeholder":
        yield Trigger(target)


# --- Time-bound ----------------------------------------------------------------------------------


@rule(
    "goal.time_bound.open-ended",
    criterion="time_bound",
    description="An open-ended time word (soon, eventually, as soon as possible, ongoing) instead of a deadline.",
    source='003: "Manglende tidsfrist … Alltid sett en tydelig sluttdato"',
)
def open_ended(s: Subject) -> Iterator[Trigger]:
    if s.facts.deadline is None:
        for span in s.facts.open_ended:
            yield Trigger(span)


@rule(
    "goal.time_bound.no-deadline",
    criterion="time_bound",
    description="No deadline or bounded period: no date, month, quarter, week, season, holiday, relative period or rate.",
    source='002: "Målet skal have en klar tidsramme for, hvornår det skal være opnået."; 003 pitfall 4: "Ingen tidsfrist"',
)
def no_deadline(s: Subject) -> Iterator[Trigger]:
    if s.facts.deadline is None and not s.facts.open_ended:
        yield Trigger(s.whole)


@rule(
    "goal.time_bound.past-deadline",
    criterion="time_bound",
    severity="warning",
    effect=None,
    description="The deadline lies before today (context.today).",
    source="A deadline that has passed cannot guide the work.",
)
def past_deadline(s: Subject) -> Iterator[Trigger]:
    deadline = s.facts.deadline
    if deadline is not None and deadline.date is not None and deadline.date < s.today and not deadline.recurring:
        # a written date says itself: the "date" variant leaves out the resolved date ("Q3 2025" keeps it)
        yield Trigger(deadline, {"date": deadline.date, **({"variant": "date"} if deadline.kind == "date" else {})})


@rule(
    "goal.time_bound.placeholder",
    criterion="time_bound",
    severity="info",
    effect="unknown",
    description="The deadline is a placeholder waiting to be filled (\"[date]\"): time-bound once it holds a date.",
    source='002: "Målet skal have en klar tidsramme for, hvornår det skal være opnået."',
)
def placeholder_deadline(s: Subject) -> Iterator[Trigger]:
    deadline = s.facts.deadline
    if deadline is not None and deadline.kind == "placeholder":
        yield Trigger(deadline)


# --- Achievable ----------------------------------------------------------------------------------


def _ratio(f: Facts, target: Quantity) -> float | None:
    """Growth factor the goal implies (>1), where it can be computed from the text."""
    if target.value is None:
        return None
    decrease = f.direction == "decrease"
    if target.unit == "multiplier":
        return target.value if target.value >= 1 else 1 / target.value
    baseline = f.baseline
    if baseline is not None and baseline.value:
        if target.value <= 0:
            return float("inf")
        ratio = target.value / baseline.value
        return ratio if ratio >= 1 else 1 / ratio
    if target.unit == "percent":
        share = target.value / 100
        if decrease:
            if share >= common()["achievable"]["max_reduction"]:
                return float("inf")
            return 1 / (1 - share)
        return 1 + share
    return None


def _rate_points(f: Facts, target: Quantity) -> float | None:
    """The percentage points a rate moves from its baseline to its target ("fra 3 % til 6 %": 3), inf for a
    rate above 100 %; None where the goal is not a from→to change in a rate (then it is read as growth).
    Any rate the goal names counts, not only its first metric: "prenumeranter som klickar (klickfrekvens)
    från 3 % till 6 %" moves the click rate, though "prenumeranter" comes first."""
    if target.unit != "percent" or target.value is None or not any(metric_class(m.id).get("rate") for m in f.metrics):
        return None
    baseline = f.baseline
    if baseline is None or baseline.unit != "percent" or baseline.value is None:
        return None
    if target.value > 100:
        return float("inf")
    return abs(target.value - baseline.value)


DAYS_PER_MONTH = 30.44  # a mean month, for the days left over after whole calendar months
MONTHS_PER_UNIT = {"day": 1 / DAYS_PER_MONTH, "week": 7 / DAYS_PER_MONTH, "month": 1, "quarter": 3, "half": 6, "year": 12}


def _months(days: int, end: dt.date | None, recurring: bool) -> float:
    """The period in months as the writer counts them: whole calendar months, then the days left over
    ("inden for 3 måneder" from 1 March ends 1 June: 3, not 92 / 30.44; "på 1 måned" in March: 1, not 1.02),
    and a rate's own unit ("om måneden": 1, "per uge": 0.23)."""
    if recurring:
        unit = next((u for u, d in UNIT_DAYS.items() if d == days), None)
        return MONTHS_PER_UNIT[unit] if unit else days / DAYS_PER_MONTH
    if end is None:
        return days / DAYS_PER_MONTH
    start = end - dt.timedelta(days=days)
    whole = (end.year - start.year) * 12 + end.month - start.month
    if whole > 0 and add_months(start, whole) > end:
        whole -= 1
    whole = max(whole, 0)
    return whole + (end - add_months(start, whole)).days / DAYS_PER_MONTH


def _ceiling(metric: Hit | None, channel: Hit | None) -> tuple[float, str]:
    cfg = common()["achievable"]
    if metric is not None and channel is not None:
        for row in cfg["channel_table"]:
            if row["channel"] and row["channel"] == channel.id and metric.id in row["metrics"]:
                typical = (1 + row["typical_6_months"]) ** (1 / 6) - 1
                return cfg["channel_multiple"] * typical, f"003: {channel.id}"
    return cfg["generic_monthly_ceiling"], "002"  # the source stays in the rule catalog, not in the message


@rule(
    "goal.achievable.needs-target-and-period",
    criterion="achievable",
    severity="info",
    effect="unknown",
    description="Achievability needs both a target quantity and a period.",
    source='002: "Er målet realistisk inden for den tidsramme, vi har fastsat?"',
)
def needs_target_and_period(s: Subject) -> Iterator[Trigger]:
    target, deadline = target_of(s.facts), s.facts.deadline
    placeholder_target = isinstance(target, Quantity) and target.unit == "placeholder"
    if target is None or placeholder_target or deadline is None or deadline.kind == "placeholder":
        yield Trigger(s.whole)


@rule(
    "goal.achievable.implausible",
    criterion="achievable",
    description=(
        "The implied change per month is above the ceiling set by the seeds' examples and 003's channel table. "
        "Counts are spread evenly and percentages compounded; a rate (a metric marked `rate` in common.toml: "
        "click, open, conversion, bounce, churn, retention rate, market share) moving from one percentage to "
        "another is judged by the percentage points it moves per month, as marketers judge it (3 % -> 6 % is "
        "3 points, not a doubling), against a ceiling of 1.5 times the steepest realistic seed example "
        "(open rate 20 % -> 30 % in three months); a rate above 100 % is never plausible."
    ),
    source='002: "Øge vores årlige omsætning med 200% inden for de næste 2 måneder" kan være urealistisk; 003: channel table and "10 000 nettbesøk på en uke"',
)
def implausible(s: Subject) -> Iterator[Trigger]:
    f = s.facts
    target, deadline = f.target, f.deadline
    if target is None or deadline is None or not deadline.days or deadline.days <= 0:
        return
    months = _months(deadline.days, deadline.date, deadline.recurring)
    metric, channel = f.metric, f.channel
    points = _rate_points(f, target)
    if points is not None:
        if points == float("inf"):
            yield Trigger(target, {"variant": "over"})
            return
        per_month = points / max(months, 1.0)
        limit = common()["achievable"]["rate_points_per_month"]
        if per_month > limit:
            yield Trigger(
                target,
                {"months": round(months, 1), "points": Approx(per_month), "ceiling": limit, "variant": "points"},
            )
        return
    ratio = _ratio(f, target)
    if ratio is not None:
        ceiling = _ceiling(metric, channel)[0]  # [1], the source, is for the rule catalog, not the message
        if ratio == float("inf"):
            # all of it gone, or down to zero: no monthly rate to quote; the "all" variant of the message
            yield Trigger(target, {"months": round(months, 1), "ceiling": Percent(round(ceiling, 2)), "variant": "all"})
            return
        growth = ratio ** (1 / max(months, 1.0)) - 1  # compounding: a share grows on what it has grown to
        if growth > ceiling:
            yield Trigger(
                target,
                {"months": round(months, 1), "growth": ApproxPercent(growth), "ceiling": Percent(round(ceiling, 2))},
            )
        return
    if target.unit == "count" and target.value and metric is not None and f.baseline is None:
        limit = common()["achievable"]["absolute_per_month"].get(metric.id)
        # a count with no baseline has nothing to compound on: spread evenly over the months
        per_month = target.value / (months if deadline.recurring else max(months, MONTHS_PER_UNIT["week"]))
        if limit and per_month > limit:
            yield Trigger(
                target,
                {"months": round(months, 1), "growth": Approx(per_month), "ceiling": limit},
            )


# --- Relevant ------------------------------------------------------------------------------------


def _context_channel_ids(s: Subject) -> set[str] | None:
    if not s.context.channels:
        return None
    ids: set[str] = set()
    for name in s.context.channels:
        for pack in [s.facts.pack, *s.languages.all()]:
            hits = [cid for cid, regex in pack.channels if regex.search(name)]
            if hits:
                ids.update(hits)
                break
        else:
            ids.add(name.strip().lower())
    return ids


def _content_words(facts: Facts) -> set[str]:
    words = re.findall(r"\w{4,}", facts.text.lower())
    return {w for w in words if w not in facts.pack.stopwords and not w.isdigit()}


def shares_words(a: Facts, b: Facts) -> bool:
    """True when a content word of one text appears (by its first five letters) in a word of the other,
    so that compounds match their parts: "cykelreparationer" shares "repar" with "reparerer"."""
    words_a, words_b = _content_words(a), _content_words(b)
    return any(w[:5] in v for w in words_a for v in words_b) or any(w[:5] in v for w in words_b for v in words_a)


def mission_overlap(s: Subject) -> bool | None:
    if not s.context.mission:
        return None
    if s.mission_facts is None:
        s.mission_facts = extract(s.context.mission, s.facts.pack, s.today)
    m = s.mission_facts
    shared_ids = {h.id for h in s.facts.metrics + s.facts.channels} & {h.id for h in m.metrics + m.channels}
    return bool(shared_ids or shares_words(s.facts, m))


def _vanity_social(s: Subject) -> Hit | None:
    f = s.facts
    if s.context.business_model != "b2b" or f.purpose:
        return None
    social = [c for c in f.channels if channel_info(c.id).get("group") == "consumer_social"]
    vanity = [m for m in f.metrics if metric_class(m.id).get("vanity")]
    fitting = [m for m in f.metrics if "b2b" in metric_class(m.id).get("fit", []) and metric_class(m.id).get("outcome")]
    if social and vanity and not fitting:
        return vanity[0]
    return None


def _fits_model(s: Subject) -> bool:
    model = s.context.business_model
    if model is None:
        return False
    f = s.facts
    metric_fit = any(model in metric_class(m.id).get("fit", []) and not (model == "b2b" and metric_class(m.id).get("vanity")) for m in f.metrics)
    channel_fit = any(model in channel_info(c.id).get("fit", []) for c in f.channels)
    return metric_fit or channel_fit


@rule(
    "goal.relevant.b2b-vanity",
    criterion="relevant",
    description="For a B2B business, a goal whose only object is a consumer-social vanity metric (followers, likes, views on Instagram, TikTok …).",
    source='002: "hvis en virksomhed primært opererer inden for B2B-sektoren, ville et mål om at øge antallet af Instagram-tilhængere med 10.000 ikke nødvendigvis være relevant"',
)
def b2b_vanity(s: Subject) -> Iterator[Trigger]:
    hit = _vanity_social(s)
    if hit is not None:
        yield Trigger(hit)


@rule(
    "goal.relevant.channel-outside-plan",
    criterion="relevant",
    description="The goal is on a channel outside context.channels.",
    source='003: "fokuser på de kanalene hvor kundene dine faktisk befinner seg"',
)
def channel_outside_plan(s: Subject) -> Iterator[Trigger]:
    planned = _context_channel_ids(s)
    if planned is None:
        return
    for channel in s.facts.channels:
        if channel.id not in planned:
            yield Trigger(channel, {"channels": ", ".join(s.context.channels or [])})


@rule(
    "goal.relevant.unrelated-to-mission",
    criterion="relevant",
    description="With context.mission: the goal shares no word, metric or channel with the mission.",
    source='002: "Det sikrer, at målet ikke er isoleret, men integreret i virksomhedens mission og vision."',
)
def unrelated_to_mission(s: Subject) -> Iterator[Trigger]:
    if mission_overlap(s) is False:
        yield Trigger(s.whole)


@rule(
    "goal.relevant.no-purpose",
    criterion="relevant",
    severity="info",
    effect="unknown",
    description="Relevance cannot be judged: no business purpose stated and no context (business model, channels, mission) to judge by.",
    source='002: "Hvorfor er dette mål vigtigt for vores virksomhed?"',
)
def no_purpose(s: Subject) -> Iterator[Trigger]:
    if not s.facts.purpose and not _relevant_by_context(s):
        yield Trigger(s.whole)


def _relevant_by_context(s: Subject) -> bool:
    """The business model, the mission or the planned channels judge relevance (or a vanity rule does)."""
    f = s.facts
    if _fits_model(s) or mission_overlap(s):
        return True
    planned = _context_channel_ids(s)
    if planned is not None and f.channels and all(c.id in planned for c in f.channels):
        return True
    return _vanity_social(s) is not None


@rule(
    "goal.relevant.placeholder",
    criterion="relevant",
    severity="info",
    effect="unknown",
    description="The only stated purpose is a placeholder waiting to be filled (\"in order to [why it matters]\").",
    source='002: "Hvorfor er dette mål vigtigt for vores virksomhed?"',
)
def placeholder_purpose_rule(s: Subject) -> Iterator[Trigger]:
    gap = placeholder_purpose(s.facts)
    if gap is not None and not _relevant_by_context(s):
        yield Trigger(gap)
