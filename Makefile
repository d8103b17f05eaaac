# Fact-check workbench: bootstrap, demo, tests and checks.
# GNU make with POSIX sh recipes. `make help` lists the targets.

SHELL := /bin/sh
.DEFAULT_GOAL := help

# Override any of these on the command line: make PYTHON=/usr/bin/python3.13 test
PYTHON ?=
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
ARGS ?=
HOST ?= 127.0.0.1:8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/factcheck

# Prints the path of a Python >= 3.12, or explains on stderr and fails. Candidates: $(PYTHON)
# if given, else python3.14 .. python3 on PATH, then pyenv's installed versions (newest
# first) -- pyenv's shims fail for versions that are installed but not selected, so the
# versions directory is read directly, also when the pyenv command itself is not on PATH.
find_python = \
	ok() { "$$1" -c 'import sys; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; }; \
	seen=""; \
	note() { \
		v=$$("$$1" -c 'import platform; print(platform.python_version())' 2>/dev/null) || v="does not run"; \
		seen="$$seen$${seen:+, }$$1 ($$v)"; \
	}; \
	if [ -n "$(PYTHON)" ]; then \
		if ok "$(PYTHON)"; then "$(PYTHON)" -c 'import sys; print(sys.executable)'; exit 0; fi; \
		note "$(PYTHON)"; \
		echo "error: PYTHON=$(PYTHON) is not Python 3.12 or newer: $$seen" >&2; exit 1; \
	fi; \
	candidates=""; \
	for c in python3.14 python3.13 python3.12 python3; do \
		p=$$(command -v "$$c" 2>/dev/null) && candidates="$$candidates $$p"; \
	done; \
	root=""; \
	if command -v pyenv >/dev/null 2>&1; then root=$$(pyenv root 2>/dev/null) || root=""; fi; \
	[ -n "$$root" ] || root="$${PYENV_ROOT:-$$HOME/.pyenv}"; \
	if [ -d "$$root/versions" ]; then \
		candidates="$$candidates $$(ls -d "$$root"/versions/*/bin/python 2>/dev/null | sort -r -V)"; \
	fi; \
	for p in $$candidates; do \
		if ok "$$p"; then "$$p" -c 'import sys; print(sys.executable)'; exit 0; fi; \
		note "$$p"; \
	done; \
	{ \
		echo "error: this project needs Python 3.12 or newer, and none was found."; \
		echo "  Install it with your package manager (e.g. apt-get install python3.12) or with"; \
		echo "  \`pyenv install 3.12\`, or name one explicitly: make PYTHON=/path/to/python3.12"; \
		echo "  found: $${seen:-no python3 at all}"; \
	} >&2; \
	exit 1

.PHONY: help venv .venv demo test pg-test check bench openapi schemathesis clean which-python

help:
	@echo "make demo       set up, migrate, load the demo data, serve http://$(HOST)/ with a task worker"
	@echo "make test       run the whole test suite on SQLite (ARGS='...' goes to pytest)"
	@echo "make pg-test    the same suite on PostgreSQL ($(PG_URL))"
	@echo "make check      ruff, ruff format --check, mypy, makemigrations --check, check --deploy"
	@echo "make bench      run every bench/bench_*.py"
	@echo "make openapi    write the API's OpenAPI document to factcheck/api/openapi.json"
	@echo "make schemathesis  fuzz the API on a live demo server against its schema"
	@echo "make clean      remove $(VENV), caches and collected static files (not the database)"
	@echo "make venv       only create $(VENV) and install the project with its dev tools"
	@echo "make which-python  show the Python >= 3.12 the bootstrap would use"

which-python:
	@$(find_python)

# The interpreter is only looked for when the virtualenv has to be made.
$(BIN)/python:
	@py=$$($(find_python)) || exit 1; \
	echo "Creating $(VENV) with $$py ($$("$$py" -c 'import platform; print(platform.python_version())'))"; \
	"$$py" -m venv --clear $(VENV)

# Re-installs only when pyproject.toml changes (or the virtualenv was re-made, which
# clears the stamp).
$(STAMP): pyproject.toml | $(BIN)/python
	@echo "Installing the project and its dev tools into $(VENV): pip install -e '.[dev]' ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@
	@echo "Installed: $$($(BIN)/python -m pip list --disable-pip-version-check 2>/dev/null | wc -l) packages in $(VENV)."

venv .venv: $(STAMP)

# The demo's public address (published pages, ClaimReview url, W3C ids) follows HOST, as
# runserver takes it ("8123", "0.0.0.0:8123", "[::1]:8123"): a bare port is on 127.0.0.1,
# and a server on every interface is linked at the loopback address. A
# FACTCHECK_PUBLIC_BASE_URL set in the environment or on the command line wins.
demo_addr = $(if $(findstring :,$(HOST)),$(HOST),127.0.0.1:$(HOST))
demo_link = $(patsubst 0.0.0.0:%,127.0.0.1:%,$(patsubst [::]:%,[::1]:%,$(demo_addr)))
DEMO_BASE_URL = $(or $(FACTCHECK_PUBLIC_BASE_URL),http://$(demo_link))

demo: export DJANGO_DEBUG = 1
demo: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	FACTCHECK_PUBLIC_BASE_URL='$(DEMO_BASE_URL)' $(BIN)/python manage.py load_demo
	@echo
	@echo "Serving the demo at http://$(demo_link)/ (Ctrl-C stops it and the task worker); published pages link to $(DEMO_BASE_URL)"
	@echo
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	FACTCHECK_PUBLIC_BASE_URL='$(DEMO_BASE_URL)' $(BIN)/python manage.py runserver $(HOST)

# Browser tests skip when no Chromium is found, unless FACTCHECK_REQUIRE_BROWSER=1.
test: $(STAMP)
	$(BIN)/python -m pytest $(ARGS)

pg-test: $(STAMP)
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest $(ARGS)

# Runs every step and lists the failed ones at the end. check --deploy runs under
# production-like settings with a throwaway secret, and any warning fails it.
check: $(STAMP)
	@failed=""; \
	step() { name=$$1; shift; echo "==> $$name"; "$$@" || failed="$$failed $$name"; }; \
	step "ruff check" $(BIN)/ruff check . ; \
	step "ruff format" $(BIN)/ruff format --check . ; \
	step "mypy" $(BIN)/mypy ; \
	step "makemigrations --check" env DJANGO_DEBUG=1 \
		$(BIN)/python manage.py makemigrations --check --dry-run ; \
	key=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))'); \
	step "check --deploy" env DJANGO_DEBUG=0 DJANGO_TESTING=0 DJANGO_SECRET_KEY="$$key" \
		DJANGO_ALLOWED_HOSTS=factcheck.example \
		$(BIN)/python manage.py check --deploy --fail-level WARNING ; \
	if [ -n "$$failed" ]; then echo "make check: failed:$$failed"; exit 1; fi; \
	echo "make check: all passed"

# Each bench/bench_*.py is a script; other modules there (common.py) are its helpers.
bench: $(STAMP)
	@set -e; found=0; \
	for f in bench/bench_*.py; do \
		[ -f "$$f" ] || continue; found=1; \
		echo "=== $$f"; $(BIN)/python "$$f"; \
	done; \
	[ $$found = 1 ] || echo "no benchmarks in bench/ yet"

# The committed schema; tests/api/test_openapi.py fails when it is not current.
openapi: $(STAMP)
	DJANGO_DEBUG=1 $(BIN)/python manage.py export_openapi

# Schemathesis against a throwaway demo database on a live server (.ci/schemathesis.sh).
schemathesis: $(STAMP)
	.ci/schemathesis.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis staticfiles test-results \
		build *.egg-info
	find . -path ./.git -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
