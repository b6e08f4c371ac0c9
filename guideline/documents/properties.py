"""A PDF's document properties (title, subject, author), as the city's own files carry them.

Chromium names the page's <title> and itself; the guideline's name and its issuer are added
here, so a file found in a shared folder says what it is and whose it is.
"""

from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from guideline.documents.imprint import Imprint


def with_properties(pdf: bytes, *, title: str, imprint: Imprint, repeated: tuple | list = ()) -> bytes:
    """`pdf` with its title, the guideline's name as subject and the issuer as author and
    creator (none when the issuer is empty), not the browser that printed it. Pages and tags
    stay as they are.

    `repeated` are headings printed in a table head that Chromium repeats on every page the
    table spans: its outline names such a heading once per page, run together; here, once."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(pdf)))
    if repeated and "/Outlines" in writer.root_object:
        _name_once(writer.root_object["/Outlines"].get_object(), set(repeated))
    properties = {"/Title": title, "/Subject": imprint.name, "/Creator": imprint.issuer or imprint.name}
    if imprint.issuer:
        properties["/Author"] = imprint.issuer
    writer.add_metadata(properties)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _name_once(outline, headings: set):
    item = outline.get("/First")
    while item is not None:
        item = item.get_object()
        shown = str(item.get("/Title", ""))
        for heading in headings:
            if heading and len(shown) > len(heading) and shown == heading * (len(shown) // len(heading)):
                item[NameObject("/Title")] = TextStringObject(heading)
        _name_once(item, headings)
        item = item.get("/Next")
