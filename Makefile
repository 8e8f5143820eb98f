# make run   - set up everything and start the registry on http://127.0.0.1:8000 (SQLite, local files)
# make test  - install what the tests need and run them all (PostgreSQL, S3 server, SQLite run)
# make bench - measure the ledger and write bench/report.md

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# mypy --strict covers these; a module not listed (backend/schema until it is typed) is read for
# its types but its own errors are not reported (--follow-imports=silent).
TYPED := storage backend/__init__.py backend/ledger backend/services backend/policy.py \
  backend/models backend/migrations backend/db.py backend/errors.py backend/request_id.py \
  backend/config.py backend/context.py backend/app.py backend/cli.py backend/web

.PHONY: oidc-test-provider run test lint lock bench migrate ui clean system-test-deps

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

ui:
	@if [ -f frontend/package.json ]; then \
	  command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }; \
	  cd frontend && npm ci --no-audit --no-fund && npm run build; \
	else echo "no frontend yet: the registry serves its plain page"; fi

migrate: $(STAMP).app
	$(BIN)/carbon-registry migrate

run: $(STAMP).app ui
	$(BIN)/carbon-registry serve --host $(HOST) --port $(PORT)

# PostgreSQL's server binaries (initdb, pg_ctl) for the throwaway test cluster.
system-test-deps:
	@ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update && $(SUDO) apt-get install -y --no-install-recommends postgresql; }

lint: $(STAMP).test
	$(BIN)/ruff check backend storage tests
	$(BIN)/lint-imports
	$(BIN)/mypy --follow-imports=silent $(TYPED)

# The real OpenID provider (npm oidc-provider) that the sign-in tests start on loopback.
oidc-test-provider:
	@command -v npm >/dev/null || { $(SUDO) apt-get update && $(SUDO) apt-get install -y nodejs npm; }
	cd tests/identity/provider && npm ci --no-audit --no-fund

test: $(STAMP).test system-test-deps oidc-test-provider lint
	$(BIN)/pytest -q
	REGISTRY_TEST_DB=sqlite $(BIN)/pytest -q tests/services tests/schema

bench: $(STAMP).test system-test-deps
	$(BIN)/python -m bench.ledger --out bench/report.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
