# Two commands: `make serve` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 8866
export OCOP_KIT_DATA ?= $(CURDIR)/var

.PHONY: setup serve test test-fast bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/ocop-kit serve --host $(HOST) --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider tests notebooks --nbval-lax

test-fast: $(STAMP)
	$(BIN)/python -m pytest -q -m "not browser" tests

APPS := $(foreach nb,tu-danh-gia y-tuong-san-pham phuong-an-kinh-doanh hoi-dong-va-lop-hoc,--app notebooks/$(nb).ipynb)

# Not part of `make test`: measures start-up time, memory and failed pages against a plain Voila baseline.
bench: $(STAMP)
	$(BIN)/python benchmarks/answer_latency.py
	$(BIN)/python benchmarks/run.py $(APPS) --preheat 1 --write-docs

clean:
	rm -rf $(VENV) var tests/artifacts
