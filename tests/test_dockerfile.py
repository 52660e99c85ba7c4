"""No Docker engine runs here, so the image is not built; this checks the Dockerfile says what it must."""

from pathlib import Path

DOCKERFILE = (Path(__file__).resolve().parent.parent / "Dockerfile").read_text(encoding="utf-8")


def test_dockerfile_contract() -> None:
    lines = [line.strip() for line in DOCKERFILE.splitlines()]
    assert lines[0].startswith("FROM python:3.11-slim")
    user = [line for line in lines if line.startswith("USER ")]
    assert user and user[-1] not in ("USER root", "USER 0")
    assert any(line.startswith("HEALTHCHECK") for line in lines) and "/health" in DOCKERFILE
    assert 'CMD ["reviewer", "serve", "--host", "0.0.0.0"' in DOCKERFILE
    assert "constraints.txt" in DOCKERFILE and "COPY prompts" in DOCKERFILE
