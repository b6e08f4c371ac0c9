"""The Japanese writing rules (textlint): run beside the build, their report read into
`file:line: message` in Japanese.

The dictionary of one spelling per term is made from docs/data/terms.yml. The pages that
passed are recorded in .textlint/generated/ (ignored by git) by their text, one record per
dictionary and configuration, so a run after an edit checks only the pages that changed, and
none at all when nothing did. (textlint's own cache is not used: its key changes from run to
run with the order its rules happen to load in, so it missed about every other time.)
"""

import hashlib
import json
import re
import subprocess
from pathlib import Path

from guideline import processes
from guideline.content import links, spelling
from guideline.errors import DataError, GuidelineError
from guideline.layout import DOCS
from guideline.outputs import write_output

TEXTLINT = Path("node_modules/.bin/textlint")
# With the dictionary, what a page's result depends on besides the page.
CONFIGURATION = (".textlintrc.json", "package-lock.json", ".textlint/rules/desumasu-ending/index.js")
ROW = re.compile(r"^(?P<file>[^:\s][^:]*):(?P<line>\d+):\d+: (?P<message>.*)$")
RULE = re.compile(r"\s*\[(?:Error|Warning|Info)/(?P<rule>[^\]]+)\]\s*$")
# The rules that speak English, in the words WRITING.md uses.
ENGLISH = (
    (re.compile(r"^Line \d+ sentence length\((?P<n>\d+)\) exceeds the maximum sentence length of (?P<max>\d+)\."
                r"\s*Over (?P<over>\d+) characters\.$"),
     "一つの文が長すぎます（{n} 字。{max} 字までです）。文を分けてください"),
    (re.compile(r"^This sentence exceeds the maximum count of comma\. Maximum is (?P<n>\d+)\.$"),
     "一つの文の「,」が多すぎます（{n} 個までです）"),
    (re.compile(r'^Disallow to use 半角カタカナ: "(?P<t>[^"]*)"$'), "半角カタカナ「{t}」は使いません。全角で書いてください"),
    (re.compile(r'^Disallow to use "(?P<c>[^"]+)"\.$'), "半角の「{c}」は使いません"),
    (re.compile(r"^Cannot find a pairing character for (?P<c>\S+)\..*?You should close this sentence with (?P<d>\S+)\."),
     "「{c}」を閉じる「{d}」がありません"),
    (re.compile(r'^Disallow to use NFD\(well-known as UTF8-MAC 濁点\): "(?P<a>[^"]*)" => "(?P<b>[^"]*)"$'),
     "濁点が分かれた文字があります。「{a}」を「{b}」に直してください"),
    (re.compile(r"^Zero width space is disallowed\.$"), "見えない空白（ゼロ幅スペース）があります。消してください"),
    (re.compile(r"^Found invalid control character\((?P<c>[^)]*)\)"), "使えない制御文字（{c}）があります。消してください"),
)


def japanese(message: str) -> str:
    """One rule's message, in Japanese, with the rule named at the end."""
    rule = RULE.search(message)
    text = " ".join(message[: rule.start()].split()) if rule else " ".join(message.split())
    for pattern, words in ENGLISH:
        found = pattern.search(text)
        if found:
            text = words.format(**found.groupdict())
            break
    return f"{text}（textlint の規則 {rule.group('rule')}）" if rule else text


def read_report(output: str, *, project_dir: Path) -> list:
    """textlint's unix report → `file:line: message`, a message that runs over lines kept whole."""
    found: list = []
    for row in output.splitlines():
        start = ROW.match(row)
        if start:
            found.append([_shown(start.group("file"), project_dir), start.group("line"), start.group("message")])
        elif found and row.strip() and not re.match(r"^\d+ problems?", row.strip()):
            found[-1][2] += "\n" + row
    return [f"{file}:{line}: {japanese(message)}" for file, line, message in found]


def _shown(file: str, project_dir: Path) -> str:
    page = Path(file)
    if page.is_absolute():
        page = page.resolve().relative_to(Path(project_dir).resolve())
    return page.as_posix()


class Textlint:
    """The writing rules, started in the background; `problems()` waits for them."""

    def __init__(self, project_dir: Path):
        self.project_dir = Path(project_dir)
        self.process: subprocess.Popen | None = None
        self.note: str | None = None  # why the rules were not checked, if they were not
        self.record: Record | None = None
        self.pending: dict = {}  # page → the digest of the text being checked

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
        self.record = Record(self.project_dir, dictionary)
        self.pending = self.record.unchecked(links.page_sources(self.project_dir / DOCS))
        if self.pending:
            self.process = processes.start(
                [str(textlint), "--format", "unix", *(f"{DOCS}/{page}" for page in self.pending)],
                cwd=self.project_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def stop(self):
        if self.process is not None:
            processes.stop(self.process)

    def problems(self) -> list:
        if self.process is None:
            return []
        output, errors = self.process.communicate()
        out, err = output.decode("utf-8", "replace"), errors.decode("utf-8", "replace")
        found = read_report(out, project_dir=self.project_dir)
        if self.process.returncode != 0 and not found:
            found.append(f"package.json:1: textlint を実行できませんでした: {err.strip()[:300]}")
        elif self.process.returncode in (0, 1) and self.record is not None:  # 1: problems found
            failed = {problem.split(":", 1)[0] for problem in found}
            self.record.add({page: digest for page, digest in self.pending.items() if f"{DOCS}/{page}" not in failed})
        return found


class Record:
    """The pages that passed the rules, by the digest of their text, for one dictionary and
    configuration. A page whose text changed is checked again; a lost or damaged record only
    means that every page is."""

    def __init__(self, project_dir: Path, dictionary: Path):
        self.project_dir = Path(project_dir)
        digest = hashlib.sha256(dictionary.read_bytes())
        for name in CONFIGURATION:
            path = self.project_dir / name
            digest.update(path.read_bytes() if path.is_file() else b"")
        self.path = self.project_dir / spelling.GENERATED / f"textlint-passed-{digest.hexdigest()[:16]}.json"
        self._forget_others()
        self.passed = self._read()
        self.pages: dict = {}  # every page of this run → the digest of its text

    def unchecked(self, pages) -> dict:
        """page → the digest of its text, for each page not recorded with that text."""
        self.pages = {page: self._digest(page) for page in pages}
        return {page: digest for page, digest in self.pages.items() if self.passed.get(page) != digest}

    def add(self, passed: dict):
        """Record the pages that passed, each only if its text is still the one checked."""
        still = {page: digest for page, digest in passed.items() if self._digest(page) == digest}
        if not still:
            return
        kept = {page: digest for page, digest in {**self.passed, **still}.items() if page in self.pages}
        try:
            write_output(self.path, json.dumps(kept, ensure_ascii=False, sort_keys=True))
        except GuidelineError:  # unwritable, or a link in its place: the next run checks every page
            pass

    def _digest(self, page: str) -> str:
        return hashlib.sha256((self.project_dir / DOCS / page).read_bytes()).hexdigest()

    def _read(self) -> dict:
        if self.path.is_symlink() or not self.path.is_file():
            return {}
        try:
            passed = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return passed if isinstance(passed, dict) else {}

    def _forget_others(self):
        """The records of other dictionaries or configurations (and textlint's old caches) go."""
        for old in self.path.parent.glob("textlint-*"):
            if old != self.path and old.is_file() and not old.is_symlink():
                old.unlink(missing_ok=True)
