from guideline.render.printing import fold_chapter, whole_guideline


def test_chapter_headings_move_down_and_anchors_get_the_chapter():
    markdown = "# 7 心得\n\n## ⑶ 服装 { #dress }\n\n```\n# not a heading\n```\n"
    assert fold_chapter(markdown, "ch07") == (
        "## 7 心得 { #ch07 }\n\n### ⑶ 服装 { #ch07-dress }\n\n```\n# not a heading\n```\n")


def test_links_between_chapters_stay_on_the_page():
    markdown = "[服装](#dress)、[私用](05-during.md#private-errands)、[5章](05-during.md)、[FAQ](../faq/index.md#x)"
    assert fold_chapter(markdown, "ch07") == (
        "[服装](#ch07-dress)、[私用](#ch05-private-errands)、[5章](#ch05)、[FAQ](../faq/index.md#x)\n")


def test_whole_guideline_takes_chapters_in_order_and_skips_other_pages(tmp_path):
    for name, title in (("02-tasks.md", "2 業務"), ("01-start.md", "1 はじめに"),
                        ("index.md", "目次"), ("print.md", "全文")):
        (tmp_path / name).write_text(f"# {title}\n", encoding="utf-8")
    assert whole_guideline(tmp_path) == "## 1 はじめに { #ch01 }\n\n## 2 業務 { #ch02 }\n"
