"""新旧対照表: two versions of the content, aligned section by section, changes marked.

Sections are matched by their anchor (`{ #id }`), so a renumbered or moved section is
still compared with itself; inside a section, paragraphs and list items are matched and
compared character by character (see diffing).
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .diffing import mark_changes, similarity
from .reader import Section, page_sections

ADDED, REMOVED, OMITTED = "（新設）", "（削る）", "（略）"
# Below this likeness two paragraphs are a removal and an addition, not one revision.
PAIRING_THRESHOLD = 0.35
NOT_COMPARED = {"guideline/print.md"}  # the chapters again, on one page
CHAPTER = re.compile(r"^guideline/(\d\d)-[a-z0-9-]+\.md$")


@dataclass
class Cell:
    parts: list = field(default_factory=list)  # (text, changed) pairs
    label: str = ""                            # （新設）（削る）（略）, instead of text

    @property
    def text(self) -> str:
        return "".join(text for text, _ in self.parts)


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
        chapter = CHAPTER.match(self.src)
        return f"ch{chapter.group(1)}" if chapter else re.sub(r"[^a-z0-9]+", "-", self.src[:-3]).strip("-")


def whole(text: str) -> Cell:
    return Cell(parts=[(text, True)])


def same(text: str) -> Cell:
    return Cell(parts=[(text, False)])


def marked(old: str, new: str):
    old_parts, new_parts = mark_changes(old, new)
    return Cell(parts=new_parts), Cell(parts=old_parts)


def compare_blocks(old: list, new: list) -> list:
    rows = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.append(Row("text", Cell(label=OMITTED), Cell(label=OMITTED)))
            continue
        olds, news = old[i1:i2], new[j1:j2]
        while olds or news:
            if olds and news and similarity(olds[0], news[0]) >= PAIRING_THRESHOLD:
                new_cell, old_cell = marked(olds.pop(0), news.pop(0))
                rows.append(Row("text", new_cell, old_cell))
            elif news and (not olds or len(news) >= len(olds)):
                rows.append(Row("text", whole(news.pop(0)), Cell()))
            else:
                rows.append(Row("text", Cell(), whole(olds.pop(0))))
    return rows


def compare_section(old: Section | None, new: Section | None) -> list:
    if old is None:
        rows = [Row("heading", whole(new.heading), Cell(label=ADDED))] if new.heading else []
        return rows + [Row("text", whole(block), Cell()) for block in new.blocks]
    if new is None:
        rows = [Row("heading", Cell(label=REMOVED), whole(old.heading))] if old.heading else []
        return rows + [Row("text", Cell(), whole(block)) for block in old.blocks]
    heading = Row("heading", *marked(old.heading, new.heading)) if new.heading or old.heading else None
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
    title = (new or old)[0].heading if (new or old) else src
    if old is None or new is None:
        status = "added" if old is None else "removed"
        rows = [row for section in (new or old) for row in
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
