"""A release is checked and shown before it publishes, and can be taken back (`withdraw`),
in a tiny throwaway project."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tinysite import git, make_tiny_project

from guideline.content import editions
from guideline.errors import GuidelineError
from guideline.publish import git_utils
from guideline.publish import release as releasing
from guideline.publish.publish import publish
from guideline.publish.release import release, withdraw
from helpers import BRANCH

SITE_URL = 'site_url: !ENV [GUIDELINE_SITE_URL, "http://127.0.0.1:8000/"]\n'


@pytest.fixture
def tiny(tmp_path):
    repo = make_tiny_project(tmp_path / "tiny")
    with (repo / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(SITE_URL)
    git(repo, "commit", "-qam", "公開先のアドレス")
    return repo


def said(messages):
    return lambda message: messages.append(message)


def tiny_release(repo, edition_id, title, *, report=None, **options):
    return release(project_dir=repo, edition_id=edition_id, title=title, status="official",
                   summary="改訂しました。", branch=BRANCH, report=report or (lambda m: None), **options)


def unchanged(repo):
    return git(repo, "rev-parse", "HEAD"), (repo / "editions.yml").read_text(encoding="utf-8")


def deployed(repo):
    return {v["version"]: v for v in json.loads(git_utils.read_file(BRANCH, "versions.json", cwd=repo))}


@pytest.mark.parametrize("title", ["正式版（2021年12月）", "暫定版（令和3年12月）", "令和3年12月の改訂"])
def test_a_title_off_the_editions_pattern_is_refused_with_the_expected_one(tiny, title):
    before = unchanged(tiny)
    with pytest.raises(GuidelineError) as refused:
        tiny_release(tiny, "2021.12", title)
    assert f'--title "{title}": 版の名前は「正式版（令和3年12月）」のように' in str(refused.value)
    assert unchanged(tiny) == before


def test_a_month_off_the_id_names_the_id_not_a_date_never_given(tiny):
    with pytest.raises(GuidelineError) as refused:
        tiny_release(tiny, "2021.12", "正式版（令和3年10月）")
    assert "版 ID '2021.12'" in str(refused.value) and "--date" not in str(refused.value)


@pytest.mark.build  # publishes the tiny project
def test_an_edition_with_the_same_text_as_the_one_before_is_refused(tiny):
    tiny_release(tiny, "2021.10", "正式版（令和3年10月）")
    before = unchanged(tiny)
    with pytest.raises(GuidelineError, match="原稿（docs/）が前の版 2021.10（正式版（令和3年10月））と同じ"):
        tiny_release(tiny, "2021.12", "正式版（令和3年12月）")
    assert unchanged(tiny) == before


def test_the_plan_is_shown_and_saying_no_changes_nothing(tiny):
    before = unchanged(tiny)
    shown = []
    with pytest.raises(GuidelineError, match="取りやめました。何も変えていません"):
        tiny_release(tiny, "2021.10", "正式版（令和3年10月）", confirm=lambda plan: False, report=said(shown))
    [plan] = shown
    assert "版 ID: 2021.10" in plan and "latest になり" in plan and "前の版 2021.03 から変わったファイル: 1 件" in plan
    assert unchanged(tiny) == before
    assert git_utils.branch_head(BRANCH, cwd=tiny) is None


def guideline(repo, *args, stdin=subprocess.DEVNULL):
    command = [str(Path(sys.executable).parent / "guideline"), "--project", str(repo), *args]
    return subprocess.run(command, stdin=stdin, capture_output=True, text=True, timeout=300)


@pytest.mark.build  # publishes the tiny project
def test_a_script_without_yes_is_shown_the_plan_and_stopped_and_with_yes_it_releases(tiny):
    before = unchanged(tiny)
    args = ("release", "2021.10", "--title", "正式版（令和3年10月）", "--status", "official",
            "--summary", "改訂しました。", "--branch", BRANCH)
    refused = guideline(tiny, *args)
    assert refused.returncode == 1 and "--yes を付けて" in refused.stderr
    assert "版 ID: 2021.10" in refused.stdout
    assert unchanged(tiny) == before
    done = guideline(tiny, *args, "--yes")
    assert done.returncode == 0, done.stderr
    assert editions.load_manifest(tiny).latest.id == "2021.10"


@pytest.mark.build  # publishes the tiny project
def test_withdraw_takes_the_edition_back_and_latest_returns(tiny):
    tiny_release(tiny, "2021.10", "正式版（令和3年10月）")
    assert "latest" in deployed(tiny)["2021.10"]["aliases"]
    withdrawn = withdraw(project_dir=tiny, edition_id="2021.10", branch=BRANCH, report=lambda m: None)
    assert withdrawn.title == "正式版（令和3年10月）"
    manifest = editions.load_manifest(tiny)
    assert [e.id for e in manifest.editions] == ["2020.09", "2021.03", "draft"]
    assert git(tiny, "log", "-1", "--format=%s") == "版 2021.10（正式版（令和3年10月））を取り下げ"
    assert git(tiny, "status", "--porcelain") == ""
    versions = deployed(tiny)
    assert "2021.10" not in versions and "latest" in versions["2021.03"]["aliases"]
    root = git_utils.read_file(BRANCH, "index.html", cwd=tiny)
    assert "2021.03/" in root


@pytest.mark.build  # publishes the tiny project
def test_a_withdrawal_whose_publish_fails_is_undone(tiny, monkeypatch):
    tiny_release(tiny, "2021.10", "正式版（令和3年10月）")
    before, branch = unchanged(tiny), git_utils.branch_head(BRANCH, cwd=tiny)

    def fail(**options):
        raise GuidelineError("公開に失敗しました（テスト）")
    monkeypatch.setattr(releasing, "publish", fail)
    with pytest.raises(GuidelineError, match="テスト"):
        withdraw(project_dir=tiny, edition_id="2021.10", branch=BRANCH, report=lambda m: None)
    assert unchanged(tiny) == before
    assert git_utils.branch_head(BRANCH, cwd=tiny) == branch


@pytest.mark.parametrize("edition_id, message", [("draft", "改訂案（draft）は取り下げられません"),
                                                 ("2022.03", "版 '2022.03' はありません")])
def test_only_a_released_edition_can_be_withdrawn(tiny, edition_id, message):
    with pytest.raises(GuidelineError, match=message.replace("(", r"\(")):
        withdraw(project_dir=tiny, edition_id=edition_id, branch=BRANCH, report=lambda m: None)


@pytest.mark.build  # publishes the tiny project
def test_publish_names_the_uncommitted_files_that_go_into_the_draft(tiny):
    (tiny / "docs/index.md").write_text("# 書きかけ\n", encoding="utf-8")
    (tiny / "docs/new.md").write_text("# 新しいページ\n", encoding="utf-8")
    shown = []
    publish(project_dir=tiny, branch=BRANCH, report=said(shown))
    [notice] = [line for line in shown if "コミットしていない" in line]
    assert notice.splitlines()[1:] == ["  docs/index.md", "  docs/new.md"]


@pytest.mark.build  # publishes the tiny project
def test_publish_says_when_the_address_differs_from_the_published_one(tiny, monkeypatch):
    monkeypatch.setenv("GUIDELINE_SITE_URL", "http://intra.example.lg.jp/telework/")
    publish(project_dir=tiny, branch=BRANCH, report=lambda m: None)
    monkeypatch.delenv("GUIDELINE_SITE_URL")
    shown = []
    publish(project_dir=tiny, branch=BRANCH, report=said(shown))
    [notice] = [line for line in shown if "向けに作られています" in line]
    assert "http://intra.example.lg.jp/telework/" in notice and "http://127.0.0.1:8000/（mkdocs.yml の site_url）" in notice
    assert shown.index(notice) < next(i for i, line in enumerate(shown) if "を作っています" in line)
    again = []
    publish(project_dir=tiny, branch=BRANCH, report=said(again))
    assert not [line for line in again if "向けに作られています" in line]


@pytest.mark.build  # publishes the tiny project
def test_the_same_address_from_the_setting_or_the_variable_builds_nothing_again(tiny, monkeypatch):
    publish(project_dir=tiny, branch=BRANCH, report=lambda m: None)
    monkeypatch.setenv("GUIDELINE_SITE_URL", "http://127.0.0.1:8000/")
    assert publish(project_dir=tiny, branch=BRANCH, report=lambda m: None).deployed == []
