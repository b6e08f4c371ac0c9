"""新旧対照表 as PDF and Word, opened as the reader's software would: pages, text, fonts, marks.

The PDF tests (marked browser) need Debian's Chromium; without it they skip and say how to get it.
"""

import io
import os
import re
from pathlib import Path
from unittest.mock import patch

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from guideline.cli.driver import main
from guideline.compare.pairing import compare_trees
from guideline.documents.comparison_docx import comparison_docx
from guideline.documents.rows import NOTE, tables
from helpers import pdf_pages

A4_LANDSCAPE = (842, 595)  # points, rounded
OLD = """\
# 7 在宅勤務者の心得

## ⑴ 服務 { #duties }

1. 服務の規律は職場と同じです。
1. 原則として、家族にも秘密を守ります。
"""
# Long enough to run over several landscape pages: the head must come back on each.
FILLER = "".join(f"\n## ⑵-{n} 例の節 {{ #filler-{n} }}\n\n1. 在宅勤務の日の例として、第{n}項の手順を書きます。\n"
                 for n in range(1, 40))
NEW = OLD.replace("原則として、家族", "家族") + FILLER
NEW_TITLE, OLD_TITLE = '改訂案（令和3年度）"</style><b>', "正式版（令和3年3月）"


def trees(tmp_path):
    for name, text in (("old", OLD), ("new", NEW)):
        (tmp_path / name / "guideline").mkdir(parents=True)
        (tmp_path / name / "guideline/07-staff.md").write_text(text, encoding="utf-8")
    return tmp_path / "old", tmp_path / "new"


@pytest.fixture(scope="module")
def comparison_bytes(tmp_path_factory) -> bytes:
    from guideline.documents.comparison_pdf import comparison_pdf
    comparisons = compare_trees(*trees(tmp_path_factory.mktemp("pdf")))
    return comparison_pdf(comparisons, new_title=NEW_TITLE, old_title=OLD_TITLE)


@pytest.fixture(scope="module")
def comparison_pdf(comparison_bytes):
    return PdfReader(io.BytesIO(comparison_bytes))


@pytest.fixture(scope="module")
def comparison_text(comparison_bytes) -> list:
    return pdf_pages(comparison_bytes)


def embedded(font) -> bool:
    """A font's glyphs are inside the file: a Type 3 font draws them, others carry a font file."""
    font = font.get_object()
    if font["/Subtype"] == "/Type3":
        return True
    if font["/Subtype"] == "/Type0":
        font = font["/DescendantFonts"][0].get_object()
    descriptor = font["/FontDescriptor"].get_object()
    return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))


@pytest.mark.browser  # Chromium prints the PDF
def test_comparison_pdf_is_a4_landscape_over_several_pages(comparison_pdf):
    assert len(comparison_pdf.pages) >= 2
    for page in comparison_pdf.pages:
        assert tuple(round(float(side)) for side in page.mediabox[2:]) == A4_LANDSCAPE


@pytest.mark.browser  # Chromium prints the PDF
def test_comparison_pdf_repeats_the_heads_and_numbers_every_page(comparison_text):
    count = len(comparison_text)
    for number, text in enumerate(comparison_text, start=1):
        assert "改正後" in text and "改正前" in text
        assert "7 在宅勤務者の心得" in text and ".md" not in text and "docs/" not in text
        assert NOTE in text
        assert f"{number} / {count}" in text


@pytest.mark.browser  # Chromium prints the PDF
def test_comparison_pdf_names_both_editions_even_with_markup_in_a_title(comparison_text):
    first = comparison_text[0]
    assert "改正後：" + NEW_TITLE in first and "改正前：" + OLD_TITLE in first


def _outline_titles(outline) -> list:
    return [title for item in outline
            for title in (_outline_titles(item) if isinstance(item, list) else [item.title])]


