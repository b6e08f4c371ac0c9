"""Where commands write when no file is named: `out/` in the project, which git ignores.

Outputs kept out of the sources never show as changes, so they are never committed by
mistake and never block a release.
"""

from pathlib import Path

OUT_DIR = "out"
COMPARISON = "新旧対照表.html"
ARCHIVE = "site.tar.gz"


def default_output(project_dir: Path, name: str) -> Path:
    return Path(project_dir) / OUT_DIR / name
