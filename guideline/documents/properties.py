"""A PDF's document properties (title, subject, author), as the city's own files carry them.

Chromium names the page's <title> and itself; the guideline's name and its issuer are added
here, so a file found in a shared folder says what it is and whose it is.

They are added as an incremental update, the way PDF editors save a change: the printed bytes
stay as they are, and a new document information dictionary (and any outline entry renamed)
follows them with its own cross-reference section. Rewriting the whole file instead cost
most of a second for a guideline of 30 pages; a file whose cross-references are not a plain
table (which Chromium writes) is still rewritten whole.
"""

import re
from io import BytesIO
from typing import cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject, TextStringObject

from guideline.documents.imprint import Imprint

STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def appendable(pdf: bytes) -> bool:
    """Whether `pdf` ends in a plain cross-reference table, as Chromium writes it: then a change
    is appended to it and the rest stays byte for byte."""
    found = STARTXREF.search(pdf[-1024:])
    return found is not None and pdf[int(found.group(1)):].startswith(b"xref")


def read(pdf: bytes) -> PdfReader:
    """A reader of `pdf`, to be handed to `with_properties` and `page_count`: parsing a printed
    file's cross-references is most of the cost of either (a twentieth of a second for a long
    新旧対照表), so a file is parsed once."""
    return PdfReader(BytesIO(pdf))


def page_count(reader: PdfReader) -> int:
    return len(reader.pages)


def with_properties(pdf: bytes, *, title: str, imprint: Imprint, repeated: tuple | list = (),
                    changed: dict | None = None, reader: PdfReader | None = None) -> bytes:
    """`pdf` with its title, the guideline's name as subject and the issuer as author and
    creator (none when the issuer is empty), not the browser that printed it. Pages and tags
    stay as they are.

    `repeated` are headings printed in a table head that Chromium repeats on every page the
    table spans: its outline names such a heading once per page, run together; here, once.
    `changed` ((object number, generation) → object) replaces objects of an appendable file.
    `reader` is `read(pdf)`, when the caller has one."""
    properties = {"/Title": title, "/Subject": imprint.name, "/Creator": imprint.issuer or imprint.name}
    if imprint.issuer:
        properties["/Author"] = imprint.issuer
    if not appendable(pdf):
        if changed:
            raise ValueError("objects are replaced only in a file that ends in a plain cross-reference table")
        return _rewritten(reader or read(pdf), properties, repeated)
    found = STARTXREF.search(pdf[-1024:])
    assert found is not None
    reader = reader or read(pdf)
    renamed: dict = {}
    root = cast(DictionaryObject, reader.trailer["/Root"].get_object())
    if repeated and "/Outlines" in root:
        _name_once(root["/Outlines"].get_object(), set(repeated), renamed)
    info = DictionaryObject(reader.trailer.get("/Info", DictionaryObject()))
    info.update({NameObject(key): TextStringObject(value) for key, value in properties.items()})
    return _appended(pdf, reader, previous=int(found.group(1)), changed={**(changed or {}), **renamed}, info=info)


def _appended(pdf: bytes, reader: PdfReader, *, previous: int, changed: dict, info: DictionaryObject) -> bytes:
    """`pdf` followed by `changed` (reference → object) and `info` as a new object, their
    cross-reference section and a trailer that points back to the one before."""
    size = int(cast(NumberObject, reader.trailer["/Size"]))
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for (number, generation), item in [*changed.items(), ((size, 0), info)]:
        offsets[number] = (len(out), generation)
        out += f"{number} {generation} obj\n".encode() + _serialised(item) + b"\nendobj\n"
    section = len(out)
    out += b"xref\n"
    for number, (offset, generation) in sorted(offsets.items()):
        out += f"{number} 1\n{offset:010d} {generation:05d} n \n".encode()
    trailer = DictionaryObject({NameObject("/Size"): NumberObject(size + 1),
                                NameObject("/Root"): reader.trailer.raw_get("/Root"),
                                NameObject("/Info"): IndirectObject(size, 0, reader),
                                NameObject("/Prev"): NumberObject(previous)})
    if "/ID" in reader.trailer:
        trailer[NameObject("/ID")] = reader.trailer.raw_get("/ID")
    out += b"trailer\n" + _serialised(trailer) + f"\nstartxref\n{section}\n%%EOF\n".encode()
    return bytes(out)


def _serialised(item: PdfObject) -> bytes:
    stream = BytesIO()
    item.write_to_stream(stream)
    return stream.getvalue()


def _rewritten(reader: PdfReader, properties: dict, repeated) -> bytes:
    writer = PdfWriter(clone_from=reader)
    if repeated and "/Outlines" in writer.root_object:
        _name_once(writer.root_object["/Outlines"].get_object(), set(repeated), {})
    writer.add_metadata(properties)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _name_once(outline, headings: set, renamed: dict):
    """Rename each outline entry that repeats one of `headings`; `renamed` gets (number,
    generation) → entry for each entry renamed."""
    item = outline.get("/First")
    while item is not None:
        item = item.get_object()
        shown = str(item.get("/Title", ""))
        for heading in headings:
            if heading and len(shown) > len(heading) and shown == heading * (len(shown) // len(heading)):
                item[NameObject("/Title")] = TextStringObject(heading)
                reference = item.indirect_reference
                if reference is not None:
                    renamed[(reference.idnum, reference.generation)] = item
        _name_once(item, headings, renamed)
        item = item.get("/Next")
