"""docs/deploy.md and deploy/: the configuration table names every variable the code reads, with the code's
defaults; the compose file (replicas, one Redis, a load balancer) is valid YAML whose parts fit together; and
`reviewer serve` refuses a setting it cannot use at once, in the parent, instead of in every worker."""

from __future__ import annotations

import ipaddress
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
import yaml

from reviewer.cli import build_parser
from reviewer.web import settings as web_settings
from tests.conftest import Server, free_port

ROOT = Path(__file__).resolve().parent.parent
DEPLOY_DOC = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
COMPOSE_PATH = ROOT / "deploy" / "compose.yaml"
NGINX = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
CODE = {path: path.read_text(encoding="utf-8") for path in sorted((ROOT / "reviewer").rglob("*.py"))}

NAMED = re.compile(r"\bREVIEWER_[A-Z0-9_]*[A-Z0-9]\b")
READ = re.compile(r"""(?:environ|env)\.get\(\s*["']([A-Z][A-Z0-9_]+)["']|environ\[\s*["']([A-Z][A-Z0-9_]+)["']|"""
                  r"""getenv\(\s*["']([A-Z][A-Z0-9_]+)["']""")
# A default written beside the read: env.get("X", 20), env.get("X", "20"), environ.get("X") or 10.
DEFAULT = re.compile(r"""\.get\(\s*["'](REVIEWER_[A-Z0-9_]+)["']\s*(?:,\s*["']?([0-9.]+)["']?\s*\)|\)\s*or\s*([0-9.]+))""")


def table() -> dict[str, str]:
    """Variable -> its default cell, from the Configuration table of docs/deploy.md."""
    section = DEPLOY_DOC.split("## Configuration", 1)[1]
    rows: dict[str, str] = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) < 3 or set(cells[0]) <= {"-"} or cells[0] == "variable":
            continue
        names = re.findall(r"`([A-Z][A-Z0-9_]+)`", cells[0])
        defaults = [d.strip() for d in cells[1].split(",")] if len(names) > 1 else [cells[1]]
        for index, name in enumerate(names):
            rows[name] = defaults[index] if index < len(defaults) else cells[1]
    return rows


def variables_in_code() -> set[str]:
    found: set[str] = set()
    for text in CODE.values():
        found |= set(NAMED.findall(text))
        found |= {name for match in READ.findall(text) for name in match if name}
    return found


def test_every_variable_the_code_reads_is_in_the_deploy_table() -> None:
    documented = table()
    missing = sorted(variables_in_code() - set(documented))
    assert not missing, f"add these to docs/deploy.md's Configuration table: {missing}"
    stale = sorted(name for name in documented if name.startswith("REVIEWER_") and name not in variables_in_code())
    assert not stale, f"docs/deploy.md documents variables no code reads: {stale}"


def test_the_table_gives_the_codes_defaults() -> None:
    documented = table()
    checked = 0
    for text in CODE.values():
        for name, given, fallback in DEFAULT.findall(text):
            default = given or fallback
            assert f"`{default}`" in documented[name], f"{name}: the code's default is {default}, the table says " \
                                                       f"{documented[name]}"
            checked += 1
    assert checked >= 8  # the serve options and the model settings at least
    assert f"`{web_settings.DEFAULT_RATE_LIMIT}`" in documented["REVIEWER_RATE_LIMIT"]
    assert f"`{web_settings.DEFAULT_TIME_BUDGET:g}`" in documented["REVIEWER_TIME_BUDGET"]


def test_the_table_gives_reviewer_serves_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [n for n in os.environ if n.startswith("REVIEWER_") or n in ("HOST", "PORT")]:
        monkeypatch.delenv(name)
    args = build_parser().parse_args(["serve"])  # its defaults, read from an environment without settings
    documented = table()
    assert (documented["HOST"], documented["PORT"]) == (f"`{args.host}`", f"`{args.port}`")
    assert documented["REVIEWER_WORKERS"].startswith(f"`{args.workers}`")
    assert documented["REVIEWER_LOG_FORMAT"] == f"`{args.log_format}`"
    assert args.access_log is False and documented["REVIEWER_ACCESS_LOG"] == "off"


def test_readme_points_to_the_one_table() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "docs/deploy.md" in readme
    second = [line for line in readme.splitlines() if re.match(r"\|\s*`REVIEWER_", line)]
    assert not second, "the README links to docs/deploy.md's table rather than keeping a second one"


