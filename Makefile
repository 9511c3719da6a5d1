# Two commands: `make serve` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8866
# A class opening one app at once: CLASS_SIZE=30 CLASS_APPS=tu-danh-gia make serve
CLASS_SIZE ?= 1
CLASS_APPS ?=
export OCOP_KIT_DATA ?= $(CURDIR)/var

.PHONY: setup serve hub test test-fast lint bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/ocop-kit serve --host $(HOST) --port $(PORT) --class-size $(CLASS_SIZE) $(foreach a,$(CLASS_APPS),--app $(a))

# A province: JupyterHub on this machine (deploy/jupyterhub_config.py; OCOP_HUB_* settings).
HUB_PORT ?= 8000
PROXY    := .node/node_modules/.bin/configurable-http-proxy
$(PROXY):
	command -v npm >/dev/null || { echo "make hub needs Node.js and npm (apt-get install nodejs npm)"; exit 1; }
	npm install --silent --prefix .node configurable-http-proxy@5

hub: $(STAMP) $(PROXY)
	$(BIN)/ocop-kit hub --host $(HOST) --port $(HUB_PORT)

# The linter and the type checker first; tests never touch the drafts in var/: notebooks run by
# nbval get a throw-away data folder. Two processes side by side on a 2-core machine: the browser
# and server tests one at a time (two pages at once starved each other), and everything else
# (unit and widget tests, the notebooks); the second one's report follows the first's.
# TEST_PARALLEL=0 runs everything in one process.
TEST_PARALLEL ?= 1
PYTEST := $(BIN)/python -m pytest -q -p no:cacheprovider
test: lint
	@export OCOP_KIT_DATA=$$(mktemp -d); \
	if [ "$(TEST_PARALLEL)" = 0 ]; then $(PYTEST) tests notebooks --nbval-lax; exit $$?; fi; \
	log=$$(mktemp); \
	$(PYTEST) tests notebooks --nbval-lax --ignore=tests/browser --ignore=tests/hub >$$log 2>&1 & other=$$!; \
	$(PYTEST) tests/browser tests/hub; servers=$$?; \
	wait $$other; rest=$$?; \
	echo "--- unit and widget tests, notebooks ---"; cat $$log; \
	test $$servers -eq 0 -a $$rest -eq 0

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser" tests

# ruff (rules chosen in pyproject.toml) and mypy (core and views; pyproject.toml); `make test` runs it first.
lint: $(STAMP)
	$(BIN)/python -m ruff check ocop_kit tests tools benchmarks
	$(BIN)/python -m mypy

# Not part of `make test` (about 15 minutes): what `make serve` gives one user and a class
# of 30, against a plain pandas+matplotlib Voila form and stock Voila; writes docs/benchmarks.md.
bench: $(STAMP)
	$(BIN)/python benchmarks/answer_latency.py
	$(BIN)/python benchmarks/run.py --write-docs
	$(BIN)/python benchmarks/hub.py --write-docs

clean:
	rm -rf $(VENV) var tests/artifacts
