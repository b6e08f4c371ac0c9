"""新旧対照表 as a PDF: A4 landscape, 改正後 left, 改正前 right, for 庁議 and 決裁.

What is printed is the standalone HTML file itself (compare.html.render_document), with only
the paper's style on top: the sheet and its margins (the note, the heading and the page
number in them), the 明朝 and ゴシック that are embedded, the sizes of print. The file's own
print style puts each page's title in its table's head, which Chromium repeats on every
sheet, so the title is written once and still read on each (and named once in the outline,
see properties); a row is kept whole on a sheet when it fits, and is otherwise broken
between lines, never through one.
"""

from guideline.compare.html import NOTE, render_document
from guideline.documents import fonts
from guideline.documents.chromium import PrintJob, print_one
from guideline.documents.cssutil import css_string
from guideline.documents.imprint import DEFAULT_IMPRINT, Imprint
from guideline.documents.properties import with_properties
from guideline.documents.rows import heading

STYLE = """
@page {{
  size: A4 landscape; margin: 16mm 12mm 14mm;
  @top-left {{ content: {note}; font: 8pt {font}; }}
  @top-right {{ content: {header}; font: 8pt {font}; }}
  @bottom-center {{ content: counter(page) " / " counter(pages); font: 9pt {font}; }}
}}
.gl-compare-document {{ font-family: {font}; font-size: 10.5pt; line-height: 1.7; color: #000; }}
/* Headings in ゴシック: BIZ UD明朝 has no bold, and a substituted bold would not embed as well. */
.gl-compare-document h1, .gl-compare-document h2, .gl-compare th, .gl-compare__heading td {{ font-family: {bold}; }}
.gl-compare-document h1 {{ font-size: 14pt; margin: 0 0 2mm; }}
.gl-compare {{ font-size: 10.5pt; margin-top: 2mm; }}
.gl-compare th, .gl-compare td {{ font-size: 10.5pt; line-height: 1.7; padding: 1.5mm 2.5mm; border: 0.6pt solid #000; }}
.gl-compare thead th {{ font-weight: normal; }}
.gl-compare .gl-compare__title h2 {{ font-size: 11pt; font-weight: bold; }}
.gl-compare .gl-mark {{ text-decoration-thickness: 0.08em; text-underline-offset: 0.2em; }}
"""


def paper_style(*, new_title: str, old_title: str) -> str:
    """The CSS that makes the standalone file the PDF: text from the manifest only as CSS strings."""
    return STYLE.format(note=css_string(NOTE), header=css_string(heading(new_title=new_title, old_title=old_title)),
                        font=fonts.css_stack(fonts.MINCHO), bold=fonts.css_stack(fonts.GOTHIC))


def print_job(comparisons: list, *, new_title: str, old_title: str, imprint: Imprint = DEFAULT_IMPRINT) -> PrintJob:
    """The job that prints the 新旧対照表 of `comparisons`: the file `guideline compare -o x.html`
    writes, on paper."""
    return PrintJob.of_html(render_document(comparisons, new_title=new_title, old_title=old_title, name=imprint.name),
                            style=paper_style(new_title=new_title, old_title=old_title))


def comparison_pdf(comparisons: list, *, new_title: str, old_title: str, imprint: Imprint = DEFAULT_IMPRINT) -> bytes:
    pdf = print_one(print_job(comparisons, new_title=new_title, old_title=old_title, imprint=imprint))
    return with_comparison_properties(pdf, comparisons, new_title=new_title, old_title=old_title, imprint=imprint)


def with_comparison_properties(pdf: bytes, comparisons: list, *, new_title: str, old_title: str,
                               imprint: Imprint, reader=None) -> bytes:
    """The printed 新旧対照表 with its title, subject and issuer, each page's heading named once
    (`reader`: see properties.with_properties)."""
    return with_properties(pdf, title=heading(new_title=new_title, old_title=old_title), imprint=imprint,
                           repeated=[page.title for page in comparisons if page.status != "same"], reader=reader)


__all__ = ["comparison_pdf", "paper_style", "print_job", "with_comparison_properties"]
