"""What a build on its own keeps for its next build, in `.cache/` (which git ignores): its
comparisons, and the theme's templates compiled (Jinja checks each against its source).

A build outside `guideline publish` compares its edition with every earlier one. What that
gives depends only on the contents compared, the manifest, the settings and the code that
compares and renders, so it is kept under a key made of all of them, one file per edition
(the latest only: a preview that rebuilds on every edit keeps one file, not one per edit).
A later build with the same key reads it instead of comparing again.

Nothing is read or written through a link: with a link anywhere on the way, nothing is kept.
A file is replaced in one step, and one that cannot be read is made again.
"""

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from guideline.content.editions import MANIFEST
from guideline.errors import GuidelineError
from guideline.outputs import write_output
from guideline.publish import trees

CACHE = ".cache"
PROJECT_CODE = ("hooks", "macros", "overrides")  # with the package: what makes and renders a comparison
SETTINGS = ("mkdocs.yml", MANIFEST)
PACKAGE = Path(__file__).resolve().parents[1]  # the package that runs (it may not be the project's copy)


def kept(*, project_dir: Path, manifest, edition, docs_dir: Path, make: Callable[[], str]) -> str:
    """What make() returns for `edition` built from `docs_dir`, made once for the same key."""
    folder = _folder(Path(project_dir), "comparisons")
    if folder is None:
        return make()
    key = _key(project_dir=Path(project_dir), manifest=manifest, edition=edition, docs_dir=Path(docs_dir))
    path = folder / (hashlib.sha256(edition.id.encode()).hexdigest()[:16] + ".json")
    stored = _read(path)
    if stored is not None and stored.startswith(key + "\n"):
        return stored[len(key) + 1:]
    made = make()
    try:
        write_output(path, key + "\n" + made)
    except GuidelineError:
        pass  # a cache that cannot be written costs the next build its comparisons, nothing more
    return made


def templates_folder(project_dir: Path) -> Path | None:
    """Where the compiled templates are kept; None when they cannot be (see _folder)."""
    folder = _folder(Path(project_dir), "templates")
    if folder is not None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            return None
    # Jinja writes there during the build: a folder this user cannot write to would fail it.
    return folder if folder is not None and os.access(folder, os.W_OK | os.X_OK) else None


def _folder(project_dir: Path, kind: str) -> Path | None:
    """The cache folder of `kind`, or None when a link (or anything but a folder) stands on the way."""
    folder = project_dir
    for name in (CACHE, kind):
        folder = folder / name
        if os.path.lexists(folder) and (folder.is_symlink() or not folder.is_dir()):
            return None
    return folder


def _key(*, project_dir: Path, manifest, edition, docs_dir: Path) -> str:
    digest = hashlib.sha256()
    for root in [PACKAGE, *(project_dir / name for name in PROJECT_CODE)]:
        _add_folder(digest, root)
    for name in SETTINGS:
        _add_file(digest, project_dir / name, name)
    for earlier in manifest.up_to(edition):
        if earlier != edition:
            digest.update(f"{earlier.id}\0{trees.content_id(earlier, project_dir=project_dir)}\0".encode())
    digest.update(f"{edition.id}\0".encode())
    _add_folder(digest, docs_dir)
    return digest.hexdigest()


def _add_folder(digest, root: Path) -> None:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file() and not path.is_symlink():
            _add_file(digest, path, path.relative_to(root).as_posix())


def _add_file(digest, path: Path, name: str) -> None:
    content = path.read_bytes() if path.is_file() and not path.is_symlink() else b""
    digest.update(name.encode() + b"\0" + hashlib.sha256(content).digest())


def _read(path: Path) -> str | None:
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            return stream.read().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
