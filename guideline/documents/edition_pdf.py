"""Each published edition as a PDF: a cover, a 目次 with page numbers, then the guideline
as the built print page (ガイドライン全文) shows it.

The PDF is made with the edition's build (publishing prints those of every edition it
built with one browser, beside the builds), so it is rebuilt exactly when the edition is;
the edition's home page and print page then link it with its page count. Drafts get none.
The link is written only after the file is, so no page links a missing PDF.

What the web page says to its reader (its title, how to print it, the link to this PDF, the
edition banner) stays out: the cover says which edition this is. The 目次 links each
chapter and section; Chromium cannot number pages in advance, so the document is printed
with stand-ins for the numbers, and the page numbers its links point to are then set in
their place (`contents_numbers`); where that cannot be done, it is printed again with them.
The page with its cover and 目次 is handed to the browser as text, never written into the site.
"""

import os
import posixpath
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote

from guideline import layout
from guideline.content.edition_dates import japanese_date
from guideline.content.pages import page_url
from guideline.documents import fonts
from guideline.documents.chromium import LaterStep, PrintJob, Relabel, Step, missing_engine, print_chains
from guideline.documents.cssutil import css_string
from guideline.documents.imprint import DEFAULT_IMPRINT, Imprint
from guideline.documents.site_links import put_under_title
from guideline.outputs import write_output

ENABLE_VARIABLE = "GUIDELINE_EDITION_PDF"  # set by `guideline publish` for a published edition
PRINT_PAGE = page_url(layout.PRINT_PAGE) + "index.html"
LINKED_PAGES = ("index.html", PRINT_PAGE)
LINK_CLASS = "gl-edition-pdf"
PAGE_NUMBER_CLASS = "gl-pdf-contents__page"  # the 目次 number of an entry, in a column of its own
OLD_LINK = re.compile(rf'\n?<p class="{LINK_CLASS}">.*?</p>', re.S)
ARTICLE = re.compile(r'<article\b[^>]*class="[^"]*\bmd-content__inner\b[^"]*"[^>]*>')
TITLE = re.compile(r"<title>.*?</title>", re.S)
CHAPTER_ID, SECTION_ID = re.compile(r"^ch\d\d$"), re.compile(r"^ch\d\d-")

STYLE = """@media print {{
  @page {{
    @top-right {{ content: {header}; font: 8pt {font}; }}
    @bottom-center {{ content: counter(page) " / " counter(pages); font: 9pt {font}; }}
  }}
  @page :first {{ @top-right {{ content: none; }} @bottom-center {{ content: none; }} }}
  body, .md-typeset {{ font-family: {font} !important; }}
  .md-typeset code, .md-typeset kbd, .md-typeset pre {{ font-family: {mono} !important; }}
  /* The web page's own title, print instructions, PDF link and edition banner. */
  .md-content__inner > :not(.gl-pdf-cover):not(.gl-pdf-contents):not(.gl-print) {{ display: none !important; }}
  .gl-pdf-cover {{
    height: 240mm; display: flex; flex-direction: column; justify-content: center;
    text-align: center; break-after: page;
  }}
  .md-typeset .gl-pdf-cover p {{ margin: 0; }}
  .md-typeset .gl-pdf-cover__name {{ font-size: 26pt; font-weight: 700; margin-bottom: 10mm; }}
  .md-typeset .gl-pdf-cover__edition {{ font-size: 16pt; }}
  .md-typeset .gl-pdf-cover__issued {{ margin-top: 70mm; font-size: 13pt; line-height: 2; }}
  .gl-pdf-contents {{ break-after: page; }}
  .md-typeset .gl-pdf-contents h2 {{ margin: 0 0 6mm; font-size: 16pt; text-align: center; }}
  .md-typeset .gl-pdf-contents ol {{ list-style: none; margin: 0; padding: 0; }}
  .md-typeset .gl-pdf-contents li {{ margin: 0; break-inside: avoid; }}
  .md-typeset .gl-pdf-contents__chapter {{ font-weight: 700; margin-top: 3mm !important; }}
  .md-typeset .gl-pdf-contents__section {{ padding-left: 2em; }}
  /* The site underlines every link; the 目次 is links only, and its numbers are set after printing. */
  .md-typeset .gl-pdf-contents a {{ display: flex; align-items: baseline; color: inherit; text-decoration: none !important; }}
  .gl-pdf-contents__leader {{ flex: 1; margin: 0 0.4em; border-bottom: 1pt dotted #000; }}
  .gl-pdf-contents__page {{ width: 2.5em; text-align: right; }}
}}"""


