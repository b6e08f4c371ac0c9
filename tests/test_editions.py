"""The manifest: what editors may write in editions.yml, and what it says about the editions."""

import textwrap

import pytest

from guideline import editions
from guideline.errors import DataError, GuidelineError
from guideline.revisions import render_revision_history

MANIFEST = """\
editions:
  - id: "2020.09"
    title: 暫定版（令和2年9月）
    status: provisional
    date: "2020-09"
    ref: aaaa
    summary: 最初の暫定版です。
  - id: "2021.03"
    title: 正式版（令和3年3月）
    status: official
    date: "2021-03"
    ref: bbbb
    summary: 正式版です。
  - id: draft
    title: 改訂案
    status: draft
    date: "2021-09"
    ref: worktree
    summary: 改訂案です。
"""


def manifest_from(tmp_path, text):
    (tmp_path / "editions.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    return editions.load_manifest(tmp_path)


def problems(tmp_path, text):
    with pytest.raises(DataError) as failure:
        manifest_from(tmp_path, text)
    return failure.value.problems


def test_latest_is_the_newest_official_edition(tmp_path):
    manifest = manifest_from(tmp_path, MANIFEST)
    assert manifest.latest.id == "2021.03"
    assert manifest.previous(manifest.get("2021.03")).id == "2020.09"
    assert manifest.previous(manifest.get("draft")).id == "2021.03"
    assert manifest.previous(manifest.get("2020.09")) is None


def test_unknown_edition_is_named(tmp_path):
    manifest = manifest_from(tmp_path, MANIFEST)
    with pytest.raises(GuidelineError, match="版 '2022.03' はありません（あるもの: 2020.09, 2021.03, draft）"):
        manifest.get("2022.03")


def test_an_unquoted_id_is_caught(tmp_path):
    assert problems(tmp_path, MANIFEST.replace('id: "2020.09"', "id: 2020.09")) == [
        'editions.yml:2: editions[0].id: 版の ID は引用符で囲んで書いてください（例: "2021.03"）']


def test_unknown_status(tmp_path):
    [problem] = problems(tmp_path, MANIFEST.replace("status: official", "status: final"))
    assert problem.startswith("editions.yml:10: editions[1].status: provisional, official, draft")


def test_only_the_draft_is_the_working_tree(tmp_path):
    assert problems(tmp_path, MANIFEST.replace("ref: bbbb", "ref: worktree")) == [
        "editions.yml:12: editions[1].ref: 改訂案（draft）だけが ref: worktree（作業中の原稿）を使います"]


def test_editions_are_in_date_order(tmp_path):
    assert problems(tmp_path, MANIFEST.replace('date: "2021-03"', 'date: "2020-03"')) == [
        "editions.yml:11: editions[1].date: 版は日付の古い順に並べてください"]


def test_duplicate_ids(tmp_path):
    assert problems(tmp_path, MANIFEST.replace('id: "2021.03"', 'id: "2020.09"')) == [
        "editions.yml:8: editions[1].id: '2020.09' が重複しています"]


def test_revision_history_lists_the_editions_up_to_this_one(tmp_path):
    manifest = manifest_from(tmp_path, MANIFEST)
    page = render_revision_history(manifest, manifest.get("2021.03"))
    assert "正式版（令和3年3月）（この版）" in page
    assert '<a href="../../2020.09/">暫定版（令和2年9月）</a>' in page
    assert "令和2年9月" in page and "改訂案" not in page
    assert page.index("正式版（令和3年3月）") < page.index("暫定版（令和2年9月）")


def test_missing_revision_says_how_to_fetch_it(tmp_path):
    import subprocess
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    manifest = manifest_from(tmp_path, MANIFEST)
    with pytest.raises(GuidelineError, match="リビジョン aaaa がこのクローンにありません"):
        editions.content_id(manifest.get("2020.09"), project_dir=tmp_path)
