"""The registry of data-driven blocks: every block works on the site and in the 新旧対照表."""

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from guideline.compare.reader import expand_macros
from guideline.content import data
from guideline.errors import DataError
from guideline.render.blocks import BLOCKS, call_problems
from guideline.render.site_macros import SiteMacros

PROJECT = Path(__file__).resolve().parents[1]
DOCS = PROJECT / "docs"
STYLESHEET = PROJECT / "overrides/assets/stylesheets/guideline.css"
ARGUMENTS = {"checklist": "before"}


@pytest.fixture(scope="module")
def macros() -> SiteMacros:
    return SiteMacros(DOCS, current_page=lambda: "guideline/04-preparation.md")


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_each_block_shows_a_data_file_with_a_schema(name):
    assert BLOCKS[name].kind in data.KINDS


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_each_block_is_a_macro_whose_html_carries_its_styled_class(macros, name):
    html = macros.exported()[name](ARGUMENTS.get(name))
    root = BeautifulSoup(html, "html.parser").find(class_=BLOCKS[name].css_class)
    assert root is not None, f"{name}() の HTML に class {BLOCKS[name].css_class} がありません"
    styled = re.escape(BLOCKS[name].css_class) + r"(?:__[\w-]+|(?![\w-]))"  # the class or its parts
    assert re.search(r"\." + styled, STYLESHEET.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_each_block_reads_as_text_in_the_comparison(name):
    argument = f'"{ARGUMENTS[name]}"' if name in ARGUMENTS else ""
    text = expand_macros(f"前\n\n{{{{ {name}({argument}) }}}}\n\n後\n", DOCS, page="x.md")
    assert "{{" not in text and "<" not in text
    assert len(text.split("\n\n")) > 3  # the block's lines between the two paragraphs


def test_an_unknown_macro_in_a_compared_page_is_an_error_naming_it():
    with pytest.raises(DataError) as failure:
        expand_macros("{{ task_tabel() }}\n", DOCS, page="guideline/02-tasks.md")
    assert "guideline/02-tasks.md: task_tabel(): そのようなマクロはありません" in str(failure.value)


def test_an_unknown_checklist_in_a_compared_page_is_an_error_naming_it():
    with pytest.raises(DataError) as failure:
        expand_macros('{{ checklist("befor") }}\n', DOCS, page="guideline/04-preparation.md")
    assert "guideline/04-preparation.md: checklist('befor')" in str(failure.value)


def test_a_checklist_needs_its_id_and_a_table_takes_none(macros):
    with pytest.raises(DataError, match="チェックリストの ID を書いてください"):
        macros.exported()["checklist"]()
    with pytest.raises(DataError, match="引数をとりません"):
        expand_macros('{{ task_table("x") }}\n', DOCS, page="guideline/02-tasks.md")


def test_a_macro_shown_as_code_stays_as_written_in_the_comparison():
    markdown = '例：\n\n```text\n{{ checklist("nothing") }}\n```\n\n`{{ task_tabel() }}` とは書きません。\n'
    assert expand_macros(markdown, DOCS, page="guideline/04-preparation.md") == markdown


def test_check_locates_misspelt_and_incomplete_macro_calls_but_not_examples(tmp_path):
    (tmp_path / "docs/guideline").mkdir(parents=True)
    (tmp_path / "docs/guideline/04-preparation.md").write_text(
        '# 4 準備\n\n{{ checklist() }}\n\n```\n{{ chekclist("x") }}\n```\n\n'
        '`{{ task_tabel() }}`\n\n{{ task_tabel() }}\n\n{{ whole_guideline() }}\n', encoding="utf-8")
    assert call_problems(tmp_path / "docs") == [
        "docs/guideline/04-preparation.md:3: checklist(): チェックリストの ID を書いてください",
        "docs/guideline/04-preparation.md:11: task_tabel(): そのようなマクロはありません"
        f"（使えるもの: {', '.join(BLOCKS)}）",
    ]


def test_the_pages_call_only_blocks_that_exist():
    assert call_problems(DOCS) == []


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_each_blocks_lines_name_their_group_and_items_once(name):
    """What lets two editions' tables pair row by row: every line names its list, and no
    item is named twice."""
    from guideline.content.pages import DocsIndex
    from guideline.render.blocks import Context
    from guideline.render.items import DataLine
    chosen = BLOCKS[name]
    lines = chosen.lines(data.load_one(DOCS, chosen.kind).data, Context(page="x.md", docs=DocsIndex(DOCS)),
                         ARGUMENTS.get(name))
    assert lines and all(isinstance(line, DataLine) and line.group for line in lines)
    items = [(line.group, line.item) for line in lines if line.item]
    assert len(items) == len(set(items))
