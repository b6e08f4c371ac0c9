"""The HTML that checklists, task tables and charts become, read back as a reader would."""


import pytest
from bs4 import BeautifulSoup

from guideline.content.pages import DocsIndex
from guideline.render.charts import render_survey, render_timeline
from guideline.render.checklists import render_checklist, render_checklist_section
from guideline.render.tasks import render_task_table


@pytest.fixture
def docs(tmp_path) -> DocsIndex:
    (tmp_path / "guideline").mkdir()
    (tmp_path / "guideline/04-preparation.md").write_text(
        "# 4 準備\n\n## ⑴ 申請と承認 { #application }\n", encoding="utf-8")
    return DocsIndex(tmp_path)


CHECKLIST = {"id": "before", "title": "実施前チェックリスト", "audience": "職員", "items": [
    {"text": "承認を得た", "link": "guideline/04-preparation.md#application"},
    {"text": "<script>alert(1)</script> を確認した"},
]}


def soup(html) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def test_checklist_has_one_labelled_box_per_item(docs):
    page = soup(render_checklist(CHECKLIST, page="checklists.md", docs=docs))
    boxes = page.select("input[type=checkbox]")
    assert len(boxes) == 2
    for box in boxes:
        assert page.select_one(f"label[for={box['id']}]") is not None
    assert page.select_one("[role=group]")["aria-labelledby"] == "checklist-before-title"


def test_checklist_links_to_the_section_relative_to_the_page(docs):
    from_other_page = soup(render_checklist(CHECKLIST, page="checklists.md", docs=docs))
    link = from_other_page.select_one("a.gl-checklist__ref")
    assert link["href"] == "../guideline/04-preparation/#application"
    assert link.get_text() == "→ 4 ⑴ 申請と承認"
    same_page = soup(render_checklist(CHECKLIST, page="guideline/04-preparation.md", docs=docs))
    assert same_page.select_one("a.gl-checklist__ref")["href"] == "#application"


def test_text_from_data_is_shown_not_run(docs):
    html = render_checklist(CHECKLIST, page="checklists.md", docs=docs)
    assert "<script>" not in html
    assert "<script>alert(1)</script> を確認した" in soup(html).get_text()


def test_clear_button_is_hidden_until_a_script_enables_it(docs):
    page = soup(render_checklist(CHECKLIST, page="checklists.md", docs=docs))
    assert page.select_one(".gl-checklist__actions").has_attr("hidden")


def test_checklist_section_has_a_heading_for_the_table_of_contents(docs):
    markdown = render_checklist_section(CHECKLIST, page="checklists.md", docs=docs)
    assert markdown.startswith("## 実施前チェックリスト { #before }\n")


TASKS = {
    "places": [{"id": "自宅", "label": "自宅"}, {"id": "庁舎", "label": "庁舎"}],
    "tasks": [
        {"id": "minutes", "category": "会議録作成", "suitable": True,
         "examples": ["議事録作成", "<b>太字</b>"], "where": ["自宅", "庁舎"]},
        {"id": "counter", "category": "窓口での応対", "suitable": False, "where": ["庁舎"],
         "note": "応対以外はできます。", "link": "guideline/04-preparation.md#application"},
    ],
}


def test_task_table_has_a_row_per_task_and_a_column_per_place(docs):
    page = soup(render_task_table(TASKS, page="guideline/02-tasks.md", docs=docs))
    rows = page.select("tbody tr")
    assert [row.th.contents[0] for row in rows] == ["会議録作成", "窓口での応対"]
    assert [th.get_text() for th in page.select("thead th")] == ["業務", "例", "自宅", "庁舎", "備考"]
    marks = [[cell.get_text() for cell in row.select("td.gl-tasks__place")] for row in rows]
    assert marks == [["○できる", "○できる"], ["×できない", "○できる"]]
    assert rows[1]["data-places"] == "庁舎"


def test_task_table_escapes_and_labels_cells_for_phones(docs):
    page = soup(render_task_table(TASKS, page="guideline/02-tasks.md", docs=docs))
    assert page.select_one("tbody b") is None
    assert "<b>太字</b>" in page.select("tbody tr")[0].get_text()
    assert all(cell.has_attr("data-label") for cell in page.select("tbody td"))


def test_task_table_filter_offers_every_place(docs):
    page = soup(render_task_table(TASKS, page="guideline/02-tasks.md", docs=docs))
    assert [radio["value"] for radio in page.select(".gl-tasks__filter input")] == ["", "自宅", "庁舎"]


SURVEY = {"title": "満足度", "respondents": 477, "answers": [
    {"label": "満足", "percent": 75.5}, {"label": "どちらとも言えない", "percent": 22.2},
    {"label": "不満", "percent": 2.3}]}


def test_survey_chart_is_an_image_with_a_text_alternative_and_a_table():
    page = soup(render_survey(SURVEY))
    svg = page.select_one("svg[role=img]")
    assert "満足 75.5%、どちらとも言えない 22.2%、不満 2.3%" in svg["aria-label"]
    widths = [float(rect["width"]) for rect in svg.select("rect")]
    assert widths == pytest.approx([453.0, 133.2, 13.8], abs=0.1)
    rows = [[cell.get_text() for cell in row.select("th, td")] for row in page.select("tbody tr")]
    assert rows == [["満足", "75.5%", "約 360 名"], ["どちらとも言えない", "22.2%", "約 106 名"],
                    ["不満", "2.3%", "約 11 名"]]
    assert "回答者 477 名" in page.figcaption.get_text()


def test_timeline_table_marks_empty_cells():
    html = render_timeline({"title": "取組み", "entries": [
        {"when": "7月", "initiative": "在宅勤務の実証（2課21名対象）", "decision": "庁議"}]})
    cells = [cell.get_text() for cell in soup(html).select("tbody th, tbody td")]
    assert cells == ["7月", "―", "在宅勤務の実証（2課21名対象）", "庁議"]


def test_survey_chart_draws_every_answer_however_many():
    answers = [{"label": f"回答{n}", "percent": 12.5} for n in range(8)]
    page = soup(render_survey({"title": "多い回答", "respondents": 8, "answers": answers}))
    assert len(page.select("svg.gl-survey__bar rect")) == 8
    assert len(page.select("tbody tr")) == 8


def test_survey_bar_that_stretches_holds_no_text_and_its_legend_names_every_segment():
    page = soup(render_survey(SURVEY))
    svg = page.select_one("svg.gl-survey__bar")
    assert svg["preserveaspectratio"] == "none" and svg.select("text") == []  # parsed lower-case
    legend = [item.get_text() for item in page.select(".gl-survey__legend li")]
    assert legend == ["満足 75.5%", "どちらとも言えない 22.2%", "不満 2.3%"]


def test_first_year_of_an_era_reads_gannen():
    from guideline.content.edition_dates import japanese_date
    assert [japanese_date(d) for d in ("2019-04", "2019-05", "2020-09", "1989-02")] == [
        "平成31年4月", "令和元年5月", "令和2年9月", "平成元年2月"]
