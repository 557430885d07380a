# Two commands on a fresh machine: `make build` and `make test`. Both bootstrap .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DISCLOSURES ?= data/disclosures
RAW ?= data/raw

.PHONY: build load test lint bench clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	touch $@

## build: load the disclosures in DISCLOSURES into raw Parquet under RAW
build: load

load: $(BIN)/.installed
	$(BIN)/python -m loaders $(DISCLOSURES) --out $(RAW)

## test: lint, then the whole test suite (unit and integration)
test: $(BIN)/.installed
	$(BIN)/ruff check loaders tests benchmarks
	$(BIN)/python -m pytest -q

lint: $(BIN)/.installed
	$(BIN)/ruff check loaders tests benchmarks

## bench: loader throughput on the samples replicated (see benchmarks/)
bench: $(BIN)/.installed
	$(BIN)/python -m benchmarks.bench_loaders

clean:
	rm -rf $(RAW) .pytest_cache
