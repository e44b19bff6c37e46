# Kinerja — the two commands: `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1
PYTEST_ARGS ?=
# The database suites run on every core (pytest-xdist; each worker has its own test database).
XDIST ?= -n auto --dist loadgroup
# Browser tests: each worker has its own live server, database and chromium; an idle worker
# takes waiting tests from the other (the accessibility crawl is two long tests).
BROWSER_XDIST ?= -n auto --dist worksteal

.PHONY: demo test install install-dev lint migrations-check messages messages-check \
        test-sqlite test-postgres test-browser test-cluster serve clean guide

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# Compile the message catalogues (Indonesian is the default language).
messages: $(VENV)/.installed
	cd src/kinerja && KINERJA_DEMO=true ../../$(BIN)/kinerja compilemessages --verbosity 0

demo: $(VENV)/.installed messages
	KINERJA_DEMO=true $(BIN)/kinerja collectstatic --noinput --verbosity 0
	KINERJA_DEMO=true $(BIN)/kinerja demo
	@echo "Kinerja: http://$(HOST):$(PORT)/"
	KINERJA_DEMO=true $(BIN)/kinerja serve --host $(HOST) --port $(PORT) --with-worker

serve: $(VENV)/.installed
	KINERJA_DEMO=true $(BIN)/kinerja serve --host $(HOST) --port $(PORT)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/ruff check src tests bench scripts

migrations-check: $(VENV)/.installed-dev
	KINERJA_DEMO=true KINERJA_VAR_DIR=$$(mktemp -d) $(BIN)/kinerja makemigrations --check --dry-run

messages-check: $(VENV)/.installed-dev messages
	$(BIN)/python scripts/check_messages.py

test-sqlite: $(VENV)/.installed-dev
	$(BIN)/pytest -m "not browser and not cluster" $(XDIST) $(PYTEST_ARGS)

test-postgres: $(VENV)/.installed-dev
	scripts/with-postgres.sh $(BIN)/pytest -m "not browser and not cluster" $(XDIST) $(PYTEST_ARGS)

# Two app servers and two workers on one PostgreSQL and an S3 store (moto): tests/cluster, in order.
test-cluster: $(VENV)/.installed-dev
	scripts/with-postgres.sh $(BIN)/pytest tests/cluster -m cluster -p no:randomly $(PYTEST_ARGS)

test-browser: $(VENV)/.installed-dev
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(BIN)/pytest -m browser $(BROWSER_XDIST) $(PYTEST_ARGS)

# The user guide's screenshots (src/kinerja/guide/static/guide/img/) from a fresh demo world.
guide: $(VENV)/.installed-dev messages
	scripts/ensure-system-packages.sh
	$(BIN)/python scripts/make_guide.py

test: $(VENV)/.installed-dev
	scripts/ensure-system-packages.sh
	$(MAKE) lint migrations-check messages-check
	$(MAKE) test-sqlite
	$(MAKE) test-postgres
	$(MAKE) test-browser
	$(MAKE) test-cluster

clean:
	rm -rf $(VENV) var build src/*.egg-info
