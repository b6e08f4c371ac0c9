"""Build hook: which edition is being built, its banners, 改訂履歴 and 改訂内容 pages."""

import os
import tempfile
from dataclasses import dataclass, field
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


@dataclass
class Build:
    """What one build knows about its edition, from on_config to the last page."""

    manifest: editions.Manifest
    edition: editions.Edition
    project_dir: Path
    changed: dict[str, str] = field(default_factory=dict)  # chapter source → its 改訂内容 anchor


# mkdocs calls the functions below in this order for each build; on_config starts it afresh.
_build: Build | None = None


def _current() -> Build:
    if _build is None:
        raise PluginError("hooks/editions.py: 版が選ばれる前（on_config の前）に呼ばれました")
    return _build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    project_dir = Path(config.config_file_path).parent
    try:
        manifest = editions.load_manifest(project_dir)
        edition = chosen_edition(manifest, environ=os.environ)
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    _build = Build(manifest=manifest, edition=edition, project_dir=project_dir)
    config.extra["edition"] = {
        "id": edition.id, "title": edition.title, "status": edition.status,
        "status_label": edition.status_label, "date": edition.date,
    }
    return config


def _compare_with_previous(docs_dir: str) -> tuple[list[PageComparison], editions.Edition | None]:
    build = _current()
    manifest, edition = build.manifest, build.edition
    previous = manifest.previous(edition)
    if previous is None:
        return [], None
    with tempfile.TemporaryDirectory(prefix="guideline-previous-") as scratch:
        old_docs = editions.content_dir(previous, project_dir=build.project_dir, scratch=Path(scratch))
        return compare_trees(old_docs, Path(docs_dir), only_chapters=True), previous


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _current()
    try:
        comparisons, previous = _compare_with_previous(config.docs_dir)
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    build.changed = {c.src: c.anchor for c in comparisons if c.status != "same"}
    edition = build.edition
    pages = {
        REVISIONS: render_revision_history(build.manifest, edition),
        CHANGES: render_changes_page(comparisons, new_title=edition.title,
                                     old_title=previous.title if previous else None),
        "assets/stylesheets/comparison.css": STYLE.read_text(encoding="utf-8"),
    }
    for path, content in pages.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A changed chapter points the reader at its entry on the 改訂内容 page."""
    anchor = _current().changed.get(page.file.src_uri)
    if anchor is None:
        return markdown
    return with_change_notice(markdown, src=page.file.src_uri, anchor=anchor)
