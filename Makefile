# SEND casework. `make` alone prints this help.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install install-dev assets run test test-fast lint format migrate seed bench worker beat clean

help: ## show this help
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  make %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(BIN)/activate:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/activate requirements.lock
	$(BIN)/pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: $(BIN)/activate requirements-dev.lock
	$(BIN)/pip install --quiet -r requirements-dev.lock
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed assets ## create the virtualenv, install locked packages, build assets

install-dev: $(VENV)/.installed-dev assets ## install, plus what the tests need

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

assets: node_modules/.package-lock.json ## compile GOV.UK Frontend with the council's theme
	npm run --silent build

migrate: $(VENV)/.installed ## apply database migrations
	$(PY) manage.py migrate --noinput

seed: migrate ## load the demo users and cases (never in production)
	$(PY) manage.py seed_demo

run: install seed ## set up and serve the app on the embedded default (SQLite, eager tasks)
	@echo "Serving on http://$(HOST):$(PORT)/ (sign in with a demo login above)"
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev ## install what tests need and run the whole suite
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: ## run the suite without reinstalling (skips browser tests)
	$(BIN)/pytest -n 2 -m "not browser"

lint: $(VENV)/.installed-dev ## ruff, ruff format, djLint and the missing-migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --check --quiet
	$(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev ## apply ruff format and djLint's formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet || true

bench: $(VENV)/.installed-dev ## benchmarks on the configured database (use DATABASE_URL for PostgreSQL)
	BENCHMARK=1 $(BIN)/pytest tests/benchmarks -p no:xdist -s -q

worker: $(VENV)/.installed ## run a Celery worker (needs REDIS_URL)
	$(BIN)/celery -A send_portal worker --loglevel=INFO

beat: $(VENV)/.installed ## run Celery beat, the nightly schedule (needs REDIS_URL)
	$(BIN)/celery -A send_portal beat --loglevel=INFO

clean: ## remove the virtualenv, node_modules, built assets and the SQLite database
	rm -rf $(VENV) node_modules static/build staticfiles var
