"""新旧対照表 as a Word file the legal staff can edit: A4 landscape, 改正後 | 改正前.

Every changed run carries its own underline (w:u), so the marks survive copying between
documents and a change of style; the header row repeats on every page (w:tblHeader). The
file's properties are the city's: its title, the guideline as subject, the issuer as author,
made now (python-docx's template would say it wrote the file in 2013).

python-docx makes the file's frame once in a process (`_frame`): its styles, page, header,
footer and properties, with a table of the head row only, and marks where each document's
own text goes. Each document is then that frame's compressed parts and its own three parts
(the body, the header with its title, the properties). Made whole by python-docx, each of
the hundreds of files of a publish cost a thirtieth of a second, most of it reading the
template and compressing its 800 KB of styles again.
"""

import functools
import re
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from xml.sax.saxutils import escape, unescape

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


def _run_xml(text: str, *, bold: bool, underline: bool) -> str:
    """A `w:r` as python-docx's `add_run(text)` with `bold` and `font.underline` set makes it,
    written as XML: the properties first (empty when neither is set), then the text, a tab as
    `w:tab` and a line break as `w:br`. A long 新旧対照表 has thousands of runs; made one
    element at a time through python-docx, its Word file took seconds."""
    properties = ("<w:b/>" if bold else "") + ('<w:u w:val="single"/>' if underline else "")  # on the run itself
    return f"<w:r><w:rPr>{properties}</w:rPr>{_text_xml(text)}</w:r>"


def _plain_run_xml(text: str) -> str:
    """A `w:r` as `paragraph.text = text` makes it: no properties at all."""
    return f"<w:r>{_text_xml(text)}</w:r>"


def _text_xml(text: str) -> str:
    parts = []
    for piece in CONTROLS.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(parts)


def _properties(document, *, title: str, imprint: Imprint, made: datetime):
    properties = document.core_properties
    properties.title, properties.subject, properties.language = title, imprint.name, "ja-JP"
    properties.author = properties.last_modified_by = imprint.issuer
    properties.comments = properties.keywords = properties.category = ""
    properties.created = properties.modified = made
    properties.revision = 1
    _drop_thumbnail(document)


def _drop_thumbnail(document):
    """The template's preview picture: an empty page, whatever the file holds."""
    package = document.part.package
    for key, relation in list(package.rels.items()):
        if relation.reltype.endswith("/thumbnail"):
            del package.rels[key]


# Where a document's own text goes in the frame: characters no title holds (Unicode's private use).
TITLE, TABLE_TITLE, SUBJECT, AUTHOR = ("\ue000" + name + "\ue000" for name in ("title", "table", "subject", "author"))
MADE = datetime(2001, 2, 3, 4, 5, 6)  # written as 2001-02-03T04:05:06Z, replaced by the time each file is made
DOCUMENT, HEADER, CORE = "word/document.xml", "word/header1.xml", "docProps/core.xml"


@dataclass(frozen=True)
class _Frame:
    """The parts every 新旧対照表 shares, compressed once, and its own parts with their marks."""

    shared: bytes        # a zip of every part but the three below
    document: str        # the body up to the first table's heading, then for each table:
    table_heading: str   # its heading,
    table_head: str      # the table's start and head row (its rows and TABLE_END follow),
    cell: str            # each cell of a row (the runs go in at {}),
    ending: str          # and after the last table, the rest of the body
    header: str
    core: str


TABLE_END = "</w:tbl>"


