"""Building the site with the site generator, all or nothing, into a folder it may own.

The search index is made here, not by the generator's hook: Pagefind starts before the
generator does, so that its Japanese dictionary (about a second) loads while the generator
starts up and writes the pages, and the index goes into the new site before it replaces the
old one.
"""

import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from guideline.content.data import load_terms
from guideline.layout import DOCS, NO_INDEX_VARIABLE
from guideline.site import buildlog
from guideline.site.deferred import requests_file
from guideline.site.search_index import SearchIndexer

from guideline import processes
from guideline.errors import BuildError, GuidelineError
from guideline.outputs import permitted, unlinked_path, write_output

MARKER = ".guideline-build"  # written into every site folder this tool builds
SOURCES = "docs"


def build_site(*, project_dir: Path, site_dir: Path, config: str = "mkdocs.yml",
               env: dict | None = None) -> Path:
    """Build into a temporary folder, then replace `site_dir`; a failed build changes nothing."""
    project_dir = Path(project_dir).resolve()
    site_dir = unlinked_path(site_dir)
    refuse_unsafe_site_dir(site_dir, project_dir=project_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=site_dir.parent))
    try:
        staging.chmod(permitted(0o777))  # mkdtemp makes 0700: a web server could not read the site
        env = dict(os.environ if env is None else env)
        with _search_indexer(env) as indexer:
            run_build(project_dir=project_dir, site_dir=staging, config=config,
                      env=env if indexer is None else {**env, NO_INDEX_VARIABLE: "1"})
            if indexer is not None:
                indexer.index(staging, terms=load_terms(project_dir / DOCS))
        write_output(staging / MARKER, "guideline build\n")
        with processes.deferred_signals():
            _replace(site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir


@contextmanager
def _search_indexer(env: dict) -> Iterator[SearchIndexer | None]:
    """Pagefind, warming up, for a build whose site is read; None for one that makes no index
    (`guideline check`'s) or leaves it to `guideline publish`."""
    if env.get(NO_INDEX_VARIABLE) == "1" or requests_file(env):
        yield None
        return
    with SearchIndexer() as indexer:
        indexer.warm_up()
        yield indexer


def build_command(*, project_dir: Path, site_dir: Path, config: str = "mkdocs.yml") -> list:
    """The generator's command that builds the site into `site_dir`, strictly."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict",
            "--config-file", str(Path(project_dir) / config), "--site-dir", str(site_dir)]


def run_build(*, project_dir: Path, site_dir: Path, config: str = "mkdocs.yml", env: dict | None = None,
              sources: Path | None = None):
    """Build into `site_dir`, a folder of the caller's own; a failure is a BuildError with the problems,
    their line numbers read from the docs/ folder in `sources` (by default the project's)."""
    result = processes.run(build_command(project_dir=project_dir, site_dir=site_dir, config=config),
                           cwd=project_dir, env=quiet(env))
    if result.returncode != 0:
        log = (result.stderr + result.stdout).decode("utf-8", "replace")
        problems = problems_in(log, project_dir=sources or project_dir)
        raise BuildError(f"サイトを作れませんでした:\n{problems}", output=log)


def refuse_unsafe_site_dir(site_dir: Path, *, project_dir: Path):
    """Only an absent or empty folder, or one an earlier build made, may be replaced."""
    protected = {project_dir: "プロジェクトのフォルダ", project_dir / SOURCES: "原稿のフォルダ docs/"}
    for path, name in protected.items():
        if site_dir == path or site_dir in path.parents:
            raise GuidelineError(f"{site_dir} には{name}があるため、サイトの出力先にできません。"
                                 "--site-dir に別のフォルダ（例: site）を指定してください")
    if not site_dir.exists():
        return
    if not site_dir.is_dir():
        raise GuidelineError(f"{site_dir} はフォルダではないため、サイトの出力先にできません")
    if (site_dir / ".git").exists():
        raise GuidelineError(f"{site_dir} は git のリポジトリ（.git があります）のため、サイトの出力先にできません")
    if any(site_dir.iterdir()) and not (site_dir / MARKER).is_file():
        raise GuidelineError(f"{site_dir} には guideline build が作ったものでないファイルがあるため、"
                             "消さずに止めました。空のフォルダか、まだないフォルダを指定してください")


def quiet(env: dict | None) -> dict:
    """Drop the generator's end-of-life banner so an editor sees only the problems."""
    return {**(os.environ if env is None else env), "NO_MKDOCS_2_WARNING": "1"}


def problems_in(output: str, *, project_dir: Path | None = None) -> str:
    """The problems of a failed build, one Japanese `file:line: message` a line."""
    return "\n".join(buildlog.problems(output, project_dir=project_dir)) or output.strip()[-2000:]


def _replace(site_dir: Path, staging: Path):
    """Swap the new build in; the old one goes to a fresh folder of our own, then away."""
    if not site_dir.exists():
        staging.rename(site_dir)
        return
    retired = Path(tempfile.mkdtemp(prefix=".retired-", dir=site_dir.parent))
    try:
        site_dir.rename(retired / "site")
        try:
            staging.rename(site_dir)
        except BaseException:
            (retired / "site").rename(site_dir)
            raise
    finally:
        shutil.rmtree(retired, ignore_errors=True)
