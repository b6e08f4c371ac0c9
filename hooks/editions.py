"""Build hook: which edition is being built, its banners, 改訂履歴, 改訂内容 and 版を比べる pages."""

import functools
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from guideline import symlinks
from guideline.compare.edition_pages import (
    ASSETS,
    REVISED,
    EditionComparisons,
    build_comparisons,
    with_revision_notes,
)
from guideline.content import editions
from guideline.documents.imprint import imprint
from guideline.errors import GuidelineError
from guideline.layout import COMPARISONS_VARIABLE, DOCS, TEMPLATES_VARIABLE
from guideline.publish import trees
from guideline.publish.kept import kept, templates_folder
from guideline.render.revisions import PAGE as REVISIONS
from guideline.render.revisions import render_revision_history
from guideline.site.deferred import COMPARISON_FILES, request, requests_file
from guideline.site.edition_build import (
    DEPLOYING_VARIABLE,
    chosen_edition,
    refuse_unaddressed_publication,
    with_change_notice,
)


@dataclass
class Build:
    """What one build knows about its edition, from on_config to the last page."""

    manifest: editions.Manifest
    edition: editions.Edition
    project_dir: Path
    comparisons: EditionComparisons | None = None


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
        symlinks.refuse(Path(config.docs_dir), shown=DOCS)  # whatever a link points at stays out
        if os.environ.get(DEPLOYING_VARIABLE):
            refuse_unaddressed_publication(project_dir=project_dir, environ=os.environ)
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


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """The theme's templates are compiled once: between the builds of a publish, and from one
    build on its own to the next (in .cache/)."""
    shared = os.environ.get(TEMPLATES_VARIABLE)
    if shared:
        Path(shared).mkdir(exist_ok=True)
    folder = shared or templates_folder(_current().project_dir)
    if folder:
        env.bytecode_cache = FileSystemBytecodeCache(str(folder))
    return env


def _export(edition, scratch: Path, *, project_dir: Path) -> Path:
    return trees.content_dir(edition, project_dir=project_dir, scratch=scratch)


def _comparisons(build: Build, docs_dir: Path) -> EditionComparisons:
    """Made by `guideline publish` for every edition it builds, or else by this build (kept for the next)."""
    prepared = os.environ.get(COMPARISONS_VARIABLE)
    if prepared:
        return EditionComparisons.from_json(Path(prepared).read_text(encoding="utf-8"), manifest=build.manifest)
    export = functools.partial(_export, project_dir=build.project_dir)

    def make() -> str:
        return build_comparisons(build.manifest, build.edition, docs_dir=docs_dir, export=export).to_json()
    made = kept(project_dir=build.project_dir, manifest=build.manifest, edition=build.edition, docs_dir=docs_dir,
                make=make)
    return EditionComparisons.from_json(made, manifest=build.manifest)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    build = _current()
    try:
        found = _comparisons(build, Path(config.docs_dir))
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    build.comparisons = found
    if requests_file():  # publishing makes their 新旧対照表 files meanwhile
        request(COMPARISON_FILES, {"older": [e.id for e in build.manifest.up_to(build.edition) if e != build.edition],
                                   "imprint": asdict(imprint(config))})
    pages = {REVISIONS: render_revision_history(build.manifest, build.edition), **found.pages,
             REVISED: json.dumps(found.revised, ensure_ascii=False)}
    pages.update({path: source.read_text(encoding="utf-8") for path, source in ASSETS.items()})
    for path, content in pages.items():
        inclusion = InclusionLevel.NOT_IN_NAV if path in found.extra_pages else InclusionLevel.UNDEFINED
        files.append(File.generated(config, path, content=content, inclusion=inclusion))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """The comparison pages get their tables back (see EditionComparisons.set_tables_aside)."""
    found = _current().comparisons
    return found.with_tables(html, path=page.file.src_uri) if found else html


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """A changed page points the reader at its entry on the 改訂内容 page, and each revised
    section says in which editions it was revised."""
    build = _current()
    found = build.comparisons
    if found is None:
        return markdown
    src = page.file.src_uri
    markdown = with_revision_notes(markdown, src=src, history=found.history, current=build.edition,
                                   depth=page.file.dest_uri.count("/"))
    anchor = found.changed_pages.get(src)
    if anchor is None:
        return markdown
    return with_change_notice(markdown, src=src, anchor=anchor)
