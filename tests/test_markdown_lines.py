"""Where fenced code starts and ends: one reading for anchors, print page, comparison and templates."""

import pytest

from guideline.compare.reader import sections
from guideline.content.markdown_lines import CLOSING, OPENING, code_spans, map_prose, scan


def code_lines(markdown: str) -> list[int]:
    return [line.number for line in scan(markdown) if line.code]


@pytest.mark.parametrize("markdown, code", [
    ("a\n```\nb\n```\nc\n", [2, 3, 4]),
    ("a\n~~~\n```\n~~~\nc\n", [2, 3, 4]),              # the other character does not close
    ("````\n```\nb\n````\nc\n", [1, 2, 3, 4]),          # a shorter fence does not close
    ("```\nb\n`````\nc\n", [1, 2, 3]),                  # a longer one does
    ("```\nb\n``` x\nc\n", [1, 2, 3, 4]),               # a closing fence has nothing after it
    ("- item\n\n    ```text\n    b\n    ```\nc\n", [3, 4, 5]),  # fences in list items
    ("```\nnever closed\n", [1, 2]),
    ("``` `not` a fence\nb\n", []),                     # backticks in the info string
])
def test_fences_follow_their_character_and_length(markdown, code):
    assert code_lines(markdown) == code


def test_fence_lines_are_marked_and_the_text_comes_back_whole():
    markdown = "a\r\n```\r\nb\r\n```\r\nc"
    lines = list(scan(markdown))
    assert [line.fence for line in lines] == [None, OPENING, None, CLOSING, None]
    assert "".join(line.text + line.ending for line in lines) == markdown


def test_code_spans_and_fences_are_left_out_of_prose_changes():
    markdown = "x `x` x\n```\nx\n```\n"
    assert map_prose(markdown, lambda text: text.replace("x", "y")) == "y `x` y\n```\nx\n```\n"
    assert code_spans("a ``b`` c") == [("a ", False), ("``b``", True), (" c", False)]


def test_a_longer_fence_keeps_a_shorter_one_inside_as_code_in_the_comparison():
    markdown = "# 題\n\n````markdown\n```\n## not a heading\n```\n````\n\n本文\n"
    [section] = sections(markdown)
    assert section.heading == "題"
    assert section.blocks == ["````markdown\n```\n## not a heading\n```\n````", "本文"]
