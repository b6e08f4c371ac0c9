"""Releasing an edition in a throwaway repository: what is refused, what is recorded."""

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tinysite import git, make_tiny_project

from guideline.content import editions
from guideline.documents.chromium import missing_engine
from guideline.errors import GuidelineError
from guideline.publish import git_utils
from guideline.publish.release import release
from helpers import BRANCH, Child, copy_of, copy_project, wait_for_file

QUIET = {"branch": BRANCH, "report": lambda message: None}


def commit_all(repo):
    """The working tree committed, as an editor's would be."""
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "改訂案の原稿"], cwd=repo, check=True)
    return repo


@pytest.fixture
def repo(published, tmp_path):
    """The published repository, committed."""
    return commit_all(copy_of(published, tmp_path))


@pytest.fixture
def project(tmp_path):
    """The project, committed, for what release refuses before it publishes anything."""
    return commit_all(copy_project(tmp_path / "project"))


def deployed(repo):
    return {v["version"]: v for v in json.loads(git_utils.read_file(BRANCH, "versions.json", cwd=repo))}


@pytest.mark.build
def test_release_records_the_revision_and_publishes(repo, work):
    head = git_utils.git("rev-parse", "HEAD", cwd=repo).strip()
    head_before = git_utils.git("rev-parse", BRANCH, cwd=repo).strip()
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
    # The new edition is built, and the draft, which now follows it; each pair they are in is
    # compared once, none between unchanged editions.
    rebuilt, ids = {"2022.03", "draft"}, ["2020.09", "2020.10", "2021.03", "2022.03", "draft"]
    expected = {(old, new) for new in rebuilt for old in ids[:ids.index(new)]}
    assert sorted(work["pairs"]) == sorted(expected)
    if not missing_engine():
        # The new edition's own PDF, and the 新旧対照表 of each pair with the new edition in it. The
        # draft's text did not change: its files for the editions before are the published ones.
        assert len(work["pdfs"]) == 1 + len({pair for pair in expected if "2022.03" in pair})
        for old in ("2020.09", "2020.10", "2021.03"):
            for suffix in (".pdf", ".docx"):
                path = f"draft/compare/{old}/telework-guideline-comparison-draft-{old}{suffix}"
                assert git_utils.read_bytes(BRANCH, path, cwd=repo) == git_utils.read_bytes(head_before, path, cwd=repo)


def test_release_refuses_a_duplicate_id(project):
    with pytest.raises(GuidelineError, match="版 ID '2021.03' はすでにあります"):
        release(project_dir=project, edition_id="2021.03", title="重複", status="official", date="2022-03", **QUIET)


def test_release_refuses_a_dirty_tree(project):
    (project / "docs/index.md").write_text("変更中\n", encoding="utf-8")
    with pytest.raises(GuidelineError, match="コミットされていない変更があるため"):
        release(project_dir=project, edition_id="2022.03", title="正式版", status="official", date="2022-03", **QUIET)


def test_release_refuses_an_official_edition_older_than_the_latest(project):
    before = (project / "editions.yml").read_text(encoding="utf-8")
    with pytest.raises(GuidelineError, match="最新の正式版 2021.03"):
        release(project_dir=project, edition_id="2020.12", title="正式版", status="official", date="2020-12", **QUIET)
    assert (project / "editions.yml").read_text(encoding="utf-8") == before


# In a tiny project: dates, the manifest's diff, the dirty-tree message, interruptions.


@pytest.fixture
def tiny(tmp_path):
    return make_tiny_project(tmp_path / "tiny")


def tiny_release(repo, edition_id, title, **options):
    return release(project_dir=repo, edition_id=edition_id, title=title, status="official",
                   summary="改訂しました。", **QUIET, **options)


