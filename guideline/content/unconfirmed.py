"""The 要確認 mark: provisions that stand in for rules the city has not confirmed.

Editors put `{ .unconfirmed }` on a paragraph or list item. The page shows a 「要確認」 label
on each, with one explanation per page; `guideline check` counts them per file; a new
official edition may not be released with any left unless the editor says so.
"""

import re
from html import escape
from pathlib import Path

from guideline.errors import GuidelineError

CLASS = "unconfirmed"
MARK = re.compile(r"\{:?\s*[^{}]*\.unconfirmed\b[^{}]*\}")
ABOUT = "about.md"
ABOUT_ANCHOR = "unconfirmed"
EXPLANATION = ("「要確認」の印がある記述は、市が公表している資料では確かめられない、"
               "一般的な例にならって仮に書いた規定です。市の規定として確定したものではありません。")
_MARKED = re.compile(r'<(?P<tag>p|li)(?P<attrs>\s[^>]*\bclass="(?:[^"]*\s)?unconfirmed(?:\s[^"]*)?"[^>]*)>')
_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"`[^`]*`")


def count_marks(markdown: str) -> int:
    """Marks outside code: an example of the syntax is not a mark."""
    count, in_fence = 0, False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence:
            count += len(MARK.findall(_CODE_SPAN.sub("", line)))
    return count


def marks_per_file(docs_dir: Path) -> dict:
    """{'docs/guideline/03-materials.md': 4, …} for each page that has marks."""
    docs_dir = Path(docs_dir)
    counts = {}
    for page in sorted(docs_dir.rglob("*.md")):
        count = count_marks(page.read_text(encoding="utf-8"))
        if count:
            counts[f"{docs_dir.name}/{page.relative_to(docs_dir).as_posix()}"] = count
    return counts


def check_notes(docs_dir: Path) -> list:
    """One note for `guideline check`: not an error, but the editor should know."""
    counts = marks_per_file(docs_dir)
    if not counts:
        return []
    rows = "\n".join(f"  {path}: {count} 件" for path, count in counts.items())
    return [f"「要確認」の印が {sum(counts.values())} 件あります（正式版として公開する前に、"
            f"市の規定と照らし合わせて印を外してください）:\n{rows}"]


def refuse_marks(docs_dir: Path, *, status: str, allowed: bool):
    """A new official edition states the city's rules; marked stand-ins may not slip into it."""
    if status != "official" or allowed:
        return
    counts = marks_per_file(docs_dir)
    if counts:
        rows = "\n".join(f"{path}: {count} 件" for path, count in counts.items())
        raise GuidelineError(
            f"「要確認」の印が {sum(counts.values())} 件残っているため、正式版として公開できません。"
            "市の規定と照らし合わせて印を外すか、印を残したまま公開するときは --allow-unconfirmed を"
            f"付けてください:\n{rows}")


def label_marks(html: str, *, about_href: str) -> str:
    """Each marked paragraph or item starts with a 「要確認」 label linking to the explanation;
    the page gets the explanation once, before the first mark."""
    label = (f'<a class="gl-unconfirmed__label" href="{escape(about_href)}" data-pagefind-ignore="all">'
             '要確認<span class="gl-sr-only">（市の規定として確定していない記述）</span></a> ')
    labelled, count = _MARKED.subn(lambda m: m.group(0) + label, html)
    if not count:
        return html
    note = (f'<div class="gl-unconfirmed__note" role="note" data-pagefind-ignore="all">'
            f'<p>{escape(EXPLANATION)}詳しくは、<a href="{escape(about_href)}">この文書について</a>'
            'を読んでください。</p></div>\n')
    title_end = labelled.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return labelled[:at] + "\n" + note + labelled[at:]
