"""Each published edition as a PDF: the built print page (ガイドライン全文), printed as it is.

The PDF is made inside the edition's own build, so it is rebuilt exactly when the edition
is; the edition's home page and print page then link it with its page count. Drafts get
none. The link is written only after the file is, so no page links a missing PDF.
"""

import os
import posixpath
import re
from dataclasses import dataclass
from html import escape
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from pypdf import PdfReader

from guideline.documents import fonts
from guideline.documents.chromium import PrintJob, missing_engine, print_pages
from guideline.documents.cssutil import css_string
from guideline.outputs import write_output

ENABLE_VARIABLE = "GUIDELINE_EDITION_PDF"  # set by `guideline publish` for a published edition
PRINT_PAGE = "guideline/print/index.html"
LINKED_PAGES = ("index.html", PRINT_PAGE)
LINK_CLASS = "gl-edition-pdf"
OLD_LINK = re.compile(rf'\n?<p class="{LINK_CLASS}">.*?</p>', re.S)
TITLE_END = "</h1>"

STYLE = """@media print {{
  @page {{
    @top-right {{ content: {header}; font: 8pt {font}; }}
    @bottom-center {{ content: counter(page) " / " counter(pages); font: 9pt {font}; }}
  }}
  body, .md-typeset {{ font-family: {font} !important; }}
  .md-typeset code, .md-typeset kbd, .md-typeset pre {{ font-family: {mono} !important; }}
}}"""


def file_name(edition_id: str) -> str:
    return f"telework-guideline-{edition_id}.pdf"


def publish_settings(edition, *, report) -> dict:
    """What publishing adds to an edition's build: its PDF, when it is published and Chromium is here."""
    if edition.is_draft:
        return {}
    reason = missing_engine()
    if reason:
        report(f"{edition.id}: PDF版は作りません（{reason}）")
        return {}
    return {ENABLE_VARIABLE: "1"}


def wanted() -> bool:
    return os.environ.get(ENABLE_VARIABLE) == "1" and missing_engine() is None


def _style(header: str) -> str:
    return STYLE.format(header=css_string(header), font=fonts.css_stack(fonts.GOTHIC),
                        mono=fonts.css_stack(("BIZ UDGothic", "Noto Sans Mono CJK JP", "monospace")))


def link_html(href: str, pages: int) -> str:
    return (f'<p class="{LINK_CLASS}"><a href="{escape(quote(href))}" type="application/pdf">'
            f"PDF版（A4、{int(pages)} ページ）</a></p>")


def _link(site_dir: Path, name: str, *, target: str, pages: int):
    """Put the link under the page's title, replacing one from an earlier run."""
    page = site_dir / name
    html = OLD_LINK.sub("", page.read_text(encoding="utf-8"))
    href = posixpath.relpath(target, posixpath.dirname(name) or ".")
    at = html.find(TITLE_END)
    if at < 0:
        return
    at += len(TITLE_END)
    write_output(page, html[:at] + "\n" + link_html(href, pages) + html[at:])


@dataclass(frozen=True)
class Edition:
    """A built edition to print: its site folder, its id and the header of its pages."""

    site_dir: Path
    edition_id: str
    header: str


def add_edition_pdfs(built: list[Edition]) -> list[int | None]:
    """Print each built site's print page into the site with one browser, link it, and return
    the page counts. An edition whose content has no print page gets no PDF (and no link)."""
    printable = [edition for edition in built if (Path(edition.site_dir) / PRINT_PAGE).is_file()]
    jobs = [PrintJob(folder=Path(e.site_dir), page=PRINT_PAGE, output=Path(e.site_dir) / file_name(e.edition_id),
                     style=_style(e.header)) for e in printable]
    counts = {}
    for edition, pdf in zip(printable, print_pages(jobs), strict=True):
        counts[edition] = pages = len(PdfReader(BytesIO(pdf)).pages)
        for name in LINKED_PAGES:
            if (Path(edition.site_dir) / name).is_file():
                _link(Path(edition.site_dir), name, target=file_name(edition.edition_id), pages=pages)
    return [counts.get(edition) for edition in built]


def add_edition_pdf(site_dir: Path, *, edition_id: str, header: str) -> int | None:
    """One edition's PDF (see add_edition_pdfs)."""
    return add_edition_pdfs([Edition(Path(site_dir), edition_id, header)])[0]
