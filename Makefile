# The two commands of the quick start: `make report` and `make test`; `make fix` before committing.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
MW     := $(VENV)/bin/modelwatch
# `make report` reviews the latest year with releases; `make report YEAR=2025` reviews 2025
# test processes for `make test` (pytest-xdist): one per core unless told
WORKERS ?= auto
YEAR   ?=

LINTED := modelwatch tests bench scripts

.PHONY: report test lint fix docs ci bench fuzz system-deps clean

# The runtime environment (enough for `make report`), then the developer tools on top.
$(VENV)/.ok: pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "modelwatch needs Python 3.11+"'
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(VENV)/.ok
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

report: $(VENV)/.ok
	$(MW) report $(if $(YEAR),--year $(YEAR)) --out report

# Also the pre-commit hook (.pre-commit-config.yaml): `pre-commit install` once, from the venv.
lint: $(VENV)/.dev
	$(VENV)/bin/ruff format --check $(LINTED)
	$(VENV)/bin/ruff check $(LINTED)
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports
	$(PY) scripts/cli_reference.py --check
	$(PY) scripts/schema_reference.py --check

# What `make lint` can put right by itself: formatting, ruff's safe fixes, docs/cli.md, docs/schema.md.
fix: $(VENV)/.dev
	$(VENV)/bin/ruff format $(LINTED)
	$(VENV)/bin/ruff check --fix $(LINTED)
	$(PY) scripts/cli_reference.py
	$(PY) scripts/schema_reference.py

# docs/cli.md, from the commands' own --help; docs/schema.md, from the export's queries and the store's schema.
docs: $(VENV)/.dev
	$(PY) scripts/cli_reference.py
	$(PY) scripts/schema_reference.py

test: $(VENV)/.dev lint
	$(MW) validate
	$(VENV)/bin/pytest -q -n $(WORKERS) --dist loadscope

# CI (.ci/run): the system packages first, then what a developer runs.
ci: system-deps test

# Browser tests need Debian's Chromium and CJK fonts; installed when missing and we may (CI, as root).
# Without them the browser tests are skipped.
system-deps:
	@if ! command -v chromium >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing chromium and fonts (browser tests)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# About 4 minutes on 2 cores, peaking at 3.2 GiB (the pandas baseline on 2M repos), plus the fuzz and web
# sections. Figures go to the untracked bench/cache/results.json; `make bench SAVE=1` replaces the tracked
# bench/results.json. The web benchmark loads the server with wrk (Debian): installed when missing and we may.
BENCH_OUT := $(if $(SAVE),bench/results.json,bench/cache/results.json)
bench: $(VENV)/.dev
	@if ! command -v wrk >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null || true; \
	fi
	$(PY) bench/run.py --out $(BENCH_OUT)

# 10,000 hostile inputs per loader; counts by outcome in section "fuzz" of the same file as `make bench`.
fuzz: $(VENV)/.dev
	$(PY) bench/run.py --out $(BENCH_OUT) fuzz

clean:
	rm -rf $(VENV) report export .pytest_cache .mypy_cache .ruff_cache
