"""The data files: each kind of editor mistake gets a message naming file, line and field."""

import textwrap

import pytest

from guideline.content import data
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
        "docs/data/checklists.yml:8: checklists[0].items[1].txt: 知らない項目です（使える項目: text, link, unconfirmed）",
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
        "'guideline/04-preparation.md#apply' の見出し #apply が docs/guideline/04-preparation.md にありません"
        "（使える見出し: #application）"]


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
    from helpers import PROJECT
    loaded = data.load_all(PROJECT / "docs")
    assert set(loaded) == {"checklists", "tasks", "survey", "timeline", "terms"}


# Unsafe or mistyped YAML: a message at the line, never a traceback or a hang.

def test_control_character_is_refused_at_its_line(docs):
    text = CHECKLISTS.replace("予定表に登録した", "予定表に\x07登録した")
    assert problems(docs, "checklists", text) == [
        "docs/data/checklists.yml:8: 見えない制御文字（U+0007）が入っています。その文字を消してください"]


def test_alias_is_refused_so_no_file_can_expand(docs):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(20))
    [problem] = problems(docs, "survey", bomb)
    assert problem.startswith("docs/data/survey.yml:2: 別名（*a）は使えません")


def test_recursive_alias_is_a_message(docs):
    [problem] = problems(docs, "survey", "title: &t [*t]\n")
    assert problem.startswith("docs/data/survey.yml:1: 別名（*t）は使えません")


def test_deep_nesting_is_refused(docs):
    [problem] = problems(docs, "survey", "title: " + "[" * 5000 + "]" * 5000 + "\n")
    assert problem.startswith("docs/data/survey.yml:1: 入れ子が深すぎます")


@pytest.mark.parametrize("old, new, line, words", [
    ("    audience: 職員", "\taudience: 職員", 4, "タブ文字は使えません"),
    ("        link: guideline", "        link:guideline", 7, "コロン（:）の後に半角スペース"),
    ("      - text: 予定表に登録した", "     - text: 予定表に登録した", 8, "字下げ（インデント）がそろっていません"),
    ("    title: 実施前チェックリスト", '    title: "実施前チェックリスト', 3, "引用符"),
])
def test_yaml_mistakes_are_explained_in_japanese_at_their_line(docs, old, new, line, words):
    [problem] = problems(docs, "checklists", CHECKLISTS.replace(old, new))
    assert problem.startswith(f"docs/data/checklists.yml:{line}: YAML の書き方に誤りがあります: ")
    assert words in problem
    assert not any(english in problem for english in ("found", "expected", "while"))


def test_values_python_cannot_hold_are_a_message(docs):
    text = CHECKLISTS.replace("    audience: 職員", "    audience: " + "9" * 5000)
    [problem] = problems(docs, "checklists", text)
    assert problem.startswith("docs/data/checklists.yml:4: 値 '9999")


def test_impossible_timestamp_is_a_message(docs):
    [problem] = problems(docs, "survey", "title: 2021-13-01\n")
    assert problem == "docs/data/survey.yml:1: 値 '2021-13-01' を読み取れません（実在しない日付です）"


# Data rules: links stay in docs/, ids are identifiers, figures are percentages.

@pytest.mark.parametrize("link, words", [
    ("../README.md", ".. で外に出たり"),
    ("/etc/passwd.md", "/ で始めたり"),
    ("javascript:alert(1)", "javascript: などのリンクは使えません"),
    ("https://example.com/", "外部のページへのリンクは使えません"),
])
def test_links_stay_inside_docs(docs, link, words):
    text = CHECKLISTS.replace("guideline/04-preparation.md#application", link)
    [problem] = problems(docs, "checklists", text)
    assert problem.startswith("docs/data/checklists.yml:7: checklists[0].items[0].link: ")
    assert words in problem


def test_place_id_with_a_space_is_refused(docs):
    text = TASKS.replace("  - id: 庁舎", "  - id: 本 庁舎").replace("[自宅, 庁舎]", "[自宅, 本 庁舎]")
    [problem] = problems(docs, "tasks", text)
    assert problem.startswith("docs/data/tasks.yml:4: places[1].id: 空白や記号を含まない ID")


SURVEY = """\
title: 満足度
respondents: 477
answers:
  - label: 満足
    percent: 60
  - label: 不満
    percent: 40
"""


@pytest.mark.parametrize("value, words", [
    (".nan", "有限の数値"), (".inf", "有限の数値"), ("-5", "0 から 100 まで"), ("140", "0 から 100 まで")])
def test_percent_is_finite_between_0_and_100(docs, value, words):
    [problem] = problems(docs, "survey", SURVEY.replace("percent: 40", f"percent: {value}"))
    assert problem.startswith("docs/data/survey.yml:7: answers[1].percent: ")
    assert words in problem


def test_text_shown_on_one_line_has_no_line_break(docs):
    text = CHECKLISTS.replace("    audience: 職員", '    audience: "職員\\n\\n<script>"')
    [problem] = problems(docs, "checklists", text)
    assert problem == "docs/data/checklists.yml:4: checklists[0].audience: 改行を入れずに一行で書いてください"


def test_markdown_in_a_checklist_title_stays_text(docs):
    import markdown

    from guideline.content.pages import DocsIndex
    from guideline.render.checklists import render_checklist_section
    checklist = {"id": "before", "title": "[クリック](javascript:alert(1)) *強調* <b>太字</b> { #x }",
                 "audience": "職員", "items": [{"text": "[a](javascript:alert(2))"}]}
    section = render_checklist_section(checklist, page="checklists.md", docs=DocsIndex(docs))
    html = markdown.markdown(section, extensions=["attr_list", "md_in_html", "toc"])
    assert "<a " not in html and "<em>" not in html and "<b>" not in html
    assert 'id="before"' in html and 'id="x"' not in html
    assert "[クリック](javascript:alert(1))" in html.replace("&#91;", "[").replace("&#93;", "]").replace(
        "&#40;", "(").replace("&#41;", ")")


@pytest.mark.parametrize("text, words", [
    ("x: [" + "1, " * 20000 + "]\n", "値が多すぎます"),
    ("title: " + "あ" * 40000 + "\n", "ファイルが大きすぎます"),
])
def test_files_too_large_to_check_quickly_are_refused(docs, text, words):
    [problem] = problems(docs, "survey", text)
    assert problem.startswith("docs/data/survey.yml") and words in problem


def test_place_id_with_a_line_break_is_refused(docs):
    text = TASKS.replace("  - id: 庁舎", '  - id: "庁舎\\n"').replace("[自宅, 庁舎]", '[自宅, "庁舎\\n"]')
    [problem] = problems(docs, "tasks", text)
    assert problem.startswith("docs/data/tasks.yml:4: places[1].id: 空白や記号を含まない ID")
