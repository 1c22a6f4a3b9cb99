# Two commands matter: `make demo` and `make test`. Both bootstrap a local .venv
# (python3 -m venv + pip) when it is missing or older than pyproject.toml, so a
# fresh machine needs only Python 3.11+ and make.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=

.PHONY: demo test bench lint venv clean help

help:
	@echo "make demo   - the whole store: till here, self-checkout and ShopExpress in the browser"
	@echo "make test   - run the whole test suite"
	@echo "make bench  - run the benchmarks (table + bench/results/*.json)"
	@echo "make lint   - ruff and the layer contracts"

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed, found " + sys.version.split()[0])'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "python3 -m venv failed: install your Python's venv module (Debian: apt-get install python3-venv)"; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored: it is neither" || true
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test,dev,postgres]' 2>&1 | grep -v "is ignored: it is neither" || true
	@$(BIN)/python -c 'import pos, devices, backend_stub, textual, serial, fastapi' || { echo "dependency install failed"; exit 1; }
	@touch $(STAMP)

venv: $(STAMP)

DEMO_ARGS ?=

# the whole store: backend, rigs, the till here, the lane and handheld in the browser
# (DEMO_ARGS="--till web" serves the till too; "--port-base 9700" moves every port)
demo: $(STAMP)
	$(BIN)/python -m pos.demo $(DEMO_ARGS)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python -m bench

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache .hypothesis .import_linter_cache
