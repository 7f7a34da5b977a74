# The two commands in the README: `make run` and `make test`.
# Each one creates the virtual environment and installs the pinned
# dependencies on first use, so a fresh clone needs nothing else.

VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip --disable-pip-version-check -q
ARGS ?=
PYTEST_ARGS ?=

.PHONY: run test lint typecheck bench lock clean

run: $(VENV)/.deps-run
	$(VENV)/bin/softlanding serve $(ARGS)

test: $(VENV)/.deps-dev
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.deps-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(VENV)/.deps-dev
	$(VENV)/bin/mypy softlanding

bench: $(VENV)/.deps-dev
	$(PY) -m bench $(ARGS)

# Re-pin every dependency after changing pyproject.toml or requirements/dev.in.
lock: $(VENV)/.deps-dev
	$(PY) -m pip install -q uv
	$(VENV)/bin/uv pip compile --universal --python-version 3.12 pyproject.toml -o requirements/base.txt
	$(VENV)/bin/uv pip compile --universal --python-version 3.12 pyproject.toml requirements/dev.in -o requirements/dev.txt

$(PY):
	@python=$$(scripts/find-python) && echo "Creating $(VENV) with $$python" && "$$python" -m venv $(VENV)

$(VENV)/.deps-run: requirements/base.txt pyproject.toml | $(PY)
	$(PIP) install -r requirements/base.txt
	$(PIP) install --no-deps -e .
	@touch $@

$(VENV)/.deps-dev: requirements/dev.txt $(VENV)/.deps-run
	$(PIP) install -r requirements/dev.txt
	@touch $@

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