@dataclass(frozen=True)
class Entry:
    level: int   # 1 a chapter, 2 a section
    anchor: str
    text: str


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


class _Headings(HTMLParser):
    """The chapters (h2#ch07) and sections (h3#ch07-dress) of the print page, in order,
    their text without the ¶ permalink."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.entries: list[Entry] = []
        self._open: tuple[str, str, list] | None = None
        self._in_permalink = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        anchor = found.get("id") or ""
        if self._open is None and ((tag == "h2" and CHAPTER_ID.match(anchor))
                                   or (tag == "h3" and SECTION_ID.match(anchor))):
            self._open = (tag, anchor, [])
        elif self._open and tag == "a" and "headerlink" in (found.get("class") or "").split():
            self._in_permalink = True

    def handle_endtag(self, tag):
        if self._open and tag == "a":
            self._in_permalink = False
        elif self._open and tag == self._open[0]:
            name, anchor, text = self._open
            self.entries.append(Entry(1 if name == "h2" else 2, anchor, " ".join("".join(text).split())))
            self._open = None

    def handle_data(self, data):
        if self._open and not self._in_permalink:
            self._open[2].append(data)


def contents(html: str) -> list[Entry]:
    parser = _Headings()
    parser.feed(html)
    return parser.entries


def front_matter(*, edition_title: str, date: str, imprint: Imprint, entries: list, pages: list) -> str:
    """The cover and the 目次 (`pages[i]` is entry i's page number, as text)."""
    issued = escape(japanese_date(date)) + (f"<br>{escape(imprint.issuer)}" if imprint.issuer else "")
    items = "\n".join(
        f'<li class="gl-pdf-contents__{"chapter" if entry.level == 1 else "section"}">'
        f'<a href="#{escape(entry.anchor)}"><span>{escape(entry.text)}</span>'
        f'<span class="gl-pdf-contents__leader"></span><span class="{PAGE_NUMBER_CLASS}">{escape(page)}</span></a></li>'
        for entry, page in zip(entries, pages, strict=True))
    return (f'<section class="gl-pdf-cover">\n<p class="gl-pdf-cover__name">{escape(imprint.name)}</p>\n'
            f'<p class="gl-pdf-cover__edition">{escape(edition_title)}</p>\n'
            f'<p class="gl-pdf-cover__issued">{issued}</p>\n</section>\n'
            f'<nav class="gl-pdf-contents" aria-labelledby="gl-pdf-contents">\n'
            f'<h2 id="gl-pdf-contents">目次</h2>\n<ol>\n{items}\n</ol>\n</nav>\n')


def printable_html(html: str, *, title: str, front: str) -> str:
    """The print page with `front` at the top of its text, titled `title`."""
    article = ARTICLE.search(html)
    if article is None:
        return html
    html = html[:article.end()] + "\n" + front + html[article.end():]
    return TITLE.sub(lambda _: f"<title>{escape(title)}</title>", html, count=1)


def anchor_pages(reader) -> dict:
    """The page (from 1) of each anchor the document (a PdfReader) links to: Chromium makes
    each linked id a named destination."""
    pages = {name.lstrip("/"): reader.get_destination_page_number(target)
             for name, target in reader.named_destinations.items()}
    return {name: page + 1 for name, page in pages.items() if page is not None}


def link_html(href: str, pages: int) -> str:
    return (f'<p class="{LINK_CLASS}"><a href="{escape(quote(href))}" type="application/pdf">'
            f"PDF版（A4、{int(pages)} ページ）</a></p>")


def _link(site_dir: Path, name: str, *, target: str, pages: int):
    """Put the link under the page's title, replacing one from an earlier run."""
    href = posixpath.relpath(target, posixpath.dirname(name) or ".")
    put_under_title(site_dir / name, link_html(href, pages), replacing=OLD_LINK)


@dataclass(frozen=True)
class Edition:
    """A built edition to print: its site folder, its id, its title and date, who issues it."""

    site_dir: Path
    edition_id: str
    edition_title: str
    date: str
    imprint: Imprint = DEFAULT_IMPRINT

    @property
    def title(self) -> str:
        return f"{self.imprint.name}　{self.edition_title}"

    def details(self) -> dict:
        """All but the folder, as a build tells publishing (see site.deferred)."""
        return {"edition_id": self.edition_id, "edition_title": self.edition_title, "date": self.date,
                "imprint": asdict(self.imprint)}

    @classmethod
    def from_details(cls, site_dir: Path, details: dict) -> "Edition":
        return cls(Path(site_dir), details["edition_id"], details["edition_title"], details["date"],
                   Imprint(**details["imprint"]))


DRAFT = "gl-pdf-draft.html"  # the address of the print page with its cover and 目次, beside the page


def edition_print(edition: Edition, *, done: Callable[[int], None]) -> Step | None:
    """Printing the edition's PDF, as steps (see chromium.print_chains): printed once with
    stand-ins for the 目次 numbers, which are then replaced by the pages its links point to;
    printed again with those numbers where they cannot be. The PDF then goes into the site and
    `done` gets its page count. None for an edition whose content has no print page: it gets
    no PDF (and no link)."""
    site = Path(edition.site_dir)
    if not (site / PRINT_PAGE).is_file():
        return None
    html = (site / PRINT_PAGE).read_text(encoding="utf-8")
    from guideline.documents import contents_numbers  # only printing needs these: a build need not load them
    from guideline.documents.properties import appendable, page_count, read, with_properties
    entries = contents(html)
    stand_in = contents_numbers.stand_ins([entry.level for entry in entries])
    draft = posixpath.join(posixpath.dirname(PRINT_PAGE), DRAFT)

    def job(listed: list, *, again: bool = False) -> PrintJob:
        front = front_matter(edition_title=edition.edition_title, date=edition.date, imprint=edition.imprint,
                             entries=entries, pages=listed)
        return PrintJob(folder=site, page=draft, html=printable_html(html, title=edition.title, front=front),
                        style=_style(edition.title),
                        relabel=Relabel(f".{PAGE_NUMBER_CLASS}", tuple(listed)) if again else None)

    def numbered(first: bytes) -> Step | None:
        reader = read(first)
        found = anchor_pages(reader)
        listed = [str(found.get(entry.anchor, "")) for entry in entries]
        pages = contents_numbers.numbered_pages(reader, stand_in=stand_in, numbers=listed) if appendable(first) else None
        if pages is None:
            return job(listed, again=True), finish
        finish(first, changed=pages, reader=reader)
        return None

    def finish(pdf: bytes, *, changed: dict | None = None, reader=None) -> None:
        reader = reader or read(pdf)
        write_output(site / file_name(edition.edition_id),
                     with_properties(pdf, title=edition.title, imprint=edition.imprint, changed=changed, reader=reader))
        done(page_count(reader))

    # the numbers sit in a column of their own, so the stand-ins' layout is the numbers'
    return job(stand_in), numbered


def later_edition_print(edition: Edition, *, done: Callable[[int], None]) -> LaterStep:
    """`edition_print`, made when its turn to print comes: its print page is read then."""
    return lambda: edition_print(edition, done=done)


def link_edition_pdf(site_dir: Path, *, edition_id: str, pages: int) -> None:
    """Link the PDF, once it is in the site, from the home page and the print page."""
    for name in LINKED_PAGES:
        if (Path(site_dir) / name).is_file():
            _link(Path(site_dir), name, target=file_name(edition_id), pages=pages)


def add_edition_pdfs(built: list[Edition]) -> list[int | None]:
    """Print each built site's print page into the site, cover and numbered 目次 first, all with
    one browser, link each PDF, and return the page counts (None for an edition without a
    print page)."""
    counts: dict = {}

    def counted(edition: Edition) -> Callable[[int], None]:
        return lambda pages: counts.__setitem__(edition, pages)
    print_chains(later_edition_print(edition, done=counted(edition)) for edition in built)
    for edition in built:
        if edition in counts:
            link_edition_pdf(edition.site_dir, edition_id=edition.edition_id, pages=counts[edition])
    return [counts.get(edition) for edition in built]


def add_edition_pdf(site_dir: Path, *, edition_id: str, edition_title: str, date: str,
                    imprint: Imprint = DEFAULT_IMPRINT) -> int | None:
    """One edition's PDF (see add_edition_pdfs)."""
    return add_edition_pdfs([Edition(Path(site_dir), edition_id, edition_title, date, imprint)])[0]
