"""Releasing an edition in a throwaway repository: what is refused, what is recorded."""

import json
import subprocess

import pytest

from guideline import editions, git_utils
from guideline.errors import GuidelineError
from guideline.release import release
from helpers import BRANCH, copy_of

QUIET = {"branch": BRANCH, "report": lambda message: None}


@pytest.fixture
def repo(published, tmp_path):
    """The published repository with its working tree committed, as an editor's would be."""
    repo = copy_of(published, tmp_path)
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "改訂案の原稿"], cwd=repo, check=True)
    return repo


def deployed(repo):
    return {v["version"]: v for v in json.loads(git_utils.read_file(BRANCH, "versions.json", cwd=repo))}


def test_release_records_the_revision_and_publishes(repo):
    head = git_utils.git("rev-parse", "HEAD", cwd=repo).strip()
    before = deployed(repo)
    release(project_dir=repo, edition_id="2022.03", title="正式版（令和4年3月）", status="official",
            summary="ビジネスチャットとテレワーク体験会を加えました。", date="2022-03",
            allow_unconfirmed=True, **QUIET)
    manifest = editions.load_manifest(repo)
    new = manifest.get("2022.03")
    assert (new.ref, new.status, manifest.latest.id) == (head, "official", "2022.03")
    assert [e.id for e in manifest.editions][-2:] == ["2022.03", "draft"]
    assert git_utils.git("status", "--porcelain", cwd=repo).strip() == ""
    assert "2022.03" in git_utils.git("log", "-1", "--format=%s", cwd=repo)
    after = deployed(repo)
    assert [v for v, entry in after.items() if "latest" in entry["aliases"]] == ["2022.03"]
    # `latest` moved without rebuilding the edition it left.
    for kept in ("2020.09", "2020.10", "2021.03"):
        assert after[kept]["properties"] == before[kept]["properties"]


def test_release_refuses_a_duplicate_id(repo):
    with pytest.raises(GuidelineError, match="版 ID '2021.03' はすでにあります"):
        release(project_dir=repo, edition_id="2021.03", title="重複", status="official", date="2022-03", **QUIET)


def test_release_refuses_a_dirty_tree(repo):
    (repo / "docs/index.md").write_text("変更中\n", encoding="utf-8")
    with pytest.raises(GuidelineError, match="コミットされていない変更があります"):
        release(project_dir=repo, edition_id="2022.03", title="正式版", status="official", date="2022-03", **QUIET)


def test_release_refuses_an_official_edition_older_than_the_latest(repo):
    before = (repo / "editions.yml").read_text(encoding="utf-8")
    with pytest.raises(GuidelineError, match="最新の正式版 2021.03"):
        release(project_dir=repo, edition_id="2020.12", title="正式版", status="official", date="2020-12", **QUIET)
    assert (repo / "editions.yml").read_text(encoding="utf-8") == before
