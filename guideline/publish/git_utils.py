"""The git operations the project needs, all through one function that keeps git's own words.

A name an editor gives (an edition's ref, a revision to compare) is resolved once with
`rev-parse --verify --end-of-options NAME^{commit}`; only the commit id is used after that,
so no name can be taken for an option or mean something else later.
"""

import contextlib
import io
import os
import re
import stat
import subprocess
import tarfile
import tempfile
import threading
import time
from pathlib import Path

from guideline import processes, symlinks
from guideline.errors import DataError, GuidelineError

ZERO = "0" * 40  # as the old value of `update-ref`: the ref must not exist yet
LINK_MODE = "120000"  # a symbolic link in a git tree
COMMIT_ID = re.compile(r"[0-9a-f]{40}")
# A revision such as main, main~2 or v1^{tree}: the ref, then what follows it.
REF_EXPRESSION = re.compile(r"(?P<ref>[^~^:@{}\s]+)(?P<rest>.*)", re.DOTALL)
PSEUDO_REF = re.compile(r"[A-Z_]*HEAD")
# Where git looks for a short name, in its order (git help revisions).
REF_RULES = ("refs/{}", "refs/tags/{}", "refs/heads/{}", "refs/remotes/{}", "refs/remotes/{}/HEAD")


class GitError(GuidelineError):
    def __init__(self, message, *, stderr=""):
        super().__init__(message)
        self.stderr = stderr


def git(*args, cwd, env=None, input: bytes | str | None = None, check=True, binary=False):
    """Run git; a failure raises GitError with git's message, unless `check` is false
    (then None is returned)."""
    data = input.encode("utf-8") if isinstance(input, str) else input
    result = processes.run(["git", "-c", "core.quotepath=false", *args], cwd=cwd, env=env, input=data)
    if result.returncode != 0:
        if not check:
            return None
        stderr = result.stderr.decode("utf-8", "replace").strip()
        raise GitError(f"git {' '.join(args)}: {stderr}", stderr=stderr)
    return result.stdout if binary else result.stdout.decode("utf-8", "replace")


def resolve(name: str, *, cwd) -> str | None:
    """The commit id `name` stands for, or None when it names no commit. A branch is meant
    before a tag or other ref of the same name; a name that is still ambiguous is refused."""
    found = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{_unambiguous(name, cwd=cwd)}^{{commit}}",
                cwd=cwd, check=False)
    return found.strip() if found else None


def _unambiguous(name: str, *, cwd) -> str:
    """`name` with its ref written in full when it is a branch's, as git would not (git
    prefers a tag `main` to the branch `main`)."""
    named = REF_EXPRESSION.match(name)
    if not named or COMMIT_ID.fullmatch(name) or PSEUDO_REF.fullmatch(named.group("ref")):
        return name
    ref, rest = named.group("ref"), named.group("rest")
    meant = [pattern.format(ref) for pattern in REF_RULES]
    listing = git("for-each-ref", "--format=%(refname)", *meant, cwd=cwd).split()
    existing = [full for full in meant if full in listing]
    if f"refs/heads/{ref}" in existing:
        return f"refs/heads/{ref}{rest}"
    if len(existing) > 1:
        raise GuidelineError(f"'{ref}' は {' と '.join(existing)} のどちらも指すため、どれのことか決められません。"
                             f"{existing[0]} のように完全な名前で指定してください")
    return name


def has_commit(rev: str, *, cwd) -> bool:
    return resolve(rev, cwd=cwd) is not None


def is_shallow(*, cwd) -> bool:
    return git("rev-parse", "--is-shallow-repository", cwd=cwd).strip() == "true"


def common_dir(*, cwd) -> Path:
    """The git folder all worktrees of the repository share."""
    return Path(cwd, git("rev-parse", "--git-common-dir", cwd=cwd).strip()).resolve()


def tree_id(commit: str, path: str, *, cwd) -> str:
    """The id of `path` in `commit`: equal ids mean equal content."""
    return git("rev-parse", "--verify", "--end-of-options", f"{commit}:{path}", cwd=cwd).strip()


