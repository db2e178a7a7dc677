# SEND casework. `make` alone prints this help.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# manage.py defaults to the production settings; the demo targets ask for the development ones.
DEV := DJANGO_SETTINGS_MODULE=send_portal.settings.dev

.DEFAULT_GOAL := help
.PHONY: help install install-dev assets run test test-fast lint format migrate seed bench worker beat audit clean

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

migrate: $(VENV)/.installed ## apply migrations to the demo's database (development settings)
	$(DEV) $(PY) manage.py migrate --noinput

seed: migrate ## load the demo users and cases (refuses a database with real people in it)
	$(DEV) $(PY) manage.py seed_demo

run: install seed ## set up and serve the app on the embedded default (SQLite, eager tasks)
	@echo "Serving on http://$(HOST):$(PORT)/ (sign in with a demo login above)"
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev ## install what tests need and run the whole suite
	$(BIN)/pytest -n 2 --dist loadgroup

test-fast: ## run the suite without reinstalling, keeping the test database (no browser tests)
	$(BIN)/pytest -n 2 -m "not browser" --reuse-db

lint: $(VENV)/.installed-dev ## ruff, ruff format, djLint and the missing-migrations check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djlint templates --check --quiet
	$(DEV) $(PY) manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-dev ## apply ruff format and djLint's formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djlint templates --reformat --quiet || true

bench: $(VENV)/.installed-dev ## benchmarks on the configured database (use DATABASE_URL for PostgreSQL)
	BENCHMARK=1 $(BIN)/pytest tests/benchmarks -p no:xdist -s -q

worker: $(VENV)/.installed ## run a Celery worker (production settings unless told; needs REDIS_URL)
	$(BIN)/celery -A send_portal worker --loglevel=INFO

beat: $(VENV)/.installed ## run Celery beat, the nightly schedule (as `worker`)
	$(BIN)/celery -A send_portal beat --loglevel=INFO

audit: ## check locked packages against advisories (monthly; needs pypi.org's and npm's advisory APIs)
	[ -x $(VENV)/audit-tools/bin/pip-audit ] || { $(PYTHON) -m venv $(VENV)/audit-tools \
	  && $(VENV)/audit-tools/bin/pip install --quiet pip-audit; }
	$(VENV)/audit-tools/bin/pip-audit --strict --no-deps --disable-pip \
	  -r requirements.lock -r requirements-dev.lock
	npm audit --omit=dev

clean: ## remove the virtualenv, node_modules, built assets and the SQLite database
	rm -rf $(VENV) node_modules static/build staticfiles var
