# `make run` and `make test` work on a fresh machine with Python 3.11: they create .venv/ first.
PY ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup run test lint eval bench

setup: $(STAMP)
	@command -v wrk >/dev/null || { apt-get update -qq >/dev/null && apt-get install -y -qq wrk >/dev/null; } \
	  || echo "make setup: could not install wrk (Debian package; needs root): the wrk tests will skip" >&2

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

# A benchmark, not a test: prints one Markdown table (README "Speed"). Needs wrk (Debian: apt-get install -y wrk).
bench: setup
	$(BIN)/python evals/bench.py
