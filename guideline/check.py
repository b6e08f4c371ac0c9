"""`guideline check`: every problem an editor can fix, as `file:line: message`, in one run.

Four checks: the data files' schema, the strict build (links, anchors, macros), and the
Japanese writing rules (textlint, when installed).
"""

import re
import subprocess
import tempfile
from pathlib import Path

from . import blocks, data
from .build import build_site
from .errors import BuildError, DataError
from .markdown_lines import first_line

DOCS = "docs"
LINK_WARNING = re.compile(r"Doc file '(?P<file>[^']+)' contains (?:a link|an absolute link|a link to) '(?P<link>[^']+)'(?P<rest>.*)")
MACRO_FILE = re.compile(r"_File_: `(?P<file>[^`]+)`")
MACRO_ERROR = re.compile(r"_(?P<kind>\w+Error)_: (?P<message>.*)")
TEMPLATE_LINE = re.compile(r'File "<template>", line (?P<line>\d+)')
TEXTLINT = Path("node_modules/.bin/textlint")
PRINT_PAGE = "guideline/print.md"


def data_problems(project_dir: Path) -> list:
    try:
        data.load_all(Path(project_dir) / DOCS)
    except DataError as error:
        return error.problems
    return []


def _line_of(path: Path, needle: str) -> int | None:
    """The first line outside code that holds `needle`: code only shows links, never follows them."""
    found = first_line(path.read_text(encoding="utf-8"), lambda text: needle in text)
    return found.number if found else None


def _link_problem(project_dir: Path, match) -> str:
    page, link = match.group("file"), match.group("link")
    path = Path(project_dir) / DOCS / page
    line = (_line_of(path, f"({link}") or _line_of(path, link)) if path.exists() else None
    rest = match.group("rest")
    if "does not contain an anchor" in rest or "no such anchor" in rest:
        reason = "リンク先の見出し（アンカー）がありません"
    elif "not found among documentation files" in rest:
        reason = "リンク先のページがありません"
    else:
        reason = "リンクを確かめてください"
    return f"{DOCS}/{page}:{line or 1}: {reason}: {link}"


def _macro_line(path: Path, message: str) -> int | None:
    """The line of the template expression that failed, found by the name the error quotes."""
    name = re.search(r"'([^']+)'", message)
    if not name or not path.exists():
        return None
    found = first_line(path.read_text(encoding="utf-8"),
                       lambda text: "{{" in text and name.group(1) in text)
    return found.number if found else None


def build_problems(project_dir: Path) -> list:
    with tempfile.TemporaryDirectory(prefix="guideline-check-") as scratch:
        try:
            build_site(project_dir=project_dir, site_dir=Path(scratch) / "site")
        except BuildError as error:
            return _parse_build_output(project_dir, str(error), error.output)
    return []


def _parse_build_output(project_dir: Path, summary: str, output: str) -> list:
    text = output or summary
    # The print page is assembled from the chapters: its broken links are theirs, reported there.
    problems = [_link_problem(project_dir, m) for m in LINK_WARNING.finditer(text)
                if not (m.group("file") == PRINT_PAGE and m.group("link").startswith("#ch"))]
    page, line = None, None
    for row in text.splitlines():
        if MACRO_FILE.search(row):
            page = MACRO_FILE.search(row).group("file")
        if TEMPLATE_LINE.search(row):
            line = TEMPLATE_LINE.search(row).group("line")
        error = MACRO_ERROR.search(row)
        if error and page:
            line = _macro_line(Path(project_dir) / DOCS / page, error.group("message")) or line
            problems.append(f"{DOCS}/{page}:{line or 1}: マクロの誤り: {error.group('message')}")
            page, line = None, None
    if not problems:
        problems = [f"mkdocs.yml:1: {summary}"]
    return problems


def textlint_problems(project_dir: Path) -> tuple:
    """(problems, note): the note says why the writing rules were not checked, if they were not."""
    textlint = Path(project_dir) / TEXTLINT
    if not textlint.exists():
        return [], "文章の決まり（textlint）は確かめていません: `make check` でインストールされます"
    pages = sorted(str(p.relative_to(project_dir)) for p in (Path(project_dir) / DOCS).rglob("*.md"))
    result = subprocess.run([str(textlint), "--format", "unix", *pages], cwd=project_dir,
                            capture_output=True, text=True)
    problems = []
    for row in result.stdout.splitlines():
        match = re.match(r"^(?P<file>[^:]+):(?P<line>\d+):\d+: (?P<message>.*)$", row)
        if match:
            page = Path(match.group("file")).resolve()
            shown = page.relative_to(Path(project_dir).resolve()) if page.is_absolute() else page
            problems.append(f"{shown.as_posix()}:{match.group('line')}: {match.group('message')}")
    if result.returncode != 0 and not problems:
        problems.append(f"package.json:1: textlint を実行できませんでした: {result.stderr.strip()[:300]}")
    return problems, None


def check(project_dir: Path) -> tuple:
    """(problems, notes) of the whole working tree."""
    project_dir = Path(project_dir)
    problems = data_problems(project_dir)
    calls = blocks.call_problems(project_dir / DOCS)
    notes = []
    if problems:
        notes.append("データに誤りがあるため、サイトの組み立て（リンク・見出しの確認）は行っていません")
    elif calls:
        notes.append("マクロの呼び出しに誤りがあるため、サイトの組み立て（リンク・見出しの確認）は行っていません")
    problems += calls
    if not problems:
        problems += build_problems(project_dir)
    writing, note = textlint_problems(project_dir)
    problems += writing
    notes += [note] if note else []
    return problems, notes
