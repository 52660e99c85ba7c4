"""The README's before-and-after rewrite examples, produced by the offline rewriter at this commit.

    .venv/bin/python evals/readme_examples.py           # print the Markdown section
    .venv/bin/python evals/readme_examples.py --write   # replace it in README.md (make readme-examples)

Per language: three vague goals, each failing a different way (no number; no deadline; a vague object or an
implausible number), and one mission full of buzzwords or targets. Inputs are real or realistic texts from
evals/wording/cases.jsonl and evals/realtext/dev (the case id is kept next to each), reviewed as of a fixed
`today` so that dates in the suggestions do not move. tests/test_readme_examples.py fails while the README's
section differs from what this prints.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "<!-- readme-examples:start -->"
END = "<!-- readme-examples:end -->"
TODAY = "2026-03-01"
LANGUAGE_NAMES = {"en": "English", "da": "Danish", "nb": "Norwegian bokmål", "sv": "Swedish"}


@dataclass(frozen=True)
class Example:
    case: str  # the id in evals/wording/cases.jsonl or evals/realtext/dev
    language: str
    kind: str
    fails: str  # what is wrong with it, in a few words
    text: str


EXAMPLES: tuple[Example, ...] = (
    Example(
        "realtext.goals.en.traffic-this-quarter",
        "en",
        "goal",
        "no number",
        "Increase traffic this quarter by producing more blog posts.",
    ),
    Example(
        "realtext.goals.en.10000-customers-profit",
        "en",
        "goal",
        "no deadline",
        "I want to take on 10,000 customers and make one million pounds in profit",
    ),
    Example(
        "wording.en.goal.implausible-followers",
        "en",
        "goal",
        "implausible number",
        "Grow our Instagram followers by 500% in one month.",
    ),
    Example(
        "wording.en.mission.buzzword-synergy",
        "en",
        "mission",
        "buzzwords",
        "We leverage innovative, synergistic solutions to deliver world-class value to all our stakeholders.",
    ),
    Example(
        "realtext.goals.da.flere-kunder-jul",
        "da",
        "goal",
        "no number, vague object",
        "flere kunder i butikken inden jul",
    ),
    Example(
        "realtext.goals.da.rygere-halveres",
        "da",
        "goal",
        "no deadline",
        "antallet af rygere halveres, da rygning er den største enkeltårsag til kræft.",
    ),
    Example(
        "wording.da.goal.implausible-omsaetning",
        "da",
        "goal",
        "implausible number",
        "Øge vores årlige omsætning med 200% inden for de næste 2 måneder",
    ),
    Example(
        "wording.da.mission.buzzword-synergi",
        "da",
        "mission",
        "buzzwords, a target",
        "Vores mission er at være førende inden for digital transformation og skabe synergi mellem mennesker og "
        "teknologi.",
    ),
    Example(
        "realtext.goals.nb.bursdagskaker-paaske",
        "nb",
        "goal",
        "no number",
        "få flere bestillinger på bursdagskaker før påske",
    ),
    Example(
        "realtext.goals.nb.folgere-25-prosent",
        "nb",
        "goal",
        "no deadline",
        "Vi ønsker å øke våre følgere i sosiale medier med 25%",
    ),
    Example(
        "wording.nb.goal.implausible-omsetning",
        "nb",
        "goal",
        "implausible number",
        "Øke omsetningen med 500 % på en måned.",
    ),
    Example(
        "realtext.missions.nb.volvo",
        "nb",
        "mission",
        "a target, no one served",
        "Å være den mest ettertraktede og suksessfulle transport- og infrastrukturleverandøren i verden",
    ),
    Example(
        "realtext.goals.sv.salongen-i-host",
        "sv",
        "goal",
        "no number, vague object",
        "fler kunder till salongen i höst",
    ),
    Example(
        "realtext.goals.sv.prenumeranter-40-procent",
        "sv",
        "goal",
        "no deadline",
        "att öka antalet prenumeranter med 40 procent",
    ),
    Example(
        "wording.sv.goal.implausible-foljare",
        "sv",
        "goal",
        "implausible number",
        "Öka antalet följare på Instagram med 500 % på en månad.",
    ),
    Example(
        "wording.sv.mission.buzzword-ledande",
        "sv",
        "mission",
        "buzzwords, a target",
        "Vår mission är att vara ledande inom digital transformation och skapa värde genom innovation och synergi.",
    ),
)


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


async def _rows(engine: object, language: str) -> list[str]:
    from reviewer.models import Context, RewriteRequest
    from reviewer.rewrite.judge import filled_score

    rows = []
    for ex in (e for e in EXAMPLES if e.language == language):
        request = RewriteRequest(
            text=ex.text, kind=ex.kind, language=ex.language, context=Context(today=TODAY), max_suggestions=1
        )
        result = await engine.rewrite(request)  # type: ignore[attr-defined]
        before = f"{result.review.score:.2f}"
        if not result.needed:
            after, score, fill = f"*no rewrite needed* ({_cell(result.note or '')})", before, "–"
        elif not result.suggestions:
            after, score, fill = "*no suggestion passed the checks*", before, "–"
        else:
            first = result.suggestions[0]
            after = _cell(first.text) + "".join(f"<br>*{_cell(note)}*" for note in first.assumptions)
            score = f"{before} → {first.review.score:.2f} ({filled_score(first.review):.2f} filled in)"
            fill = ", ".join(f"`{p}`" for p in first.placeholders) or "–"
        rows.append(f"| {_cell(ex.text)} <br>*{ex.fails}* | {after} | {score} | {fill} |")
    return rows


def render() -> str:
    """The README section between the markers (markers excluded), ending with a newline."""
    from reviewer.engine import Reviewer

    engine = Reviewer()  # the packaged languages and the offline rewriter: no model, whatever the environment
    lines = [
        "### Examples (offline rewriter)",
        "",
        "<!-- Generated by `make readme-examples` (evals/readme_examples.py): do not edit by hand. -->",
        f"Generated by `make readme-examples` from the offline rewriter at this commit (`today` = {TODAY};",
        "the inputs and their sources are listed in `evals/readme_examples.py`). For each input: its first",
        "suggestion with the rewriter's notes (in italics), the score before → after (a placeholder counts as",
        "unknown until it is filled in; in brackets the score once every placeholder is filled with something",
        "that passes), and the placeholders the user still has to fill in. `tests/test_readme_examples.py` fails",
        "while this section is out of date.",
    ]
    for code, name in LANGUAGE_NAMES.items():
        lines += [
            "",
            f"**{name} ({code})**",
            "",
            "| Input (what fails) | First suggestion | Score | Fill in |",
            "|---|---|---|---|",
            *asyncio.run(_rows(engine, code)),
        ]
    return "\n".join(lines) + "\n"


def current(readme: str) -> str | None:
    """The README's section between the markers, or None when the markers are missing."""
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        return None
    return readme[start + len(START) : end].strip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="replace the section in README.md")
    args = parser.parse_args(argv)
    section = render()
    if not args.write:
        print(section, end="")
        return 0
    readme = README.read_text(encoding="utf-8")
    if current(readme) is None:
        print(f"README.md has no {START} … {END} markers", file=sys.stderr)
        return 2
    start, end = readme.find(START) + len(START), readme.find(END)
    README.write_text(readme[:start] + "\n" + section + readme[end:], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
