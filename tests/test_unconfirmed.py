"""The 要確認 mark: what readers see on marked provisions, what check and release say about them."""

import re
import subprocess

import pytest

from guideline.content import unconfirmed
from guideline.errors import GuidelineError
from guideline.publish.release import release
from helpers import PROJECT, copy_project, read_page


def test_marks_in_code_are_examples_not_marks():
    text = ("1. 申請は前日までです。\n    { .unconfirmed }\n\n"
            "書き方は `{ .unconfirmed }` です。\n\n```markdown\n段落\n{ .unconfirmed }\n```\n")
    assert unconfirmed.count_marks(text) == 1


def test_label_goes_on_each_marked_item_and_the_explanation_once_after_the_title():
    html = ('<h1>3 資料</h1>\n<ol>\n<li class="unconfirmed">持出し簿に記録します。</li>\n'
            '<li>厳禁です。</li>\n</ol>\n<p class="note unconfirmed">印刷しません。</p>')
    labelled = unconfirmed.label_marks(html, about_href="../../about/#unconfirmed")
    assert labelled.count('class="gl-unconfirmed__label"') == 2
    assert labelled.count('class="gl-unconfirmed__note"') == 1
    assert labelled.index("</h1>") < labelled.index("gl-unconfirmed__note") < labelled.index("<ol>")
    assert "<li>厳禁です。</li>" in labelled
    assert unconfirmed.label_marks("<h1>t</h1><p>x</p>", about_href="a/") == "<h1>t</h1><p>x</p>"


def _marked_sources():
    return unconfirmed.marks_per_file(PROJECT / "docs")


@pytest.mark.build
def test_every_stand_in_chapter_is_marked_and_the_quoted_chapters_keep_their_quotes_unmarked(site):
    counts = _marked_sources()
    for number in ("03-materials", "04-preparation", "05-during", "06-ict", "09-costs", "10-accidents"):
        assert counts.get(f"docs/guideline/{number}.md", 0) > 0, number
    for url in ("guideline/07-staff/", "guideline/08-managers/"):
        for section in ("working-hours", "dress", "during", "end"):
            heading = read_page(site, url).find(id=section)
            if heading is None:
                continue
            for sibling in heading.find_next_siblings():
                if sibling.name == "h2":
                    break
                assert not sibling.select(".gl-unconfirmed__label"), f"{url}#{section} quotes the city"


@pytest.mark.build
def test_reader_sees_one_label_per_mark_linking_to_the_explanation(site):
    for path, count in _marked_sources().items():
        url = path.removeprefix("docs/").removesuffix(".md").removesuffix("index") + "/"
        page = read_page(site, url.replace("//", "/").lstrip("/"))
        labels = page.select("article a.gl-unconfirmed__label")
        assert len(labels) == count, path
        assert all(" ".join(label.get_text().split()).startswith("要確認") for label in labels)
        assert page.select_one(".gl-unconfirmed__note").get_text().count("仮に書いた規定") == 1
    about = read_page(site, "about/")
    assert about.find(id="unconfirmed") and about.find(id="sources")
    href = read_page(site, "guideline/03-materials/").select_one("a.gl-unconfirmed__label")["href"]
    assert href == "../../about/#unconfirmed"


@pytest.mark.build  # guideline check builds the site
def test_check_counts_marks_per_file_as_a_note_not_a_problem(checked):
    problems, notes = checked
    [note] = [n for n in notes if "要確認" in n]
    for path, count in _marked_sources().items():
        assert f"{path}: {count} 件" in note
    assert not any("要確認" in p for p in problems)


@pytest.fixture
def committed(tmp_path):
    repo = copy_project(tmp_path / "repo")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "原稿"], cwd=repo, check=True)
    return repo


def test_release_refuses_an_official_edition_with_marks(committed):
    before = (committed / "editions.yml").read_text(encoding="utf-8")
    with pytest.raises(GuidelineError) as refusal:
        release(project_dir=committed, edition_id="2022.03", title="正式版（令和4年3月）", status="official",
                date="2022-03", report=lambda message: None)
    message = str(refusal.value)
    assert "--allow-unconfirmed" in message
    assert re.search(r"docs/guideline/06-ict\.md: \d+ 件", message)
    assert (committed / "editions.yml").read_text(encoding="utf-8") == before
