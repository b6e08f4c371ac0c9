"""Build hook: which edition is being built, its banners, 改訂履歴 and 改訂内容 pages."""

import os
import tempfile
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guideline import editions
from guideline.comparison.compare import compare_trees
from guideline.comparison.html import STYLE, render_changes_page
from guideline.errors import GuidelineError
from guideline.revisions import PAGE as REVISIONS, render_revision_history

EDITION_VARIABLE = "GUIDELINE_EDITION"
CHANGES = "changes.md"
_build = {}


def _working_edition(manifest) -> str:
    """What the working tree is, when no edition is named: the draft, else the newest edition."""
    draft = [e.id for e in manifest.editions if e.is_draft]
    return draft[0] if draft else manifest.editions[-1].id


def on_config(config):
    project_dir = Path(config.config_file_path).parent
    try:
        manifest = editions.load_manifest(project_dir)
        edition = manifest.get(os.environ.get(EDITION_VARIABLE) or _working_edition(manifest))
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    _build.update(manifest=manifest, edition=edition, project_dir=project_dir)
    config.extra["edition"] = {
        "id": edition.id, "title": edition.title, "status": edition.status,
        "status_label": edition.status_label, "date": edition.date,
    }
    return config


def _compare_with_previous(docs_dir):
    manifest, edition = _build["manifest"], _build["edition"]
    previous = manifest.previous(edition)
    if previous is None:
        return [], None
    with tempfile.TemporaryDirectory(prefix="guideline-previous-") as scratch:
        old_docs = editions.content_dir(previous, project_dir=_build["project_dir"], scratch=Path(scratch))
        return compare_trees(old_docs, Path(docs_dir), only_chapters=True), previous


def on_files(files, config):
    try:
        comparisons, previous = _compare_with_previous(config.docs_dir)
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    _build["changed"] = {c.src: c.anchor for c in comparisons if c.status != "same"}
    edition = _build["edition"]
    pages = {
        REVISIONS: render_revision_history(_build["manifest"], edition),
        CHANGES: render_changes_page(comparisons, new_title=edition.title,
                                     old_title=previous.title if previous else None),
        "assets/stylesheets/comparison.css": STYLE.read_text(encoding="utf-8"),
    }
    for path, content in pages.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    """A changed chapter points the reader at its entry on the 改訂内容 page."""
    anchor = _build.get("changed", {}).get(page.file.src_uri)
    if anchor is None:
        return markdown
    back = "../" * page.file.src_uri.count("/")
    notice = ('\n<div class="admonition info gl-change-notice" data-pagefind-ignore="all" markdown>\n'
              '<p class="admonition-title">この章は改訂されています</p>\n\n'
              f"前の版からの改訂内容は、[改訂内容（新旧対照表）]({back}{CHANGES}#{anchor})で確認できます。\n\n</div>\n")
    title_end = markdown.find("\n", markdown.find("# "))
    return markdown[:title_end + 1] + notice + markdown[title_end + 1:]
