# paradeplan: `make demo` and `make test` set everything up from a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test
CHROMIUM := /usr/bin/chromium
OPENSSL := /usr/bin/openssl
# Debian's PostgreSQL server programs (the newest installed version), for the tests on PostgreSQL
PG_INITDB := $(or $(shell ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -1),/usr/lib/postgresql/N/bin/initdb)
# Pango draws the PDF handouts' text (WeasyPrint); Poppler's pdftoppm draws their pages in the tests
PANGO := $(or $(shell ls /usr/lib/*/libpangoft2-1.0.so.0 2>/dev/null | head -1),/usr/lib/libpangoft2-1.0.so.0)
PDFTOPPM := /usr/bin/pdftoppm
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test test-fast fuzz bench install clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $(STAMP)

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,verify]'
	touch $(STAMP) $(TEST_STAMP)

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser)
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium

# openssl makes the self-signed certificate of the HTTPS test
$(OPENSSL):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openssl

# Debian's postgresql: the tests start a throwaway cluster of it in a temporary folder (tests/postgres.py)
$(PG_INITDB):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql

# WeasyPrint's system libraries and a font, for the PDF handouts (paradeplan export, the workspace's downloads)
$(PANGO):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core

$(PDFTOPPM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq poppler-utils

install: $(STAMP) $(PANGO)

# plans Astana, then serves the workspace on loopback and prints the URL to open (Ctrl-C stops it)
demo: $(STAMP) $(PANGO)
	$(BIN)/paradeplan plan examples/astana-2025.yaml
	$(BIN)/paradeplan serve --db paradeplan.db

# lint and type-check (config in pyproject.toml), then every test: browser, engines and slow ones included,
# the storage tests on SQLite and on PostgreSQL
test: $(TEST_STAMP) $(CHROMIUM) $(PG_INITDB) $(OPENSSL) $(PANGO) $(PDFTOPPM)
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/mypy
	$(BIN)/python -m pytest

# the tests a change is worked against: no browser, no SUMO or BlueSky, nothing slow, on every core (under 30 s)
test-fast: $(TEST_STAMP) $(PG_INITDB) $(PANGO) $(PDFTOPPM)
	$(BIN)/python -m pytest -n auto -m "not browser and not engines and not slow and not fuzz"

# the long fuzz runs, thousands of generated inputs each (deselected from make test by pyproject's addopts)
fuzz: $(TEST_STAMP)
	$(BIN)/python -m pytest -m fuzz

bench: $(TEST_STAMP)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache build src/*.egg-info