@pytest.mark.browser  # Chromium prints the PDF
def test_comparison_pdf_names_each_page_once_and_says_whose_it_is(comparison_pdf, comparison_text):
    text = "".join(comparison_text)
    # written once in the table's head (repeated on each page), not again as a heading or a row
    assert text.count("7 在宅勤務者の心得") == len(comparison_pdf.pages)
    assert _outline_titles(comparison_pdf.outline).count("7 在宅勤務者の心得") == 1
    info = comparison_pdf.metadata
    assert info.title.startswith("新旧対照表") and NEW_TITLE in info.title
    assert info.subject == "松本市テレワークガイドライン" and info.author == "松本市 DX推進本部"
    assert "Chrome" not in (info.creator or "")


@pytest.mark.browser  # Chromium prints the PDF
def test_comparison_pdf_embeds_its_japanese_fonts(comparison_pdf):
    fonts = [font for page in comparison_pdf.pages
             for font in page["/Resources"]["/Font"].values()]
    assert fonts and all(embedded(font) for font in fonts)


@pytest.fixture(scope="module")
def word(tmp_path_factory):
    comparisons = compare_trees(*trees(tmp_path_factory.mktemp("docx")))
    return Document(io.BytesIO(comparison_docx(tables(comparisons), new_title=NEW_TITLE, old_title=OLD_TITLE)))


def test_word_is_a4_landscape(word):
    section = word.sections[0]
    assert section.orientation == WD_ORIENT.LANDSCAPE
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)


def test_word_table_head_repeats_on_every_page(word):
    table = word.tables[0]
    head = table.rows[0]
    assert [cell.text for cell in head.cells] == ["改正後", "改正前"]
    flag = head._tr.trPr.find(qn("w:tblHeader"))
    assert flag is not None and flag.get(qn("w:val")) in ("true", "1", None)


def test_word_rows_are_cells_of_the_table_grid_as_wide_as_its_head(word):
    """Each row is written as XML: Word must get the cells python-docx's own head row has."""
    from lxml import etree
    table = word.tables[0]
    assert table.style.name == "Table Grid" and len(table.rows) > 2
    widths = {etree.tostring(cell._tc.tcPr) for row in table.rows for cell in row.cells}
    assert len(widths) == 1 and b"w:tcW" in widths.pop()
    assert all(len(row.cells) == 2 and all(len(cell.paragraphs) == 1 for cell in row.cells) for row in table.rows)


def test_word_underlines_exactly_the_changed_wording(word):
    rows = [(row.cells[0], row.cells[1]) for row in word.tables[0].rows[1:]]
    revised = next(old for new, old in rows if "秘密を守ります" in old.text)
    underlined = ["".join(run.text for run in cell.paragraphs[0].runs
                          if run._r.rPr is not None and run._r.rPr.find(qn("w:u")) is not None)
                  for cell in (revised,)]
    assert underlined == ["原則として、"]
    added = next(new for new, old in rows if "第39項" in new.text)
    assert all(run._r.rPr.find(qn("w:u")).get(qn("w:val")) == "single" for run in added.paragraphs[0].runs)


WORDS = st.text(alphabet=st.sampled_from(["改", "正", "a", " ", "　", "\t", "\n", "\r", "&", "<"]), max_size=10)
PYTHON_DOCX = Document()  # one document that runs are added to, to compare with