def top_level_trees(commit: str | None, *, cwd) -> dict:
    """Name → object id of the entries at the top of `commit`."""
    if commit is None:
        return {}
    listing = git("ls-tree", "-z", "--end-of-options", commit, cwd=cwd)
    entries = (line.split("\t", 1) for line in listing.split("\0") if line)
    return {name: meta.split()[2] for meta, name in entries}


def worktree_tree_id(path: str, *, cwd) -> str:
    """The id `path` would have if the working tree were committed now (index untouched)."""
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "GIT_INDEX_FILE": str(Path(scratch) / "index")}
        git("add", "--all", "--", path, cwd=cwd, env=env)
        return git("write-tree", f"--prefix={path}/", cwd=cwd, env=env).strip()


def export(commit: str, path: str, destination: Path, *, cwd) -> Path:
    """Write `path` as it is in `commit` (a commit id) under `destination`."""
    _refuse_links(commit, path=path, where=f"リビジョン {commit[:7]}", cwd=cwd)
    _extract(git("archive", "--format=tar", commit, "--", path, cwd=cwd, binary=True), destination)
    return Path(destination) / path


def links(treeish: str, *, cwd, path: str | None = None) -> list[str]:
    """The symbolic links (mode 120000) in `treeish`, under `path` if given."""
    listing = git("ls-tree", "-r", "-z", "--end-of-options", treeish, *(["--", path] if path else []), cwd=cwd)
    entries = (entry.split("\t", 1) for entry in listing.split("\0") if entry)
    return [name for meta, name in entries if meta.startswith(LINK_MODE)]


def _refuse_links(treeish: str, *, cwd, where: str, path: str | None = None):
    found = links(treeish, path=path, cwd=cwd)
    if found:
        raise DataError([f"{name}: {symlinks.MESSAGE}（{where}）" for name in found])


def _extract(archive: bytes, destination: Path):
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(destination, filter="data")


def branch_head(branch: str, *, cwd) -> str | None:
    return ref_head(f"refs/heads/{branch}", cwd=cwd)


def ref_head(ref: str, *, cwd) -> str | None:
    """The commit a full ref name (refs/heads/…) points at: no name to resolve, so nothing to guess."""
    found = git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}",
                cwd=cwd, check=False)
    return found.strip() if found else None


def read_blob(commit: str | None, path: str, *, cwd) -> str | None:
    """The text of `path` in `commit`, or None when it is not there."""
    found = read_bytes(commit, path, cwd=cwd)
    return found.decode("utf-8", "replace") if found is not None else None


def read_bytes(commit: str | None, path: str, *, cwd) -> bytes | None:
    """The bytes of `path` in `commit`, or None when it is not there."""
    if commit is None:
        return None
    return git("cat-file", "blob", f"{commit}:{path}", cwd=cwd, check=False, binary=True)


def read_file(branch: str, path: str, *, cwd) -> str | None:
    return read_blob(branch_head(branch, cwd=cwd), path, cwd=cwd)


def checked_out_branches(*, cwd) -> set:
    """The branches some worktree of this repository has checked out."""
    listing = git("worktree", "list", "--porcelain", cwd=cwd)
    return {line.removeprefix("branch refs/heads/") for line in listing.splitlines()
            if line.startswith("branch refs/heads/")}


def has_identity(*, cwd) -> bool:
    found = git("config", "--get-regexp", r"^user\.(name|email)$", cwd=cwd, check=False) or ""
    return {line.split(" ", 1)[0] for line in found.splitlines()} == {"user.name", "user.email"}


def archive(branch: str, *, cwd) -> bytes:
    """The files of `branch` as a .tar.gz, as a web server without Git unpacks them."""
    head = branch_head(branch, cwd=cwd)
    if head is None:
        raise GitError(f"ブランチ {branch} がありません")
    return git("archive", "--format=tar.gz", head, cwd=cwd, binary=True)


def uncommitted(*paths: str, cwd) -> tuple[list, list]:
    """(changed tracked files, untracked files) under `paths` (everything when none), names as
    they are written, not escaped."""
    fields = iter(git("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths,
                      cwd=cwd).split("\0"))
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


def subject(commit: str, *, cwd) -> str:
    """The first line of a commit's message."""
    return git("log", "-1", "--format=%s", commit, "--", cwd=cwd).strip()


