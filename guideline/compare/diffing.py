"""Marking changes inside Japanese text, the way a 新旧対照表 underlines them.

Japanese has no spaces, so the two texts are compared character by character; each change
then widens to the whole phrases (文節, see phrases) it touches, on both sides at once: text
pulled into a mark on one side is marked opposite too. Marks that only particles or
punctuation keep apart become one. So an underline always covers whole phrases, never a
lone particle or inflection ending, and old and new underline the same stretch.
"""

from difflib import SequenceMatcher
from functools import lru_cache

from guideline.compare.phrases import phrases, words

# Punctuation at the edge of a mark stays outside it unless the punctuation itself changed.
EDGE_PUNCTUATION = set("、。，． 　\n")


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
        matcher = SequenceMatcher(None, old, new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
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
    for start, end in phrases(text):
        inside = any(marked[start:end]) or any(start < point < end for point in points)
        if inside:
            marked[start:end] = [True] * (end - start)


def _bridge(marked: list, text: str):
    """Join two marks when what lies between them is particles or punctuation only."""
    runs = list(_runs(marked))
    for (_, gap_start), (gap_end, _) in zip(runs, runs[1:], strict=False):
        if _only_function(text, gap_start, gap_end):
            marked[gap_start:gap_end] = [True] * (gap_end - gap_start)


def _only_function(text: str, start: int, end: int) -> bool:
    inside = [word for word in words(text) if word.start < end and word.end > start]
    return bool(inside) and all(word.is_function for word in inside)


def _segments(text: str, marked: list, raw: list):
    marked = _trim_punctuation(text, list(marked), raw)
    parts: list[tuple[str, bool]] = []
    for char, flag in zip(text, marked, strict=False):
        if parts and parts[-1][1] == flag:
            parts[-1] = (parts[-1][0] + char, flag)
        else:
            parts.append((char, flag))
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


def similarity(old: str, new: str) -> float:
    return SequenceMatcher(None, old, new, autojunk=False).ratio()
