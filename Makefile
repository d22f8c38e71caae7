# CyberCantal Télécentres — `make help` lists the targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The one public base URL: emails, sitemap, feeds, iCalendar and the Site record follow it.
export WAGTAILADMIN_BASE_URL ?= http://$(HOST):$(PORT)

.PHONY: help install run test test-postgres bench lint format check messages clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP) ## Create .venv and install the project with its dev tools

run: $(STAMP) ## Migrate SQLite, seed the demo data and serve http://127.0.0.1:8000
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "  Site:   http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  (login: editeur / cantal-dev)"
	@echo ""
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP) ## Run the whole suite (what cannot run here is skipped, with the reason)
	@bash scripts/test.sh $(PYTEST_ARGS)

bench: $(STAMP) ## Run the benchmarks (all, or PARTS="pages signups search") and write docs/performance.md
	$(BIN)/python -m benchmarks $(PARTS)

lint: $(STAMP) ## Ruff lint and format check, djhtml check, mypy on the typed interfaces
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	git ls-files '*.html' | xargs $(BIN)/djhtml --check
	$(BIN)/mypy

format: $(STAMP) ## Format the code with ruff and the templates with djhtml
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	git ls-files '*.html' | xargs $(BIN)/djhtml

check: $(STAMP) ## Django system checks and missing migrations
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

messages: $(STAMP) ## Update the English translation catalogue
	$(BIN)/python manage.py makemessages -l en --no-obsolete \
		--ignore=.venv --ignore=.es --ignore=tests --ignore=benchmarks --ignore=static_collected
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean: ## Remove the virtualenv, the SQLite database and caches
	rm -rf $(VENV) db.sqlite3 db.sqlite3-* .pytest_cache .ruff_cache
