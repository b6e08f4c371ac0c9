"""What a reader can name to compare: an edition id, `latest`, `worktree`, or any git revision."""

import contextlib
import tempfile
from dataclasses import dataclass
from pathlib import Path

from guideline import symlinks
from guideline.content import editions
from guideline.errors import GuidelineError
from guideline.publish import git_utils, trees


@dataclass(frozen=True)
class Source:
    title: str
    docs: Path


def _describe(name: str, manifest) -> editions.Edition | None:
    if name == "latest":
        return manifest.latest
    return next((edition for edition in manifest.editions if edition.id == name), None)


@contextlib.contextmanager
def open_source(name: str, *, project_dir: Path):
    """The docs/ folder that `name` stands for, for the duration of the block."""
    project_dir = Path(project_dir)
    manifest = editions.load_manifest(project_dir)
    with tempfile.TemporaryDirectory(prefix="guideline-source-") as scratch:
        if name == editions.WORKTREE:
            symlinks.refuse(project_dir / editions.CONTENT, shown=editions.CONTENT)
            yield Source("作業中の原稿", project_dir / editions.CONTENT)
            return
        edition = _describe(name, manifest)
        if edition is not None:
            yield Source(edition.title, trees.content_dir(edition, project_dir=project_dir, scratch=Path(scratch)))
            return
        commit = git_utils.resolve(name, cwd=project_dir)
        if commit is None:
            known = ", ".join(["latest", editions.WORKTREE] + [e.id for e in manifest.editions])
            raise GuidelineError(f"'{name}' は版の ID でも git のリビジョンでもありません（版: {known}）")
        short = commit[:7]
        docs = git_utils.export(commit, editions.CONTENT, Path(scratch) / "rev", cwd=project_dir)
        yield Source(f"リビジョン {name}（{short}）" if name != short else f"リビジョン {short}", docs)