def changed_files(old: str, new: str, path: str, *, cwd) -> list:
    """The files under `path` that differ between two commits."""
    return [name for name in git("diff", "--name-only", "-z", old, new, "--", path, cwd=cwd).split("\0") if name]


def reset_branch(branch: str, head: str | None, *, cwd):
    """Put `branch` back at `head` (or remove it, if `head` is None)."""
    if head:
        git("update-ref", f"refs/heads/{branch}", head, cwd=cwd)
    elif branch_head(branch, cwd=cwd):
        git("update-ref", "-d", f"refs/heads/{branch}", cwd=cwd)


# --- writing built folders into a branch's tree, byte for byte ---------------------------

def hash_files(paths: list, *, cwd) -> list:
    """The blob id of each file, written into the repository as it is (no filters, no ignores)."""
    if not paths:
        return []
    names = [str(path) for path in paths]
    if any("\n" in name for name in names):
        raise GuidelineError("改行を含む名前のファイルは公開できません")
    return git("hash-object", "-w", "--no-filters", "--stdin-paths", cwd=cwd, input="\n".join(names) + "\n").split()


def store_files(folders: list, *, cwd) -> dict:
    """Write the plain files under `folders` into the repository ahead of their commit; what
    was written (path → (the file as it stood, its blob id)) lets the commit skip each file
    that has not changed since (`folder_trees`). Links are not followed. Files may still be
    coming and going (a file written whole is renamed into place): one that went stops the
    writing early, which only leaves more to the commit."""
    files = [os.path.join(root, name) for folder in folders for root, _, names in os.walk(folder) for name in names]
    plain = [name for name in files if os.path.isfile(name) and not os.path.islink(name)]
    try:
        settled = time.time_ns() - RACY_NS
        standing = [_standing(name) for name in plain]  # before it is read: a change meanwhile shows
        blobs = hash_files(plain, cwd=cwd)
    except (GitError, OSError):
        return {}
    # A file written just before could be written again within the clock's step and keep its times.
    return {name: (found, blob) for name, found, blob in zip(plain, standing, blobs, strict=True) if found[2] < settled}


RACY_NS = 50_000_000  # several steps of the kernel's file clock (1–10 ms)


