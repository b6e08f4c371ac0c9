"""Building the site with the site generator, all or nothing."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from . import buildlog
from .errors import BuildError


def build_site(*, project_dir: Path, site_dir: Path, config: str = "mkdocs.yml",
               env: dict | None = None) -> Path:
    """Build into a temporary folder, then replace `site_dir`; a failed build changes nothing."""
    site_dir = Path(site_dir).resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".build-", dir=site_dir.parent))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict",
             "--config-file", str(Path(project_dir) / config), "--site-dir", str(staging)],
            cwd=project_dir, env=quiet(env), capture_output=True, text=True)
        if result.returncode != 0:
            log = result.stderr + result.stdout
            raise BuildError(f"サイトを作れませんでした:\n{problems_in(log, project_dir=project_dir)}", output=log)
        _replace(site_dir, staging)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return site_dir


def quiet(env: dict | None) -> dict:
    """Drop the generator's end-of-life banner so an editor sees only the problems."""
    return {**(os.environ if env is None else env), "NO_MKDOCS_2_WARNING": "1"}


def problems_in(output: str, *, project_dir: Path | None = None) -> str:
    """The problems of a failed build, one Japanese `file:line: message` a line."""
    return "\n".join(buildlog.problems(output, project_dir=project_dir)) or output.strip()[-2000:]


def _replace(site_dir: Path, staging: Path):
    previous = site_dir.with_name(site_dir.name + ".previous")
    shutil.rmtree(previous, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(previous)
    staging.rename(site_dir)
    shutil.rmtree(previous, ignore_errors=True)
