"""A PDF's properties, added after the printed bytes (guideline/documents/properties.py): what a
reader's PDF viewer shows under 文書のプロパティ, the pages and outline untouched."""

from io import BytesIO

import pytest
from pypdf import PdfReader, PdfWriter

from guideline.documents.imprint import Imprint
from guideline.documents.properties import with_properties

CITY = Imprint(name="松本市テレワークガイドライン", issuer="松本市 DX推進本部")


def printed(*, outline: list[str]) -> bytes:
    """A PDF as a printer leaves it: two pages, an outline entry for each of `outline`, a title."""
    writer = PdfWriter()
    for _ in range(2):
        writer.add_blank_page(width=595, height=842)
    for number, title in enumerate(outline):
        writer.add_outline_item(title=title, page_number=number % 2)
    writer.add_metadata({"/Title": "ページの題名", "/Producer": "Skia/PDF"})
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_properties_follow_the_printed_bytes_which_stay_as_they_are():
    pdf = printed(outline=["1 さあ、テレワークに取り組もう！"])
    out = with_properties(pdf, title="松本市テレワークガイドライン　正式版（令和3年3月）", imprint=CITY)
    assert out.startswith(pdf)
    reader = PdfReader(BytesIO(out))
    assert reader.metadata.title == "松本市テレワークガイドライン　正式版（令和3年3月）"
    assert reader.metadata.subject == "松本市テレワークガイドライン"
    assert reader.metadata.author == reader.metadata.creator == "松本市 DX推進本部"
    assert reader.metadata.producer == "Skia/PDF"
    assert len(reader.pages) == 2
    assert [item.title for item in reader.outline] == ["1 さあ、テレワークに取り組もう！"]


def test_a_heading_repeated_on_every_page_of_a_table_is_named_once():
    pdf = printed(outline=["第1章第1章第1章", "第2章"])
    out = with_properties(pdf, title="新旧対照表", imprint=CITY, repeated=["第1章", "第2章"])
    assert [item.title for item in PdfReader(BytesIO(out)).outline] == ["第1章", "第2章"]


def test_without_an_issuer_there_is_no_author():
    out = with_properties(printed(outline=[]), title="題名", imprint=Imprint(name="松本市テレワークガイドライン", issuer=""))
    metadata = PdfReader(BytesIO(out)).metadata
    assert metadata.author is None and metadata.creator == "松本市テレワークガイドライン"


@pytest.mark.parametrize("ending", [b"\n% a comment after the end\n", b"  \r\n\x00"])
def test_a_file_that_does_not_end_at_its_cross_references_is_written_whole(ending):
    pdf = printed(outline=["第1章第1章"]) + ending
    out = with_properties(pdf, title="題名", imprint=CITY, repeated=["第1章"])
    reader = PdfReader(BytesIO(out))
    assert not out.startswith(pdf)
    assert reader.metadata.title == "題名" and reader.metadata.author == "松本市 DX推進本部"
    assert [item.title for item in reader.outline] == ["第1章"]
