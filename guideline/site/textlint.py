"""The Japanese writing rules (textlint): run beside the build, their report read into
`file:line: message` in Japanese.

The dictionary of one spelling per term is made from docs/data/terms.yml and textlint's
cache kept in .textlint/generated/ (ignored by git), one cache per dictionary and
configuration, so a run after an edit rechecks only the pages that changed.
"""

import hashlib
import re
import subprocess
from pathlib import Path

from guideline import processes
from guideline.content import links, spelling
from guideline.errors import DataError
from guideline.layout import DOCS

TEXTLINT = Path("node_modules/.bin/textlint")
CONFIGURATION = (".textlintrc.json", "package-lock.json")  # with the dictionary: what the cache depends on
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
        self.process = processes.start(
            [str(textlint), "--format", "unix", "--cache", "--cache-location", str(self._cache(dictionary)),
             *(f"{DOCS}/{page}" for page in pages)],
            cwd=self.project_dir, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def _cache(self, dictionary: Path) -> Path:
        """One cache per dictionary and configuration: a new word list rechecks every page."""
        digest = hashlib.sha256(dictionary.read_bytes())
        for name in CONFIGURATION:
            path = self.project_dir / name
            digest.update(path.read_bytes() if path.is_file() else b"")
        cache = self.project_dir / spelling.GENERATED / f"textlint-cache-{digest.hexdigest()[:16]}"
        for old in cache.parent.glob("textlint-cache-*"):
            if old != cache and old.is_file() and not old.is_symlink():
                old.unlink()
        return cache

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
        return found
