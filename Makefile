# Shingikai: `make run` sets everything up and serves the demo; `make test` runs the suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run setup system-deps test-system-deps venv migrate demo test lint test-sqlite \
        test-postgres bench clean

run: setup migrate demo
	$(BIN)/shingikai runserver $(HOST):$(PORT)

setup: system-deps venv

system-deps:
	@scripts/system-deps run

test-system-deps:
	@scripts/system-deps test

venv: $(STAMP)

$(STAMP): pyproject.toml
	@scripts/check-python $(PYTHON)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

migrate: venv
	$(BIN)/shingikai migrate --noinput

demo: venv
	$(BIN)/shingikai demo

test: setup test-system-deps lint test-sqlite test-postgres

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/shingikai check --fail-level WARNING
	$(BIN)/shingikai makemigrations --check --dry-run

test-sqlite: venv
	@echo "== test suite on SQLite =="
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: venv
	@echo "== test suite on PostgreSQL =="
	scripts/with-postgres $(BIN)/pytest $(PYTEST_ARGS)

bench: venv
	@ls bench/*.py >/dev/null 2>&1 && for b in bench/*.py; do $(BIN)/python $$b; done || true

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
