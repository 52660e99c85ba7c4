# `make run` and `make test` work on a fresh machine with Python 3.11: they create .venv/ first.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

CHROMIUM ?= /usr/bin/chromium
SHARED := view.js view.css ui-text.json

.PHONY: setup run test lint eval bench readme-examples extension screenshots

# Debian packages the tests drive: wrk (load tests), redis-server (shared rate limits, started by the tests) and chromium (tests/e2e, through Playwright, which never
# downloads a browser of its own). One apt-get update, only when something is missing.
setup: $(STAMP)
	@missing=""; command -v wrk >/dev/null || missing="$$missing wrk"; command -v redis-server >/dev/null || missing="$$missing redis-server"; test -x $(CHROMIUM) || missing="$$missing chromium"; \
	if [ -n "$$missing" ]; then \
	  { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } \
	  || echo "make setup: could not install$$missing (Debian packages; needs root): the wrk tests skip, the e2e tests fail" >&2; \
	fi

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[test]'
	@touch $(STAMP)

run: setup
	$(BIN)/reviewer serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/ruff check reviewer tests
	$(BIN)/python -m pytest
	$(BIN)/reviewer eval --suite all

eval: setup
	$(BIN)/reviewer eval --report evals/out

lint: setup
	$(BIN)/ruff check reviewer tests

# The extension carries its own copy of the playground's view (no remote code): refresh it after editing
# reviewer/web/static/ (tests/test_web.py fails while the copies differ).
extension:
	cd reviewer/web/static && cp $(SHARED) ../../../extension/shared/

# The README's two screenshots, retaken by the browser tests (they write tests/e2e/artifacts/ on every run).
screenshots: setup
	REVIEWER_SCREENSHOTS=docs $(BIN)/python -m pytest tests/e2e -q

# A benchmark, not a test: prints one Markdown table (README "Speed"). Needs wrk (Debian: apt-get install -y wrk).
bench: setup
	$(BIN)/python evals/bench.py

# README "Rewrites": the before-and-after examples, regenerated from the offline rewriter at this commit
# (tests/test_readme_examples.py fails while they differ).
readme-examples: setup
	$(BIN)/python evals/readme_examples.py --write
