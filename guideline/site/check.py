"""`guideline check`: every problem an editor can fix, as `file:line: message`, in one run.

The checks: editions.yml, the data files (schema and cross-references), the pages' ids and
links (read from their sources, `content.links`), the macro calls, the strict build (what
only the site generator knows: macros at work, the pages it makes; its log read by
`buildlog`), and the Japanese writing rules (textlint, when installed), which run beside
the build (`site.textlint`). Nothing tracked changes: textlint's dictionary and cache are
made in an ignored folder, the build goes to a temporary one.
"""

import os
import tempfile
from pathlib import Path

from guideline.content import data, editions, links, raw_html
from guideline import symlinks
from guideline.content.pages import DocsIndex
from guideline.errors import BuildError, DataError
from guideline.layout import DOCS, NO_INDEX_VARIABLE
from guideline.render import blocks, marks
from guideline.site import buildlog, settings
from guideline.site.build import build_site
from guideline.site.textlint import Textlint


def data_problems(project_dir: Path) -> list:
    try:
        data.load_all(Path(project_dir) / DOCS)
    except DataError as error:
        return error.problems
    return []


def manifest_problems(project_dir: Path) -> list:
    try:
        editions.load_manifest(project_dir)
    except DataError as error:
        return error.problems
    return []


def page_problems(project_dir: Path) -> list:
    """Ids given twice and links that lead nowhere, from the pages' sources."""
    return links.problems(Path(project_dir) / DOCS, generated=generated_pages(project_dir))


def generated_pages(project_dir: Path) -> list:
    """The pages the build adds (改訂履歴, 改訂内容…): named in the navigation, not in docs/."""
    docs = Path(project_dir) / DOCS
    return [page for page in settings.nav_pages(project_dir) if not (docs / page).is_file()]


def build_problems(project_dir: Path, *, reported=()) -> list:
    """What the build alone finds; `reported` are the page problems already shown."""
    with tempfile.TemporaryDirectory(prefix="guideline-check-") as scratch:
        try:  # the site is thrown away: no search index (Pagefind's dictionary alone is about 1 CPU s)
            build_site(project_dir=project_dir, site_dir=Path(scratch) / "site",
                       env={**os.environ, NO_INDEX_VARIABLE: "1"})
        except BuildError as error:
            found = buildlog.problems(error.output, project_dir=project_dir, reported=reported)
            return found or ([] if reported else [str(error)])  # else the page problems were the cause
    return []


def check(project_dir: Path) -> tuple:
    """(problems, notes) of the whole working tree."""
    project_dir = Path(project_dir)
    linked = symlinks.problems(project_dir / DOCS, shown=DOCS)
    if linked:  # nothing is read through a link, so nothing else is checked
        return linked, []
    problems = manifest_problems(project_dir) + data_problems(project_dir)
    pages = page_problems(project_dir)
    calls = blocks.call_problems(project_dir / DOCS)
    notes = []
    if problems:
        notes.append("editions.yml・データに誤りがあるため、サイトの組み立て（マクロの確認）は行っていません")
    elif calls:
        notes.append("マクロの呼び出しに誤りがあるため、サイトの組み立て（マクロの確認）は行っていません")
    blocked = bool(problems or calls)
    problems += [problem.shown(DOCS) for problem in pages] + calls
    writing = Textlint(project_dir)
    writing.start()
    try:
        if not blocked:
            problems += build_problems(project_dir, reported=pages)
        problems += writing.problems()
    finally:
        writing.stop()
    problems += raw_html.problems(project_dir / DOCS)
    notes += [writing.note] if writing.note else []
    problems += marks.question_problems(project_dir / DOCS) if not problems and not calls else []
    notes += mark_note(project_dir / DOCS)
    return problems, notes


def mark_note(docs_dir: Path) -> list:
    """One line: how many 要確認 marks the text holds, chapter by chapter (not a problem, but the
    editor should know); the 確認事項一覧 lists them."""
    try:
        found = marks.edition_marks(docs_dir)
    except DataError:  # the data's own problems are reported already
        return []
    if not found:
        return []
    return [marks.count_line(found, docs=DocsIndex(docs_dir)) + "。一覧は、プレビューの「確認事項一覧」のページにあります"]
