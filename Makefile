# Waarborg. `make demo` runs the product, `make test` runs the tests; both install what they need.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: install demo test test-sqlite test-postgres lint format docs golden screenshots clean

# System packages come first, each target asking for the parts it needs (scripts/system-deps says which):
# as root they are installed with apt-get, otherwise one line names the command to run.
SYSTEM_DEPS = scripts/system-deps

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	@$(SYSTEM_DEPS) venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo:
	@$(SYSTEM_DEPS) venv pdf
	@$(MAKE) --no-print-directory install
	$(BIN)/waarborg demo examples/registers --serve

# The suite runs on SQLite, then again on a throwaway PostgreSQL cluster (scripts/with-postgres sets
# WAARBORG_TEST_DB; without PostgreSQL server binaries it prints why and skips that run). A failing SQLite
# run does not stop the PostgreSQL run; `make test` fails when either fails.
# pytest exits 5 when a selection (PYTEST_ARGS="-k ...") runs no test: say so instead of failing.
SQLITE_PYTEST   = env -u WAARBORG_TEST_DB $(BIN)/python -m pytest $(PYTEST_ARGS)
POSTGRES_PYTEST = scripts/with-postgres $(BIN)/python -m pytest $(PYTEST_ARGS)
NO_MATCH_IS_OK  = rc=$$?; if [ $$rc -eq 5 ]; then echo "no test matched PYTEST_ARGS='$(PYTEST_ARGS)'"; rc=0; fi

test:
	@$(SYSTEM_DEPS) venv pdf browser postgres
	@$(MAKE) --no-print-directory install
	@echo "== SQLite run =="; $(SQLITE_PYTEST); $(NO_MATCH_IS_OK); sqlite=$$rc; \
	echo "== PostgreSQL run =="; $(POSTGRES_PYTEST); $(NO_MATCH_IS_OK); \
	if [ $$sqlite -ne 0 ]; then echo "the SQLite run failed (exit $$sqlite)"; exit $$sqlite; fi; exit $$rc

test-sqlite:
	@$(SYSTEM_DEPS) venv pdf browser
	@$(MAKE) --no-print-directory install
	@$(SQLITE_PYTEST); $(NO_MATCH_IS_OK); exit $$rc

test-postgres:
	@$(SYSTEM_DEPS) venv pdf browser postgres
	@$(MAKE) --no-print-directory install
	@$(POSTGRES_PYTEST); $(NO_MATCH_IS_OK); exit $$rc

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

# Regenerate what is generated from the code; review the diff before committing.
docs: install
	$(BIN)/waarborg check --list-rules --format md > docs/rules.md

golden: install
	mkdir -p tests/golden
	for f in examples/registers/*.yaml; do \
	  name=$$(basename $$f .yaml); \
	  $(BIN)/waarborg check $$f --format json > tests/golden/$$name.check.json || [ $$? -eq 1 ]; \
	  for lang in nl en; do $(BIN)/waarborg render $$f --lang $$lang --format md -o tests/golden/$$name.$$lang.md; done; \
	done

# The phone and desktop screenshots in docs/screenshots/ (its README says what they show), taken in Chromium
# from the browser tests' seeded vault; review them before committing.
screenshots:
	@$(SYSTEM_DEPS) venv browser
	@$(MAKE) --no-print-directory install
	WAARBORG_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -q -p no:cacheprovider tests/browser/test_screenshots.py

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache .hypothesis
