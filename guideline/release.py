"""Releasing a new edition: record the current revision in editions.yml, commit, publish."""

import datetime
from pathlib import Path

from . import edition_facts, editions, git_utils, unconfirmed
from .editions import Edition, Manifest
from .errors import GuidelineError
from .layout import PUBLISH_BRANCH
from .publish import publish

HEADER = """\
# 版の一覧（古い順）。
#   id       版の ID（公開先のフォルダ名になります。"2021.03" のように引用符で囲みます）
#   status   provisional（暫定版）・official（正式版）・draft（改訂案）
#   ref      その版の原稿（docs/）を含むコミット。改訂案は worktree（作業中の原稿）
#   summary  改訂履歴に載せる一行の説明
editions:
"""


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def dump_manifest(manifest: Manifest) -> str:
    entries = "".join(
        f"  - id: {_quoted(e.id)}\n    title: {_quoted(e.title)}\n    status: {e.status}\n"
        f"    date: {_quoted(e.date)}\n    ref: {e.ref}\n    summary: {_quoted(e.summary)}\n"
        for e in manifest.editions)
    return HEADER + entries


def _refuse_if_unfit(manifest: Manifest, new: Edition, *, project_dir: Path):
    if any(edition.id == new.id for edition in manifest.editions):
        raise GuidelineError(f"{editions.MANIFEST}: 版 ID '{new.id}' はすでにあります")
    dirty = git_utils.git("status", "--porcelain", cwd=project_dir).strip()
    if dirty:
        raise GuidelineError("コミットされていない変更があります。原稿をコミットしてから公開してください:\n" + dirty)
    latest = manifest.latest
    if new.status == "official" and latest and new.date < latest.date:
        raise GuidelineError(f"正式版 {new.id}（{new.date}）は、最新の正式版 {latest.id}（{latest.date}）より古くなります")


def _refuse_unfit_text(docs_dir: Path, *, status: str, allow_unconfirmed: bool):
    """The text must not call itself a draft, nor carry 要確認 marks into an official edition."""
    edition_facts.refuse_draft_wording(docs_dir, status=status)
    unconfirmed.refuse_marks(docs_dir, status=status, allowed=allow_unconfirmed)


def release(*, project_dir: Path, edition_id: str, title: str, status: str, summary: str | None = None,
            date: str | None = None, branch: str = PUBLISH_BRANCH, allow_unconfirmed: bool = False,
            report=print) -> Edition:
    """Make the committed working tree a new edition and publish every edition."""
    project_dir = Path(project_dir).resolve()
    manifest = editions.load_manifest(project_dir)
    draft = next((e for e in manifest.editions if e.is_draft), None)
    new = Edition(id=edition_id, title=title, status=status,
                  date=date or datetime.date.today().strftime("%Y-%m"),
                  ref=git_utils.git("rev-parse", "HEAD", cwd=project_dir).strip(),
                  summary=summary or (draft.summary if draft else ""))
    if not new.summary:
        raise GuidelineError("改訂の概要（--summary）を書いてください")
    editions.refuse_unfit_edition(new)
    _refuse_if_unfit(manifest, new, project_dir=project_dir)
    _refuse_unfit_text(project_dir / editions.CONTENT, status=status, allow_unconfirmed=allow_unconfirmed)
    released = [e for e in manifest.editions if not e.is_draft] + [new]
    if draft:  # the draft goes on from the released text
        released.append(Edition(**{**vars(draft), "date": new.date,
                                   "summary": "次の改訂に向けて作業中の原稿です。"}))
    path = project_dir / editions.MANIFEST
    previous = path.read_text(encoding="utf-8")
    path.write_text(dump_manifest(Manifest(released)), encoding="utf-8")
    try:
        editions.load_manifest(project_dir)  # what was written must read back
        git_utils.git("commit", "--quiet", "-m", f"版 {new.id}（{new.title}）を公開", "--", editions.MANIFEST,
                      cwd=project_dir)
    except GuidelineError:
        path.write_text(previous, encoding="utf-8")
        raise
    try:
        publish(project_dir=project_dir, branch=branch, report=report)
    except BaseException:
        git_utils.git("reset", "--quiet", "--hard", "HEAD~1", cwd=project_dir)
        raise
    return new