@settings(max_examples=150, deadline=None, derandomize=True)
@given(text=WORDS, bold=st.booleans(), underline=st.booleans())
def test_word_writes_each_run_as_python_docx_does(text, bold, underline):
    """The rows are built without python-docx's slow API; Word must get the same XML from them."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls
    from lxml import etree

    from guideline.documents.comparison_docx import _run_xml
    made = PYTHON_DOCX.add_paragraph().add_run(text)
    made.bold = bold or None
    if underline:
        made.font.underline = True
    [built] = parse_xml(f'<w:p {nsdecls("w")}>{_run_xml(text, bold=bold, underline=underline)}</w:p>')
    PYTHON_DOCX.add_paragraph()._p.append(built)  # in the same document: the same namespaces in scope
    assert etree.tostring(built) == etree.tostring(made._r)


def test_word_properties_are_the_citys_not_the_librarys(word):
    from datetime import UTC, datetime, timedelta
    properties = word.core_properties
    assert properties.title == f"新旧対照表　改正後：{NEW_TITLE}　改正前：{OLD_TITLE}"
    assert properties.subject == "松本市テレワークガイドライン"
    assert properties.author == "松本市 DX推進本部" and "python-docx" not in properties.comments
    created = properties.created.replace(tzinfo=UTC)
    assert datetime.now(UTC) - created < timedelta(hours=1)


def test_word_headings_name_the_page_once_without_its_source(word):
    headings = [p.text for p in word.paragraphs if p.style.name == "Heading 2"]
    assert headings == ["7 在宅勤務者の心得"]
    cells = [cell.text for row in word.tables[0].rows for cell in row.cells]
    assert "7 在宅勤務者の心得" not in cells  # its title is unchanged: no row repeats it



def test_word_puts_each_table_under_its_own_heading_and_the_titles_as_written():
    """Every file is made from one frame: each page's table follows its heading, and titles
    with markup characters or spaces read back as the manifest wrote them."""
    from guideline.documents.rows import Row, Segment, Table
    pages = [Table(title=f"{number} 第{number}章 & <注>", rows=tuple(
        Row(heading=False, new=(Segment(f"新{number}-{row}", changed=True),), old=(Segment(f"旧{number}-{row}"),))
        for row in range(number))) for number in (1, 2, 3)]
    made = Document(io.BytesIO(comparison_docx(pages, new_title="改訂案 <R4> & 試行", old_title=" 正式版 ")))
    title = "新旧対照表　改正後：改訂案 <R4> & 試行　改正前： 正式版 "
    assert [p.text for p in made.paragraphs if p.style.name == "Heading 1"] == [title]
    assert made.core_properties.title == title
    assert made.sections[0].header.paragraphs[0].text == f"{title}　{NOTE}"
    body = made.element.body
    order = [("heading", child.xpath("string(.)")) if child.tag == qn("w:p") and child.xpath("string(.)").startswith(
        tuple("123")) else ("table", len(child.findall(qn("w:tr")))) for child in body
        if child.tag == qn("w:tbl") or child.xpath("string(.)")[:1] in tuple("123")]
    assert order == [("heading", "1 第1章 & <注>"), ("table", 2), ("heading", "2 第2章 & <注>"), ("table", 3),
                     ("heading", "3 第3章 & <注>"), ("table", 4)]
    assert [row.cells[0].text for row in made.tables[2].rows] == ["改正後", "新3-0", "新3-1", "新3-2"]

def test_word_author_follows_the_issuer_setting(tmp_path, monkeypatch):
    from guideline.documents.imprint import read_imprint
    (tmp_path / "mkdocs.yml").write_text("site_name: 例のガイドライン\nsite_url: !ENV [X, 'http://x/']\n"
                                         "extra:\n  issuer: 例市 総務課\n", encoding="utf-8")
    assert read_imprint(tmp_path, environ={}).issuer == "例市 総務課"
    assert read_imprint(tmp_path, environ={"GUIDELINE_ISSUER": ""}).issuer == ""
    imprint = read_imprint(tmp_path, environ={"GUIDELINE_ISSUER": "例市 企画課"})
    assert (imprint.name, imprint.issuer) == ("例のガイドライン", "例市 企画課")
    anonymous = Document(io.BytesIO(comparison_docx([], new_title="新", old_title="旧",
                                                    imprint=read_imprint(tmp_path, environ={"GUIDELINE_ISSUER": ""}))))
    assert anonymous.core_properties.author == "" and anonymous.core_properties.subject == "例のガイドライン"


@pytest.mark.parametrize("environ", [{}, {"NAME": "環境の名前", "ISSUER": "環境の発行者"}, {"OTHER": "yes", "ISSUER": "true"}])
def test_a_comparison_file_names_the_issuer_the_site_names(tmp_path, environ):
    """`guideline compare -o` names whoever the site's own files name, `!ENV` settings included."""
    import yaml
    from mkdocs.utils.yaml import get_yaml_loader

    from guideline.documents.imprint import imprint, read_imprint
    (tmp_path / "mkdocs.yml").write_text("site_name: !ENV [NAME, OTHER, 既定の名前]\nsite_url: !ENV [X, 'http://x/']\n"
                                         "extra:\n  issuer: !ENV ISSUER\n", encoding="utf-8")
    with patch.dict(os.environ, environ, clear=True):
        settings = yaml.load((tmp_path / "mkdocs.yml").read_text(encoding="utf-8"), Loader=get_yaml_loader())
    assert read_imprint(tmp_path, environ=environ) == imprint(settings, environ=environ)


