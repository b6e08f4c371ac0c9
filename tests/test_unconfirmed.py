"""The 要確認 mark: what readers see on marked provisions, what check and release say about them."""

import csv
import functools
import io
import posixpath
import re
import shutil
import subprocess

import pytest
from bs4 import BeautifulSoup

from guideline.content import data, editions, unconfirmed
from guideline.content.pages import DocsIndex
from guideline.errors import DataError, GuidelineError
from guideline.publish import git_utils
from guideline.publish.release import release
from guideline.render import checklists, marks, tasks
from guideline.site.check import mark_note
from helpers import BRANCH, PROJECT, copy_project, read_page


def test_marks_in_code_are_examples_not_marks():
    text = ("1. 申請は前日までです。\n    { .unconfirmed data-question=\"申請は前日までですか。\" }\n\n"
            "書き方は `{ .unconfirmed }` です。\n\n```markdown\n段落\n{ .unconfirmed }\n```\n\n"
            "````markdown\n```\n{ .unconfirmed }\n```\n{ .unconfirmed }\n````\n")
    [mark] = unconfirmed.page_marks(text)
    assert (mark.line, mark.question, mark.text) == (2, "申請は前日までですか。", "申請は前日までです。")


def test_a_mark_names_only_the_provision_it_closes():
    text = ("1. 市の資料のとおりです。\n2. 持出し簿に記録します。\n"
            "    { .unconfirmed data-question=\"持出し簿はありますか。\" }\n\n"
            "!!! note \"注意\"\n    印刷しません。\n    { .unconfirmed data-question=\"印刷は禁止ですか。\" }\n")
    assert [m.text for m in unconfirmed.page_marks(text)] == ["持出し簿に記録します。", "印刷しません。"]


def test_label_goes_on_each_marked_item_with_an_id_and_the_explanation_once_after_the_title():
    html = ('<h1>3 資料</h1>\n<ol>\n<li class="unconfirmed" data-question="持出し簿はありますか。">持出し簿に記録します。</li>\n'
            '<li>厳禁です。</li>\n</ol>\n<p class="note unconfirmed" data-question="印刷は禁止ですか。">印刷しません。</p>')
    labelled = marks.label_marks(html, page="guideline/03-materials.md")
    page = BeautifulSoup(labelled, "html.parser")
    assert len(page.select(".gl-unconfirmed__label")) == 2
    assert len(page.select(".gl-unconfirmed__note")) == 1
    assert labelled.index("</h1>") < labelled.index("gl-unconfirmed__note") < labelled.index("<ol>")
    assert "<li>厳禁です。</li>" in labelled
    first = page.select_one("li.unconfirmed")
    assert first["id"] == marks.anchor_ids(["持出し簿はありますか。"])[0]
    assert first.select_one("a.gl-unconfirmed__label")["href"] == (
        "../../confirmations/#guideline-03-materials--" + first["id"])
    assert marks.label_marks("<h1>t</h1><p>x</p>", page="index.md") == "<h1>t</h1><p>x</p>"


def test_data_items_carry_marks_in_the_checklist_and_the_task_table():
    docs = DocsIndex(PROJECT / "docs")
    checklist = {"id": "t", "title": "題", "audience": "職員",
                 "items": [{"text": "確かめた", "unconfirmed": "確かめる決まりですか。"}, {"text": "市の資料"}]}
    html = checklists.render_checklist(checklist, page="checklists.md", docs=docs)
    items = BeautifulSoup(html, "html.parser").select("li")
    assert items[0]["class"] == ["unconfirmed"] and items[0]["data-question"] == "確かめる決まりですか。"
    assert not items[1].get("class")
    table = {"places": [{"id": "自宅", "label": "自宅"}, {"id": "公民館", "label": "公民館"}],
             "tasks": [{"id": "a", "category": "集計", "suitable": True, "where": ["自宅"], "note": "備考<b>",
                        "unconfirmed": {"公民館": "公民館でできますか。", "note": "備考は正しいですか。"}}]}
    html = tasks.render_task_table(table, page="guideline/02-tasks.md", docs=docs)
    row = BeautifulSoup(html, "html.parser").select_one("tbody tr")
    marked = row.select(".unconfirmed")
    assert [cell["data-label"] for cell in marked] == ["公民館", "備考"]
    assert row.select_one('[data-label="備考"]').get_text() == "備考<b>"


