"""Releasing a new edition: record the current revision in editions.yml, commit, publish.

When anything fails or is interrupted, only what the release itself did is undone: its
commit (while it is still HEAD, by compare-and-swap) and its edit of editions.yml.
"""

from pathlib import Path

from guideline import processes
from guideline.content import editions
from guideline.content.edition_dates import edition_date, japanese_date
from guideline.content.editions import Edition, Manifest
from guideline.errors import GuidelineError
from guideline.layout import PUBLISH_BRANCH
from guideline.outputs import write_output
from guideline.publish import git_utils, manifest_edit, trees
from guideline.publish.publish import publish, read_versions
from guideline.render import edition_facts, marks

DRAFT_SUMMARY = "次の改訂に向けて作業中の原稿です。"


def release(*, project_dir: Path, edition_id: str, title: str, status: str, summary: str | None = None,
            date: str | None = None, branch: str = PUBLISH_BRANCH, allow_unconfirmed: bool = False,
            confirm=None, report=print) -> Edition:
    """Make the committed working tree a new edition and publish every edition.

    Before anything is written the plan is reported; `confirm(plan)` (when given) may still
    call it off by returning False. All of it happens, or (failed or interrupted before the
    branch moved) none of it."""
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
        _refuse_unfit_title(new)
        _refuse_unchanged_text(manifest, new, project_dir=project_dir)
        _refuse_unfit_text(project_dir / editions.CONTENT, status=status, allow_unconfirmed=allow_unconfirmed)
        _go_ahead(_release_plan(manifest, new, branch=branch, project_dir=project_dir), confirm=confirm,
                  report=report)
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
    marks.refuse_marks(docs_dir, status=status, allowed=allow_unconfirmed)


def _refuse_unfit_title(new: Edition):
    """Every edition is named alike: its kind, and the era's year and month of its id
    (正式版（令和3年10月）); a name that breaks the pattern is usually a slip of the date."""
    kind = editions.STATUS_LABELS[new.status]
    month = japanese_date(new.date[:7])
    if not new.title.startswith(kind) or not new.title.endswith(f"（{month}）"):
        raise GuidelineError(
            f"--title \"{new.title}\": 版の名前は「{kind}（{month}）」のように、種類（{kind}）で始め、"
            f"元号の年月（版 {new.id} なら（{month}））で終えてください。ほかの版と同じ形です"
            f"（例: {kind} 修正（{month}））")


def _refuse_unchanged_text(manifest: Manifest, new: Edition, *, project_dir: Path):
    """An edition whose text is the one before it, again, is a release by mistake."""
    before = _previous_release(manifest)
    if before is None:
        return
    if git_utils.tree_id(new.ref, editions.CONTENT, cwd=project_dir) == trees.content_id(before, project_dir=project_dir):
        raise GuidelineError(
            f"原稿（docs/）が前の版 {before.id}（{before.title}）と同じため、版を作りませんでした。"
            "改訂を main に取り込んでから、もう一度実行してください")


def _previous_release(manifest: Manifest) -> Edition | None:
    released = [edition for edition in manifest.editions if not edition.is_draft]
    return released[-1] if released else None


def _release_plan(manifest: Manifest, new: Edition, *, branch: str, project_dir: Path) -> str:
    """What the release will do, as the editor checks it before saying yes."""
    before = _previous_release(manifest)
    if new.status == "official":
        kind = "正式版: latest になり、サイトのトップがこの版に移ります"
    else:
        landing = manifest.latest.id if manifest.latest else "今のまま"
        kind = f"暫定版: 版の切替えに加わります（サイトのトップは {landing}）"
    rows = [f"次の版を {editions.MANIFEST} に記録してコミットし、{branch} に公開します:",
            f"  版 ID: {new.id}",
            f"  名前: {new.title}",
            f"  種類: {kind}",
            f"  年月: {new.date}",
            f"  原稿: コミット {new.ref[:7]}「{git_utils.subject(new.ref, cwd=project_dir)}」",
            f"  改訂内容: {new.summary}"]
    if before is not None and git_utils.has_commit(before.ref, cwd=project_dir):
        changed = git_utils.changed_files(before.ref, new.ref, editions.CONTENT, cwd=project_dir)
        rows.append(f"  前の版 {before.id} から変わったファイル: {len(changed)} 件")
    marked = len(marks.edition_marks(project_dir / editions.CONTENT))
    if marked:
        rows.append(f"  「要確認」の印: {marked} 件（ホームに、その旨を表示します）")
    return "\n".join(rows)


