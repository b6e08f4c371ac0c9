from guideline.content.pages import DocsIndex, headings, page_url, relative_href


def test_page_urls_are_directory_urls():
    assert page_url("index.md") == ""
    assert page_url("faq/index.md") == "faq/"
    assert page_url("guideline/07-staff.md") == "guideline/07-staff/"


def test_relative_hrefs():
    assert relative_href("checklists.md", "guideline/07-staff.md", "dress") == "../guideline/07-staff/#dress"
    assert relative_href("guideline/07-staff.md", "guideline/05-during.md") == "../05-during/"
    assert relative_href("guideline/07-staff.md", "guideline/07-staff.md", "dress") == "#dress"
    assert relative_href("index.md", "index.md") == "./"
    assert relative_href("faq/index.md", "index.md") == "../"


def test_headings_skip_code_and_read_explicit_ids():
    markdown = "# 7 心得\n\n```\n## not a heading { #no }\n```\n\n## ⑶ 勤務時の服装 { #dress }\n"
    assert list(headings(markdown)) == [(1, "7 心得", None), (2, "⑶ 勤務時の服装", "dress")]


def test_labels_name_chapter_and_section(tmp_path):
    (tmp_path / "guideline").mkdir()
    (tmp_path / "guideline/07-staff.md").write_text("# 7 在宅勤務者の心得\n\n## ⑶ 勤務時の服装 { #dress }\n",
                                                     encoding="utf-8")
    docs = DocsIndex(tmp_path)
    assert docs.label("guideline/07-staff.md#dress") == "7 ⑶ 勤務時の服装"
    assert docs.label("guideline/07-staff.md") == "7 在宅勤務者の心得"
    assert docs.link_problem("guideline/07-staff.md#dress") is None
    assert docs.link_problem("https://example.com/") is not None
