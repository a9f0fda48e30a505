# Two entry points for a fresh machine with Python 3.11+, git and make:
#   make demo   set up .venv and run commsctl on examples/plan
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench schema clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/commsctl validate examples/plan
	$(BIN)/commsctl show examples/plan
	$(BIN)/commsctl render major-incident-customer-update --plan examples/plan --data examples/plan/samples/major-incident-customer-update.yaml
# check exits 1 on its findings; the example plan has three planted ones, so '-' keeps the demo going.
	-$(BIN)/commsctl check examples/plan --since 2026-08-01 --until 2026-11-30 --now 2026-12-01T09:00:00+01:00

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_check.py

schema: $(STAMP)
	$(BIN)/commsctl schema --out schema

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
