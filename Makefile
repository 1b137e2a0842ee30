# The two commands a new machine needs: `make demo` and `make test`.
PYTHON ?= python3.11
VENV   ?= .venv
BIN    := $(VENV)/bin
SEED   := $(firstword $(wildcard ../shared/seed/article.txt) examples/article.txt)
DB     ?= var/onrecord.db
# Test processes: one per core (pytest-xdist). An idle process takes tests queued for a busy one
# (--dist worksteal), so one long file does not end the run alone. TEST_WORKERS=0 runs in this process.
TEST_WORKERS ?= auto

.PHONY: demo test test-fast setup bench eval screenshots clean

$(BIN)/onrecord: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

setup: $(BIN)/onrecord

demo: setup
	@mkdir -p var
	$(BIN)/onrecord extract $(SEED)
	$(BIN)/onrecord ingest $(SEED) --db $(DB)
	$(BIN)/onrecord speakers --db $(DB)

test: setup
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal

test-fast: setup
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --maxprocesses 4 --dist worksteal -m "not slow and not browser and not postgres and not spark"

eval: setup
	$(BIN)/onrecord eval ../shared/data/polnear/dev.jsonl --compare

bench: setup
	$(BIN)/onrecord bench

clean:
	rm -rf $(VENV) var .pytest_cache
