"""No Docker engine runs here, so the image is not built. Instead: the Dockerfile is read instruction by
instruction and checked against its contract (a wheel built in one stage and installed in the next, no source
tree or prompts/ folder in the image, a non-root user, a HEALTHCHECK on /health, the production server with
workers), and the image's own command runs as a real process, with the image's environment, from a directory
that is not the checkout: it starts its workers, passes the image's own health check, answers reviews, logs JSON
lines and stops cleanly on SIGTERM (what `docker stop` sends)."""

from __future__ import annotations

import json
import os
import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from reviewer.cli import build_parser
from tests.conftest import free_port

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) in order: comments dropped, continuation lines joined."""
    result: list[tuple[str, str]] = []
    pending = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        pending += line
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, rest = pending.partition(" ")
        result.append((keyword.upper(), rest.strip()))
        pending = ""
    return result


def stages(text: str) -> list[list[tuple[str, str]]]:
    found: list[list[tuple[str, str]]] = []
    for keyword, rest in instructions(text):
        if keyword == "FROM":
            found.append([])
        found[-1].append((keyword, rest))
    return found


def final_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, rest in stages(DOCKERFILE)[-1]:
        if keyword == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(rest))
    return env


def exec_form(rest: str) -> list[str]:
    command = json.loads(rest)
    assert isinstance(command, list) and all(isinstance(part, str) for part in command), rest
    return command


def image_command() -> list[str]:
    (cmd,) = [rest for keyword, rest in stages(DOCKERFILE)[-1] if keyword == "CMD"]
    return exec_form(cmd)  # exec form: the server is PID 1 and gets docker stop's SIGTERM itself


def healthcheck_command() -> list[str]:
    (check,) = [rest for keyword, rest in stages(DOCKERFILE)[-1] if keyword == "HEALTHCHECK"]
    return exec_form(check.split(" CMD ", 1)[1])


def test_wheel_is_built_in_one_stage_and_installed_in_the_next() -> None:
    build, run = stages(DOCKERFILE)[0], stages(DOCKERFILE)[-1]
    assert len(stages(DOCKERFILE)) == 2
    assert build[0][1].startswith("python:3.11-slim AS ") and run[0][1] == "python:3.11-slim"
    build_copies = " ".join(rest for keyword, rest in build if keyword == "COPY")
    assert "prompts" in build_copies and "reviewer" in build_copies  # the wheel packs both
    assert any(keyword == "RUN" and "pip wheel" in rest for keyword, rest in build)
    # The run stage gets the wheel and the pins, not the sources: prompts and packs come from the package.
    run_copies = [rest for keyword, rest in run if keyword == "COPY"]
    assert any(rest.startswith("--from=") and "/wheels" in rest for rest in run_copies)
    assert not any(word in rest.split() for rest in run_copies for word in ("prompts", "./prompts", "reviewer", "."))
    (install,) = [rest for keyword, rest in run if keyword == "RUN"]
    assert "pip install --constraint" in install and "constraints.txt" in install and ".whl" in install


def test_the_build_context_holds_what_the_dockerfile_copies_and_no_more() -> None:
    lines = [line.strip() for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()]
    rules = [line for line in lines if line and not line.startswith("#")]
    assert rules[0] == "*"  # everything ignored, then the few sources allowed back: no .venv/ or .git/ sent
    allowed = {rule[1:] for rule in rules if rule.startswith("!")}
    sources = {
        source.removeprefix("./")
        for stage in stages(DOCKERFILE)
        for keyword, rest in stage
        if keyword == "COPY" and not rest.startswith("--from=")
        for source in rest.split()[:-1]
    }
    assert sources == allowed, (sources, allowed)
    assert all((ROOT / source).exists() for source in sources)


def test_runs_as_a_non_root_user_with_a_health_check() -> None:
    run = stages(DOCKERFILE)[-1]
    users = [rest for keyword, rest in run if keyword == "USER"]
    assert users and users[-1] not in ("root", "0", "0:0")
    assert [keyword for keyword, _ in run].index("USER") < [keyword for keyword, _ in run].index("CMD")
    check = " ".join(healthcheck_command())
    assert "http://127.0.0.1:8000/health" in check
    assert ("EXPOSE", "8000") in run


def test_command_is_the_production_server_with_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    command = image_command()
    assert command[:2] == ["reviewer", "serve"]
    for name in [n for n in os.environ if n.startswith("REVIEWER_")]:
        monkeypatch.delenv(name)
    for name, value in final_env().items():
        monkeypatch.setenv(name, value)
    args = build_parser().parse_args(command[1:])  # the real CLI, with the image's environment
    assert (args.host, args.port) == ("0.0.0.0", 8000)
    assert args.workers >= 2, "the image serves with several worker processes (REVIEWER_WORKERS)"


def _children(pid: int) -> list[str]:
    """The command lines of a process's children (Linux /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append((stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except (OSError, IndexError, ValueError):
            continue
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="counts worker processes through /proc")
def test_image_command_serves_with_workers_passes_its_health_check_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    command = image_command()
    command[command.index("--host") + 1] = "127.0.0.1"  # loopback only, here
    command[command.index("--port") + 1] = str(port)
    script = Path(sys.executable).with_name(command[0])  # the virtualenv's console script
    argv = [str(script), *command[1:]] if script.exists() else [sys.executable, "-m", "reviewer", *command[1:]]
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")} | final_env()
    workers = int(env["REVIEWER_WORKERS"])
    log = tmp_path / "server.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(argv, cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120  # each worker builds its engine; slow on a busy machine
            while True:
                try:
                    if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
                time.sleep(0.2)
            check = healthcheck_command()
            assert check[0] == "python"
            check = [sys.executable, *[part.replace(":8000/", f":{port}/") for part in check[1:]]]
            assert subprocess.run(check, env=env, timeout=30, check=False).returncode == 0
            spawned = [c for c in _children(proc.pid) if "spawn_main" in c]
            assert len(spawned) == workers, _children(proc.pid)
            texts = ["Vi vil øge salget markant.", "Vi skal øke salget betydelig.", "Vi vill öka försäljningen.",
                     "We want to grow our sales a lot.", "Vi vil øge antallet af kunder.", "We will be the best."]
            with httpx.Client(base_url=url, timeout=30) as client:
                for text in texts:
                    answer = client.post("/v1/review", json={"text": text})
                    assert answer.status_code == 200 and answer.json()["findings"], answer.text
        finally:
            proc.send_signal(signal.SIGTERM)
            try:
                code = proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                raise
    output = log.read_text(errors="replace")
    assert code == 0, output
    assert "Traceback" not in output, output
    records = [json.loads(line) for line in output.splitlines() if line.strip()]  # JSON lines, every one
    assert any("Started parent process" in record["message"] for record in records)
    assert not [c for c in _children(proc.pid) if "spawn_main" in c]
