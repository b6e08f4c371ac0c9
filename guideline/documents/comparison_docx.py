"""新旧対照表 as a Word file the legal staff can edit: A4 landscape, 改正後 | 改正前.

Every changed run carries its own underline (w:u), so the marks survive copying between
documents and a change of style; the header row repeats on every page (w:tblHeader). The
file's properties are the city's: its title, the guideline as subject, the issuer as author,
made now (python-docx's template would say it wrote the file in 2013).
"""

import re
from datetime import UTC, datetime
from io import BytesIO
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
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


def _run_xml(text: str, *, bold: bool, underline: bool) -> str:
    """A `w:r` as python-docx's `add_run(text)` with `bold` and `font.underline` set makes it,
    written as XML: the properties first (empty when neither is set), then the text, a tab as
    `w:tab` and a line break as `w:br`. A long 新旧対照表 has thousands of runs; made one
    element at a time through python-docx, its Word file took seconds."""
    properties = ("<w:b/>" if bold else "") + ('<w:u w:val="single"/>' if underline else "")  # on the run itself
    parts = []
    for piece in CONTROLS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r><w:rPr>{properties}</w:rPr>{''.join(parts)}</w:r>"


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


def _heading(document, text: str, *, style_id: str):
    """`document.add_heading(text)`, with the style's id looked up once (python-docx looks it up
    among every style of the template for each heading)."""
    document.add_paragraph(text)._p.style = style_id


def _table(document, table, *, styles: dict):
    _heading(document, table.title, style_id=styles["Heading 2"])
    grid = document.add_table(rows=1, cols=2)
    grid._tbl.tblStyle_val = styles["Table Grid"]
    head = grid.rows[0]
    for cell, label in zip(head.cells, ("改正後", "改正前"), strict=True):
        cell.text = label
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_as_header(head)
    width = head.cells[0]._tc.tcPr.find(qn("w:tcW"))  # each cell as python-docx makes it
    cell_xml = (f'<w:tc><w:tcPr><w:tcW w:type="{width.get(qn("w:type"))}" w:w="{width.get(qn("w:w"))}"/></w:tcPr>'
                "<w:p>{}</w:p></w:tc>")
    rows = "".join("<w:tr>" + "".join(
        cell_xml.format("".join(_run_xml(segment.text, bold=row.heading, underline=segment.changed) for segment in side))
        for side in (row.new, row.old)) + "</w:tr>" for row in table.rows)
    grid._tbl.extend(list(parse_xml(f'<w:tbl {nsdecls("w")}>{rows}</w:tbl>')))


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
    styles = {name: document.styles[name].style_id for name in ("Heading 1", "Heading 2", "Table Grid")}
    _heading(document, title, style_id=styles["Heading 1"])
    document.add_paragraph(NOTE).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for table in tables:
        _table(document, table, styles=styles)
    if not tables:
        document.add_paragraph("改正された部分はありません。")
    out = BytesIO()
    document.save(out)
    return out.getvalue()