def _go_ahead(plan: str, *, confirm, report):
    report(plan)
    if confirm is not None and not confirm(plan):
        raise GuidelineError("取りやめました。何も変えていません")


def _refuse_if_unfit(manifest: Manifest, new: Edition, *, project_dir: Path):
    _refuse_dirty_tree(project_dir)
    latest = manifest.latest
    if new.status == "official" and latest and new.date < latest.date:
        raise GuidelineError(f"正式版 {new.id}（{new.date}）は、最新の正式版 {latest.id}（{latest.date}）より古くなります")


def _refuse_dirty_tree(project_dir: Path):
    edited, untracked = git_utils.uncommitted(cwd=project_dir)
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


def withdraw(*, project_dir: Path, edition_id: str, branch: str = PUBLISH_BRANCH, confirm=None,
             report=print) -> Edition:
    """Take a released edition back: its entry leaves editions.yml in a commit of its own, and
    the branch loses it (`latest` moves back to the official edition before it). All or
    nothing, as a release: if publishing fails, the commit and the edit are undone."""
    project_dir = Path(project_dir).resolve()
    with processes.interruptible():
        manifest = editions.load_manifest(project_dir)
        edition = manifest.get(edition_id)
        if edition.is_draft:
            raise GuidelineError("改訂案（draft）は取り下げられません。取り下げられるのは、公開した版だけです")
        _refuse_edited_manifest(project_dir)
        parent = git_utils.resolve("HEAD", cwd=project_dir)
        if parent is None:
            raise GuidelineError("まだコミットがありません")
        path = project_dir / editions.MANIFEST
        previous = path.read_text(encoding="utf-8")
        written = manifest_edit.remove_edition(previous, edition_id)
        remaining = Manifest([e for e in manifest.editions if e.id != edition_id])
        _go_ahead(_withdraw_plan(manifest, edition, remaining, branch=branch), confirm=confirm, report=report)
        _commit_and_publish(project_dir=project_dir, parent=parent, previous=previous, written=written,
                            message=f"版 {edition.id}（{edition.title}）を取り下げ",
                            publishing=lambda: publish(project_dir=project_dir, branch=branch,
                                                       remove=[edition_id], report=report),
                            report=report)
    return edition


def _refuse_edited_manifest(project_dir: Path):
    edited, _ = git_utils.uncommitted(editions.MANIFEST, cwd=project_dir)
    if edited:
        raise GuidelineError(f"{editions.MANIFEST} にコミットしていない変更があるため、取り下げませんでした。"
                             f"その変更をコミットするか、git restore {editions.MANIFEST} で元に戻してください")


def _withdraw_plan(manifest: Manifest, edition: Edition, remaining: Manifest, *, branch: str) -> str:
    rows = [f"版 {edition.id}（{edition.title}）を {editions.MANIFEST} から消してコミットし、{branch} から取り下げます。"]
    if manifest.latest == edition:
        rows.append(f"  latest（サイトのトップ）は {remaining.latest.id}（{remaining.latest.title}）に戻ります"
                    if remaining.latest else "  正式版がなくなるため、latest はなくなります")
    rows.append("  版の原稿（コミット）は git の履歴に残ります")
    return "\n".join(rows)


def _commit_and_publish(*, project_dir: Path, parent: str, previous: str, written: str, message: str,
                        publishing, report):
    """Write editions.yml, commit it, publish; on any failure undo only this."""
    path = project_dir / editions.MANIFEST
    commit = None
    try:
        path.write_text(written, encoding="utf-8")
        editions.load_manifest(project_dir)  # what was written must read back
        git_utils.git("commit", "--quiet", "-m", message, "--", editions.MANIFEST, cwd=project_dir)
        commit = git_utils.resolve("HEAD", cwd=project_dir)
        publishing()
    except BaseException:
        with processes.deferred_signals():
            _undo(project_dir=project_dir, parent=parent, commit=commit, previous=previous,
                  written=written, report=report)
        raise
