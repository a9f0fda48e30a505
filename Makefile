# Two entry points for a fresh machine with Python 3.11+, git and make:
#   make demo   set up .venv and run commsctl on examples/plan
#   make test   set up .venv and run the test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test venv bench schema clean audit-pack-demo

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
	@# check exits 1 on findings; the example plan has three planted ones (late, missing, unapproved).
	$(BIN)/commsctl check examples/plan --since 2026-08-01 --until 2026-11-30 --now 2026-12-01T09:00:00+01:00 \
		|| echo "check: exit code $$? (the planted findings above)"
	$(MAKE) --no-print-directory audit-pack-demo

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_validate.py
	$(BIN)/python benchmarks/bench_history.py
	$(BIN)/python benchmarks/bench_ci.py
	$(BIN)/python benchmarks/bench_render.py
	$(BIN)/python benchmarks/bench_check.py

schema: $(STAMP)
	$(BIN)/commsctl schema --out schema

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache

# Audit pack of examples/plan from this repository's own history. A shallow
# clone has no full history: the pack is skipped with the refusal printed.
# --since 2026-08-01 checks all the example records (August to November 2026), whatever the commit date of HEAD.
audit-pack-demo: $(STAMP)
	@if [ "$$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then \
		$(BIN)/commsctl audit-pack examples/plan --since 2026-08-01 --out build/audit-pack --force || \
		echo "audit pack skipped: run 'git fetch --unshallow' to build it"; \
	else \
		$(BIN)/commsctl audit-pack examples/plan --since 2026-08-01 --out build/audit-pack --force && \
		$(BIN)/commsctl verify-pack build/audit-pack; \
	fi
