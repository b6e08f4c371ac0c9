"""Releasing a new edition: record the current revision in editions.yml, commit, publish.

When anything fails or is interrupted, only what the release itself did is undone: its
commit (while it is still HEAD, by compare-and-swap) and its edit of editions.yml.
"""

from pathlib import Path

from guideline import processes
from guideline.content import editions, manifest_edit, unconfirmed
from guideline.content.edition_dates import edition_date
from guideline.content.editions import Edition, Manifest
from guideline.errors import GuidelineError
from guideline.layout import PUBLISH_BRANCH
from guideline.outputs import write_output
from guideline.publish import git_utils
from guideline.publish.publish import publish, read_versions
from guideline.render import edition_facts

DRAFT_SUMMARY = "次の改訂に向けて作業中の原稿です。"


def release(*, project_dir: Path, edition_id: str, title: str, status: str, summary: str | None = None,
            date: str | None = None, branch: str = PUBLISH_BRANCH, allow_unconfirmed: bool = False,
            report=print) -> Edition:
    """Make the committed working tree a new edition and publish every edition: all of it, or
    (failed or interrupted before the branch moved) none of it."""
    project_dir = Path(project_dir).resolve()
    with processes.interruptible():
        manifest = editions.load_manifest(project_dir)
        if any(edition.id == edition_id for edition in manifest.editions):
            raise GuidelineError(f"{editions.MANIFEST}: 版 ID '{edition_id}' はすでにあります")
        draft = next((e for e in manifest.editions if e.is_draft), None)
        parent = git_utils.resolve("HEAD", cwd=project_dir)
        if parent is None:
            raise GuidelineError("まだコミットがありません。原稿をコミットしてから版を作ってください")
        new = Edition(id=edition_id, title=title, status=status,
                      date=edition_date(edition_id=edition_id, title=title, given=date),
                      ref=parent, summary=summary or (draft.summary if draft else ""))
        if not new.summary:
            raise GuidelineError("改訂の概要（--summary）を書いてください")
        editions.refuse_unfit_edition(new)
        _refuse_if_unfit(manifest, new, project_dir=project_dir)
        _refuse_unfit_text(project_dir / editions.CONTENT, status=status, allow_unconfirmed=allow_unconfirmed)
        path = project_dir / editions.MANIFEST
        previous = path.read_text(encoding="utf-8")
        written = manifest_edit.add_edition(previous, _entry(new),
                                            draft_changes={"date": new.date, "summary": DRAFT_SUMMARY})
        published_before = git_utils.branch_head(branch, cwd=project_dir)
        commit = None
        try:
            with processes.deferred_signals():  # the record and its commit: both or neither
                commit = _record(new, written, project_dir=project_dir)
            publish(project_dir=project_dir, branch=branch, report=report)
        except BaseException:
            with processes.deferred_signals():
                if _is_published(new, branch=branch, before=published_before, project_dir=project_dir):
                    report(f"版 {new.id} は {branch} への公開を終えていたため、記録と公開はそのままにしました")
                else:
                    _undo(project_dir=project_dir, parent=parent, commit=commit, previous=previous,
                          written=written, report=report)
            raise
    return new


def _record(new: Edition, written: str, *, project_dir: Path) -> str | None:
    """Write editions.yml and commit it; the id of that commit."""
    write_output(project_dir / editions.MANIFEST, written)
    editions.load_manifest(project_dir)  # what was written must read back
    git_utils.git("commit", "--quiet", "-m", f"版 {new.id}（{new.title}）を公開", "--",
                  editions.MANIFEST, cwd=project_dir)
    return git_utils.resolve("HEAD", cwd=project_dir)


def _is_published(new: Edition, *, branch: str, before: str | None, project_dir: Path) -> bool:
    """Whether the branch moved with the new edition on it: the release is then whole."""
    head = git_utils.branch_head(branch, cwd=project_dir)
    if head is None or head == before:
        return False
    try:
        return new.id in read_versions(branch, head, project_dir=project_dir, force=True)
    except GuidelineError:
        return False


def _entry(edition: Edition) -> dict:
    return {"id": edition.id, "title": edition.title, "status": edition.status, "date": edition.date,
            "ref": edition.ref, "summary": edition.summary}


def _undo(*, project_dir: Path, parent: str, commit: str | None, previous: str, written: str, report):
    """Take back the release commit and the manifest edit, and nothing an editor did meanwhile."""
    path = project_dir / editions.MANIFEST
    if commit is not None:
        moved_back = git_utils.git("update-ref", "-m", "guideline release: 取り消し", "HEAD", parent, commit,
                                   cwd=project_dir, check=False)
        if moved_back is None:
            report(f"版の記録のコミット {commit[:7]} の後に HEAD が動いたため、そのコミットは残しました。"
                   f"取り消すには git revert {commit[:7]} を実行してください")
            return
        git_utils.git("reset", "--quiet", parent, "--", editions.MANIFEST, cwd=project_dir)
    if path.read_text(encoding="utf-8") == written:
        write_output(path, previous)
    else:
        report(f"{editions.MANIFEST} が途中で書き換えられたため、元に戻しませんでした")


def _refuse_unfit_text(docs_dir: Path, *, status: str, allow_unconfirmed: bool):
    """The text must not call itself a draft, nor carry 要確認 marks into an official edition."""
    edition_facts.refuse_draft_wording(docs_dir, status=status)
    unconfirmed.refuse_marks(docs_dir, status=status, allowed=allow_unconfirmed)


def _refuse_if_unfit(manifest: Manifest, new: Edition, *, project_dir: Path):
    _refuse_dirty_tree(project_dir)
    latest = manifest.latest
    if new.status == "official" and latest and new.date < latest.date:
        raise GuidelineError(f"正式版 {new.id}（{new.date}）は、最新の正式版 {latest.id}（{latest.date}）より古くなります")


def _refuse_dirty_tree(project_dir: Path):
    edited, untracked = _status(project_dir)
    if not edited and not untracked:
        return
    parts = ["コミットされていない変更があるため、版を作りませんでした。"]
    if edited:
        parts.append("保存したがコミットしていない原稿の変更です。版に含めるならコミットし（git add → git commit）、"
                     "要らない変更は git restore ファイル名 で元に戻してください:")
        parts += [f"  {name}" for name in edited]
    if untracked:
        parts.append("git が管理していないファイルです。コマンドの出力なら out/ フォルダへ移すか削除し、"
                     "原稿に加えるものなら git add してコミットしてください:")
        parts += [f"  {name}" for name in untracked]
    raise GuidelineError("\n".join(parts))


def _status(project_dir: Path) -> tuple[list, list]:
    """(changed tracked files, untracked files), names as they are written, not escaped."""
    fields = iter(git_utils.git("status", "--porcelain=v1", "-z", "--untracked-files=all",
                                cwd=project_dir).split("\0"))
    edited: list[str] = []
    untracked: list[str] = []
    for field in fields:
        if not field:
            continue
        code, name = field[:2], field[3:]
        (untracked if code == "??" else edited).append(name)
        if code[0] in "RC":
            next(fields, None)  # the name it was renamed or copied from
    return edited, untracked
