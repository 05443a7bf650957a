# Two commands: `make demo` sets everything up and serves the demo centre; `make test` runs every test.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: demo test install lint clean messages

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Hearth needs Python 3.11 ($(PYTHON) not found). Install it, or run: make PYTHON=/path/to/python3.11 demo"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	@$(BIN)/python scripts/compile_messages.py

demo: install
	$(BIN)/hearth demo

$(CHROMIUM):
	@echo "Browser tests need Debian's chromium at $(CHROMIUM): installing it (apt-get install chromium)."
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	 else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi

/usr/bin/xgettext:
	@echo "The translation check needs GNU gettext: installing it (apt-get install gettext)."
	@if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq gettext >/dev/null; \
	 else sudo apt-get update -qq && sudo apt-get install -y -qq gettext >/dev/null; fi

test: install $(CHROMIUM) /usr/bin/xgettext
	$(BIN)/lint-imports
	$(BIN)/ruff check hearth tests scripts conftest.py
	$(BIN)/mypy
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check hearth tests scripts conftest.py
	$(BIN)/mypy

clean:
	rm -rf $(VENV) var
