# Set-up and everyday commands. Everything installs into .venv from pinned versions.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITE   := site
BRANCH ?= gh-pages

# Outside Python, from Debian: the one list, with what each package is for.
DEBIAN_PACKAGES := $(shell grep -o '^[a-z0-9][^[:space:]]*' debian-packages.txt)
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
# The tests run on every core (pytest-xdist); the site is built and published once for all of them.
WORKERS ?= auto

.PHONY: install debian-packages test-packages test-setup textlint lint check test test-fast serve preview publish build bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[test]'
	touch $@

# The packages of debian-packages.txt that are missing (apt-get, with sudo unless root).
debian-packages:
	@missing=$$(for package in $(DEBIAN_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q 'ok installed' || echo $$package; done); \
	if [ -z "$$missing" ]; then echo "Debian のパッケージはそろっています"; \
	else echo "インストールします:" $$missing; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; fi

# The Japanese writing rules (textlint, pinned in package.json) need npm; without it they are skipped.
# A plain prerequisite (not a recursive make) so that an up-to-date install prints nothing.
ifneq ($(shell command -v npm 2>/dev/null),)
textlint: node_modules/.installed
	@:
else
textlint:
	@echo "npm がないため textlint は入れません（文章の決まりは確かめません）"
endif

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The code: lint (ruff), types (mypy) and the layers (import-linter), as configured in pyproject.toml.
lint: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# The editor's check: data, links, anchors, macros, writing rules (textlint) and the count of
# 要確認 marks, every problem as file:line: message, in Japanese. It changes no tracked file:
# textlint's dictionary (from docs/data/terms.yml) and cache go to .textlint/generated/.
# The code is `make lint`'s.
check: install textlint
	@$(BIN)/guideline check

build: install
	$(BIN)/guideline build --site-dir $(SITE)

# Every edition, as published: the site root opens the latest official edition.
serve: install
	GUIDELINE_SITE_URL=$${GUIDELINE_SITE_URL:-http://$(HOST):$(PORT)/} $(BIN)/guideline publish --branch $(BRANCH)
	@echo "http://$(HOST):$(PORT)/ で表示しています（終了は Ctrl+C）"
	$(BIN)/mike serve --branch $(BRANCH) --dev-addr $(HOST):$(PORT)

# The working tree (the next edition) with live reload, for editors.
preview: install
	$(BIN)/guideline preview --dev-addr $(HOST):$(PORT)

publish: install
	$(BIN)/guideline publish --branch $(BRANCH)

# Everything, site builds, browser and fault injection included (a few minutes). Sets up first what
# it can; what it cannot (Debian packages without root or sudo) its tests skip, and the last line
# says which and how to add them.
test: test-setup
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup --durations=5

# Python, textlint and the Debian packages are independent: set up side by side (a fresh
# machine's first `make test` waited 25 s for Python, then 8 s for textlint).
test-setup:
	@$(MAKE) --no-print-directory -j3 install textlint test-packages

# The editing loop: the tests that build nothing, open no browser and inject no fault (seconds).
test-fast: install
	$(BIN)/python -m pytest -n $(WORKERS) -m "not (build or browser or faults)"

# The Debian packages, where apt can run without asking: as root, or with sudo that needs no password.
test-packages:
	@if command -v apt-get >/dev/null && { [ "$$(id -u)" = 0 ] || sudo -n true 2>/dev/null; }; then \
	  $(MAKE) --no-print-directory debian-packages || echo "Debian のパッケージを入れられませんでした。入っているものでテストを続けます"; fi

# Speed and size against the budgets in the README (not part of `make test`).
bench: install
	$(BIN)/python benchmarks/bench.py

clean:
	rm -rf $(VENV) $(SITE)
