# frontline: two commands for a fresh machine with Python 3.11+, make and git.
#   make demo   install, ingest the bundled example reports into SQLite, print events and control,
#               write out/events.geojson and out/map.html
#   make test   install with the test extras and run the test suite
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
DEMO_DB := out/demo.db

.PHONY: demo test install install-dev typecheck eval clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[web]"
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: $(VENV)/.installed
	@mkdir -p out
	@rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN)/frontline ingest examples/ --db $(DEMO_DB)
	$(BIN)/frontline events --db $(DEMO_DB)
	$(BIN)/frontline control --db $(DEMO_DB) --at 2017-11-15
	$(BIN)/frontline export --db $(DEMO_DB) --format geojson -o out/events.geojson
	$(BIN)/frontline export --db $(DEMO_DB) --format html -o out/map.html

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

eval: $(VENV)/.installed-dev
	$(BIN)/frontline eval seed

clean:
	rm -rf out .pytest_cache .mypy_cache