def test_word_document_font_is_japanese_with_a_fallback(word):
    for style in ("Normal", "Heading 1", "Heading 2"):
        fonts = word.styles[style].element.rPr.rFonts
        assert fonts.get(qn("w:eastAsia")) == "ＭＳ 明朝"
        assert fonts.get(qn("w:eastAsiaTheme")) is None  # a theme font would win over the name
    part = next(rel.target_part for rel in word.part.rels.values() if rel.reltype.endswith("/fontTable"))
    assert "ＭＳ 明朝".encode() in part.blob and b'w:charset w:val="80"' in part.blob


def test_compare_refuses_an_unknown_format_and_writes_nothing(tmp_path, capsys):
    target = tmp_path / "新旧対照表.txt"
    assert main(["compare", "2020.10", "2021.03", "-o", str(target)]) == 1
    error = capsys.readouterr().err
    assert str(target) in error and ".html、.pdf、.docx" in error
    assert not target.exists()


def test_compare_writes_word_by_suffix(tmp_path):
    target = tmp_path / "新旧対照表.docx"
    assert main(["compare", "2020.10", "2021.03", "-o", str(target)]) == 0
    document = Document(str(target))
    assert document.tables and "改正後" in document.tables[0].rows[0].cells[0].text


def test_compare_writes_into_out_by_default(tmp_path):
    from helpers import copy_project
    repo = copy_project(tmp_path / "repo")
    assert main(["--project", str(repo), "compare", "2020.10", "2021.03"]) == 0
    assert (repo / "out/新旧対照表.html").is_file()
    import subprocess
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    assert "out/" not in status


# --- each published edition as a PDF -------------------------------------------------------

def branch_file(repo: Path, path: str) -> bytes | None:
    import subprocess
    result = subprocess.run(["git", "show", f"pages:{path}"], cwd=repo, capture_output=True)
    return result.stdout if result.returncode == 0 else None


def pdf_links(repo: Path, page: str) -> list:
    import re
    html = (branch_file(repo, page) or b"").decode("utf-8")
    return re.findall(r'<a href="([^"]+\.pdf)" type="application/pdf">PDF版（A4、(\d+) ページ）</a>', html)


PUBLISHED = ("2020.09", "2020.10", "2021.03")


@pytest.mark.browser  # Chromium prints the PDF
@pytest.mark.build
@pytest.mark.parametrize("edition", PUBLISHED)
def test_published_edition_links_its_pdf_with_the_page_count(published, edition):
    repo = published[0]
    pdf = branch_file(repo, f"{edition}/telework-guideline-{edition}.pdf")
    assert pdf is not None
    reader = PdfReader(io.BytesIO(pdf))
    for page, href in (("index.html", f"telework-guideline-{edition}.pdf"),
                       ("guideline/print/index.html", f"../../telework-guideline-{edition}.pdf")):
        assert pdf_links(repo, f"{edition}/{page}") == [(href, str(len(reader.pages)))]


