"""The git operations the project needs. A failure is reported in git's own words, except
where a failure is the answer: the yes/no questions (has_commit, has_identity) and the
lookups that may find nothing (branch_head, read_file return None)."""

import io
import os
import subprocess
import tarfile
import tempfile
from pathlib import Path

from .errors import GuidelineError


class GitError(GuidelineError):
    pass


def git(*args, cwd, env=None, input=None) -> str:
    result = subprocess.run(["git", *args], cwd=cwd, env=env, input=input,
                            capture_output=True)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args)}: {stderr}")
    return result.stdout.decode("utf-8", "replace")


def has_commit(rev: str, *, cwd) -> bool:
    return subprocess.run(["git", "cat-file", "-e", f"{rev}^{{commit}}"], cwd=cwd,
                          capture_output=True).returncode == 0


def is_shallow(*, cwd) -> bool:
    return git("rev-parse", "--is-shallow-repository", cwd=cwd).strip() == "true"


def tree_id(rev: str, path: str, *, cwd) -> str:
    """The id of `path` at `rev`: equal ids mean equal content."""
    return git("rev-parse", f"{rev}:{path}", cwd=cwd).strip()


def worktree_tree_id(path: str, *, cwd) -> str:
    """The id `path` would have if the working tree were committed now (index untouched)."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git("add", "--all", "--", path, cwd=cwd, env=env)
        return git("write-tree", f"--prefix={path}/", cwd=cwd, env=env).strip()


def export(rev: str, path: str, destination: Path, *, cwd) -> Path:
    """Write `path` as it is at `rev` under `destination`."""
    archive = subprocess.run(["git", "archive", "--format=tar", rev, path], cwd=cwd,
                             capture_output=True)
    if archive.returncode != 0:
        raise GitError(f"git archive {rev} {path}: {archive.stderr.decode('utf-8', 'replace').strip()}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(destination, filter="data")
    return Path(destination) / path


def branch_head(branch: str, *, cwd) -> str | None:
    result = subprocess.run(["git", "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}"],
                            cwd=cwd, capture_output=True, text=True)
    return result.stdout.strip() or None


def reset_branch(branch: str, head: str | None, *, cwd):
    """Put `branch` back where it was (or remove it, if it did not exist)."""
    if head:
        git("update-ref", f"refs/heads/{branch}", head, cwd=cwd)
    elif branch_head(branch, cwd=cwd):
        git("update-ref", "-d", f"refs/heads/{branch}", cwd=cwd)


def read_file(branch: str, path: str, *, cwd) -> str | None:
    result = subprocess.run(["git", "show", f"refs/heads/{branch}:{path}"], cwd=cwd,
                            capture_output=True)
    return result.stdout.decode("utf-8") if result.returncode == 0 else None


def has_identity(*, cwd) -> bool:
    return all(subprocess.run(["git", "config", key], cwd=cwd, capture_output=True).returncode == 0
               for key in ("user.name", "user.email"))


def archive(branch: str, *, cwd) -> bytes:
    """The files of `branch` as a .tar.gz, as a web server without Git unpacks them."""
    result = subprocess.run(["git", "archive", "--format=tar.gz", f"refs/heads/{branch}"], cwd=cwd,
                            capture_output=True)
    if result.returncode != 0:
        raise GitError(f"git archive {branch}: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout
