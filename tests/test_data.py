"""The data files: each kind of editor mistake gets a message naming file, line and field."""

import textwrap

import pytest

from guideline import data
from guideline.errors import DataError

PAGE = "# 4 準備\n\n## ⑴ 申請と承認 { #application }\n\n本文です。\n"

CHECKLISTS = """\
checklists:
  - id: before
    title: 実施前チェックリスト
    audience: 職員
    items:
      - text: 承認を得た
        link: guideline/04-preparation.md#application
      - text: 予定表に登録した
"""

TASKS = """\
places:
  - id: 自宅
    label: 自宅
  - id: 庁舎
    label: 庁舎
tasks:
  - id: minutes
    category: 会議録・議事録作成
    suitable: true
    examples: [議事録作成]
    where: [自宅, 庁舎]
"""


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "docs/guideline").mkdir(parents=True)
    (tmp_path / "docs/data").mkdir()
    (tmp_path / "docs/guideline/04-preparation.md").write_text(PAGE, encoding="utf-8")
    return tmp_path / "docs"


def write(docs, kind, text):
    (docs / "data" / f"{kind}.yml").write_text(textwrap.dedent(text), encoding="utf-8")


def problems(docs, kind, text):
    write(docs, kind, text)
    with pytest.raises(DataError) as failure:
        data.load_one(docs, kind)
    return failure.value.problems


def test_valid_files_load(docs):
    write(docs, "checklists", CHECKLISTS)
    write(docs, "tasks", TASKS)
    loaded = data.load_all(docs)
    assert [item["text"] for item in loaded["checklists"]["checklists"][0]["items"]] == ["承認を得た", "予定表に登録した"]
    assert loaded["tasks"]["tasks"][0]["where"] == ["自宅", "庁舎"]


def test_missing_field_names_file_line_and_place(docs):
    text = CHECKLISTS.replace("    audience: 職員\n", "")
    assert problems(docs, "checklists", text) == [
        "docs/data/checklists.yml:2: checklists[0].audience: 必須の項目がありません"]


def test_wrong_type(docs):
    text = TASKS.replace("suitable: true", "suitable: はい")
    assert problems(docs, "tasks", text) == [
        "docs/data/tasks.yml:9: tasks[0].suitable: true か false を書いてください"]


def test_empty_list(docs):
    text = TASKS.replace("where: [自宅, 庁舎]", "where: []")
    assert problems(docs, "tasks", text) == [
        "docs/data/tasks.yml:11: tasks[0].where: 1 件以上のリストが必要ですが、リストが書かれています"]


def test_unknown_field_is_a_typo(docs):
    text = CHECKLISTS.replace("      - text: 予定表に登録した", "      - txt: 予定表に登録した")
    assert problems(docs, "checklists", text) == [
        "docs/data/checklists.yml:8: checklists[0].items[1].text: 必須の項目がありません",
        "docs/data/checklists.yml:8: checklists[0].items[1].txt: 知らない項目です（使える項目: text, link）",
    ]


def test_unknown_place(docs):
    text = TASKS.replace("where: [自宅, 庁舎]", "where: [自宅, home]")
    assert problems(docs, "tasks", text) == [
        "docs/data/tasks.yml:11: tasks[0].where[1]: 'home' は places にない場所です（使える場所: 自宅, 庁舎）"]


def test_duplicate_id(docs):
    second = CHECKLISTS.split("checklists:\n")[1]
    assert problems(docs, "checklists", CHECKLISTS + second) == [
        "docs/data/checklists.yml:9: checklists[1].id: 'before' は checklists[0].id と重複しています"]


def test_bad_id(docs):
    text = CHECKLISTS.replace("id: before", "id: 実施前")
    [problem] = problems(docs, "checklists", text)
    assert problem.startswith("docs/data/checklists.yml:2: checklists[0].id: 半角英小文字")


def test_link_to_missing_page(docs):
    text = CHECKLISTS.replace("04-preparation.md#application", "04-prep.md#application")
    assert problems(docs, "checklists", text) == [
        "docs/data/checklists.yml:7: checklists[0].items[0].link: "
        "'guideline/04-prep.md#application' のページ docs/guideline/04-prep.md がありません"]


def test_link_to_missing_anchor(docs):
    text = CHECKLISTS.replace("#application", "#apply")
    assert problems(docs, "checklists", text) == [
        "docs/data/checklists.yml:7: checklists[0].items[0].link: "
        "'guideline/04-preparation.md#apply' の見出し #apply が docs/guideline/04-preparation.md にありません"]


def test_same_key_twice(docs):
    text = CHECKLISTS.replace("    audience: 職員\n", "    audience: 職員\n    audience: 所属長\n")
    assert problems(docs, "checklists", text) == [
        "docs/data/checklists.yml:5: checklists[0].audience: 同じ項目が二度書かれています"]


def test_yaml_syntax_error_gives_the_line(docs):
    text = CHECKLISTS.replace("    title: 実施前チェックリスト", "    title: [実施前")
    [problem] = problems(docs, "checklists", text)
    assert problem.startswith("docs/data/checklists.yml:4: YAML の書き方に誤りがあります")


def test_survey_percentages_must_add_up(docs):
    text = """\
    title: 満足度
    respondents: 477
    answers:
      - label: 満足
        percent: 75.5
      - label: 不満
        percent: 2.3
    """
    assert problems(docs, "survey", text) == [
        "docs/data/survey.yml:3: answers: 割合の合計が 100 ではなく 77.8 です"]


def test_timeline_entry_needs_content(docs):
    text = """\
    title: 取組み
    entries:
      - when: 4月
    """
    assert problems(docs, "timeline", text) == [
        "docs/data/timeline.yml:3: entries[0]: environment・initiative・decision のどれか一つは書いてください"]


def test_all_problems_of_all_files_come_together(docs):
    write(docs, "checklists", CHECKLISTS.replace("#application", "#apply"))
    write(docs, "tasks", TASKS.replace("[自宅, 庁舎]", "[home]"))
    with pytest.raises(DataError) as failure:
        data.load_all(docs)
    assert [p.split(":")[0] for p in failure.value.problems] == [
        "docs/data/checklists.yml", "docs/data/tasks.yml"]


def test_the_project_data_is_valid():
    from conftest import PROJECT
    loaded = data.load_all(PROJECT / "docs")
    assert set(loaded) == {"checklists", "tasks", "survey", "timeline"}
