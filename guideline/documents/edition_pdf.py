"""Each published edition as a PDF: the built print page (ガイドライン全文), printed as it is.

The PDF is made with the edition's build (publishing prints those of every edition it
built with one browser, after the builds), so it is rebuilt exactly when the edition is;
the edition's home page and print page then link it with its page count. Drafts get none.
The link is written only after the file is, so no page links a missing PDF.
"""

import os
import posixpath
import re
from html import escape
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from guideline import layout
from guideline.content.pages import page_url
from guideline.documents import fonts
from guideline.documents.chromium import PrintJob, missing_engine, print_pdf
from guideline.documents.cssutil import css_string
from guideline.documents.site_links import put_under_title

ENABLE_VARIABLE = "GUIDELINE_EDITION_PDF"  # set by `guideline publish` for a published edition
PRINT_PAGE = page_url(layout.PRINT_PAGE) + "index.html"
LINKED_PAGES = ("index.html", PRINT_PAGE)
LINK_CLASS = "gl-edition-pdf"
OLD_LINK = re.compile(rf'\n?<p class="{LINK_CLASS}">.*?</p>', re.S)

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
    href = posixpath.relpath(target, posixpath.dirname(name) or ".")
    put_under_title(site_dir / name, link_html(href, pages), replacing=OLD_LINK)


def add_edition_pdf(site_dir: Path, *, edition_id: str, header: str) -> int | None:
    """Print the built site's print page into the site, link it, and return its page count.

    An edition whose content has no print page gets no PDF (and no link)."""
    job = print_job(site_dir, header=header)
    if job is None:
        return None
    pages = save_edition_pdf(site_dir, print_pdf(url=job.url, style=job.style), edition_id=edition_id)
    link_edition_pdf(site_dir, edition_id=edition_id, pages=pages)
    return pages


def print_job(site_dir: Path, *, header: str) -> PrintJob | None:
    """What to print for the edition built into `site_dir`; None when it has no print page."""
    page = Path(site_dir) / PRINT_PAGE
    return PrintJob(url=page.as_uri(), style=_style(header)) if page.is_file() else None


def save_edition_pdf(site_dir: Path, pdf: bytes, *, edition_id: str) -> int:
    """Put the printed PDF into the site; its page count."""
    from pypdf import PdfReader  # only publishing needs it: a build need not load it
    (Path(site_dir) / file_name(edition_id)).write_bytes(pdf)
    return len(PdfReader(BytesIO(pdf)).pages)


def link_edition_pdf(site_dir: Path, *, edition_id: str, pages: int) -> None:
    """Link the PDF, once it is in the site, from the home page and the print page."""
    for name in LINKED_PAGES:
        if (Path(site_dir) / name).is_file():
            _link(Path(site_dir), name, target=file_name(edition_id), pages=pages)
