"""The CLI as a user runs it: a real subprocess of `python -m reviewer`."""

from __future__ import annotations

import json
import subprocess
import sys

from litestar.testing import TestClient

from reviewer import default_engine
from reviewer.api import create_app

app = create_app(default_engine())  # one engine for the module's tests

TEXT = "Øge vores årlige omsætning med 200% inden for de næste 2 måneder"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "reviewer", *args], check=False, input=stdin, capture_output=True, text=True, timeout=60)


def test_check_readable_shows_letters_and_the_offending_words() -> None:
    result = run("check", "--today", "2026-03-01", TEXT)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "goal · da" in out
    assert "✗ A achievable" in out and "✓ S specific" in out
    assert "goal.achievable.implausible" in out
    assert "^^^^" in out  # the span under "200%"


def test_check_json_is_exactly_the_api_json() -> None:
    result = run("check", "--json", "--context", '{"today": "2026-03-01", "business_model": "b2b"}', TEXT)
    assert result.returncode == 0, result.stderr
    with TestClient(app) as client:
        api = client.post("/v1/review", json={"text": TEXT, "context": {"today": "2026-03-01", "business_model": "b2b"}}).json()
    assert json.loads(result.stdout) == api


def test_check_reads_standard_input() -> None:
    result = run("check", "--json", "-", stdin="To produce reliable refrigerators")
    assert result.returncode == 0
    assert json.loads(result.stdout)["kind"] == "mission"


def test_bad_input_exits_2_naming_the_field() -> None:
    assert "kind:" in run("check", "--kind", "vision", "Grow").stderr
    assert run("check", "--kind", "vision", "Grow").returncode == 2
    blank = run("check", "   ")
    assert blank.returncode == 2 and "text:" in blank.stderr
    bad_context = run("check", "--context", "{not json", "Grow")
    assert bad_context.returncode != 0 and "--context" in bad_context.stderr


def test_text_in_an_unsupported_language_is_refused_input_exit_2() -> None:
    german = "Wir möchten unseren Umsatz im nächsten Jahr deutlich steigern und mehr Kunden gewinnen."
    for command in ("check", "rewrite"):
        refused = run(command, german)
        assert refused.returncode == 2 and refused.stdout == "", (command, refused.stderr)
        assert refused.stderr.startswith("reviewer: text: the text looks German; supported: da, en, nb, sv"), refused.stderr


def test_rules_list_and_explain() -> None:
    listing = run("rules")
    assert listing.returncode == 0 and "goal.time_bound.open-ended" in listing.stdout
    one = run("rules", "goal.time_bound.open-ended")
    assert one.returncode == 0
    assert "Why:" in one.stdout and "[da] flagged:" in one.stdout and "[sv] not flagged:" in one.stdout
    assert run("rules", "no.such.rule").returncode == 2


def test_each_message_is_printed_once() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "reviewer", "check", "--today", "2026-03-01", "Få flere kunder"],
        capture_output=True, text=True, check=True,
    ).stdout
    messages = [line.split("  ", 1)[-1].strip() for line in out.splitlines()]
    review_lines = [m for m in messages if "angiver retningen" in m]
    assert len(review_lines) == 1, out
    assert "goal.measurable.comparative-only" in out and "^^^^^" in out
