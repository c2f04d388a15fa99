# Everything runs from .venv, which this Makefile creates: a fresh machine needs only Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SOURCES := $(shell find articles ingest/factchecks kb -type f ! -name '*.pyc' 2>/dev/null)
PORT ?= 8001

.PHONY: serve test build eval bench screenshot install clean

serve: claims.db
	$(BIN)/kb serve --db claims.db --port $(PORT)

test: $(INSTALLED)
	$(BIN)/python -m pytest -q

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@

# Rebuilt only when a source is newer than the committed database.
claims.db: $(INSTALLED) $(SOURCES) metadata.yml
	$(BIN)/kb build --db claims.db

build: $(INSTALLED)
	$(BIN)/kb build --db claims.db

eval: $(INSTALLED)
	$(BIN)/python -m kb.evaluate

# ~25 minutes on 2 cores; BENCH_ARGS="--sizes 10k,100k" for a short run, "--reuse" to keep built databases
bench: $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

screenshot: $(INSTALLED) claims.db
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
