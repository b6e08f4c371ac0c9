"""A tiny guideline project in a throwaway git repository: two committed editions and a draft.

It has the parts publishing and releasing rely on (editions.yml, mkdocs.yml reading
GUIDELINE_DOCS_DIR, docs/) and nothing else, so each build takes a fraction of a second.
A build hook lets a test pause the build of one edition, to interrupt publishing there.
"""

import subprocess
import sys
from pathlib import Path

MKDOCS = """\
site_name: 小さなガイドライン
site_url: !ENV [GUIDELINE_SITE_URL, "http://127.0.0.1:8000/"]
docs_dir: !ENV [GUIDELINE_DOCS_DIR, docs]
site_dir: !ENV [GUIDELINE_SITE_DIR, site]
theme:
  name: mkdocs
plugins: []
hooks:
  - hooks/pause.py
"""

# When building TINY_PAUSE_EDITION: writes the builder's process id into TINY_PAUSE_FILE, then waits
# while that file exists (a test acts meanwhile, then removes it).
PAUSE_HOOK = """\
import os, pathlib, time

def on_post_build(config, **kwargs):
    wanted = os.environ.get("TINY_PAUSE_EDITION")
    if not wanted or os.environ.get("GUIDELINE_EDITION") != wanted:
        return
    reached = pathlib.Path(os.environ["TINY_PAUSE_FILE"])
    written = reached.with_name(reached.name + ".tmp")
    written.write_text(str(os.getpid()))
    written.replace(reached)  # whole: a test that sees the file can read the id
    while reached.exists():
        time.sleep(0.05)
"""

HEADER = """\
# 版の一覧（古い順）。
#   ref  その版の原稿を含むコミット
editions:
"""


def entry(edition_id, title, status, date, ref, summary="説明です。"):
    return (f'  - id: "{edition_id}"\n    title: {title}\n    status: {status}\n'
            f'    date: "{date}"\n    ref: {ref}\n    summary: {summary}\n')


def git(repo: Path, *args) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                          text=True).stdout.strip()


def commit_page(repo: Path, text: str, message: str) -> str:
    (repo / "docs/index.md").write_text(f"# ガイドライン\n\n{text}\n", encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def make_tiny_project(repo: Path) -> Path:
    """2021.03 (official) and 2020.09 (provisional) from history, and the draft."""
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.name", "テスト")
    git(repo, "config", "user.email", "test@example.lg.jp")
    (repo / "docs").mkdir()
    (repo / "hooks").mkdir()
    (repo / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    (repo / "hooks/pause.py").write_text(PAUSE_HOOK, encoding="utf-8")
    (repo / ".gitignore").write_text("site/\n__pycache__/\n", encoding="utf-8")
    first = commit_page(repo, "暫定版の本文です。", "暫定版")
    second = commit_page(repo, "正式版の本文です。", "正式版")
    (repo / "editions.yml").write_text(
        HEADER + entry("2020.09", "暫定版（令和2年9月）", "provisional", "2020-09", first)
        + entry("2021.03", "正式版（令和3年3月）", "official", "2021-03", second)
        + entry("draft", "改訂案（令和3年度）", "draft", "2021-09", "worktree"), encoding="utf-8")
    commit_page(repo, "作業中の本文です。", "改訂案と版の一覧")
    return repo


def publish_command(repo: Path, *args) -> list:
    return [str(Path(sys.executable).parent / "guideline"), "--project", str(repo), "publish", *args]