class Storer:
    """`store_files` for files this process wrote whole (each put into place in one step) and
    does not write again, so that what they hold is known as soon as they are written: one file
    at a time, from any thread, with one git process for all of them (starting git for each
    document cost more than storing it). Entered in the thread that runs the command, so that
    git ends with the command."""

    def __init__(self, *, cwd):
        self.cwd, self.lock = cwd, threading.Lock()
        self.child: subprocess.Popen | None = None

    def __enter__(self) -> "Storer":
        self.child = processes.start(["git", "hash-object", "-w", "--no-filters", "--stdin-paths"], cwd=self.cwd,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        return self

    def __exit__(self, kind, error, trace) -> None:
        with self.lock, processes.deferred_signals():
            child, self.child = self.child, None
            if child is not None and error is None:
                child.communicate()  # it ends when its input does
            elif child is not None:
                processes.stop(child)

    def store(self, path: Path) -> dict:
        """{path: (the file as it stood, its blob id)}; {} for anything but a plain file, or when
        git cannot store it (git then ends, and nothing more is stored: the commit reads the rest)."""
        try:
            standing = _standing(path)
            plain = stat.S_ISREG(os.lstat(path).st_mode)  # not a link, a folder or a pipe git would wait on
        except OSError:
            return {}
        with self.lock:
            if self.child is None or not plain or "\n" in str(path):
                return {}
            assert self.child.stdin is not None and self.child.stdout is not None
            try:
                self.child.stdin.write(f"{path}\n".encode())
                self.child.stdin.flush()
                blob = self.child.stdout.readline().decode("ascii", "replace").strip()
            except OSError:
                blob = ""
            if not re.fullmatch(r"[0-9a-f]{40}|[0-9a-f]{64}", blob):
                child, self.child = self.child, None
                with processes.deferred_signals():
                    processes.stop(child)
                for pipe in (child.stdin, child.stdout):
                    with contextlib.suppress(OSError):
                        if pipe is not None:
                            pipe.close()
                return {}
            return {str(path): (standing, blob)}


def renamed(stored: dict, moves: list) -> None:
    """Carry what `stored` knows of files renamed (source, target) over to their new names: a
    rename keeps the file and its times but the change time."""
    for source, target in moves:
        known = stored.pop(str(source), None)
        with contextlib.suppress(OSError):
            now = _standing(target)
            if known is not None and now[:3] == known[0][:3]:
                stored[str(target)] = (now, known[1])


def _standing(path) -> tuple:
    """What tells a file replaced or written to since: its inode, size and times, to the nanosecond."""
    found = os.lstat(path)
    return found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def folder_entries(folder: Path, *, cwd) -> list:
    """(mode, blob id, path inside `folder`) of each file under it, the files written into git."""
    files = _files(folder)
    return [(mode, blob, name) for (_, mode, name), blob in
            zip(files, hash_files([path for path, _, _ in files], cwd=cwd), strict=True)]


def folder_trees(folders: dict, *, index: Path, cwd, stored: dict | None = None) -> dict:
    """The tree id of each folder (name → folder, a name without '/'), its files written into
    git: one index for all of them, so that each git process runs once, not once per folder.
    A file `store_files` wrote (`stored`) and that has not changed since is not read again."""
    listed = {name: _files(folder) for name, folder in folders.items()}
    paths = [str(path) for files in listed.values() for path, _, _ in files]
    stored = stored or {}
    kept = {path: stored[path][1] for path in paths if path in stored and stored[path][0] == _standing(path)}
    written = iter(hash_files([path for path in paths if path not in kept], cwd=cwd))
    blobs = iter([kept[path] if path in kept else next(written) for path in paths])
    root = tree_of([(mode, next(blobs), f"{name}/{inside}") for name, files in listed.items() for _, mode, inside in files],
                   index=index, cwd=cwd)
    listing = git("ls-tree", "-z", "--end-of-options", root, cwd=cwd)
    trees = {line.split("\t", 1)[1]: line.split()[2] for line in listing.split("\0") if line}
    empty = git("mktree", cwd=cwd, input="").strip() if len(trees) < len(folders) else None
    return {name: trees.get(name, empty) for name in folders}


def _files(folder: Path) -> list:
    """(path, mode, path inside `folder`) of each file under it, in order; a link refused by name."""
    files = sorted(path for path in Path(folder).rglob("*") if not path.is_dir() or path.is_symlink())
    links = [path for path in files if path.is_symlink() or not path.is_file()]
    if links:
        raise GuidelineError(f"{links[0]} はシンボリックリンクか特殊なファイルのため、公開できません")
    return [(path, "100755" if os.access(path, os.X_OK) else "100644", path.relative_to(folder).as_posix())
            for path in files]


def tree_of(entries: list, *, index: Path, cwd) -> str:
    """The id of a tree holding `entries` (mode, blob id, path), made in the index file `index`."""
    env = {**os.environ, "GIT_INDEX_FILE": str(index)}
    Path(index).unlink(missing_ok=True)
    records = "".join(f"{mode} {blob}\t{path}\0" for mode, blob, path in entries)
    git("update-index", "-z", "--add", "--index-info", cwd=cwd, env=env, input=records)
    return git("write-tree", cwd=cwd, env=env).strip()


def replace_in_tree(base: str | None, *, folders: dict, files: dict, remove: list, cwd) -> str:
    """The tree of the commit `base` with each top-level name in `folders` holding that tree
    instead of what it held, each name in `files` holding that blob, and the names in
    `remove` gone. Only the top level is written again; what is inside is kept as it is."""
    listing = git("ls-tree", "-z", "--end-of-options", base, cwd=cwd) if base else ""
    entries = {line.split("\t", 1)[1]: line.split("\t", 1)[0] for line in listing.split("\0") if line}
    for name in remove:
        entries.pop(name, None)
    entries.update({name: f"040000 tree {tree}" for name, tree in folders.items()})
    entries.update({name: f"100644 blob {blob}" for name, blob in files.items()})
    if any("/" in name for name in entries):
        raise GuidelineError("公開先の一番上のものだけを置き換えられます")
    return git("mktree", "-z", cwd=cwd, input="".join(f"{meta}\t{name}\0" for name, meta in sorted(entries.items()))).strip()


def read_blobs(commit: str | None, paths: list, *, cwd) -> dict:
    """Path → text of each of `paths` in `commit` (None where it is not there), in one call."""
    if commit is None or not paths:
        return dict.fromkeys(paths)
    found = read_objects([f"{commit}:{path}" for path in paths], cwd=cwd)
    return {path: data.decode("utf-8", "replace") if (data := found[f"{commit}:{path}"]) is not None else None
            for path in paths}


def read_objects(names: list, *, cwd, kind: str = "blob") -> dict:
    """Name (an object id, or commit:path) → the content of each of `names` that is an object
    of `kind`, else None; one git process for all of them."""
    if not names:
        return {}
    if any("\n" in name for name in names):
        raise GuidelineError("改行を含む名前のファイルは読めません")
    output = git("cat-file", "--batch", cwd=cwd, binary=True, input="".join(f"{name}\n" for name in names))
    found, at = {}, 0
    for name in names:
        end = output.index(b"\n", at)
        header = output[at:end].split(b" ")
        at = end + 1
        is_object = len(header) == 3 and header[2].isdigit() and b":" not in header[0]
        size = int(header[2]) if is_object else 0
        found[name] = output[at:at + size] if is_object and header[1] == kind.encode() else None
        at += size + 1 if is_object else 0
    return found


# --- writing trees into folders, many at once -----------------------------------------------

TREE_MODE, LINK_MODE_BYTES, SUBMODULE_MODE, EXECUTABLE_MODE = b"40000", LINK_MODE.encode(), b"160000", b"100755"


def export_trees(trees: list, *, cwd, shown: str) -> None:
    """Write each tree object of `trees` (tree id, destination folder, where it comes from, as
    editors know it) under its destination, as `git archive` would: one git process for each
    level of folders and one for the files, however many trees. Nothing is written when a
    tree holds a symbolic link (each one is named) or a name no folder can hold."""
    folders, files, links = [], [], []
    level = [(tree, Path(destination), "", where) for tree, destination, where in trees]
    while level:
        read = read_objects(list(dict.fromkeys(tree for tree, *_ in level)), cwd=cwd, kind="tree")
        below = []
        for tree, destination, inside, where in level:
            if read[tree] is None:
                raise GitError(f"git の木 {tree} を読めません（{where}）")
            folders.append(destination)
            for mode, name, entry in _tree_entries(read[tree], width=len(tree) // 2, shown=f"{shown}/{inside}"):
                if mode == TREE_MODE:
                    below.append((entry, destination / name, f"{inside}{name}/", where))
                elif mode == LINK_MODE_BYTES:
                    links.append(f"{shown}/{inside}{name}: {symlinks.MESSAGE}（{where}）")
                elif mode == SUBMODULE_MODE:
                    folders.append(destination / name)  # as git archive leaves it: an empty folder
                else:
                    files.append((entry, destination / name, mode == EXECUTABLE_MODE))
        level = below
    if links:
        raise DataError(sorted(links))
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    blobs = read_objects(list(dict.fromkeys(blob for blob, *_ in files)), cwd=cwd)
    for blob, path, executable in files:
        if blobs[blob] is None:
            raise GitError(f"git のファイル {blob} を読めません（{path.name}）")
        path.write_bytes(blobs[blob])
        if executable:
            path.chmod(0o755)


def _tree_entries(data: bytes, *, width: int, shown: str):
    """(mode, name, object id) of each entry of a raw tree object whose ids are `width` bytes."""
    at, size = 0, len(data)
    while at < size:
        space = data.index(b" ", at)
        end = data.index(b"\0", space)
        name = os.fsdecode(data[space + 1:end])
        if name in ("", ".", "..") or "/" in name:
            raise GuidelineError(f"{shown}{name}: git の木に、フォルダーに置けない名前があります")
        yield data[at:space], name, data[end + 1:end + 1 + width].hex()
        at = end + 1 + width
