"""新旧対照表 as a PDF: A4 landscape, 改正後 left, 改正前 right, for 庁議 and 決裁.

Each page of the guideline is a table whose head holds its title (a heading, so it is in the
PDF's outline) and the 改正後 | 改正前 row; Chromium repeats the head on every page, so the
title is written once and still read on each (and named once in the outline, see
properties). A row is kept whole on a page when it fits,
and is otherwise broken between lines, never through one.
"""

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from guideline.documents import fonts
from guideline.documents.chromium import print_html
from guideline.documents.cssutil import css_string
from guideline.documents.imprint import DEFAULT_IMPRINT, Imprint
from guideline.documents.properties import with_properties
from guideline.documents.rows import NOTE, Segment, heading

STYLE = """
@page {{
  size: A4 landscape; margin: 16mm 12mm 14mm;
  @top-left {{ content: {note}; font: 8pt {font}; }}
  @top-right {{ content: {header}; font: 8pt {font}; }}
  @bottom-center {{ content: counter(page) " / " counter(pages); font: 9pt {font}; }}
}}
body {{ font-family: {font}; font-size: 10.5pt; line-height: 1.7; color: #000; margin: 0; }}
/* Headings in ゴシック: BIZ UD明朝 has no bold, and a substituted bold would not embed as well. */
h1, h2, th, tr.heading td {{ font-family: {bold}; }}
h1 {{ font-size: 14pt; margin: 0 0 2mm; }}
.note {{ text-align: right; margin: 0 0 4mm; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; margin-top: 6mm; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.6pt solid #000; padding: 1.5mm 2.5mm; vertical-align: top; text-align: left;
         width: 50%; white-space: pre-wrap; overflow-wrap: anywhere; }}
thead th {{ text-align: center; font-weight: normal; background: #eee; }}
thead .caption th {{ text-align: left; background: none; border: 0; padding: 0 0 1mm; }}
thead .caption h2 {{ font-size: 11pt; margin: 0; }}
tr {{ break-inside: avoid; }}
td {{ orphans: 2; widows: 2; }}
tr.heading td {{ font-weight: bold; }}
u {{ text-decoration: underline; text-decoration-thickness: 0.08em; text-underline-offset: 0.2em; }}
"""


def comparison_html(tables: list, *, new_title: str, old_title: str) -> str:
    title = heading(new_title=new_title, old_title=old_title)
    font = fonts.css_stack(fonts.MINCHO)
    style = STYLE.format(note=css_string(NOTE), header=css_string(title), font=font,
                         bold=fonts.css_stack(fonts.GOTHIC))
    return _environment().get_template("comparison_pdf.html").render(
        title=title, note=NOTE, tables=tables, style=Markup(style))  # noqa: S704 (the project's own CSS)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")), autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


def comparison_pdf(tables: list, *, new_title: str, old_title: str, imprint: Imprint = DEFAULT_IMPRINT) -> bytes:
    pdf = print_html(comparison_html(tables, new_title=new_title, old_title=old_title))
    return with_comparison_properties(pdf, tables, new_title=new_title, old_title=old_title, imprint=imprint)


def with_comparison_properties(pdf: bytes, tables: list, *, new_title: str, old_title: str,
                               imprint: Imprint) -> bytes:
    """The printed 新旧対照表 with its title, subject and issuer, each page's heading named once."""
    return with_properties(pdf, title=heading(new_title=new_title, old_title=old_title), imprint=imprint,
                           repeated=[table.title for table in tables])


__all__ = ["comparison_html", "comparison_pdf", "with_comparison_properties", "Segment"]
