"""The 新旧対照表 in the format the output file's name asks for, and the files a published
edition offers beside its 改訂内容 and 版を比べる pages."""

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from markupsafe import Markup

from guideline.compare.edition_pages import pair_page
from guideline.compare.html import render_document
from guideline.content.pages import page_url
from guideline.documents.chromium import PrintJob, missing_engine
from guideline.documents.imprint import DEFAULT_IMPRINT, Imprint
from guideline.documents.rows import tables
from guideline.documents.site_links import put_under_title
from guideline.errors import GuidelineError
from guideline.layout import CHANGES_PAGE
from guideline.outputs import write_output

FORMATS = {".html": "HTML", ".pdf": "PDF（A4 横）", ".docx": "Word（A4 横）"}


def check_suffix(path: Path):
    """Refuse an unknown format, or a PDF on a machine without Chromium, before any work is done."""
    if path.suffix.lower() not in FORMATS:
        known = "、".join(FORMATS)
        raise GuidelineError(f"{path}: この形式では書けません（拡張子 {path.suffix or 'なし'}）。"
                             f"{known} のどれかで終わる名前にしてください")
    if path.suffix.lower() == ".pdf" and missing_engine():
        raise GuidelineError(f"{path}: PDF を作れません。{missing_engine()}。"
                             "HTML（.html）か Word（.docx）なら作れます")


def render_comparison(comparisons: list, *, path: Path, new_title: str, old_title: str,
                      imprint: Imprint = DEFAULT_IMPRINT) -> str | bytes:
    check_suffix(path)
    suffix = path.suffix.lower()
    if suffix == ".html":
        return render_document(comparisons, new_title=new_title, old_title=old_title, name=imprint.name)
    if suffix == ".pdf":
        from guideline.documents.comparison_pdf import comparison_pdf
        return comparison_pdf(comparisons, new_title=new_title, old_title=old_title, imprint=imprint)
    from guideline.documents.comparison_docx import comparison_docx
    return comparison_docx(tables(comparisons), new_title=new_title, old_title=old_title, imprint=imprint)


# --- the 新旧対照表 files a published edition offers beside its comparison pages -----------

DOWNLOADS_CLASS = "gl-downloads"
OLD_DOWNLOADS = re.compile(rf'\n?<p class="{DOWNLOADS_CLASS}"[^>]*>.*?</p>', re.S)
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHANGES_HTML = page_url(CHANGES_PAGE) + "index.html"


def document_name(new_id: str, old_id: str) -> str:
    """The files' name without its suffix: both editions in it, as a download keeps only the name."""
    return f"telework-guideline-comparison-{new_id}-{old_id}"


def pair_folder(old_id: str) -> str:
    """Where an edition's 版を比べる page for `old_id` is built (see compare.edition_pages)."""
    return page_url(pair_page(old_id))


def size_label(size: int) -> str:
    """A file's size as the link gives it: 58 KB, 1.2 MB."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024))} KB"
    return f"{size / (1024 * 1024):.1f} MB"


@dataclass
class PairDocuments:
    """The PDF and Word file of one pair's 新旧対照表: made in a folder of their own (`store`),
    while the site is still being built, then put beside the pair's 版を比べる page and linked
    from it and, for the edition just before, from the 改訂内容 page."""

    store: Path                 # where the files are made
    folder: str                 # their folder in the site, ending in "/"
    name: str
    previous: bool              # whether the old edition is the one just before
    comparisons: list           # the pages that changed
    new_title: str
    old_title: str
    imprint: Imprint = DEFAULT_IMPRINT
    pdf_pages: int | None = None

    def path(self, suffix: str) -> Path:
        return self.store / f"{self.name}{suffix}"

    def write_word(self) -> None:
        from guideline.documents.comparison_docx import comparison_docx
        write_output(self.path(".docx"), comparison_docx(tables(self.comparisons), new_title=self.new_title,
                                                         old_title=self.old_title, imprint=self.imprint))

    def print_job(self) -> PrintJob:
        from guideline.documents.comparison_pdf import print_job
        return print_job(self.comparisons, new_title=self.new_title, old_title=self.old_title, imprint=self.imprint)

    def save_pdf(self, pdf: bytes) -> None:
        from guideline.documents.comparison_pdf import with_comparison_properties
        from guideline.documents.properties import page_count, read
        reader = read(pdf)
        write_output(self.path(".pdf"), with_comparison_properties(
            pdf, self.comparisons, new_title=self.new_title, old_title=self.old_title, imprint=self.imprint,
            reader=reader))
        self.pdf_pages = page_count(reader)

    def put_into(self, site_dir: Path, *, no_pdf: str) -> list:
        """Move the files beside the pair's page in the built site and link them from the pages
        that show this pair, if the site has the pair's page; `no_pdf` says why there is no PDF.
        The files moved, as (from, to)."""
        site_dir = Path(site_dir)
        pages = [page for page in (self.folder + "index.html", CHANGES_HTML if self.previous else None)
                 if page and (site_dir / page).is_file()]
        if self.folder + "index.html" not in pages:
            return []
        sizes, moved = {}, []
        for suffix in (".pdf", ".docx"):
            if self.path(suffix).is_file():
                sizes[suffix] = self.path(suffix).stat().st_size
                moved.append((self.path(suffix), site_dir / self.folder / f"{self.name}{suffix}"))
                moved[-1][0].replace(moved[-1][1])
        for page in pages:
            put_under_title(site_dir / page, self._links(page, sizes, no_pdf=no_pdf), replacing=OLD_DOWNLOADS)
        return moved

    def _links(self, page: str, sizes: dict, *, no_pdf: str) -> Markup:
        def href(suffix: str) -> str:
            return quote(posixpath.relpath(self.folder + self.name + suffix, posixpath.dirname(page)))
        word = Markup('<a href="{}" type="{}" download>Word（A4 横、{}）</a>').format(
            href(".docx"), DOCX_TYPE, size_label(sizes[".docx"]))
        if self.pdf_pages is None:
            pdf = Markup("PDF はありません（{}）").format(no_pdf)
        else:
            pdf = Markup('<a href="{}" type="application/pdf" download>PDF（A4 横、{} ページ、{}）</a>').format(
                href(".pdf"), self.pdf_pages, size_label(sizes[".pdf"]))
        return Markup('<p class="{}" data-pagefind-ignore="all">この新旧対照表のファイル：{}　{}</p>').format(
            DOWNLOADS_CLASS, pdf, word)


def pair_documents(store: Path, *, edition, previous, older: list, pairs: dict,
                   imprint: Imprint = DEFAULT_IMPRINT) -> list:
    """The documents of `edition` compared with each of `older`, to be made in `store`;
    `pairs` holds each older edition's comparison with it, by the older edition's id."""
    return [PairDocuments(Path(store) / old.id, pair_folder(old.id), document_name(edition.id, old.id),
                          old == previous, changed(pairs[old.id]), new_title=edition.title, old_title=old.title,
                          imprint=imprint)
            for old in older]


def changed(comparisons: list) -> list:
    """The pages a document shows: those that changed (only they are kept while the site builds)."""
    return [page for page in comparisons if page.status != "same"]
