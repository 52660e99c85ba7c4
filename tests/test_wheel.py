"""The wheel is the whole service: built from the sources, installed into an empty folder and run from another
directory (no checkout beside it), it reviews in all four languages, loads and renders the model prompts,
serves the playground with its templates and static files, and `reviewer rules` runs.

The build is offline: setuptools from the virtualenv (`--no-build-isolation`, the test extra pins a setuptools
that builds wheels by itself) and `--no-index`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from reviewer.prompts import Prompts

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("reviewer", "prompts", "pyproject.toml", "README.md")  # what the build reads

# Runs in the installed wheel. -S: no site-packages processing, so the checkout's editable install (a .pth
# finder) cannot stand in for a module missing from the wheel; PYTHONPATH gives the wheel, then the
# dependencies.
PROBE = r"""
import json, sys
from pathlib import Path
import reviewer
from reviewer.prompts import Prompts, default_dir

texts = {
    "en": "We want to grow our sales a lot.",
    "da": "Vi vil øge vores salg markant.",
    "nb": "Vi skal øke salget vårt betydelig.",
    "sv": "Vi vill öka vår försäljning kraftigt.",
}
reviews = {code: reviewer.review(text) for code, text in texts.items()}  # kind and language detected
prompts = Prompts.from_env({})
system = prompts.render("system.j2", kind="goal", language="da", language_name="Danish",
                        date_placeholder="[dato]", count=3, examples=prompts.examples.get("da", []))
user = prompts.render("user.j2", kind="goal", text="Vi vil øge salget.", findings=[], context={"channel": "email"})
reask = prompts.render("reask.j2", rejections=[{"text": "x", "reasons": ["no number"]}], count=3,
                       language_name="Danish")

from litestar.testing import TestClient
from reviewer.web.app import create_app

with TestClient(create_app()) as client:
    page = client.get("/", headers={"accept-language": "da"})
    css = client.get("/static/view.css")
    api = client.post("/v1/review", json={"text": texts["sv"], "language": "sv"})

print(json.dumps({
    "reviewer": reviewer.__file__,
    "languages": {code: r.language for code, r in reviews.items()},
    "findings": {code: [f.rule for f in r.findings] for code, r in reviews.items()},
    "messages": {code: [f.message for f in r.findings] for code, r in reviews.items()},
    "prompts_dir": str(default_dir({})),
    "prompt_version": prompts.version,
    "system": system, "user": user, "reask": reask,
    "page": [page.status_code, page.headers.get("content-type", ""), "<html" in page.text.lower()],
    "css": [css.status_code, len(css.content)],
    "api": [api.status_code, api.json().get("language")],
}))
"""


def _shipped(source: Path) -> set[str]:
    """What the wheel must hold: every file under reviewer/ (bar bytecode), and prompts/ as reviewer/prompts_data/."""
    files = {
        str(path.relative_to(source))
        for path in (source / "reviewer").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    files |= {f"reviewer/prompts_data/{path.name}" for path in (source / "prompts").iterdir() if path.is_file()}
    return files


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "src"
    for name in SOURCES:  # a copy, so the build's build/ and *.egg-info stay out of the working tree
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    build = subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-q", "-w", str(tmp / "dist"), str(source)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert build.returncode == 0, build.stdout + build.stderr
    (wheel,) = (tmp / "dist").glob("reviewer-*.whl")
    site = tmp / "site"
    install = subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", "-q", "--target", str(site), str(wheel)],
        check=False, capture_output=True, text=True, timeout=120,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    return {"source": source, "wheel": wheel, "site": site, "cwd": elsewhere}


def _run(installed: dict[str, Path], *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("REVIEWER_", "PYTHON"))}
    env["PYTHONPATH"] = os.pathsep.join([str(installed["site"]), sysconfig.get_paths()["purelib"]])
    if sysconfig.get_paths()["platlib"] != sysconfig.get_paths()["purelib"]:
        env["PYTHONPATH"] += os.pathsep + sysconfig.get_paths()["platlib"]
    return subprocess.run(
        [sys.executable, "-S", *args], cwd=installed["cwd"], env=env, check=False, capture_output=True, text=True,
        timeout=120,
    )


def test_wheel_holds_every_module_language_pack_template_and_prompt(installed: dict[str, Path]) -> None:
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = {name for name in wheel.namelist() if not name.startswith("reviewer-")}
        entry_points = next(n for n in wheel.namelist() if n.endswith(".dist-info/entry_points.txt"))
        scripts = wheel.read(entry_points).decode()
    expected = _shipped(installed["source"])
    assert expected - names == set(), "missing from the wheel (pyproject.toml [tool.setuptools] packages/package-data)"
    assert {"reviewer/lang/en.toml", "reviewer/lang/da.toml", "reviewer/lang/nb.toml", "reviewer/lang/sv.toml",
            "reviewer/prompts_data/system.j2", "reviewer/web/templates/playground.html.j2"} <= names
    assert "reviewer = reviewer.cli:main" in scripts


def test_installed_wheel_works_from_another_directory(installed: dict[str, Path]) -> None:
    run = _run(installed, "-c", PROBE)
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout.strip().splitlines()[-1])
    site = installed["site"].resolve()
    assert Path(out["reviewer"]).resolve().is_relative_to(site), out["reviewer"]
    # Every language detected and reviewed with its own pack: its vague verbs ("øge", "öka"), its wording.
    assert out["languages"] == {"en": "en", "da": "da", "nb": "nb", "sv": "sv"}
    for code in ("en", "da", "nb", "sv"):
        assert {"goal.measurable.comparative-only", "goal.time_bound.no-deadline"} <= set(out["findings"][code]), code
    assert len({tuple(messages) for messages in out["messages"].values()}) == 4
    # The prompts come from the wheel, are the checkout's (same version hash), and render.
    assert Path(out["prompts_dir"]).resolve() == site / "reviewer" / "prompts_data"
    assert out["prompt_version"] == Prompts.load(ROOT / "prompts").version
    assert "Danish" in out["system"] and "Vi vil øge salget." in out["user"] and "no number" in out["reask"]
    # The web layer's templates and static files ship too.
    assert out["page"] == [200, "text/html; charset=utf-8", True]
    assert out["css"][0] == 200 and out["css"][1] > 0
    assert out["api"] == [200, "sv"]


def test_installed_wheel_runs_the_cli(installed: dict[str, Path]) -> None:
    run = _run(installed, "-m", "reviewer", "rules")
    assert run.returncode == 0, run.stderr
    assert "goal.measurable.comparative-only" in run.stdout
