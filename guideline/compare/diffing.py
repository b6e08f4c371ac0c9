"""Marking changes inside Japanese text, the way a 新旧対照表 underlines them.

Japanese has no spaces, so the two texts are compared character by character; each change
then widens to the whole phrases (文節, see phrases) it touches, on both sides at once: text
pulled into a mark on one side is marked opposite too. Marks that only particles or
punctuation keep apart become one. So an underline always covers whole phrases, never a
lone particle or inflection ending, and old and new underline the same stretch.

Every step takes time in proportion to the text: texts of up to WHOLE characters are
compared whole, longer ones a window at a time (_matching_blocks), and the widening looks
phrases and words up by position instead of scanning them all for each mark.
"""

from bisect import bisect_right
from difflib import Match, SequenceMatcher
from functools import lru_cache

from guideline.compare.phrases import phrases, words

# Punctuation at the edge of a mark stays outside it unless the punctuation itself changed.
EDGE_PUNCTUATION = set("、。，． 　\n")
# Texts this long or shorter (every paragraph of the guideline) are compared whole, at once.
WHOLE = 1000
# Longer ones a window of this many characters at a time (the cost of a window grows with
# the cube of its length: Japanese repeats its particles and kana); matches within MARGIN
# of a window's end wait for the next window, which sees past them.
WINDOW = 300
MARGIN = WINDOW // 4
# A match this long is no chance (Japanese shares の, ます and the like everywhere): a window
# is kept up to its last one.
ANCHOR = 8
# Characters looked for elsewhere to find the texts' common thread again after a long change.
PROBE = 16


@lru_cache(maxsize=8192)
def mark_changes(old: str, new: str) -> tuple:
    """Segments of each text as (text, changed) pairs; joined, they give the text back.
    (Editions compared with several others meet the same pair of texts again.)"""
    marks = _Marks(old, new)
    marks.settle()
    return (tuple(_segments(old, marks.old, marks.raw_old)),
            tuple(_segments(new, marks.new, marks.raw_new)))


class _Marks:
    """Which characters of old and new are marked, and which unchanged characters pair up."""

    def __init__(self, old: str, new: str):
        self.texts = (old, new)
        self.old, self.new = [False] * len(old), [False] * len(new)
        self.points: tuple[set[int], set[int]] = (set(), set())  # where text was inserted opposite: the place is changed
        self.pairs: list[tuple[int, int]] = []         # (old index, new index) of each unchanged character
        for tag, i1, i2, j1, j2 in _opcodes(old, new):
            if tag == "equal":
                self.pairs.extend(zip(range(i1, i2), range(j1, j2), strict=False))
                continue
            self.old[i1:i2] = [True] * (i2 - i1)
            self.new[j1:j2] = [True] * (j2 - j1)
            if i1 == i2:
                self.points[0].add(i1)
            if j1 == j2:
                self.points[1].add(j1)
        self.raw_old, self.raw_new = list(self.old), list(self.new)

    def settle(self):
        """Widen and mirror until nothing moves: each round only adds marks, so it ends."""
        while True:
            before = (list(self.old), list(self.new))
            for side, text, points in ((self.old, self.texts[0], self.points[0]),
                                       (self.new, self.texts[1], self.points[1])):
                _widen_to_phrases(side, text, points)
                _bridge(side, text)
            self._mirror()
            if (self.old, self.new) == before:
                return

    def _mirror(self):
        for i, j in self.pairs:
            if self.old[i] != self.new[j]:
                self.old[i] = self.new[j] = True


def _widen_to_phrases(marked: list, text: str, points: set):
    ordered = sorted(points)
    for start, end in phrases(text):
        first = bisect_right(ordered, start)  # the first point after the phrase's start
        inside = any(marked[start:end]) or (first < len(ordered) and ordered[first] < end)
        if inside:
            marked[start:end] = [True] * (end - start)


def _bridge(marked: list, text: str):
    """Join two marks when what lies between them is particles or punctuation only."""
    runs = list(_runs(marked))
    found = words(text)
    ends = [word.end for word in found]
    for (_, gap_start), (gap_end, _) in zip(runs, runs[1:], strict=False):
        if _only_function(found, ends, gap_start, gap_end):
            marked[gap_start:gap_end] = [True] * (gap_end - gap_start)


def _only_function(found: tuple, ends: list, start: int, end: int) -> bool:
    """Whether the words that overlap start..end are all function words (and there are some)."""
    position = bisect_right(ends, start)  # words are in order: the first one ending after start
    if position == len(found) or found[position].start >= end:
        return False
    while position < len(found) and found[position].start < end:
        if not found[position].is_function:
            return False
        position += 1
    return True


