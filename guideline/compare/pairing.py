"""新旧対照表: two versions of the content, aligned section by section, changes marked.

Sections are matched by their anchor (`{ #id }`), so a renumbered or moved section is
still compared with itself. Inside a section the blocks (paragraphs, list items, table
rows) are aligned by position, as in a 新旧対照表: a rewritten item sits opposite the item
it replaces, and only the items one side has more of are insertions （新設） or deletions
（削る）, the ones least like any counterpart. Whatever did not change folds into （略）.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from guideline.compare.diffing import mark_changes, similarity
from guideline.compare.reader import Section, page_sections
from guideline.layout import CHAPTER, PRINT_PAGE, chapter_anchor

ADDED, REMOVED, OMITTED = "（新設）", "（削る）", "（略）"
NOT_COMPARED = {PRINT_PAGE}  # the chapters again, on one page


@dataclass
class Cell:
    parts: list = field(default_factory=list)  # (text, changed) pairs
    label: str = ""                            # （新設）（削る）（略）, instead of text


@dataclass
class Row:
    kind: str       # "heading", "text" or "omitted"
    old: Cell
    new: Cell
    anchor: str = ""  # a heading row's section anchor, when the section has one

    @property
    def one_sided(self) -> str | None:
        """"added" or "removed" for a row whose opposite cell is （新設） or （削る）."""
        return {ADDED: "added", REMOVED: "removed"}.get(self.old.label or self.new.label)


OMITTED_ROW = Row("omitted", Cell(label=OMITTED), Cell(label=OMITTED))


@dataclass
class PageComparison:
    src: str
    title: str
    status: str  # "changed", "added", "removed" or "same"
    rows: list = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return page_anchor(self.src)

    def row_id(self, row: Row) -> str | None:
        return f"{self.anchor}-{row.anchor}" if row.anchor else None

    @property
    def changed_sections(self) -> list:
        """(anchor, how) of each section whose heading or text changed; how is "added",
        "removed" or None for a revised one."""
        return [(row.anchor, row.one_sided) for row in self.rows if row.kind == "heading" and row.anchor]


def page_anchor(src: str) -> str:
    return chapter_anchor(src) or re.sub(r"[^a-z0-9]+", "-", src[:-3]).strip("-")


def whole(text: str) -> Cell:
    return Cell(parts=[(text, True)])


def plain(text: str) -> Cell:
    return Cell(parts=[(text, False)])


def marked(old: str, new: str) -> tuple[Cell, Cell]:
    old_parts, new_parts = mark_changes(old, new)
    return Cell(parts=old_parts), Cell(parts=new_parts)


def added(text: str, *, kind: str = "text", anchor: str = "") -> Row:
    return Row(kind, Cell(label=ADDED), whole(text), anchor)


def removed(text: str, *, kind: str = "text", anchor: str = "") -> Row:
    return Row(kind, whole(text), Cell(label=REMOVED), anchor)


def pair_items(old: list, new: list) -> list:
    """(old, new) pairs in order, None opposite an insertion or a deletion.

    As many items are paired as the shorter side has; which items of the longer side stay
    alone is chosen for the greatest total likeness of the pairs (ties: the later ones)."""
    if len(old) == len(new):
        return list(zip(old, new, strict=False))
    longer_is_old = len(old) > len(new)
    longer, shorter = (old, new) if longer_is_old else (new, old)
    extra = len(longer) - len(shorter)
    # best[i][k]: greatest likeness pairing longer[:i] with shorter[:i - k], k of them alone.
    best: list[list[float | None]] = [[None] * (extra + 1) for _ in range(len(longer) + 1)]
    best[0][0] = 0.0
    for i in range(1, len(longer) + 1):
        for k in range(0, min(i, extra) + 1):
            options: list[float] = []
            skipped, paired = (best[i - 1][k - 1] if k else None), best[i - 1][k]
            if skipped is not None:
                options.append(skipped)
            j = i - k
            if 0 < j <= len(shorter) and paired is not None:
                options.append(paired + similarity(longer[i - 1], shorter[j - 1]))
            best[i][k] = max(options) if options else None
    pairs, i, k = [], len(longer), extra
    while i:
        skipped, here = best[i - 1][k - 1] if k else None, best[i][k]
        alone = skipped is not None and here is not None and skipped >= here - 1e-9
        if alone:
            pairs.append((longer[i - 1], None))
            k -= 1
        else:
            pairs.append((longer[i - 1], shorter[i - k - 1]))
        i -= 1
    pairs.reverse()
    return pairs if longer_is_old else [(b, a) for a, b in pairs]


def compare_blocks(old: list, new: list) -> list:
    rows = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            rows.append(OMITTED_ROW)
            continue
        for old_item, new_item in pair_items(old[i1:i2], new[j1:j2]):
            if old_item is None:
                rows.append(added(new_item))
            elif new_item is None:
                rows.append(removed(old_item))
            else:
                rows.append(Row("text", *marked(old_item, new_item)))
    return rows


def compare_section(old: Section | None, new: Section | None) -> list:
    if old is None and new is None:
        return []
    if old is None:
        assert new is not None
        heading = [added(new.heading, kind="heading", anchor=new.anchor)] if new.heading else []
        return heading + [added(block) for block in new.blocks]
    if new is None:
        heading = [removed(old.heading, kind="heading", anchor=old.anchor)] if old.heading else []
        return heading + [removed(block) for block in old.blocks]
    if old.heading == new.heading and old.blocks == new.blocks:
        return [OMITTED_ROW]
    old_cell, new_cell = marked(old.heading, new.heading)
    heading = [Row("heading", old_cell, new_cell, new.anchor)] if new.heading or old.heading else []
    return heading + compare_blocks(old.blocks, new.blocks)


def folded(rows: list) -> list:
    """One （略） for each run of unchanged text, however many sections it spans."""
    result: list[Row] = []
    for row in rows:
        if not (row.kind == "omitted" and result and result[-1].kind == "omitted"):
            result.append(row)
    return result


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


def rewritten(pairs: list) -> list:
    """A section removed right beside one added at its level is one rewritten section
    (its anchor changed too): one heading row, old opposite new."""
    result: list[tuple] = []
    for pair in pairs:
        if result and _one_side_each(result[-1], pair):
            previous = result.pop()
            result.append((previous[0] or pair[0], previous[1] or pair[1]))
        else:
            result.append(pair)
    return result


def _one_side_each(first: tuple, second: tuple) -> bool:
    sides = [first, second]
    gone = [old for old, new in sides if new is None]
    came = [new for old, new in sides if old is None]
    return len(gone) == 1 and len(came) == 1 and gone[0].level == came[0].level


def compare_page(src: str, old_docs: Path | None, new_docs: Path | None, *, read=page_sections) -> PageComparison:
    old = read(old_docs, src) if old_docs and (Path(old_docs) / src).is_file() else None
    new = read(new_docs, src) if new_docs and (Path(new_docs) / src).is_file() else None
    either = new or old or []
    title = either[0].heading if either else src
    if old is None or new is None:
        status = "added" if old is None else "removed"
        pairs = [(None, section) if old is None else (section, None) for section in either]
    else:
        if [(s.key, s.heading, s.blocks) for s in old] == [(s.key, s.heading, s.blocks) for s in new]:
            return PageComparison(src, title, "same")
        status, pairs = "changed", rewritten(list(aligned(old, new)))
    rows = folded([row for pair in pairs for row in compare_section(*pair)])
    return PageComparison(src, title, status, rows)


def pages_of(docs: Path) -> set:
    return {path.relative_to(docs).as_posix() for path in Path(docs).rglob("*.md")} - NOT_COMPARED


def reading_order(src: str) -> tuple:
    """The guideline's order: the home page, the chapters' index and chapters 1 to 10, then
    the other pages (checklists, FAQ, history) by path."""
    if src == "index.md":
        return (0, 0, src)
    if src == "guideline/index.md":
        return (1, 0, src)
    chapter = CHAPTER.match(src)
    return (2, int(chapter.group(1)), src) if chapter else (3, 0, src)


def compare_trees(old_docs: Path, new_docs: Path, *, read=page_sections) -> list:
    """Every page of either tree, compared, in reading order. `read` may be a cached
    page_sections, for trees that do not change while several comparisons read them."""
    pages = sorted(pages_of(old_docs) | pages_of(new_docs), key=reading_order)
    return [compare_page(src, old_docs, new_docs, read=read) for src in pages]
