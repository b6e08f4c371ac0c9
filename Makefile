# Set-up and everyday commands. Everything installs into .venv from pinned versions.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
SITE   := site

.PHONY: install test serve build clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--constraint constraints.txt --editable '.[test]'
	touch $@

build: install
	$(BIN)/guideline build --site-dir $(SITE)

serve: build
	@echo "http://$(HOST):$(PORT)/ で表示しています（終了は Ctrl+C）"
	$(BIN)/python -m http.server --bind $(HOST) --directory $(SITE) $(PORT)

test: install
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) $(SITE)
