"""Files the commands write: where by default, and how.

When no file is named, outputs go to `out/` in the project, which git ignores: kept out
of the sources, they never show as changes, are never committed by mistake and never
block a release. A file named with `-o` is written whole or not at all, only over a
regular file, never through a symbolic link, with the mode the umask gives.
"""

import os
import stat
import tempfile
from pathlib import Path

from guideline import processes
from guideline.errors import GuidelineError
from guideline.oserrors import REASONS

OUT_DIR = "out"
COMPARISON = "新旧対照表.html"
ARCHIVE = "site.tar.gz"


def default_output(project_dir: Path, name: str) -> Path:
    """Where `name` goes when no file is named; a link in place of `out/` is refused, as the
    file itself would be: a commit could point it anywhere."""
    folder = Path(project_dir) / OUT_DIR
    refuse_link(folder)
    return folder / name


def write_output(path: Path, content: str | bytes) -> Path:
    """Replace `path` with `content` in one step; on any failure `path` is as it was.

    Never through a link: one at `path` is refused, and the last step renames a new file
    onto the name, which replaces a link put there meanwhile instead of following it."""
    path = unlinked_path(path)
    _refuse_unless_regular(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, permitted(0o666))  # mkstemp makes 0600; others get what they expect
        with processes.deferred_signals():
            os.replace(temporary, path)
            temporary = None
    except OSError as error:
        raise _unwritable(path, error) from error
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return path


def unlinked_path(path: Path) -> Path:
    """`path` made absolute with its folder's links resolved, but not a link at its own name
    (which `resolve` would follow): that one is refused."""
    absolute = Path(os.path.abspath(path))
    if absolute.name:
        absolute = absolute.parent.resolve() / absolute.name
    refuse_link(absolute)
    return absolute


def refuse_link(path: Path):
    """A symbolic link (even one pointing nowhere) where a command would write is refused by name."""
    try:
        is_link = stat.S_ISLNK(os.lstat(path).st_mode)
    except FileNotFoundError:
        return
    except OSError as error:
        raise _unwritable(Path(path), error) from error
    if is_link:
        raise GuidelineError(f"{path} はリンク（シンボリックリンク、リンク先: {os.readlink(path)}）のため、"
                             "書き込みません。リンクを消すか、別の名前を指定してください")


def _refuse_unless_regular(path: Path):
    try:
        mode = path.lstat().st_mode
    except FileNotFoundError:
        return
    except OSError as error:
        raise _unwritable(path, error) from error
    if stat.S_ISDIR(mode):
        raise GuidelineError(f"{path} はフォルダです。出力するファイルの名前を指定してください")
    if not stat.S_ISREG(mode):
        raise GuidelineError(f"{path} は普通のファイルではない（デバイスや名前付きパイプなど）ため、書き込みません")


def _unwritable(path: Path, error: OSError) -> GuidelineError:
    reason = REASONS.get(error.errno or 0, error.strerror or str(error))  # the path is named once, here
    return GuidelineError(f"{path} に書けませんでした（{reason}）")


def permitted(mode: int) -> int:
    """`mode` as the umask allows it: what files and folders other tools make get."""
    current = os.umask(0)
    os.umask(current)
    return mode & ~current
