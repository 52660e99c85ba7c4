"""Language packs: vocabulary, patterns, messages and rule examples per language, as data.

A pack is a TOML file (en.toml, da.toml, ... beside this module, or in any folder handed to
`Languages.discover`). The engine never branches on the language: everything language-specific, the
detector's settings included, is read from the pack. common.toml holds language-independent facts.
A new language is a new pack file: `Languages.discover()` finds it at start-up and compiles it once.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

from reviewer.lang.fold import fold_pack
from reviewer.lang.guard import guard
from reviewer.lang.numerals import Numerals
from reviewer.lang.prefilter import NeedleIndex, Prefiltered
from reviewer.lang.typos import TypoIndex

PACKAGE_DIR = Path(str(resources.files("reviewer.lang")))
FALLBACK = "en"  # where a pack lacks a message, the English one is used

FLAGS = re.IGNORECASE | re.UNICODE

# Universal numeric forms: 10.000 / 10,000 / 10 000 (thousands) or 2,5 / 2.5 (decimals).
NUMBER = r"\d{1,3}(?:[.,\u00a0\u202f ]\d{3})+(?![\d%])(?:[.,]\d+)?|\d+(?:[.,]\d+)?"


_SPACES = re.compile(r"\s+")
_NUMBER_SPACES = re.compile(r"[\u00a0\u202f ]")
_THOUSANDS = {True: re.compile(r"\.(?=\d{3}(?!\d))"), False: re.compile(r",(?=\d{3}(?!\d))")}  # by decimal comma


def bounded(pattern: str) -> str:
    """Wrap a vocabulary regex so it only matches whole words (compounds are opted into with \\w*)."""
    return rf"(?<!\w)(?:{pattern})(?!\w)"


def _alternation(words: list[str]) -> str:
    return "|".join(sorted((w.replace(" ", r"\s+") for w in words), key=len, reverse=True))


@dataclass(frozen=True)
class TimePattern:
    regex: Prefiltered
    resolve: str
    own: bool = True  # the pack's own wording (False: common.toml's language-independent forms)


@dataclass(frozen=True)
class Multiplier:
    regex: Prefiltered
    value: float


@dataclass(frozen=True)
class Buzzword:
    regex: Prefiltered
    replacements: list[str]


@dataclass(frozen=True)
class RuleText:
    message: str
    replacements: list[str] = field(default_factory=list)
    trigger: list[str] = field(default_factory=list)
    ok: list[str] = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)  # the context the examples are reviewed with
    # trigger example -> the replacements its marked findings carry: one list for every marked span, or one
    # list per marked span in order. An example written as a plain string claims none.
    example_replacements: dict[str, list[Any]] = field(default_factory=dict)
    # Other wordings of the message, chosen by the check (its "variant" parameter): key `message_<variant>`
    variants: dict[str, str] = field(default_factory=dict)


def _examples(entries: list[Any]) -> tuple[list[str], dict[str, list[Any]]]:
    """A rule's examples: plain strings, or tables {text = "...", replacements = [...]} (the LanguageTool
    example's `correction`). Set rules' examples are several goals separated by " | "."""
    texts: list[str] = []
    replacements: dict[str, list[Any]] = {}
    for entry in entries:
        if isinstance(entry, str):
            texts.append(entry)
        else:
            texts.append(entry["text"])
            replacements[entry["text"]] = list(entry.get("replacements", []))
    return texts, replacements


@dataclass(frozen=True)
class LanguagePack:
    code: str
    name: str
    decimal_comma: bool
    detect_words: frozenset[str]
    detect_markers: list[re.Pattern[str]]
    lingua: str | None  # lingua's Language name for this pack ("BOKMAL"), or None: packs' evidence alone
    number_words: dict[str, float]
    num: str  # regex fragment for a number (digits or words), no group
    one: str
    units: dict[str, re.Pattern[str]]
    months: list[re.Pattern[str]]
    ordinals: list[re.Pattern[str]]
    fragments: dict[str, str]  # raw fragments for placeholder substitution
    time_patterns: list[TimePattern]
    open_ended: Prefiltered
    history: Prefiltered
    percent: str
    points: str
    from_to: list[Prefiltered]
    multipliers: list[Multiplier]
    rank: Prefiltered
    currency: str
    scale: str
    magnitudes: list[tuple[re.Pattern[str], float]]  # "mio." -> 1e6, "tusind" -> 1e3
    masks: list[Prefiltered]
    vocab: dict[str, Prefiltered]
    stopwords: frozenset[str]
    metrics: list[tuple[str, Prefiltered]]
    channels: list[tuple[str, Prefiltered]]
    mission: dict[str, Prefiltered]
    buzzwords: list[Buzzword]
    abbreviations: list[str]
    placeholder_target: Prefiltered
    placeholder_date: Prefiltered
    criteria: dict[str, dict[str, str]]
    rules: dict[str, RuleText]
    rewrite: dict[str, Any] = field(default_factory=dict)  # offline rewrite templates
    # [mission.words]: word classes the mission reading tests single words or short windows against
    # (reviewer/mission_reading.py); never scanned over a whole text, so plain patterns outside the prefilter
    mission_words: dict[str, re.Pattern[str]] = field(default_factory=dict)
    # Facts reading ([numbers], [quantity], [vocab]): number words in compounds, figures of an earlier period,
    # where a rank is measured, typo-tolerant metric words, and the copy of the pack for text without diacritics
    numerals: Numerals | None = None
    earlier: Prefiltered | None = None  # "last year", "i dag har vi": the clause holds a baseline, not a target
    clause_break: re.Pattern[str] | None = None
    ranked_on: Prefiltered | None = None  # "Google", "søgeresultater": where a "#1" can be measured
    fractions: list[Multiplier] = field(default_factory=list)  # "by a quarter", "med en tredjedel": percent
    typos: TypoIndex | None = None
    fold_letters: tuple[str, ...] = ()  # [vocab] ascii's letters: a text with none of them uses `folded`
    folded: LanguagePack | None = None
    locale: str = "en"  # Babel's locale id for numbers, percentages and dates in messages ("da_DK")

    def parse_number(self, raw: str) -> float | None:
        """Value of a number as written in this language ("10.000", "2,5", "seks", "femhundrede", "a dozen")."""
        word = raw.strip().lower()
        if word.isdecimal():  # the common case: "20", "500"
            return float(word)
        word = _SPACES.sub(" ", word)
        if word in self.number_words:
            return self.number_words[word]
        if word in self.one_words:
            return 1.0
        digits = _NUMBER_SPACES.sub("", word)
        decimal = "," if self.decimal_comma else "."
        digits = _THOUSANDS[self.decimal_comma].sub("", digits).replace(decimal, ".")
        try:
            return float(digits)
        except ValueError:
            return self.numerals.value(word) if self.numerals is not None and word[:1].isalpha() else None

    def amount(self, raw: str) -> tuple[float | None, str, float]:
        """(number as written, unit, factor of its scale words) of one side of a from→to pair: "€1.1M",
        "3 mio.", "90 kr", "5 %"; unit is percent, currency or count."""
        m = self.amount_regex.fullmatch(raw.strip())
        if m is None:
            return None, "count", 1.0
        scale, cur = m.group("scale"), m.group("cur") or m.group("cur2")
        factor = (self.magnitude(scale) if scale else 1.0) * (self.magnitude(cur) if cur else 1.0)
        unit = "percent" if m.group("pct") else "currency" if cur else "count"
        return self.parse_number(m.group("n")), unit, factor

    @cached_property
    def one_words(self) -> frozenset[str]:
        return frozenset(w.strip().lower() for w in self.one.split("|"))

    def unit_of(self, raw: str) -> str | None:
        for unit, regex in self.units.items():
            if regex.fullmatch(raw.strip()):
                return unit
        return None

    @cached_property
    def quantity_regexes(self) -> dict[str, Prefiltered]:
        """Percentages, points, amounts and counts as this pack writes them (compiled with the pack).
        A number is digits or words ("thirty percent", "femhundrede", "en miljon kronor")."""
        num = f"(?:{self.num})"
        single = f"(?:{self.num}|{self.one})"  # "one percent", "ett prosentpoeng"
        return {
            "percent": _scan(bounded(rf"(?P<n>{single})(?:{self.percent})"), guarded=True),
            "points": _scan(bounded(rf"(?P<n>{single})(?:{self.points})"), guarded=True),
            "currency": _scan(
                bounded(
                    rf"(?P<cur>{self.currency})\s?(?P<n>{num})(?:\s?(?P<scale>{self.scale}))?"
                    rf"|(?P<n2>{num})(?:\s?(?P<scale2>{self.scale}))?\s?(?P<cur2>{self.currency})"
                ),
                guarded=True,
            ),
            "count": _scan(bounded(rf"(?P<n>{num})(?:\s?(?P<scale>{self.scale}))?"), guarded=True),
        }

    @cached_property
    def amount_regex(self) -> re.Pattern[str]:
        """One side of a from→to pair (see amount())."""
        return re.compile(
            rf"(?:(?P<cur>{self.currency})\s?)?(?P<n>{self.num})(?:\s?(?P<scale>{self.scale}))?"
            rf"(?:\s?(?P<cur2>{self.currency}))?(?P<pct>{self.percent})?",
            FLAGS,
        )

    def compile_all(self) -> None:
        """Build the derived regexes and the needle index (start-up, not the first request)."""
        _ = (self.needle_index, self.abbreviation_regex, self.quantity_regexes, self.amount_regex)
        if self.folded is not None:
            self.folded.compile_all()

    @cached_property
    def abbreviation_regex(self) -> re.Pattern[str] | None:
        """Abbreviations whose dots do not end a sentence ("f.eks."), longest first, in one regex."""
        if not self.abbreviations:
            return None
        return re.compile("|".join(re.escape(a) for a in sorted(self.abbreviations, key=len, reverse=True)), FLAGS)

    @cached_property
    def needle_index(self) -> NeedleIndex:
        """One automaton over the needles of every prefiltered regex in this pack."""
        found: list[Prefiltered] = []

        def walk(value: Any) -> None:
            if isinstance(value, Prefiltered):
                found.append(value)
            elif isinstance(value, (TimePattern, Multiplier, Buzzword)):
                found.append(value.regex)
            elif isinstance(value, dict):
                for item in value.values():
                    walk(item)
            elif isinstance(value, (list, tuple)):
                for item in value:
                    walk(item)

        for name in self.__dataclass_fields__:
            walk(getattr(self, name))
        walk(self.quantity_regexes)
        return NeedleIndex(found)

    def magnitude(self, raw: str) -> float:
        """The factor of a scale word as written ("mio." -> 1 000 000); 1 when it is not one."""
        for regex, value in self.magnitudes:
            if regex.fullmatch(raw.strip()):
                return value
        return 1.0

    def index_of(self, table: list[re.Pattern[str]], raw: str) -> int | None:
        for i, regex in enumerate(table):
            if regex.fullmatch(raw.strip()):
                return i + 1
        return None


def _read(path: Path) -> dict[str, Any]:
    return tomllib.loads(path.read_text(encoding="utf-8"))


@cache
def common() -> dict[str, Any]:
    """Language-independent facts (ceilings, channel table, metric classes): immutable package data."""
    return _read(PACKAGE_DIR / "common.toml")


def _compile(pattern: str) -> Prefiltered:
    return _scan(bounded(pattern))


@cache
def _scan(pattern: str, flags: int = FLAGS, guarded: bool = False) -> Prefiltered:
    """One compiled, prefiltered regex per pattern: a pack's folded copy (fold.py) shares every regex that
    folding left unchanged, so it costs start-up time only for the regexes that differ. `guarded`: the time
    and quantity patterns, which run on most texts, get a first-character guard (guard.py)."""
    return Prefiltered(re.compile(guard(pattern, flags) if guarded else pattern, flags))


def _fill(template: str, fragments: dict[str, str]) -> str:
    """Replace {num}, {unit}, {month} ... with named-group fragments."""

    def sub(m: re.Match[str]) -> str:
        key = m.group(1)
        if key not in fragments:
            raise KeyError(f"unknown placeholder {{{key}}} in pattern {template!r}")
        return f"(?P<{key}>{fragments[key]})"

    return re.sub(r"\{(\w+)\}", sub, template)


def load_pack(path: Path) -> LanguagePack:
    """Read and compile one pack file. Called once per pack, at start-up (Languages.discover).
    A pack with [vocab] ascii also gets its folded copy for text typed without diacritics (fold.py)."""
    raw = _read(path)
    folds = raw.get("vocab", {}).get("ascii", {})
    folded = _build_pack(fold_pack(raw, folds)) if folds else None
    return _build_pack(raw, folded, tuple(letter.casefold() for letter in folds))


def _scales(quantity: dict[str, Any]) -> list[dict[str, Any]]:
    """The pack's scale words, then common.toml's ("250K", "1.1M")."""
    return [*quantity["scales"], *common().get("quantity", {}).get("scales", [])]


def _build_pack(raw: dict[str, Any], folded: LanguagePack | None = None, fold_letters: tuple[str, ...] = ()) -> LanguagePack:
    numbers = raw["numbers"]
    numerals = Numerals(numbers["words"], numbers.get("multiply", {}), numbers["one"], numbers.get("joiners", []))
    number_words = {k.lower(): float(v) for k, v in numbers["words"].items()}
    number_words.update({k.lower(): float(v) for k, v in numbers.get("multiply", {}).items()})
    num = rf"{NUMBER}|{numerals.pattern}"  # quantities: compounds too ("femhundrede", "två hundra")
    word_num = rf"{NUMBER}|{_alternation(list(number_words))}"  # time phrases, multipliers: one word is enough
    one = _alternation(numbers["one"])
    time = raw["time"]
    unit_alt = "|".join(f"(?:{v})" for v in time["units"].values())
    month_alt = "|".join(f"(?:{m})" for m in time["months"])
    ordinal_alt = "|".join(f"(?:{o})" for o in time["ordinals"])
    quantity = raw["quantity"]
    scales = _scales(quantity)
    scale = "(?:" + "|".join(f"(?:{m['re']})" for m in scales if not m.get("currency")) + r")(?!\w)"
    currency = "|".join([f"(?:{quantity['currency']})", *(f"(?:{m['re']})" for m in scales if m.get("currency"))])
    # one side of a from→to pair: "€800k", "3 mio.", "90 kr", "5 %", "femhundrede"
    amount = rf"(?:(?:{currency})\s?)?(?:{num})(?:\s?{scale})?(?:\s?(?:{currency}))?(?:{numbers['percent']})?"
    fragments = {
        "num": word_num,
        "one": one,
        "unit": unit_alt,
        "month": month_alt,
        "month2": month_alt,
        "day": r"[0-3]?\d",
        "mnum": r"[0-3]?\d",
        "year": r"(?:19|20)\d\d",
        "yy": r"\d\d",
        "q": rf"[1-4]|{ordinal_alt}",
        "h": rf"[12]|{ordinal_alt}",
        "week": r"[1-5]?\d",
        "a": amount,
        "b": amount,
    }
    universal = common().get("time", {}).get("patterns", [])
    time_patterns = [
        TimePattern(_scan(bounded(_fill(p["re"], fragments)), guarded=True), p["resolve"], own)
        for own, group in ((True, time["patterns"]), (False, universal))
        for p in group
    ]
    vocab = raw["vocab"]
    mission = raw["mission"]
    placeholders = raw["placeholders"]
    return LanguagePack(
        code=raw["code"],
        name=raw["name"],
        decimal_comma=raw.get("decimal_comma", False),
        detect_words=frozenset(w.lower() for w in raw["detect"]["words"]),
        detect_markers=[re.compile(m, FLAGS) for m in raw["detect"]["markers"]],
        lingua=raw["detect"].get("lingua"),
        number_words=number_words,
        num=num,
        one=one,
        units={k: re.compile(v, FLAGS) for k, v in time["units"].items()},
        months=[re.compile(m, FLAGS) for m in time["months"]],
        ordinals=[re.compile(o, FLAGS) for o in time["ordinals"]],
        fragments=fragments,
        time_patterns=time_patterns,
        open_ended=_compile(time["open_ended"]),
        history=_compile(time["history"]),
        percent=numbers["percent"],
        points=numbers["points"],
        from_to=[_scan(bounded(_fill(p, fragments)), guarded=True) for p in quantity["from_to"]],
        multipliers=[
            Multiplier(_compile(_fill(m["re"], fragments)), float(m["value"])) for m in quantity["multipliers"]
        ],
        rank=_compile(_fill(quantity["rank"], fragments)),
        currency=currency,
        scale=scale,
        magnitudes=[(re.compile(m["re"], FLAGS), float(m["value"])) for m in scales],
        masks=[_scan(m) for m in quantity["mask"]],
        vocab={
            k: _compile(v) for k, v in vocab.items() if isinstance(v, str)
        },
        stopwords=frozenset(w.lower() for w in vocab["stopwords"]),
        metrics=[(k, _compile(v)) for k, v in raw["metrics"].items()],
        channels=[(k, _compile(v)) for k, v in raw["channels"].items()],
        mission={k: _compile(v) for k, v in mission.items() if isinstance(v, str)},
        buzzwords=[Buzzword(_compile(b["re"]), list(b.get("replacements", []))) for b in mission["buzzwords"]],
        abbreviations=[a.lower() for a in mission.get("abbreviations", [])],
        placeholder_target=_scan(placeholders["target"]),
        placeholder_date=_scan(placeholders["date"]),
        criteria=raw["criteria"],
        rules={
            rule_id: RuleText(
                message=r["message"],
                replacements=list(r.get("replacements", [])),
                trigger=_examples(r.get("trigger", []))[0],
                ok=_examples(r.get("ok", []))[0],
                context=dict(r.get("context", {})),
                example_replacements=_examples(r.get("trigger", []))[1],
                variants={k.removeprefix("message_"): v for k, v in r.items() if k.startswith("message_")},
            )
            for rule_id, r in raw["rules"].items()
        },
        rewrite=raw.get("rewrite", {}),
        mission_words={k: re.compile(bounded(v), FLAGS) for k, v in mission.get("words", {}).items()},
        numerals=numerals,
        earlier=_compile(quantity["earlier"]) if quantity.get("earlier") else None,
        clause_break=re.compile(quantity["clause_break"], FLAGS) if quantity.get("clause_break") else None,
        ranked_on=_compile(quantity["ranked_on"]) if quantity.get("ranked_on") else None,
        fractions=[Multiplier(_compile(m["re"]), float(m["value"])) for m in quantity.get("fractions", [])],
        typos=TypoIndex(
            [(k, re.compile(bounded(v), FLAGS)) for k, v in raw["metrics"].items()],
            list(vocab.get("typo_suffixes", [])),
            list(vocab.get("typo_ignore", [])),
        ),
        fold_letters=fold_letters,
        folded=folded,
        locale=raw.get("locale", raw["code"]),
    )


def pack_files(*folders: Path) -> dict[str, Path]:
    """code -> pack file, over the given folders in order (a later folder's pack of the same code wins)."""
    found: dict[str, Path] = {}
    for folder in folders:
        for path in sorted(Path(folder).glob("*.toml")):
            if path.name != "common.toml":
                found[path.stem] = path
    return found


@dataclass(frozen=True)
class Languages:
    """Every discovered pack, compiled once. Built at start-up and handed to whatever needs the packs."""

    packs: dict[str, LanguagePack]
    fallback: str = FALLBACK

    @classmethod
    def discover(cls, *extra: Path) -> Languages:
        """The packaged packs plus any in `extra` folders (a new language needs no code change)."""
        common()  # read now, not on a user's request
        loaded = {code: load_pack(path) for code, path in pack_files(PACKAGE_DIR, *extra).items()}
        for code, pack in loaded.items():
            if pack.code != code:
                raise ValueError(f"{code}.toml declares code {pack.code!r}; the file name is the code")
        if FALLBACK not in loaded:
            raise ValueError(f"no {FALLBACK}.toml: the fallback pack is required")
        for pack in loaded.values():
            pack.compile_all()  # now, not on a user's request
        return cls(dict(sorted(loaded.items())))

    def __getitem__(self, code: str) -> LanguagePack:
        return self.packs[code]

    def __contains__(self, code: object) -> bool:
        return code in self.packs

    @property
    def codes(self) -> list[str]:
        return list(self.packs)

    def all(self) -> list[LanguagePack]:
        return list(self.packs.values())

    def rule_text(self, code: str, rule_id: str) -> RuleText:
        return self.packs[code].rules.get(rule_id) or self.packs[self.fallback].rules[rule_id]

    def criteria_text(self, code: str, criterion: str) -> dict[str, str]:
        return self.packs[code].criteria.get(criterion) or self.packs[self.fallback].criteria[criterion]


# The packaged languages' codes, read from the file names alone (no parsing): the request schema's enum.
CODES: tuple[str, ...] = tuple(pack_files(PACKAGE_DIR))


class LanguageCodeError(ValueError):
    """A language code that names no pack: unknown, or a related language we do not review ("nn")."""


@cache
def _code_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(alias -> code, related language -> code) from each packaged pack's `aliases` and `related` keys."""
    aliases: dict[str, str] = {}
    related: dict[str, str] = {}
    for code, path in pack_files(PACKAGE_DIR).items():
        raw = _read(path)
        aliases[code] = code
        aliases.update({a.lower(): code for a in raw.get("aliases", [])})
        related.update({r.lower(): code for r in raw.get("related", [])})
    return aliases, related


def code_pattern() -> str:
    """The JSON Schema (ECMA-262) pattern for exactly what `canonical_code` accepts, "auto" included."""
    aliases, _ = _code_tables()

    def anycase(word: str) -> str:
        # letters in either case; "-" needs no escape outside a class (and "\\-" is an error in ECMA-262's u mode)
        return "".join(f"[{c}{c.upper()}]" if c.upper() != c else c if c == "-" or c.isalnum() else re.escape(c) for c in word)

    words = sorted({*aliases, "auto"}, key=len, reverse=True)
    return f"^(?:{'|'.join(anycase(w) for w in words)})(?:[-_][A-Za-z0-9]+)*$"


def _language_name(tag: str) -> str:
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_")).english_name or tag
    except (UnknownLocaleError, ValueError, TypeError):
        return tag


def canonical_code(value: str) -> str:
    """A language as a user may write it (BCP 47 "nb-NO", "nb_NO", "DA", the alias "no") -> the pack's code.
    Raises LanguageCodeError naming the supported codes (and the right one for a related language)."""
    aliases, related = _code_tables()
    tag = value.replace("_", "-").lower()
    primary = tag.split("-", 1)[0]
    for key in (tag, primary):
        if key in aliases:
            return aliases[key]
    supported = ", ".join(repr(c) for c in sorted(CODES))
    if primary in related:
        code = related[primary]
        raise LanguageCodeError(
            f"{_language_name(primary)} ({primary!r}) is not supported; for {_language_name(code)} use {code!r}"
            f" (supported: {supported})"
        )
    name = _language_name(primary) if primary.isalpha() and len(primary) <= 3 else ""
    known = f"{name} ({primary!r}) is not supported" if name and name != primary else f"unknown language {value[:20]!r}"
    raise LanguageCodeError(f"{known}; supported: 'auto', {supported}")


@cache
def default() -> Languages:
    """The packaged packs, compiled once: for the library's convenience functions, tests and benchmarks.
    Servers, the CLI and the eval runner build their own engine (reviewer.engine.Reviewer)."""
    return Languages.discover()


def load(code: str) -> LanguagePack:
    return default()[code]


def codes() -> list[str]:
    return default().codes


def packs() -> list[LanguagePack]:
    return default().all()