@pytest.mark.browser  # Chromium prints the PDF
@pytest.mark.build
def test_edition_pdf_is_the_whole_text_on_a4_with_fonts_inside(published):
    reader = PdfReader(io.BytesIO(branch_file(published[0], "2021.03/telework-guideline-2021.03.pdf")))
    assert len(reader.pages) >= 10
    assert all(tuple(round(float(side)) for side in page.mediabox[2:]) == (595, 842) for page in reader.pages)
    pages = pdf_pages(branch_file(published[0], "2021.03/telework-guideline-2021.03.pdf"))
    for chapter in ("1 さあ、テレワークに取り組もう！", "10 公務災害の取扱い"):
        assert chapter in "".join(pages)
    assert "正式版（令和3年3月）" in pages[-1]  # the edition in every page's header


@pytest.mark.build
@pytest.mark.browser  # Chromium prints the PDF
def test_edition_pdf_opens_with_a_cover_and_a_numbered_table_of_contents(published):
    pdf = branch_file(published[0], "2021.03/telework-guideline-2021.03.pdf")
    reader, pages = PdfReader(io.BytesIO(pdf)), pdf_pages(pdf)
    cover = pages[0]
    for line in ("松本市テレワークガイドライン", "正式版（令和3年3月）", "令和3年3月", "松本市 DX推進本部"):
        assert line in cover
    assert "ブラウザー" not in cover and "印刷用" not in cover
    text = "".join(pages)
    assert "ブラウザーの印刷機能" not in text and "PDF版（A4" not in text
    contents = pages[1]
    assert "目次" in contents
    listed = int(re.search(r"7 在宅勤務者の心得 (\d+)", text).group(1))
    assert "7 在宅勤務者の心得" in pages[listed - 1].split("\n", 2)[-1]
    assert reader.metadata.title == "松本市テレワークガイドライン　正式版（令和3年3月）"
    assert reader.metadata.author == "松本市 DX推進本部"
    fonts = [font for page in reader.pages for font in page["/Resources"].get("/Font", {}).values()]
    assert fonts and all(embedded(font) for font in fonts)


@pytest.mark.build
@pytest.mark.browser  # Chromium prints the PDF
@pytest.mark.parametrize("edition", ["2020.09", "2020.10", "2021.03"])
def test_each_published_edition_pdf_lists_the_pages_its_chapters_start_on(published, edition):
    assert len(listed_pages(branch_file(published[0], f"{edition}/telework-guideline-{edition}.pdf"))) == 10


@pytest.mark.build
def test_draft_has_no_pdf_and_no_link(published):
    repo = published[0]
    assert pdf_links(repo, "draft/index.html") == []
    assert branch_file(repo, "draft/telework-guideline-draft.pdf") is None


def test_without_chromium_publishing_says_the_pdf_is_skipped(monkeypatch):
    from guideline.content.editions import load_manifest
    from guideline.documents.edition_pdf import publish_settings
    from helpers import PROJECT
    monkeypatch.setenv("GUIDELINE_CHROMIUM", "/nonexistent/chromium")
    said = []
    manifest = load_manifest(PROJECT)
    assert publish_settings(manifest.get("2021.03"), report=said.append) == {}
    assert said and "PDF版は作りません" in said[0] and "apt-get install chromium-headless-shell" in said[0]
    assert publish_settings(manifest.get("draft"), report=said.append) == {} and len(said) == 1


