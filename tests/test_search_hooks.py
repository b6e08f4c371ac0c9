"""hooks/search.py: which builds make a search index, and which leave it to publishing or to nobody."""

import importlib.util
import json

import pytest

from guideline.layout import DEFER_VARIABLE, NO_INDEX_VARIABLE
from guideline.site import deferred
from helpers import PROJECT


class Config(dict):
    """What the hook reads of MkDocs' configuration: its keys, and a theme without search."""
    plugins: dict = {}
    extra: dict = {}


@pytest.fixture
def hooks():
    spec = importlib.util.spec_from_file_location("search_hook", PROJECT / "hooks/search.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    hooks = module.SearchHooks()
    hooks.on_startup(command="build", dirty=False)
    return module, hooks


def never_started(monkeypatch, module):
    def refuse(*args, **kwargs):
        raise AssertionError("Pagefind started")
    monkeypatch.setattr(module.SearchIndexer, "start", refuse)
    monkeypatch.setattr(module, "build_search_index", refuse)


def test_a_publish_build_asks_for_its_index_even_with_the_checks_setting(hooks, monkeypatch, tmp_path):
    """Publishing never leaves an edition without search because of a variable in the environment."""
    module, hook = hooks
    never_started(monkeypatch, module)  # the publish indexes every site itself
    requests = tmp_path / "requests.json"
    monkeypatch.setenv(DEFER_VARIABLE, str(requests))
    monkeypatch.setenv(NO_INDEX_VARIABLE, "1")
    hook.on_config(Config(config_file_path=str(PROJECT / "mkdocs.yml")))
    asked = json.loads(requests.read_text(encoding="utf-8"))
    assert deferred.SEARCH_INDEX in asked and asked[deferred.SEARCH_INDEX]["terms"]


def test_a_build_nobody_reads_starts_no_pagefind_and_writes_no_index(hooks, monkeypatch, tmp_path):
    module, hook = hooks
    never_started(monkeypatch, module)
    monkeypatch.delenv(DEFER_VARIABLE, raising=False)
    monkeypatch.setenv(NO_INDEX_VARIABLE, "1")
    config = Config(config_file_path=str(PROJECT / "mkdocs.yml"), site_dir=str(tmp_path))
    hook.on_config(config)
    hook.on_post_build(config=config)
    hook.on_shutdown()
    assert list(tmp_path.iterdir()) == []
