"""Files the commands write: where by default, and how.

When no file is named, outputs go to `out/` in the project, which git ignores: kept out
of the sources, they never show as changes, are never committed by mistake and never
block a release. A file named with `-o` is written whole or not at all, and only over
a regular file.
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
    return Path(project_dir) / OUT_DIR / name


def write_output(path: Path, content: str | bytes) -> Path:
    """Replace `path` with `content` in one step; on any failure `path` is as it was."""
    path = Path(path).resolve()
    _refuse_unless_regular(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; others get what they expect
        with processes.deferred_signals():
            os.replace(temporary, path)
            temporary = None
    except OSError as error:
        raise _unwritable(path, error) from error
    finally:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
    return path


def _refuse_unless_regular(path: Path):
    try:
        mode = path.stat().st_mode
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


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
