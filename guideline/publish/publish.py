"""Publishing every edition into one branch that mike serves: incremental, idempotent, one transaction.

An edition is rebuilt only when its fingerprint changes: its content, the framework that
renders it, or the manifest entries it shows (its own and those before it). The fingerprint
is kept in the edition's mike properties together with the id of the folder committed for
it, so a second run with nothing changed does nothing, and a folder that no longer matches
its record is rebuilt.

The changed editions are built (see builds), then committed together, as mike would deploy
them: each site as its edition's folder, versions.json, .nojekyll; the alias latest/ and the
site root send readers on with pages written as mike writes them (see redirects). mike itself
takes editions off with --prune.

Everything is built onto a private ref (refs/guideline-publish/…); the target branch moves
once at the end, by compare-and-swap, or not at all. One publish runs at a time per repository.

Two things are said before they cost a rebuild: the site's address differing from the one the
branch was built for, and edits not yet committed that go into the draft.
"""

import copy
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from guideline import processes
from guideline.content import editions
from guideline.errors import GuidelineError
from guideline.layout import EDITION_VARIABLE, PUBLISH_BRANCH, TERMS
from guideline.publish import git_utils, locking, redirects, trees
from guideline.publish.builds import Builds, recorded_revisions
from guideline.site import settings
from guideline.site.build import build_site, problems_in, quiet

FRAMEWORK = ("mkdocs.yml", "overrides", "hooks", "macros", "guideline", "constraints.txt",
             TERMS)  # the search words of every edition
SETTINGS = ("GUIDELINE_EDIT_URI", "GUIDELINE_REPO_URL")  # and the site's address, as resolved
LATEST = "latest"
VERSIONS = "versions.json"
NO_JEKYLL = ".nojekyll"  # as mike writes it: GitHub Pages serves the folders as they are
ROOT_PAGE = "index.html"  # the site root, sending readers to the edition they land on
SCRATCH_REFS = "refs/guideline-publish/"
SCRATCH_DIR = "guideline-publish"  # in the git folder: exported content and builds of the run
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
FALLBACK_IDENTITY = {"GIT_COMMITTER_NAME": "guideline publish", "GIT_COMMITTER_EMAIL": "guideline@localhost",
                     "GIT_AUTHOR_NAME": "guideline publish", "GIT_AUTHOR_EMAIL": "guideline@localhost"}


@dataclass
class Outcome:
    deployed: list = field(default_factory=list)   # editions built and committed
    removed: list = field(default_factory=list)    # editions taken off with --prune
    leftover: list = field(default_factory=list)   # published, gone from editions.yml, kept
    moved: bool = False                            # whether the branch changed at all


