"""Content is files and folders, never symbolic links.

A link in docs/ would put whatever it points at (a file outside the project, a secret, the
git configuration) into the site, the search index and the 新旧対照表; so every command
refuses one, naming it. Links are found without following them.
"""

import os
from pathlib import Path

from guideline.errors import DataError

MESSAGE = ("リンク（シンボリックリンク）は原稿に使えません。"
           "リンク先の内容をファイルとして置くか、リンクを消してください")


def symlinks(folder: Path) -> list[str]:
    """Every symbolic link under `folder` ("" for the folder itself), '/'-separated, in order."""
    folder = Path(folder)
    if folder.is_symlink():
        return [""]
    found = []
    for root, folders, files in os.walk(folder):  # links to folders are listed, not entered
        for name in folders + files:
            path = Path(root, name)
            if path.is_symlink():
                found.append(path.relative_to(folder).as_posix())
    return sorted(found)


def problems(folder: Path, *, shown: str) -> list[str]:
    """`shown/path: message` for each link under `folder` (shown as `shown`)."""
    return [f"{shown}/{path}: {MESSAGE}" if path else f"{shown}: {MESSAGE}" for path in symlinks(folder)]


def refuse(folder: Path, *, shown: str):
    found = problems(folder, shown=shown)
    if found:
        raise DataError(found)