def _segments(text: str, marked: list, raw: list):
    marked = _trim_punctuation(text, list(marked), raw)
    parts: list[tuple[str, bool]] = []
    start = 0
    for position in range(1, len(text) + 1):
        if position == len(text) or marked[position] != marked[start]:
            parts.append((text[start:position], marked[start]))
            start = position
    return parts


def _trim_punctuation(text: str, marked: list, raw: list) -> list:
    for start, end in _runs(marked):
        def kept(position):
            return raw[position] or text[position] not in EDGE_PUNCTUATION
        while start < end and not kept(start):
            marked[start] = False
            start += 1
        while end > start and not kept(end - 1):
            marked[end - 1] = False
            end -= 1
    return marked


def _runs(marked: list):
    """(start, end) of each stretch of marked characters."""
    start = None
    for position, flag in enumerate(marked + [False]):
        if flag and start is None:
            start = position
        elif not flag and start is not None:
            yield start, position
            start = None


def _opcodes(old: str, new: str) -> list:
    """difflib's opcodes of old against new: SequenceMatcher's own for texts of up to WHOLE
    characters, made the same way from _matching_blocks for longer ones."""
    if len(old) <= WHOLE and len(new) <= WHOLE:
        return SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    opcodes, i, j = [], 0, 0
    for a, b, size in _matching_blocks(old, new):
        tag = "replace" if i < a and j < b else "delete" if i < a else "insert" if j < b else None
        if tag:
            opcodes.append((tag, i, a, j, b))
        i, j = a + size, b + size
        if size:
            opcodes.append(("equal", a, i, b, j))
    return opcodes


def _matching_blocks(old: str, new: str) -> list:
    """The characters old and new share, in order, as SequenceMatcher's matching blocks, found a
    window at a time. Each window is compared whole and kept up to its last match of at least
    ANCHOR characters (short matches are chance: の, ます). A window with none has lost the
    thread (a long insertion, deletion or rewrite): _resynchronise finds where it goes on."""
    blocks: list[Match] = []
    i = j = 0
    while len(old) - i > WINDOW and len(new) - j > WINDOW:
        found = SequenceMatcher(None, old[i:i + WINDOW], new[j:j + WINDOW], autojunk=False).get_matching_blocks()
        safe = WINDOW - MARGIN
        anchors = [n for n, m in enumerate(found) if m.size >= ANCHOR and m.a + m.size <= safe and m.b + m.size <= safe]
        if anchors:
            kept = found[:anchors[-1] + 1]
            blocks += [Match(i + m.a, j + m.b, m.size) for m in kept]
            i, j = i + kept[-1].a + kept[-1].size, j + kept[-1].b + kept[-1].size
        else:
            i, j, block = _resynchronise(old, new, i, j)
            blocks += [block] if block else []
            i, j = (i + block.size, j + block.size) if block else (i, j)
    rest = SequenceMatcher(None, old[i:], new[j:], autojunk=False).get_matching_blocks()
    blocks += [Match(i + m.a, j + m.b, m.size) for m in rest]
    return _merged(blocks) + [Match(len(old), len(new), 0)]


def _resynchronise(old: str, new: str, i: int, j: int) -> tuple:
    """(i, j, block): where the texts share PROBE characters again nearest after i and j, and
    the block they share there; if nowhere, a window further on both and no block."""
    candidates = []
    for offset in range(0, WINDOW - MARGIN, PROBE):
        found = new.find(old[i + offset:i + offset + PROBE], j)
        if found >= 0:
            candidates.append((offset + found - j, i + offset, found))
        found = old.find(new[j + offset:j + offset + PROBE], i)
        if found >= 0:
            candidates.append((offset + found - i, found, j + offset))
    if not candidates:
        step = WINDOW - MARGIN
        return i + step, j + step, None
    _, a, b = min(candidates)
    size = PROBE
    while a + size < len(old) and b + size < len(new) and old[a + size] == new[b + size]:
        size += 1
    return a, b, Match(a, b, size)


def _merged(blocks: list) -> list:
    """Adjacent blocks joined into one, as SequenceMatcher reports them."""
    merged: list[Match] = []
    for block in blocks:
        if block.size == 0:
            continue
        if merged and merged[-1].a + merged[-1].size == block.a and merged[-1].b + merged[-1].size == block.b:
            merged[-1] = Match(merged[-1].a, merged[-1].b, merged[-1].size + block.size)
        else:
            merged.append(block)
    return merged


def similarity(old: str, new: str) -> float:
    """How alike the texts are, from 0 to 1: SequenceMatcher's ratio."""
    if len(old) <= WHOLE and len(new) <= WHOLE:
        return SequenceMatcher(None, old, new, autojunk=False).ratio()
    total = len(old) + len(new)
    return 2.0 * sum(block.size for block in _matching_blocks(old, new)) / total if total else 1.0
