"""新旧対照表 as a Word file the legal staff can edit: A4 landscape, 改正後 | 改正前.

Every changed run carries its own underline (w:u), so the marks survive copying between
documents and a change of style; the header row repeats on every page (w:tblHeader). The
file's properties are the city's: its title, the guideline as subject, the issuer as author,
made now (python-docx's template would say it wrote the file in 2013).
"""

import copy
import re
from datetime import UTC, datetime
from io import BytesIO

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from guideline.documents import fonts
from guideline.documents.imprint import DEFAULT_IMPRINT, Imprint
from guideline.documents.rows import NOTE, heading

A4_LONG, A4_SHORT = Mm(297), Mm(210)
CONTROLS = re.compile(r"(\t|\r|\n)")  # what Word writes as an element of its own, not as text


def _set_font(style, name: str):
    """`name` for Japanese and Latin text alike; theme fonts would take precedence, so they go."""
    style.font.name = name
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts_element = style.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:eastAsiaTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts_element.attrib.pop(qn(theme), None)
    fonts_element.set(qn("w:eastAsia"), name)


def _declare_fallback(document, name: str):
    """Tell Word what kind of font `name` is, so a machine without it picks a Japanese 明朝."""
    part = next(rel.target_part for rel in document.part.rels.values() if rel.reltype.endswith("/fontTable"))
    table = etree.fromstring(part.blob)
    font = etree.SubElement(table, qn("w:font"), {qn("w:name"): name})
    for tag, value in fonts.WORD_FALLBACK.items():
        etree.SubElement(font, qn(f"w:{tag}"), {qn("w:val"): value})
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def _landscape(section):
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = A4_LONG, A4_SHORT
    section.left_margin = section.right_margin = Mm(15)
    section.top_margin = section.bottom_margin = Mm(15)


def _field(paragraph, code: str):
    """A Word field (PAGE, NUMPAGES) that Word fills in when it lays out the pages."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _header_and_footer(section, title: str):
    top = section.header.paragraphs[0]
    top.text = f"{title}　{NOTE}"
    top.style.font.size = Pt(8)
    bottom = section.footer.paragraphs[0]
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(bottom, "PAGE")
    bottom.add_run(" / ")
    _field(bottom, "NUMPAGES")


def _repeat_as_header(row):
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _run(text: str, *, bold: bool, underline: bool):
    """A `w:r` as python-docx's `add_run(text)` with `bold` and `font.underline` set makes it,
    built directly: its API looks each element's place up anew, which made the Word file of a
    long 新旧対照表 take seconds. The properties come first (empty when neither is set), then
    the text, a tab as `w:tab` and a line break as `w:br`."""
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    if bold:
        properties.append(OxmlElement("w:b"))
    if underline:
        properties.append(OxmlElement("w:u", {qn("w:val"): "single"}))  # on the run itself
    run.append(properties)
    for piece in CONTROLS.split(text):
        if piece == "\t":
            run.append(OxmlElement("w:tab"))
        elif piece in ("\r", "\n"):
            run.append(OxmlElement("w:br"))
        elif piece:
            words = OxmlElement("w:t")
            words.text = piece
            if len(piece.strip()) < len(piece):
                words.set(qn("xml:space"), "preserve")
            run.append(words)
    return run


def _properties(document, *, title: str, imprint: Imprint):
    properties = document.core_properties
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # written as UTC (Z)
    properties.title, properties.subject, properties.language = title, imprint.name, "ja-JP"
    properties.author = properties.last_modified_by = imprint.issuer
    properties.comments = properties.keywords = properties.category = ""
    properties.created = properties.modified = now
    properties.revision = 1
    _drop_thumbnail(document)


def _drop_thumbnail(document):
    """The template's preview picture: an empty page, whatever the file holds."""
    package = document.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype.endswith("/thumbnail"):
            del package.rels[key]


def _table(document, table):
    document.add_heading(table.title, level=2)
    grid = document.add_table(rows=1, cols=2)
    grid.style = "Table Grid"
    head = grid.rows[0]
    for cell, label in zip(head.cells, ("改正後", "改正前"), strict=True):
        cell.text = label
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_as_header(head)
    blank = grid.add_row()._tr  # a row as python-docx makes it; each row of the table is a copy
    grid._tbl.remove(blank)
    for row in table.rows:
        line = copy.deepcopy(blank)
        grid._tbl.append(line)
        for cell, segments in zip(line.iterchildren(qn("w:tc")), (row.new, row.old), strict=True):
            paragraph = cell.find(qn("w:p"))
            paragraph.extend(_run(segment.text, bold=row.heading, underline=segment.changed) for segment in segments)


def comparison_docx(tables: list, *, new_title: str, old_title: str, imprint: Imprint = DEFAULT_IMPRINT) -> bytes:
    document = Document()
    _set_font(document.styles["Normal"], fonts.WORD_MINCHO)
    document.styles["Normal"].font.size = Pt(10.5)
    for level in (1, 2):
        _set_font(document.styles[f"Heading {level}"], fonts.WORD_MINCHO)
    _declare_fallback(document, fonts.WORD_MINCHO)
    title = heading(new_title=new_title, old_title=old_title)
    section = document.sections[0]
    _landscape(section)
    _header_and_footer(section, title)
    _properties(document, title=title, imprint=imprint)
    document.add_heading(title, level=1)
    document.add_paragraph(NOTE).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for table in tables:
        _table(document, table)
    if not tables:
        document.add_paragraph("改正された部分はありません。")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
