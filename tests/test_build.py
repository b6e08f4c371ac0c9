"""`guideline build` writes only into a folder it may own, in a tiny throwaway project."""

from pathlib import Path

import pytest
from tinysite import make_tiny_project

from guideline.cli.driver import main
from guideline.layout import NO_INDEX_VARIABLE
from guideline.site import search_index
from guideline.site.build import MARKER


@pytest.fixture
def repo(tmp_path):
    return make_tiny_project(tmp_path / "project")


def snapshot(folder):
    return {path.relative_to(folder): path.read_bytes() if path.is_file() else None
            for path in folder.rglob("*")}


def build(repo, site_dir):
    return main(["--project", str(repo), "build", "--site-dir", str(site_dir)])


@pytest.mark.parametrize("target, reason", [
    (".", "プロジェクトのフォルダ"),
    ("docs", "原稿のフォルダ docs/"),
    ("..", "プロジェクトのフォルダ"),
])
def test_build_refuses_the_project_its_sources_and_their_parents(repo, capsys, target, reason):
    (repo / "unsaved.md").write_text("まだコミットしていない原稿\n", encoding="utf-8")
    before = snapshot(repo.parent)
    assert build(repo, repo / target) == 1
    message = capsys.readouterr().err
    assert reason in message and "--site-dir" in message
    assert snapshot(repo.parent) == before


def test_build_refuses_a_git_repository(repo, tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    (other / ".git").mkdir()
    (other / ".git/HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    assert build(repo, other) == 1
    assert ".git" in capsys.readouterr().err
    assert (other / ".git/HEAD").is_file()


def test_build_refuses_a_folder_it_did_not_make(repo, tmp_path, capsys):
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "memo.txt").write_text("大切なメモ\n", encoding="utf-8")
    assert build(repo, folder) == 1
    assert "guideline build が作ったものでない" in capsys.readouterr().err
    assert snapshot(folder) == {folder.joinpath("memo.txt").relative_to(folder): "大切なメモ\n".encode()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photos", "project"]  # no staging left


def test_build_refuses_a_file(repo, tmp_path, capsys):
    target = tmp_path / "site"
    target.write_text("ファイル\n", encoding="utf-8")
    assert build(repo, target) == 1
    assert "フォルダではない" in capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == "ファイル\n"


@pytest.mark.build  # the tiny project, with mkdocs
def test_build_writes_an_empty_folder_and_then_replaces_its_own_build(repo, tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert build(repo, site) == 0
    assert (site / MARKER).is_file() and "作業中の本文です" in (site / "index.html").read_text(encoding="utf-8")
    (site / "stale.html").write_text("前のビルドの残り\n", encoding="utf-8")
    assert build(repo, site) == 0
    assert not (site / "stale.html").exists() and (site / "index.html").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]


@pytest.mark.build  # the tiny project, with mkdocs and Pagefind
def test_a_build_for_readers_has_its_search_index_and_one_whose_index_fails_changes_nothing(
        repo, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv(NO_INDEX_VARIABLE)  # the tests' own builds make none
    (repo / "docs/data").mkdir(exist_ok=True)
    (repo / "docs/data/terms.yml").write_text(
        "terms:\n  - preferred: 年次休暇\n    variants: []\n    synonyms: [年休]\n", encoding="utf-8")
    site = tmp_path / "site"
    assert build(repo, site) == 0
    assert {"pagefind-entry.json", "pagefind.js", "terms.json"} <= {p.name for p in (site / "pagefind").iterdir()}
    assert "年休" in (site / "pagefind/terms.json").read_text(encoding="utf-8")
    before = snapshot(site)
    monkeypatch.setattr(search_index, "pagefind_executable", lambda: Path("/bin/false"))
    assert build(repo, site) == 1
    assert "検索用の索引を作れませんでした" in capsys.readouterr().err
    assert snapshot(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["project", "site"]
