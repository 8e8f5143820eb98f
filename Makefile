# make run   - set up everything and start the registry on http://127.0.0.1:8000 (SQLite, local files)
# make test  - install what the tests need and run them all (PostgreSQL, S3 server, SQLite run)
# make bench - seed a registry, serve it, load it with wrk; write bench/report.md (+ .json)
#              BENCH_SCALE=0.1 (default 1: 10^6 blocks and ledger entries), BENCH_SECONDS=10

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# mypy --strict covers all of backend/ and storage/.
TYPED := storage backend

.PHONY: run test lint lock bench migrate ui e2e clean system-test-deps browser-test-deps \
  oidc-test-provider

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  (echo "Python 3.11 or newer is needed" >&2; exit 1)
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update && \
	  $(SUDO) apt-get install -y python3-venv && $(PYTHON) -m venv $(VENV); }
	$(BIN)/pip install --quiet --upgrade pip

# The dependencies come from the lock files (exact versions, every file's hash); the project
# itself is installed on top without resolving anything again. `make lock` rewrites them.
$(STAMP).app: $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(STAMP).test: $(STAMP).app requirements-test.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-test.lock
	touch $@

LOCK := $(BIN)/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url \
  --no-emit-find-links
lock: $(BIN)/python
	$(BIN)/pip install --quiet pip-tools
	$(LOCK) --output-file requirements.lock pyproject.toml
	$(LOCK) --extra test --output-file requirements-test.lock pyproject.toml

# The web UI: npm ci from the committed lock file, then codegen, tsc, vite build and the bundle
# size check (frontend/dist, served by the Python app).
ui:
	@if [ -f frontend/package.json ]; then \
	  command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }; \
	  cd frontend && npm ci --no-audit --no-fund && npm run build; \
	else echo "no frontend yet: the registry serves its plain page"; fi

# Debian's chromium for the browser tests (Playwright drives it; it never downloads a browser).
browser-test-deps:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update && $(SUDO) apt-get install -y chromium; }

# The browser tests alone: the real server on PostgreSQL and S3, screenshots in tests/e2e/artefacts/.
e2e: $(STAMP).test system-test-deps browser-test-deps ui
	$(BIN)/pytest -q tests/e2e

migrate: $(STAMP).app
	$(BIN)/carbon-registry migrate

run: $(STAMP).app ui
	$(BIN)/carbon-registry serve --host $(HOST) --port $(PORT)

# PostgreSQL's server binaries (initdb, pg_ctl) for the throwaway test cluster, and wrk (the
# HTTP load generator of make bench and of its smoke test).
system-test-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends postgresql; }
	@command -v wrk >/dev/null || { \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends wrk; }

lint: $(STAMP).test
	$(BIN)/ruff check backend storage tests
	$(BIN)/lint-imports
	$(BIN)/mypy $(TYPED)

# The real OpenID provider (npm oidc-provider) that the sign-in tests start on loopback.
oidc-test-provider:
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	cd tests/identity/provider && npm ci --no-audit --no-fund

test: $(STAMP).test system-test-deps oidc-test-provider lint browser-test-deps ui
	$(BIN)/pytest -q --ignore=tests/e2e
	REGISTRY_TEST_DB=sqlite $(BIN)/pytest -q tests/services tests/schema
	$(BIN)/pytest -q tests/e2e

BENCH_SCALE   ?= 1
BENCH_SECONDS ?= 10
bench: $(STAMP).test system-test-deps
	$(BIN)/python -m bench.ledger --out bench/ledger-report.md \
	  $(if $(filter 1,$(BENCH_SCALE)),,--quick)
	BENCH_SCALE=$(BENCH_SCALE) BENCH_SECONDS=$(BENCH_SECONDS) $(BIN)/python -m bench.registry \
	  --out bench/report.md --ledger-report bench/ledger-report.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
