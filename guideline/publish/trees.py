"""Each edition's content (docs/) as git holds it: its tree id, and the folder a build reads."""

from pathlib import Path

from guideline import symlinks
from guideline.content.editions import CONTENT, MANIFEST, Edition
from guideline.errors import GuidelineError
from guideline.publish import git_utils


def check_available(edition: Edition, *, project_dir: Path):
    """A clear message when the edition's revision is not in this clone."""
    if edition.is_draft or git_utils.has_commit(edition.ref, cwd=project_dir):
        return
    hint = ("このクローンは浅い（shallow）クローンです。`git fetch --unshallow` で履歴をすべて取得してください"
            if git_utils.is_shallow(cwd=project_dir)
            else "`git fetch origin` で履歴を取得するか、ref を確かめてください")
    raise GuidelineError(f"{MANIFEST}: 版 {edition.id} のリビジョン {edition.ref} がこのクローンにありません。{hint}")


def content_id(edition: Edition, *, project_dir: Path) -> str:
    check_available(edition, project_dir=project_dir)
    if edition.is_draft:  # refused before any edition is built, not once the others are
        symlinks.refuse(Path(project_dir) / CONTENT, shown=CONTENT)
        return git_utils.worktree_tree_id(CONTENT, cwd=project_dir)
    return git_utils.tree_id(edition.ref, CONTENT, cwd=project_dir)


def content_dir(edition: Edition, *, project_dir: Path, scratch: Path) -> Path:
    """The edition's docs/ folder: the working tree's for the draft, else exported to `scratch`."""
    check_available(edition, project_dir=project_dir)
    if edition.is_draft:
        symlinks.refuse(Path(project_dir) / CONTENT, shown=CONTENT)  # read in place: nothing through a link
        return Path(project_dir) / CONTENT
    return git_utils.export(edition.ref, CONTENT, Path(scratch) / edition.id, cwd=project_dir)
