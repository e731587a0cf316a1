# iptracker developer commands. `make run` starts the demo; `make test` runs the suite.
# Everything runs from the project's own virtualenv (.venv), created on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# Runtime state (sqlite, broker folders, outbox, media, static); the settings read VAR_DIR too.
VAR_DIR ?= var
PYTEST_ARGS ?=
# Test processes (pytest-xdist): one per core; TEST_PROCESSES=0 runs in this process only.
TEST_PROCESSES ?= auto

# pytest and ruff must see the venv's tools (tests start `celery` workers as subprocesses).
export PATH := $(abspath $(BIN)):$(PATH)

.DEFAULT_GOAL := help

.PHONY: help venv install run test lint typecheck format check-deploy messages clean

help:
	@echo "make run           start web + Celery worker + beat with demo data (http://127.0.0.1:8000/)"
	@echo "make test          run the test suite (PYTEST_ARGS='-k name' to narrow)"
	@echo "make lint          ruff check and format check, the layer contract (import-linter), mypy, no missing migration"
	@echo "make typecheck     mypy (django-stubs, DRF stubs) over the engine, calendars, services, selectors"
	@echo "make format        ruff format + import sorting"
	@echo "make check-deploy  Django deployment checks against the production settings"
	@echo "make messages      refresh and compile the translation catalogues (locale/, needs gettext)"
	@echo "make clean         remove runtime state and caches (keeps .venv)"

$(PY):
	$(PYTHON) -m venv $(VENV)

# Reinstall only when a requirements file changes.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --disable-pip-version-check --quiet -r requirements-dev.txt
	touch $@

venv install: $(VENV)/.installed

run: export DEBUG := true
run: install
	mkdir -p $(VAR_DIR)/broker/queue $(VAR_DIR)/broker/control $(VAR_DIR)/outbox \
		$(VAR_DIR)/media $(VAR_DIR)/static
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py seed_demo
	exec bin/run

# DJANGO_SETTINGS_MODULE is cleared so pyproject.toml's iptracker.settings.test always applies.
# DATABASE_URL / REDIS_URL pass through when set (PostgreSQL / Redis); unset means SQLite and
# the filesystem broker.
test: install
	mkdir -p $(VAR_DIR)
	env -u DJANGO_SETTINGS_MODULE $(BIN)/pytest -n $(TEST_PROCESSES) --dist loadgroup $(PYTEST_ARGS)

lint: install typecheck
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run --verbosity 0

# Scope and options in pyproject.toml ([tool.mypy]); the cache is under var/.
typecheck: install
	env -u DJANGO_SETTINGS_MODULE $(BIN)/mypy

format: install
	$(BIN)/ruff check --select I --fix .
	$(BIN)/ruff format .

# A throwaway 64-character key is generated at every call; it is never stored.
check-deploy: install
	SECRET_KEY="$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(48))')" \
	DJANGO_SETTINGS_MODULE=iptracker.settings.production \
	ALLOWED_HOSTS=example.com \
	DEBUG=false \
		$(PY) manage.py check --deploy --fail-level WARNING

# The catalogues hold the app's own strings only; the compiled .mo files are committed.
messages: install
	DEBUG=true $(PY) manage.py makemessages --all --no-obsolete --ignore='$(VENV)/*' --ignore='$(VAR_DIR)/*' \
		--ignore='tests/*' --ignore='bench/*'
	cd locale && for po in */LC_MESSAGES/django.po; do \
		msgattrib --clear-fuzzy --empty --clear-previous -o "$$po" "$$po" && \
		msgfmt --check -o "$${po%.po}.mo" "$$po"; done

clean:
	rm -rf $(VAR_DIR) .pytest_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
