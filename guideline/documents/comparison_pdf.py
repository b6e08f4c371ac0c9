"""新旧対照表 as a PDF: A4 landscape, 改正後 left, 改正前 right, for 庁議 and 決裁.

The page's caption and the 改正後 | 改正前 row sit in the table head, which Chromium repeats
on every page; a row is kept whole on a page when it fits, and is otherwise broken between
lines, never through one.
"""

from html import escape

from guideline.documents import fonts
from guideline.documents.chromium import print_html
from guideline.documents.cssutil import css_string
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
h2 {{ font-size: 11pt; margin: 6mm 0 2mm; break-after: avoid; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed; }}
thead {{ display: table-header-group; }}
th, td {{ border: 0.6pt solid #000; padding: 1.5mm 2.5mm; vertical-align: top; text-align: left;
         width: 50%; white-space: pre-wrap; overflow-wrap: anywhere; }}
thead th {{ text-align: center; font-weight: normal; background: #eee; }}
thead .caption th {{ text-align: left; background: none; border: 0; padding: 0 0 1mm; font-weight: bold; }}
tr {{ break-inside: avoid; }}
td {{ orphans: 2; widows: 2; }}
tr.heading td {{ font-weight: bold; }}
u {{ text-decoration: underline; text-decoration-thickness: 0.08em; text-underline-offset: 0.2em; }}
"""


def _cell(segments) -> str:
    return "".join(f"<u>{escape(s.text)}</u>" if s.changed else escape(s.text) for s in segments)


def _table(table) -> str:
    rows = "\n".join(f'<tr class="{"heading" if row.heading else "text"}"><td>{_cell(row.new)}</td>'
                     f"<td>{_cell(row.old)}</td></tr>" for row in table.rows)
    caption = f"{table.title}（{table.source}）"
    return (f"<section><h2>{escape(table.title)}</h2>\n<table>\n<thead>\n"
            f'<tr class="caption"><th colspan="2" scope="colgroup">{escape(caption)}</th></tr>\n'
            '<tr><th scope="col">改正後</th><th scope="col">改正前</th></tr>\n</thead>\n'
            f"<tbody>\n{rows}\n</tbody>\n</table></section>")


def comparison_html(tables: list, *, new_title: str, old_title: str) -> str:
    title = heading(new_title=new_title, old_title=old_title)
    font = fonts.css_stack(fonts.MINCHO)
    style = STYLE.format(note=css_string(NOTE), header=css_string(title), font=font,
                         bold=fonts.css_stack(fonts.GOTHIC))
    body = "\n".join(_table(t) for t in tables) or "<p>改正された部分はありません。</p>"
    return (f'<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n<title>{escape(title)}</title>\n'
            f"<style>{style}</style>\n</head>\n<body>\n<h1>{escape(title)}</h1>\n"
            f'<p class="note">{NOTE}</p>\n{body}\n</body>\n</html>\n')


def comparison_pdf(tables: list, *, new_title: str, old_title: str) -> bytes:
    return print_html(comparison_html(tables, new_title=new_title, old_title=old_title))


__all__ = ["comparison_html", "comparison_pdf", "Segment"]