def test_compose_starts_replicas_behind_a_load_balancer_sharing_one_redis() -> None:
    compose = yaml.safe_load(COMPOSE_PATH.read_text(encoding="utf-8"))
    services = compose["services"]
    reviewer, redis, lb = services["reviewer"], services["redis"], services["lb"]
    assert reviewer["deploy"]["replicas"] >= 2
    assert (COMPOSE_PATH.parent / reviewer["build"]["context"] / reviewer["build"]["dockerfile"]).resolve() == \
        ROOT / "Dockerfile"
    env = reviewer["environment"]
    assert set(env) <= set(table()), "every variable the compose file sets is documented"
    assert urlsplit(env["REVIEWER_REDIS_URL"]).hostname in services
    assert int(env["REVIEWER_WORKERS"]) >= 2
    # Keys come from a secret file, not the environment.
    assert "REVIEWER_API_KEYS" not in env
    (secret,) = reviewer["secrets"]
    assert env["REVIEWER_API_KEYS_FILE"] == f"/run/secrets/{secret}" and secret in compose["secrets"]
    # The replicas trust X-Forwarded-For from their own network only: that is where the load balancer is.
    (subnet,) = [ipaddress.ip_network(c["subnet"]) for c in compose["networks"]["backend"]["ipam"]["config"]]
    assert ipaddress.ip_network(env["FORWARDED_ALLOW_IPS"]).subnet_of(subnet)
    for service in (reviewer, redis, lb):
        assert service["networks"] == ["backend"]
    assert "ports" not in reviewer and "ports" not in redis  # only the load balancer is reachable
    assert "HEALTHCHECK" in (ROOT / "Dockerfile").read_text(encoding="utf-8")  # the replicas' own
    assert redis["healthcheck"]["test"] and lb["healthcheck"]["test"]
    assert reviewer["depends_on"]["redis"]["condition"] == "service_healthy"
    assert lb["depends_on"]["reviewer"]["condition"] == "service_healthy"
    for volume in lb["volumes"]:
        source = volume.split(":")[0]
        if source == "./nginx.conf":
            assert (COMPOSE_PATH.parent / source).is_file()


def test_nginx_balances_over_the_replicas_and_replaces_the_forwarded_address() -> None:
    assert re.search(r"server reviewer:8000 resolve\b", NGINX)
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in NGINX  # replaced, never appended to
    assert "listen 443 ssl;" in NGINX and "ssl_certificate " in NGINX
    (size,) = re.findall(r"client_max_body_size (\d+)m;", NGINX)
    assert int(size) > 1  # bodies over 1 MB reach the service, whose 413 is problem+json
    assert '"path":"$uri"' in NGINX and "$request_uri" not in NGINX.split("log_format", 1)[1].split(";", 1)[0]
    assert NGINX.count("{") == NGINX.count("}")


@pytest.mark.parametrize(
    ("env", "named", "secret"),
    [
        ({"REVIEWER_API_KEYS_FILE": "/nonexistent/keys.txt"}, "REVIEWER_API_KEYS_FILE", None),
        ({"REVIEWER_RATE_LIMIT": "lots"}, "REVIEWER_RATE_LIMIT", None),
        ({"REVIEWER_REDIS_URL": "http://user:hunter2@cache:6379"}, "REVIEWER_REDIS_URL", "hunter2"),
    ],
)
def test_serve_with_workers_refuses_a_bad_setting_at_once(env: dict[str, str], named: str, secret: str | None) -> None:
    base = {k: v for k, v in os.environ.items() if not k.startswith("REVIEWER_")}
    run = subprocess.run(
        [sys.executable, "-m", "reviewer", "serve", "--port", str(free_port()), "--workers", "2"],
        env=base | env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert run.returncode == 2, run.stdout + run.stderr
    assert named in run.stderr and "Traceback" not in run.stderr
    assert "Started parent process" not in run.stdout + run.stderr  # refused before any worker started
    if secret:
        assert secret not in run.stdout + run.stderr


def test_behind_a_proxy_it_does_not_trust_every_client_shares_one_limit() -> None:
    # docs/deploy.md, "The client's address": the replicas' FORWARDED_ALLOW_IPS (the compose file's network)
    # does not hold this test's peer, 127.0.0.1, just as uvicorn's default does not hold a load balancer in
    # another container; X-Forwarded-For is then ignored and every client counts as the proxy.
    compose = yaml.safe_load(COMPOSE_PATH.read_text(encoding="utf-8"))
    trusted = compose["services"]["reviewer"]["environment"]["FORWARDED_ALLOW_IPS"]
    srv = Server(env={"REVIEWER_LLM_MODEL": "", "REVIEWER_API_KEYS": "", "REVIEWER_RATE_LIMIT": "2",
                      "FORWARDED_ALLOW_IPS": trusted})
    try:
        with httpx.Client(base_url=srv.url, timeout=10) as http:
            codes = [http.get("/v1/languages", headers={"x-forwarded-for": f"203.0.113.{n}"}).status_code
                     for n in range(1, 4)]
    finally:
        srv.stop()
    assert codes == [200, 200, 429]
