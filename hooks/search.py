"""Build hook: the Japanese search index of the built site (see guideline.site.search_index).

`mkdocs serve` (make preview) skips it: the index takes about a second to build, which an
editor would wait for on every save, and the preview is for reading the text. The search
box then says so instead of failing to load an index that is not there. Under `guideline
publish` the index is left to publishing, which indexes every edition it built at once.
`guideline check` builds a site only to find problems, and throws it away: no index.

A build starts Pagefind at once, so that its dictionary loads while the pages are written.
`guideline build` makes the index itself (guideline.site.build), with Pagefind started before
the generator; this hook then makes none. It indexes a plain `mkdocs build`.

The terms dictionary is the project's own (docs/data/terms.yml beside mkdocs.yml), not the
edition's: older editions predate it, and better search words help every edition.
"""

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from guideline.content.data import load_terms
from guideline.errors import GuidelineError
from guideline.layout import DOCS, NO_INDEX_VARIABLE
from guideline.site.deferred import SEARCH_INDEX, request, requests_file
from guideline.site.search_index import SearchIndexer, build_search_index


class SearchHooks:
    """Remembers the mkdocs command from startup until the build is done."""

    def __init__(self) -> None:
        self.command = ""
        self.indexer: SearchIndexer | None = None

    def on_startup(self, *, command: str, dirty: bool, **kwargs: Any) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig, **kwargs: Any) -> MkDocsConfig:
        _skip_theme_index(config)
        if self.command == "serve":
            config.extra["gl_preview"] = True
            # Only published editions have versions.json; without it the selector would ask for it.
            config.extra.pop("version", None)
        elif self.command == "build":
            try:
                self._start(config)
            except GuidelineError as error:
                raise PluginError(str(error)) from None
        return config

    def _start(self, config: MkDocsConfig) -> None:
        """Under publish, ask for the index; else start Pagefind, to load its dictionary meanwhile."""
        if requests_file():  # publishing indexes what it publishes, whatever the environment says
            request(SEARCH_INDEX, {"terms": load_terms(Path(config["config_file_path"]).parent / DOCS)})
        elif self.indexer is None and not _unread():
            self.indexer = SearchIndexer().start()
            self.indexer.warm_up()

    def on_post_build(self, *, config: MkDocsConfig, **kwargs: Any) -> None:
        if self.command == "serve" or requests_file() or _unread():
            return
        try:
            terms = load_terms(Path(config["config_file_path"]).parent / DOCS)
            if self.indexer is None:  # a build started some other way than `mkdocs build`
                build_search_index(config["site_dir"], terms=terms)
            else:
                self.indexer.index(config["site_dir"], terms=terms)
        except GuidelineError as error:
            raise PluginError(str(error)) from None

    def on_build_error(self, *, error: Exception, **kwargs: Any) -> None:
        self.on_shutdown(failed=True)

    def on_shutdown(self, *, failed: bool = False) -> None:
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.close(failed=failed)


def _unread() -> bool:
    """A build whose site nobody reads (`guideline check`'s) makes no index."""
    return os.environ.get(NO_INDEX_VARIABLE) == "1"


def _skip_theme_index(config: MkDocsConfig) -> None:
    """The theme's search plugin stays for the search box it draws (only while it is enabled).
    Its own index is never read (436 KB in every site), so the events that make it are not run."""
    theme_search = config.plugins.get("material/search")
    if theme_search is None:
        return
    for event, handler in (("page_context", theme_search.on_page_context), ("post_build", theme_search.on_post_build)):
        if handler in config.plugins.events[event]:
            config.plugins.events[event].remove(handler)


_hooks = SearchHooks()
on_startup = _hooks.on_startup
on_config = _hooks.on_config
on_post_build = _hooks.on_post_build
on_build_error = _hooks.on_build_error
on_shutdown = _hooks.on_shutdown
