"""Macros in the built site: the data is the single source of checklists, tables and charts."""

import pytest

from guideline.content import data
from guideline.errors import GuidelineError
from guideline.site.build import MARKER, build_site
from helpers import PROJECT, clean_env, copy_project, read_page, text_of

pytestmark = pytest.mark.build  # every test here builds the site

DATA = data.load_all(PROJECT / "docs")
CHECKLIST_PAGES = {"before": "guideline/04-preparation/", "workday": "guideline/05-during/",
                   "ict": "guideline/06-ict/", "manager": "guideline/08-managers/"}


@pytest.mark.parametrize("checklist", DATA["checklists"]["checklists"], ids=lambda c: c["id"])
def test_each_checklist_shows_one_box_per_item_in_its_chapter_and_on_the_checklist_page(site, checklist):
    items = [item["text"] for item in checklist["items"]]
    for url in (CHECKLIST_PAGES[checklist["id"]], "checklists/"):
        box = read_page(site, url).select_one(f'[data-checklist="{checklist["id"]}"]')
        assert box is not None, f"{url}: checklist {checklist['id']} missing"
        assert [label.get_text() for label in box.select("label")] == items
        assert len(box.select("input[type=checkbox]")) == len(items)


def test_checklist_page_lists_every_checklist_in_its_table_of_contents(site):
    page = read_page(site, "checklists/")
    titles = [text_of(h2) for h2 in page.select("article h2")]
    assert titles == [checklist["title"] for checklist in DATA["checklists"]["checklists"]]


def test_task_table_has_one_row_per_entry(site):
    rows = read_page(site, "guideline/02-tasks/").select("table.gl-tasks__table tbody tr")
    assert [row.th.contents[0] for row in rows] == [task["category"] for task in DATA["tasks"]["tasks"]]


def test_the_seven_suitable_categories_with_their_examples(site):
    rows = read_page(site, "guideline/02-tasks/").select("table.gl-tasks__table tbody tr")
    examples = {row.th.contents[0]: row.select_one("td[data-label='例']").get_text() for row in rows}
    assert examples["会議・研修資料作成"] == "庁議資料作成、業務マニュアル作成、研修資料作成"
    assert examples["設計関係資料作成"] == "道路工事の書類関係作成、修繕工事設計書・仕様書・図面作成"
    assert examples["会議録・議事録作成"] == "新型コロナウイルス感染症対策本部会議議事録作成"
    assert examples["その他"] == "例規審査、ｅラーニング受講、オンライン研修受講"


def test_history_page_renders_timeline_and_survey_from_data(site):
    page = read_page(site, "history/")
    assert len(page.select("table.gl-timeline tbody tr")) == len(DATA["timeline"]["entries"])
    assert "回答者 477 名" in page.select_one(".gl-survey figcaption").get_text()
    assert page.select_one(".gl-survey svg[role=img]") is not None


def _break(tmp_path, path, old, new):
    project = copy_project(tmp_path / "project")
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return project


def test_corrupted_data_fails_the_build_naming_the_file_and_writes_nothing(tmp_path):
    project = _break(tmp_path, "docs/data/tasks.yml", "where: [自宅, 公民館, 情報創造館, 庁舎]",
                     "where: [home, 公民館, 情報創造館, 庁舎]")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("published before", encoding="utf-8")
    (site / MARKER).write_text("", encoding="utf-8")  # an earlier build's, so it may be replaced
    with pytest.raises(GuidelineError) as failure:
        build_site(project_dir=project, site_dir=site, env=clean_env())
    assert "docs/data/tasks.yml:" in str(failure.value)
    assert "tasks[0].where[0]: 'home' は places にない場所です" in str(failure.value)
    assert sorted(p.name for p in site.iterdir()) == sorted([MARKER, "index.html"])
    assert (site / "index.html").read_text(encoding="utf-8") == "published before"


def test_unknown_checklist_in_a_chapter_fails_the_build(tmp_path):
    project = _break(tmp_path, "docs/guideline/04-preparation.md", '{{ checklist("before") }}',
                     '{{ checklist("befor") }}')
    with pytest.raises(GuidelineError) as failure:
        build_site(project_dir=project, site_dir=tmp_path / "site", env=clean_env())
    assert "guideline/04-preparation.md: checklist('befor')" in str(failure.value)


def test_undefined_name_fails_the_build(tmp_path):
    project = _break(tmp_path, "docs/guideline/04-preparation.md", '{{ checklist("before") }}',
                     '{{ checklist("before") }}\n\n{{ chekclist }}')
    with pytest.raises(GuidelineError) as failure:
        build_site(project_dir=project, site_dir=tmp_path / "site", env=clean_env())
    line = (project / "docs/guideline/04-preparation.md").read_text(encoding="utf-8").splitlines().index(
        "{{ chekclist }}") + 1
    assert f"docs/guideline/04-preparation.md:{line}: chekclist という名前のマクロや変数はありません" in str(failure.value)


def test_template_syntax_in_a_code_block_shows_as_written(tmp_path):
    example = '```text\n{{ checklist("before") }} と書くとチェックリストになります\n```\n'
    project = _break(tmp_path, "docs/guideline/04-preparation.md", "## ⑴", example + "\n## ⑴")
    site = build_site(project_dir=project, site_dir=tmp_path / "site", env=clean_env())
    code = read_page(site, "guideline/04-preparation/").select_one("article pre").get_text()
    assert '{{ checklist("before") }} と書くとチェックリストになります' in code
    # The 新旧対照表 quotes the new example as written, too.
    changes = text_of(read_page(site, "changes/").select_one("article"))
    assert '{{ checklist("before") }} と書くとチェックリストになります' in changes
