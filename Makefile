# Zaoshai: `make run` serves the product, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
export FLASK_APP := backend.app:create_cli_app

.PHONY: run test translations bench fuzz soak clean

# Re-install when the dependency list changes.
$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	@echo "Zaoshai is running at http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - 'backend.app:create_app()'

test: translations
	$(BIN)/python -m pytest

# The schemathesis run of `make test`, long: 100 examples per operation, mode and caller (~10 min).
fuzz: translations
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-100} $(BIN)/python -m pytest -q tests/hardening/test_fuzz.py

# 60 s of mixed traffic at a steady rate against gunicorn + PostgreSQL (a fresh zaoshai_soak).
soak: translations
	$(BIN)/python bench/soak.py $(SOAK_ARGS)

bench: translations
	$(BIN)/python bench/scoring.py
	$(BIN)/python bench/http_assess.py

clean:
	rm -rf $(VENV) instance