def test_a_data_mark_must_ask_a_question_about_a_real_cell(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(PROJECT / "docs", docs)
    path = docs / "data/tasks.yml"
    text = re.sub(r"(?m)^(  - id: meeting-materials\n(?:    (?!unconfirmed).*\n)*)    unconfirmed: .*\n",
                  r"\1    unconfirmed: {seat: 席はありますか。}\n", path.read_text(encoding="utf-8"), count=1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as error:
        data.load_all(docs)
    assert "unconfirmed.seat: 'seat' という欄はありません" in str(error.value)


def _marked_sources():
    counts: dict = {}
    for mark in marks.edition_marks(PROJECT / "docs"):
        counts[mark.page] = counts.get(mark.page, 0) + 1
    return counts


@pytest.mark.build
def test_every_stand_in_chapter_is_marked_and_the_quoted_chapters_keep_their_quotes_unmarked(site):
    counts = _marked_sources()
    for number in ("03-materials", "04-preparation", "05-during", "06-ict", "09-costs", "10-accidents"):
        assert counts.get(f"guideline/{number}.md", 0) > 0, number
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
def test_every_mark_has_a_question_and_a_row_in_the_list_that_links_back_to_it(site):
    listed = read_page(site, "confirmations/")
    rows = listed.select("table.gl-confirmations tbody tr")
    assert len(rows) == sum(_marked_sources().values()) > 0
    page_at = functools.cache(lambda url: read_page(site, url))  # many rows lead to one page
    for row in rows:
        question = row.select("td")[1].get_text()
        assert question.endswith(("か。", "か？")), question
        href = row.select_one("a")["href"]
        page, _, anchor = href.partition("#")
        target = page_at(posixpath.normpath("confirmations/" + page) + "/")
        marked = target.find(id=anchor)
        assert marked is not None and "unconfirmed" in marked.get("class", []), href
        back = marked.select_one("a.gl-unconfirmed__label")["href"]
        assert back.endswith("confirmations/#" + row["id"]), back


@pytest.mark.build
def test_the_list_downloads_as_csv_that_excel_reads(site):
    table = (site / "confirmations.csv").read_bytes()
    assert table.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(table.decode("utf-8-sig"))))
    assert rows[0][:4] == ["番号", "章・ページ", "記述", "確認すべきこと"]
    assert len(rows) - 1 == sum(_marked_sources().values())
    assert read_page(site, "confirmations/").select_one('a[href="../confirmations.csv"]')


@pytest.mark.build
def test_reader_sees_one_label_per_mark(site):
    for path, count in _marked_sources().items():
        url = path.removesuffix(".md").removesuffix("index") + "/"
        page = read_page(site, url.replace("//", "/").lstrip("/"))
        labels = page.select("article a.gl-unconfirmed__label")
        assert len(labels) == count, path
        assert all(" ".join(label.get_text().split()).startswith("要確認") for label in labels)
        assert page.select_one(".gl-unconfirmed__note").get_text().count("仮に書いた規定") == 1
    about = read_page(site, "about/")
    assert about.find(id="unconfirmed") and about.find(id="sources")


def test_check_counts_marks_by_chapter_in_one_line_as_a_note_not_a_problem():
    [note] = mark_note(PROJECT / "docs")
    assert "\n" not in note
    counts = _marked_sources()
    assert f"{sum(counts.values())} 件" in note
    assert f"6章 {counts['guideline/06-ict.md']}" in note


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
    assert re.search(r"6章 \d+", message)
    assert (committed / "editions.yml").read_text(encoding="utf-8") == before


@pytest.mark.build
@pytest.mark.parametrize("edition", ["2020.09", "2020.10", "2021.03"])
def test_every_published_edition_marks_its_stand_ins_and_explains_itself(published, edition):
    """The editions staff read, the official one the site opens on included, never present a
    stand-in as the city's rule: each shows its marks, its 確認事項一覧 and its own この文書について."""
    def page(path):
        return BeautifulSoup(git_utils.read_file(BRANCH, f"{edition}/{path}", cwd=published.repo), "html.parser")
    chapter = page("guideline/04-preparation/index.html")
    labels = chapter.select("article a.gl-unconfirmed__label")
    assert labels and chapter.select_one(".gl-unconfirmed__note")
    listed = page("confirmations/index.html").select("table.gl-confirmations tbody tr")
    assert len(listed) >= len(labels)
    assert all(row.select("td")[1].get_text().endswith("か。") for row in listed)
    about = page("about/index.html")
    assert about.find(id="unconfirmed") and about.find(id="sources")
    title = next(e.title for e in editions.load_manifest(published.repo).editions if e.id == edition)
    assert title.split("（")[0] in about.get_text()
