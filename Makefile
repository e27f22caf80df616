# Two commands on a fresh clone: `make run` serves the demo newsroom, `make test` runs the suite.
# Both create .venv and install the pinned requirements first, and are safe to run again.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The development settings build the site's absolute URLs from them (cms/settings/dev.py).
export HOST PORT

.PHONY: run test install migrate demo lint format clean serve-prod

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
		|| { echo "Newsdesk needs Python 3.11 (found: $$($(PYTHON) --version 2>&1)). Set PYTHON=/path/to/python3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)

# Reinstalls only when requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	@touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py load_demo

# The scheduler publishes scheduled stories each minute and the worker runs background tasks
# (webhook deliveries, search indexing) beside the server, and both stop with it. The worker does
# not reload itself: its reloader would outlive the kill.
run: demo
	$(BIN)/python manage.py run_scheduler & scheduler=$$!; \
	$(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$scheduler $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: install
	$(BIN)/python -m pytest

# Serve as production does: gunicorn, whitenoise, production settings. Needs SECRET_KEY and
# ALLOWED_HOSTS in the environment (see the README); SECURE_SSL_REDIRECT=false for plain http.
serve-prod: export DJANGO_SETTINGS_MODULE = cms.settings.production
serve-prod: install
	$(BIN)/python manage.py collectstatic --noinput
	$(BIN)/python manage.py migrate --noinput
	@echo "Background tasks need a worker beside gunicorn: manage.py db_worker (see the README)."
	$(BIN)/gunicorn -c cms/gunicorn.conf.py cms.wsgi

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) db.sqlite3 media collected-static
