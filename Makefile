# court-archiver: `make crawl` (live), `make demo` (offline mirror), `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TERM_ARG := $(if $(TERM_YY),-a term=$(TERM_YY),)

.PHONY: setup crawl demo lint test bench clean

$(BIN)/courtarchive: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,courts,web]"
	touch $@

setup: $(BIN)/courtarchive

# The main job: this term's Supreme Court opinions into ./archive (COURT_ARCHIVE_URI to change).
crawl: setup
	$(BIN)/scrapy crawl scotus $(TERM_ARG)

# Offline: real court PDFs from ../shared, each listed with its own facts by local copies of
# supremecourt.gov and CourtListener's API on 127.0.0.1, crawled into ./archive (COURT_ARCHIVE_URI).
demo: setup
	$(BIN)/python -m tests.demo

# The linters CI runs before the tests: ruff (its default rules, and its formatting) and mypy --strict
# (parsers, storage, scrapers).
lint: setup
	$(BIN)/ruff check parsers storage scrapers bench tests
	$(BIN)/ruff format --check parsers storage scrapers bench tests
	$(BIN)/mypy

test: setup
	$(BIN)/pytest -n auto

clean:
	rm -rf $(VENV) archive