@pytest.mark.build
def test_a_build_without_publishing_links_no_pdf(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    assert "PDF版" not in html and not list(site.glob("*.pdf"))


def test_compare_without_chromium_refuses_a_pdf_and_offers_the_other_formats(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("GUIDELINE_CHROMIUM", str(tmp_path / "no-chromium"))
    target = tmp_path / "新旧対照表.pdf"
    assert main(["compare", "2020.10", "2021.03", "-o", str(target)]) == 1
    error = capsys.readouterr().err
    assert "PDF を作れません" in error and ".docx" in error and "apt-get install chromium" in error
    assert not target.exists()


@pytest.mark.browser  # Chromium prints the PDF
def test_edition_pdf_is_linked_once_however_often_it_is_printed(tmp_path):
    from guideline.documents.edition_pdf import add_edition_pdf
    site = tmp_path / "site"
    (site / "guideline/print").mkdir(parents=True)
    page = "<!DOCTYPE html><html lang=\"ja\"><head><meta charset=\"utf-8\"></head><body><h1>全文</h1><p>{}</p></body></html>"
    (site / "index.html").write_text(page.format("ホーム"), encoding="utf-8")
    (site / "guideline/print/index.html").write_text(page.format("本文です。"), encoding="utf-8")
    for _ in range(2):
        pages = add_edition_pdf(site, edition_id="x", edition_title="正式版（令和3年3月）", date="2021-03")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert home.count(f"PDF版（A4、{pages} ページ）") == 1 and 'href="telework-guideline-x.pdf"' in home
    assert sorted(path.name for path in (site / "guideline/print").iterdir()) == ["index.html"]


def listed_pages(pdf: bytes) -> list:
    """Each chapter of the 目次 with its number, checked against the page that chapter starts on."""
    pages = pdf_pages(pdf)
    listed = re.findall(r"^(\d+ [^\s/]\S*) (\d+)$", "\n".join(pages[1:3]), re.M)
    for chapter, number in listed:
        assert chapter in pages[int(number) - 1].split("\n", 2)[-1], chapter
    return listed


@pytest.mark.browser  # Chromium prints the PDFs
@pytest.mark.build
def test_editions_printed_together_list_the_pages_their_chapters_start_on(site, tmp_path, monkeypatch):
    """Each edition is printed once, its 目次 numbers set into that print, wherever its text
    moved the chapters."""
    import shutil

    import guideline.documents.chromium as chromium
    from guideline.documents.edition_pdf import PRINT_PAGE, Edition, add_edition_pdfs
    sites = [tmp_path / name for name in ("first", "same", "moved")]
    for copy in sites:
        shutil.copytree(site, copy)
    page = sites[2] / PRINT_PAGE
    sentence = "本市は、次の目的でテレワークに取り組みます。"
    html = page.read_text(encoding="utf-8")
    assert sentence in html
    page.write_text(html.replace(sentence, sentence + "</p><p>加えた段落です。" * 120, 1), encoding="utf-8")
    printed: list = []
    printer = chromium._Printer.__call__
    monkeypatch.setattr(chromium._Printer, "__call__", lambda self, job: printed.append(job.folder) or printer(self, job))

    add_edition_pdfs([Edition(folder, folder.name, "正式版（令和3年3月）", "2021-03") for folder in sites])
    assert printed == sites
    first, same, moved = (listed_pages((folder / f"telework-guideline-{folder.name}.pdf").read_bytes())
                          for folder in sites)
    assert len(first) == 10 and same == first
    assert [chapter for chapter, _ in moved] == [chapter for chapter, _ in first] and moved != first


def drawn(pdf: bytes) -> list:
    """Each page's text pieces as a reader's software places them: (page, text, x, y) in points."""
    found: list = []
    for number, page in enumerate(PdfReader(io.BytesIO(pdf)).pages):
        def visit(text, matrix, text_matrix, font, size, number=number):
            if text.strip():
                x, y = text_matrix[4], text_matrix[5]
                found.append((number, text, matrix[0] * x + matrix[2] * y + matrix[4],
                              matrix[1] * x + matrix[3] * y + matrix[5]))
        page.extract_text(visitor_text=visit)
    return found


@pytest.mark.browser  # Chromium prints the PDFs
@pytest.mark.build
def test_the_numbers_set_into_the_print_are_those_a_second_print_shows(site, tmp_path, monkeypatch):
    """The 目次 numbers set into the one print read and sit as those of a document printed again
    with them; a print where they cannot be set (the stand-ins not in the entries' order, or a
    character the embedded font lacks) is printed again."""
    import shutil

    import guideline.documents.contents_numbers as contents_numbers
    from guideline.documents.edition_pdf import Edition, add_edition_pdfs
    once, twice = tmp_path / "once", tmp_path / "twice"
    for copy in (once, twice):
        shutil.copytree(site, copy)
    asked: list = []
    numbered_pages = contents_numbers.numbered_pages
    monkeypatch.setattr(contents_numbers, "numbered_pages",
                        lambda reader, **given: asked.append((reader, given)) or numbered_pages(reader, **given))
    add_edition_pdfs([Edition(once, "x", "正式版（令和3年3月）", "2021-03")])
    reader, given = asked[0]
    assert numbered_pages(reader, stand_in=given["stand_in"][::-1], numbers=given["numbers"]) is None
    assert numbered_pages(reader, stand_in=given["stand_in"], numbers=["Ω", *given["numbers"][1:]]) is None

    monkeypatch.setattr(contents_numbers, "numbered_pages", lambda reader, **given: None)
    add_edition_pdfs([Edition(twice, "x", "正式版（令和3年3月）", "2021-03")])
    set_in, printed = ((folder / "telework-guideline-x.pdf").read_bytes() for folder in (once, twice))
    assert pdf_pages(set_in) == pdf_pages(printed)
    assert len(listed_pages(set_in)) == 10
    pieces, again = drawn(set_in), drawn(printed)
    assert [piece[:2] for piece in pieces] == [piece[:2] for piece in again]
    assert max(abs(a - b) for piece, other in zip(pieces, again, strict=True)
               for a, b in zip(piece[2:], other[2:], strict=True)) < 0.001
    for page in range(3):  # the cover and the 目次, as a reader's software draws them: alike to the pixel
        assert rendered(set_in, page) == rendered(printed, page), f"page {page + 1}"


def rendered(pdf: bytes, page: int) -> bytes:
    import pypdfium2
    document = pypdfium2.PdfDocument(pdf)
    try:
        return bytes(document[page].render(scale=2).buffer)
    finally:
        document.close()


def test_an_edition_without_a_print_page_gets_no_pdf_and_no_link(tmp_path):
    from guideline.documents.edition_pdf import add_edition_pdf
    (tmp_path / "index.html").write_text("<h1>ホーム</h1>", encoding="utf-8")
    assert add_edition_pdf(tmp_path, edition_id="x", edition_title="正式版（令和3年3月）", date="2021-03") is None
    assert "PDF版" not in (tmp_path / "index.html").read_text(encoding="utf-8")
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.build
def test_export_writes_into_out_by_default(published, tmp_path):
    import subprocess

    from helpers import BRANCH, copy_of
    repo = copy_of(published, tmp_path)
    assert main(["--project", str(repo), "export", "--branch", BRANCH]) == 0
    assert (repo / "out/site.tar.gz").stat().st_size > 0
    status = subprocess.run(["git", "status", "--porcelain", "--", "out"], cwd=repo, capture_output=True, text=True)
    assert status.stdout == ""


# --- the 新旧対照表 files of every 改訂内容 and 版を比べる page --------------------------------

def comparison_pages(repo: Path) -> list:
    """Every published 改訂内容 page of an edition with one before it, and every pair's page."""
    import subprocess
    listing = subprocess.run(["git", "ls-tree", "-r", "--name-only", "pages"], cwd=repo, capture_output=True,
                             text=True, check=True).stdout.split()
    pages = [path for path in listing if re.fullmatch(r"(?!latest/)[^/]+/(changes|compare/[^/]+)/index.html", path)]
    return [page for page in pages if not page.startswith("2020.09/changes/")]  # the first edition's: nothing before it


def downloads(repo: Path, page: str) -> dict:
    """Suffix → (the file the link names, its text) of each download under the page's title."""
    import posixpath

    from bs4 import BeautifulSoup
    html = BeautifulSoup(branch_file(repo, page).decode("utf-8"), "html.parser")
    found = {}
    for link in html.select("h1 + p.gl-downloads a"):
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"]))
        found[Path(target).suffix] = (target, link.get_text())
    return found


@pytest.fixture(scope="module")
def comparison_downloads(published):
    pages = comparison_pages(published[0])
    assert len(pages) == 3 + 6  # 2020.10, 2021.03 and the draft; their 1 + 2 + 3 pairs
    return {page: downloads(published[0], page) for page in pages}


@pytest.mark.build
def test_each_comparison_page_links_its_word_file_with_its_size(published, comparison_downloads):
    from guideline.documents.comparison_files import size_label
    for page, links in comparison_downloads.items():
        target, text = links[".docx"]
        data = branch_file(published[0], target)
        assert data is not None, f"{page}: {target}"
        assert text == f"Word（A4 横、{size_label(len(data))}）"
        assert Document(io.BytesIO(data)).tables, target


@pytest.mark.browser  # Chromium prints the PDF
@pytest.mark.build
def test_each_comparison_page_links_its_pdf_with_its_pages_and_size(published, comparison_downloads):
    from guideline.documents.comparison_files import size_label
    for page, links in comparison_downloads.items():
        target, text = links[".pdf"]
        data = branch_file(published[0], target)
        assert data is not None, f"{page}: {target}"
        reader = PdfReader(io.BytesIO(data))
        assert text == f"PDF（A4 横、{len(reader.pages)} ページ、{size_label(len(data))}）"
        assert tuple(round(float(side)) for side in reader.pages[0].mediabox[2:]) == A4_LANDSCAPE


@pytest.mark.build
def test_the_changes_page_and_the_pair_page_offer_the_same_files(comparison_downloads):
    assert comparison_downloads["2021.03/changes/index.html"] == comparison_downloads["2021.03/compare/2020.10/index.html"]


@pytest.mark.build
def test_without_chromium_the_pages_say_there_is_no_pdf_and_word_still_comes(published, tmp_path, monkeypatch):
    from guideline.publish.publish import publish
    from helpers import BRANCH, copy_of
    repo = copy_of(published, tmp_path)
    page = repo / "docs/guideline/09-costs.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n追記です。\n", encoding="utf-8")
    monkeypatch.setenv("GUIDELINE_CHROMIUM", str(tmp_path / "no-chromium"))
    said = []
    assert publish(project_dir=repo, branch=BRANCH, report=said.append).deployed == ["draft"]
    assert any("新旧対照表の PDF は作りません" in line and "Word" in line for line in said)
    html = (branch_file(repo, "draft/changes/index.html") or b"").decode("utf-8")
    assert "PDF はありません" in html and ".pdf" not in html
    links = downloads(repo, "draft/changes/index.html")
    assert list(links) == [".docx"] and branch_file(repo, links[".docx"][0])


def test_a_playwright_installed_but_broken_stops_printing_with_one_message(monkeypatch):
    """Whether Playwright is there is checked without loading it; one that cannot be loaded is
    then said in Japanese, not shown as a traceback."""
    import sys

    from guideline.documents import chromium
    from guideline.errors import GuidelineError
    monkeypatch.setenv(chromium.CHROMIUM_VARIABLE, sys.executable)  # a file where Chromium would be
    monkeypatch.setitem(sys.modules, "playwright.async_api", None)  # loading it fails
    assert chromium.missing_engine() is None
    with pytest.raises(GuidelineError, match="PDF を作れません: Playwright を読み込めません.*make install で入れ直してください"):
        chromium.print_one(chromium.PrintJob.of_html("<p>文書</p>"))
