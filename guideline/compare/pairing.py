"""新旧対照表: two versions of the content, aligned section by section, changes marked.

Sections are matched by their anchor (`{ #id }`), so a renumbered or moved section is
still compared with itself. Inside a section, a row sets side by side only what belongs
together: a data block's line (a task, a checklist's title) opposite the line of the same
item; any other block (paragraph, list item, table row, checklist entry) opposite the block
most like it, in an order both texts keep. An item whose text stays alike is one row, its
changed phrases marked; an item with no counterpart, or only an unrelated one, is （新設） or
（削る）. Whatever did not change folds into （略）.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from guideline.compare.diffing import mark_changes
from guideline.compare.reader import ITEM_LABEL, Section, page_sections
from guideline.layout import CHAPTER, PRINT_PAGE, chapter_anchor

ADDED, REMOVED, OMITTED = "（新設）", "（削る）", "（略）"
# Two texts this alike (Dice's coefficient of their character bigrams) are one item amended;
# less alike, the new one replaced the old. On the real editions, paraphrases of one rule
# score 0.23 and more, unrelated sentences sharing only endings (ます。) 0.2 and less.
ALIKE = 0.2
# Hiragana and punctuation: what particles, endings and sentence marks are written in.
NOT_ONE = float("-inf")  # the worth of setting side by side two blocks that are not one item
FUNCTION_CHARACTERS = re.compile(r"[\u3041-\u309f、。，．・「」『』（）()　 ：:？！]+")
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

    @property
    def short_title(self) -> str:
        """A label short enough for a phone's jump list: 第7章 for a chapter."""
        chapter = CHAPTER.match(self.src)
        return f"第{int(chapter.group('number'))}章" if chapter else "ホーム" if self.src == "index.md" else self.title

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


def bigrams(text: str) -> Counter:
    """The pairs of adjacent characters of `text` that carry content: not its numbering (ア　)
    or spaces, which two items at one place share whatever they say, nor pairs of kana and
    punctuation alone (ます。), which nearly every sentence ends with."""
    return Counter(_counted(text)[0])


@lru_cache(maxsize=16384)
def _counted(text: str) -> tuple[Counter, int]:
    """`bigrams(text)` and their number, made once for a text: editions share most of their
    blocks, and a publish compares each edition with every one before it. (Not to be changed.)"""
    text = "".join(ITEM_LABEL.sub("", text).split())
    pairs = [text[i:i + 2] for i in range(len(text) - 1)] if len(text) > 1 else [text]
    counts = Counter(pair for pair in pairs if not FUNCTION_CHARACTERS.fullmatch(pair))
    return counts, sum(counts.values())


def likeness(old: Counter, new: Counter) -> float:
    """1 for the same text, 0 for texts that share no two adjacent characters."""
    return _alike((old, sum(old.values())), (new, sum(new.values())))


def _alike(old: tuple, new: tuple) -> float:
    """`likeness` of two `_counted`: the shared pairs counted from the side with fewer kinds."""
    (old_counts, old_total), (new_counts, new_total) = old, new
    if not old_total + new_total:
        return 1.0
    fewer, more = (old_counts, new_counts) if len(old_counts) <= len(new_counts) else (new_counts, old_counts)
    shared = sum(min(count, more[pair]) for pair, count in fewer.items() if pair in more)
    return 2 * shared / (old_total + new_total)


def _worth(old: tuple, new: tuple) -> float:
    """What setting two blocks side by side is worth; -inf when they are not one item. Each
    block is given as (its `_counted`, its group, its item).

    A data line pairs only within its group (one checklist, the task table), and a line
    naming its item only with the line naming the same item: that pair is worth more than
    any likeness, so the items of a data block always meet their own."""
    (old_counted, old_group, old_item), (new_counted, new_group, new_item) = old, new
    if old_group != new_group:
        return NOT_ONE
    if old_item or new_item:
        return 2.0 + _alike(old_counted, new_counted) if old_item == new_item else NOT_ONE
    if 2 * min(old_counted[1], new_counted[1]) < ALIKE * (old_counted[1] + new_counted[1]):
        return NOT_ONE  # too different in length to be alike enough, whatever they share
    alike = _alike(old_counted, new_counted)
    return alike if alike >= ALIKE else NOT_ONE


def _block(block) -> tuple:
    """What pairing reads of a block: its text, its group and its item (see render.items)."""
    return str(block), getattr(block, "group", None), getattr(block, "item", None)


def one_item(old, new) -> bool:
    """Whether two blocks may be one item before and after (a row of their own)."""
    (old_text, *old_data), (new_text, *new_data) = _block(old), _block(new)
    return _worth((_counted(old_text), *old_data), (_counted(new_text), *new_data)) > NOT_ONE


def pair_items(old: list, new: list) -> list:
    """(old, new) pairs in reading order, None opposite an insertion or a deletion.

    The pairs are those worth most together (`_worth`) that keep the order of both texts;
    where that leaves a choice, position decides: an earlier pair first, and items left
    alone on both sides interleaved as they stood."""
    return [(None if i is None else old[i], None if j is None else new[j])
            for i, j in _aligned(tuple(map(_block, old)), tuple(map(_block, new)))]


@lru_cache(maxsize=4096)
def _aligned(old: tuple, new: tuple) -> tuple:
    """`pair_items` by position, for blocks as `_block` reads them: the same two runs of blocks
    meet again in every pair of editions that share them."""
    old_read = [(_counted(text), group, item) for text, group, item in old]
    new_read = [(_counted(text), group, item) for text, group, item in new]
    worth = [[_worth(o, n) for n in new_read] for o in old_read]
    return tuple(_trace(len(old), len(new), worth, _best(worth, len(old), len(new))))


def _best(worth: list, old_count: int, new_count: int) -> list:
    """best[i][j]: the most the pairs of old[i:] and new[j:] are worth together."""
    best = [[0.0] * (new_count + 1) for _ in range(old_count + 1)]
    for i in reversed(range(old_count)):
        for j in reversed(range(new_count)):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], worth[i][j] + best[i + 1][j + 1])
    return best


def _trace(old_count: int, new_count: int, worth: list, best: list):
    """The positions of the pairs and lone items of one best alignment, in order."""
    i = j = 0
    while i < old_count or j < new_count:
        here = best[i][j] - 1e-9
        if i < old_count and j < new_count and worth[i][j] + best[i + 1][j + 1] >= here:
            yield i, j
            i, j = i + 1, j + 1
        elif i < old_count and best[i + 1][j] >= here and (
                j == new_count or best[i][j + 1] < here or i * new_count <= j * old_count):
            yield i, None
            i += 1
        else:
            yield None, j
            j += 1


def compare_blocks(old: list, new: list) -> list:
    rows = []
    for old_item, new_item in pair_items(old, new):
        if old_item is None:
            rows.append(added(new_item))
        elif new_item is None:
            rows.append(removed(old_item))
        elif old_item == new_item:
            rows.append(OMITTED_ROW)
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
    # The page's title names the whole table; a row repeats it only when it changed.
    shown = (new.heading or old.heading) and not (new.level == 1 and old.heading == new.heading)
    heading = [Row("heading", old_cell, new_cell, new.anchor)] if shown else []
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
    """A section removed right beside one added at its level is one rewritten section (its
    anchor changed too) when their headings are alike: one heading row, old opposite new.
    Under unrelated headings, they stay a section removed and a section added."""
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
    return (len(gone) == 1 and len(came) == 1 and gone[0].level == came[0].level
            and _alike(_counted(gone[0].heading), _counted(came[0].heading)) >= ALIKE)


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
