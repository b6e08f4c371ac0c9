"""The editions (版) of the guideline: the manifest editions.yml and where each one's content is.

An edition is the content (docs/) at one git revision; the draft is the working tree.
"""

import datetime
import re
from dataclasses import dataclass
from pathlib import Path

from guideline.content import schema as s
from guideline.content.yamldoc import load
from guideline.errors import DataError, GuidelineError
from guideline.layout import DOCS

MANIFEST = "editions.yml"
CONTENT = DOCS  # each edition is the docs/ folder at its revision
WORKTREE = "worktree"
STATUSES = ("provisional", "official", "draft")
STATUS_LABELS = {"provisional": "暫定版", "official": "正式版", "draft": "改訂案（未公表）"}
DATE = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
# An edition's id is the name of its folder on the site, beside mike's own files.
EDITION_ID = re.compile(r"^(\d{4}\.\d{2}|draft)$")
RESERVED_IDS = ("latest", "worktree", "versions.json", "index.html", "404.html", "assets", "search")


def _edition_id(value):
    if not isinstance(value, str):
        return "版の ID は引用符で囲んで書いてください（例: \"2021.03\"）"
    if value in RESERVED_IDS:
        return f"'{value}' は公開先で別の用途に使う名前なので、版の ID にできません（例: \"2021.03\"）"
    if not EDITION_ID.fullmatch(value):
        return "版の ID は \"2021.03\" のように 年.月 で書いてください（改訂案は draft）"
    if value != "draft" and not 1 <= int(value[5:]) <= 12:
        return f"'{value}' の月（{value[5:]}）は 01 から 12 までで書いてください（例: \"2021.03\"）"
    return None


COMMIT_ID = re.compile(r"^[0-9a-f]{40}$")


def _edition_ref(value):
    # A branch or tag name would let an edition's text change after it was published.
    if value == WORKTREE or (isinstance(value, str) and COMMIT_ID.match(value)):
        return None
    return (f"コミット ID（40 桁の 16 進数。`git rev-parse HEAD` で分かります）か、"
            f"改訂案なら {WORKTREE} を書いてください")


def _date(value):
    if not isinstance(value, str) or not DATE.fullmatch(value):
        return "\"2021-03\" の形で引用符で囲んで書いてください"
    year, month, *day = (int(part) for part in value.split("-"))
    try:
        datetime.date(year, month, day[0] if day else 1)
    except ValueError:
        return f"'{value}' は実在しない年月（日）です"
    return None


def _status(value):
    return None if value in STATUSES else f"{', '.join(STATUSES)} のどれかを書いてください"


EDITION = {
    "id": _edition_id,
    "title": s.plain_title,
    "status": _status,
    "date": _date,
    "ref": _edition_ref,
    "summary": s.line,
}
SCHEMA = {"editions": [EDITION]}


def edition_problems(fields: dict) -> list:
    """(field, message) for each rule one edition breaks; the manifest and `release` share it."""
    return [(where[0] if where else "", message) for where, message in s.validate(fields, EDITION)]


OPTIONS = {"id": "版 ID", "title": "--title", "status": "--status", "date": "--date", "summary": "--summary"}


def refuse_unfit_edition(edition) -> None:
    """The manifest's rules for one edition, applied before `release` writes anything."""
    problems = edition_problems(vars(edition))
    if problems:
        raise GuidelineError("\n".join(f"{OPTIONS.get(field, field)}: {message}" for field, message in problems))


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    status: str
    date: str
    ref: str
    summary: str

    @property
    def is_draft(self) -> bool:
        return self.ref == WORKTREE

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


class Manifest:
    def __init__(self, editions: list):
        self.editions = editions

    def get(self, edition_id: str) -> Edition:
        for edition in self.editions:
            if edition.id == edition_id:
                return edition
        known = ", ".join(edition.id for edition in self.editions)
        raise GuidelineError(f"{MANIFEST}: 版 '{edition_id}' はありません（あるもの: {known}）")

    @property
    def latest(self) -> Edition | None:
        """The newest official edition: the one readers land on."""
        official = [edition for edition in self.editions if edition.status == "official"]
        return official[-1] if official else None

    def previous(self, edition: Edition) -> Edition | None:
        """The edition a reader compares this one with: the one before it, or for the
        draft the latest official edition."""
        if edition.is_draft:
            return self.latest
        position = self.editions.index(edition)
        return self.editions[position - 1] if position else None

    def up_to(self, edition: Edition) -> list:
        return self.editions[: self.editions.index(edition) + 1]


def load_manifest(project_dir: Path) -> Manifest:
    doc = load(Path(project_dir) / MANIFEST, name=MANIFEST)
    problems = [doc.problem(where, message) for where, message in s.validate(doc.data, SCHEMA)]
    if not problems:
        problems = list(_cross_check(doc))
    if problems:
        raise DataError(problems)
    return Manifest([Edition(**entry) for entry in doc.data["editions"]])


def _cross_check(doc):
    entries = doc.data["editions"]
    seen = set()
    for position, entry in enumerate(entries):
        if entry["id"] in seen:
            yield doc.problem(("editions", position, "id"), f"'{entry['id']}' が重複しています")
        seen.add(entry["id"])
        if entry["id"] == "draft" and entry["status"] != "draft":
            yield doc.problem(("editions", position, "id"), "ID draft は改訂案（status: draft）だけに使えます")
        if (entry["status"] == "draft") != (entry["ref"] == WORKTREE):
            yield doc.problem(("editions", position, "ref"),
                              f"改訂案（draft）だけが ref: {WORKTREE}（作業中の原稿）を使います")
        if position and entry["date"] < entries[position - 1]["date"]:
            yield doc.problem(("editions", position, "date"), "版は日付の古い順に並べてください")
    drafts = [position for position, entry in enumerate(entries) if entry["status"] == "draft"]
    if len(drafts) > 1:
        yield doc.problem(("editions",), "改訂案（draft）は一つだけにしてください")
    elif drafts and drafts[0] != len(entries) - 1:
        yield doc.problem(("editions", drafts[0]), "改訂案（draft）は一覧の最後に書いてください")
