# Build stage: the wheel. prompts/ becomes package data (reviewer/prompts_data), beside the language packs,
# templates and static files, so the run stage needs no source tree.
FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY pyproject.toml README.md ./
COPY reviewer ./reviewer
COPY prompts ./prompts
RUN pip wheel --no-deps --wheel-dir /wheels .

# Run stage: the installed wheel and its pinned dependencies, a non-root user, the production server with
# REVIEWER_WORKERS worker processes (read by `reviewer serve`; override with -e REVIEWER_WORKERS=N).
# Logs are JSON lines on stdout, never user text. docs/deploy.md: replicas, Redis, load balancer, every variable.
FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    REVIEWER_WORKERS=2
COPY constraints.txt /tmp/constraints.txt
COPY --from=build /wheels /tmp/wheels
RUN pip install --constraint /tmp/constraints.txt /tmp/wheels/*.whl \
 && rm -rf /tmp/wheels /tmp/constraints.txt \
 && useradd --create-home --uid 10001 reviewer

USER reviewer
WORKDIR /home/reviewer
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status != 200)"]
CMD ["reviewer", "serve", "--host", "0.0.0.0", "--port", "8000"]
