"""The whole guideline on one page, for printing or saving as PDF.

Each chapter's headings move one level down and its anchors get a chapter prefix
("ch07-dress"), so ids stay unique and links between chapters stay on the page.
"""

import re
from pathlib import Path

from guideline.content.markdown_lines import scan
from guideline.layout import CHAPTERS, chapter_anchor

HEADING_LINE = re.compile(r"^(#{1,5})(\s)")
ATTR_ID = re.compile(r"(\{[^}]*?)#([A-Za-z0-9_-]+)")
LINK = re.compile(r"\]\((?P<file>\d\d-[a-z0-9-]+\.md)?(?:#(?P<anchor>[A-Za-z0-9_-]+))?\)")


def chapter_files(guideline_dir: Path) -> list:
    return sorted(path for path in Path(guideline_dir).iterdir() if chapter_anchor(f"{CHAPTERS}/{path.name}"))


def chapter_prefix(name: str) -> str:
    """The anchor prefix of the chapter file `name` ("07-staff.md" → "ch07")."""
    anchor = chapter_anchor(f"{CHAPTERS}/{name}")
    if anchor is None:
        raise ValueError(f"{name} は章のファイルではありません")
    return anchor


def _relink(match, prefix):
    """A link on the print page: to a chapter's section → its prefixed anchor on this page."""
    file, anchor = match.group("file"), match.group("anchor")
    target = chapter_prefix(file) if file else prefix
    if file is None and anchor is None:
        return match.group(0)
    return f"](#{target}-{anchor})" if anchor else f"](#{target})"


def fold_chapter(markdown: str, prefix: str) -> str:
    out, seen_title = [], False
    for line in scan(markdown):
        text = line.text
        if line.prose and HEADING_LINE.match(text):
            if text.startswith("# ") and not seen_title:
                text, seen_title = f"#{text} {{ #{prefix} }}", True
            else:
                text = "#" + ATTR_ID.sub(rf"\1#{prefix}-\2", text)
        if line.prose:
            text = LINK.sub(lambda m: _relink(m, prefix), text)
        out.append(text)
    return "\n".join(out) + "\n"


def whole_guideline(guideline_dir: Path) -> str:
    return "\n".join(fold_chapter(path.read_text(encoding="utf-8"), chapter_prefix(path.name))
                     for path in chapter_files(guideline_dir))
