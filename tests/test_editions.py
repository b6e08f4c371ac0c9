"""The manifest: what editors may write in editions.yml, and what it says about the editions."""

import textwrap

import pytest

from guideline.content import editions
from guideline.errors import DataError, GuidelineError
from guideline.publish import trees
from guideline.render.revisions import render_revision_history

MANIFEST = """\
editions:
  - id: "2020.09"
    title: 暫定版（令和2年9月）
    status: provisional
    date: "2020-09"
    ref: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa
    summary: 最初の暫定版です。
  - id: "2021.03"
    title: 正式版（令和3年3月）
    status: official
    date: "2021-03"
    ref: bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb
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
    assert problems(tmp_path, MANIFEST.replace("ref: " + "b" * 40, "ref: worktree")) == [
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
    with pytest.raises(GuidelineError, match=f"リビジョン {'a' * 40} がこのクローンにありません"):
        trees.content_id(manifest.get("2020.09"), project_dir=tmp_path)


@pytest.mark.parametrize("bad", ["latest", "worktree", "versions.json", "index.html", "404.html",
                                 "assets", "search"])
def test_names_the_site_uses_cannot_be_edition_ids(tmp_path, bad):
    [problem] = problems(tmp_path, MANIFEST.replace('id: "2020.09"', f'id: "{bad}"'))
    assert problem.startswith(f"editions.yml:2: editions[0].id: '{bad}' は公開先で別の用途に使う名前")


@pytest.mark.parametrize("bad", ["2021.3", "v2", "..", "2021.03/x", "Draft"])
def test_ids_follow_the_year_month_pattern(tmp_path, bad):
    [problem] = problems(tmp_path, MANIFEST.replace('id: "2020.09"', f'id: "{bad}"'))
    assert problem.startswith("editions.yml:2: editions[0].id: 版の ID は \"2021.03\" のように")


@pytest.mark.parametrize("bad", ["2021-13", "2021-00", "2021-02-30"])
def test_months_and_days_are_real(tmp_path, bad):
    assert problems(tmp_path, MANIFEST.replace('date: "2021-03"', f'date: "{bad}"')) == [
        f"editions.yml:11: editions[1].date: '{bad}' は実在しない年月（日）です"]


def test_the_draft_comes_last(tmp_path):
    draft = MANIFEST[MANIFEST.index("  - id: draft"):]
    reordered = MANIFEST.replace(draft, "").replace("editions:\n", "editions:\n" + draft)
    reordered = reordered.replace('date: "2021-09"', 'date: "2020-01"')
    assert problems(tmp_path, reordered) == ["editions.yml:2: editions[0]: 改訂案（draft）は一覧の最後に書いてください"]


def test_summary_is_one_line(tmp_path):
    assert problems(tmp_path, MANIFEST.replace("summary: 正式版です。", 'summary: "正式版です。\\n二行目"')) == [
        "editions.yml:13: editions[1].summary: 改行を入れずに一行で書いてください"]


@pytest.mark.parametrize("title", ['<img src=x onerror=alert(1)>', "A&amp;B", 'say "hi"', "it's"])
def test_markup_characters_in_titles_are_refused(tmp_path, title):
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    [problem] = problems(tmp_path, MANIFEST.replace("title: 正式版（令和3年3月）", f'title: "{quoted}"'))
    assert problem.startswith("editions.yml:9: editions[1].title: 記号 ")
    assert "全角の記号を使ってください" in problem


def test_release_applies_the_same_rules_before_writing(tmp_path):
    edition = editions.Edition(id="latest", title="<b>正式版</b>", status="official", date="2022-13",
                               ref="c" * 40, summary="一行目\n二行目")
    with pytest.raises(GuidelineError) as failure:
        editions.refuse_unfit_edition(edition)
    assert str(failure.value).splitlines() == [
        "版 ID: 'latest' は公開先で別の用途に使う名前なので、版の ID にできません（例: \"2021.03\"）",
        "--title: 記号 < は使えません（画面に HTML として表示される場所があるため）。全角の記号を使ってください",
        "--date: '2022-13' は実在しない年月（日）です",
        "--summary: 改行を入れずに一行で書いてください"]


def test_revision_history_escapes_what_it_shows(tmp_path):
    manifest = editions.Manifest([editions.Edition(
        id="2021.03", title="正式版", status="official", date="2021-03", ref="a" * 40,
        summary="<script>alert(1)</script>")])
    page = render_revision_history(manifest, manifest.editions[0])
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_edition_banner_escapes_the_title_although_the_theme_does_not_autoescape():
    import jinja2

    from helpers import PROJECT
    # The theme's environment, like MkDocs's, has no autoescaping.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(PROJECT / "overrides"))
    edition = {"title": "<img src=x onerror=alert(1)>", "status": "draft"}
    html = env.get_template("partials/edition.html").render(config={"extra": {"edition": edition}})
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_an_id_with_a_trailing_line_break_is_refused(tmp_path):
    [problem] = problems(tmp_path, MANIFEST.replace('id: "2020.09"', 'id: "2020.09\\n"'))
    assert problem.startswith("editions.yml:2: editions[0].id: 版の ID は")