@functools.cache
def _frame() -> _Frame:
    document = Document()
    _set_font(document.styles["Normal"], fonts.WORD_MINCHO)
    document.styles["Normal"].font.size = Pt(10.5)
    for level in (1, 2):
        _set_font(document.styles[f"Heading {level}"], fonts.WORD_MINCHO)
    _declare_fallback(document, fonts.WORD_MINCHO)
    section = document.sections[0]
    _landscape(section)
    _header_and_footer(section, TITLE)
    _properties(document, title=TITLE, imprint=Imprint(name=SUBJECT, issuer=AUTHOR), made=MADE)
    styles = {name: document.styles[name].style_id for name in ("Heading 1", "Heading 2", "Table Grid")}
    document.add_paragraph(TITLE)._p.style = styles["Heading 1"]
    document.add_paragraph(NOTE).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph(TABLE_TITLE)._p.style = styles["Heading 2"]
    grid = document.add_table(rows=1, cols=2)
    grid._tbl.tblStyle_val = styles["Table Grid"]
    for cell, label in zip(grid.rows[0].cells, ("改正後", "改正前"), strict=True):
        cell.text = label
        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    _repeat_as_header(grid.rows[0])
    width = grid.rows[0].cells[0]._tc.tcPr.find(qn("w:tcW"))  # each cell as python-docx makes it
    cell = (f'<w:tc><w:tcPr><w:tcW w:type="{width.get(qn("w:type"))}" w:w="{width.get(qn("w:w"))}"/></w:tcPr>'
            "<w:p>{}</w:p></w:tc>")
    made = BytesIO()
    document.save(made)
    shared = BytesIO()
    with zipfile.ZipFile(made) as whole, zipfile.ZipFile(shared, "w", zipfile.ZIP_DEFLATED) as rest:
        own = {name: whole.read(name).decode("utf-8") for name in (DOCUMENT, HEADER, CORE)}
        for name in whole.namelist():
            if name not in own:
                rest.writestr(name, whole.read(name))
    body = own[DOCUMENT]
    heading_at = body.rindex("<w:p>", 0, body.index(TABLE_TITLE))
    table_at, table_end = body.index("<w:tbl>"), body.index(TABLE_END)
    return _Frame(shared.getvalue(), body[:heading_at], body[heading_at:table_at], body[table_at:table_end], cell,
                  body[table_end + len(TABLE_END):], own[HEADER], own[CORE])


def _titled(xml: str, mark: str, text: str) -> str:
    """`xml` with the run that holds `mark` (and what follows it in that run) holding `text` instead."""
    start = xml.rindex("<w:r>", 0, xml.index(mark))
    end = xml.index("</w:r>", start) + len("</w:r>")
    run = re.fullmatch(r"<w:r><w:t>(.*)</w:t></w:r>", xml[start:end], re.DOTALL)
    assert run is not None, xml[start:end]
    return xml[:start] + _plain_run_xml(text + unescape(run[1]).replace(mark, "", 1)) + xml[end:]


def _table_xml(table, frame: _Frame) -> str:
    rows = "".join("<w:tr>" + "".join(
        frame.cell.format("".join(_run_xml(segment.text, bold=row.heading, underline=segment.changed)
                                  for segment in side))
        for side in (row.new, row.old)) + "</w:tr>" for row in table.rows)
    return _titled(frame.table_heading, TABLE_TITLE, table.title) + frame.table_head + rows + TABLE_END


def comparison_docx(tables: list, *, new_title: str, old_title: str, imprint: Imprint = DEFAULT_IMPRINT) -> bytes:
    frame = _frame()
    title = heading(new_title=new_title, old_title=old_title)
    body = _titled(frame.document, TITLE, title) + "".join(_table_xml(table, frame) for table in tables)
    if not tables:
        body += f"<w:p>{_plain_run_xml('改正された部分はありません。')}</w:p>"
    now = datetime.now(UTC).replace(microsecond=0, tzinfo=None)  # written as UTC (Z)
    core = frame.core.replace(MADE.strftime("%Y-%m-%dT%H:%M:%SZ"), now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    for mark, text in ((TITLE, title), (SUBJECT, imprint.name), (AUTHOR, imprint.issuer)):
        core = core.replace(mark, escape(text))
    out = BytesIO(frame.shared)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as package:
        package.writestr(CORE, core)
        package.writestr(DOCUMENT, body + frame.ending)
        package.writestr(HEADER, _titled(frame.header, TITLE, title))
    return out.getvalue()
