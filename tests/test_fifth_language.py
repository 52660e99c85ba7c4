"""A new language is a new pack file: no code changes. Here a fifth pack, Norwegian nynorsk, is made from a
copy of the bokmål pack in a temporary folder (its code, name, detector setting and a few nynorsk words
changed), and an engine built with that folder reviews text in it, detects it, and serves it over the API."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from litestar.testing import TestClient

from reviewer.api import create_app
from reviewer.engine import Reviewer
from reviewer.lang import PACKAGE_DIR, Languages
from reviewer.models import Context

TODAY = Context(today=dt.date(2026, 3, 1))
NYNORSK_WORDS = ["eg", "ikkje", "kva", "korleis", "fleire", "kundar", "innan", "auke", "nettstaden", "skal", "vil"]
NYNORSK_MARKERS = [r"\beg\b", r"\bikkje\b", r"\bkva\b", r"\bkorleis\b", r"\bfleire\b", r"\bkundar\w*", r"\binnan\b"]


@pytest.fixture(scope="module")
def pack_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("packs")
    text = (PACKAGE_DIR / "nb.toml").read_text(encoding="utf-8")
    text = text.replace('code = "nb"', 'code = "nn"', 1).replace('name = "Norsk (bokmål)"', 'name = "Norsk (nynorsk)"', 1)
    text = text.replace('lingua = "BOKMAL"', 'lingua = "NYNORSK"', 1)
    words = ", ".join(f'"{w}"' for w in NYNORSK_WORDS)
    markers = ", ".join(f"'{m}'" for m in NYNORSK_MARKERS)
    text = re.sub(r"(\[detect\][\s\S]*?)words = \[", lambda m: f"{m.group(1)}words = [{words}, ", text, count=1)
    text = re.sub(r"(\[detect\][\s\S]*?)markers = \[", lambda m: f"{m.group(1)}markers = [{markers}, ", text, count=1)
    # A vocabulary of its own for the time words the test uses ("innan" where bokmål has "innen").
    text = text.replace("innen", "innan")
    (folder / "nn.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def engine(pack_dir: Path) -> Reviewer:
    return Reviewer(languages=Languages.discover(pack_dir))


def test_the_pack_is_discovered_and_compiled(engine: Reviewer) -> None:
    assert engine.languages.codes == ["da", "en", "nb", "nn", "sv"]
    assert engine.languages["nn"].lingua == "NYNORSK"
    assert {"code": "nn", "name": "Norsk (nynorsk)"} in engine.language_list


def test_text_in_the_new_language_is_reviewed(engine: Reviewer) -> None:
    review = engine.review("Auke talet på bestillingar frå nettstaden med 20 % innan 31.12.2026.", language="nn", context=TODAY)
    assert review.language == "nn" and review.kind == "goal"
    assert review.criteria["measurable"].status == "pass"
    assert review.criteria["time_bound"].status == "pass"
    assert review.extracted.target is not None and review.extracted.target.value == 20
    assert review.extracted.deadline is not None and review.extracted.deadline.date == dt.date(2026, 12, 31)


def test_the_new_language_is_detected(engine: Reviewer) -> None:
    assert engine.detect_language("Eg vil ha fleire kundar, men eg veit ikkje korleis.") == "nn"
    assert engine.review("Eg vil ha fleire kundar innan jul.", context=TODAY).language == "nn"
    # The other languages are still told apart with the fifth one present.
    assert engine.detect_language("Vi vil have flere kunder i butikken efter sommerferien.") == "da"
    assert engine.detect_language("Öka försäljningen med 10 % i år.") == "sv"
    assert engine.detect_language("Increase newsletter sign-ups by 20% by June.") == "en"


def test_the_environment_adds_pack_folders(pack_dir: Path) -> None:
    engine = Reviewer.from_env({"REVIEWER_LANG_DIRS": str(pack_dir)})
    assert "nn" in engine.languages


def test_the_api_answers_in_the_new_language(engine: Reviewer) -> None:
    with TestClient(create_app(engine)) as client:
        languages = client.get("/v1/languages").json()
        body = {"text": "Eg vil ha fleire kundar innan jul.", "context": {"today": "2026-03-01"}}
        review = client.post("/v1/review", json=body).json()
    assert "nn" in [entry["code"] for entry in languages]
    assert review["language"] == "nn"


def test_a_pack_whose_code_differs_from_its_file_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "xx.toml").write_text((PACKAGE_DIR / "da.toml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(ValueError, match="file name is the code"):
        Languages.discover(tmp_path)