@pytest.mark.build  # releasing publishes
def test_the_date_comes_from_the_id_and_the_diff_shows_only_the_release(tiny):
    new = tiny_release(tiny, "2021.10", "正式版（令和3年10月）")
    assert new.date == "2021-10"
    diff = git(tiny, "diff", "HEAD~1", "HEAD", "--", "editions.yml")
    removed = [line for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    added = [line for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert removed == ['-    date: "2021-09"', "-    summary: 説明です。"]
    assert added[:6] == ['+  - id: "2021.10"', "+    title: 正式版（令和3年10月）", "+    status: official",
                         '+    date: "2021-10"', f"+    ref: {new.ref}", "+    summary: 改訂しました。"]
    assert len(added) == 8  # and the draft's new date and summary
    assert "# 版の一覧（古い順）。" in (tiny / "editions.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("edition_id, title, date, message", [
    ("2021.10", "正式版（令和3年10月）", "2021-09", "版 ID '2021.10'"),
    ("2021.10", "正式版（令和3年9月）", None, "版の名前「正式版（令和3年9月）」（2021-09）"),
    ("2019.05", "正式版（令和元年6月）", None, "（2019-06）"),
    ("kaitei", "正式版", None, "--date"),
])
def test_a_date_that_disagrees_with_the_id_or_title_is_refused(tiny, edition_id, title, date, message):
    before = (tiny / "editions.yml").read_text(encoding="utf-8")
    with pytest.raises(GuidelineError, match=message.replace("(", r"\(")):
        tiny_release(tiny, edition_id, title, date=date)
    assert (tiny / "editions.yml").read_text(encoding="utf-8") == before


def test_the_dirty_tree_message_tells_outputs_from_edits(tiny):
    (tiny / "新旧対照表.html").write_text("<p>出力</p>", encoding="utf-8")
    (tiny / "docs/index.md").write_text("# 書きかけ\n", encoding="utf-8")
    with pytest.raises(GuidelineError) as refused:
        tiny_release(tiny, "2021.10", "正式版（令和3年10月）")
    message = str(refused.value)
    edits, outputs = message.index("git commit"), message.index("out/")
    assert edits < message.index("  docs/index.md") < outputs < message.index("  新旧対照表.html")
    assert "\\" not in message


def start_release(repo, edition_id, gate) -> Child:
    """A release in the background, paused in the build of its new edition."""
    env = {**os.environ, "TINY_PAUSE_EDITION": edition_id, "TINY_PAUSE_FILE": str(gate)}
    command = [str(Path(sys.executable).parent / "guideline"), "--project", str(repo), "release", edition_id,
               "--title", "正式版（令和3年10月）", "--status", "official", "--summary", "改訂しました。",
               "--branch", BRANCH, "--yes"]
    child = Child(command, env=env)
    wait_for_file(gate, process=child.process)
    return child


@pytest.mark.build
@pytest.mark.faults
def test_an_interrupted_release_undoes_only_itself(tiny, tmp_path):
    head = git(tiny, "rev-parse", "HEAD")
    manifest = (tiny / "editions.yml").read_text(encoding="utf-8")
    process = start_release(tiny, "2021.10", tmp_path / "gate")
    (tiny / "docs/index.md").write_text("# 公開中に書き始めた原稿\n", encoding="utf-8")  # the editor goes on
    (tiny / "memo.txt").write_text("メモ\n", encoding="utf-8")
    process.send_signal(signal.SIGINT)
    code, _, _ = process.finish()
    assert code != 0
    assert git(tiny, "rev-parse", "HEAD") == head
    assert (tiny / "editions.yml").read_text(encoding="utf-8") == manifest
    assert git(tiny, "status", "--porcelain") == "M docs/index.md\n?? memo.txt".strip()
    assert (tiny / "docs/index.md").read_text(encoding="utf-8") == "# 公開中に書き始めた原稿\n"
    assert git(tiny, "branch", "--list", BRANCH) == ""


@pytest.mark.build
@pytest.mark.faults
def test_an_interrupted_release_keeps_its_commit_once_the_editor_committed(tiny, tmp_path):
    process = start_release(tiny, "2021.10", tmp_path / "gate")
    (tiny / "memo.txt").write_text("メモ\n", encoding="utf-8")
    git(tiny, "add", "memo.txt")
    git(tiny, "commit", "-q", "-m", "編集者のコミット")
    mine = git(tiny, "rev-parse", "HEAD")
    process.send_signal(signal.SIGTERM)
    code, out, err = process.finish()
    assert code != 0 and "git revert" in out + err
    assert git(tiny, "rev-parse", "HEAD") == mine
    assert "2021.10" in (tiny / "editions.yml").read_text(encoding="utf-8")
