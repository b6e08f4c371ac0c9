"""Build hook: which edition is being built, its banners, 改訂履歴 and 改訂内容 pages."""

import os
import tempfile
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from guideline import editions
from guideline.comparison.compare import PageComparison, compare_trees
from guideline.comparison.html import STYLE, render_changes_page
from guideline.edition_build import CHANGES_PAGE as CHANGES
from guideline.edition_build import chosen_edition, with_change_notice
from guideline.errors import GuidelineError
from guideline.revisions import PAGE as REVISIONS
from guideline.revisions import render_revision_history


class EditionHooks:
    """One build's edition, from on_config to the last page; mkdocs calls the bound methods below."""

    def __init__(self) -> None:
        self.manifest: editions.Manifest | None = None
        self.edition: editions.Edition | None = None
        self.project_dir = Path()
        self.changed: dict[str, str] = {}  # chapter source → its anchor on the 改訂内容 page

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.project_dir = Path(config.config_file_path).parent
        try:
            self.manifest = editions.load_manifest(self.project_dir)
            self.edition = chosen_edition(self.manifest, environ=os.environ)
        except GuidelineError as error:
            raise PluginError(str(error)) from None
        config.extra["edition"] = {
            "id": self.edition.id, "title": self.edition.title, "status": self.edition.status,
            "status_label": self.edition.status_label, "date": self.edition.date,
        }
        return config

    def _chosen(self) -> tuple[editions.Manifest, editions.Edition]:
        if self.manifest is None or self.edition is None:
            raise PluginError("hooks/editions.py: 版が選ばれる前（on_config の前）に呼ばれました")
        return self.manifest, self.edition

    def _compare_with_previous(self, docs_dir: str) -> tuple[list[PageComparison], editions.Edition | None]:
        manifest, edition = self._chosen()
        previous = manifest.previous(edition)
        if previous is None:
            return [], None
        with tempfile.TemporaryDirectory(prefix="guideline-previous-") as scratch:
            old_docs = editions.content_dir(previous, project_dir=self.project_dir, scratch=Path(scratch))
            return compare_trees(old_docs, Path(docs_dir), only_chapters=True), previous

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        manifest, edition = self._chosen()
        try:
            comparisons, previous = self._compare_with_previous(config.docs_dir)
        except GuidelineError as error:
            raise PluginError(str(error)) from None
        self.changed = {c.src: c.anchor for c in comparisons if c.status != "same"}
        pages = {
            REVISIONS: render_revision_history(manifest, edition),
            CHANGES: render_changes_page(comparisons, new_title=edition.title,
                                         old_title=previous.title if previous else None),
            "assets/stylesheets/comparison.css": STYLE.read_text(encoding="utf-8"),
        }
        for path, content in pages.items():
            files.append(File.generated(config, path, content=content))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A changed chapter points the reader at its entry on the 改訂内容 page."""
        anchor = self.changed.get(page.file.src_uri)
        if anchor is None:
            return markdown
        return with_change_notice(markdown, src=page.file.src_uri, anchor=anchor)


_hooks = EditionHooks()
on_config = _hooks.on_config
on_files = _hooks.on_files
on_page_markdown = _hooks.on_page_markdown
