"""`guideline check`: every problem an editor can fix, as `file:line: message`, in one run.

The checks: editions.yml, the data files (schema and cross-references), the pages' heading ids and
macro calls, the strict build (links, anchors, macros; its log read by `buildlog`), and the Japanese
writing rules (textlint, when installed).
"""

import re
import tempfile
from pathlib import Path

from guideline import processes
from guideline.render import blocks

from guideline.site import buildlog

from guideline.content import data

from guideline.content import editions

from guideline.content import raw_html, symlinks, unconfirmed
from guideline.site.build import build_site
from guideline.errors import BuildError, DataError
from guideline.layout import DOCS
from guideline.content.pages import numbered_headings

TEXTLINT = Path("node_modules/.bin/textlint")


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


def heading_problems(project_dir: Path) -> list:
    """An id given twice on one page (`{ #contact }`): links would reach only the first."""
    problems = []
    for path in sorted((Path(project_dir) / DOCS).rglob("*.md")):
        seen: dict = {}
        shown = path.relative_to(project_dir).as_posix()
        for line, _, _, anchor in numbered_headings(path.read_text(encoding="utf-8")):
            if anchor in seen:
                problems.append(f"{shown}:{line}: 見出しの ID #{anchor} は {seen[anchor]} 行目でも使われています。"
                                "別の ID にしてください")
            elif anchor:
                seen[anchor] = line
    return problems


def build_problems(project_dir: Path) -> list:
    with tempfile.TemporaryDirectory(prefix="guideline-check-") as scratch:
        try:
            build_site(project_dir=project_dir, site_dir=Path(scratch) / "site")
        except BuildError as error:
            return buildlog.problems(error.output, project_dir=project_dir) or [str(error)]
    return []


def textlint_problems(project_dir: Path) -> tuple:
    """(problems, note): the note says why the writing rules were not checked, if they were not."""
    textlint = Path(project_dir) / TEXTLINT
    if not textlint.exists():
        return [], "文章の決まり（textlint）は確かめていません: `make check` でインストールされます"
    pages = sorted(str(p.relative_to(project_dir)) for p in (Path(project_dir) / DOCS).rglob("*.md"))
    result = processes.run([str(textlint), "--format", "unix", *pages], cwd=project_dir)
    stdout, stderr = (stream.decode("utf-8", "replace") for stream in (result.stdout, result.stderr))
    problems = []
    for row in stdout.splitlines():
        match = re.match(r"^(?P<file>[^:]+):(?P<line>\d+):\d+: (?P<message>.*)$", row)
        if match:
            page = Path(match.group("file")).resolve()
            shown = page.relative_to(Path(project_dir).resolve()) if page.is_absolute() else page
            problems.append(f"{shown.as_posix()}:{match.group('line')}: {match.group('message')}")
    if result.returncode != 0 and not problems:
        problems.append(f"package.json:1: textlint を実行できませんでした: {stderr.strip()[:300]}")
    return problems, None


def check(project_dir: Path) -> tuple:
    """(problems, notes) of the whole working tree."""
    project_dir = Path(project_dir)
    linked = symlinks.problems(project_dir / DOCS, shown=DOCS)
    if linked:  # nothing is read through a link, so nothing else is checked
        return linked, []
    problems = manifest_problems(project_dir) + data_problems(project_dir) + heading_problems(project_dir)
    calls = blocks.call_problems(project_dir / DOCS)
    notes = []
    if problems:
        notes.append("editions.yml・データ・見出しの ID に誤りがあるため、"
                     "サイトの組み立て（リンク・マクロの確認）は行っていません")
    elif calls:
        notes.append("マクロの呼び出しに誤りがあるため、サイトの組み立て（リンク・見出しの確認）は行っていません")
    problems += calls
    if not problems:
        problems += build_problems(project_dir)
    problems += raw_html.problems(project_dir / DOCS)
    writing, note = textlint_problems(project_dir)
    problems += writing
    notes += [note] if note else []
    notes += unconfirmed.check_notes(project_dir / DOCS)
    return problems, notes
