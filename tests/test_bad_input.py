"""Hostile content, as a red team wrote it: links to secrets, markup in titles, odd characters.
Every case is refused with a Japanese message naming the file, or shown as plain text."""

import subprocess
import sys
from pathlib import Path

import pytest
from tinysite import git, make_tiny_project

from guideline.content import data, symlinks
from guideline.errors import DataError, GuidelineError
from guideline.publish.sources import open_source
from guideline.site.build import build_site
from guideline.site.check import check
from helpers import PROJECT, copy_project

pytestmark = pytest.mark.faults
LINK_REFUSED = "リンク（シンボリックリンク）は原稿に使えません"
SECRET = "秘密の合言葉 TOPSECRET-7f3a"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path):
    return make_tiny_project(tmp_path / "tiny")


# Symbolic links in the content: refused everywhere, by name.


@pytest.mark.build
def test_a_linked_page_is_refused_by_build_check_and_compare(tmp_path, secret):
    project = copy_project(tmp_path / "project")
    page = project / "docs/about.md"
    page.unlink()
    page.symlink_to(secret)
    with pytest.raises(GuidelineError, match=f"docs/about.md: {LINK_REFUSED}"):
        build_site(project_dir=project, site_dir=tmp_path / "site")
    assert not (tmp_path / "site").exists()
    problems, _ = check(project)
    assert problems == [f"docs/about.md: {LINK_REFUSED}。リンク先の内容をファイルとして置くか、リンクを消してください"]
    with pytest.raises(DataError, match="docs/about.md"), open_source("worktree", project_dir=project):
        pass


def test_a_linked_data_file_is_refused(tmp_path, secret):
    docs = tmp_path / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "data/terms.yml").symlink_to(secret)
    with pytest.raises(DataError, match=f"docs/data/terms.yml: {LINK_REFUSED}"):
        data.load_terms(docs)


def test_a_link_committed_in_an_edition_is_refused_in_japanese(tiny, secret):
    (tiny / "docs/about.md").symlink_to(secret)
    git(tiny, "add", "docs/about.md")
    git(tiny, "commit", "-q", "-m", "リンク")
    with pytest.raises(DataError) as refused, open_source("HEAD", project_dir=tiny):
        pass
    assert str(refused.value).startswith(f"docs/about.md: {LINK_REFUSED}")
    assert "AbsoluteLinkError" not in str(refused.value)


def test_publish_refuses_a_link_in_the_draft_by_name(tiny, secret):
    (tiny / "docs/about.md").symlink_to(secret)
    result = subprocess.run([str(Path(sys.executable).parent / "guideline"), "--project", str(tiny), "publish",
                             "--branch", "pages"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert f"エラー: docs/about.md: {LINK_REFUSED}" in result.stderr
    assert "思いがけない" not in result.stderr and SECRET not in result.stdout + result.stderr
    assert git(tiny, "branch", "--list", "pages") == ""


def test_the_project_has_no_links_in_its_content():
    assert symlinks.symlinks(PROJECT / "docs") == []
