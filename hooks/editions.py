"""Build hook: which edition is being built, its banners, 改訂履歴, 改訂内容 and 版を比べる pages."""

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

from guideline import editions
from guideline.comparison.edition_pages import ASSETS, CHANGES, edition_comparisons, with_revision_notes
from guideline.errors import GuidelineError
from guideline.revisions import PAGE as REVISIONS, render_revision_history

EDITION_VARIABLE = "GUIDELINE_EDITION"
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


def on_files(files, config):
    edition = _build["edition"]
    try:
        found = edition_comparisons(_build["manifest"], edition, project_dir=_build["project_dir"],
                                    docs_dir=Path(config.docs_dir))
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    _build["comparisons"] = found
    pages = {REVISIONS: render_revision_history(_build["manifest"], edition), **found.pages}
    pages.update({path: source.read_text(encoding="utf-8") for path, source in ASSETS.items()})
    for path, content in pages.items():
        inclusion = InclusionLevel.NOT_IN_NAV if path in found.extra_pages else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=content, inclusion=inclusion))
    return files


def on_page_markdown(markdown, page, config, files):
    """A changed page points the reader at its entry on the 改訂内容 page, and each revised
    section says in which editions it was revised."""
    found = _build.get("comparisons")
    if found is None:
        return markdown
    src = page.file.src_uri
    depth = page.file.dest_uri.count("/")
    markdown = with_revision_notes(markdown, src=src, history=found.history, current=_build["edition"],
                                   depth=depth)
    anchor = found.changed_pages.get(src)
    if anchor is None:
        return markdown
    notice = ('\n<div class="admonition info gl-change-notice" data-pagefind-ignore="all" markdown>\n'
              '<p class="admonition-title">このページは改訂されています</p>\n\n'
              f"前の版からの改訂内容は、[改訂内容（新旧対照表）]({'../' * src.count('/')}{CHANGES}#{anchor})"
              "で確認できます。\n\n</div>\n")
    title_end = markdown.find("\n", markdown.find("# "))
    return markdown[:title_end + 1] + notice + markdown[title_end + 1:]