def framework_fingerprint(project_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in FRAMEWORK:
        root = Path(project_dir) / name
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            if "__pycache__" not in path.parts and path.is_file():
                digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    for setting in SETTINGS:
        digest.update(f"{setting}={os.environ.get(setting, '')}\0".encode())
    # The address itself, wherever it was set: the same address from mkdocs.yml or from
    # GUIDELINE_SITE_URL builds the same site.
    digest.update(f"site_url={settings.site_url(project_dir)}\0".encode())
    return digest.hexdigest()


def edition_fingerprint(edition, manifest, *, framework: str, content_ids: dict) -> str:
    shown = [{**vars(entry), "ref": content_ids[entry.id]} for entry in manifest.up_to(edition)]
    compared = manifest.previous(edition)
    payload = {"framework": framework, "editions": shown,
               "compared_with": compared and content_ids[compared.id]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def read_versions(branch: str, commit: str | None, *, project_dir: Path, force: bool = False) -> dict:
    """The editions recorded on the branch at `commit`; a branch that is no mike site is refused."""
    if commit is None:
        return {}
    text = git_utils.read_blob(commit, VERSIONS, cwd=project_dir)
    if text is None:
        if force:
            return {}
        raise GuidelineError(
            f"ブランチ {branch} には {VERSIONS} がなく、guideline publish（mike）で公開したサイトではありません。"
            f"上書きしないよう止めました。公開先を確かめるか、このブランチに公開してよいなら --force を付けてください")
    try:
        entries = json.loads(text)
    except json.JSONDecodeError as error:
        raise _malformed(branch, f"{error.lineno} 行 {error.colno} 列目が JSON として正しくありません") from None
    if not isinstance(entries, list) or not all(_is_version_entry(entry) for entry in entries):
        raise _malformed(branch, "mike の版の一覧（version・title・aliases を持つ項目の並び）になっていません")
    return {entry["version"]: entry for entry in entries}


def _is_version_entry(entry) -> bool:
    return (isinstance(entry, dict) and isinstance(entry.get("version"), str)
            and isinstance(entry.get("title", ""), str) and isinstance(entry.get("aliases", []), list)
            and isinstance(entry.get("properties", {}), (dict, type(None))))


def _malformed(branch: str, reason: str) -> GuidelineError:
    return GuidelineError(f"ブランチ {branch} の {VERSIONS} を読めません: {reason}。"
                          f"ファイルを直すか、別の公開先（--branch）を指定してください")


def publish(*, project_dir: Path, branch: str = PUBLISH_BRANCH, prune: bool = False, force: bool = False,
            remove=(), report=print) -> Outcome:
    """Deploy what changed, then move `branch` once; report what was done. Editions gone from
    editions.yml are taken off the branch with `prune`, or only those named in `remove`."""
    project_dir = Path(project_dir).resolve()
    manifest = editions.load_manifest(project_dir)
    git_dir = git_utils.common_dir(cwd=project_dir)
    with processes.interruptible(), locking.repository_lock(git_dir, report=report):
        # Whatever private refs and folders exist now were left by a run that was killed.
        _remove_scratch_refs(project_dir)
        shutil.rmtree(git_dir / SCRATCH_DIR, ignore_errors=True)
        _refuse_unfit_target(branch, project_dir=project_dir)
        before = git_utils.branch_head(branch, cwd=project_dir)
        deployed = read_versions(branch, before, project_dir=project_dir, force=force)
        transaction = _Transaction(manifest, project_dir=project_dir, scratch=git_dir / SCRATCH_DIR,
                                   before=before, report=report)
        try:
            outcome = transaction.run(deployed, prune=prune, remove=set(remove))
            if outcome.moved:
                _move_branch(branch, transaction.built_head(), before, project_dir=project_dir)
        finally:
            with processes.deferred_signals():
                transaction.close()
    return outcome


def _refuse_unfit_target(branch: str, *, project_dir: Path):
    if git_utils.git("check-ref-format", f"refs/heads/{branch}", cwd=project_dir, check=False) is None:
        raise GuidelineError(f"'{branch}' はブランチの名前に使えません。--branch に gh-pages のような名前を指定してください")
    if branch in git_utils.checked_out_branches(cwd=project_dir):
        raise GuidelineError(f"ブランチ {branch} は作業中のブランチ（チェックアウト済み）のため、公開先にできません。"
                             f"公開用のブランチ（例: gh-pages）を --branch で指定してください")


def _remove_scratch_refs(project_dir: Path):
    listing = git_utils.git("for-each-ref", "--format=%(refname)", SCRATCH_REFS, cwd=project_dir)
    commands = "".join(f"delete {ref}\n" for ref in listing.split())
    if commands:
        git_utils.git("update-ref", "--stdin", cwd=project_dir, input=commands)


def _move_branch(branch: str, new: str, old: str | None, *, project_dir: Path):
    """The one change to the branch: only if it still is where this run found it.
    Interrupted, git is stopped too and either has moved the branch or has not."""
    moved = git_utils.git("update-ref", "-m", "guideline publish", f"refs/heads/{branch}", new,
                          old or git_utils.ZERO, cwd=project_dir, check=False)
    if moved is None:
        if git_utils.branch_head(branch, cwd=project_dir) != old:
            raise GuidelineError(f"公開中に別の公開（または git の操作）で公開先 {branch} が動いたため、"
                                 f"何も変えずに止めました。もう一度 guideline publish を実行してください")
        git_utils.git("update-ref", f"refs/heads/{branch}", new, old or git_utils.ZERO, cwd=project_dir)


class _Transaction:
    """Every change of one publish, made on a private ref that starts where the branch is."""

    def __init__(self, manifest, *, project_dir: Path, scratch: Path, before: str | None, report):
        self.manifest, self.project_dir, self.scratch, self.report = manifest, project_dir, scratch, report
        self.ref = f"{SCRATCH_REFS}{os.getpid()}"
        self.before = before
        self.deployed: dict = {}
        self.env: dict | None = None  # set when the first change starts the private ref
        self.how: redirects.Redirects | None = None
        self.site_url = settings.site_url(project_dir)
        # What this process last wrote on its private ref (its commit, and its versions.json), so
        # as not to ask git again; forgotten when mike writes there.
        self.written: tuple[str, dict | None] | None = None

    def _start(self):
        """The private ref and folder, made only when there is something to change."""
        if self.env is not None:
            return
        self.scratch.mkdir()
        self.env = _environment(self.project_dir)
        start = self.before or self._empty_root()
        git_utils.git("update-ref", self.ref, start, git_utils.ZERO, cwd=self.project_dir)
        self.written = (start, None)

    def close(self):
        if self.env is not None:
            git_utils.git("update-ref", "-d", self.ref, cwd=self.project_dir, check=False)
            shutil.rmtree(self.scratch, ignore_errors=True)

    def head(self) -> str | None:
        if self.env is None:
            return self.before
        if self.written is not None:
            return self.written[0]
        return git_utils.ref_head(self.ref, cwd=self.project_dir)

    def built_head(self) -> str:
        """The private ref's commit, once something has been built on it."""
        head = self.head()
        if head is None:
            raise GuidelineError("公開の準備中の参照が見つかりません（別の処理が消した可能性があります）")
        return head

    def _environment(self) -> dict:
        self._start()
        assert self.env is not None  # _start sets it
        return self.env

    def run(self, deployed: dict, *, prune: bool, remove: set) -> Outcome:
        outcome = Outcome()
        self.deployed = deployed
        manifest, project_dir = self.manifest, self.project_dir
        content_ids = _content_ids(manifest, project_dir=project_dir)
        framework = framework_fingerprint(project_dir)
        trees = git_utils.top_level_trees(self.before, cwd=project_dir)
        self._announce_address()
        changed = {}
        for edition in manifest.editions:
            fingerprint = edition_fingerprint(edition, manifest, framework=framework, content_ids=content_ids)
            if not _is_current(deployed.get(edition.id), edition, fingerprint, trees):
                changed[edition.id] = fingerprint
        if changed:
            self._deploy(changed, content_ids)
            outcome.deployed = list(changed)
        gone = [version for version in deployed if version not in {e.id for e in manifest.editions}]
        removed = gone if prune else [version for version in gone if version in remove]
        if removed:
            self._mike("delete", *removed)
            outcome.removed = removed
        outcome.leftover = [version for version in gone if version not in removed]
        if outcome.leftover:
            self.report(f"editions.yml にない版が公開先に残っています: {'、'.join(outcome.leftover)}"
                        f"（消すには --prune を付けて公開してください）")
        self._point_latest(prune=prune)
        self._set_default(_landing(manifest))
        outcome.moved = self.head() != self.before
        return outcome

    def _announce_address(self):
        """Said before anything is rebuilt for it: the branch was built for another address."""
        published = {address for version, entry in self.deployed.items()
                     if (address := self._published_address(version, entry))}
        if published and self.site_url not in published:
            self.report(f"公開先の版は {'、'.join(sorted(published))} 向けに作られていますが、今回のアドレスは "
                        f"{self.site_url}（{settings.site_url_source()}）です。アドレスが変わるため、"
                        "すべての版を作り直します（アドレスを変えないなら、mkdocs.yml の site_url を"
                        "公開先のアドレスにしてください）")

    def _published_address(self, version: str, entry: dict) -> str | None:
        """The address an edition on the branch was built for: recorded, or else read from its
        home page's canonical link (editions published before it was recorded)."""
        recorded = (entry.get("properties") or {}).get("site_url")
        if recorded:
            return recorded
        home = git_utils.read_blob(self.before, f"{version}/index.html", cwd=self.project_dir) or ""
        found = CANONICAL.search(home)
        if not found:
            return None
        return re.sub(rf"(?:{re.escape(LATEST)}|{re.escape(version)})/$", "", found.group(1))

    def _deploy(self, changed: dict, content_ids: dict):
        """Build the changed editions, then commit them all at once onto the private ref."""
        self._start()
        manifest = self.manifest
        if any(manifest.get(version).is_draft for version in changed):
            self._announce_uncommitted()
        kept = [edition for edition in manifest.editions if edition.id not in changed]
        recorded = recorded_revisions(self.before, kept, project_dir=self.project_dir)
        builds = Builds(manifest, project_dir=self.project_dir, scratch=self.scratch, content_ids=content_ids,
                        recorded=recorded, report=self.report, head=self.before)
        sites = builds.run([edition for edition in manifest.editions if edition.id in changed])
        self._commit_sites(sites, changed, stored=builds.stored)

    def _commit_sites(self, sites: dict, fingerprints: dict, *, stored: dict):
        """One commit: each built site as its edition's folder, versions.json recording each with
        its fingerprint, the address it was built for and its folder, and the alias folders of a
        rebuilt edition made again."""
        folders = git_utils.folder_trees(sites, index=self.scratch / "index", cwd=self.project_dir, stored=stored)
        versions = self._versions()
        for version, site in sites.items():
            edition = self.manifest.get(version)
            properties = {"fingerprint": fingerprints[version], "site_url": self.site_url,
                          **({"hidden": True} if edition.is_draft else {}), "tree": folders[version]}
            aliases = versions.get(version, {}).get("aliases", [])
            versions[version] = {"version": version, "title": edition.title, "aliases": aliases, "properties": properties}
            folders.update({alias: self._alias_tree(version, alias, _files_of(site)) for alias in aliases})
        # `latest` and the site root move in the same commit, when they move (see _point_latest, _set_default)
        folders.update(self._latest_moved(versions,
                                          listed=lambda version: _files_of(sites[version]) if version in sites else None))
        files = {NO_JEKYLL: b"", **self._root_moved(_landing(self.manifest))}
        message = "、".join(f"{e.id}（{e.title}）" for e in self.manifest.editions if e.id in sites) + "を公開"
        self._commit(message, folders=folders, versions=versions, files=files)

    def _announce_uncommitted(self):
        """The draft is the working tree as it is: what is not committed goes in too."""
        edited, untracked = git_utils.uncommitted(editions.CONTENT, cwd=self.project_dir)
        if edited or untracked:
            self.report("改訂案（draft/）には、コミットしていない次の変更も入ります:\n"
                        + "\n".join(f"  {name}" for name in edited + untracked))

    def _point_latest(self, *, prune: bool):
        """`latest` on the newest official edition; with --prune off the site when there is none."""
        versions = self._versions()
        holder = next((v for v, entry in versions.items() if LATEST in entry.get("aliases", [])), None)
        latest = self.manifest.latest
        moved = self._latest_moved(versions)
        if moved and latest is not None:
            self._commit(f"{LATEST} を {latest.id} に", versions=versions, folders=moved)
        elif latest is None and holder is not None:
            if prune:
                self._mike("delete", LATEST)
            else:
                self.report(f"{LATEST} が正式版でなくなった版 {holder} を指しています（外すには --prune を付けてください）")

    def _latest_moved(self, versions: dict, *, listed=lambda version: None) -> dict:
        """The `latest` folder ({LATEST: tree}) when it must move to the newest official edition,
        with `versions` changed to say so; {} when it stays. `listed(version)` gives the files of
        an edition about to be committed (None: read them from the branch)."""
        holder = next((v for v, entry in versions.items() if LATEST in entry.get("aliases", [])), None)
        latest = self.manifest.latest
        if latest is None or latest.id not in versions or holder == latest.id:
            return {}
        for entry in versions.values():
            entry["aliases"] = [alias for alias in entry.get("aliases", []) if alias != LATEST]
        versions[latest.id]["aliases"].append(LATEST)
        files = listed(latest.id)
        if files is None:
            listing = git_utils.git("ls-tree", "-r", "-z", "--name-only", "--end-of-options", self.built_head(),
                                    "--", latest.id, cwd=self.project_dir)
            files = [path[len(latest.id) + 1:] for path in listing.split("\0") if path]
        return {LATEST: self._alias_tree(latest.id, LATEST, files)}

    def _set_default(self, target):
        moved = self._root_moved(target)
        if moved:
            self._commit(f"サイトのトップを {target} に", files=moved)

    def _root_moved(self, target) -> dict:
        """The site root's page ({ROOT_PAGE: bytes}) when it must send readers on to `target`; {} when it does."""
        root = git_utils.read_blob(self.head(), ROOT_PAGE, cwd=self.project_dir)
        if target and (root is None or f"{target}/" not in root):
            return {ROOT_PAGE: redirects.root_page(target, how=self._redirects()).encode("utf-8")}
        return {}

    def _commit(self, message: str, *, folders: dict | None = None, versions: dict | None = None,
                files: dict | None = None):
        """One commit on the private ref: top-level folders (name → tree), versions.json, files (name → bytes)."""
        head, project_dir = self.built_head(), self.project_dir
        files = dict(files or {})
        if versions is not None:
            files[VERSIONS] = (json.dumps(_mike_order(versions), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        written = self.scratch / "files"
        shutil.rmtree(written, ignore_errors=True)
        written.mkdir()
        paths = [written / str(number) for number in range(len(files))]
        for path, data in zip(paths, files.values(), strict=True):
            path.write_bytes(data)
        blobs = dict(zip(files, git_utils.hash_files(paths, cwd=project_dir), strict=True))
        tree = git_utils.replace_in_tree(head, folders=folders or {}, files=blobs, remove=[], cwd=project_dir)
        commit = git_utils.git("commit-tree", tree, "-p", head, "-m", message, cwd=project_dir,
                               env=self._environment()).strip()
        git_utils.git("update-ref", self.ref, commit, head, cwd=project_dir)
        kept = self.written[1] if self.written is not None else None
        self.written = (commit, json.loads(files[VERSIONS]) if versions is not None else kept)

    def _tree(self, folder: Path) -> str:
        entries = git_utils.folder_entries(folder, cwd=self.project_dir)
        return git_utils.tree_of(entries, index=self.scratch / "index", cwd=self.project_dir)

    def _alias_tree(self, version: str, alias: str, files: list) -> str:
        """The folder of `alias`, as mike makes it: a page sending readers on for each page of `version`."""
        folder = self.scratch / "aliases" / alias
        shutil.rmtree(folder, ignore_errors=True)
        for path, page in redirects.alias_pages(files, version=version, alias=alias, how=self._redirects()).items():
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            (folder / path).write_text(page, encoding="utf-8")
        return self._tree(folder)

    def _redirects(self) -> redirects.Redirects:
        if self.how is None:
            self.how = redirects.redirects(self.project_dir)
        return self.how

    def _empty_root(self) -> str:
        tree = git_utils.git("mktree", cwd=self.project_dir, input="").strip()
        return git_utils.git("commit-tree", tree, "-m", "公開先を作りました", cwd=self.project_dir,
                             env=self.env).strip()

    def _versions(self) -> dict:
        if self.env is None:  # nothing changed yet: what the branch holds
            return self.deployed
        if self.written is not None and self.written[1] is not None:  # a copy: callers change it
            return {entry["version"]: entry for entry in copy.deepcopy(self.written[1])}
        text = git_utils.read_blob(self.head(), VERSIONS, cwd=self.project_dir)
        return {entry["version"]: entry for entry in json.loads(text)} if text else {}

    def _mike(self, command, *args, env=None):
        base_env = self._environment()
        self.written = None  # mike moves the private ref
        full = [str(Path(sys.executable).parent / "mike"), command, "--branch", self.ref,
                "--ignore-remote-status", *args]
        result = processes.run(full, cwd=self.project_dir, env={**base_env, **(env or {})})
        if result.returncode != 0:
            log = result.stderr.decode("utf-8", "replace") + result.stdout.decode("utf-8", "replace")
            raise GuidelineError(f"mike {command} に失敗しました:\n{problems_in(log)}")


def _files_of(site: Path) -> list:
    return [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]


def _content_ids(manifest, *, project_dir: Path) -> dict:
    """Edition id → id of its docs/ tree; the committed ones asked of git in one call."""
    committed = [e for e in manifest.editions if not e.is_draft]
    asked = "".join(f"{e.ref}:{editions.CONTENT}\n" for e in committed)
    answers = git_utils.git("cat-file", "--batch-check=%(objectname) %(objecttype)", cwd=project_dir,
                            input=asked).split("\n") if committed else []
    found = [answer.split()[0] for answer in answers if answer.endswith(" tree")]
    if len(found) != len(committed):  # say which one is missing, and how to get it
        return {e.id: trees.content_id(e, project_dir=project_dir) for e in manifest.editions}
    ids = dict(zip((e.id for e in committed), found, strict=False))
    for draft in (e for e in manifest.editions if e.is_draft):
        ids[draft.id] = trees.content_id(draft, project_dir=project_dir)
    return ids


def _environment(project_dir: Path) -> dict:
    env = quiet(None)
    # mike runs `mkdocs` from PATH: make it this environment's.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    if not git_utils.has_identity(cwd=project_dir):
        env = {**FALLBACK_IDENTITY, **env}
    return env


def _mike_order(versions: dict) -> list:
    """The entries in the order mike keeps them: names not starting with a digit (the draft)
    first, then the newest version first."""
    def key(entry) -> tuple:
        version = entry["version"]
        parts = tuple((0, int(part), "") if part.isdigit() else (1, 0, part)
                      for part in re.findall(r"\d+|[a-z]+", version.lower()))
        return (0 if re.match(r"v?\d", version) else 1, parts)
    return sorted(versions.values(), key=key, reverse=True)


def _is_current(entry, edition, fingerprint, trees) -> bool:
    """Deployed from the same inputs, and its folder is the one recorded. Aliases don't count."""
    if entry is None or entry.get("title") != edition.title:
        return False
    properties = entry.get("properties") or {}
    return properties.get("fingerprint") == fingerprint and properties.get("tree") == trees.get(edition.id)


def _landing(manifest) -> str | None:
    """Where the site root sends readers: the edition `latest` points to (straight there, not
    through latest/'s own redirect), or before any official edition the newest one."""
    if manifest.latest:
        return manifest.latest.id
    published = [edition.id for edition in manifest.editions if not edition.is_draft]
    return published[-1] if published else None


def build_edition(*, project_dir: Path, edition_id: str, site_dir: Path) -> Path:
    """One edition, rendered with the current framework, into `site_dir`."""
    project_dir = Path(project_dir).resolve()
    edition = editions.load_manifest(project_dir).get(edition_id)
    with tempfile.TemporaryDirectory(prefix="guideline-edition-") as scratch:
        docs = trees.content_dir(edition, project_dir=project_dir, scratch=Path(scratch))
        env = {**os.environ, "GUIDELINE_DOCS_DIR": str(docs), EDITION_VARIABLE: edition.id}
        return build_site(project_dir=project_dir, site_dir=site_dir, env=env)
