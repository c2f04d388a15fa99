# Everything runs from .venv, which this Makefile creates: a fresh machine needs only Python 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PORT ?= 8001

.PHONY: serve test build eval bench screenshot install clean

# `kb build --if-changed` rebuilds claims.db only when its sources' content differs from what
# it was built from (a digest kept in the file), never because of file times: on a fresh clone
# every file is new, and the committed claims.db must be served as it is (git stays clean).
serve: $(INSTALLED)
	@$(BIN)/kb build --if-changed
	$(BIN)/kb serve --port $(PORT)

test: $(INSTALLED)
	$(BIN)/python -m pytest -q

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	@echo "Installing claimkb into $(VENV): Python packages (spaCy, jieba, Datasette, ...) and their test tools."
	@echo "The first time this takes a few minutes; later runs reinstall only when pyproject.toml changes."
	@test -x $(BIN)/python || { echo "Creating the virtualenv $(VENV) with $(PYTHON)"; $(PYTHON) -m venv $(VENV); }
	@echo "Upgrading pip"
	@$(BIN)/python -m pip install -q --upgrade pip
	@echo "Installing claimkb and its dependencies (pip install -e '.[test]')"
	@$(BIN)/python -m pip install -q -e '.[test]'
	@touch $@
	@echo "Installed into $(VENV)"

build: $(INSTALLED)
	$(BIN)/kb build

eval: $(INSTALLED)
	$(BIN)/python -m kb.evaluate

# ~25 minutes on 2 cores, and ~45 more for ingest at 100k articles (bench.prefill; BENCH_ARGS="--matching-articles 1k,10k"
# leaves it out); BENCH_ARGS="--sizes 10k,100k" for a short run, "--reuse" to keep built databases
bench: $(INSTALLED)
	$(BIN)/python -m pip install -q -e '.[test,bench]'
	$(BIN)/python -m bench $(BENCH_ARGS)

screenshot: $(INSTALLED)
	@$(BIN)/kb build --if-changed
	$(BIN)/python -m tests.screenshots

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
