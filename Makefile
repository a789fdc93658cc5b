# Two commands for a fresh machine (see README.md):
#   make reproduce   create .venv, install the pinned environment, run the whole workflow with the paper's
#                    seed check (config/seed_check.yaml: the studies rerun with 4 other seeds)
#   make test        same environment, run the whole test suite (unit + end-to-end)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
CORES  ?= all

.PHONY: reproduce test env lint format clean

$(BIN)/.installed: requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

env: $(BIN)/.installed

reproduce: env
	$(BIN)/snakemake --cores $(CORES) --configfile config/seed_check.yaml

test: env
	$(BIN)/python -m pytest -n 2 --dist loadgroup

lint: env
	$(BIN)/snakemake --lint
	$(BIN)/snakefmt --check Snakefile workflow/
	$(BIN)/ruff check src tests workflow/scripts bench

format: env
	$(BIN)/snakefmt Snakefile workflow/
	$(BIN)/ruff format src tests workflow/scripts bench

clean:
	rm -rf results logs benchmarks paper/build .snakemake
