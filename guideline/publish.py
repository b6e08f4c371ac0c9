"""Publishing every edition with mike into one branch: incremental, idempotent, all or nothing.

An edition is rebuilt only when its fingerprint changes: its content, the framework that
renders it, or the manifest entries it shows (its own and those before it). The fingerprint
is kept in the edition's mike properties, so a second run with nothing changed does nothing.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from . import editions, git_utils
from .build import build_site, problems_in, quiet
from .documents import edition_pdf
from .errors import GuidelineError
from .layout import EDITION_VARIABLE, PUBLISH_BRANCH

FRAMEWORK = ("mkdocs.yml", "overrides", "hooks", "macros", "guideline", "constraints.txt",
             "docs/data/terms.yml")  # the search words of every edition
SETTINGS = ("GUIDELINE_SITE_URL", "GUIDELINE_EDIT_URI", "GUIDELINE_REPO_URL")
LATEST = "latest"
FALLBACK_IDENTITY = {"GIT_COMMITTER_NAME": "guideline publish", "GIT_COMMITTER_EMAIL": "guideline@localhost",
                     "GIT_AUTHOR_NAME": "guideline publish", "GIT_AUTHOR_EMAIL": "guideline@localhost"}


def framework_fingerprint(project_dir: Path) -> str:
    digest = hashlib.sha256()
    for name in FRAMEWORK:
        root = Path(project_dir) / name
        paths = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in paths:
            if "__pycache__" not in path.parts:
                digest.update(path.relative_to(project_dir).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    for setting in SETTINGS:
        digest.update(f"{setting}={os.environ.get(setting, '')}\0".encode())
    return digest.hexdigest()


def edition_fingerprint(edition, manifest, *, framework: str, content_ids: dict) -> str:
    shown = [{**vars(entry), "ref": content_ids[entry.id]} for entry in manifest.up_to(edition)]
    compared = manifest.previous(edition)
    payload = {"framework": framework, "editions": shown,
               "compared_with": compared and content_ids[compared.id]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()[:16]


def deployed_versions(branch: str, *, project_dir: Path) -> dict:
    text = git_utils.read_file(branch, "versions.json", cwd=project_dir)
    return {entry["version"]: entry for entry in json.loads(text)} if text else {}


def _mike(*args, project_dir: Path, env: dict) -> str:
    command = [str(Path(sys.executable).parent / "mike"), *args]
    result = subprocess.run(command, cwd=project_dir, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise GuidelineError(f"mike {args[0]} に失敗しました:\n{problems_in(result.stderr + result.stdout)}")
    return result.stdout


def _environment(project_dir: Path) -> dict:
    env = quiet(None)
    # mike runs `mkdocs` from PATH: make it this environment's.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    if not git_utils.has_identity(cwd=project_dir):
        env = {**FALLBACK_IDENTITY, **env}
    return env


def publish(*, project_dir: Path, branch: str = PUBLISH_BRANCH, report=print) -> list:
    """Deploy what changed; return the ids of the editions deployed."""
    project_dir = Path(project_dir).resolve()
    manifest = editions.load_manifest(project_dir)
    content_ids = {e.id: editions.content_id(e, project_dir=project_dir) for e in manifest.editions}
    framework = framework_fingerprint(project_dir)
    env = _environment(project_dir)
    before = git_utils.branch_head(branch, cwd=project_dir)
    deployed = deployed_versions(branch, project_dir=project_dir)
    changed = []
    try:
        with tempfile.TemporaryDirectory(prefix="guideline-editions-") as scratch:
            for edition in manifest.editions:
                fingerprint = edition_fingerprint(edition, manifest, framework=framework,
                                                  content_ids=content_ids)
                if _is_current(deployed.get(edition.id), edition, fingerprint):
                    continue
                report(f"{edition.id}（{edition.title}）を作っています…")
                docs = editions.content_dir(edition, project_dir=project_dir, scratch=Path(scratch))
                _deploy(edition, fingerprint, manifest, branch=branch, project_dir=project_dir,
                        env={**env, "GUIDELINE_DOCS_DIR": str(docs), EDITION_VARIABLE: edition.id,
                             **edition_pdf.publish_settings(edition, report=report)})
                changed.append(edition.id)
        _point_latest(manifest, branch=branch, project_dir=project_dir, env=env)
        _set_default(_landing(manifest), branch=branch, project_dir=project_dir, env=env)
    except BaseException:
        git_utils.reset_branch(branch, before, cwd=project_dir)
        raise
    return changed


def _is_current(entry, edition, fingerprint) -> bool:
    """Deployed from the same inputs. Aliases don't count: moving one needs no rebuild."""
    return (entry is not None and entry.get("title") == edition.title
            and entry.get("properties", {}).get("fingerprint") == fingerprint)


def _deploy(edition, fingerprint, manifest, *, branch, project_dir, env):
    properties = {"fingerprint": fingerprint, **({"hidden": True} if edition.is_draft else {})}
    aliases = [LATEST] if edition == manifest.latest else []
    _mike("deploy", "--config-file", "mkdocs.yml", "--branch", branch, "--title", edition.title,
          "--alias-type", "redirect", "--update-aliases", "--ignore-remote-status",
          "--prop-set-all", json.dumps(properties), "--message", f"{edition.id}（{edition.title}）を公開",
          edition.id, *aliases, project_dir=project_dir, env=env)


def _point_latest(manifest, *, branch, project_dir, env):
    """`latest` on the newest official edition, when no deploy has put it there already."""
    latest = manifest.latest
    entry = deployed_versions(branch, project_dir=project_dir).get(latest.id) if latest else None
    if entry is not None and LATEST not in entry.get("aliases", []):
        _mike("alias", "--branch", branch, "--alias-type", "redirect", "--update-aliases",
              "--ignore-remote-status", latest.id, LATEST, project_dir=project_dir, env=env)


def _landing(manifest) -> str | None:
    """Where the site root sends readers: the edition `latest` points to (straight there, not
    through latest/'s own redirect), or before any official edition the newest one."""
    if manifest.latest:
        return manifest.latest.id
    published = [edition.id for edition in manifest.editions if not edition.is_draft]
    return published[-1] if published else None


def _set_default(target, *, branch, project_dir, env):
    root = git_utils.read_file(branch, "index.html", cwd=project_dir)
    if target and (root is None or f"{target}/" not in root):
        _mike("set-default", "--branch", branch, "--ignore-remote-status", target,
              project_dir=project_dir, env=env)


def build_edition(*, project_dir: Path, edition_id: str, site_dir: Path) -> Path:
    """One edition, rendered with the current framework, into `site_dir`."""
    project_dir = Path(project_dir).resolve()
    edition = editions.load_manifest(project_dir).get(edition_id)
    with tempfile.TemporaryDirectory(prefix="guideline-edition-") as scratch:
        docs = editions.content_dir(edition, project_dir=project_dir, scratch=Path(scratch))
        env = {**os.environ, "GUIDELINE_DOCS_DIR": str(docs), EDITION_VARIABLE: edition.id}
        return build_site(project_dir=project_dir, site_dir=site_dir, env=env)
