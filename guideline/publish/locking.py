"""One publish at a time per repository: an advisory lock in the git folder all worktrees share.

The kernel drops the lock when its holder dies, however it dies, so a crash never leaves
the repository locked.
"""

import contextlib
import fcntl
import os
from pathlib import Path

LOCK_FILE = "guideline-publish.lock"


@contextlib.contextmanager
def repository_lock(git_dir: Path, *, report):
    path = Path(git_dir) / LOCK_FILE
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)  # never through a link
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            report("このリポジトリでは別の公開（guideline publish）が動いています。終わるのを待っています…"
                   "（やめるときは Ctrl+C）")
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)
