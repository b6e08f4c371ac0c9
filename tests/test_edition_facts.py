"""What a page says about its own edition comes from editions.yml; a release never calls itself a draft."""

import subprocess

import pytest

from guideline.content import editions
from guideline.content.editions import Edition, Manifest
from guideline.errors import GuidelineError
from guideline.publish.release import release
from guideline.render.edition_facts import draft_wording, render_notice
from helpers import PROJECT, copy_project, read_page, text_of

OFFICIAL = Edition(id="2021.03", title="正式版（令和3年3月）", status="official", date="2021-03",
                   ref="abc", summary="正式版です。")
DRAFT = Edition(id="draft", title="改訂案（令和3年度）", status="draft", date="2021-09",
                ref="worktree", summary="改訂案です。")
RELEASED = Edition(id="2021.10", title="正式版（令和3年10月）", status="official", date="2021-10",
                   ref="def", summary="改訂しました。")


def test_draft_notice_names_the_edition_it_revises_and_says_it_is_not_published():
    notice = render_notice(Manifest([OFFICIAL, DRAFT]), DRAFT)
    assert "**改訂案（令和3年度）**" in notice and "正式版（令和3年3月）を改訂するための案" in notice
    assert "まだ公表していません" in notice


def test_released_edition_describes_itself_without_draft_wording():
    notice = render_notice(Manifest([OFFICIAL, RELEASED, DRAFT]), RELEASED)
    assert "**正式版（令和3年10月）**" in notice and "令和3年10月に正式版として定めました" in notice
    assert not any(word in notice for word in ("改訂案", "未公表", "まだ公表"))


def test_a_released_edition_with_marks_says_so_and_the_draft_does_not_repeat_its_labels():
    notice = render_notice(Manifest([OFFICIAL, RELEASED, DRAFT]), RELEASED, marks=12)
    assert "「要確認」の印が付いたもの）が12件残っています" in notice
    assert "要確認" not in render_notice(Manifest([OFFICIAL, RELEASED, DRAFT]), RELEASED)
    assert "要確認" not in render_notice(Manifest([OFFICIAL, DRAFT]), DRAFT, marks=12)


@pytest.mark.build
def test_home_page_states_the_working_editions_title_from_the_manifest(site):
    draft = next(e for e in editions.load_manifest(PROJECT).editions if e.is_draft)
    home = read_page(site, "")
    section = home.find(id="edition").find_next_sibling("p")
    assert draft.title in text_of(section)
    history = " ".join(p.get_text() for p in read_page(site, "history/").select("article p"))
    assert f"このガイドラインの{draft.title}に反映しています" in history


def test_the_draft_text_has_no_hand_written_draft_wording():
    assert draft_wording(PROJECT / "docs") == []


@pytest.fixture
def committed(tmp_path):
    repo = copy_project(tmp_path / "repo")
    home = repo / "docs/index.md"
    home.write_text(home.read_text(encoding="utf-8").replace(
        "{{ edition_notice() }}", "このガイドラインは、改訂案（令和3年度・未公表）です。"), encoding="utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-qm", "手書きの版の説明"], cwd=repo, check=True)
    return repo


def test_release_refuses_an_edition_whose_home_page_calls_itself_a_draft(committed):
    with pytest.raises(GuidelineError) as refusal:
        release(project_dir=committed, edition_id="2021.10", title="正式版（令和3年10月）",
                status="official", date="2021-10", allow_unconfirmed=True, report=lambda m: None)
    message = str(refusal.value)
    assert "docs/index.md:" in message and "未公表" in message and "改訂案" in message


def test_the_comparison_reads_past_the_edition_macros():
    from guideline.compare.reader import expand_macros
    text = "## この版について\n\n{{ edition_notice() }}\n\n{{ edition_title() }}に反映しています。\n"
    expanded = expand_macros(text, PROJECT / "docs", page="index.md")
    assert "edition_" not in expanded and "に反映しています。" in expanded
