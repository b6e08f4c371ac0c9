# Set-up and everyday commands. Everything installs into .venv from pinned versions.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITE   := site
BRANCH ?= gh-pages

.PHONY: install test serve preview publish build clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[test]'
	touch $@

build: install
	$(BIN)/guideline build --site-dir $(SITE)

# Every edition, as published: the site root opens the latest official edition.
serve: publish
	@echo "http://$(HOST):$(PORT)/ で表示しています（終了は Ctrl+C）"
	$(BIN)/mike serve --branch $(BRANCH) --dev-addr $(HOST):$(PORT)

# The working tree (the next edition) with live reload, for editors.
preview: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dev-addr $(HOST):$(PORT)

publish: install
	$(BIN)/guideline publish --branch $(BRANCH)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(SITE)
