"""`guideline check`: every problem an editor can fix, as `file:line: message`, in one run.

The checks: editions.yml, the data files (schema and cross-references), the pages' ids and
links (read from their sources, `content.links`), the macro calls, the strict build (what
only the site generator knows: macros at work, the pages it makes; its log read by
`buildlog`), and the Japanese writing rules (textlint, when installed), which run beside
the build. Nothing tracked changes: textlint's dictionary and cache are made in an ignored
folder, the build goes to a temporary one.
"""

import hashlib
import re
import subprocess
import tempfile
from pathlib import Path

from guideline.content import data, editions, links, spelling, unconfirmed
from guideline.errors import BuildError, DataError
from guideline.layout import DOCS
from guideline.render import blocks
from guideline.site import buildlog, settings
from guideline.site.build import build_site

TEXTLINT = Path("node_modules/.bin/textlint")
TEXTLINT_CONFIG = (".textlintrc.json", "package-lock.json")  # with the dictionary: what the cache depends on
UNIX_ROW = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):\d+: (?P<message>.*)$")


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
        try:
            build_site(project_dir=project_dir, site_dir=Path(scratch) / "site")
        except BuildError as error:
            found = buildlog.problems(error.output, project_dir=project_dir, reported=reported)
            return found or ([] if reported else [str(error)])  # else the page problems were the cause
    return []


class Textlint:
    """The writing rules, run in the background while the site is built."""

    def __init__(self, project_dir: Path):
        self.project_dir = Path(project_dir)
        self.process: subprocess.Popen | None = None
        self.note: str | None = None

    def start(self):
        textlint = self.project_dir / TEXTLINT
        if not textlint.exists():
            self.note = "文章の決まり（textlint）は確かめていません: `make check` でインストールされます"
            return
        try:
            dictionary = spelling.write_dictionary(self.project_dir)
        except DataError:
            self.note = "docs/data/terms.yml に誤りがあるため、文章の決まり（textlint）は確かめていません"
            return
        pages = links.page_sources(self.project_dir / DOCS)
        self.process = subprocess.Popen(
            [str(textlint), "--format", "unix", "--cache", "--cache-location", str(self._cache(dictionary)),
             *(f"{DOCS}/{page}" for page in pages)],
            cwd=self.project_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")

    def _cache(self, dictionary: Path) -> Path:
        """textlint's cache, one per dictionary and configuration: a new word list rechecks every page."""
        digest = hashlib.sha256(dictionary.read_bytes())
        for name in TEXTLINT_CONFIG:
            path = self.project_dir / name
            digest.update(path.read_bytes() if path.is_file() else b"")
        cache = self.project_dir / spelling.GENERATED / f"textlint-cache-{digest.hexdigest()[:16]}"
        for old in cache.parent.glob("textlint-cache-*"):
            if old != cache and old.is_file() and not old.is_symlink():
                old.unlink()
        return cache

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def problems(self) -> list:
        if self.process is None:
            return []
        out, err = self.process.communicate()
        found = [self._located(row) for row in out.splitlines() if UNIX_ROW.match(row)]
        if self.process.returncode != 0 and not found:
            found.append(f"package.json:1: textlint を実行できませんでした: {err.strip()[:300]}")
        return found

    def _located(self, row: str) -> str:
        match = UNIX_ROW.match(row)
        assert match is not None  # only matching rows are passed
        page = Path(match.group("file"))
        if page.is_absolute():
            page = page.resolve().relative_to(self.project_dir.resolve())
        return f"{page.as_posix()}:{match.group('line')}: {match.group('message')}"


def check(project_dir: Path) -> tuple:
    """(problems, notes) of the whole working tree."""
    project_dir = Path(project_dir)
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
    notes += [writing.note] if writing.note else []
    notes += mark_note(project_dir / DOCS)
    return problems, notes


def mark_note(docs_dir: Path) -> list:
    """One line: how many 要確認 marks the text holds (not a problem, but the editor should know)."""
    counts = unconfirmed.marks_per_file(docs_dir)
    if not counts:
        return []
    return [f"「要確認」の印が {sum(counts.values())} 件（{len(counts)} ページ）あります。"
            "一覧は、プレビューの「確認事項一覧」のページにあります"]
