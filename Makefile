# Zaoshai: `make run` serves the product, `make test` runs every test. Both set up what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8000
HOST   ?= 127.0.0.1
export FLASK_APP := backend.app:create_cli_app

# pip-compile (pip-tools) lives in a venv of its own, so that the project's venv holds exactly
# what requirements.lock says.
TOOLS  := .venv-tools
PIP_TOOLS ?= pip-tools==7.6.2
LOCK_EXTRAS := --extra test

.PHONY: run test test-system translations bench fuzz soak clean lock lock-upgrade

# Re-install when the lock changes: exactly the pinned versions, each checked against its hash,
# then the project itself without dependencies (everything it needs is in the lock).
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	touch $@

$(TOOLS)/.installed:
	test -x $(TOOLS)/bin/python || $(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/python -m pip install --quiet '$(PIP_TOOLS)'
	touch $@

# requirements.lock from pyproject.toml (dependencies + the test extra), with hashes. Keeps
# every pin that still satisfies pyproject.toml and resolves only what is new or changed, so
# it is quick after adding a dependency; `make lock-upgrade` moves every pin to the newest.
lock: $(TOOLS)/.installed
	$(TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links \
	  $(LOCK_EXTRAS) $(LOCK_ARGS) --output-file requirements.lock pyproject.toml

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations

run: translations
	$(BIN)/flask db upgrade
	$(BIN)/flask seed
	@echo "Zaoshai is running at http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"
	$(BIN)/gunicorn --workers 2 --bind $(HOST):$(PORT) --access-logfile - 'backend.app:create_app()'

# Chromium, the CJK fonts and nginx (browser and slow-client tests): installed when missing
# (as root), or a stop with the one command to run.
test-system:
	bash scripts/ensure-test-system.sh

test: test-system translations
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
	$(BIN)/python bench/submission_instructions.py
	$(BIN)/python bench/batch.py

clean:
	rm -rf $(VENV) $(TOOLS) instance
