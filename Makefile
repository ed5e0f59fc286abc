# Two commands a new user needs (only Python >= 3.11 and make required):
#   make run    set up, load the example data into the default store, open riskctl on it
#   make test   set up and run the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test check lint types format catalogs bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/riskctl examples load
	$(BIN)/riskctl

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff format --check riskctl tests
	$(BIN)/ruff check riskctl tests

types: $(STAMP)
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format riskctl tests
	$(BIN)/ruff check --fix riskctl tests

check: lint types test

# The performance goals against their baselines (a few minutes; `bench/run.py --small` is
# the quick smoke test that CI runs).
bench: $(STAMP)
	$(BIN)/python bench/run.py

# Compile the Swedish catalogs (riskctl/locale/sv/LC_MESSAGES/*.po -> .mo); the .mo files ship.
catalogs: $(STAMP)
	for po in riskctl/locale/*/LC_MESSAGES/*.po; do \
	  $(BIN)/pybabel compile --use-fuzzy -i $$po -o $${po%.po}.mo || exit 1; done

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build dist *.egg-info
