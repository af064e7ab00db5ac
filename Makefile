# FamilyHub: the two commands are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv
PY := $(VENV)/bin/python
# uv is found when used (it may have just been installed by pip, wherever pip puts it).
UV = $(shell command -v uv 2>/dev/null || echo python3 -m uv)
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: help run test install assets static chromium system-libs lint format check clean

help:
	@echo "make run    – install everything, migrate, load the demo borough, serve on http://127.0.0.1:8000"
	@echo "make test   – install what the tests need and run lint, unit, view and browser tests"
	@echo "make lint   – ruff (lint and format check), the house-rule checks, the import contracts and mypy"

.PHONY: uv
uv:
	@command -v uv >/dev/null 2>&1 || python3 -m uv --version >/dev/null 2>&1 || \
	  python3 -m pip install --quiet uv || python3 -m pip install --quiet --user uv

install: $(VENV)/.installed assets system-libs
$(VENV)/.installed: pyproject.toml uv.lock | uv
	$(UV) sync --frozen --quiet
	@touch $@

assets: node_modules/.installed
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

static: install
	DJANGO_SETTINGS_MODULE=familyhub.settings.dev $(PY) manage.py collectstatic --noinput --verbosity 0

run: install static
	DJANGO_SETTINGS_MODULE=familyhub.settings.dev $(PY) manage.py migrate --noinput --verbosity 0
	DJANGO_SETTINGS_MODULE=familyhub.settings.dev $(VENV)/bin/familyhub demo
	DJANGO_SETTINGS_MODULE=familyhub.settings.dev $(VENV)/bin/familyhub serve

# WeasyPrint (PDF exports) needs Pango from Debian.
system-libs:
	@if ! ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Pango for PDF exports..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null; \
	  else \
	    echo "PDF exports need Pango: run 'sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0'"; \
	  fi; \
	fi

chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing Debian chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium: run 'sudo apt-get install chromium'"; exit 1; \
	  fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/check_house_rules.py
	$(VENV)/bin/lint-imports --no-cache
	$(VENV)/bin/mypy
	$(VENV)/bin/bandit -q -r . -x ./.venv,./node_modules,./staticfiles,./var -lll

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# PYTEST_ARGS lets CI choose e.g. "-m 'not browser'"; the default runs everything.
PYTEST_ARGS ?=
test: install chromium lint
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

clean:
	rm -rf staticfiles var/screenshots

.PHONY: drill-restore
# Backup now, restore into a fresh database, `audit verify` the copy (deploy/README.md: backups).
drill-restore: install
	$(VENV)/bin/familyhub drill-restore $(DRILL_ARGS)

# Matching benchmark: this engine vs Splink 5 (DuckDB) on the same synthetic files at each
# size, FEBRL3/4, and match-server latency. BENCH_SIZES=10000,100000 shortens the run.
.PHONY: bench-match
bench-match: | uv
	$(UV) sync --frozen --group bench --quiet
	$(PY) -m matching.bench.run

# Regional linkage: Splink 5's Spark backend (local[2], Java 17) with the same settings as the
# DuckDB runner, on a generated file, beside DuckDB: pairs, clusters, precision/recall/F1, time.
# BENCH_SPARK_RECORDS=20000 shortens it (default 200,000).
.PHONY: bench-link-spark
bench-link-spark: | uv
	$(UV) sync --frozen --group bench --quiet
	$(PY) -m matching.bench.splink_spark

# Real-time latency of the app's register search (matching.register.find) on a throw-away
# SQLite file and PostgreSQL database; BENCH_DB_SIZE=100000 shrinks it (default 1,000,000).
.PHONY: bench-match-db
bench-match-db: install
	$(PY) -m matching.bench.db_latency

# `familyhub demo` at a council's size on PostgreSQL: about 1,000,000 people (224,000 families)
# into its own database (familyhub_bench_demo, dropped and built again each run), with the time
# of each step and the load average. BENCH_DEMO_FAMILIES=20000 for a quick run.
.PHONY: bench-demo
bench-demo: install
	$(PY) -m demo.bench

# `familyhub link` at scale: a 500,000-row extract (errors, new people, twins) drawn from a
# 1,000,000-person register on PostgreSQL (familyhub_bench_link, a fresh copy each run of a
# register database built once), and 20,000 rows against 100,000 on SQLite (var/). Prints
# rows/s, peak memory and the linked/queued/new counts with the load average.
# BENCH_LINK_SIZE / BENCH_LINK_ROWS change the sizes, BENCH_LINK_DB=sqlite runs one database,
# BENCH_LINK_REBUILD=1 builds the register and extract again.
.PHONY: bench-link
bench-link: install
	@for db in $${BENCH_LINK_DB:-postgresql sqlite}; do BENCH_LINK_DB=$$db $(PY) -m web.bench.link || exit 1; done

# Home, search and family page at a council's size on PostgreSQL with stock settings, for a
# practitioner, a manager and a partner, and the EXPLAIN of each visibility filter. Builds the
# register once into its own database (familyhub_bench_visibility) and reuses it;
# BENCH_VISIBILITY_SIZE=100000 for a quick run, BENCH_VISIBILITY_REBUILD=1 to build again.
.PHONY: bench-visibility
bench-visibility: install
	$(PY) -m web.bench.visibility

# The search box asked as practitioners ask it (a misspelt surname, a first name alone, the start
# of a name, a nickname, a date of birth, a postcode, an NHS number or UPN), on bench-visibility's
# register shape (with NHS numbers and UPNs) in its own PostgreSQL and SQLite databases: recall
# in the first 10 and p50/p95 per kind on each. BENCH_SEARCH_QUERIES=200 shortens it,
# BENCH_SEARCH_SIZE=100000 builds a smaller register, BENCH_SEARCH_DB=sqlite runs one database.
.PHONY: bench-search
bench-search: install
	@for db in $${BENCH_SEARCH_DB:-postgresql sqlite}; do BENCH_SEARCH_DB=$$db $(PY) -m web.bench.search || exit 1; done

# CIN census at 10,000 and 100,000 children on PostgreSQL: time and peak memory (streamed, so
# flat). Builds its own database (familyhub_bench_returns) once, growing it size by size;
# BENCH_RETURNS_SIZES=10000 for a quick run, BENCH_RETURNS_REBUILD=1 to build again.
.PHONY: bench-returns
bench-returns: install
	$(PY) -m returns.bench.census
	$(PY) -m web.bench.dashboards

# The dashboards at 1,000,000 persons on PostgreSQL (bench-visibility's register, with a casework
# history for 200,000 children added once): the nightly summary's build time, then p50/p95 ms
# and queries of each dashboard, its CSV and a manager's drill-down.
.PHONY: bench-dashboards
bench-dashboards: install
	$(PY) -m web.bench.dashboards

# Load: locust (bench group) headless from a second process against gunicorn (2 workers,
# production settings) on bench-visibility's 1,000,000-person register with bench-dashboards'
# casework history: home, search, family and person pages, caseloads, the front-door queue and
# the partner API beside a floor page, at 16 and 50 users for BENCH_LOAD_SECONDS (60) each;
# p50/p95/p99, errors, p95 over the floor's, a table and var/bench_load.json.
.PHONY: bench-load
bench-load: | uv
	$(UV) sync --frozen --group bench --quiet
	$(PY) -m web.bench.load
