"""新旧対照表: two versions of the content, aligned section by section, changes marked.

Sections are matched by their anchor (`{ #id }`), so a renumbered or moved section is
still compared with itself; inside a section, paragraphs and list items are matched and
compared character by character (see diffing).
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from ..layout import CHAPTER, PRINT_PAGE, chapter_anchor
from .diffing import mark_changes, similarity
from .reader import Section, page_sections

ADDED, REMOVED, OMITTED = "（新設）", "（削る）", "（略）"
# Below this likeness two paragraphs are a removal and an addition, not one revision.
PAIRING_THRESHOLD = 0.35
NOT_COMPARED = {PRINT_PAGE}  # the chapters again, on one page


@dataclass
class Cell:
    parts: list = field(default_factory=list)  # (text, changed) pairs
    label: str = ""                            # （新設）（削る）（略）, instead of text


@dataclass
class Row:
    kind: str  # "heading" or "text"
    new: Cell
    old: Cell


@dataclass
class PageComparison:
    src: str
    title: str
    status: str  # "changed", "added", "removed" or "same"
    rows: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return chapter_anchor(self.src) or re.sub(r"[^a-z0-9]+", "-", self.src[:-3]).strip("-")


def whole(text: str) -> Cell:
    return Cell(parts=[(text, True)])


def marked(old: str, new: str) -> tuple[Cell, Cell]:
    """(old, new) cells with the changed phrases marked."""
    old_parts, new_parts = mark_changes(old, new)
    return Cell(parts=old_parts), Cell(parts=new_parts)


def compare_blocks(old: list, new: list) -> list:
    rows = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.append(Row("text", Cell(label=OMITTED), Cell(label=OMITTED)))
            continue
        olds, news = old[i1:i2], new[j1:j2]
        while olds or news:
            if olds and news and similarity(olds[0], news[0]) >= PAIRING_THRESHOLD:
                old_cell, new_cell = marked(olds.pop(0), news.pop(0))
                rows.append(Row("text", new_cell, old_cell))
            elif news and (not olds or len(news) >= len(olds)):
                rows.append(Row("text", whole(news.pop(0)), Cell()))
            else:
                rows.append(Row("text", Cell(), whole(olds.pop(0))))
    return rows


def compare_section(old: Section | None, new: Section | None) -> list:
    if old is None:
        if new is None:
            return []
        rows = [Row("heading", whole(new.heading), Cell(label=ADDED))] if new.heading else []
        return rows + [Row("text", whole(block), Cell()) for block in new.blocks]
    if new is None:
        rows = [Row("heading", Cell(label=REMOVED), whole(old.heading))] if old.heading else []
        return rows + [Row("text", Cell(), whole(block)) for block in old.blocks]
    heading = None
    if new.heading or old.heading:
        old_cell, new_cell = marked(old.heading, new.heading)
        heading = Row("heading", new_cell, old_cell)
    if old.blocks == new.blocks:
        body = [Row("text", Cell(label=OMITTED), Cell(label=OMITTED))] if new.blocks else []
    else:
        body = compare_blocks(old.blocks, new.blocks)
    return ([heading] if heading else []) + body


def aligned(old_sections: list, new_sections: list):
    """(old, new) pairs in reading order of the new text; removed sections where they stood."""
    old_by_key = {section.key: section for section in old_sections}
    new_keys = {section.key for section in new_sections}
    pending = list(old_sections)
    for section in new_sections:
        match = old_by_key.get(section.key)
        if match is not None:
            while pending and pending[0] is not match:
                gone = pending.pop(0)
                if gone.key not in new_keys:
                    yield gone, None
            if pending:
                pending.pop(0)
        yield match, section
    for gone in pending:
        if gone.key not in new_keys:
            yield gone, None


def compare_page(src: str, old_docs: Path | None, new_docs: Path | None) -> PageComparison:
    old = page_sections(old_docs, src) if old_docs and (Path(old_docs) / src).is_file() else None
    new = page_sections(new_docs, src) if new_docs and (Path(new_docs) / src).is_file() else None
    either = new or old or []
    title = either[0].heading if either else src
    if old is None or new is None:
        status = "added" if old is None else "removed"
        rows = [row for section in either for row in
                compare_section(None if old is None else section, section if old is None else None)]
        return PageComparison(src, title, status, rows)
    if [(s.key, s.heading, s.blocks) for s in old] == [(s.key, s.heading, s.blocks) for s in new]:
        return PageComparison(src, title, "same")
    rows = [row for pair in aligned(old, new) for row in compare_section(*pair)]
    return PageComparison(src, title, "changed", rows)


def pages_of(docs: Path) -> set:
    return {path.relative_to(docs).as_posix() for path in Path(docs).rglob("*.md")} - NOT_COMPARED


def compare_trees(old_docs: Path, new_docs: Path, *, only_chapters: bool = False) -> list:
    """Every page of either tree, compared, in the order of the pages' paths."""
    pages = sorted(pages_of(old_docs) | pages_of(new_docs))
    if only_chapters:
        pages = [src for src in pages if CHAPTER.match(src)]
    return [compare_page(src, old_docs, new_docs) for src in pages]
